"""Blocks more than one screen draws: numbered sources, a career path, the glossary terms used."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.model.records import CareerPath, GlossaryEntry, Source
from certadvisor.present.fact_text import versions_text
from certadvisor.present.terminal.layout import BLANK, indented, marker_list, url_line


def source_numbers(sources: Sequence[Source]) -> dict[str, int]:
    """Each source's number in a sources list, by source id (the ``[n]`` the screen cites)."""
    return {source.id: number for number, source in enumerate(sources, start=1)}


def sources_block(
    console: Console, sources: Sequence[Source], title: str = "Sources"
) -> list[RenderableType]:
    """A numbered sources list: title, publisher and kind, each URL whole on its own line, then
    what was read of the page (every version, with its date and the day it was compared)."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    for number, source in enumerate(sources, start=1):
        kind = "official" if source.official else "third party"
        line = Text.assemble(f"[{number}] ", (source.title, "italic"), f" ({source.publisher}, {kind})")
        parts.append(indented(line))
        # Whole, on its own line: a long URL runs past the edge rather than being cut or folded.
        parts.append(url_line(console, source.url, 6))
        parts.append(indented(Text(f"Read: {versions_text(source)}", style="dim"), 6))
    return parts


def path_block(path: CareerPath, title: str) -> list[RenderableType]:
    """A career path: numbered steps, each with what it takes."""
    items = []
    for number, step in enumerate(path.steps, start=1):
        text = Text(step.text)
        text.append("\n" + step.condition, style="dim italic")
        items.append((Text(f"{number}."), text))
    return [BLANK, Text(title, style="bold"), marker_list(items, right=True)]


def terms_block(terms: Sequence[GlossaryEntry]) -> list[RenderableType]:
    """ "Terms used above": each glossary term the screen uses, explained in a line or two."""
    if not terms:
        return []
    parts: list[RenderableType] = [BLANK, Text("Terms used above", style="bold")]
    parts.append(
        marker_list([(Text("•"), Text.assemble((entry.term, "bold"), ": ", entry.text)) for entry in terms])
    )
    parts.append(indented(Text("More words explained: certadvisor glossary", style="dim")))
    return parts
