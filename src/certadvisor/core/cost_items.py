"""The parts a cost sheet is made of: honest ranges (``Estimate``), the parts no source settles
(``Unknown``), and the sheet's lines (``Item``).

Apart from ``core.cost`` so that the sheet's rules (routes, the person's situation, measures)
stay readable; ``core.cost`` re-exports everything here.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from certadvisor.model.records import Fact, Money, Months

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
        return Estimate(unknown=(Unknown(label, fact.source.url),))
    value = fact.value
    if isinstance(value, Money | Months):
        return Estimate(value.low, value.high)
    if isinstance(value, int) and not isinstance(value, bool):
        return Estimate(value, value)
    return None


class Standing(StrEnum):
    """Why a line is shown but left out of the totals, when the person's situation is the reason."""

    NEW = "new"  # a cost still to pay (or a line that is not counted for another reason)
    PAID = "paid"  # membership dues the person pays already
    DONE = "done"  # the required programme is complete, or in its final term
    PASSED = "passed"  # the exam is passed (an apprentice's): its fee, books and study are behind


class Programme(StrEnum):
    """Whether the way in goes through an education programme (``time.education_months``)."""

    NONE = "none"  # no programme is required: training is the usual route, not the only one
    REQUIRED = "required"  # the programme is the only way in: even the cheapest route pays for it
    UNSETTLED = "unsettled"  # the data does not settle whether one is required
    DONE = "done"  # required, and the person has done it (or is in its final term)


class Item(NamedTuple):
    """One line of a cost sheet: what it is, its estimate, and the fact it comes from."""

    role: str  # a stable id, e.g. "exam": the same role lines up across certifications
    label: str
    estimate: Estimate | None  # None: does not apply
    fact: Fact | None
    when: str  # "once", "per year", "per cycle"
    counted: bool = True  # False: shown for information, not in the totals
    standing: Standing = Standing.NEW  # PAID or DONE: not counted because the person has it
