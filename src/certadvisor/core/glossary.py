"""Plain words for jargon: find the glossary terms a text uses, look one up, and list the watched
terms that the data uses without an entry.

A term with a capital letter (CEU, OnVUE) matches exactly, as a whole word; an all-lowercase term
(facility, risk adjustment) matches in any case, with a hyphen or a space between its words.
Either may take a plural s (CEUs). "Whole word" means not inside a longer word or code: DRG does
not match inside MS-DRG, nor APC inside AAPC, nor CPC inside CPC-A; CAHIIM-accredited does use
CAHIIM.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from certadvisor.errors import UnknownCodeError
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Fact, GlossaryEntry
from certadvisor.text import did_you_mean

# Not inside a longer word or code: no letter or digit next to it, and no code part joined by a
# hyphen (MS-DRG, ICD-10-CM, CPC-A), though a hyphenated word may follow (CAHIIM-accredited).
_BEFORE = r"(?<!\w)(?<![A-Z0-9]-)"
_AFTER = r"(?:e?s)?(?!\w)(?!-[A-Z0-9])"


@lru_cache(maxsize=256)
def pattern(term: str) -> re.Pattern[str]:
    """The regular expression that finds ``term`` in a text."""
    if term != term.lower():
        return re.compile(_BEFORE + re.escape(term) + _AFTER)
    words = [re.escape(word) for word in re.split(r"[- ]+", term)]
    return re.compile(_BEFORE + "[- ]".join(words) + _AFTER, re.IGNORECASE)


def uses(term: str, text: str) -> bool:
    """True when ``text`` uses ``term``."""
    return pattern(term).search(text) is not None


def terms_in(glossary: Mapping[str, GlossaryEntry], texts: Iterable[str]) -> tuple[GlossaryEntry, ...]:
    """The glossary entries the texts use, in the order they are first used."""
    whole = "\n".join(texts)
    entries = tuple(glossary.values())
    if not entries:
        return ()  # an empty alternation would match everywhere
    found: dict[int, int] = {}  # entry index -> where it is first used
    # One pass over the text with every term at once, rather than one search per term. A
    # term's match may hide a shorter one at the same place, so each is looked for again only
    # where it was not found yet (a rare, short second pass).
    for match in _combined(tuple(e.term for e in entries)).finditer(whole):
        index = int(match.lastgroup[1:]) if match.lastgroup else -1
        found.setdefault(index, match.start())
    for index, entry in enumerate(entries):
        if index not in found:
            hit = pattern(entry.term).search(whole)
            if hit is not None:
                found[index] = hit.start()
    return tuple(entries[i] for i, _start in sorted(found.items(), key=lambda item: (item[1], item[0])))


@lru_cache(maxsize=8)
def _combined(terms: tuple[str, ...]) -> re.Pattern[str]:
    """All the terms' patterns as one alternation, each in its own named group."""
    parts = []
    for index, term in enumerate(terms):
        one = pattern(term)
        body = one.pattern if not one.flags & re.IGNORECASE else f"(?i:{one.pattern})"
        parts.append(f"(?P<t{index}>{body})")
    return re.compile("|".join(parts))


def alphabetical(glossary: Mapping[str, GlossaryEntry]) -> tuple[GlossaryEntry, ...]:
    """Every entry, A to Z in any case (the data keeps related terms together instead)."""
    return tuple(sorted(glossary.values(), key=lambda entry: (entry.term.casefold(), entry.term)))


def _names(entry: GlossaryEntry) -> tuple[str, ...]:
    """What an entry is found by: its term and its aliases, in any case."""
    return tuple(name.casefold() for name in (entry.term, *entry.aliases))


def lookup(catalog: Catalog, term: str) -> GlossaryEntry:
    """One entry, by its term or an alias in any case; an unknown one is a usage error with a
    suggestion."""
    wanted = term.strip().casefold()
    for entry in catalog.glossary.values():
        if wanted in _names(entry):
            return entry
    raise _unknown(catalog, term)


def find(catalog: Catalog, query: str) -> tuple[GlossaryEntry, ...]:
    """The entries ``query`` names, A to Z: the one whose term or alias it is; else every entry
    whose term or an alias starts with it or contains it (`risk` finds risk adjustment); else a
    usage error with a suggestion."""
    wanted = query.strip().casefold()
    for entry in catalog.glossary.values():
        if wanted in _names(entry):
            return (entry,)
    if wanted:
        found = tuple(e for e in alphabetical(catalog.glossary) if any(wanted in n for n in _names(e)))
        if found:
            return found
    raise _unknown(catalog, query)


def _unknown(catalog: Catalog, term: str) -> UnknownCodeError:
    known_terms = list(catalog.glossary)
    if not known_terms:
        return UnknownCodeError(f"unknown term {term!r}: this data file has no [glossary]")
    names = [*known_terms, *(alias for entry in catalog.glossary.values() for alias in entry.aliases)]
    suggestion = did_you_mean(term, names) or did_you_mean(term.upper(), names)
    return UnknownCodeError(
        f"unknown term {term!r}{suggestion}; `certadvisor glossary` lists all {len(known_terms)} terms"
    )


def _fact_texts(key: str, facts: Iterable[Fact]) -> list[tuple[str, str]]:
    """The prose of some facts (values that are words, and notes), each with its dotted key."""
    texts: list[tuple[str, str]] = []
    for fact in facts:
        value = fact.value
        if isinstance(value, str):
            texts.append((f"{key}.{fact.key}", value))
        elif isinstance(value, tuple):
            texts.append((f"{key}.{fact.key}", "; ".join(value)))
        if fact.note:
            texts.append((f"{key}.{fact.key}.note", fact.note))
    return texts


def data_texts(catalog: Catalog) -> list[tuple[str, str]]:
    """Every piece of prose in the data that a screen may show, with the key it comes from."""
    texts: list[tuple[str, str]] = []
    for code, cert in catalog.certs.items():
        key = f"certs.{code}"
        texts += [(f"{key}.summary", cert.summary), (f"{key}.short", cert.short)]
        texts += _fact_texts(key, cert.facts.values())
        texts += [(f"{key}.next_steps[{i}]", step.text) for i, step in enumerate(cert.next_steps)]
        if cert.requires is not None:
            texts.append((f"{key}.requires", cert.requires.text))
    # Market facts are keyed "market.<name>" already.
    texts += [(k.removeprefix("."), text) for k, text in _fact_texts("", catalog.market.values())]
    for question in catalog.questions:
        key = f"questions.{question.id}"
        texts += [(f"{key}.text", question.text), (f"{key}.help", question.help)]
        texts += [(f"{key}.choices.{c.value}", c.label) for c in question.choices]
    for rule in catalog.rules:
        texts.append((f"rules.{rule.id}.reason", rule.reason))
        texts += [(f"rules.{rule.id}.reasons.{code}", text) for code, text in rule.reasons.items()]
    for path in catalog.paths:
        texts.append((f"paths.{path.id}.title", path.title))
        for index, step in enumerate(path.steps):
            texts += [(f"paths.{path.id}.steps[{index}]", f"{step.text}\n{step.condition}")]
    texts += [(f"conflicts.{c.id}", c.note) for c in catalog.conflicts]
    if catalog.advice is not None:
        texts += [(f"advice.starting_points.{p.cert}", p.why) for p in catalog.advice.starting_points]
    return texts


def missing_terms(catalog: Catalog) -> list[tuple[str, list[str]]]:
    """Watched terms the data's text uses that have no [glossary] entry: (term, keys using it)."""
    defined = {name for entry in catalog.glossary.values() for name in _names(entry)}
    texts = data_texts(catalog)
    missing = []
    for term in catalog.glossary_watch:
        if term.casefold() in defined:
            continue
        where = [key for key, text in texts if uses(term, text)]
        if where:
            missing.append((term, where))
    return missing
