"""The ``list`` screen: one row per certification, or one block each on a narrow screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from certadvisor.model.records import Cert
from certadvisor.present.terminal.console import narrow
from certadvisor.present.terminal.layout import BLANK, field, longest_word, show


def print_list(console: Console, certs: Sequence[Cert]) -> None:
    """The ``list`` screen: one row per certification (code, name, body, short focus).

    Nothing is cut: a name or focus too long for its column wraps within it, and a screen too
    narrow for the four columns gets one ``label: value`` block per certification.
    """
    if not certs:
        show(
            console, [Text("No certification matches those filters. Try `certadvisor list` for all of them.")]
        )
        return
    hint = Text("Details: certadvisor show CODE   Side by side: certadvisor compare CPC CCS", style="dim")
    table = _list_table(console, certs)
    if table is not None:
        show(console, [table, BLANK, hint])
        return
    parts: list[RenderableType] = []
    for cert in certs:
        parts += [
            Text(cert.code, style="bold"),
            field("Name", cert.name, 2),
            field("Body", cert.body.code, 2),
            field("Focus", cert.short, 2),
        ]
    show(console, [*parts, BLANK, hint])


def _list_table(console: Console, certs: Sequence[Cert]) -> Table | None:
    """``list`` as columns two spaces apart, the name and focus wrapping in as few lines as the
    width allows; None when the screen is too narrow for a column's longest word."""
    if narrow(console):
        return None
    header = ("Code", "Name", "Body", "Focus")
    rows = [(c.code, c.name, c.body.code, c.short) for c in certs]
    code_w, body_w = (max(len(header[i]), *(cell_len(row[i]) for row in rows)) for i in (0, 2))
    room = console.width - code_w - body_w - 3 * 2  # two spaces between columns
    name_min, focus_min = (max(len(header[i]), *(longest_word(row[i]) for row in rows)) for i in (1, 3))
    name_max = max(len(header[1]), *(cell_len(row[1]) for row in rows))
    focus_max = max(len(header[3]), *(cell_len(row[3]) for row in rows))
    if name_min + focus_min > room:
        return None
    # The split with the fewest lines in all, the wider name first on a tie.
    candidates = range(min(name_max, room - focus_min), name_min - 1, -1)
    name_w = min(
        candidates,
        key=lambda width: sum(
            max(_line_count(row[1], width), _line_count(row[3], room - width)) for row in rows
        ),
    )
    focus_w = min(focus_max, room - name_w)
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, header_style="bold")
    for title, width, style in zip(
        header, (code_w, name_w, body_w, focus_w), ("bold", "", "", ""), strict=True
    ):
        table.add_column(Text(title), width=width, overflow="fold", style=style or None)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _line_count(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at spaces to ``width`` (to choose column widths)."""
    lines, used = 1, 0
    for word in text.split():
        length = cell_len(word)
        if used and used + 1 + length > width:
            lines, used = lines + 1, 0
        used += length + (1 if used else 0)
    return lines
