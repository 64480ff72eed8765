"""The words of a cohort summary and of a student's results row, built once: the terminal, the
HTML page and the JSON all read this view model, so a sentence is written in one place.

Neither holds a student's id or name: the summary is made from counts (``core.cohort``), and a
results row gets its id from the batch, which writes it beside these columns.
"""

from __future__ import annotations

from typing import NamedTuple

from certadvisor.core.cohort import LEVELS, CohortSummary, PickCount
from certadvisor.core.cost import sheet
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result
from certadvisor.text import plural

PRIVACY = "No student's id or name is in this summary: it is made from counts alone."
COST_MEANING = (
    "The first year of each student's pick on the usual route (exam, membership, books and the "
    "usual course), as each student's own result gives it."
)


class PickLine(NamedTuple):
    """One pick: how many students got it, their share, and how many at each confidence level."""

    code: str
    name: str
    students: int
    percent: int
    by_level: tuple[int, ...]  # LEVELS order
    levels: str  # "8 high, 3 medium, 1 low"
    first_year: str  # "$589–$647", or "not known"
    text: str  # "12 students (40%): 8 high, 3 medium, 1 low confidence"


class CountLine(NamedTuple):
    """A counted thing (a confidence level, a conflict) with its students and their share."""

    key: str
    label: str
    students: int
    percent: int


class GapLine(NamedTuple):
    """A question often left open: its text, and how many left it unanswered or answered neutrally."""

    question: str
    text: str
    unanswered: int
    neutral: int
    neutral_label: str  # the neutral choice's label: "Not sure", "No preference"
    detail: str  # "4 unanswered, 6 answered "Not sure""


class CohortView(NamedTuple):
    """Every sentence a cohort summary needs, in the order the screens show them."""

    title: str
    counts: str  # "30 students: 28 scored, 2 not scored (their rows have errors)"
    students: int
    scored: int
    failed: int
    picks: tuple[PickLine, ...]
    confidence: tuple[CountLine, ...]
    conflicts: tuple[CountLine, ...]
    gaps: tuple[GapLine, ...]
    first_year: str | None  # "$390–$3,900", None when nobody was scored
    first_year_low: int | None
    first_year_high: int | None
    first_year_note: str  # what the range means, and how many figures leave a part out
    privacy: str = PRIVACY


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def cohort_view(catalog: Catalog, summary: CohortSummary) -> CohortView:
    """The summary's wording."""
    scored = summary.scored
    counts = f"{plural(summary.students, 'student')}: {scored:,} scored"
    if summary.failed:
        counts += f", {summary.failed:,} not scored (their rows have errors)"
    picks = tuple(_pick_line(catalog, pick, scored) for pick in summary.picks)
    confidence = tuple(
        CountLine(level, f"{level.capitalize()} confidence", n, _percent(n, scored))
        for level, n in summary.confidence
    )
    conflicts = tuple(
        CountLine(c.id, c.note or c.id, c.students, _percent(c.students, scored)) for c in summary.conflicts
    )
    cost = summary.first_year
    note = COST_MEANING
    if cost is not None and cost.incomplete:
        note += f" {plural(cost.incomplete, 'student')}' figures leave out a part no source prices."
    return CohortView(
        title=f"Cohort summary: {plural(summary.students, 'student')}",
        counts=counts,
        students=summary.students,
        scored=scored,
        failed=summary.failed,
        picks=picks,
        confidence=confidence,
        conflicts=conflicts,
        gaps=tuple(_gap(catalog, gap.question, gap.unanswered, gap.neutral) for gap in summary.gaps),
        first_year=None if cost is None else _money(cost.low, cost.high),
        first_year_low=None if cost is None else cost.low,
        first_year_high=None if cost is None else cost.high,
        first_year_note=note,
    )


def _pick_line(catalog: Catalog, pick: PickCount, scored: int) -> PickLine:
    code, students, by_level, _ = pick
    levels = ", ".join(f"{n:,} {level}" for level, n in zip(LEVELS, by_level, strict=True) if n)
    share = _percent(students, scored)
    name = catalog.certs[code].name if code in catalog.certs else code
    text = f"{plural(students, 'student')} ({share}%): {levels} confidence"
    cost = _money(*pick.first_year) if pick.first_year is not None else "not known"
    return PickLine(code, name, students, share, by_level, levels, cost, text)


def _gap(catalog: Catalog, question_id: str, unanswered: int, neutral: int) -> GapLine:
    question = catalog.question(question_id)
    label = question.label(question.neutral)
    parts = []
    if unanswered:
        parts.append(f"{unanswered:,} unanswered")
    if neutral:
        parts.append(f'{neutral:,} answered "{label}"')
    # The question's few words ("Credentials you hold"): its full text ends in "?" or "." and
    # reads badly before a colon.
    name = question.short[:1].upper() + question.short[1:] if question.short else question.text
    return GapLine(question_id, name, unanswered, neutral, label, ", ".join(parts))


def _money(low: int, high: int) -> str:
    return f"${low:,}" if low == high else f"${low:,}–${high:,}"


class StudentRow(NamedTuple):
    """One student's results row (``--output FILE.csv``), after the passed-through id. A row
    that failed has only ``error``."""

    pick: str = ""
    confidence: str = ""
    runner_up: str = ""
    first_step: str = ""
    first_year_low: int | None = None
    first_year_high: int | None = None
    conflict: str = ""  # the conflicts' ids, joined by "; "
    error: str = ""


# The results file's columns: the id, then a StudentRow's fields.
ROW_COLUMNS = ("id", *StudentRow._fields)


def student_row(catalog: Catalog, result: Result) -> StudentRow:
    """A result in one row: the same pick, runner-up, first step and cost as its "In short"."""
    top = result.ranking[0]
    runner = next((r for r in result.ranking[1:] if r.matched and not r.held), None)
    if result.path is not None and result.path.steps:
        first_step = result.path.steps[0].text
    elif result.next_steps:
        first_step = result.next_steps[0].text
    else:
        first_step = ""
    cost = sheet(catalog.certs[top.code], situation=result.situation).first_year_usual
    known = not (cost.unknown and cost.low == cost.high == 0)
    return StudentRow(
        pick=result.recommendation,
        confidence=result.confidence.level,
        runner_up=runner.code if runner is not None and result.starting_point is None else "",
        first_step=first_step,
        first_year_low=cost.low if known else None,
        first_year_high=cost.high if known else None,
        conflict="; ".join(conflict.id for conflict in result.conflicts),
    )


def failed_row(message: str) -> StudentRow:
    """The row of a student whose answers could not be scored."""
    return StudentRow(error=message)
