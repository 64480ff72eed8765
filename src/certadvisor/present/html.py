"""The HTML report: one self-contained page anyone can open, print or read on a phone.

It says what the Markdown report says, from the same view model (``view.build``) and in the same
order, and adds a bar chart of the ranking drawn as inline SVG. The page loads nothing: no
scripts, no stylesheets, fonts or images from elsewhere; links to the sources are plain links.
Every piece of text that comes from the data file or the answers is HTML-escaped, and only
``http``/``https`` addresses become links, so a data file cannot inject markup or script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urlsplit

from certadvisor.core.compare import STALE_LEGEND, STALE_MARK, compare, source_status
from certadvisor.core.engine import BASE_SCORE, Result
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert
from certadvisor.present.markdown import KEY_DIMENSIONS
from certadvisor.present.view import ResultView, build, sorted_reasons, unmatched_line

DISCLAIMER = (
    "This is guidance from a transparent rule set, not an eligibility decision. Confirm "
    "requirements and fees with the credentialing body before you pay for anything."
)

# The chart: one row per credential, a label line above a bar whose width is the score in
# percent of the chart's width, so it scales to any screen without shrinking the text.
ROW_HEIGHT = 34
LABEL_Y = 14
BAR_Y = 19
BAR_HEIGHT = 11
CHART_TOP = 6

STYLE = """
:root {
  color-scheme: light dark;
  --fg: #1b1b1b; --bg: #ffffff; --muted: #555; --rule: #d0d0d0; --accent: #1f5fa8;
  --bar: #8aa9cc; --pick: #1f5fa8; --faint: #c9c9c9; --note-bg: #fff6dc; --note-rule: #d9a400;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e8e8e8; --bg: #161616; --muted: #aaa; --rule: #444; --accent: #8cc1ff;
    --bar: #4f6f94; --pick: #8cc1ff; --faint: #555; --note-bg: #3a3115; --note-rule: #b68a00;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 48rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
p, li, td, th, figcaption { overflow-wrap: break-word; }
a { color: var(--accent); overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
pre {
  white-space: pre-wrap; overflow-wrap: anywhere; padding: 0.75rem;
  border: 1px solid var(--rule); border-radius: 4px;
}
.meta, .muted, figcaption, .legend { color: var(--muted); }
.disclaimer, .notice {
  background: var(--note-bg); border-left: 4px solid var(--note-rule); padding: 0.5rem 0.75rem;
}
.headline { font-size: 1.15rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; }
th, td {
  text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--rule);
}
thead th { border-bottom: 2px solid var(--rule); }
th[scope="row"] { font-weight: 600; }
.points { display: inline-block; min-width: 2.6em; font-variant-numeric: tabular-nums; font-weight: 600; }
.rule { color: var(--muted); font-size: 0.8em; }
.cite a { text-decoration: none; }
figure { margin: 1rem 0; }
svg.chart { display: block; width: 100%; overflow: visible; }
svg.chart text { fill: var(--fg); font-size: 13px; font-family: inherit; }
svg.chart .value { fill: var(--bar); }
svg.chart .pick .value { fill: var(--pick); }
svg.chart .unmatched .value, svg.chart .held .value { fill: var(--faint); }
svg.chart .pick text { font-weight: 700; }
svg.chart .start { stroke: var(--muted); stroke-dasharray: 3 3; stroke-width: 1; }
svg.chart .track { fill: none; stroke: var(--rule); stroke-width: 1; }
@media (max-width: 30rem) {
  main { padding: 0.75rem 0.6rem 2rem; }
  h1 { font-size: 1.35rem; }
  th, td { padding: 0.3rem 0.3rem; font-size: 0.95rem; }
}
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --rule: #999; --accent: #000;
          --bar: #888; --pick: #000; --faint: #ccc; --note-bg: #fff; --note-rule: #000; }
  @page { margin: 15mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, figure, pre, .notice { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { text-decoration: none; }
  svg.chart * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


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
        f"<title>certadvisor report: {_e(view.headline)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        "<h1>certadvisor report</h1>",
        f'<p class="meta">Date: <time datetime="{today.isoformat()}">{today.isoformat()}</time><br>'
        f'Data last updated: <time datetime="{catalog.updated.isoformat()}">'
        f"{catalog.updated.isoformat()}</time></p>",
        f'<p class="disclaimer">{_e(DISCLAIMER)}</p>',
        "</header>",
    ]
    parts += [
        '<section id="in-short">',
        "<h2>In short</h2>",
        "<dl>",
        *(f"<dt>{_e(label)}</dt><dd>{_e(text)}</dd>" for label, text in view.in_short),
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
    parts += _comparison([catalog.certs[r.code] for r in result.ranking[:2]], today)
    parts += _next_steps(top, result)
    parts += _terms(view)
    parts += [
        '<section id="reproduce">',
        "<h2>Reproduce this result</h2>",
        f"<pre><code>{_e(command)}</code></pre>",
        "</section>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


# --- sections --------------------------------------------------------------------------------


def _answers(catalog: Catalog, result: Result) -> list[str]:
    rows = []
    for question in catalog.questions:
        if question.id in result.answers:
            answer = _e(question.label(result.answers[question.id]))
        elif result.effective[question.id] == question.neutral:
            answer = (
                '<span class="muted">(not answered: counted as '
                f"“{_e(question.label(question.neutral))}”)</span>"
            )
        else:
            answer = _e(question.label(result.effective[question.id]))
        rows.append(f'<tr><th scope="row">{_e(question.text)}</th><td>{answer}</td></tr>')
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
    lead = f", {_e(view.lead)}." if view.lead else "."
    parts = [
        '<section id="recommendation">',
        "<h2>Recommendation</h2>",
        f'<p class="headline"><strong>{_e(view.headline)}</strong>{lead}</p>',
        f"<p>{_e(view.summary)}</p>",
    ]
    if view.confidence != "high":
        parts.append(f'<div class="confidence confidence-{_e(view.confidence)}">')
        parts.append(f"<p><strong>Confidence: {_e(view.confidence)}.</strong></p>")
        parts += _list("ul", (_e(line) for line in view.confidence_lines))
        parts.append("</div>")
    for notice in (view.cannot_advise, view.requirement, view.held):
        if notice:
            parts.append(f'<p class="notice"><strong>{_e(notice)}</strong></p>')
    if view.conflicts:
        parts.append("<h3>Answers that pull in different directions</h3>")
        parts += _list("ul", (_e(note) for note in view.conflicts))
    if view.tie:
        parts.append(f'<p class="tie">{_e(view.tie)}</p>')
    if result.tie_break:
        parts.append(f'<p class="tie-break">Tie-break: {_e(result.tie_break)}</p>')
    parts.append("</section>")
    return parts


def _what_it_takes(view: ResultView) -> list[str]:
    if not view.what_it_takes:
        return []
    rows = [
        f'<tr><th scope="row">{_e(one.code)}</th><td>{_e(one.first_year)}</td>'
        f"<td>{_e(one.upkeep)}</td><td>{_e(one.time)}</td></tr>"
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
        f"<p>{_e(view.score_meaning)}</p>",
        *ranking_chart(result),
    ]
    for ranked in view.matched:
        parts.append(f'<h3 id="rank-{_e(ranked.code)}">{_e(ranked.code)}: {ranked.score}/100</h3>')
        items = []
        if ranked.code == result.recommendation and view.requirement:
            items.append(f"<strong>Required first:</strong> {_e(view.requirement)}")
        if not ranked.reasons:
            items.append(f"No rule applied; it stays at the starting {BASE_SCORE}.")
        for reason in sorted_reasons(ranked):
            items.append(
                f'<span class="points">{reason.points:+d}</span> {_e(reason.text)} '
                f'<code class="rule">{_e(reason.rule)}</code>'
            )
        parts += _list("ul", items, css="reasons")
    others = unmatched_line(view)
    if others:
        parts.append(f'<p class="muted">{_e(others)}</p>')
    parts.append("</section>")
    return parts


def ranking_chart(result: Result) -> list[str]:
    """The ranking as a horizontal bar chart in inline SVG, bars in ranked order.

    Each bar is a ``<g>`` with its code in ``data-code``, a ``<title>`` for screen readers and
    tooltips, and a visible label with the code and score.
    """
    height = CHART_TOP + ROW_HEIGHT * len(result.ranking)
    pick = result.recommendation
    parts = [
        '<figure class="chart-figure">',
        f'<svg class="chart" width="100%" height="{height}" '
        'role="img" aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Scores out of 100, in ranked order</title>',
        f'<desc id="chart-desc">One bar per credential, longest for the highest score; the dashed '
        f"line marks the starting score of {BASE_SCORE}. {_e(pick)} is the recommendation.</desc>",
    ]
    for index, ranked in enumerate(result.ranking):
        y = CHART_TOP + index * ROW_HEIGHT
        bar_y = y + BAR_Y
        kind = "pick" if ranked.code == pick else "held" if ranked.held else "matched"
        if kind == "matched" and not ranked.matched:
            kind = "unmatched"
        note = {"pick": " (recommended)", "held": " (held)"}.get(kind, "")
        label = f"{ranked.code}: {ranked.score}/100" + {
            "pick": " (recommended)",
            "held": " (already held, never suggested)",
            "unmatched": " (not suggested by your answers)",
        }.get(kind, "")
        parts += [
            f'<g class="bar {kind}" data-code="{_e(ranked.code)}" data-score="{ranked.score}" '
            f'data-rank="{index + 1}">',
            f"<title>{_e(label)}</title>",
            f'<text x="0" y="{y + LABEL_Y}"><tspan class="code">{_e(ranked.code)}</tspan> '
            f'<tspan class="score">{ranked.score}</tspan>{_e(note)}</text>',
            f'<rect class="track" x="0" y="{bar_y}" width="100%" height="{BAR_HEIGHT}"></rect>',
            f'<rect class="value" x="0" y="{bar_y}" width="{ranked.score}%" height="{BAR_HEIGHT}"></rect>',
            "</g>",
        ]
    parts += [
        f'<line class="start" x1="{BASE_SCORE}%" x2="{BASE_SCORE}%" y1="{CHART_TOP + BAR_Y - 3}" '
        f'y2="{height}"></line>',
        "</svg>",
        f"<figcaption>Bars are scores out of 100; the dashed line is the starting {BASE_SCORE}. "
        "Held credentials rank last and are never suggested.</figcaption>"
        if any(r.held for r in result.ranking)
        else f"<figcaption>Bars are scores out of 100; the dashed line is the starting "
        f"{BASE_SCORE}.</figcaption>",
        "</figure>",
    ]
    return parts


def _why_not(view: ResultView) -> list[str]:
    if not view.runner_up:
        return []
    items = [
        f'<span class="points">{line.points:+d}</span> {_e(line.text)}' if line.points else _e(line.text)
        for line in view.why_not
    ]
    return [
        '<section id="why-not">',
        f"<h2>Why not {_e(view.runner_up)}?</h2>",
        *_list("ul", items),
        "</section>",
    ]


def _what_ifs(view: ResultView) -> list[str]:
    if not view.what_ifs:
        return []
    return [
        '<section id="what-ifs">',
        "<h2>What would change the answer</h2>",
        *_list("ul", (_e(text) for text in view.what_ifs)),
        "</section>",
    ]


def _path(result: Result) -> list[str]:
    if result.path is None:
        return []
    items = [f'{_e(step.text)} <em class="muted">({_e(step.condition)})</em>' for step in result.path.steps]
    return [
        '<section id="path">',
        f"<h2>Your path: {_e(result.path.title)}</h2>",
        *_list("ol", items),
        "</section>",
    ]


def _comparison(certs: Sequence[Cert], today: dt.date) -> list[str]:
    comparison = compare(certs, today)
    numbers = {source.id: n for n, source in enumerate(comparison.sources, start=1)}
    header = "".join(f'<th scope="col">{_e(c.code)}</th>' for c in certs)
    rows = []
    for row in comparison.rows:
        if row.key not in KEY_DIMENSIONS:
            continue
        cells = []
        for cell in row.cells:
            text = _e(cell.text)
            if cell.fact is not None:
                number = numbers[cell.fact.source.id]
                text += f' <sup class="cite"><a href="#source-{number}">[{number}]</a></sup>'
            if cell.stale:
                text += f' <span class="stale" title="due for a re-check">{_e(STALE_MARK)}</span>'
            cells.append(f"<td>{text}</td>")
        rows.append(f'<tr><th scope="row">{_e(row.label)}</th>{"".join(cells)}</tr>')
    parts = [
        '<section id="comparison">',
        f"<h2>{_e(' and '.join(c.code for c in certs))} side by side</h2>",
        '<div class="table-wrap"><table>',
        f'<thead><tr><th scope="col"></th>{header}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table></div>",
    ]
    if comparison.stale_count:
        parts.append(f'<p class="legend">{_e(STALE_LEGEND)}</p>')
    parts.append("<h3>Sources</h3>")
    items = []
    for source in comparison.sources:
        kind = "official" if source.official else "third party"
        items.append(
            f'<li id="source-{numbers[source.id]}">{_e(source.title)}, {_e(source.publisher)} '
            f"({kind}): {_link(source.url)} ({_e(source_status(source, certs, today))})</li>"
        )
    parts += ['<ol class="sources">', *items, "</ol>", "</section>"]
    return parts


def _next_steps(top: Cert, result: Result) -> list[str]:
    items = [_e(step.text) + (f" {_link(step.url)}" if step.url else "") for step in result.next_steps]
    return [
        '<section id="next-steps">',
        f"<h2>Next steps for {_e(top.code)}</h2>",
        *_list("ol", items),
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
        *(f"<dt>{_e(entry.term)}</dt><dd>{_e(entry.text)}</dd>" for entry in view.terms),
        "</dl>",
        "</section>",
    ]


# --- helpers ---------------------------------------------------------------------------------


def _e(text: str) -> str:
    """Text from the data or the answers, safe in element content and quoted attributes."""
    return escape(text, quote=True)


def _link(url: str) -> str:
    """A link to an http(s) address, shown in full; anything else stays plain text."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return f'<span class="url">{_e(url)}</span>'
    return f'<a href="{_e(url.strip())}" rel="noreferrer">{_e(url)}</a>'


def _list(tag: str, items: Iterable[str], css: str | None = None) -> list[str]:
    """An HTML list of items that are already markup (escaped by the caller)."""
    opening = f'<{tag} class="{css}">' if css else f"<{tag}>"
    return [opening, *(f"<li>{item}</li>" for item in items), f"</{tag}>"]
