"""What it takes, in words: a cost sheet's figures and totals as every screen and document says
them ("$1,200–$1,500, plus code books (not known)"); the figures themselves are ``core.cost``'s."""

from __future__ import annotations

from collections.abc import Iterable

from certadvisor.core.cost import (
    Estimate,
    Item,
    Programme,
    Sheet,
    Standing,
    first_year_items,
    has_cheaper_route,
    once_per_sheet,
    usual_items,
)
from certadvisor.text import plural


def money(value: Estimate) -> str:
    """'$499', '$199–$425' or 'not known', for the known part of an estimate."""
    if value.low == value.high == 0 and value.unknown:
        return "not known"
    if value.low == value.high:
        return f"${value.low:,}"
    return f"${value.low:,}–${value.high:,}"


def months(value: Estimate) -> str:
    """'24 months', '4–12 months' or 'not known'."""
    if value.low == value.high == 0 and value.unknown:
        return "not known"
    if value.low == value.high:
        return plural(value.low, "month")
    return f"{value.low}–{value.high} months"


def with_unknowns(text: str, value: Estimate) -> str:
    """A figure followed by what it leaves out: '$1,200–$1,500, plus code books (not known)'."""
    if not value.unknown:
        return text
    labels = ", ".join(_unique(u.label for u in value.unknown))
    if value.low == value.high == 0:
        return f"not known ({labels})"
    return f"{text}, plus {labels} (not known)"


def _unique(labels: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for label in labels:
        seen.setdefault(label, None)
    return list(seen)


# Summaries already worded, per sheet: a batch words the same few sheets for every line.
_SUMMARIES: dict[int, tuple[Sheet, dict[str, str]]] = {}


def summary_lines(current: Sheet) -> dict[str, str]:
    """The totals in words, the same on every screen."""
    found: dict[str, str] = once_per_sheet(_SUMMARIES, current, _summary_lines)
    return dict(found)


def _summary_lines(current: Sheet) -> dict[str, str]:
    """``first_year`` is the usual route, training included (what a beginner pays), and the
    figure every summary gives; ``first_year_cheapest`` leaves an optional course out, for the
    ``cost`` command's lines."""
    cycle = f"every {current.cycle_years} years" if current.cycle_years else "per renewal cycle"
    cheapest = current.first_year_cheapest
    usual = current.first_year_usual
    without = ", without a course" if has_cheaper_route(current) else ""
    lines = {
        "first_year": _first_year(f"{money(usual)} on the usual route", usual, usual_items(current), current),
        "first_year_cheapest": _first_year(
            f"{money(cheapest)} on the cheapest route{without}", cheapest, first_year_items(current), current
        ),
        "upkeep": with_unknowns(f"{money(current.upkeep)} {cycle}", current.upkeep),
        "time": _time_line(current),
    }
    return lines


def exam_fee(current: Sheet) -> str | None:
    """The exam fee in words: '$399–$425 for one attempt (member price)'; None when the sheet has
    no exam line."""
    item = next((i for i in current.items if i.role == "exam" and i.estimate is not None), None)
    if item is None or item.estimate is None:
        return None
    who = "member" if current.member else "non-member"
    figure = money(item.estimate)
    text = f"{figure} for one attempt ({who} price)" if figure != "not known" else f"not known ({who} price)"
    return text + ("; you have passed the exam" if item.standing is Standing.PASSED else "")


def _first_year(text: str, value: Estimate, items: tuple[Item, ...], current: Sheet) -> str:
    """'$589–$647 on the usual route (exam, membership), plus code books, a CPC course (not
    known); not counted: ...': the priced parts, the unpriced ones, what the person has."""
    return with_unknowns(text + _covered(items, current), value) + _not_counted(items)


def _time_line(current: Sheet) -> str:
    """'4–12 months to the credential; 16–36 months to the full credential'; after a passed
    exam, only the time to the full credential is left."""
    full = _time(current.months_full, "the full credential")
    if current.exam_passed:
        return full or "not known"
    line = _time(current.months_first, "the credential") or "not known"
    if current.months_full != current.months_first and full:
        line += "; " + full
    return line


# How the first-year lines name each part of a route (the training: see ``_covered``).
_PARTS = {"exam": "exam", "books": "books", "dues": "membership"}
_HAS = {
    Standing.PASSED: "the exam you have passed",
    Standing.PAID: "the membership dues you pay already",
    Standing.DONE: "the required programme, done or in its final term",
}


def _covered(items: tuple[Item, ...], current: Sheet) -> str:
    """' (exam, membership)': only the parts whose figure is known and counted; a part without
    a price is named after the figure, as not known (``with_unknowns``)."""
    training = "course" if current.programme is Programme.NONE else "the required programme"
    parts = [
        _PARTS.get(item.role, training)
        for item in items
        if item.counted and item.estimate is not None and item.estimate.complete
    ]
    return f" ({', '.join(parts)})" if parts else ""


def _not_counted(items: tuple[Item, ...]) -> str:
    """'; not counted: the membership dues you pay already': what the person has already."""
    has = {_HAS[item.standing]: None for item in items if item.standing in _HAS}
    return f"; not counted: {' and '.join(has)}" if has else ""


def _time(value: Estimate, to: str) -> str | None:
    text = months(value)
    if text == "not known":
        return None
    return with_unknowns(f"{text} to {to}", value)
