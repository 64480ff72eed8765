"""The ``cost`` screen: every certification's totals first, then each one's line items with their
sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.core.cost import Sheet, Standing, has_cheaper_route
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert, Fact, Source
from certadvisor.present.cost_text import exam_fee, money, months, summary_lines
from certadvisor.present.fact_text import COPIES_NOTE, known_sources, readable
from certadvisor.present.terminal.blocks import NO_TERMS, source_numbers, sources_block, with_terms
from certadvisor.present.terminal.layout import BLANK, boxed_table, field, labelled_lines, show


def _with_when(amount: Text, when: str) -> Text:
    """An amount with its "When" after the figure, before any note on the lines below."""
    first, *notes = amount.split("\n")
    text = Text.assemble(first, f" ({when})")
    for note in notes:
        text.append("\n")
        text.append_text(note)
    return text


def print_costs(
    console: Console,
    sheets: Sequence[tuple[Cert, Sheet]],
    *,
    catalog: Catalog | None = None,
) -> None:
    """The ``cost`` command: the totals of every certification first, then each one's line items
    with their sources, then "Terms used above". ``catalog`` gives the glossary and the names of
    the pages a note mentions by id (without it: no terms, and only the pages the credentials cite)."""
    seen: dict[str, Source] = {}
    for _cert, one in sheets:
        for item in one.items:
            if item.fact is not None:
                seen.setdefault(item.fact.source.id, item.fact.source)
    numbers = source_numbers(list(seen.values()))
    names = catalog.sources if catalog is not None else known_sources(cert for cert, _one in sheets)
    parts: list[RenderableType] = [Text("In short", style="bold")]
    for cert, one in sheets:
        parts += [Text(f"{cert.code} ({cert.name})", style="bold"), *_totals(console, one)]
    parts += [Text("Line by line, with sources:", style="dim"), BLANK]
    noted: set[Fact] = set()
    for cert, one in sheets:
        parts += [Text(f"{cert.code}, line by line", style="bold"), Text(one.membership, style="dim")]
        rows = _item_rows(one, numbers, noted, names)
        table = boxed_table(console, (("Item", 3), ("Amount", 3), ("When", 1)), rows)
        if table is not None:
            parts.append(table)
        else:
            parts += [field(label.plain, _with_when(amount, when.plain), 2) for label, amount, when in rows]
        parts.append(BLANK)
    parts.append(
        Text(
            "Amounts are US dollars from the sources below; a part no source settles is named as "
            f"not known rather than guessed. {COPIES_NOTE}",
            style="dim",
        )
    )
    parts += sources_block(console, list(seen.values()))
    show(console, with_terms(parts, catalog.glossary if catalog is not None else NO_TERMS))


def _item_rows(
    one: Sheet, numbers: Mapping[str, int], noted: set[Fact], names: Mapping[str, Source]
) -> list[tuple[Text, Text, Text]]:
    """Each line item that applies, as item, amount (with its source number) and when; a note on
    an unsettled figure is added once per fact (``noted`` carries them across sheets)."""
    rows: list[tuple[Text, Text, Text]] = []
    for item in one.items:
        if item.estimate is None:
            continue  # does not apply to this credential
        amount = Text((months if item.when == "months" else money)(item.estimate))
        if item.fact is None:
            amount.append(" (not recorded)", style="dim")
        else:
            amount.append(f" [{numbers[item.fact.source.id]}]", style="dim")
            # A note explains an unsettled figure, once per fact.
            if item.fact.status in ("unknown", "range") and item.fact.note and item.fact not in noted:
                noted.add(item.fact)
                amount.append("\n" + readable(item.fact.note, names), style="dim italic")
        # A line the person has already (dues paid, a programme done) says so in its own label.
        aside = "" if item.counted or item.standing is not Standing.NEW else " (not in the totals)"
        label = item.label + aside
        rows.append((Text(label), amount, Text(item.when)))
    return rows


def _totals(console: Console, one: Sheet) -> list[RenderableType]:
    """The sheet's totals in words: first year, the exam fee, staying certified, time."""
    lines = summary_lines(one)
    fee = exam_fee(one)
    # The usual route first (the figure every summary gives), then the cheapest when skipping
    # an optional course makes one.
    cheaper = [("", lines["first_year_cheapest"])] if has_cheaper_route(one) else []
    return labelled_lines(
        console,
        [
            ("First year", lines["first_year"]),
            *cheaper,
            *([("Exam fee", fee)] if fee else []),
            ("Staying certified", lines["upkeep"]),
            ("Time", lines["time"]),
        ],
    )
