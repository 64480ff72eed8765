"""What it takes: the cost and time to get certified and to stay certified, as honest ranges.

Every figure comes from a sourced fact. Totals are interval sums: a range plus a range is a range,
and a component the sources do not settle is never guessed and never dropped: it travels with
the total as an *unknown* ("$500–$700, plus AHIMA membership dues (not known)").

A sheet starts from the person's situation (``Situation``, from ``[advice.standing]``), when a
result gives one:

* A body whose dues the person pays already (an AAPC credential holder and AAPC): the member
  route is used, and the dues are shown as paid already and counted in no total. This holds for
  the upkeep too: a sheet's totals are what the credential *adds*, and the dues are paid for the
  credential the person holds whether or not they add this one; the dues over the cycle are
  shown, marked the same way, for reference.
* A certification whose required programme is done, or in its final term: the programme is
  shown as done and neither charged nor counted in the months, so the totals and the time start
  from the exam.
* A certification whose exam the person has passed (an apprentice's, e.g. CPC for a CPC-A):
  the exam, its year's books, the preparation and the study are shown as behind them and not
  counted; what is left is the time to the full credential (removing the apprentice status).

A line the person has is marked by its ``standing`` (``Standing``); the worded totals
(``present.cost_text``) name it as not counted.

Two first-year totals are kept. The *usual* route (``first_year_usual``) adds the usual training
to the cheapest: a course is most of what a beginner pays, so it is the figure every summary
gives, with an unpriced course named as not known ("plus a CPC course (not known)") rather than
left out. The *cheapest* route (``first_year_cheapest``: exam, membership, books and a required
programme, no optional course) is kept for the ``cost`` command's lines.

Rules that score by cost (``measure``) compare the cheapest route's known first-year totals:
the exam, a membership the route pays for and a programme known to be required. Code books
are left out of that comparison: no source prices them for any credential, so they would leave
every total incomplete and tell the credentials apart by nothing. An optional course is left out
for the same reason: no source prices it for most credentials, so comparing usual totals would
leave nearly every one incomplete, and the ranking would favour whichever course happens to be
priced rather than the cheaper credential. A credential whose compared total is not fully known
gets no points at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple, TypeVar

from certadvisor.core.cost_items import (
    CYCLE,
    NOT_RECORDED,
    Estimate,
    Item,
    Programme,
    Standing,
    Unknown,
    estimate,
    total,
)
from certadvisor.core.cost_lines import (
    extra_attempts,
    fact_of,
    first_year,
    membership_required,
    months,
    programme_item,
    programme_of,
    upkeep_items,
)
from certadvisor.model.records import Cert
from certadvisor.model.results import Situation

__all__ = [
    "NOT_RECORDED",
    "Estimate",
    "Item",
    "Programme",
    "Sheet",
    "Standing",
    "Unknown",
    "estimate",
    "compared_first_year",
    "first_year_items",
    "has_cheaper_route",
    "measure",
    "once_per_sheet",
    "scaled_points",
    "sheet",
    "total",
    "usual_items",
]


class Sheet(NamedTuple):
    """The cost and time of one certification, on one membership assumption and situation."""

    code: str
    member: bool
    membership: str  # why member or non-member prices are used
    items: tuple[Item, ...]
    first_year_cheapest: Estimate  # exam, membership and books the route pays for, any programme
    first_year_usual: Estimate  # the same plus the usual training: the figure summaries give
    upkeep: Estimate  # per renewal cycle, what the credential adds
    cycle_years: int | None
    months_first: Estimate  # to the first credential
    months_full: Estimate  # to the full credential (after an apprentice stage)
    programme: Programme = Programme.NONE
    exam_passed: bool = False  # the person has passed its exam: the time runs to the full credential


# The lines of the cheapest first-year route, by role; "training" only when a programme is the
# way in (``first_year_items``).
_FIRST_YEAR = ("exam", "dues", "books")


def first_year_items(current: Sheet) -> tuple[Item, ...]:
    """The lines of the cheapest first-year route, including those left out of its total
    because the person has them (dues paid already, a programme done)."""
    route = _FIRST_YEAR if current.programme is Programme.NONE else (*_FIRST_YEAR, "training")
    return tuple(item for item in current.items if item.role in route)


def usual_items(current: Sheet) -> tuple[Item, ...]:
    """The lines of the usual first-year route: the cheapest route's and the usual training
    (a required programme is in both), including those the person has already."""
    return tuple(item for item in current.items if item.role in (*_FIRST_YEAR, "training"))


def has_cheaper_route(current: Sheet) -> bool:
    """True when skipping the usual training is a cheaper route worth naming: the training is
    optional and still to be paid (not a required programme, nor behind a passed exam)."""
    return current.first_year_cheapest != current.first_year_usual


NO_SITUATION = Situation()


class _Has(NamedTuple):
    """The parts of a person's situation that concern one certification."""

    paid: bool = False  # they pay its body's dues already
    done: bool = False  # its required programme is done, or in its final term
    passed: bool = False  # its exam is passed (they hold its apprentice credential)


# Sheets are pure functions of a certification's facts and the parts of a situation that touch
# it, and a batch asks for the same few thousands of times: kept per certification object.
_SHEETS: dict[tuple[int, bool | None, _Has], tuple[Cert, Sheet]] = {}


def sheet(cert: Cert, member: bool | None = None, situation: Situation = NO_SITUATION) -> Sheet:
    """The cost sheet of a certification (see ``_sheet``) for a person in ``situation`` (a
    result's ``situation``; none for the ``cost`` command), computed once per certification and
    the parts of the situation that concern it."""
    has = _Has(
        cert.body.code in situation.members,
        cert.code in situation.education_done,
        cert.code in situation.exam_passed,
    )
    key = (id(cert), member, has)
    found = _SHEETS.get(key)
    if found is None or found[0] is not cert:
        if len(_SHEETS) > 256:
            _SHEETS.clear()
        found = _SHEETS[key] = (cert, _sheet(cert, member, has))
    return found[1]


def _sheet(cert: Cert, member: bool | None, has: _Has) -> Sheet:
    """The cost sheet of a certification: member prices, non-member prices, or the cheaper.

    ``member`` None chooses: membership when the body requires it or the person pays its dues
    already, otherwise the cheaper route in the first year when both can be priced, and
    non-member prices when dues are unknown.
    """
    body = cert.body.code
    if membership_required(cert):
        chosen, why = True, f"{body} requires membership to sit the exam and keep it."
        if has.paid:
            why += f" You pay {body} dues already, so they are not counted here."
    elif member is not None:
        chosen = member
        why = "Member prices, as asked." if member else "Non-member prices, as asked."
    elif has.paid:
        chosen, why = True, f"Member prices: you pay {body} dues already, so they are not counted here."
    else:
        chosen, why = _cheaper_route(cert)
    return _build(cert, chosen, why, has._replace(paid=has.paid and chosen))


def _cheaper_route(cert: Cert) -> tuple[bool, str]:
    as_member = first_year(cert, True, required=False)[1]
    as_non_member = first_year(cert, False, required=False)[1]
    if as_member.complete and as_non_member.complete:
        if as_member.high < as_non_member.high:
            return True, "Member prices: joining costs less than it saves in the first year."
        return False, "Non-member prices: in the first year, joining would cost more than it saves."
    body = cert.body.code
    return False, (
        f"Non-member prices: {body} membership cannot be fully priced from our sources, so the "
        "cheaper route is not known (use --member to see the member route)."
    )


def _build(cert: Cert, member: bool, why: str, has: _Has) -> Sheet:
    required = membership_required(cert)
    first_items, cheapest = first_year(cert, member, required=required, paid=has.paid, passed=has.passed)
    programme = programme_of(cert, has.done)
    training = programme_item(cert, programme, passed=has.passed)
    if programme is Programme.NONE:
        usual = cheapest.plus(training.estimate or Estimate()) if training.counted else cheapest
    else:
        # The programme is the way in, so even the cheapest route pays for it (unless it is done).
        if training.counted:
            cheapest = cheapest.plus(training.estimate or Estimate())
        usual = cheapest
    upkeep = upkeep_items(cert, member, paid=has.paid)
    cycle = fact_of(cert, CYCLE)
    cycle_years = cycle.value if cycle is not None and isinstance(cycle.value, int) else None
    months_first, months_full, time_items = months(cert, programme, passed=has.passed)
    return Sheet(
        code=cert.code,
        member=member,
        membership=why,
        items=(*first_items, training, *extra_attempts(cert), *upkeep, *time_items),
        first_year_cheapest=cheapest,
        first_year_usual=usual,
        upkeep=total(
            (i.estimate.times(cycle_years or 1) if i.when == "per year" else i.estimate)
            for i in upkeep
            if i.estimate is not None and i.counted
        ),
        cycle_years=cycle_years,
        months_first=months_first,
        months_full=months_full,
        programme=programme,
        exam_passed=has.passed,
    )


# The first-year lines a cost comparison counts (books are left out: see the module docstring).
_COMPARED = ("exam", "dues")


def compared_first_year(current: Sheet) -> Estimate | None:
    """The first-year total a cost comparison uses: the exam, the dues the route pays and a
    programme known to be required, with their unknowns; None when the sheet has no exam line.

    A programme the data does not settle as required (``Programme.UNSETTLED``) is left out, as
    it is not a known cost; the sheet itself still names it.
    """
    roles = (*_COMPARED, "training") if current.programme is Programme.REQUIRED else _COMPARED
    lines = [i for i in first_year_items(current) if i.role in roles and i.counted]
    exam = next((i for i in lines if i.role == "exam"), None)
    if exam is None or exam.estimate is None:
        return None
    return total(i.estimate for i in lines if i.estimate is not None)


def measure(cert: Cert, name: str) -> int | None:
    """A comparable figure for rules that score by cost or time; None when it is not known.

    ``first_year_cost``: the low end of the cheapest route's compared first-year total
    (``compared_first_year``), only when every part of it is known: a known exam fee beside
    unknown dues is not a known total; ``months_to_first``: the known low end of the months to
    the first credential (a floor when part of it is unknown).
    """
    current = sheet(cert)
    if name == "first_year_cost":
        value = compared_first_year(current)
        return value.low if value is not None and value.complete else None
    if name == "months_to_first":
        # The known part is a floor: a required degree alone says "at least two years".
        floor = current.months_first
        return floor.low if floor.low > 0 else None
    raise ValueError(f"unknown measure {name!r}")


def scaled_points(certs: Mapping[str, Cert], name: str, best: int) -> dict[str, int]:
    """Points for a rule that favours the cheapest (or quickest): ``best`` for the lowest figure,
    and in proportion for the rest (twice the cost, half the points); nothing, neither bonus nor
    penalty, for a certification whose figure is unknown."""
    figures = {code: measure(cert, name) for code, cert in certs.items()}
    known = {code: value for code, value in figures.items() if value is not None}
    if not known:
        return {}
    lowest = max(1, min(known.values()))
    points: dict[str, int] = {}
    for code, value in known.items():
        amount = round(best * lowest / max(value, 1))
        if amount:
            points[code] = amount
    return points


_T = TypeVar("_T")


def once_per_sheet(memo: dict[int, tuple[Sheet, _T]], current: Sheet, make: Callable[[Sheet], _T]) -> _T:
    """``make(current)``, worked out once per sheet (sheets are themselves made once)."""
    found = memo.get(id(current))
    if found is None or found[0] is not current:
        if len(memo) > 256:
            memo.clear()
        found = memo[id(current)] = (current, make(current))
    return found[1]
