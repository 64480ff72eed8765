"""[market]: facts about getting hired (remote work, first jobs, pay and outlook, training and
funding), checked exactly as a certification's facts are: each rests on a source and the version
of it that was read, and a salary or a rate names its survey, year and statistic."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from certadvisor.load.validate.certs import check_fact
from certadvisor.load.validate.problems import Problems
from certadvisor.model.records import Fact, Source
from certadvisor.model.schema import MARKET, MARKET_FIELDS


def check_market(p: Problems, raw: Any, sources: Mapping[str, Source]) -> dict[str, Fact]:
    """Every market fact, keyed "market.<name>" in schema order; all are optional."""
    if raw is None:
        return {}
    table = p.table(MARKET, raw)
    if table is None:
        return {}
    p.keys(MARKET, table, (), tuple(MARKET_FIELDS))
    facts: dict[str, Fact] = {}
    for name, kind in MARKET_FIELDS.items():
        if name in table:
            key = f"{MARKET}.{name}"
            fact = check_fact(p, key, key, table[name], kind, sources)
            if fact is not None:
                facts[key] = fact
    return facts
