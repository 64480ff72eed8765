"""The quiz's own screens: the opening panel, and the result with the top two side by side."""

from __future__ import annotations

import datetime as dt

from rich.console import Console, RenderableType
from rich.panel import Panel
from rich.text import Text

from certadvisor.core.compare import compare
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result
from certadvisor.present.report.common import KEY_DIMENSIONS
from certadvisor.present.terminal.comparison import comparison_parts
from certadvisor.present.terminal.console import border, narrow
from certadvisor.present.terminal.layout import BLANK, show
from certadvisor.present.terminal.result import result_parts
from certadvisor.text import plural


def print_intro(console: Console, questions: int, prefilled: int, *, plain: bool = False) -> None:
    """The quiz's opening panel: what it does, how long, that it is guidance, how to quit.

    ``plain`` says how numbered line prompts are answered: they have no arrow keys to mention.
    """
    minutes = max(1, round(questions * 15 / 60))
    how = (
        "Type a choice's number and press Enter (where a question takes several, separate the "
        "numbers with commas or spaces); Enter alone keeps the default."
        if plain
        else "Arrow keys or number keys choose, Enter confirms (where a question takes several, "
        "space ticks each)."
    )
    body = Text.assemble(
        "Answer ",
        (plural(questions, "short question"), "bold"),
        f" (about {plural(minutes, 'minute')}) about your goals, preferred "
        "setting and background. certadvisor then ranks the certifications, explains why, and "
        "lists next steps with official links.\n\n",
        ("This is guidance, not an eligibility decision.", "italic"),
        f" {how} Each question offers Back, and you can review every answer before the result. "
        "Press Ctrl-C to quit at any time.",
    )
    if prefilled:
        body.append(f"\n\n{plural(prefilled, 'answer')} came from --answers and will not be asked.")
    if narrow(console):
        show(console, [Text("certadvisor quiz", style="bold"), body])
        return
    console.print(Panel(body, title=Text("certadvisor quiz"), title_align="left", box=border(console)))


def print_quiz_result(
    console: Console, catalog: Catalog, result: Result, command: str, today: dt.date
) -> None:
    """The quiz's result screen: the explained result, the top two side by side, the replay command."""
    parts: list[RenderableType] = [BLANK, *result_parts(console, catalog, result, limit=1)]
    ranking = result.ranking
    if len(ranking) > 1:
        top, second = ranking[0], ranking[1]
        pair = [catalog.certs[top.code], catalog.certs[second.code]]
        comparison = compare(pair, today)
        rows = tuple(row for row in comparison.rows if row.key in KEY_DIMENSIONS)
        parts += [
            BLANK,
            Text(
                f"{top.code} and {second.code} at a glance "
                f"(full table: certadvisor compare {top.code} {second.code})",
                style="bold",
            ),
            *comparison_parts(
                console,
                comparison._replace(rows=rows),
                sources=False,
            ),
        ]
    parts += [
        BLANK,
        Text("Reproduce this result without prompts:", style="bold"),
        # Never wrapped: each line runs past a narrow screen whole and still pastes into a shell.
        Text("\n".join(f"  {line}" for line in command.splitlines()), no_wrap=True, overflow="ignore"),
        BLANK,
        # The long screen has scrolled the pick away: say it once more, last.
        Text.assemble(
            ("Your pick: ", "bold"),
            (f"{result.recommendation} ({catalog.certs[result.recommendation].name})", "bold green"),
        ),
    ]
    show(console, parts)
