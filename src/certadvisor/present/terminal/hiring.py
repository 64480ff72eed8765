"""The "Getting hired" block of the result screen (recommend and the quiz): each group's facts
with the evidence they rest on, cited by number, and the pages cited after them.

Kept short, as the rest of the result screen is: a known fact's note (its caveats at length)
and the pages' links are in ``show`` and both reports, which the block names; an unknown fact
reads as its note, which says what is not known and why."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from certadvisor.present.hiring_text import HEADING, HiringLine, HiringView
from certadvisor.present.terminal.blocks import source_numbers
from certadvisor.present.terminal.layout import BLANK, Wrapped, indented


def hiring_block(view: HiringView | None) -> list[RenderableType]:
    """The section: a heading, each group's title and facts, then the pages they rest on."""
    if view is None or not view.parts:
        return []
    numbers = source_numbers(view.sources)
    parts: list[RenderableType] = [BLANK, Text(HEADING, style="bold")]
    for part in view.parts:
        parts.append(indented(Text(part.title, style="bold")))
        for line in part.lines:
            # A group of one fact named as the group ("First jobs") does not say its name twice.
            label = None if line.label == part.title else line.label
            parts += fact_parts(line, label, numbers[line.fact.source.id])
    parts.append(indented(Text("Pages cited above", style="dim")))
    for source in view.sources:
        kind = "official" if source.official else "third party"
        number = f"[{numbers[source.id]}] "
        cited = Text.assemble(number, (source.title, "italic"), f" ({source.publisher}, {kind})")
        parts.append(Wrapped(cited, "    ", 4 + len(number)))
    # The result screen keeps to its width: the links are a command away, as the costs' are.
    parts.append(
        indented(
            Text(f"Each fact's notes and every page's link: certadvisor show {view.code}", style="dim"), 4
        )
    )
    return parts


def fact_parts(line: HiringLine, label: str | None, number: int) -> list[RenderableType]:
    """One fact: label and value, a list's items one a line, then what it rests on; every line
    after the first hangs under the text."""
    first = Text.assemble((f"{label}:", "bold"), " ") if label else Text()
    if not line.items:
        first.append(line.text)
    found: list[RenderableType] = [Wrapped(first, "  • ", 4)] if label or not line.items else []
    # Under a label, a list's items are dashed; without one, each is a point of the group.
    marker = "    – " if found else "  • "
    found += [Wrapped(Text(item), marker, len(marker)) for item in line.items]
    found.append(Wrapped(Text(f"[{number}] {line.evidence}", style="dim"), "    "))
    return found
