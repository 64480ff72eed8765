"""``check-data --stale``: the maintainer's re-read list, one block per page, most stale first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.core.freshness import DueSource
from certadvisor.present.terminal.layout import BLANK, show
from certadvisor.present.terminal.sources import source_block
from certadvisor.text import plural

# How the list is ordered, said once above it.
ORDER = (
    "Most stale first: undated evidence and fees only third parties give (due now), then the "
    "earliest due date."
)


def print_stale(
    console: Console,
    groups: Sequence[DueSource],
    today: dt.date,
    within_months: int,
    upcoming: tuple[dt.date, int] | None = None,
) -> None:
    """The maintainer's re-read list: one block per page, most stale first."""
    facts = sum(len(group.items) for group in groups)
    when = (
        f"by {today.isoformat()}"
        if not within_months
        else f"within {within_months} months of {today.isoformat()}"
    )
    if not groups:
        lines = [Text(f"Nothing is due for a re-read {when}.")]
        if upcoming is not None:
            lines.append(Text(f"Next due: {upcoming[0].isoformat()} ({upcoming[1]} facts)."))
        show(console, lines)
        return
    parts: list[RenderableType] = [
        Text(f"{plural(facts, 'fact')} due for a re-read {when}, on {plural(len(groups), 'page')}. {ORDER}")
    ]
    for number, group in enumerate(groups, start=1):
        parts.append(BLANK)
        parts += source_block(console, number, group)
    show(console, parts)
