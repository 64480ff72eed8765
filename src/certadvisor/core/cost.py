"""What it takes: the cost and time to get certified and to stay certified, as honest ranges.

Every figure comes from a sourced fact. Totals are interval sums: a range plus a range is a range,
and a component the sources do not settle is never guessed and never dropped: it travels with
the total as an *unknown* ("$500–$700, plus AHIMA membership dues (not known)").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple, TypeVar

from certadvisor.model.records import Cert, Fact, Money, Months

# Facts the cost sheet reads, by role. Optional facts may be missing from a certification.
EXAM_MEMBER = "fees.exam_member"
EXAM_NON_MEMBER = "fees.exam_non_member"
TWO_ATTEMPTS_MEMBER = "fees.exam_member_two_attempts"
MEMBERSHIP_REQUIRED = "fees.membership_required"
DUES = "fees.membership_dues"
TRAINING = "costs.training"
BOOKS = "costs.code_books"
RETAKE = "costs.retake"
CEU_COST = "costs.ceus"
RECERT_MEMBER = "renewal.fee_member"
RECERT_NON_MEMBER = "renewal.fee_non_member"
CYCLE = "renewal.cycle_years"
STUDY = "time.study_months"
EDUCATION = "time.education_months"
APPRENTICE = "time.apprentice_months"


class Unknown(NamedTuple):
    """A component no source settles: what it is, and where to check."""

    label: str
    where: str


class Estimate(NamedTuple):
    """A closed interval of known amounts, plus the components that could not be priced."""

    low: int = 0
    high: int = 0
    unknown: tuple[Unknown, ...] = ()

    def plus(self, other: Estimate) -> Estimate:
        """The interval sum of two estimates, carrying both sets of unknowns."""
        return Estimate(self.low + other.low, self.high + other.high, self.unknown + other.unknown)

    def times(self, factor: int) -> Estimate:
        """The amount repeated ``factor`` times (dues over a cycle of years)."""
        return Estimate(self.low * factor, self.high * factor, self.unknown)

    @property
    def complete(self) -> bool:
        """True when every component is known."""
        return not self.unknown


def total(estimates: Iterable[Estimate]) -> Estimate:
    """The interval sum of estimates, carrying every unknown."""
    result = Estimate()
    for estimate in estimates:
        result = result.plus(estimate)
    return result


NOT_RECORDED = "not recorded in the data yet: check the credentialing body"


def estimate(fact: Fact | None, label: str, *, needed: bool = False) -> Estimate | None:
    """A fact as an estimate; None when it does not apply.

    A ``needed`` component that the data does not record at all is unknown, not zero.
    """
    if fact is None:
        return Estimate(unknown=(Unknown(label, NOT_RECORDED),)) if needed else None
    if fact.status == "not_applicable":
        return None
    if fact.status == "unknown":
        return Estimate(unknown=(Unknown(label, _where(fact)),))
    value = fact.value
    if isinstance(value, Money | Months):
        return Estimate(value.low, value.high)
    if isinstance(value, int) and not isinstance(value, bool):
        return Estimate(value, value)
    return None


def _where(fact: Fact) -> str:
    return fact.source.url


class Item(NamedTuple):
    """One line of a cost sheet: what it is, its estimate, and the fact it comes from."""

    role: str  # a stable id, e.g. "exam": the same role lines up across certifications
    label: str
    estimate: Estimate | None  # None: does not apply
    fact: Fact | None
    when: str  # "once", "per year", "per cycle"
    counted: bool = True  # False: shown for information, not in the totals


class Sheet(NamedTuple):
    """The cost and time of one certification, on one membership assumption."""

    code: str
    member: bool
    membership: str  # why member or non-member prices are used
    items: tuple[Item, ...]
    first_year_cheapest: Estimate  # exam, required membership and books
    first_year_usual: Estimate  # the same plus the usual training
    upkeep: Estimate  # per renewal cycle
    cycle_years: int | None
    months_first: Estimate  # to the first credential
    months_full: Estimate  # to the full credential (after an apprentice stage)
    degree_required: bool = False  # the programme is part of even the cheapest route


def _fact(cert: Cert, key: str) -> Fact | None:
    return cert.facts.get(key)


def _required(cert: Cert) -> bool:
    fact = _fact(cert, MEMBERSHIP_REQUIRED)
    return bool(fact is not None and fact.value is True)


# Sheets are pure functions of a certification's facts, and a batch asks for the same few
# thousands of times: kept per certification object.
_SHEETS: dict[tuple[int, bool | None], tuple[Cert, Sheet]] = {}


def sheet(cert: Cert, member: bool | None = None) -> Sheet:
    """The cost sheet of a certification (see ``_sheet``), computed once per certification."""
    key = (id(cert), member)
    found = _SHEETS.get(key)
    if found is None or found[0] is not cert:
        if len(_SHEETS) > 256:
            _SHEETS.clear()
        found = _SHEETS[key] = (cert, _sheet(cert, member))
    return found[1]


def _sheet(cert: Cert, member: bool | None = None) -> Sheet:
    """The cost sheet of a certification: member prices, non-member prices, or the cheaper.

    ``member`` None chooses: membership when the body requires it, otherwise the cheaper route
    in the first year when both can be priced, and non-member prices when dues are unknown.
    """
    required = _required(cert)
    if required:
        chosen, why = True, f"{cert.body.code} requires membership to sit the exam and keep it."
    elif member is not None:
        chosen = member
        why = "Member prices, as asked." if member else "Non-member prices, as asked."
    else:
        chosen, why = _cheaper_route(cert)
    return _build(cert, chosen, why, required)


def _cheaper_route(cert: Cert) -> tuple[bool, str]:
    as_member = _first_year(cert, True, required=False)[1]
    as_non_member = _first_year(cert, False, required=False)[1]
    if as_member.complete and as_non_member.complete:
        if as_member.high < as_non_member.high:
            return True, "Member prices: joining costs less than it saves in the first year."
        return False, "Non-member prices: in the first year, joining would cost more than it saves."
    body = cert.body.code
    return False, (
        f"Non-member prices: {body} membership cannot be fully priced from our sources, so the "
        "cheaper route is not known (use --member to see the member route)."
    )


def _first_year(cert: Cert, member: bool, *, required: bool) -> tuple[list[Item], Estimate]:
    exam_key = EXAM_MEMBER if member else EXAM_NON_MEMBER
    exam = _fact(cert, exam_key)
    who = "member" if member else "non-member"
    items = [
        Item(
            "exam",
            f"Exam, one attempt ({who})",
            estimate(exam, f"{cert.code} exam fee ({who})", needed=True),
            exam,
            "once",
        )
    ]
    if member:
        dues = _fact(cert, DUES)
        label = f"{cert.body.code} membership dues" + ("" if required else " (optional)")
        items.append(
            Item(
                "dues",
                label,
                estimate(dues, f"{cert.body.code} membership dues", needed=True),
                dues,
                "per year",
            )
        )
    books = _fact(cert, BOOKS)
    items.append(
        Item(
            "books", "Code books for the exam year", estimate(books, "code books", needed=True), books, "once"
        )
    )
    known = total(i.estimate for i in items if i.estimate is not None and i.counted)
    return items, known


def _build(cert: Cert, member: bool, why: str, required: bool) -> Sheet:
    first_items, cheapest = _first_year(cert, member, required=required)
    training_fact = _fact(cert, TRAINING)
    training = estimate(training_fact, f"{cert.code} training", needed=True)
    items = list(first_items)
    if _degree_required(cert):
        # The programme is the only way in, so even the cheapest route pays for it.
        items.append(Item("training", "Required programme", training, training_fact, "once"))
        cheapest = cheapest.plus(training or Estimate())
        usual = cheapest
    else:
        items.append(Item("training", "Training (usual route)", training, training_fact, "once"))
        usual = cheapest.plus(training or Estimate())
    two = _fact(cert, TWO_ATTEMPTS_MEMBER)
    if two is not None:
        items.append(
            Item(
                "two_attempts",
                "Exam, two-attempt package instead",
                estimate(two, "two-attempt package"),
                two,
                "once",
                False,
            )
        )
    retake_fact = _fact(cert, RETAKE)
    items.append(
        Item("retake", "Retake, if needed", estimate(retake_fact, "retake"), retake_fact, "once", False)
    )
    upkeep_items = _upkeep_items(cert, member)
    items += upkeep_items
    cycle = _fact(cert, CYCLE)
    cycle_years = cycle.value if cycle is not None and isinstance(cycle.value, int) else None
    upkeep = total(
        (i.estimate.times(cycle_years or 1) if i.when == "per year" else i.estimate)
        for i in upkeep_items
        if i.estimate is not None
    )
    months_first, months_full, time_items = _months(cert)
    items += time_items
    return Sheet(
        code=cert.code,
        member=member,
        membership=why,
        items=tuple(items),
        first_year_cheapest=cheapest,
        first_year_usual=usual,
        upkeep=upkeep,
        cycle_years=cycle_years,
        months_first=months_first,
        months_full=months_full,
        degree_required=_degree_required(cert),
    )


def _degree_required(cert: Cert) -> bool:
    education = _fact(cert, EDUCATION)
    return education is not None and education.status != "not_applicable"


def _upkeep_items(cert: Cert, member: bool) -> list[Item]:
    items: list[Item] = []
    fee = _fact(cert, RECERT_MEMBER if member else RECERT_NON_MEMBER)
    who = "member" if member else "non-member"
    items.append(
        Item(
            "recert",
            f"Recertification fee ({who})",
            estimate(fee, "recertification fee", needed=True),
            fee,
            "per cycle",
        )
    )
    ceus = _fact(cert, CEU_COST)
    items.append(
        Item("ceus", "Earning the CEUs", estimate(ceus, "CEU courses", needed=True), ceus, "per cycle")
    )
    if member:
        dues = _fact(cert, DUES)
        items.append(
            Item(
                "cycle_dues",
                "Membership dues over the cycle",
                estimate(dues, f"{cert.body.code} membership dues", needed=True),
                dues,
                "per year",
            )
        )
    return items


def _months(cert: Cert) -> tuple[Estimate, Estimate, list[Item]]:
    items = []
    parts = []
    for role, key, label in (
        ("education", EDUCATION, "Required education"),
        ("study", STUDY, "Study before the exam"),
    ):
        fact = _fact(cert, key)
        value = estimate(fact, label.lower(), needed=True)
        items.append(Item(role, label, value, fact, "months"))
        if value is not None:
            parts.append(value)
    first = total(parts)
    apprentice_fact = _fact(cert, APPRENTICE)
    apprentice = estimate(apprentice_fact, "removing the apprentice status", needed=True)
    items.append(Item("apprentice", "Removing the apprentice status", apprentice, apprentice_fact, "months"))
    full = first.plus(apprentice) if apprentice is not None else first
    return first, full, items


def measure(cert: Cert, name: str) -> int | None:
    """A comparable figure for rules that score by cost or time; None when it is not known.

    ``first_year_cost``: the known low end of the cheapest route (exam, required membership);
    ``months_to_first``: the known low end of the months to the first credential (a floor when
    part of it is unknown).
    """
    current = sheet(cert)
    if name == "first_year_cost":
        value = current.first_year_cheapest
        exam = next((i for i in current.items if i.role == "exam"), None)
        if exam is None or exam.estimate is None or not exam.estimate.complete:
            return None
        return value.low
    if name == "months_to_first":
        # The known part is a floor: a required degree alone says "at least two years".
        value = current.months_first
        return value.low if value.low > 0 else None
    raise ValueError(f"unknown measure {name!r}")


def scaled_points(certs: Mapping[str, Cert], name: str, best: int) -> dict[str, int]:
    """Points for a rule that favours the cheapest (or quickest): ``best`` for the lowest figure,
    and in proportion for the rest (twice the cost, half the points); nothing for a
    certification whose figure is unknown."""
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
