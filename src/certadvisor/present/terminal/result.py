"""The result screen of ``recommend``: In short, the verdict, ranked bars, the reasons behind each
score, what would change the answer, what it takes and the next steps (worded by ``view``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Step
from certadvisor.model.results import Result
from certadvisor.present.fact_text import COPIES_NOTE
from certadvisor.present.terminal.blocks import path_block, with_terms
from certadvisor.present.terminal.console import border, narrow
from certadvisor.present.terminal.hiring import hiring_block
from certadvisor.present.terminal.layout import (
    BLANK,
    Wrapped,
    field,
    indented,
    longest_word,
    marker_list,
    show,
    url_line,
)
from certadvisor.present.view import (
    ResultView,
    Takes,
    build,
    capped,
    score_text,
    sorted_reasons,
    unmatched_line,
    why_not_needed,
)


def print_result(console: Console, catalog: Catalog, result: Result, *, limit: int = 0) -> None:
    """Ranked bars, the reasons behind each score, the what-if and the next steps."""
    show(console, result_parts(console, catalog, result, limit=limit))


def result_parts(
    console: Console,
    catalog: Catalog,
    result: Result,
    *,
    limit: int = 0,
    more: Sequence[RenderableType] = (),
) -> list[RenderableType]:
    """The result screen's parts; ``more`` (the quiz's additions) comes after the next steps
    and before "Terms used above", which covers every term the screen draws, ``more`` included."""
    # The terms are found in what is drawn (below), not in the view's own list of texts.
    view = build(catalog, result, terms=False)
    top = result.ranking[0]
    parts: list[RenderableType] = [
        *_in_short(console, view.in_short),
        Text("The details follow.", style="dim"),
        BLANK,
    ]
    parts += _verdict(view)
    parts += _ranking_bars(console, view, top.code, top.matched)
    parts += _reasons(view, top.code, limit)
    parts += _changes(view, result)
    if result.path is not None:
        parts += path_block(result.path, f"Your path: {result.path.title}")
    parts += hiring_block(view.getting_hired)
    parts += _what_it_takes(view.what_it_takes)
    parts += _steps(console, result.next_steps, f"Next steps for {top.code}")
    parts += more
    return [
        *with_terms(parts, catalog.glossary),
        BLANK,
        Text(f"This is guidance, not an eligibility decision. {COPIES_NOTE}", style="dim"),
    ]


def in_short_parts(console: Console, catalog: Catalog, result: Result) -> list[RenderableType]:
    """The "In short" block alone: a long screen that was not paged says it again, last."""
    return _in_short(console, build(catalog, result).in_short)


def _in_short(console: Console, lines: Sequence[tuple[str, str]]) -> list[RenderableType]:
    """The "In short" block: labelled lines in a panel, or plain lines on a narrow screen."""
    label_width = max((cell_len(label) + 1 for label, _text in lines), default=0)
    # The panel's borders and padding, the labels and a space: what is left for the text.
    room = console.width - 4 - label_width - 1
    if narrow(console) or max((longest_word(text) for _label, text in lines), default=0) > room:
        return [Text("In short", style="bold"), *(field(label, text) for label, text in lines)]
    summary = Table.grid(padding=(0, 1))
    summary.add_column(style="bold", no_wrap=True)
    summary.add_column(overflow="fold")
    for label, text in lines:
        summary.add_row(Text(f"{label}:"), Text(text))
    return [Panel(summary, title=Text("In short"), title_align="left", box=border(console), expand=True)]


def _verdict(view: ResultView) -> list[RenderableType]:
    """The pick and its lead, then confidence, notices, conflicts and any tie."""
    headline = Text.assemble(("Recommendation: ", "bold"), (view.headline, "bold green"))
    if view.lead:
        headline.append(f", {view.lead}")
    parts: list[RenderableType] = [headline, Text(view.summary, style="dim")]
    if view.confidence != "high":
        parts += [BLANK, Text(f"Confidence: {view.confidence}", style="bold yellow")]
        parts.append(marker_list([(Text("•"), Text(line)) for line in view.confidence_lines]))
    for notice in (view.cannot_advise, view.requirement, view.held):
        if notice:
            parts += [BLANK, Text(notice, style="bold yellow")]
    if view.conflicts:
        parts += [BLANK, Text("Answers that pull in different directions", style="bold")]
        parts.append(marker_list([(Text("•"), Text(note)) for note in view.conflicts]))
    if view.tie:
        parts += [BLANK, Text(view.tie, style="yellow")]
    return parts


def _ranking_bars(console: Console, view: ResultView, top: str, matched: bool) -> list[RenderableType]:
    """A bar and score per matched credential, the rest in one line, and what a score means.

    A score capped at 100 gets a marker after its full bar and its uncapped total after the
    score, so two capped scores never read as a tie when one leads."""
    title = "Ranking (credentials your answers point to)" if matched else "Ranking"
    parts: list[RenderableType] = [BLANK, Text(title, style="bold")]
    plain = border(console) is box.ASCII2
    marker = ">" if plain else "▸"
    # The marker's column is kept only when some score is capped.
    mark_width = 1 if view.cap_note else 0
    suffix = max((len(f" (uncapped {r.total})") for r in view.matched if capped(r)), default=0)
    # The bar shrinks with the screen (and goes below 26 columns); the score is always there,
    # and the uncapped total too (on a line of its own when the row has no room for it).
    bar_width = min(30, console.width - 16 - mark_width)
    bar_width = bar_width if bar_width >= 10 else 0
    below = 16 + mark_width + bar_width + suffix > console.width
    for ranked in view.matched:
        filled = round(ranked.score * bar_width / 100)
        bar = ("#" * filled).ljust(bar_width, ".") if plain else _bar(ranked.score, bar_width)
        style = "bold green" if ranked.code == top else ""
        row = Text.assemble(
            (f"  {ranked.code:<6}", style),
            (bar, "green" if style else "dim"),
            (marker if capped(ranked) else " ") * mark_width,
            f" {ranked.score:>3}/100",
        )
        if capped(ranked) and not below:
            row.append(f" (uncapped {ranked.total})")
        parts.append(row)
        if capped(ranked) and below:
            parts.append(indented(Text(f"(uncapped {ranked.total})"), 8))
    others = unmatched_line(view)
    if others:
        parts.append(indented(Text(others, style="dim")))
    if view.cap_note:
        parts.append(Wrapped(Text(view.cap_note, style="dim"), f"  {marker} ", 4))
    parts.append(indented(Text(view.score_meaning, style="dim")))
    return parts


def _bar(score: int, width: int = 30) -> str:
    filled = round(score * width / 100)
    return "█" * filled + "░" * (width - filled)


def _reasons(view: ResultView, top: str, limit: int) -> list[RenderableType]:
    """Why each matched credential scored what it did (the first ``limit``, if given), then why
    not the runner-up when its own reasons are not shown: they hold every line "Why not" would
    sort again (its points for and against, and the pick's)."""
    parts: list[RenderableType] = []
    shown = view.matched if not limit else view.matched[:limit]
    for ranked in shown:
        # The pick's unmet requirement is said once, under the verdict: not again here.
        parts += [BLANK, Text(f"Why {ranked.code} scored {score_text(ranked)}", style="bold")]
        if not ranked.reasons:
            parts.append(
                indented(Text("No rule applied to your answers; it stays at the starting 50.", style="dim"))
            )
        parts.append(
            marker_list([(_signed(r.points), Text(r.text)) for r in sorted_reasons(ranked)], right=True)
        )
    if why_not_needed(view, (ranked.code for ranked in shown)):
        parts += [BLANK, Text(f"Why not {view.runner_up}?", style="bold")]
        parts.append(
            marker_list(
                [
                    (_signed(line.points) if line.points else Text("•", style="red"), Text(line.text))
                    for line in view.why_not
                ],
                right=True,
            )
        )
    return parts


def _signed(points: int) -> Text:
    return Text(f"{points:+d}", style="green" if points > 0 else "red")


def _changes(view: ResultView, result: Result) -> list[RenderableType]:
    """What would change the answer, and the answers that earlier ones made unused."""
    parts: list[RenderableType] = []
    if view.what_ifs:
        parts += [
            BLANK,
            Text("What would change the answer", style="bold"),
            marker_list([(Text("•"), Text(text)) for text in view.what_ifs]),
        ]
    if result.ignored:
        parts += [
            BLANK,
            Text(f"Not used (skipped by earlier answers): {', '.join(result.ignored)}", style="dim"),
        ]
    return parts


def _what_it_takes(takes: Sequence[Takes]) -> list[RenderableType]:
    if not takes:
        return []
    parts: list[RenderableType] = [BLANK, Text("What it takes", style="bold")]
    for one in takes:
        parts.append(
            marker_list(
                [
                    (Text(one.code, style="bold"), Text(f"First year: {one.first_year}")),
                    (Text(""), Text(f"Staying certified: {one.upkeep}")),
                    (Text(""), Text(f"Time: {one.time}")),
                ]
            )
        )
    parts.append(
        indented(
            Text(
                f"Line by line, with sources: certadvisor cost {' '.join(t.code for t in takes)}", style="dim"
            )
        )
    )
    return parts


def _steps(console: Console, steps: Sequence[Step], title: str) -> list[RenderableType]:
    """A numbered list of next steps, each link whole on its own line (nothing when none)."""
    if not steps:
        return []
    parts: list[RenderableType] = [BLANK, Text(title, style="bold")]
    width = len(f"{len(steps)}.")
    for number, step in enumerate(steps, start=1):
        parts.append(marker_list([(Text(f"{number}.".rjust(width)), Text(step.text))]))
        if step.url:
            parts.append(url_line(console, step.url, 2 + width + 1))
    return parts
