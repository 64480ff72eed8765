"""The ``compare`` screen: how the certifications differ (one line each when there are many),
then one row per dimension, one column per certification."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from certadvisor.core.compare import Comparison
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert, Source
from certadvisor.present.comparison_text import cell_text
from certadvisor.present.fact_text import COPIES_NOTE, STALE_LEGEND, STALE_MARK, known_sources, readable
from certadvisor.present.summary_text import DIGEST_NOTE, differences, digest
from certadvisor.present.terminal.blocks import NO_TERMS, source_numbers, sources_block, with_terms
from certadvisor.present.terminal.console import narrow
from certadvisor.present.terminal.layout import (
    BLANK,
    Wrapped,
    boxed_table,
    field,
    indented,
    show,
)


def print_comparison(
    console: Console,
    comparison: Comparison,
    *,
    sources: bool = True,
    catalog: Catalog | None = None,
    table: bool = True,
) -> None:
    """The ``compare`` screen: how the certifications differ (or, for many, one line each),
    then the table (unless ``table`` is False), one row per dimension and one column per
    certification, then "Terms used above". ``catalog`` gives the glossary and the names of
    the pages a note mentions by id (without it: no terms, and only the pages the credentials cite).

    When more certifications are compared than fit side by side (about 26 columns each), the
    table is split into several tables of a few certifications each, all with every row; when
    even one does not fit, each dimension is a heading over one ``CODE: value`` line per
    certification.
    """
    parts = opening_parts(console, comparison, table=table)
    if table:
        pages = catalog.sources if catalog is not None else None
        parts += comparison_parts(console, comparison, sources=sources, pages=pages)
    show(console, with_terms(parts, catalog.glossary if catalog is not None else NO_TERMS))


# From this many certifications on, the screen opens with one line each, not the differences.
DIGEST_FROM = 5


def opening_parts(console: Console, comparison: Comparison, *, table: bool = True) -> list[RenderableType]:
    """What the comparison opens with: for a few certifications, the ways they differ; for
    many, one line each and how to see the rest."""
    certs = comparison.certs
    if len(certs) < DIGEST_FROM:
        return _differences(console, certs, table)
    rows = [digest(cert) for cert in certs]
    headers = (("Code", 1), ("Body", 1), ("Work", 6), ("Exam fee", 3), ("First year", 3))
    cells = [[Text(row.code, style="bold"), *(Text(t) for t in row[1:])] for row in rows]
    parts: list[RenderableType] = [Text(f"{len(certs)} certifications in a line each", style="bold")]
    drawn = boxed_table(console, headers, cells)
    if drawn is not None:
        parts.append(drawn)
    else:
        parts += [
            field(row.code, f"{row.body}; {row.work}; exam {row.fee}; first year {row.first_year}", 2)
            for row in rows
        ]
    parts.append(indented(Text(DIGEST_NOTE, style="dim")))
    pointer = "One in full: certadvisor show CODE. Side by side: certadvisor compare CODE CODE."
    if not table:  # the command left the table out: say how to have it
        pointer += " Every fact of these side by side, with sources: add --full to this command."
    parts.append(indented(Text(pointer, style="dim")))
    return [*parts, BLANK] if table else parts


def _differences(console: Console, certs: Sequence[Cert], table: bool) -> list[RenderableType]:
    """How a few certifications differ, one labelled group of lines per dimension."""
    differ, alike = differences(certs)
    if not differ:
        return []
    code_width = max(cell_len(cert.code) for cert in certs)
    # Each value hangs under itself, after its code; a narrow screen puts each label on a line
    # of its own, so the values keep the width.
    label_width = 0 if narrow(console) else max(cell_len(d.label) + 1 for d in differ)
    parts: list[RenderableType] = [Text("How they differ", style="bold")]
    for difference in differ:
        if narrow(console):
            parts.append(indented(Text(f"{difference.label}:", style="bold")))
        for number, (code, text) in enumerate(difference.values):
            label = f"{difference.label}:" if label_width and not number else ""
            first = Text.assemble(
                "  ",
                (label.ljust(label_width), "bold"),
                " " if label_width else "  ",
                (code.ljust(code_width), "bold"),
                " ",
            )
            parts.append(Wrapped(Text(text), first))
    if alike:
        parts.append(indented(Text(f"Alike: {', '.join(alike)}.", style="dim")))
    if table:
        parts += [indented(Text("Every fact side by side, with its source:", style="dim")), BLANK]
    return parts


def comparison_parts(
    console: Console,
    comparison: Comparison,
    *,
    sources: bool,
    pages: Mapping[str, Source] | None = None,
) -> list[RenderableType]:
    """The comparison's parts: side-by-side tables, or a heading per dimension when even one
    certification's column does not fit; ``sources`` adds the citations and the sources list.
    ``pages`` names the pages a note mentions by id (default: those the credentials cite)."""
    numbers = source_numbers(comparison.sources)
    known = pages if pages is not None else known_sources(comparison.certs)
    rows = _comparison_cells(comparison, numbers, sources, known)
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
    comparison: Comparison, numbers: Mapping[str, int], sources: bool, names: Mapping[str, Source]
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
                    text.append("\n" + readable(cell.fact.note, names), style="dim italic")
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
