"""The HTML report's details, after the plan: what it takes, the reasons behind each score, why
not the runner-up, what would change the answer, the answers, the terms, and last the top two
side by side with the numbered sources every fact cites."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from certadvisor.core.compare import compare
from certadvisor.core.rules import BASE_SCORE
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert
from certadvisor.model.results import Result
from certadvisor.present.comparison_text import cell_text
from certadvisor.present.fact_text import STALE_LEGEND, STALE_MARK, source_status
from certadvisor.present.report.common import KEY_DIMENSIONS
from certadvisor.present.report.html_markup import esc, html_list, link
from certadvisor.present.view import ResultView, score_text, sorted_reasons, why_not_needed


def details(catalog: Catalog, view: ResultView, result: Result, today: dt.date) -> list[str]:
    """Every section after the plan, in the Markdown report's order."""
    return [
        *_what_it_takes(view),
        *_ranking(view),
        *_why_not(view),
        *_what_ifs(view),
        *_answers(catalog, result),
        *_terms(view),
        *_comparison([catalog.certs[r.code] for r in result.ranking[:2]], today),
    ]


def _answers(catalog: Catalog, result: Result) -> list[str]:
    rows = []
    for question in catalog.questions:
        if question.id in result.answers:
            answer = esc(question.label(result.answers[question.id]))
        elif result.effective[question.id] == question.neutral:
            answer = (
                '<span class="muted">(not answered: counted as '
                f"“{esc(question.label(question.neutral))}”)</span>"
            )
        else:
            answer = esc(question.label(result.effective[question.id]))
        rows.append(f'<tr><th scope="row">{esc(question.text)}</th><td>{answer}</td></tr>')
    return [
        '<section id="answers">',
        "<h2>Answers</h2>",
        '<div class="table-wrap"><table>',
        '<thead><tr><th scope="col">Question</th><th scope="col">Answer</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table></div>",
        "</section>",
    ]


def _what_it_takes(view: ResultView) -> list[str]:
    if not view.what_it_takes:
        return []
    rows = [
        f'<tr><th scope="row">{esc(one.code)}</th><td>{esc(one.first_year)}</td>'
        f"<td>{esc(one.upkeep)}</td><td>{esc(one.time)}</td></tr>"
        for one in view.what_it_takes
    ]
    return [
        '<section id="what-it-takes">',
        "<h2>What it takes</h2>",
        '<div class="table-wrap"><table>',
        '<thead><tr><th scope="col"></th><th scope="col">First year</th>'
        '<th scope="col">Staying certified</th><th scope="col">Time</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table></div>",
        "</section>",
    ]


def _ranking(view: ResultView) -> list[str]:
    """The reasons behind each drawn score (the chart above names the rest), then the tie and the
    answers that pull apart."""
    parts = ['<section id="ranking">', "<h2>Ranking and reasons</h2>"]
    # The pick's unmet requirement is said once, at the top: not again here.
    for ranked in view.matched:
        parts.append(
            f'<h3 id="rank-{esc(ranked.code)}">{esc(ranked.code)}: {esc(score_text(ranked, "/100"))}</h3>'
        )
        items = []
        if not ranked.reasons:
            items.append(f"No rule applied; it stays at the starting {BASE_SCORE}.")
        for reason in sorted_reasons(ranked):
            items.append(
                f'<span class="points">{reason.points:+d}</span> {esc(reason.text)} '
                f'<code class="rule">{esc(reason.rule)}</code>'
            )
        parts += html_list("ul", items, css="reasons")
    if view.tie:
        parts.append(f'<p class="tie">{esc(view.tie)}</p>')
    if view.conflicts:
        parts.append("<h3>Answers that pull in different directions</h3>")
        parts += html_list("ul", (esc(note) for note in view.conflicts))
    parts.append("</section>")
    return parts


def _why_not(view: ResultView) -> list[str]:
    """Why not the runner-up, unless its reasons are already listed under the ranking: then its
    items would be those reasons and the pick's, said a second time."""
    if not why_not_needed(view, (ranked.code for ranked in view.matched)):
        return []
    items = [
        f'<span class="points">{line.points:+d}</span> {esc(line.text)}' if line.points else esc(line.text)
        for line in view.why_not
    ]
    return [
        '<section id="why-not">',
        f"<h2>Why not {esc(view.runner_up or '')}?</h2>",
        *html_list("ul", items),
        "</section>",
    ]


def _what_ifs(view: ResultView) -> list[str]:
    if not view.what_ifs:
        return []
    return [
        '<section id="what-ifs">',
        "<h2>What would change the answer</h2>",
        *html_list("ul", (esc(text) for text in view.what_ifs)),
        "</section>",
    ]


def _comparison(certs: Sequence[Cert], today: dt.date) -> list[str]:
    comparison = compare(certs, today)
    numbers = {source.id: n for n, source in enumerate(comparison.sources, start=1)}
    header = "".join(f'<th scope="col">{esc(c.code)}</th>' for c in certs)
    rows = []
    for row in comparison.rows:
        if row.key not in KEY_DIMENSIONS:
            continue
        cells = []
        for cell in row.cells:
            text = esc(cell_text(row, cell))
            if cell.fact is not None:
                number = numbers[cell.fact.source.id]
                text += f' <sup class="cite"><a href="#source-{number}">[{number}]</a></sup>'
            if cell.stale:
                text += f' <span class="stale" title="due for a re-check">{esc(STALE_MARK)}</span>'
            cells.append(f"<td>{text}</td>")
        rows.append(f'<tr><th scope="row">{esc(row.label)}</th>{"".join(cells)}</tr>')
    parts = [
        '<section id="comparison">',
        f"<h2>{esc(' and '.join(c.code for c in certs))} side by side</h2>",
        '<div class="table-wrap"><table>',
        f'<thead><tr><th scope="col"></th>{header}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table></div>",
    ]
    if comparison.stale_count:
        parts.append(f'<p class="legend">{esc(STALE_LEGEND)}</p>')
    parts.append('<h3 id="sources">Sources</h3>')
    items = []
    for source in comparison.sources:
        kind = "official" if source.official else "third party"
        items.append(
            f'<li id="source-{numbers[source.id]}">{esc(source.title)}, {esc(source.publisher)} '
            f"({kind}): {link(source.url)} ({esc(source_status(source, certs, today))})</li>"
        )
    parts += ['<ol class="sources">', *items, "</ol>", "</section>"]
    return parts


def _terms(view: ResultView) -> list[str]:
    if not view.terms:
        return []
    return [
        '<section id="terms">',
        "<h2>Terms</h2>",
        "<p>The terms used above, in plain words.</p>",
        "<dl>",
        *(f"<dt>{esc(entry.term)}</dt><dd>{esc(entry.text)}</dd>" for entry in view.terms),
        "</dl>",
        "</section>",
    ]
