"""``check-data --stale``: the maintainer's re-check list, one block per page, most pressing first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.core.freshness import DueSource
from certadvisor.present.terminal.layout import BLANK, show, url_line
from certadvisor.text import plural


def print_stale(
    console: Console,
    groups: Sequence[DueSource],
    today: dt.date,
    within_months: int,
    upcoming: tuple[dt.date, int] | None = None,
) -> None:
    """The maintainer's re-check list: one block per page, most pressing first."""
    facts = sum(len(group.items) for group in groups)
    when = (
        f"by {today.isoformat()}"
        if not within_months
        else f"within {within_months} months of {today.isoformat()}"
    )
    if not groups:
        lines = [Text(f"Nothing is due for a re-check {when}.")]
        if upcoming is not None:
            lines.append(Text(f"Next due: {upcoming[0].isoformat()} ({upcoming[1]} facts)."))
        show(console, lines)
        return
    parts: list[RenderableType] = []
    parts.append(
        Text(
            f"{plural(facts, 'fact')} due for a re-check {when}, on "
            f"{plural(len(groups), 'page')}. Most pressing first: never "
            "checked, then the shortest window, then the oldest check."
        )
    )
    for number, group in enumerate(groups, start=1):
        source = group.source
        kind = "official" if source.official else "third party"
        parts.append(BLANK)
        parts.append(
            Text(f"{number}. {source.title} ({source.publisher}, {kind}) [{source.id}]", style="bold")
        )
        # On a line of its own and never wrapped, so it can be copied or clicked whole.
        parts.append(url_line(console, source.url, 3, style=""))
        for item in group.items:
            # The check was the due date less the window: the line stays short enough for 80
            # columns with the longest keys.
            status = "never checked" if item.due is None else f"due {item.due.isoformat()}"
            parts.append(Text(f"   {status:<15} {item.key} ({item.fresh_months} months)"))
    show(console, parts)
