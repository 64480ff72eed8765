"""The HTML report: one self-contained page anyone can open, print or read on a phone.

It opens on the answer: the pick and its confidence in the largest type, then "In short", then
the score chart (``html_chart``), then what to do (the path, next steps, getting hired), and only
then the details (``html_details``) and the sources. Screen and print read in this one order, so a
printed copy has the plan on its first pages, not behind the sources. It says what the Markdown
report says, from the same view model (``view.build``) and in the same order.

The page loads nothing: no scripts, no stylesheets, fonts or images from elsewhere; links to the
sources are plain links. Every piece of text that comes from the data file or the answers is
HTML-escaped, and only ``http``/``https`` addresses become links (``html_markup``), so a data file
cannot inject markup or script.
"""

from __future__ import annotations

import datetime as dt

from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert
from certadvisor.model.results import Result
from certadvisor.present.fact_text import COPIES_NOTE
from certadvisor.present.report.common import DISCLAIMER, SAID_BY_THE_HEADING
from certadvisor.present.report.hiring import hiring_html
from certadvisor.present.report.html_chart import ranking_chart
from certadvisor.present.report.html_details import details
from certadvisor.present.report.html_markup import esc, html_list, link
from certadvisor.present.report.html_style import STYLE
from certadvisor.present.view import ResultView, build


def html_report(catalog: Catalog, result: Result, today: dt.date, command: str) -> str:
    """A self-contained HTML report: the pick, the summary, the chart, the plan, then details."""
    view = build(catalog, result)
    top = catalog.certs[result.recommendation]
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(page_title(top))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    parts += _hero(catalog, view, top, today)
    parts += _in_short(view)
    parts += ranking_chart(view, result)
    parts += _path(result)
    parts += _next_steps(top, result)
    parts += hiring_html(view.getting_hired)
    parts += details(catalog, view, result, today)
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


def page_title(top: Cert) -> str:
    """The tab's and the printout's title: the pick first, where a list of tabs shows it."""
    return f"Your pick: {top.code} ({top.name}) · certadvisor report"


def _hero(catalog: Catalog, view: ResultView, top: Cert, today: dt.date) -> list[str]:
    """The pick and its confidence in the largest type, what it is, and anything that qualifies
    it (low confidence, an unmet requirement, credentials already held); the disclaimer stays in
    small print at the end, present but not louder than the answer."""
    lead = f' <span class="lead">· {esc(view.lead)}</span>' if view.lead else ""
    parts = [
        '<header class="hero">',
        '<p class="brand">certadvisor report</p>',
        f'<h1><span class="pick-label">Your pick:</span> <span class="pick-code">{esc(top.code)}</span></h1>',
        f'<p class="pick-name">{esc(top.name)}</p>',
        f'<p class="pick-confidence confidence-{esc(view.confidence)}">Confidence: '
        f"<strong>{esc(view.confidence)}</strong>{lead}</p>",
        f'<p class="pick-summary">{esc(view.summary)}</p>',
    ]
    if view.confidence != "high":
        parts += html_list("ul", (esc(line) for line in view.confidence_lines), css="confidence-notes")
    for notice in (view.cannot_advise, view.requirement, view.held):
        if notice:
            parts.append(f'<p class="notice"><strong>{esc(notice)}</strong></p>')
    parts += [
        f'<p class="meta">Report of <time datetime="{today.isoformat()}">{today.isoformat()}</time>; '
        f'data last updated <time datetime="{catalog.updated.isoformat()}">'
        f"{catalog.updated.isoformat()}</time>.</p>",
        f'<p class="disclaimer">{esc(DISCLAIMER)} {esc(COPIES_NOTE)}</p>',
        "</header>",
    ]
    return parts


def _in_short(view: ResultView) -> list[str]:
    """The summary every screen opens with, less the lines the heading above already says."""
    rows = [(label, text) for label, text in view.in_short if label not in SAID_BY_THE_HEADING]
    return [
        '<section id="in-short">',
        "<h2>In short</h2>",
        '<dl class="in-short">',
        *(f"<dt>{esc(label)}</dt><dd>{esc(text)}</dd>" for label, text in rows),
        "</dl>",
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


def _next_steps(top: Cert, result: Result) -> list[str]:
    items = [esc(step.text) + (f" {link(step.url)}" if step.url else "") for step in result.next_steps]
    return [
        '<section id="next-steps">',
        f"<h2>Next steps for {esc(top.code)}</h2>",
        *html_list("ol", items),
        "</section>",
    ]
