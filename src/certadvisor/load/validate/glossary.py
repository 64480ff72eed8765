"""[glossary] and [glossary_watch]: plain-word explanations of the jargon the screens use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from certadvisor.load.validate.problems import Problems
from certadvisor.load.validate.sources import source_ref
from certadvisor.model.records import GlossaryEntry, Source
from certadvisor.text import did_you_mean


def check_glossary(p: Problems, raw: Any, sources: Mapping[str, Source]) -> dict[str, GlossaryEntry] | None:
    """Every term: its text, the source that defines it (optional) and related terms (optional)."""
    if raw is None:
        return {}
    table = p.table("glossary", raw)
    if table is None:
        return None
    result: dict[str, GlossaryEntry] = {}
    seen: dict[str, str] = {}
    for term, value in table.items():
        key = f"glossary.{term}"
        if not term.strip() or term != term.strip():
            p.add(key, "a term must be non-empty, with no spaces at either end")
            continue
        if term.casefold() in seen:
            # Lookups ignore case, so "CEU" and "ceu" would be one term defined twice.
            p.add(key, f"duplicate term (already defined as {seen[term.casefold()]!r}; terms ignore case)")
            continue
        seen[term.casefold()] = term
        entry = check_entry(p, key, term, value, sources)
        if entry is not None:
            result[term] = entry
    _check_aliases(p, result)
    # `see` may point forward, so it is checked once every term is known.
    for term, entry in result.items():
        for other in entry.see:
            if other not in result:
                p.add(
                    f"glossary.{term}.see",
                    f"unknown term {other!r}{did_you_mean(other, result)}; define it under [glossary]",
                )
            elif other == term:
                p.add(f"glossary.{term}.see", "a term cannot refer to itself")
    return result


def check_entry(
    p: Problems, key: str, term: str, raw: Any, sources: Mapping[str, Source]
) -> GlossaryEntry | None:
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(key, entry, ("text",), ("source", "see", "aliases"))
    text = p.text(f"{key}.text", entry.get("text"))
    if text is None:
        return None
    source = None
    if "source" in entry and (source := source_ref(p, f"{key}.source", entry["source"], sources)) is None:
        return None
    see: tuple[str, ...] = ()
    if "see" in entry:
        raw_see = entry["see"]
        items = [raw_see] if isinstance(raw_see, str) else raw_see
        checked = p.string_list(f"{key}.see", items)
        if checked is None:
            return None
        see = tuple(checked)
    aliases: tuple[str, ...] = ()
    if "aliases" in entry:
        listed = p.string_list(f"{key}.aliases", entry["aliases"])
        if listed is None:
            return None
        aliases = tuple(listed)
    return GlossaryEntry(term, text, source, see, aliases)


def _check_aliases(p: Problems, entries: Mapping[str, GlossaryEntry]) -> None:
    """An alias finds one entry: it may not be another term, nor another entry's alias."""
    owners = {term.casefold(): f"the term {term!r}" for term in entries}
    for term, entry in entries.items():
        key = f"glossary.{term}.aliases"
        for alias in entry.aliases:
            owner = owners.get(alias.casefold())
            if owner is not None:
                p.add(key, f"alias {alias!r} is already {owner}; lookups ignore case")
                continue
            owners[alias.casefold()] = f"an alias of {term!r}"


def check_glossary_watch(p: Problems, raw: Any) -> tuple[str, ...] | None:
    """The jargon that must have a [glossary] entry wherever the data's text uses it."""
    if raw is None:
        return ()
    table = p.table("glossary_watch", raw)
    if table is None:
        return None
    p.keys("glossary_watch", table, ("terms",))
    terms = p.string_list("glossary_watch.terms", table.get("terms"))
    if terms is None:
        return None
    seen: set[str] = set()
    for term in terms:
        if term.casefold() in seen:
            p.add("glossary_watch.terms", f"{term!r} is listed twice")
        seen.add(term.casefold())
    return tuple(terms)
