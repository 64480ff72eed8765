"""The "Getting hired" block of the result screen (recommend and the quiz): each group's facts
with their notes and evidence, cited by number, and the pages cited after them."""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.present.hiring_text import HEADING, HiringLine, HiringView
from certadvisor.present.terminal.blocks import source_numbers
from certadvisor.present.terminal.layout import BLANK, indented, marker_list, url_line


def hiring_block(console: Console, view: HiringView | None) -> list[RenderableType]:
    """The section: a heading, each group's title and facts, then the pages they rest on."""
    if view is None or not view.parts:
        return []
    numbers = source_numbers(view.sources)
    parts: list[RenderableType] = [BLANK, Text(HEADING, style="bold")]
    for part in view.parts:
        parts.append(indented(Text(part.title, style="bold")))
        parts.append(
            marker_list([(Text("•"), fact_text(line, numbers[line.fact.source.id])) for line in part.lines])
        )
    parts.append(indented(Text("Pages cited above", style="dim")))
    for source in view.sources:
        kind = "official" if source.official else "third party"
        line = Text.assemble(
            f"[{numbers[source.id]}] ", (source.title, "italic"), f" ({source.publisher}, {kind})"
        )
        parts.append(indented(line, 4))
        # Whole, on its own line: a long URL runs past the edge rather than being cut or folded.
        parts.append(url_line(console, source.url, 8))
    return parts


def fact_text(line: HiringLine, number: int) -> Text:
    """One fact: label and value (a list one item a line), its note, then what it rests on."""
    text = Text.assemble((f"{line.label}:", "bold"), " ")
    if line.items:
        for item in line.items:
            text.append(f"\n– {item}")
    else:
        text.append(line.text)
    if line.note:
        text.append("\n" + line.note, style="dim italic")
    text.append(f"\n[{number}] {line.evidence}", style="dim")
    return text
