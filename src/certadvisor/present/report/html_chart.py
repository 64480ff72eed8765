"""The HTML report's score chart: inline SVG, one bar per credential the answers speak for, no
script. It sits right after "In short", so a reader sees the pick against its rivals before any
detail.

Credentials the answers did not speak for (most of them at the starting score) are not drawn: a
column of identical grey bars says nothing, so they are named in one line under the chart, and
so are the credentials the person already holds."""

from __future__ import annotations

from certadvisor.core.rules import BASE_SCORE
from certadvisor.model.results import Ranked, Result
from certadvisor.present.report.common import SCORES_HEADING, drawn, grouped_lines
from certadvisor.present.report.html_markup import esc
from certadvisor.present.view import ResultView, score_text

# The chart: one row per credential, a label line above a bar whose width is the score in
# percent of the chart's width, so it scales to any screen without shrinking the text.
ROW_HEIGHT = 38
LABEL_Y = 16
BAR_Y = 22
BAR_HEIGHT = 12
CHART_TOP = 4


def ranking_chart(view: ResultView, result: Result) -> list[str]:
    """The chart's section: heading, bars, the grouped line and what the numbers mean, in one
    figure that print keeps on one page.

    Each bar is a ``<g>`` with its code in ``data-code``, a ``<title>`` for screen readers and
    tooltips, and a visible label with the code and score.
    """
    bars = drawn(result)
    height = CHART_TOP + ROW_HEIGHT * len(bars)
    pick = result.recommendation
    parts = [
        '<section id="scores">',
        '<figure class="chart-figure" aria-labelledby="scores-heading">',
        f'<h2 id="scores-heading">{SCORES_HEADING}</h2>',
        f'<svg class="chart" width="100%" height="{height}" '
        'role="img" aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Scores out of 100, in ranked order</title>',
        f'<desc id="chart-desc">One bar per credential your answers speak for, longest for the '
        f"highest score; the dashed line marks the starting score of {BASE_SCORE}. "
        f"{esc(pick)} is your pick.</desc>",
    ]
    for index, ranked in enumerate(bars):
        parts += _bar(ranked, index, pick)
    parts += [
        f'<line class="start" x1="{BASE_SCORE}%" x2="{BASE_SCORE}%" y1="{CHART_TOP + BAR_Y - 3}" '
        f'y2="{height}"></line>',
        "</svg>",
        *(f'<p class="grouped">{esc(line)}</p>' for line in grouped_lines(view, result)),
        f"<figcaption>{esc(view.score_meaning)} The dashed line is the starting {BASE_SCORE}."
        + (f" {esc(view.cap_note)}" if view.cap_note else "")
        + "</figcaption>",
        "</figure>",
        "</section>",
    ]
    return parts


def _bar(ranked: Ranked, index: int, pick: str) -> list[str]:
    y = CHART_TOP + index * ROW_HEIGHT
    bar_y = y + BAR_Y
    kind = "pick" if ranked.code == pick else "matched"
    note = " (your pick)" if kind == "pick" else ""
    # A capped score says its uncapped total, so two bars at 100 never read as a tie.
    label = f"{ranked.code}: {score_text(ranked, '/100')}{note}"
    total = "" if ranked.held else f' data-total="{ranked.total}"'  # held: no total to speak of
    return [
        f'<g class="bar {kind}" data-code="{esc(ranked.code)}" data-score="{ranked.score}"{total} '
        f'data-rank="{index + 1}">',
        f"<title>{esc(label)}</title>",
        f'<text x="0" y="{y + LABEL_Y}"><tspan class="code">{esc(ranked.code)}</tspan> '
        f'<tspan class="score">{esc(score_text(ranked))}</tspan>{esc(note)}</text>',
        f'<rect class="track" x="0" y="{bar_y}" width="100%" height="{BAR_HEIGHT}"></rect>',
        f'<rect class="value" x="0" y="{bar_y}" width="{ranked.score}%" height="{BAR_HEIGHT}"></rect>',
        "</g>",
    ]
