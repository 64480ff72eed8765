"""The HTML report's ranking chart: inline SVG, one bar per credential, no script."""

from __future__ import annotations

from certadvisor.core.rules import BASE_SCORE
from certadvisor.model.results import Result
from certadvisor.present.report.html_markup import esc
from certadvisor.present.view import score_text

# The chart: one row per credential, a label line above a bar whose width is the score in
# percent of the chart's width, so it scales to any screen without shrinking the text.
ROW_HEIGHT = 34
LABEL_Y = 14
BAR_Y = 19
BAR_HEIGHT = 11
CHART_TOP = 6


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
        f"line marks the starting score of {BASE_SCORE}. {esc(pick)} is the recommendation.</desc>",
    ]
    for index, ranked in enumerate(result.ranking):
        y = CHART_TOP + index * ROW_HEIGHT
        bar_y = y + BAR_Y
        kind = "pick" if ranked.code == pick else "held" if ranked.held else "matched"
        if kind == "matched" and not ranked.matched:
            kind = "unmatched"
        note = {"pick": " (recommended)", "held": " (held)"}.get(kind, "")
        # A capped score says its uncapped total, so two bars at 100 never read as a tie.
        label = f"{ranked.code}: {score_text(ranked, '/100')}" + {
            "pick": " (recommended)",
            "held": " (already held, never suggested)",
            "unmatched": " (not suggested by your answers)",
        }.get(kind, "")
        total = "" if ranked.held else f' data-total="{ranked.total}"'  # held: no total to speak of
        parts += [
            f'<g class="bar {kind}" data-code="{esc(ranked.code)}" data-score="{ranked.score}"{total} '
            f'data-rank="{index + 1}">',
            f"<title>{esc(label)}</title>",
            f'<text x="0" y="{y + LABEL_Y}"><tspan class="code">{esc(ranked.code)}</tspan> '
            f'<tspan class="score">{esc(score_text(ranked))}</tspan>{esc(note)}</text>',
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
