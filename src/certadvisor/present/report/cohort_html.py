"""The cohort summary page (``--summary-report FILE.html``): one self-contained page, in the
result report's style, with the picks and confidence levels drawn as inline SVG bar charts.

As the result report, it loads nothing (no script, stylesheet, font or image from elsewhere), and
every piece of text is HTML-escaped (``html_markup.esc``). No student's id or name is on it: the
view is made from counts (``present.cohort_text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from certadvisor.present.cohort_text import CohortView
from certadvisor.present.report.common import DISCLAIMER
from certadvisor.present.report.html_markup import esc, html_list
from certadvisor.present.report.html_style import STYLE

# A bar chart: one row per item, a label line above a bar whose width is the item's share of
# the group, in percent of the chart's width (it scales to any screen).
ROW_HEIGHT = 38
LABEL_Y = 16
BAR_Y = 22
BAR_HEIGHT = 12
TOP = 4


def cohort_html(view: CohortView, today: dt.date, data_updated: dt.date) -> str:
    """The summary page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>certadvisor: {esc(view.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{esc(view.title)}</h1>",
        f'<p class="meta">Date: <time datetime="{today.isoformat()}">{today.isoformat()}</time><br>'
        f'Data last updated: <time datetime="{data_updated.isoformat()}">'
        f"{data_updated.isoformat()}</time></p>",
        f"<p>{esc(view.counts)}</p>",
        f'<p class="disclaimer">{esc(view.privacy)} {esc(DISCLAIMER)}</p>',
        "</header>",
    ]
    parts += _picks(view)
    parts += _confidence(view)
    parts += _conflicts(view)
    parts += _gaps(view)
    parts += [
        '<section id="first-year">',
        "<h2>First-year cost across the group</h2>",
        f"<p><strong>{esc(view.first_year or 'not known: no student was scored')}</strong></p>",
        f"<p>{esc(view.first_year_note)}</p>",
        "</section>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _picks(view: CohortView) -> list[str]:
    parts = ['<section id="picks">', "<h2>Picks</h2>"]
    if not view.picks:
        return [*parts, "<p>No student was scored.</p>", "</section>"]
    bars = [(f"{p.code} ({p.name})", p.students, f"{p.students:,} ({p.percent}%)") for p in view.picks]
    parts += bar_chart("picks", "Students per pick", bars, view.scored)
    items = (
        f"<strong>{esc(p.code)}</strong>: {esc(p.text)}; first year {esc(p.first_year)}" for p in view.picks
    )
    parts += html_list("ul", items)
    return [*parts, "</section>"]


def _confidence(view: CohortView) -> list[str]:
    bars = [(line.label, line.students, f"{line.students:,} ({line.percent}%)") for line in view.confidence]
    return [
        '<section id="confidence">',
        "<h2>Confidence</h2>",
        *bar_chart("confidence", "Students at each confidence level", bars, view.scored),
        "</section>",
    ]


def _conflicts(view: CohortView) -> list[str]:
    parts = ['<section id="conflicts">', "<h2>Conflicts that came up most</h2>"]
    if not view.conflicts:
        return [*parts, "<p>None: no student's answers pulled two ways.</p>", "</section>"]
    items = (
        f"<strong>{line.students:,} ({line.percent}%)</strong>: {esc(line.label)}" for line in view.conflicts
    )
    return [*parts, *html_list("ul", items), "</section>"]


def _gaps(view: CohortView) -> list[str]:
    parts = ['<section id="questions">', "<h2>Questions most often left open</h2>"]
    if not view.gaps:
        return [*parts, "<p>None: every student answered every question.</p>", "</section>"]
    items = (f'{esc(gap.text)} <span class="meta">({esc(gap.detail)})</span>' for gap in view.gaps)
    return [*parts, *html_list("ul", items), "</section>"]


def bar_chart(key: str, title: str, bars: Sequence[tuple[str, int, str]], total: int) -> list[str]:
    """An inline SVG bar chart of (label, count, count as shown) rows, each bar the count's share
    of ``total`` (the students scored): a full bar means every student, as its percentage says."""
    most = max(total, *(count for _, count, _ in bars), 1)
    height = TOP + ROW_HEIGHT * len(bars)
    parts = [
        f'<figure class="chart-figure" aria-labelledby="{key}-title">',
        f'<svg class="chart" width="100%" height="{height}" role="img" aria-labelledby="{key}-title">',
        f'<title id="{key}-title">{esc(title)}</title>',
    ]
    for index, (label, count, shown) in enumerate(bars):
        y = TOP + index * ROW_HEIGHT
        width = round(100 * count / most)
        parts += [
            # The first bar of the picks is the most frequent pick, drawn as a result's pick is.
            f'<g class="bar {"pick" if key == "picks" and index == 0 else "matched"}" data-count="{count}">',
            f"<title>{esc(label)}: {esc(shown)}</title>",
            f'<text x="0" y="{y + LABEL_Y}"><tspan class="code">{esc(label)}</tspan> '
            f'<tspan class="score">{esc(shown)}</tspan></text>',
            f'<rect class="track" x="0" y="{y + BAR_Y}" width="100%" height="{BAR_HEIGHT}"></rect>',
            f'<rect class="value" x="0" y="{y + BAR_Y}" width="{width}%" height="{BAR_HEIGHT}"></rect>',
            "</g>",
        ]
    return [*parts, "</svg>", "</figure>"]
