"""The ``compare`` screen: one row per dimension, one column per certification."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from certadvisor.core.compare import Comparison
from certadvisor.present.comparison_text import cell_text
from certadvisor.present.fact_text import COPIES_NOTE, STALE_LEGEND, STALE_MARK
from certadvisor.present.terminal.blocks import source_numbers, sources_block
from certadvisor.present.terminal.console import narrow
from certadvisor.present.terminal.layout import BLANK, Wrapped, boxed_table, show


def print_comparison(console: Console, comparison: Comparison, *, sources: bool = True) -> None:
    """The ``compare`` table: one row per dimension, one column per certification.

    When more certifications are compared than fit side by side (about 26 columns each), the
    table is split into several tables of a few certifications each, all with every row; when
    even one does not fit, each dimension is a heading over one ``CODE: value`` line per
    certification.
    """
    show(console, comparison_parts(console, comparison, sources=sources))


def comparison_parts(console: Console, comparison: Comparison, *, sources: bool) -> list[RenderableType]:
    """The comparison's parts: side-by-side tables, or a heading per dimension when even one
    certification's column does not fit; ``sources`` adds the citations and the sources list."""
    numbers = source_numbers(comparison.sources)
    rows = _comparison_cells(comparison, numbers, sources)
    count = len(comparison.certs)
    parts: list[RenderableType] = []
    per_table = max(1, (console.width - 18) // 26)
    tables: list[tuple[range, Table]] = []
    while not narrow(console):
        groups = [range(start, min(start + per_table, count)) for start in range(0, count, per_table)]
        built = [(group, _comparison_table(console, comparison, rows, group)) for group in groups]
        if all(table is not None for _group, table in built):
            tables = cast(list[tuple[range, Table]], built)
            break
        if per_table == 1:
            break
        per_table -= 1  # fewer certifications side by side leave more room for each
    for group, table in tables:
        if count > per_table:
            names = ", ".join(comparison.certs[i].code for i in group)
            span = f"{group[0] + 1}-{group[-1] + 1}" if len(group) > 1 else f"{group[0] + 1}"
            parts.append(Text(f"Certifications {span} of {count}: {names}", style="bold"))
        parts.append(table)
    if not tables:
        width = max(cell_len(cert.code) for cert in comparison.certs) + 1
        for number, (label, cells) in enumerate(rows):
            parts += [BLANK] if number else []
            parts.append(Text(label, style="bold"))
            parts += [
                Wrapped(cell, Text.assemble("  ", (f"{cert.code}:".ljust(width), "bold"), " "))
                for cert, cell in zip(comparison.certs, cells, strict=True)
            ]
        parts.append(BLANK)
    if comparison.stale_count:
        parts.append(Text(STALE_LEGEND, style="yellow"))
    if sources:
        parts.append(Text(f"[n] numbers refer to the sources below. {COPIES_NOTE}", style="dim"))
        parts += sources_block(console, comparison.sources)
    return parts


def _comparison_cells(
    comparison: Comparison, numbers: Mapping[str, int], sources: bool
) -> list[tuple[str, list[Text]]]:
    """Each row of the comparison (the names first) as a label and one cell per certification."""
    rows: list[tuple[str, list[Text]]] = [("Name", [Text(cert.name) for cert in comparison.certs])]
    for row in comparison.rows:
        cells: list[Text] = []
        for cell in row.cells:
            text = Text(cell_text(row, cell))
            if cell.fact is not None and sources:
                text.append(f" [{numbers[cell.fact.source.id]}]", style="dim")
                if cell.fact.status in ("unknown", "range") and cell.fact.note:
                    text.append("\n" + cell.fact.note, style="dim italic")
            if cell.stale:
                text.append(f" {STALE_MARK}", style="yellow")
            cells.append(text)
        rows.append((row.label, cells))
    return rows


def _comparison_table(
    console: Console, comparison: Comparison, rows: Sequence[tuple[str, list[Text]]], columns: Sequence[int]
) -> Table | None:
    # Codes alone in the header keep them on one line; the full names are the first row.
    return boxed_table(
        console,
        [("", 2), *((comparison.certs[index].code, 4) for index in columns)],
        [[Text(label), *(cells[index] for index in columns)] for label, cells in rows],
        lines=True,
        bold_first=True,
    )
