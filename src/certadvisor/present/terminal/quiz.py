"""The quiz's own screens: the opening panel, and the result (``recommend``'s, with the command
that gives it again)."""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.panel import Panel
from rich.text import Text

from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result
from certadvisor.present.terminal.console import border, narrow
from certadvisor.present.terminal.layout import BLANK, show
from certadvisor.present.terminal.result import in_short_parts, result_parts
from certadvisor.text import plural

# How each kind of prompt is answered: the intro says it once, in the one scheme the menus use.
MENU_KEYS = (
    "Use the arrow keys or a choice's number (1-9), then Enter; where a question takes several "
    "answers, space ticks each."
)
LINE_KEYS = (
    "Type a choice's number and press Enter (for several, separate the numbers with commas or "
    "spaces; b goes back); Enter alone keeps the default."
)


def print_intro(
    console: Console, questions: int, prefilled: int, *, exact: bool = True, plain: bool = False
) -> None:
    """The quiz's opening panel: what it does, how long, that it is guidance, how to quit.

    ``questions`` is the most that may be asked (``exact``: that many will be), as the first
    question's counter says. ``plain`` says how numbered line prompts are answered: they have
    no arrow keys to mention.
    """
    minutes = max(1, round(questions * 15 / 60))
    body = Text.assemble(
        "Answer ",
        ("" if exact else "up to ", "bold"),
        (plural(questions, "short question"), "bold"),
        f" (about {plural(minutes, 'minute')}) about your goals, preferred "
        "setting and background. certadvisor then ranks the certifications, explains why, and "
        "lists next steps with official links.\n\n",
        ("This is guidance, not an eligibility decision.", "italic"),
        f" {LINE_KEYS if plain else MENU_KEYS} Each question offers Back, and you can review "
        "every answer before the result. Press Ctrl-C to quit at any time.",
    )
    if prefilled:
        body.append(
            f"\n\n{plural(prefilled, 'answer')} came from --answers and will not be asked; "
            "the review lists them with the others, and any can be changed there."
        )
    if narrow(console):
        show(console, [Text("certadvisor quiz", style="bold"), body])
        return
    console.print(Panel(body, title=Text("certadvisor quiz"), title_align="left", box=border(console)))


def print_quiz_result(console: Console, catalog: Catalog, result: Result, command: str) -> None:
    """The quiz's result screen: ``recommend``'s, then the command that gives it without prompts."""
    parts: list[RenderableType] = [BLANK, *result_parts(console, catalog, result)]
    parts += [
        BLANK,
        Text("Reproduce this result without prompts:", style="bold"),
        # Never wrapped: each line runs past a narrow screen whole and still pastes into a shell.
        Text("\n".join(f"  {line}" for line in command.splitlines()), no_wrap=True, overflow="ignore"),
    ]
    show(console, parts)


def print_in_short_again(console: Console, catalog: Catalog, result: Result) -> None:
    """The "In short" block once more, last: a result that was not paged has scrolled it away."""
    show(console, [BLANK, *in_short_parts(console, catalog, result)])
