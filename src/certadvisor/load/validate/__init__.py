"""Check a parsed data file, table by table, into a ``Catalog``.

Modelled on pipx's manifest loader: every table is checked by hand, so that a typo in a key, a
wrong type or a missing fact is reported with the file, the dotted key and what was expected,
instead of vanishing or failing later in front of a user. All problems found are reported
together, one line each. Each table has its own module; they share one ``Problems`` collector.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from certadvisor.errors import DataError
from certadvisor.load.validate.advice import (
    check_advice,
    check_conflicts,
    check_expectations,
    check_path_additions,
    check_paths,
)
from certadvisor.load.validate.certs import attach_steps, check_certs
from certadvisor.load.validate.glossary import check_glossary, check_glossary_watch
from certadvisor.load.validate.market import check_market
from certadvisor.load.validate.problems import MAX_LISTED, Problems, Values
from certadvisor.load.validate.questions import check_questions, check_rules
from certadvisor.load.validate.sources import (
    check_bodies,
    check_freshness,
    check_meta,
    check_sources,
    check_uncited,
)
from certadvisor.load.validate.stage import check_offers
from certadvisor.model.catalog import Catalog
from certadvisor.text import plural

__all__ = ["parse_catalog"]


def parse_catalog(raw: dict[str, Any], path: Path) -> Catalog:
    """Validate parsed TOML into a ``Catalog``; raise ``DataError`` listing every problem."""
    problems = Problems(path)
    catalog = check_catalog(problems, raw)
    if problems.lines or catalog is None:
        count = len(problems.lines)
        # The first ones are listed and the rest counted, as the text checks do: a broken
        # generated file can hold tens of thousands, and one message must stay readable.
        listed = problems.lines[:MAX_LISTED]
        if count > MAX_LISTED:
            listed.append(f"... and {count - MAX_LISTED:,} more")
        lines = "\n".join(listed)
        summary = f"{path}: {plural(count, 'problem')} in the data file"
        raise DataError(lines if count == 1 else f"{summary}\n{lines}")
    return catalog


def check_catalog(p: Problems, raw: dict[str, Any]) -> Catalog | None:
    """Every table, in the order each depends on the ones before; None if anything is wrong."""
    p.keys(
        "",
        raw,
        ("meta", "sources", "bodies", "certs"),
        (
            "questions",
            "rules",
            "paths",
            "expectations",
            "conflicts",
            "offers",
            "path_additions",
            "advice",
            "freshness",
            "glossary",
            "glossary_watch",
            "market",
        ),
    )
    updated = p.updated = check_meta(p, raw.get("meta", {}))
    p.windows = check_freshness(p, raw.get("freshness")) or {}
    sources = check_sources(p, raw.get("sources", {})) or {}
    bodies = check_bodies(p, raw.get("bodies", {}), sources) or {}
    certs = check_certs(p, raw.get("certs", {}), sources, bodies) or {}
    market = check_market(p, raw.get("market"), sources)
    glossary = check_glossary(p, raw.get("glossary"), sources) or {}
    watch = check_glossary_watch(p, raw.get("glossary_watch")) or ()
    check_uncited(p, sources, bodies, certs, glossary, market)
    questions = check_questions(p, raw.get("questions", [])) or ()
    choices = {q.id: Values(q.values) for q in questions}
    attach_steps(p, raw.get("certs", {}), certs, choices)
    rules = check_rules(p, raw.get("rules", []), choices, certs) or ()
    if questions and not rules:
        p.add("rules", "questions are defined but there are no rules to score them")
    paths = check_paths(p, raw.get("paths", []), choices, certs) or ()
    expectations = check_expectations(p, raw.get("expectations", []), choices, certs) or ()
    conflicts = check_conflicts(p, raw.get("conflicts", []), choices) or ()
    offers = check_offers(p, raw.get("offers", []), choices) or ()
    additions = check_path_additions(p, raw.get("path_additions", []), choices, certs) or ()
    advice = check_advice(p, raw["advice"], choices, certs, bodies) if "advice" in raw else None
    if rules and "advice" not in raw:
        p.add("advice", "missing required table: rules need [advice] to settle ties and confidence")
    if updated is None or p.lines:
        return None
    return Catalog(
        path=p.path,
        updated=updated,
        sources=sources,
        bodies=bodies,
        certs=certs,
        questions=questions,
        rules=rules,
        paths=paths,
        expectations=expectations,
        conflicts=conflicts,
        offers=offers,
        path_additions=additions,
        advice=advice,
        freshness=p.windows,
        glossary=glossary,
        glossary_watch=watch,
        market=market,
        _by_id={q.id: q for q in questions},
    )
