"""How fresh a fact is: when it is due for a re-check, and what a maintainer should re-check next.

A fact's age runs from the day it was last *checked* against its source (not from the date the
source states), and the time a check holds depends on the kind of fact: the data's
``[freshness]`` table gives months per dimension (fees change yearly, code sets rarely). A fact
never checked is due now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple, Protocol

from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Source


class Dated(Protocol):
    """Anything checked against a source: a fact or a body."""

    @property
    def checked(self) -> dt.date | None: ...

    @property
    def fresh_months(self) -> int: ...


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


def due(item: Dated) -> dt.date | None:
    """The day a re-check falls due; None when the item was never checked (due now)."""
    return None if item.checked is None else add_months(item.checked, item.fresh_months)


def is_stale(item: Dated, today: dt.date) -> bool:
    """True when the item is past its window, or was never checked: shown with the † mark."""
    when = due(item)
    return when is None or when < today


class DueItem(NamedTuple):
    """One fact (or body) to re-check."""

    key: str  # dotted, e.g. "certs.CPC.fees.exam_member" or "bodies.AAPC"
    dimension: str
    fresh_months: int
    checked: dt.date | None
    due: dt.date | None  # None: never checked


class DueSource(NamedTuple):
    """A page to visit, with every fact that cites it and is due: one visit re-checks them all."""

    source: Source
    items: tuple[DueItem, ...]

    @property
    def fresh_months(self) -> int:
        """The shortest window among its facts: how volatile the page's facts are."""
        return min(item.fresh_months for item in self.items)

    @property
    def oldest_check(self) -> dt.date | None:
        """The oldest check among its facts; None when one was never checked."""
        checks = [item.checked for item in self.items]
        return None if None in checks else min(c for c in checks if c is not None)


def _dated_items(catalog: Catalog) -> Iterable[tuple[Source, DueItem]]:
    for code, body in catalog.bodies.items():
        yield body.source, DueItem(f"bodies.{code}", "bodies", body.fresh_months, body.checked, due(body))
    for code, cert in catalog.certs.items():
        for fact in cert.facts.values():
            key = f"certs.{code}.{fact.key}"
            yield fact.source, DueItem(key, fact.dimension, fact.fresh_months, fact.checked, due(fact))


def due_by_source(catalog: Catalog, today: dt.date, within_months: int = 0) -> tuple[DueSource, ...]:
    """Sources with facts due for a re-check by ``today`` plus ``within_months``.

    Most pressing first: pages with a never-checked fact, then the most volatile (shortest
    window), then the oldest check.
    """
    horizon = add_months(today, within_months)
    grouped: dict[str, tuple[Source, list[DueItem]]] = {}
    for source, item in _dated_items(catalog):
        if item.due is None or item.due < horizon:
            grouped.setdefault(source.id, (source, []))[1].append(item)
    found = [DueSource(source, tuple(sorted(items, key=_item_order))) for source, items in grouped.values()]
    return tuple(sorted(found, key=_source_order))


def _item_order(item: DueItem) -> tuple[bool, int, dt.date, str]:
    return (item.checked is not None, item.fresh_months, item.checked or dt.date.min, item.key)


def _source_order(group: DueSource) -> tuple[bool, int, dt.date, str]:
    oldest = group.oldest_check
    return (oldest is not None, group.fresh_months, oldest or dt.date.min, group.source.id)


def count_stale(catalog: Catalog, today: dt.date) -> tuple[int, int]:
    """(facts and bodies past their window, all facts and bodies)."""
    items = [item for _source, item in _dated_items(catalog)]
    return sum(item.due is None or item.due < today for item in items), len(items)


def next_due(catalog: Catalog) -> tuple[dt.date, int] | None:
    """The earliest day a checked fact falls due, and how many fall due that day."""
    days = [item.due for _source, item in _dated_items(catalog) if item.due is not None]
    if not days:
        return None
    first = min(days)
    return first, days.count(first)
