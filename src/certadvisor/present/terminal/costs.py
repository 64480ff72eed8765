"""The ``cost`` screen: per certification, each line item with its source, then the totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.core.cost import Sheet, Standing, has_cheaper_route
from certadvisor.model.records import Cert, Fact, Source
from certadvisor.present.cost_text import money, months, summary_lines
from certadvisor.present.fact_text import COPIES_NOTE
from certadvisor.present.terminal.blocks import source_numbers, sources_block
from certadvisor.present.terminal.console import narrow
from certadvisor.present.terminal.layout import (
    BLANK,
    Wrapped,
    boxed_table,
    field,
    indented,
    marker_list,
    show,
)


def _with_when(amount: Text, when: str) -> Text:
    """An amount with its "When" after the figure, before any note on the lines below."""
    first, *notes = amount.split("\n")
    text = Text.assemble(first, f" ({when})")
    for note in notes:
        text.append("\n")
        text.append_text(note)
    return text


def print_costs(console: Console, sheets: Sequence[tuple[Cert, Sheet]]) -> None:
    """The ``cost`` command: per certification, each line item with its source, then the totals."""
    seen: dict[str, Source] = {}
    for _cert, one in sheets:
        for item in one.items:
            if item.fact is not None:
                seen.setdefault(item.fact.source.id, item.fact.source)
    numbers = source_numbers(list(seen.values()))
    parts: list[RenderableType] = []
    noted: set[Fact] = set()
    for cert, one in sheets:
        parts += [
            Text(f"{cert.code} ({cert.name}): what it takes", style="bold"),
            Text(one.membership, style="dim"),
        ]
        rows = _item_rows(one, numbers, noted)
        table = boxed_table(console, (("Item", 3), ("Amount", 3), ("When", 1)), rows)
        if table is not None:
            parts.append(table)
        else:
            parts += [field(label.plain, _with_when(amount, when.plain), 2) for label, amount, when in rows]
        parts += _totals(console, one)
        parts.append(BLANK)
    parts.append(
        Text(
            "Amounts are US dollars from the sources below; a part no source settles is named as "
            f"not known rather than guessed. {COPIES_NOTE}",
            style="dim",
        )
    )
    parts += sources_block(console, list(seen.values()))
    show(console, parts)


def _item_rows(one: Sheet, numbers: Mapping[str, int], noted: set[Fact]) -> list[tuple[Text, Text, Text]]:
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
                amount.append("\n" + item.fact.note, style="dim italic")
        # A line the person has already (dues paid, a programme done) says so in its own label.
        aside = "" if item.counted or item.standing is not Standing.NEW else " (not in the totals)"
        label = item.label + aside
        rows.append((Text(label), amount, Text(item.when)))
    return rows


def _totals(console: Console, one: Sheet) -> list[RenderableType]:
    """The sheet's totals in words: first year, staying certified, time."""
    lines = summary_lines(one)
    # The usual route first (the figure every summary gives), then the cheapest when skipping
    # an optional course makes one.
    cheaper = [("", lines["first_year_cheapest"])] if has_cheaper_route(one) else []
    totals = [
        ("First year:", lines["first_year"]),
        *cheaper,
        ("Staying certified:", lines["upkeep"]),
        ("Time:", lines["time"]),
    ]
    if narrow(console):  # the labels' column would leave the text a sliver
        return [
            BLANK,
            *(
                Wrapped(Text.assemble((label, "bold"), " ", text), "  ", 4)
                if label
                else indented(Text(text), 4)
                for label, text in totals
            ),
        ]
    return [marker_list([(Text(label, style="bold"), Text(text)) for label, text in totals])]
