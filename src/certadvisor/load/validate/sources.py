"""[meta], [freshness], [sources] and [bodies]: what the facts rest on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from certadvisor.load.validate.problems import Problems
from certadvisor.model.conditions import show_value
from certadvisor.model.records import Body, Cert, GlossaryEntry, Source
from certadvisor.model.schema import FRESHNESS_DIMENSIONS, SCHEMA
from certadvisor.text import did_you_mean


def check_meta(p: Problems, raw: Any) -> dt.date | None:
    """The schema number must be current; gives ``meta.updated``."""
    table = p.table("meta", raw)
    if table is None:
        return None
    p.keys("meta", table, ("schema", "updated"), ("title",))
    schema = table.get("schema")
    if type(schema) is int and schema == 1:
        p.add(
            "meta.schema",
            f"this file uses schema 1 (facts dated with as_of); schema {SCHEMA} splits as_of into "
            "stated and checked and adds [freshness]: see docs/data.md to update it",
        )
    elif type(schema) is not int or schema != SCHEMA:
        p.add("meta.schema", f"expected {SCHEMA}, got {show_value(schema)}")
    return p.date("meta.updated", table.get("updated"))


def check_freshness(p: Problems, raw: Any) -> dict[str, int] | None:
    """How many months a check holds, for every dimension."""
    if raw is None:
        p.add("freshness", "missing required table: months a check holds, per kind of fact")
        return None
    table = p.table("freshness", raw)
    if table is None:
        return None
    p.keys("freshness", table, FRESHNESS_DIMENSIONS)
    windows: dict[str, int] = {}
    for name in FRESHNESS_DIMENSIONS:
        if name not in table:
            continue
        months = p.expect(f"freshness.{name}", table[name], int, "a number of months")
        if months is None:
            continue
        if 1 <= months <= 120:
            windows[name] = months
        else:
            p.add(f"freshness.{name}", f"expected 1 to 120 months, got {months}")
    return windows


def window(p: Problems, dimension: str) -> int:
    """Months a check holds for a dimension."""
    # A missing window was reported once, on [freshness]; stand in with the shortest.
    return p.windows.get(dimension, min(p.windows.values(), default=12))


def check_dates(
    p: Problems, key: str, entry: Mapping[str, Any]
) -> tuple[dt.date | None, dt.date | None] | None:
    """A fact's or a body's ``stated`` and ``checked`` dates; at least one is required."""
    stated = checked = None
    if "stated" in entry and (stated := p.date(f"{key}.stated", entry["stated"])) is None:
        return None
    if "checked" in entry and (checked := p.date(f"{key}.checked", entry["checked"])) is None:
        return None
    if "as_of" in entry:
        p.add(
            f"{key}.as_of",
            "as_of was split in two: stated (the date the source gives) and checked (the day "
            "you compared the fact with the source); see docs/data.md",
        )
    elif stated is None and checked is None:
        p.add(
            key,
            "needs a date: checked (the day you compared it with its source) and/or stated "
            "(the date the source itself gives)",
        )
    updated = p.updated
    if checked is not None and updated is not None and checked > updated:
        p.add(
            f"{key}.checked",
            f"{checked.isoformat()} is after meta.updated ({updated.isoformat()}): "
            "a check cannot postdate the file; fix the date or bump meta.updated",
        )
    return stated, checked


def check_sources(p: Problems, raw: Any) -> dict[str, Source] | None:
    table = p.table("sources", raw)
    if table is None:
        return None
    result: dict[str, Source] = {}
    for sid, value in table.items():
        source = check_source(p, sid, value)
        if source is not None:
            result[sid] = source
    if not result and not p.lines:
        p.add("sources", "expected at least one source")
    return result


def check_source(p: Problems, sid: str, raw: Any) -> Source | None:
    key = f"sources.{sid}"
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(key, entry, ("title", "url", "publisher", "official"))
    url = p.text(f"{key}.url", entry.get("url"))
    if url is None:
        return None
    if not url.startswith(("https://", "http://")):
        p.add(f"{key}.url", f"expected an http(s) URL, got {show_value(url)}")
    title = p.text(f"{key}.title", entry.get("title"))
    if title is None:
        return None
    publisher = p.text(f"{key}.publisher", entry.get("publisher"))
    if publisher is None:
        return None
    official = p.expect(f"{key}.official", entry.get("official"), bool, "true or false")
    if official is None:
        return None
    return Source(id=sid, title=title, url=url, publisher=publisher, official=official)


def source_ref(p: Problems, key: str, value: Any, sources: Mapping[str, Source]) -> Source | None:
    """The source a fact or body cites, which [sources] must define."""
    sid = p.text(key, value)
    if sid is None:
        return None
    if sid not in sources:
        p.add(key, f"unknown source {sid!r}{did_you_mean(sid, sources)}; define it under [sources]")
        return None
    return sources[sid]


def check_bodies(p: Problems, raw: Any, sources: Mapping[str, Source]) -> dict[str, Body] | None:
    table = p.table("bodies", raw)
    if table is None:
        return None
    result: dict[str, Body] = {}
    for code, value in table.items():
        body = check_body(p, code, value, sources)
        if body is not None:
            result[code] = body
    return result


def check_body(p: Problems, code: str, raw: Any, sources: Mapping[str, Source]) -> Body | None:
    key = f"bodies.{code}"
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(key, entry, ("name", "website", "source"), ("stated", "checked", "as_of"))
    dates = check_dates(p, key, entry)
    if dates is None:
        return None
    name = p.text(f"{key}.name", entry.get("name"))
    if name is None:
        return None
    website = p.text(f"{key}.website", entry.get("website"))
    if website is None:
        return None
    source = source_ref(p, f"{key}.source", entry.get("source"), sources)
    if source is None:
        return None
    stated, checked = dates
    return Body(code, name, website, source, stated, checked, fresh_months=window(p, "bodies"))


def check_uncited(
    p: Problems,
    sources: Mapping[str, Source],
    bodies: Mapping[str, Body],
    certs: Mapping[str, Cert],
    glossary: Mapping[str, GlossaryEntry] | None = None,
) -> None:
    """Every declared source must be cited (by a fact, a body or a glossary entry): an uncited
    one is checked by no one."""
    if p.lines:
        return  # a fact that failed to load may be the one citing it
    cited = {body.source.id for body in bodies.values()}
    cited |= {fact.source.id for cert in certs.values() for fact in cert.facts.values()}
    cited |= {entry.source.id for entry in (glossary or {}).values() if entry.source is not None}
    for sid in sources:
        if sid not in cited:
            p.add(f"sources.{sid}", "declared but cited by no fact or body; cite it or remove it")
