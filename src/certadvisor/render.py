"""Everything drawn with rich lives here, so the --json paths never import it.

Rich already honours a non-empty NO_COLOR, drops escape codes and uses 80 columns when output is
not a terminal. On top of that we use ASCII borders off a terminal (pipes, files, TERM=dumb) and
wrap every cell, so nothing is cut at 80 columns.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING, TextIO, cast

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .catalog import CareerPath, Catalog, Cert, Fact, GlossaryEntry, Source, Step
from .compare import LABELS, STALE_LEGEND, STALE_MARK, Comparison, compare, dates_text, format_value
from .freshness import DueSource, is_stale

if TYPE_CHECKING:  # the engine itself is only needed where answers are scored
    from .cost import Sheet
    from .engine import Result
    from .view import Takes

# Each screen is assembled as a list of renderables and printed once: every console.print call
# has a fixed cost (measured: the sources list took half the time printed as one group).
BLANK = Text("")


def make_console(*, stderr: bool = False) -> Console:
    """A console for stdout (or stderr) that follows the terminal's abilities."""
    stream = sys.stderr if stderr else sys.stdout
    if stream is None or stream.isatty():  # None: started with the stream closed (`>&-`)
        return Console(stderr=stderr, highlight=False, emoji=False)
    # rich needs only write, flush and isatty of its file.
    return Console(file=cast(IO[str], _TrimmedLines(stream)), highlight=False, emoji=False)


class _TrimmedLines:
    """Output that is not a terminal, without the spaces rich leaves at the ends of lines (it
    pads table cells and keeps the space a line was wrapped at): piped text diffs and pastes
    cleanly. Everything else passes through."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_TRAILING_SPACES.sub("", text))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    def fileno(self) -> int:
        return self._stream.fileno()


_TRAILING_SPACES = re.compile(r" +(?=\n)")


def _box(console: Console) -> box.Box:
    plain = not console.is_terminal or os.environ.get("TERM", "") in ("dumb", "unknown")
    return box.ASCII2 if plain else box.ROUNDED


def links_on(console: Console) -> bool:
    """True when URLs are drawn as OSC 8 hyperlinks: a terminal with colour allowed (not
    NO_COLOR, not TERM=dumb, not a pipe or file), where rich writes them."""
    return console.is_terminal and not console.no_color and console.color_system is not None


def url_line(console: Console, url: str, indent: int = 0, style: str = "cyan") -> Text:
    """A URL on a line of its own, never wrapped or cut, however narrow the screen: it can be
    copied or clicked whole. On a terminal that allows colour it is also an OSC 8 hyperlink.

    Print it with ``crop=False`` (see ``show``): a line longer than the screen then runs past the
    edge, and the terminal (or the pipe) gets every character.
    """
    link = Style.parse(style) + Style(link=url) if links_on(console) else Style.parse(style)
    return Text.assemble(" " * indent, (url, link), no_wrap=True, overflow="ignore", end="\n")


def show(console: Console, parts: Sequence[RenderableType]) -> None:
    """Print a screen in one call, without cutting the lines (URLs) that are wider than it."""
    console.print(Group(*parts), crop=False)


def _source_numbers(sources: Sequence[Source]) -> dict[str, int]:
    return {source.id: number for number, source in enumerate(sources, start=1)}


def _sources(console: Console, sources: Sequence[Source], title: str = "Sources") -> list[RenderableType]:
    parts: list[RenderableType] = [Text(title, style="bold")]
    for number, source in enumerate(sources, start=1):
        kind = "official" if source.official else "third party"
        line = Text.assemble(f"[{number}] ", (source.title, "italic"), f" ({source.publisher}, {kind})")
        parts.append(Padding(line, (0, 0, 0, 2), expand=False))
        # Whole, on its own line: a long URL runs past the edge rather than being cut or folded.
        parts.append(url_line(console, source.url, 6))
    return parts


def print_list(console: Console, certs: Sequence[Cert]) -> None:
    """The ``list`` screen: one line per certification (code, name, body, short focus).

    The code, the body and the focus are never cut; when the screen is too narrow for every
    full name (80 columns is), the longest names end in … (``show CODE`` has the full text).
    """
    if not certs:
        console.print("No certification matches those filters. Try `certadvisor list` for all of them.")
        return
    header = ("Code", "Name", "Body", "Focus")
    code_w = max(len(header[0]), *(len(c.code) for c in certs))
    body_w = max(len(header[2]), *(len(c.body.code) for c in certs))
    short_w = max(len(header[3]), *(len(c.short) for c in certs))
    name_max = max(len(header[1]), *(len(c.name) for c in certs))
    room = console.width - code_w - body_w - 3 * 2  # two spaces between columns
    name_w = max(12, min(name_max, room - short_w))
    focus_w = max(8, room - name_w)
    lines: list[RenderableType] = [
        _list_line(header, (code_w, name_w, body_w, focus_w), style="bold"),
        *(
            _list_line((c.code, c.name, c.body.code, c.short), (code_w, name_w, body_w, focus_w))
            for c in certs
        ),
    ]
    hint = Text("Details: certadvisor show CODE   Side by side: certadvisor compare CPC CCS", style="dim")
    console.print(Group(*lines, BLANK, hint))


def _list_line(cells: Sequence[str], widths: Sequence[int], style: str = "") -> Text:
    """One row of ``list``: cells padded to their widths, a cell too long for its width ending in …."""
    code, name, body, focus = (_fit(cell, width) for cell, width in zip(cells, widths, strict=True))
    return Text.assemble(
        (code.ljust(widths[0]), style or "bold"),
        "  ",
        (name.ljust(widths[1]), style),
        "  ",
        (body.ljust(widths[2]), style),
        "  ",
        (focus, style),
        no_wrap=True,
        overflow="ellipsis",
    )


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def print_show(console: Console, cert: Cert, today: dt.date, paths: Sequence[CareerPath] = ()) -> None:
    """Everything known about one certification, each fact with its source and date."""
    facts = list(cert.facts.values())
    sources = list({fact.source.id: fact.source for fact in [*facts]}.values())
    if cert.body.source not in sources:
        sources.insert(0, cert.body.source)
    from rich.markup import escape
    from rich.panel import Panel  # only `show` and the quiz draw panels

    numbers = _source_numbers(sources)
    parts: list[RenderableType] = [
        Panel(
            Group(
                Text(cert.summary),
                Text(cert.body.name, style="dim"),
                url_line(console, cert.body.website, style="dim cyan"),
            ),
            title=f"[bold]{escape(cert.code)}[/] {escape(cert.name)}",
            title_align="left",
            box=_box(console),
        )
    ]
    table = Table(box=_box(console), show_header=True, expand=True, show_lines=True)
    table.add_column("Fact", ratio=2, style="bold")
    table.add_column("Value", ratio=5)
    table.add_column("Source, dates", ratio=2, no_wrap=False)
    stale_any = False
    for fact in facts:
        value = Text(format_value(fact))
        if fact.note:
            value.append("\n" + fact.note, style="dim italic")
        stale = is_stale(fact, today)
        stale_any |= stale
        cited = f"[{numbers[fact.source.id]}] {dates_text(fact)}" + (f" {STALE_MARK}" if stale else "")
        table.add_row(LABELS.get(fact.key, fact.key), value, cited)
    parts.append(table)
    if stale_any:
        parts.append(Text(STALE_LEGEND, style="yellow"))
    for path in paths:
        parts += _path(
            path, f"Path: {path.title}" + ("" if path.cert == cert.code else f" (leads to {path.cert})")
        )
    if paths:
        parts.append(BLANK)
    if cert.next_steps:
        parts.append(Text("Next steps", style="bold"))
        for step in cert.next_steps:
            suffix = "" if step.when.kind == "always" else f" (if {step.when.describe()})"
            parts.append(Padding(Text(f"• {step.text}{suffix}"), (0, 0, 0, 2), expand=False))
            if step.url:
                parts.append(url_line(console, step.url, 4))
    parts += _sources(console, sources)
    show(console, parts)


def _comparison_table(
    console: Console,
    comparison: Comparison,
    columns: Sequence[int],
    numbers: Mapping[str, int],
    sources: bool,
) -> Table:
    table = Table(box=_box(console), show_lines=True, expand=True)
    table.add_column("", style="bold", ratio=2)
    # Codes alone in the header keep them on one line; the full names are the first row.
    for index in columns:
        table.add_column(comparison.certs[index].code, ratio=4)
    table.add_row("Name", *(Text(comparison.certs[index].name) for index in columns))
    for row in comparison.rows:
        cells: list[Text] = []
        for index in columns:
            cell = row.cells[index]
            text = Text(cell.text)
            if cell.fact is not None and sources:
                text.append(f" [{numbers[cell.fact.source.id]}]", style="dim")
                if cell.fact.status in ("unknown", "range") and cell.note:
                    text.append("\n" + cell.note, style="dim italic")
            if cell.stale:
                text.append(f" {STALE_MARK}", style="yellow")
            cells.append(text)
        table.add_row(row.label, *cells)
    return table


def print_comparison(console: Console, comparison: Comparison, *, sources: bool = True) -> None:
    """The ``compare`` table: one row per dimension, one column per certification.

    When more certifications are compared than fit side by side (about 26 columns each), the
    table is split into several tables of a few certifications each, all with every row.
    """
    show(console, _comparison(console, comparison, sources=sources))


def _comparison(console: Console, comparison: Comparison, *, sources: bool) -> list[RenderableType]:
    numbers = _source_numbers(comparison.sources)
    per_table = max(1, (console.width - 18) // 26)
    count = len(comparison.certs)
    parts: list[RenderableType] = []
    for start in range(0, count, per_table):
        group = range(start, min(start + per_table, count))
        if count > per_table:
            names = ", ".join(comparison.certs[i].code for i in group)
            span = f"{start + 1}-{group[-1] + 1}" if len(group) > 1 else f"{start + 1}"
            parts.append(Text(f"Certifications {span} of {count}: {names}", style="bold"))
        parts.append(_comparison_table(console, comparison, list(group), numbers, sources))
    if comparison.stale_count:
        parts.append(Text(STALE_LEGEND, style="yellow"))
    if sources:
        parts.append(
            Text(
                "[n] numbers refer to the sources below. Fees change: confirm them with the body.",
                style="dim",
            )
        )
        parts += _sources(console, comparison.sources)
    return parts


def _bar(score: int, width: int = 30) -> str:
    filled = round(score * width / 100)
    return "█" * filled + "░" * (width - filled)


def print_result(console: Console, catalog: Catalog, result: Result, *, limit: int = 0) -> None:
    """Ranked bars, the reasons behind each score, the what-if and the next steps."""
    show(console, _result(console, catalog, result, limit=limit))


def _result(console: Console, catalog: Catalog, result: Result, *, limit: int = 0) -> list[RenderableType]:
    from .view import build, sorted_reasons, unmatched_line

    view = build(catalog, result)
    top = result.ranking[0]
    plain = _box(console) is box.ASCII2
    summary = Table.grid(padding=(0, 1))
    summary.add_column(style="bold", no_wrap=True)
    summary.add_column()
    for label, text in view.in_short:
        summary.add_row(f"{label}:", Text(text))
    short: list[RenderableType] = [
        Panel(summary, title="In short", title_align="left", box=_box(console), expand=True),
        Text("The details follow.", style="dim"),
        BLANK,
    ]
    headline = Text.assemble(("Recommendation: ", "bold"), (view.headline, "bold green"))
    if view.lead:
        headline.append(f", {view.lead}")
    parts: list[RenderableType] = [*short, headline, Text(view.summary, style="dim")]
    if view.confidence != "high":
        parts += [BLANK, Text(f"Confidence: {view.confidence}", style="bold yellow")]
        parts.append(_items([(Text("•"), Text(line)) for line in view.confidence_lines]))
    for notice in (view.cannot_advise, view.requirement, view.held):
        if notice:
            parts += [BLANK, Text(notice, style="bold yellow")]
    if view.conflicts:
        parts += [BLANK, Text("Answers that pull in different directions", style="bold")]
        parts.append(_items([(Text("•"), Text(note)) for note in view.conflicts]))
    if view.tie:
        parts += [BLANK, Text(view.tie, style="yellow")]
    title = "Ranking (credentials your answers point to)" if top.matched else "Ranking"
    parts += [BLANK, Text(title, style="bold")]
    for ranked in view.matched:
        bar = ("#" * round(ranked.score * 30 / 100)).ljust(30, ".") if plain else _bar(ranked.score)
        style = "bold green" if ranked.code == top.code else ""
        parts.append(
            Text.assemble(
                (f"  {ranked.code:<6}", style),
                (bar, "green" if style else "dim"),
                f" {ranked.score:>3}/100",
            )
        )
    others = unmatched_line(view)
    if others:
        parts.append(Padding(Text(others, style="dim"), (0, 0, 0, 2), expand=False))
    parts.append(Padding(Text(view.score_meaning, style="dim"), (0, 0, 0, 2), expand=False))
    shown = view.matched if not limit else view.matched[:limit]
    for ranked in shown:
        parts += [BLANK, Text(f"Why {ranked.code} scored {ranked.score}", style="bold")]
        if ranked.code == top.code and view.requirement:
            parts.append(_items([(Text("!"), Text(view.requirement))], right=True))
        if not ranked.reasons:
            parts.append(
                Padding(
                    Text("No rule applied to your answers; it stays at the starting 50.", style="dim"),
                    (0, 0, 0, 2),
                    expand=False,
                )
            )
        parts.append(
            _items(
                [
                    (Text(f"{r.points:+d}", style="green" if r.points > 0 else "red"), Text(r.text))
                    for r in sorted_reasons(ranked)
                ],
                right=True,
            )
        )
    if view.runner_up:
        parts += [BLANK, Text(f"Why not {view.runner_up}?", style="bold")]
        parts.append(
            _items(
                [
                    (
                        Text(
                            f"{line.points:+d}" if line.points else "•",
                            style="green" if line.points > 0 else "red",
                        ),
                        Text(line.text),
                    )
                    for line in view.why_not
                ],
                right=True,
            )
        )
    if view.what_ifs:
        parts += [
            BLANK,
            Text("What would change the answer", style="bold"),
            _items([(Text("•"), Text(text)) for text in view.what_ifs]),
        ]
    if result.ignored:
        parts += [
            BLANK,
            Text(f"Not used (skipped by earlier answers): {', '.join(result.ignored)}", style="dim"),
        ]
    if result.path is not None:
        parts += _path(result.path, f"Your path: {result.path.title}")
    parts += _what_it_takes(view.what_it_takes)
    parts += _steps(console, result.next_steps, f"Next steps for {top.code}")
    parts += terms_block(view.terms)
    parts += [
        BLANK,
        Text(
            "This is guidance, not an eligibility decision: confirm requirements and fees "
            "with the credentialing body.",
            style="dim",
        ),
    ]
    return parts


def _what_it_takes(takes: Sequence[Takes]) -> list[RenderableType]:
    if not takes:
        return []
    parts: list[RenderableType] = [BLANK, Text("What it takes", style="bold")]
    for one in takes:
        parts.append(
            _items(
                [
                    (Text(one.code, style="bold"), Text(f"First year: {one.first_year}")),
                    (Text(""), Text(f"Staying certified: {one.upkeep}")),
                    (Text(""), Text(f"Time: {one.time}")),
                ]
            )
        )
    parts.append(
        Padding(
            Text(
                f"Line by line, with sources: certadvisor cost {' '.join(t.code for t in takes)}", style="dim"
            ),
            (0, 0, 0, 2),
            expand=False,
        )
    )
    return parts


def _steps(console: Console, steps: Sequence[Step], title: str) -> list[RenderableType]:
    """A numbered list of next steps, each link whole on its own line (nothing when none)."""
    if not steps:
        return []
    parts: list[RenderableType] = [BLANK, Text(title, style="bold")]
    width = len(f"{len(steps)}.")
    for number, step in enumerate(steps, start=1):
        parts.append(_items([(Text(f"{number}.".rjust(width)), Text(step.text))]))
        if step.url:
            parts.append(url_line(console, step.url, 2 + width + 1))
    return parts


def terms_block(terms: Sequence[GlossaryEntry]) -> list[RenderableType]:
    """ "Terms used above": each glossary term the screen uses, explained in a line or two."""
    if not terms:
        return []
    parts: list[RenderableType] = [BLANK, Text("Terms used above", style="bold")]
    parts.append(
        _items([(Text("•"), Text.assemble((entry.term, "bold"), ": ", entry.text)) for entry in terms])
    )
    parts.append(
        Padding(Text("More words explained: certadvisor glossary", style="dim"), (0, 0, 0, 2), expand=False)
    )
    return parts


def _path(path: CareerPath, title: str) -> list[RenderableType]:
    """A career path: numbered steps, each with what it takes."""
    items = []
    for number, step in enumerate(path.steps, start=1):
        text = Text(step.text)
        text.append("\n" + step.condition, style="dim italic")
        items.append((Text(f"{number}."), text))
    return [BLANK, Text(title, style="bold"), _items(items, right=True)]


def _items(items: Sequence[tuple[Text, Text]], *, right: bool = False) -> Padding:
    """Marker + text rows with a hanging indent, so wrapped lines stay under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right" if right else "left", no_wrap=True)
    grid.add_column(overflow="fold")
    for marker, text in items:
        grid.add_row(marker, text)
    return Padding(grid, (0, 0, 0, 2), expand=False)


def print_glossary(console: Console, entries: Sequence[GlossaryEntry]) -> None:
    """The ``glossary`` command: each term, its explanation, related terms and its source."""
    parts: list[RenderableType] = []
    for entry in entries:
        if parts:
            parts.append(BLANK)
        parts.append(Text(entry.term, style="bold"))
        parts.append(Padding(Text(entry.text), (0, 0, 0, 2), expand=False))
        if entry.see:
            parts.append(
                Padding(Text(f"See also: {', '.join(entry.see)}", style="dim"), (0, 0, 0, 2), expand=False)
            )
        if entry.source is not None:
            source = entry.source
            kind = "official" if source.official else "third party"
            line = Text.assemble("Source: ", (source.title, "italic"), f" ({source.publisher}, {kind})")
            parts.append(Padding(line, (0, 0, 0, 2), expand=False))
            parts.append(url_line(console, source.url, 4))
    if len(entries) > 1:
        parts += [BLANK, Text("One term: certadvisor glossary TERM (any case)", style="dim")]
    show(console, parts)


def print_intro(console: Console, questions: int, prefilled: int) -> None:
    """The quiz's opening panel: what it does, how long, that it is guidance, how to quit."""
    from rich.panel import Panel

    minutes = max(1, round(questions * 15 / 60))
    body = Text.assemble(
        "Answer ",
        (f"{questions} short question{'s' if questions != 1 else ''}", "bold"),
        f" (about {minutes} minute{'s' if minutes != 1 else ''}) about your goals, preferred "
        "setting and background. certadvisor then ranks the certifications, explains why, and "
        "lists next steps with official links.\n\n",
        ("This is guidance, not an eligibility decision.", "italic"),
        " Arrow keys or number keys choose, Enter confirms; each question offers Back, and you "
        "can review every answer before the result. Press Ctrl-C to quit at any time.",
    )
    if prefilled:
        body.append(
            f"\n\n{prefilled} answer{'s' if prefilled != 1 else ''} came from --answers "
            "and will not be asked."
        )
    console.print(Panel(body, title="certadvisor quiz", title_align="left", box=_box(console)))


def print_quiz_result(
    console: Console, catalog: Catalog, result: Result, command: str, today: dt.date
) -> None:
    """The quiz's result screen: the explained result, the top two side by side, the replay command."""
    from .report import KEY_DIMENSIONS

    parts: list[RenderableType] = [BLANK, *_result(console, catalog, result, limit=1)]
    ranking = result.ranking
    if len(ranking) > 1:
        top, second = ranking[0], ranking[1]
        pair = [catalog.certs[top.code], catalog.certs[second.code]]
        comparison = compare(pair, today)
        rows = tuple(row for row in comparison.rows if row.key in KEY_DIMENSIONS)
        parts += [
            BLANK,
            Text(
                f"{top.code} and {second.code} at a glance "
                f"(full table: certadvisor compare {top.code} {second.code})",
                style="bold",
            ),
            *_comparison(
                console,
                Comparison(comparison.certs, rows, comparison.sources, today),
                sources=False,
            ),
        ]
    parts += [
        BLANK,
        Text("Reproduce this result without prompts:", style="bold"),
        Padding(Text(command, overflow="fold"), (0, 0, 0, 2), expand=False),
        BLANK,
        # The long screen has scrolled the pick away: say it once more, last.
        Text.assemble(
            ("Your pick: ", "bold"),
            (f"{result.recommendation} ({catalog.certs[result.recommendation].name})", "bold green"),
        ),
    ]
    show(console, parts)


def print_stale(
    console: Console,
    groups: Sequence[DueSource],
    today: dt.date,
    within_months: int,
    upcoming: tuple[dt.date, int] | None = None,
) -> None:
    """The maintainer's re-check list: one block per page, most pressing first."""
    facts = sum(len(group.items) for group in groups)
    when = (
        f"by {today.isoformat()}"
        if not within_months
        else f"within {within_months} months of {today.isoformat()}"
    )
    if not groups:
        console.print(Text(f"Nothing is due for a re-check {when}."))
        if upcoming is not None:
            console.print(Text(f"Next due: {upcoming[0].isoformat()} ({upcoming[1]} facts)."))
        return
    parts: list[RenderableType] = []
    parts.append(
        Text(
            f"{facts} fact{'s' if facts != 1 else ''} due for a re-check {when}, on "
            f"{len(groups)} page{'s' if len(groups) != 1 else ''}. Most pressing first: never "
            "checked, then the shortest window, then the oldest check."
        )
    )
    for number, group in enumerate(groups, start=1):
        source = group.source
        kind = "official" if source.official else "third party"
        parts.append(BLANK)
        parts.append(
            Text(f"{number}. {source.title} ({source.publisher}, {kind}) [{source.id}]", style="bold")
        )
        # On a line of its own and never wrapped, so it can be copied or clicked whole.
        parts.append(url_line(console, source.url, 3, style=""))
        for item in group.items:
            # The check was the due date less the window: the line stays short enough for 80
            # columns with the longest keys.
            status = "never checked" if item.due is None else f"due {item.due.isoformat()}"
            parts.append(Text(f"   {status:<15} {item.key} ({item.fresh_months} months)"))
    show(console, parts)


def print_costs(console: Console, sheets: Sequence[tuple[Cert, Sheet]]) -> None:
    """The ``cost`` command: per certification, each line item with its source, then the totals."""
    from .cost import money, months, summary_lines

    seen: dict[str, Source] = {}
    for _cert, one in sheets:
        for item in one.items:
            if item.fact is not None:
                seen.setdefault(item.fact.source.id, item.fact.source)
    numbers = _source_numbers(list(seen.values()))
    parts: list[RenderableType] = []
    noted: set[Fact] = set()
    for cert, one in sheets:
        parts += [
            Text(f"{cert.code} ({cert.name}): what it takes", style="bold"),
            Text(one.membership, style="dim"),
        ]
        table = Table(box=_box(console), show_header=True, expand=True)
        table.add_column("Item", ratio=3)
        table.add_column("Amount", ratio=3)
        table.add_column("When", ratio=1)
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
            label = item.label + ("" if item.counted else " (not in the totals)")
            table.add_row(label, amount, item.when)
        parts.append(table)
        lines = summary_lines(one)
        parts.append(
            _items(
                [
                    (Text("First year:", style="bold"), Text(lines["first_year"])),
                    (Text(""), Text(lines["first_year_usual"])),
                    (Text("Staying certified:", style="bold"), Text(lines["upkeep"])),
                    (Text("Time:", style="bold"), Text(lines["time"])),
                ]
            )
        )
        parts.append(BLANK)
    parts.append(
        Text(
            "Amounts are US dollars from the sources below; a part no source settles is named as "
            "not known rather than guessed. Confirm prices with the body before you pay.",
            style="dim",
        )
    )
    parts += _sources(console, list(seen.values()))
    show(console, parts)
