"""The HTML report: one self-contained page anyone can open, print or read on a phone.

It says what the Markdown report says, from the same view model (``view.build``) and in the same
order, and adds a bar chart of the ranking drawn as inline SVG (``html_chart``). The page loads
nothing: no scripts, no stylesheets, fonts or images from elsewhere; links to the sources are
plain links. Every piece of text that comes from the data file or the answers is HTML-escaped,
and only ``http``/``https`` addresses become links (``html_markup``), so a data file cannot inject
markup or script.
"""

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
from certadvisor.present.report.common import DISCLAIMER, KEY_DIMENSIONS
from certadvisor.present.report.hiring import hiring_html
from certadvisor.present.report.html_chart import ranking_chart
from certadvisor.present.report.html_markup import esc, html_list, link
from certadvisor.present.report.html_style import STYLE
from certadvisor.present.view import ResultView, build, score_text, sorted_reasons, unmatched_line


def html_report(catalog: Catalog, result: Result, today: dt.date, command: str) -> str:
    """A self-contained HTML report of the answers, result, chart, comparison and sources."""
    view = build(catalog, result)
    top = catalog.certs[result.recommendation]
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>certadvisor report: {esc(view.headline)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        "<h1>certadvisor report</h1>",
        f'<p class="meta">Date: <time datetime="{today.isoformat()}">{today.isoformat()}</time><br>'
        f'Data last updated: <time datetime="{catalog.updated.isoformat()}">'
        f"{catalog.updated.isoformat()}</time></p>",
        f'<p class="disclaimer">{esc(DISCLAIMER)} {esc(COPIES_NOTE)}</p>',
        "</header>",
    ]
    parts += [
        '<section id="in-short">',
        "<h2>In short</h2>",
        "<dl>",
        *(f"<dt>{esc(label)}</dt><dd>{esc(text)}</dd>" for label, text in view.in_short),
        "</dl>",
        "</section>",
    ]
    parts += _answers(catalog, result)
    parts += _recommendation(view, result)
    parts += _what_it_takes(view)
    parts += _ranking(view, result)
    parts += _why_not(view)
    parts += _what_ifs(view)
    parts += _path(result)
    parts += hiring_html(view.getting_hired)
    parts += _comparison([catalog.certs[r.code] for r in result.ranking[:2]], today)
    parts += _next_steps(top, result)
    parts += _terms(view)
    parts += [
        '<section id="reproduce">',
        "<h2>Reproduce this result</h2>",
        f"<pre><code>{esc(command)}</code></pre>",
        "</section>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


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


def _recommendation(view: ResultView, result: Result) -> list[str]:
    lead = f", {esc(view.lead)}." if view.lead else "."
    parts = [
        '<section id="recommendation">',
        "<h2>Recommendation</h2>",
        f'<p class="headline"><strong>{esc(view.headline)}</strong>{lead}</p>',
        f"<p>{esc(view.summary)}</p>",
    ]
    if view.confidence != "high":
        parts.append(f'<div class="confidence confidence-{esc(view.confidence)}">')
        parts.append(f"<p><strong>Confidence: {esc(view.confidence)}.</strong></p>")
        parts += html_list("ul", (esc(line) for line in view.confidence_lines))
        parts.append("</div>")
    for notice in (view.cannot_advise, view.requirement, view.held):
        if notice:
            parts.append(f'<p class="notice"><strong>{esc(notice)}</strong></p>')
    if view.conflicts:
        parts.append("<h3>Answers that pull in different directions</h3>")
        parts += html_list("ul", (esc(note) for note in view.conflicts))
    if view.tie:
        parts.append(f'<p class="tie">{esc(view.tie)}</p>')
    parts.append("</section>")
    return parts


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


def _ranking(view: ResultView, result: Result) -> list[str]:
    parts = [
        '<section id="ranking">',
        "<h2>Ranking and reasons</h2>",
        f"<p>{esc(view.score_meaning)}</p>",
        *([f"<p>{esc(view.cap_note)}</p>"] if view.cap_note else []),
        *ranking_chart(result),
    ]
    # The pick's unmet requirement is said once, under the recommendation: not again here.
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
    others = unmatched_line(view)
    if others:
        parts.append(f'<p class="muted">{esc(others)}</p>')
    parts.append("</section>")
    return parts


def _why_not(view: ResultView) -> list[str]:
    if not view.runner_up:
        return []
    items = [
        f'<span class="points">{line.points:+d}</span> {esc(line.text)}' if line.points else esc(line.text)
        for line in view.why_not
    ]
    return [
        '<section id="why-not">',
        f"<h2>Why not {esc(view.runner_up)}?</h2>",
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


def _path(result: Result) -> list[str]:
    if result.path is None:
        return []
    items = [f'{esc(step.text)} <em class="muted">({esc(step.condition)})</em>' for step in result.path.steps]
    return [
        '<section id="path">',
        f"<h2>Your path: {esc(result.path.title)}</h2>",
        *html_list("ol", items),
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
    parts.append("<h3>Sources</h3>")
    items = []
    for source in comparison.sources:
        kind = "official" if source.official else "third party"
        items.append(
            f'<li id="source-{numbers[source.id]}">{esc(source.title)}, {esc(source.publisher)} '
            f"({kind}): {link(source.url)} ({esc(source_status(source, certs, today))})</li>"
        )
    parts += ['<ol class="sources">', *items, "</ol>", "</section>"]
    return parts


def _next_steps(top: Cert, result: Result) -> list[str]:
    items = [esc(step.text) + (f" {link(step.url)}" if step.url else "") for step in result.next_steps]
    return [
        '<section id="next-steps">',
        f"<h2>Next steps for {esc(top.code)}</h2>",
        *html_list("ol", items),
        "</section>",
    ]


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
