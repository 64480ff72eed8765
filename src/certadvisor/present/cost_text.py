"""What it takes, in words: a cost sheet's figures and totals as every screen and document says
them ("$1,200–$1,500, plus code books (not known)"); the figures themselves are ``core.cost``'s."""

from __future__ import annotations

from collections.abc import Iterable

from certadvisor.core.cost import Estimate, Sheet, Standing, first_year_items, once_per_sheet
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
    cycle = f"every {current.cycle_years} years" if current.cycle_years else "per renewal cycle"
    first = current.first_year_cheapest
    usual = current.first_year_usual
    lines = {
        "first_year": with_unknowns(f"{money(first)} on the cheapest route{_covered(current)}", first)
        + _not_counted(current),
        "first_year_usual": with_unknowns(f"{money(usual)} with the usual training", usual),
        "upkeep": with_unknowns(f"{money(current.upkeep)} {cycle}", current.upkeep),
        "time": _time_line(current),
    }
    return lines


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


# How the first-year line names each part of the cheapest route.
_PARTS = {"exam": "exam", "books": "books", "dues": "membership", "training": "the required programme"}
_HAS = {
    Standing.PASSED: "the exam you have passed",
    Standing.PAID: "the membership dues you pay already",
    Standing.DONE: "the required programme, done or in its final term",
}


def _covered(current: Sheet) -> str:
    """' (exam, membership)': only the parts whose figure is known and counted; a part without
    a price is named after the figure, as not known (``with_unknowns``)."""
    parts = [
        _PARTS[item.role]
        for item in first_year_items(current)
        if item.counted and item.estimate is not None and item.estimate.complete
    ]
    return f" ({', '.join(parts)})" if parts else ""


def _not_counted(current: Sheet) -> str:
    """'; not counted: the membership dues you pay already': what the person has already."""
    has = {_HAS[item.standing]: None for item in first_year_items(current) if item.standing in _HAS}
    return f"; not counted: {' and '.join(has)}" if has else ""


def _time(value: Estimate, to: str) -> str | None:
    text = months(value)
    if text == "not known":
        return None
    return with_unknowns(f"{text} to {to}", value)
