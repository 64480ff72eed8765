"""Blocks more than one screen draws: numbered sources, a career path, the glossary terms used
(found in every text the screen draws)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from certadvisor.core.glossary import terms_in
from certadvisor.model.records import CareerPath, GlossaryEntry, Source
from certadvisor.present.fact_text import versions_text
from certadvisor.present.terminal.layout import BLANK, Wrapped, indented, marker_list, url_line

# No glossary: a screen drawn without one has no "Terms used above".
NO_TERMS: Mapping[str, GlossaryEntry] = MappingProxyType({})


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
        cited = f"[{number}] "
        line = Text.assemble(cited, (source.title, "italic"), f" ({source.publisher}, {kind})")
        # A wrapped title hangs under itself, not under its number.
        parts.append(Wrapped(line, "  ", 2 + len(cited)))
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


def drawn_texts(parts: Iterable[RenderableType]) -> Iterator[str]:
    """Every text a screen's parts draw (panels, groups, tables and their headers included), to
    find the glossary terms the screen uses. A line that is never wrapped is a link or a command
    to paste: its words are not prose."""
    for part in parts:
        if isinstance(part, str):
            yield part
        elif isinstance(part, Text):
            if not part.no_wrap:
                yield part.plain
        elif isinstance(part, Wrapped):
            yield from (part.first.plain, part.text.plain)
        elif isinstance(part, Group):
            yield from drawn_texts(part.renderables)
        elif isinstance(part, Panel):
            yield from drawn_texts([part.title or "", part.renderable])
        elif isinstance(part, Table):
            for column in part.columns:
                yield from drawn_texts([column.header, *column.cells])


def with_terms(
    parts: Sequence[RenderableType], glossary: Mapping[str, GlossaryEntry]
) -> list[RenderableType]:
    """A screen's parts followed by "Terms used above": every glossary term the parts use."""
    if not glossary:  # terms_in needs at least one term
        return list(parts)
    return [*parts, *terms_block(terms_in(glossary, drawn_texts(parts)))]
