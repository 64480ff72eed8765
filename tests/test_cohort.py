"""The cohort summary (issue #27, item 4): counts per pick and confidence, the most frequent
conflicts, the questions left open, the first-year cost range; built one result at a time,
mergeable, and never holding a student's id, on any of its screens."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from certadvisor.core.cohort import LEVELS, Cohort, CohortSummary
from certadvisor.core.cost import sheet
from certadvisor.core.engine import Engine
from certadvisor.load.csv_answers import CsvReader
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result
from certadvisor.present.cohort_text import ROW_COLUMNS, cohort_view, failed_row, student_row
from certadvisor.present.json.cohort import cohort_document
from certadvisor.present.report.cohort_html import cohort_html
from certadvisor.present.terminal.cohort import print_cohort

COHORT = Path(__file__).parent / "data" / "cohort30.csv"
TODAY = dt.date(2026, 12, 7)


def scored(catalog: Catalog, engine: Engine) -> Iterator[tuple[str, Result | None]]:
    """(id, result or None for a failed row) for every row of the example cohort."""
    with COHORT.open("rb") as handle:
        for row in CsvReader(catalog, handle, COHORT.name):
            yield row.id, None if not isinstance(row.answers, dict) else engine.recommend(row.answers)


@pytest.fixture(scope="module")
def results(catalog: Catalog, engine: Engine) -> list[tuple[str, Result | None]]:
    return list(scored(catalog, engine))


def build(catalog: Catalog, results: list[tuple[str, Result | None]]) -> Cohort:
    cohort = Cohort()
    for _, result in results:
        if result is None:
            cohort.add_failure()
        else:
            cohort.add(catalog, result)
    return cohort


@pytest.fixture(scope="module")
def summary(catalog: Catalog, results: list[tuple[str, Result | None]]) -> CohortSummary:
    return build(catalog, results).summary(catalog)


def test_counts_add_up(summary: CohortSummary, results: list[tuple[str, Result | None]]) -> None:
    done = [result for _, result in results if result is not None]
    assert (summary.students, summary.scored, summary.failed) == (30, 28, 2)
    assert sum(pick.students for pick in summary.picks) == 28
    assert sum(n for _, n in summary.confidence) == 28
    assert [level for level, _ in summary.confidence] == list(LEVELS)
    for pick in summary.picks:
        assert pick.students == sum(pick.by_level)
        assert pick.students == sum(1 for r in done if r.recommendation == pick.code)
    assert [p.students for p in summary.picks] == sorted((p.students for p in summary.picks), reverse=True)


def test_conflicts_most_frequent_first(
    summary: CohortSummary, results: list[tuple[str, Result | None]]
) -> None:
    done = [result for _, result in results if result is not None]
    assert summary.conflicts, "the example has students whose answers pull two ways"
    for conflict in summary.conflicts:
        assert conflict.students == sum(1 for r in done if any(c.id == conflict.id for c in r.conflicts))
        assert conflict.note
    counts = [c.students for c in summary.conflicts]
    assert counts == sorted(counts, reverse=True)


def test_questions_left_open_count_applicable_unanswered_and_neutral(
    catalog: Catalog, summary: CohortSummary, results: list[tuple[str, Result | None]]
) -> None:
    done = [result for _, result in results if result is not None]
    gaps = {gap.question: gap for gap in summary.gaps}
    assert gaps, "the example leaves questions open"
    for qid, gap in gaps.items():
        question = catalog.question(qid)
        assert gap.neutral == sum(1 for r in done if r.answers.get(qid) == question.neutral)
        assert gap.unanswered <= sum(1 for r in done if qid not in r.answers)
    # him_status is asked only of HIM students: it is never "unanswered" by anyone else.
    if "him_status" in gaps:
        assert gaps["him_status"].unanswered == 0


def test_the_cost_range_spans_every_pick(
    catalog: Catalog, summary: CohortSummary, results: list[tuple[str, Result | None]]
) -> None:
    costs = [
        sheet(catalog.certs[r.recommendation], situation=r.situation).first_year_usual
        for _, r in results
        if r is not None
    ]
    # A figure no source prices at all is "not known", never a cost of $0.
    known = [c for c in costs if not (c.unknown and c.low == c.high == 0)]
    assert len(known) < len(costs), "the example has picks whose first year is not known"
    assert summary.first_year is not None
    assert summary.first_year.low == min(c.low for c in known)
    assert summary.first_year.high == max(c.high for c in known)
    assert summary.first_year.incomplete == sum(1 for c in costs if c.unknown)
    for pick in summary.picks:
        mine = [
            sheet(catalog.certs[r.recommendation], situation=r.situation).first_year_usual
            for _, r in results
            if r is not None and r.recommendation == pick.code
        ]
        mine = [c for c in mine if not (c.unknown and c.low == c.high == 0)]
        expected = (min(c.low for c in mine), max(c.high for c in mine)) if mine else None
        assert pick.first_year == expected


def test_two_halves_merged_make_the_same_summary(
    catalog: Catalog, summary: CohortSummary, results: list[tuple[str, Result | None]]
) -> None:
    first, second = build(catalog, results[:13]), build(catalog, results[13:])
    first.merge(second)
    assert first.summary(catalog) == summary
    empty = Cohort()
    empty.merge(build(catalog, results))
    assert empty.summary(catalog) == summary


def test_an_empty_cohort(catalog: Catalog) -> None:
    summary = Cohort().summary(catalog)
    assert (summary.students, summary.picks, summary.first_year) == (0, (), None)
    view = cohort_view(catalog, summary)
    assert view.first_year is None
    assert "No student was scored" in cohort_html(view, TODAY, catalog.updated)


def ids_in(results: list[tuple[str, Result | None]]) -> list[str]:
    return [ident for ident, _ in results if len(ident) > 3]


def test_no_screen_holds_an_id(
    catalog: Catalog, summary: CohortSummary, results: list[tuple[str, Result | None]]
) -> None:
    view = cohort_view(catalog, summary)
    document = json.dumps(cohort_document(view, catalog.updated.isoformat()), ensure_ascii=False)
    page = cohort_html(view, TODAY, catalog.updated)
    out = io.StringIO()
    print_cohort(Console(file=out, width=80, color_system=None), view)
    screen = out.getvalue()
    for ident in ids_in(results):
        for text in (document, page, screen, repr(summary)):
            assert ident not in text
    assert "No student's id or name is in this summary" in screen
    assert "Cohort summary: 30 students" in screen
    assert "28 scored, 2 not scored" in screen


def test_the_json_document(catalog: Catalog, summary: CohortSummary) -> None:
    document = cohort_document(cohort_view(catalog, summary), "2026-12-07")
    assert (document["students"], document["scored"], document["failed"]) == (30, 28, 2)
    assert sum(p["students"] for p in document["picks"]) == 28
    assert set(document["picks"][0]["confidence"]) == set(LEVELS)
    assert set(document["confidence"]) == set(LEVELS)
    assert document["first_year"]["unit"] == "USD"
    assert document["first_year"]["low"] <= document["first_year"]["high"]
    assert json.loads(json.dumps(document)) == document


def test_the_page_is_self_contained_and_escapes_everything(catalog: Catalog, summary: CohortSummary) -> None:
    view = cohort_view(catalog, summary)
    hostile = "<script>alert(1)</script> & \"'"
    first = view.picks[0]._replace(name=hostile, text=hostile)
    view = view._replace(
        picks=(first, *view.picks[1:]),
        conflicts=tuple(c._replace(label=hostile) for c in view.conflicts),
        gaps=tuple(g._replace(text=hostile, detail=hostile) for g in view.gaps),
    )
    page = cohort_html(view, TODAY, catalog.updated)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&#x27;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert page.count("<svg") == 2  # the picks and the confidence levels
    assert '<g class="bar pick"' in page


def test_a_results_row_says_what_in_short_says(
    catalog: Catalog, results: list[tuple[str, Result | None]]
) -> None:
    assert ROW_COLUMNS[0] == "id" and ROW_COLUMNS[-1] == "error"
    for _, result in results:
        if result is None:
            continue
        row = student_row(catalog, result)
        assert row.pick == result.recommendation
        assert row.confidence == result.confidence.level
        assert row.error == ""
        assert row.conflict == "; ".join(c.id for c in result.conflicts)
        if row.first_year_low is not None:
            assert row.first_year_high is not None and row.first_year_low <= row.first_year_high
        assert len(row) == len(ROW_COLUMNS) - 1
    assert failed_row("bad").error == "bad"
    assert failed_row("bad").pick == ""


def test_each_bar_is_its_share_of_the_students_scored(catalog: Catalog, summary: CohortSummary) -> None:
    """A bar as long as the chart would mean every student: the most frequent pick is not."""
    view = cohort_view(catalog, summary)
    page = cohort_html(view, TODAY, catalog.updated)
    bars = re.findall(r'data-count="(\d+)">.*?class="value" x="0" y="\d+" width="(\d+)%"', page, re.S)
    assert bars, "the page draws its bars"
    for count, width in bars:
        assert int(width) == round(100 * int(count) / view.scored)
    assert max(int(width) for _, width in bars) < 100


def test_questions_left_open_are_named_by_their_few_words(catalog: Catalog, summary: CohortSummary) -> None:
    view = cohort_view(catalog, summary)
    for gap in view.gaps:
        question = catalog.question(gap.question)
        assert gap.text.lower() == question.short.lower()
        assert not gap.text.endswith(("?", "."))
