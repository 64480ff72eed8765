"""``sources``: every page the facts rest on, what was read of it and the facts that cite it, most
stale first. ``check-data --stale`` draws its blocks the same way, keeping only what is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.core.freshness import DueSource
from certadvisor.model.records import day_words
from certadvisor.present.fact_text import COPIES_NOTE, due_tag, version_words
from certadvisor.present.terminal.console import narrow
from certadvisor.present.terminal.layout import BLANK, Wrapped, indented, show, url_line
from certadvisor.text import plural


def print_sources(console: Console, groups: Sequence[DueSource], today: dt.date, code: str | None) -> None:
    """Each source with its publisher, kind, the versions read and the facts citing it."""
    where = f"cited for {code}" if code else "behind the facts"
    items = [item for group in groups for item in group.items if not item.further]
    due = sum(item.due is None or item.due < today for item in items)
    parts: list[RenderableType] = [
        Text(
            f"{plural(len(groups), 'source')} {where}, most stale first. {due} of "
            f"{plural(len(items), 'fact')} citing them are due for a re-read on {today.isoformat()}: "
            "undated evidence, a fee only third parties give, or evidence past its window."
        ),
        Text(COPIES_NOTE, style="dim"),
    ]
    for number, group in enumerate(groups, start=1):
        parts.append(BLANK)
        parts += source_block(console, number, group)
    show(console, parts)


def source_block(console: Console, number: int, group: DueSource) -> list[RenderableType]:
    """One page: title, publisher and kind, the address whole on its own line, each version read
    (with the host a copy was read on, apart from the link), then the facts that cite it."""
    source = group.source
    kind = "official" if source.official else "third party"
    parts: list[RenderableType] = [
        Wrapped(Text(f"{number}. {source.title} [{source.id}]", style="bold"), "", len(f"{number}. ")),
        indented(Text(f"{source.publisher}, {kind}"), 3),
        # On a line of its own and never wrapped, so it can be copied or clicked whole.
        url_line(console, source.url, 3, style=""),
    ]
    named = len(source.versions) > 1
    for version in source.versions:
        text = Text(f"{version.version} version: " if named else "Read: ", style="dim")
        text.append(f"{version_words(version)}, compared {day_words(version.compared)}")
        if version.capture_host:
            text.append(f"; read on {version.capture_host}", style="yellow")
        if version.note:
            text.append(f". {version.note}", style="dim")
        parts.append(Wrapped(text, "   ", 5))
    for item in group.items:
        tag = "also cites it" if item.further else due_tag(item)
        suffix = f" ({item.evidence.version})" if named else ""
        if narrow(console):  # no room for the tags' column: one wrapped line each
            parts.append(Wrapped(Text(f"{tag} {item.key}{suffix}"), "   ", 5))
        else:
            parts.append(Wrapped(Text(f"{item.key}{suffix}"), f"   {tag:<15} "))
    return parts
