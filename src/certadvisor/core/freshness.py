"""How fresh a fact is: how old its evidence is, when it falls due, and what to re-read next.

A fact's age runs from its *evidence date*, the date of the page version it rests on (the page's
own date, else the date its content implies), never from the day someone compared it with a
stored copy. A date given only to the year or month counts from its first day, so evidence is
never taken for younger than it may be. A live read of the body's page counts from the day it
was read: the body said so that day. Evidence with no date (an undated copy, an undated
third-party page) is due at once, since nothing says how old it is; so is a price that only third
parties give, whatever their dates. How long evidence holds depends on the kind of fact: the
data's ``[freshness]`` gives months per dimension (fees change yearly, code sets rarely).

``check-data --stale`` and ``sources`` read the same records: each source with the facts that
cite it, most stale first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Body, Evidence, Fact, Source
from certadvisor.model.schema import FEE_FACTS

Dated = Fact | Body
# Why a price is due at once, whatever its date (``due_reason``).
THIRD_PARTY_PRICE = "a price only third parties give"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def basis(evidence: Evidence, compared: dt.date) -> dt.date | None:
    """The day the evidence's age runs from; None when nothing dates it."""
    if evidence.kind == "live":
        return compared
    date = evidence.date
    return None if date is None else date.first_day()


def third_party_fee(item: Dated) -> bool:
    """A price whose every page (main and further) is a third party's."""
    if not isinstance(item, Fact) or item.key not in FEE_FACTS:
        return False
    kinds = [item.evidence.kind, *(also.evidence.kind for also in item.also)]
    return all(kind == "third-party" for kind in kinds)


def due(item: Dated) -> dt.date | None:
    """The day the item falls due for a re-read; None when it is due now."""
    if third_party_fee(item):
        return None
    start = basis(item.evidence, item.compared)
    return None if start is None else add_months(start, item.fresh_months)


def is_stale(item: Dated, today: dt.date) -> bool:
    """True when the item is due for a re-read by ``today``: shown with the † mark."""
    when = due(item)
    return when is None or when < today


def due_reason(item: Dated) -> str:
    """Why the item is due when it is, in a few words."""
    evidence = item.evidence
    if third_party_fee(item):
        return THIRD_PARTY_PRICE
    if evidence.kind != "live" and evidence.date is None:
        return "an undated third-party page" if evidence.kind == "third-party" else "an undated copy"
    if evidence.kind == "live":
        return f"read live {item.compared.isoformat()}, holds {item.fresh_months} months"
    assert evidence.date is not None
    implied = " (implied)" if evidence.dated is None else ""
    return f"evidence from {evidence.date.iso()}{implied}, holds {item.fresh_months} months"


class DueItem(NamedTuple):
    """One fact (or body) that cites a source, with how fresh it is."""

    key: str  # dotted, e.g. "certs.CPC.fees.exam_member" or "bodies.AAPC"
    dimension: str
    fresh_months: int
    evidence: Evidence  # the version of the source this item cites
    compared: dt.date
    due: dt.date | None  # None: due now
    reason: str
    further: bool = False  # cites the source as a further page ("also"), not its main one


class DueSource(NamedTuple):
    """A page with the facts that cite it: one visit re-reads them all."""

    source: Source
    items: tuple[DueItem, ...]

    @property
    def fresh_months(self) -> int:
        """The shortest window among its facts: how volatile the page's facts are."""
        return min((item.fresh_months for item in self.items), default=0)

    @property
    def first_due(self) -> dt.date | None:
        """The earliest day one of its facts falls due; None when one is due now."""
        days = [item.due for item in self.items if not item.further]
        return None if None in days or not days else min(d for d in days if d is not None)


def _item(key: str, dimension: str, item: Dated) -> DueItem:
    return DueItem(
        key, dimension, item.fresh_months, item.evidence, item.compared, due(item), due_reason(item)
    )


def citations(catalog: Catalog, code: str | None = None) -> Iterable[tuple[Source, DueItem]]:
    """Every fact and body with the source it cites (and each further page a fact names), of
    every certification or of one; the market facts, which belong to no certification, only
    when all are asked for."""
    for body_code, body in catalog.bodies.items():
        if code is None or catalog.certs[code].body.code == body_code:
            yield body.source, _item(f"bodies.{body_code}", "bodies", body)
    for cert_code, cert in catalog.certs.items():
        if code is None or cert_code == code:
            for fact in cert.facts.values():
                yield from _fact_citations(f"certs.{cert_code}.{fact.key}", fact)
    if code is None:
        for fact in catalog.market.values():
            yield from _fact_citations(fact.key, fact)


def _fact_citations(key: str, fact: Fact) -> Iterable[tuple[Source, DueItem]]:
    """A fact with its main source, then each further page it names."""
    item = _item(key, fact.dimension, fact)
    yield fact.source, item
    for also in fact.also:
        further = item._replace(evidence=also.evidence, compared=also.evidence.compared, further=True)
        yield also.source, further


def by_source(catalog: Catalog, code: str | None = None, *, every: bool = False) -> tuple[DueSource, ...]:
    """Each source with the items that cite it, most stale first. ``every`` keeps the sources
    no fact or body cites (only a glossary entry, say); ``code`` keeps one certification's."""
    grouped: dict[str, list[DueItem]] = {sid: [] for sid in catalog.sources} if every else {}
    for source, item in citations(catalog, code):
        grouped.setdefault(source.id, []).append(item)
    found = [
        DueSource(catalog.sources[sid], tuple(sorted(items, key=_item_order)))
        for sid, items in grouped.items()
    ]
    return tuple(sorted(found, key=_source_order))


def due_by_source(catalog: Catalog, today: dt.date, within_months: int = 0) -> tuple[DueSource, ...]:
    """Sources with facts due by ``today`` plus ``within_months``, and only those facts (cited as
    the main source: re-reading a further page does not renew a fact). Most stale first."""
    horizon = add_months(today, within_months)
    found = []
    for group in by_source(catalog):
        items = tuple(i for i in group.items if not i.further and (i.due is None or i.due < horizon))
        if items:
            found.append(group._replace(items=items))
    return tuple(found)


def _item_order(item: DueItem) -> tuple[bool, bool, dt.date, int, str]:
    return (item.further, item.due is not None, item.due or dt.date.min, item.fresh_months, item.key)


def _source_order(group: DueSource) -> tuple[bool, bool, dt.date, int, str]:
    first = group.first_due
    cited = any(not item.further for item in group.items)
    return (not cited, first is not None, first or dt.date.min, group.fresh_months, group.source.id)


def count_stale(catalog: Catalog, today: dt.date) -> tuple[int, int]:
    """(facts and bodies due by ``today``, all facts and bodies)."""
    items = [item for _source, item in citations(catalog) if not item.further]
    return sum(item.due is None or item.due < today for item in items), len(items)


def next_due(catalog: Catalog) -> tuple[dt.date, int] | None:
    """The earliest day a dated fact falls due, and how many fall due that day."""
    days = [item.due for _source, item in citations(catalog) if not item.further and item.due is not None]
    if not days:
        return None
    first = min(days)
    return first, days.count(first)
