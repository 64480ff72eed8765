"""Layout pieces every screen is built from: wrapped paragraphs, ``label: value`` lines,
tables that never cut a word, URLs on lines of their own, and printing a screen in one call.

Nothing is cut or dropped at any width: text wraps at spaces (a word wider than the screen runs
past the edge whole), and a table column is never narrower than its longest word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from certadvisor.present.terminal.console import border, links_on, narrow

# Each screen is assembled as a list of renderables and printed once: every console.print call
# has a fixed cost (measured: the sources list took half the time printed as one group).
BLANK = Text("")


def url_line(console: Console, url: str, indent: int = 0, style: str = "cyan") -> Text:
    """A URL on a line of its own, never wrapped or cut, however narrow the screen: it can be
    copied or clicked whole. On a terminal that allows colour it is also an OSC 8 hyperlink.

    Print it with ``crop=False`` (see ``show``): a line longer than the screen then runs past the
    edge, and the terminal (or the pipe) gets every character.
    """
    link = (
        Style.parse(style) + Style(link=url) if links_on(console) and _linkable(url) else Style.parse(style)
    )
    return Text.assemble(" " * indent, (url, link), no_wrap=True, overflow="ignore", end="\n")


def _linkable(url: str) -> bool:
    """Only a plain web address with a host becomes a terminal hyperlink (the loader already
    refuses others in the data; this guards any other caller)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    plain = url.isascii() and not any(
        c.isspace() or c in '<>"\\' or ord(c) < 0x20 or c == "\x7f" for c in url
    )
    return plain and parts.scheme in ("https", "http") and bool(parts.hostname)


def show(console: Console, parts: Sequence[RenderableType]) -> None:
    """Print a screen in one call, without cutting the lines (URLs, long words) wider than it."""
    # rich folds a word wider than the screen into pieces; Wrapped keeps it whole.
    wrapped = [Wrapped(part) if isinstance(part, Text) and not part.no_wrap else part for part in parts]
    console.print(Group(*wrapped), crop=False)


_WORD = re.compile(r"\s*\S+\s*")


def wrap_text(text: Text, width: int) -> list[Text]:
    """``text`` broken at spaces (and at its newlines) into lines of at most ``width`` cells; a
    word wider than that gets a line of its own, whole: never cut, never split."""
    lines: list[Text] = []
    for line in text.split(allow_blank=True):
        if "\t" in line.plain:
            line.expand_tabs()
        breaks: list[int] = []
        used = 0
        for match in _WORD.finditer(line.plain):
            if used and used + cell_len(match.group().rstrip()) > width:
                breaks.append(match.start())
                used = 0
            used += cell_len(match.group())
        for piece in line.divide(breaks):
            piece.rstrip()
            lines.append(piece)
    return lines


class Wrapped:
    """A paragraph wrapped at spaces, its first line after ``first`` and the rest indented by
    ``hang`` (a hanging indent). Printed with ``crop=False`` (see ``show``), a word wider than
    the screen runs past the edge whole, as a URL does, so nothing is cut at any width."""

    def __init__(self, text: Text, first: Text | str = "", hang: int | None = None) -> None:
        self.text = text
        self.first = Text(first) if isinstance(first, str) else first
        self.hang = self.first.cell_len if hang is None else hang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - max(self.first.cell_len, self.hang))
        rest = Text(" " * self.hang)
        for number, line in enumerate(wrap_text(self.text, width)):
            yield from (self.first if number == 0 else rest).render(console)
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        inner = Measurement.get(console, options, self.text)
        indent = max(self.first.cell_len, self.hang)
        return Measurement(inner.minimum + indent, inner.maximum + indent)


def indented(text: Text, indent: int = 2) -> Wrapped:
    """``text`` wrapped with every line indented by ``indent`` spaces."""
    return Wrapped(text, " " * indent)


def field(label: str, value: Text | str, indent: int = 0) -> Wrapped:
    """A plain ``label: value`` line, for screens too narrow for a table; wrapped lines hang by two."""
    text = Text.assemble((f"{label}:", "bold"), " ", value)
    return Wrapped(text, " " * indent, indent + 2)


def longest_word(text: Text | str) -> int:
    """The width of the widest word (the narrowest a column can be without cutting one)."""
    plain = text.plain if isinstance(text, Text) else text
    return max((cell_len(word) for word in plain.split()), default=0)


def share(total: int, ratios: Sequence[int], minimums: Sequence[int]) -> list[int] | None:
    """``total`` cells shared out by ``ratios``, each part at least its minimum; None when the
    minimums alone need more than ``total``."""
    if sum(minimums) > total:
        return None
    pinned: dict[int, int] = {}  # parts whose ratio share is below their minimum get the minimum
    while True:
        free = [index for index in range(len(ratios)) if index not in pinned]
        left = total - sum(pinned.values())
        weight = sum(ratios[index] for index in free)
        short = [index for index in free if left * ratios[index] < minimums[index] * weight]
        if not short:
            break
        pinned.update((index, minimums[index]) for index in short)
    widths = [
        pinned[index] if index in pinned else left * ratios[index] // weight for index in range(len(ratios))
    ]
    for index in free[: total - sum(widths)]:  # what rounding down left over, one cell each
        widths[index] += 1
    return widths


def boxed_table(
    console: Console,
    columns: Sequence[tuple[str, int]],
    rows: Sequence[Sequence[Text]],
    *,
    lines: bool = False,
    bold_first: bool = False,
) -> Table | None:
    """A boxed table as wide as the screen, each column at least as wide as its longest word and
    otherwise shared by ratio; None when the screen is narrower than MIN_WIDTH or cannot give
    every column that room (the caller then prints ``label: value`` lines)."""
    if narrow(console):
        return None
    minimums = [
        max(1, longest_word(header), *(longest_word(row[index]) for row in rows))
        for index, (header, _ratio) in enumerate(columns)
    ]
    # A border either side and between columns, and a space of padding either side of each cell.
    room = console.width - (len(columns) + 1) - 2 * len(columns)
    widths = share(room, [ratio for _header, ratio in columns], minimums)
    if widths is None:
        return None
    table = Table(box=border(console), show_lines=lines)
    for index, ((header, _ratio), width) in enumerate(zip(columns, widths, strict=True)):
        # A Text, not a string: a header string is parsed for markup (a code or a name from the
        # data file could carry a link or blink).
        table.add_column(
            Text(header), width=width, overflow="fold", style="bold" if bold_first and not index else None
        )
    for row in rows:
        table.add_row(*row)
    return table


def marker_list(items: Sequence[tuple[Text, Text]], *, right: bool = False) -> Group:
    """Marker + text rows with a hanging indent, so wrapped lines stay under their text."""
    width = max((marker.cell_len for marker, _text in items), default=0)
    rows = []
    for marker, text in items:
        padded = marker.copy()
        if right:
            padded.pad_left(width - marker.cell_len)
        else:
            padded.pad_right(width - marker.cell_len)
        rows.append(Wrapped(text, Text.assemble("  ", padded, " ")))
    return Group(*rows)


def labelled_lines(
    console: Console, lines: Sequence[tuple[str, Text | str]], indent: int = 2
) -> list[RenderableType]:
    """``label: text`` lines with the texts in one column after the labels (a label "" goes on
    the line before); on a narrow screen, where that column would leave the text a sliver, each
    text follows its label and wraps under it."""
    rows = [
        (Text(f"{label}:" if label else "", style="bold"), Text(text) if isinstance(text, str) else text)
        for label, text in lines
    ]
    if narrow(console):
        return [
            Wrapped(Text.assemble(label, " ", text), " " * indent, indent + 2)
            if label.plain
            else Wrapped(text, " " * (indent + 2))
            for label, text in rows
        ]
    width = max((label.cell_len for label, _text in rows), default=0)
    return [
        Wrapped(text, Text.assemble(" " * indent, label, " " * (width - label.cell_len + 1)))
        for label, text in rows
    ]
