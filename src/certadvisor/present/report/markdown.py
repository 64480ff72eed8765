"""The Markdown report: the pick, the summary, the scores, the plan, then the details and the
sources, in the HTML report's order and in plain text that reads well unrendered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from certadvisor.core.compare import compare
from certadvisor.core.rules import BASE_SCORE
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert
from certadvisor.model.results import Result
from certadvisor.present.comparison_text import cell_text
from certadvisor.present.fact_text import COPIES_NOTE, STALE_LEGEND, STALE_MARK, source_status
from certadvisor.present.markdown_text import (
    markdown_code,
    markdown_code_block,
    markdown_link,
)
from certadvisor.present.markdown_text import markdown_escape as esc
from certadvisor.present.report.common import (
    DISCLAIMER,
    KEY_DIMENSIONS,
    SAID_BY_THE_HEADING,
    SCORES_HEADING,
    drawn,
    grouped_lines,
)
from certadvisor.present.report.hiring import hiring_md
from certadvisor.present.view import ResultView, build, score_text, sorted_reasons, why_not_needed


def markdown_report(
    catalog: Catalog,
    result: Result,
    today: dt.date,
    command: str,
) -> str:
    """A self-contained Markdown report of the answers, result, comparison and sources."""
    view = build(catalog, result)
    lines: list[str] = [
        "# certadvisor report",
        "",
        f"Date: {today.isoformat()}  ",
        f"Data last updated: {catalog.updated.isoformat()}",
        "",
        f"{DISCLAIMER} {COPIES_NOTE}",
        "",
    ]
    lines += _recommendation_md(view)
    lines += [
        "## In short",
        "",
        *(
            f"- **{esc(label)}:** {esc(text)}"
            for label, text in view.in_short
            if label not in SAID_BY_THE_HEADING
        ),
        "",
    ]
    lines += _scores_md(view, result)
    lines += _plan_md(catalog, result)
    lines += hiring_md(view.getting_hired)
    lines += _what_it_takes_md(view)
    lines += _ranking_md(view)
    lines += _what_ifs_md(view)
    lines += _answers_md(catalog, result)
    lines += _terms_md(view)
    lines += _comparison_md([catalog.certs[r.code] for r in result.ranking[:2]], today)
    lines += ["", "## Reproduce this result", "", *markdown_code_block(command), ""]
    return "\n".join(lines)


def _answers_md(catalog: Catalog, result: Result) -> list[str]:
    """The answers table: each question with the answer given, or what an unanswered one counts as."""
    lines = ["## Answers", "", "| Question | Answer |", "|---|---|"]
    for question in catalog.questions:
        if question.id in result.answers:
            answer = esc(question.label(result.answers[question.id]))
        elif result.effective[question.id] == question.neutral:
            answer = f"(not answered: counted as “{esc(question.label(question.neutral))}”)"
        else:
            answer = esc(question.label(result.effective[question.id]))
        lines.append(f"| {esc(question.text)} | {answer} |")
    return [*lines, ""]


def _recommendation_md(view: ResultView) -> list[str]:
    """The pick first, as the HTML page's heading says it: its lead, confidence, what it is, and
    what qualifies it (confidence notes, notices)."""
    lead = f", {esc(view.lead)}." if view.lead else "."
    lines = ["## Recommendation", "", f"**{esc(view.headline)}**{lead}"]
    lines += [""]
    if view.confidence == "high":
        lines += [f"Confidence: {esc(view.confidence)}.", ""]
    lines += [esc(view.summary), ""]
    if view.confidence != "high":
        lines += [f"**Confidence: {esc(view.confidence)}.**", ""]
        lines += [f"- {esc(line)}" for line in view.confidence_lines] + [""]
    for notice in (view.cannot_advise, view.requirement, view.held):
        if notice:
            lines += [f"**{esc(notice)}**", ""]
    return lines


def _scores_md(view: ResultView, result: Result) -> list[str]:
    """The HTML chart in words: the drawn scores in a list, the rest grouped in a line."""
    lines = [f"## {SCORES_HEADING}", ""]
    for ranked in drawn(result):
        mark = " (your pick)" if ranked.code == result.recommendation else ""
        lines.append(f"- {esc(ranked.code)}: {score_text(ranked, '/100')}{mark}")
    lines.append("")
    for line in grouped_lines(view, result):
        lines += [esc(line), ""]
    lines += [esc(view.score_meaning), ""]
    if view.cap_note:
        lines += [esc(view.cap_note), ""]
    return lines


def _what_it_takes_md(view: ResultView) -> list[str]:
    if not view.what_it_takes:
        return []
    lines = ["## What it takes", ""]
    for one in view.what_it_takes:
        lines.append(
            f"- **{esc(one.code)}**: first year {esc(one.first_year)}; "
            f"staying certified {esc(one.upkeep)}; time {esc(one.time)}."
        )
    return [*lines, ""]


def _ranking_md(view: ResultView) -> list[str]:
    """The reasons behind each listed score, the tie and the conflicts, then why not the
    runner-up."""
    lines = ["## Ranking and reasons", ""]
    # The pick's unmet requirement is said once, under the recommendation: not again here.
    for ranked in view.matched:
        lines.append(f"### {esc(ranked.code)}: {score_text(ranked, '/100')}")
        lines.append("")
        if not ranked.reasons:
            lines.append(f"- No rule applied; it stays at the starting {BASE_SCORE}.")
        for reason in sorted_reasons(ranked):
            lines.append(f"- {reason.points:+d}: {esc(reason.text)} ({markdown_code(reason.rule)})")
        lines.append("")
    if view.tie:
        lines += [esc(view.tie), ""]
    if view.conflicts:
        lines += ["### Answers that pull in different directions", ""]
        lines += [f"- {esc(note)}" for note in view.conflicts] + [""]
    # Not when the runner-up's reasons are listed just above: its items would repeat them.
    if why_not_needed(view, (ranked.code for ranked in view.matched)):
        lines += [f"## Why not {esc(view.runner_up or '')}?", ""]
        lines += [
            f"- {line.points:+d}: {esc(line.text)}" if line.points else f"- {esc(line.text)}"
            for line in view.why_not
        ]
        lines.append("")
    return lines


def _what_ifs_md(view: ResultView) -> list[str]:
    if not view.what_ifs:
        return []
    return ["## What would change the answer", "", *(f"- {esc(text)}" for text in view.what_ifs), ""]


def _plan_md(catalog: Catalog, result: Result) -> list[str]:
    """The path for the pick, then its next steps."""
    lines: list[str] = []
    if result.path is not None:
        lines += [f"## Your path: {esc(result.path.title)}", ""]
        for number, path_step in enumerate(result.path.steps, start=1):
            lines.append(f"{number}. {esc(path_step.text)} *({esc(path_step.condition)})*")
        lines.append("")
    lines += [f"## Next steps for {esc(catalog.certs[result.recommendation].code)}", ""]
    for number, step in enumerate(result.next_steps, start=1):
        lines.append(f"{number}. {esc(step.text)}" + (f" {markdown_link(step.url)}" if step.url else ""))
    return [*lines, ""]


def _terms_md(view: ResultView) -> list[str]:
    """The glossary terms the report uses."""
    if not view.terms:
        return []
    lines = ["## Terms", "", "The terms used above, in plain words (`certadvisor glossary` lists more).", ""]
    lines += [f"- **{esc(entry.term)}**: {esc(entry.text)}" for entry in view.terms]
    return [*lines, ""]


def _comparison_md(certs: Sequence[Cert], today: dt.date) -> list[str]:
    comparison = compare(certs, today)
    numbers = {source.id: n for n, source in enumerate(comparison.sources, start=1)}
    codes = [esc(c.code) for c in certs]
    lines = [
        "## " + " and ".join(codes) + " side by side",
        "",
        "| | " + " | ".join(codes) + " |",
        "|---|" + "---|" * len(certs),
    ]
    for row in comparison.rows:
        if row.key not in KEY_DIMENSIONS:
            continue
        cells = []
        for cell in row.cells:
            text = esc(cell_text(row, cell))
            if cell.fact is not None:
                # ``[2]`` links nowhere: no reference definition can come from the escaped data.
                text += f" [{numbers[cell.fact.source.id]}]"
            if cell.stale:
                text += f" {esc(STALE_MARK)}"
            cells.append(text)
        lines.append(f"| {esc(row.label)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        *([esc(STALE_LEGEND), ""] if comparison.stale_count else []),
        "### Sources",
        "",
    ]
    for source in comparison.sources:
        kind = "official" if source.official else "third party"
        lines.append(
            f"{numbers[source.id]}. {esc(source.title)}, {esc(source.publisher)} ({kind}): "
            f"{markdown_link(source.url)} ({esc(source_status(source, certs, today))})"
        )
    lines.append("")
    return lines
