"""The ``show`` screen: everything known about one certification, each fact with its source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from certadvisor.core.freshness import is_stale
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import CareerPath, Cert, Fact, Source
from certadvisor.present.fact_text import (
    COPIES_NOTE,
    LABELS,
    STALE_LEGEND,
    STALE_MARK,
    evidence_text,
    format_value,
    known_sources,
    readable,
)
from certadvisor.present.hiring_text import HEADING, show_view
from certadvisor.present.summary_text import key_facts
from certadvisor.present.terminal.blocks import (
    NO_TERMS,
    path_block,
    source_numbers,
    sources_block,
    with_terms,
)
from certadvisor.present.terminal.console import border, narrow
from certadvisor.present.terminal.layout import (
    BLANK,
    Wrapped,
    boxed_table,
    field,
    labelled_lines,
    longest_word,
    show,
    url_line,
)


def print_show(
    console: Console,
    cert: Cert,
    today: dt.date,
    paths: Sequence[CareerPath] = (),
    market: Mapping[str, Fact] = MappingProxyType({}),
    *,
    catalog: Catalog | None = None,
) -> None:
    """The facts people ask first, then everything known about one certification, each fact with
    its source and evidence, then "Getting hired": its hiring facts and the job market's
    (``market``), and "Terms used above". ``catalog`` gives the glossary and the names of the pages
    a note mentions by id (without it: no terms, and only the pages the credential cites)."""
    hired = show_view(cert, market)
    shown = {line.key for line in hired.lines}
    facts = [fact for fact in cert.facts.values() if fact.key not in shown]
    every = [*facts, *(line.fact for line in hired.lines)]
    cited = {fact.source.id: fact.source for fact in every}
    for fact in every:
        cited.update((also.source.id, also.source) for also in fact.also)
    sources = list(cited.values())
    if cert.body.source not in sources:
        sources.insert(0, cert.body.source)
    numbers = source_numbers(sources)
    names = catalog.sources if catalog is not None else known_sources([cert])
    rows = [_fact_row(fact, LABELS.get(fact.key, fact.key), numbers, today, names) for fact in facts]
    parts: list[RenderableType] = [
        *_show_header(console, cert),
        Text("At a glance", style="bold"),
        *labelled_lines(console, key_facts(cert)),
        Text("Every fact, with its source:", style="dim"),
        *_fact_table(console, rows),
    ]
    hired_rows = [_fact_row(line.fact, line.label, numbers, today, names) for line in hired.lines]
    if hired_rows:
        parts += [BLANK, Text(HEADING, style="bold"), *_fact_table(console, hired_rows)]
    if any(is_stale(fact, today) for fact in every):
        parts.append(Text(STALE_LEGEND, style="yellow"))
    parts.append(Text(COPIES_NOTE, style="dim"))
    for path in paths:
        parts += path_block(
            path, f"Path: {path.title}" + ("" if path.cert == cert.code else f" (leads to {path.cert})")
        )
    if paths:
        parts.append(BLANK)
    if cert.next_steps:
        parts.append(Text("Next steps", style="bold"))
        for step in cert.next_steps:
            suffix = "" if step.when.always else f" (if {step.when.describe()})"
            parts.append(Wrapped(Text(f"• {step.text}{suffix}"), "  ", 4))
            if step.url:
                parts.append(url_line(console, step.url, 4))
    parts += sources_block(console, sources)
    show(console, with_terms(parts, catalog.glossary if catalog is not None else NO_TERMS))


Row = tuple[Text, Text, Text]
# From this width on, a fact's evidence has a column of its own.
WIDE = 120


def _fact_row(
    fact: Fact, label: str, numbers: Mapping[str, int], today: dt.date, names: Mapping[str, Source]
) -> Row:
    """A fact's label, value with its note, and evidence with the sources cited by number; a
    fact due for a re-read is marked."""
    value = Text(format_value(fact))
    if fact.note:
        value.append("\n" + readable(fact.note, names), style="dim italic")
    stale = is_stale(fact, today)
    evidence = f"[{numbers[fact.source.id]}] {evidence_text(fact)}" + (f" {STALE_MARK}" if stale else "")
    if fact.also:
        further = dict.fromkeys(numbers[also.source.id] for also in fact.also)
        evidence += "; also " + ", ".join(f"[{number}]" for number in further)
    return (Text(label), value, Text(evidence))


def _fact_table(console: Console, rows: Sequence[Row]) -> list[RenderableType]:
    """Facts in a table of fact, value and evidence; ``label: value`` lines when it has no room.

    Below ``WIDE`` columns the evidence goes under the value, in one column: three columns
    there left each so narrow that a fact took twice the lines."""
    if console.width >= WIDE:
        table = boxed_table(
            console, (("Fact", 2), ("Value", 5), ("Evidence", 3)), rows, lines=True, bold_first=True
        )
    else:
        joined = [
            (label, Text.assemble(shown, "\n", Text(source.plain, style="dim")))
            for label, shown, source in rows
        ]
        table = boxed_table(
            console, (("Fact", 1), ("Value and source", 4)), joined, lines=True, bold_first=True
        )
    if table is not None:
        return [table]
    parts: list[RenderableType] = []
    for label, shown, source in rows:
        parts += [BLANK, field(label.plain, shown), field("Source", source, 2)]
    parts.append(BLANK)
    return parts


def _show_header(console: Console, cert: Cert) -> list[RenderableType]:
    """``show``'s opening: the code and name, summary, body and its site, in a panel when the
    screen is wide enough for every line of it, else as plain lines."""

    body: list[RenderableType] = [
        Text(cert.summary),
        Text(cert.body.name, style="dim"),
        url_line(console, cert.body.website, style="dim cyan"),
    ]
    inner = console.width - 4  # the panel's borders and padding
    title = f"{cert.code} {cert.name}"
    if (
        narrow(console)
        or cell_len(title) + 4 > inner  # a title too long for the top border would be cut
        or cell_len(cert.body.website) > inner
        or max(longest_word(cert.summary), longest_word(cert.body.name)) > inner
    ):
        return [Text(title, style="bold"), *body]
    return [
        Panel(
            Group(*body),
            # A Text, not a markup string: a title string is parsed for markup and emoji codes.
            title=Text.assemble((cert.code, "bold"), " ", cert.name),
            title_align="left",
            box=border(console),
        )
    ]
