"""The ``glossary`` screen: each term, its explanation, related terms and its source."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.model.records import GlossaryEntry
from certadvisor.present.terminal.layout import BLANK, indented, show, url_line


def print_glossary(console: Console, entries: Sequence[GlossaryEntry]) -> None:
    """The ``glossary`` command: each term, its explanation, related terms and its source."""
    parts: list[RenderableType] = []
    for entry in entries:
        if parts:
            parts.append(BLANK)
        parts.append(Text(entry.term, style="bold"))
        if entry.aliases:
            parts.append(indented(Text(f"Also called: {', '.join(entry.aliases)}", style="dim")))
        parts.append(indented(Text(entry.text)))
        if entry.see:
            parts.append(indented(Text(f"See also: {', '.join(entry.see)}", style="dim")))
        if entry.source is not None:
            source = entry.source
            kind = "official" if source.official else "third party"
            line = Text.assemble("Source: ", (source.title, "italic"), f" ({source.publisher}, {kind})")
            parts.append(indented(line))
            parts.append(url_line(console, source.url, 4))
    if len(entries) > 1:
        parts += [
            BLANK,
            Text("One term: certadvisor glossary TERM (any case, or the start of one)", style="dim"),
        ]
    if not entries:
        parts.append(Text("This data file has no glossary: it has no [glossary] table."))
    show(console, parts)
