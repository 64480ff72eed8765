"""A cohort's summary: what a group of students' results add up to, for their advisor.

Built one result at a time (``Cohort.add``), keeping only counts and two cost bounds, so memory
stays flat whatever the size of the group; two cohorts built apart (in two batch workers) merge
into one (``Cohort.merge``) with the same summary as if built together. A cohort is never given a
student's id or name: nothing in it, or in what is made from it, can say who answered what.

What it counts, per student scored: the pick and its confidence; each conflict the answers show;
for each question, whether it was left unanswered (when it applied to the student: a question
asked only of HIM students is not "unanswered" by others) or answered with its neutral value
("not sure", "no preference"); and the first-year cost of the pick on the usual route, as the
result's own "In short" gives it, from which the group's range is taken, and each pick's own (a
figure no source prices at all is left out, not taken as $0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from certadvisor.core.cost import sheet
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result

# Confidence levels, most sure first (``core.advice`` sets one of them on every result).
LEVELS = ("high", "medium", "low")
# The conflicts and questions a summary lists: the most frequent, enough for one screen.
TOP_CONFLICTS = 5
TOP_QUESTIONS = 5


class PickCount(NamedTuple):
    """How many students got one pick, in all and at each confidence level (``LEVELS`` order),
    and the first-year cost range of those whose figure is known."""

    code: str
    students: int
    by_level: tuple[int, ...]
    first_year: tuple[int, int] | None = None


class ConflictCount(NamedTuple):
    """How many students' answers showed one conflict."""

    id: str
    note: str
    students: int


class QuestionGaps(NamedTuple):
    """How often one question was left unanswered (where it applied) or answered neutrally."""

    question: str
    unanswered: int
    neutral: int

    @property
    def total(self) -> int:
        return self.unanswered + self.neutral


class CostRange(NamedTuple):
    """The first-year cost of the picks across the group: the lowest low and the highest high
    of the known parts, and how many students' figures leave a part not known."""

    low: int
    high: int
    incomplete: int


class CohortSummary(NamedTuple):
    """The cohort's summary: typed, ids never included. ``failed`` counts rows not scored."""

    students: int
    scored: int
    failed: int
    picks: tuple[PickCount, ...]  # most students first, then in the catalog's order
    confidence: tuple[tuple[str, int], ...]  # (level, students), LEVELS order
    conflicts: tuple[ConflictCount, ...]  # most frequent first, at most TOP_CONFLICTS
    gaps: tuple[QuestionGaps, ...]  # most unanswered-or-neutral first, at most TOP_QUESTIONS
    first_year: CostRange | None  # None when no student was scored


class Cohort:
    """The running counts of a cohort (see the module's docstring)."""

    def __init__(self) -> None:
        self.failed = 0
        self.picks: Counter[tuple[str, str]] = Counter()  # (code, level) -> students
        self.conflicts: Counter[str] = Counter()
        self.unanswered: Counter[str] = Counter()
        self.neutral: Counter[str] = Counter()
        self.cost_low: int | None = None
        self.cost_high: int | None = None
        self.incomplete = 0
        self.pick_costs: dict[str, tuple[int, int]] = {}  # pick -> (lowest low, highest high)

    @property
    def scored(self) -> int:
        return sum(self.picks.values())

    def add(self, catalog: Catalog, result: Result) -> None:
        """Count one student's result."""
        self.picks[result.recommendation, result.confidence.level] += 1
        self.conflicts.update(conflict.id for conflict in result.conflicts)
        answers = result.answers
        for question in catalog.questions:
            given = answers.get(question.id)
            if given is None:
                if question.when.always or question.when.holds(answers):
                    self.unanswered[question.id] += 1
            elif given == question.neutral:
                self.neutral[question.id] += 1
        cost = sheet(catalog.certs[result.recommendation], situation=result.situation).first_year_usual
        self.incomplete += bool(cost.unknown)
        if cost.unknown and cost.low == cost.high == 0:
            return  # not known at all (no source prices it): no figure, not a cost of $0
        self.cost_low = _bound(min, self.cost_low, cost.low)
        self.cost_high = _bound(max, self.cost_high, cost.high)
        self._pick_cost(result.recommendation, cost.low, cost.high)

    def _pick_cost(self, code: str, low: int, high: int) -> None:
        known = self.pick_costs.get(code)
        self.pick_costs[code] = (low, high) if known is None else (min(known[0], low), max(known[1], high))

    def add_failure(self) -> None:
        """Count one row that could not be scored (its answers were not valid)."""
        self.failed += 1

    def merge(self, other: Cohort) -> None:
        """Add another cohort's counts to these (a worker's share of the batch)."""
        self.failed += other.failed
        self.picks.update(other.picks)
        self.conflicts.update(other.conflicts)
        self.unanswered.update(other.unanswered)
        self.neutral.update(other.neutral)
        self.cost_low = _bound(min, self.cost_low, other.cost_low)
        self.cost_high = _bound(max, self.cost_high, other.cost_high)
        self.incomplete += other.incomplete
        for code, (low, high) in other.pick_costs.items():
            self._pick_cost(code, low, high)

    def summary(self, catalog: Catalog) -> CohortSummary:
        """The summary of the counts so far, ordered for reading."""
        first_year = None
        if self.cost_low is not None and self.cost_high is not None:
            first_year = CostRange(self.cost_low, self.cost_high, self.incomplete)
        levels = Counter[str]()
        for (_, level), students in self.picks.items():
            levels[level] += students
        return CohortSummary(
            students=self.scored + self.failed,
            scored=self.scored,
            failed=self.failed,
            picks=self._picks(catalog),
            confidence=tuple((level, levels[level]) for level in LEVELS),
            conflicts=self._conflicts(catalog),
            gaps=self._gaps(catalog),
            first_year=first_year,
        )

    def _picks(self, catalog: Catalog) -> tuple[PickCount, ...]:
        """Every pick, most students first; equal counts in the catalog's order."""
        order = {code: place for place, code in enumerate(catalog.certs)}
        codes = sorted({code for code, _ in self.picks}, key=lambda code: order.get(code, len(order)))
        picks = []
        for code in codes:
            by_level = tuple(self.picks[code, level] for level in LEVELS)
            picks.append(PickCount(code, sum(by_level), by_level, self.pick_costs.get(code)))
        picks.sort(key=lambda pick: -pick.students)  # stable: ties stay in the catalog's order
        return tuple(picks)

    def _conflicts(self, catalog: Catalog) -> tuple[ConflictCount, ...]:
        """The most frequent conflicts; equal counts in the data's order."""
        listed = [ConflictCount(c.id, c.note, self.conflicts[c.id]) for c in catalog.conflicts]
        listed.sort(key=lambda conflict: -conflict.students)
        return tuple(conflict for conflict in listed if conflict.students)[:TOP_CONFLICTS]

    def _gaps(self, catalog: Catalog) -> tuple[QuestionGaps, ...]:
        """The questions most often unanswered or answered neutrally; ties in question order."""
        gaps = [QuestionGaps(q.id, self.unanswered[q.id], self.neutral[q.id]) for q in catalog.questions]
        gaps.sort(key=lambda gap: -gap.total)
        return tuple(gap for gap in gaps if gap.total)[:TOP_QUESTIONS]


def _bound(pick: Callable[[int, int], int], mine: int | None, theirs: int | None) -> int | None:
    """The lower (``min``) or higher (``max``) of two bounds, either of which may be unset."""
    if mine is None:
        return theirs
    return mine if theirs is None else pick(mine, theirs)
