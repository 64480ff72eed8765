"""[meta], [freshness], [sources] and [bodies]: what the facts rest on (evidence versions are
checked in ``evidence``, addresses in ``urls``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from certadvisor.load.validate.evidence import OLD_DATES, check_versions, cite
from certadvisor.load.validate.problems import CODE, CODE_RULE, Problems
from certadvisor.load.validate.urls import canonical, host_of, url_problem
from certadvisor.model.conditions import show_value
from certadvisor.model.records import Body, Cert, Fact, GlossaryEntry, Source
from certadvisor.model.schema import FRESHNESS_DIMENSIONS, SCHEMA
from certadvisor.text import did_you_mean

# Older schemas, and what marked them: a file in one is told what changed.
OLD_SCHEMAS = {1: "facts dated with as_of", 2: "facts dated with stated and checked"}


def check_meta(p: Problems, raw: Any) -> dt.date | None:
    """The schema number must be current; gives ``meta.updated``."""
    table = p.table("meta", raw)
    if table is None:
        return None
    p.keys("meta", table, ("schema", "updated"), ("title",))
    schema = table.get("schema")
    if type(schema) is int and schema in OLD_SCHEMAS:
        p.add("meta.schema", f"this file uses schema {schema} ({OLD_SCHEMAS[schema]}); {OLD_DATES}")
    elif type(schema) is not int or schema != SCHEMA:
        p.add("meta.schema", f"expected {SCHEMA}, got {show_value(schema)}")
    return p.date("meta.updated", table.get("updated"))


def check_freshness(p: Problems, raw: Any) -> dict[str, int] | None:
    """How many months evidence holds, for every dimension."""
    if raw is None:
        p.add("freshness", "missing required table: months evidence holds, per kind of fact")
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
    """Months evidence holds for a dimension."""
    # A missing window was reported once, on [freshness]; stand in with the shortest.
    return p.windows.get(dimension, min(p.windows.values(), default=12))


def check_sources(p: Problems, raw: Any) -> dict[str, Source] | None:
    table = p.table("sources", raw)
    if table is None:
        return None
    result: dict[str, Source] = {}
    pages: dict[str, str] = {}  # canonical address -> the first source id with it
    for sid, value in table.items():
        source = check_source(p, sid, value)
        if source is None:
            continue
        result[sid] = source
        page = canonical(source.url)
        if page in pages:
            p.add(
                f"sources.{sid}.url",
                f"the same page as sources.{pages[page]} (rule: one page, one source id); merge them "
                "and record each version read under evidence",
            )
        pages.setdefault(page, sid)
    if not result and not p.lines:
        p.add("sources", "expected at least one source")
    return result


def check_source(p: Problems, sid: str, raw: Any) -> Source | None:
    """One page. A source whose address breaks a rule, or whose evidence is wrong, is still
    returned (without versions when its evidence is wrong), so that the facts citing it are not
    reported again as citing an unknown source."""
    key = f"sources.{sid}"
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(key, entry, ("title", "url", "publisher", "official"), ("evidence",))
    url = p.text(f"{key}.url", entry.get("url"))
    title = p.text(f"{key}.title", entry.get("title"))
    publisher = p.text(f"{key}.publisher", entry.get("publisher"))
    official = p.expect(f"{key}.official", entry.get("official"), bool, "true or false")
    if url is None or title is None or publisher is None or official is None:
        return None
    if (problem := url_problem(url)) is not None:
        p.add(f"{key}.url", problem)
    versions = check_versions(p, key, entry.get("evidence"), host_of(url), official)
    return Source(sid, title, url, publisher, official, versions or ())


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
        p.name("bodies", code, "a body code", CODE, CODE_RULE)
        body = check_body(p, code, value, sources)
        if body is not None:
            result[code] = body
    return result


def check_body(p: Problems, code: str, raw: Any, sources: Mapping[str, Source]) -> Body | None:
    key = f"bodies.{code}"
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(key, entry, ("name", "website", "source"), ("version", "compared", "stated", "checked", "as_of"))
    cited = cite(p, key, entry, sources)
    if cited is None:
        return None
    name = p.text(f"{key}.name", entry.get("name"))
    if name is None:
        return None
    website = p.text(f"{key}.website", entry.get("website"))
    if website is None:
        return None
    if (problem := url_problem(website)) is not None:
        p.add(f"{key}.website", problem)  # reported; the body stays, so its certifications load
    source, evidence, compared = cited
    return Body(code, name, website, source, evidence, compared, fresh_months=window(p, "bodies"))


def check_uncited(
    p: Problems,
    sources: Mapping[str, Source],
    bodies: Mapping[str, Body],
    certs: Mapping[str, Cert],
    glossary: Mapping[str, GlossaryEntry] | None = None,
    market: Mapping[str, Fact] | None = None,
) -> None:
    """Every declared source must be cited (by a fact, a market fact, a body or a glossary
    entry): an uncited one is checked by no one."""
    if p.lines:
        return  # a fact that failed to load may be the one citing it
    cited = {body.source.id for body in bodies.values()}
    facts = [fact for cert in certs.values() for fact in cert.facts.values()] + [*(market or {}).values()]
    for fact in facts:
        cited |= {fact.source.id, *(also.source.id for also in fact.also)}
    cited |= {entry.source.id for entry in (glossary or {}).values() if entry.source is not None}
    for sid in sources:
        if sid not in cited:
            p.add(f"sources.{sid}", "declared but cited by no fact or body; cite it or remove it")
