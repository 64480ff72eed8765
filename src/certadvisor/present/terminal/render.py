"""Everything drawn with rich lives here, so the --json paths never import it.

Rich already honours a non-empty NO_COLOR, drops escape codes and uses 80 columns when output is
not a terminal. On top of that we use ASCII borders off a terminal (pipes, files, TERM=dumb), and
nothing is cut or dropped at any width: text wraps at spaces (a word wider than the screen runs
past the edge whole), a table column is never narrower than its longest word, and a screen
narrower than ``MIN_WIDTH`` (or a table that cannot get that room) is drawn as plain
``label: value`` lines instead.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING, TextIO, cast

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from certadvisor.core.compare import (
    LABELS,
    STALE_LEGEND,
    STALE_MARK,
    Comparison,
    compare,
    dates_text,
    format_value,
)
from certadvisor.core.freshness import DueSource, is_stale
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import CareerPath, Cert, Fact, GlossaryEntry, Source, Step
from certadvisor.text import plural

if TYPE_CHECKING:  # the engine itself is only needed where answers are scored
    from certadvisor.core.cost import Sheet
    from certadvisor.core.engine import Result
    from certadvisor.env import Environment
    from certadvisor.present.view import ResultView, Takes

# Each screen is assembled as a list of renderables and printed once: every console.print call
# has a fixed cost (measured: the sources list took half the time printed as one group).
BLANK = Text("")


# Below 60 columns a table's main column gets under about 20 cells (a word or two a line), so
# every screen is plain `label: value` lines; from 60 a table is drawn where every column can hold
# its longest word.
MIN_WIDTH = 60
# COLUMNS above this is a mistake (no terminal is that wide), not a width to pad every line to.
MAX_COLUMNS = 1000


def make_console(env: Environment, *, stderr: bool = False) -> Console:
    """A console for stdout (or stderr) that follows the terminal's abilities."""
    stream = env.stderr if stderr else env.stdout
    width = screen_width(env.variables.get("COLUMNS"))
    terminal = env.stderr_isatty if stderr else env.stdout_isatty
    if stream is None or terminal:  # None: started with the stream closed (`>&-`)
        return Console(stderr=stderr, highlight=False, emoji=False, width=width)
    # rich needs only write, flush and isatty of its file.
    return Console(file=cast(IO[str], _TrimmedLines(stream)), highlight=False, emoji=False, width=width)


def screen_width(columns: str | None) -> int | None:
    """The width to draw at: COLUMNS when it is a width from 1 to MAX_COLUMNS, None (rich asks the
    terminal, else 80) when unset, and the same as unset when zero, not a number or absurd."""
    # rich takes COLUMNS=0 as a width of 0 and prints nothing at all, and 99999 as 99999.
    if columns is None or not columns.strip():
        return None
    value = columns.strip()
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_COLUMNS:
        return int(value)
    return _terminal_width()


def _terminal_width() -> int:
    """What rich would use without COLUMNS: the first of stdin, stdout, stderr that is a terminal
    (an 80 for one that reports 0, as a pseudo-terminal can), else 80."""
    for descriptor in (0, 1, 2):
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (OSError, ValueError):
            continue
    return 80


def narrow(console: Console) -> bool:
    """True below MIN_WIDTH, where screens are plain `label: value` lines rather than tables."""
    return console.width < MIN_WIDTH


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
    plain = not console.is_terminal or console.is_dumb_terminal  # TERM=dumb or unknown
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


def _table(
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
    table = Table(box=_box(console), show_lines=lines)
    for index, ((header, _ratio), width) in enumerate(zip(columns, widths, strict=True)):
        table.add_column(
            header, width=width, overflow="fold", style="bold" if bold_first and not index else None
        )
    for row in rows:
        table.add_row(*row)
    return table


def _source_numbers(sources: Sequence[Source]) -> dict[str, int]:
    return {source.id: number for number, source in enumerate(sources, start=1)}


def _sources(console: Console, sources: Sequence[Source], title: str = "Sources") -> list[RenderableType]:
    parts: list[RenderableType] = [Text(title, style="bold")]
    for number, source in enumerate(sources, start=1):
        kind = "official" if source.official else "third party"
        line = Text.assemble(f"[{number}] ", (source.title, "italic"), f" ({source.publisher}, {kind})")
        parts.append(indented(line))
        # Whole, on its own line: a long URL runs past the edge rather than being cut or folded.
        parts.append(url_line(console, source.url, 6))
    return parts


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
        table.add_column(title, width=width, overflow="fold", style=style or None)
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


def print_show(console: Console, cert: Cert, today: dt.date, paths: Sequence[CareerPath] = ()) -> None:
    """Everything known about one certification, each fact with its source and date."""
    facts = list(cert.facts.values())
    sources = list({fact.source.id: fact.source for fact in [*facts]}.values())
    if cert.body.source not in sources:
        sources.insert(0, cert.body.source)
    numbers = _source_numbers(sources)
    parts: list[RenderableType] = _show_header(console, cert)
    rows: list[tuple[Text, Text, Text]] = []
    stale_any = False
    for fact in facts:
        value = Text(format_value(fact))
        if fact.note:
            value.append("\n" + fact.note, style="dim italic")
        stale = is_stale(fact, today)
        stale_any |= stale
        cited = f"[{numbers[fact.source.id]}] {dates_text(fact)}" + (f" {STALE_MARK}" if stale else "")
        rows.append((Text(LABELS.get(fact.key, fact.key)), value, Text(cited)))
    table = _table(
        console, (("Fact", 2), ("Value", 5), ("Source, dates", 2)), rows, lines=True, bold_first=True
    )
    if table is not None:
        parts.append(table)
    else:
        for label, shown, source in rows:
            parts += [BLANK, field(label.plain, shown), field("Source", source, 2)]
        parts.append(BLANK)
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
            suffix = "" if step.when.always else f" (if {step.when.describe()})"
            parts.append(Wrapped(Text(f"• {step.text}{suffix}"), "  ", 4))
            if step.url:
                parts.append(url_line(console, step.url, 4))
    parts += _sources(console, sources)
    show(console, parts)


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
            box=_box(console),
        )
    ]


def _comparison_cells(
    comparison: Comparison, numbers: Mapping[str, int], sources: bool
) -> list[tuple[str, list[Text]]]:
    """Each row of the comparison (the names first) as a label and one cell per certification."""
    rows: list[tuple[str, list[Text]]] = [("Name", [Text(cert.name) for cert in comparison.certs])]
    for row in comparison.rows:
        cells: list[Text] = []
        for cell in row.cells:
            text = Text(cell.text)
            if cell.fact is not None and sources:
                text.append(f" [{numbers[cell.fact.source.id]}]", style="dim")
                if cell.fact.status in ("unknown", "range") and cell.note:
                    text.append("\n" + cell.note, style="dim italic")
            if cell.stale:
                text.append(f" {STALE_MARK}", style="yellow")
            cells.append(text)
        rows.append((row.label, cells))
    return rows


def _comparison_table(
    console: Console, comparison: Comparison, rows: Sequence[tuple[str, list[Text]]], columns: Sequence[int]
) -> Table | None:
    # Codes alone in the header keep them on one line; the full names are the first row.
    return _table(
        console,
        [("", 2), *((comparison.certs[index].code, 4) for index in columns)],
        [[Text(label), *(cells[index] for index in columns)] for label, cells in rows],
        lines=True,
        bold_first=True,
    )


def print_comparison(console: Console, comparison: Comparison, *, sources: bool = True) -> None:
    """The ``compare`` table: one row per dimension, one column per certification.

    When more certifications are compared than fit side by side (about 26 columns each), the
    table is split into several tables of a few certifications each, all with every row; when
    even one does not fit, each dimension is a heading over one ``CODE: value`` line per
    certification.
    """
    show(console, _comparison(console, comparison, sources=sources))


def _comparison(console: Console, comparison: Comparison, *, sources: bool) -> list[RenderableType]:
    numbers = _source_numbers(comparison.sources)
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


def _in_short(console: Console, lines: Sequence[tuple[str, str]]) -> list[RenderableType]:
    """The "In short" block: labelled lines in a panel, or plain lines on a narrow screen."""
    label_width = max((cell_len(label) + 1 for label, _text in lines), default=0)
    # The panel's borders and padding, the labels and a space: what is left for the text.
    room = console.width - 4 - label_width - 1
    if narrow(console) or max((longest_word(text) for _label, text in lines), default=0) > room:
        return [Text("In short", style="bold"), *(field(label, text) for label, text in lines)]
    summary = Table.grid(padding=(0, 1))
    summary.add_column(style="bold", no_wrap=True)
    summary.add_column(overflow="fold")
    for label, text in lines:
        summary.add_row(f"{label}:", Text(text))
    return [Panel(summary, title=Text("In short"), title_align="left", box=_box(console), expand=True)]


def _result(console: Console, catalog: Catalog, result: Result, *, limit: int = 0) -> list[RenderableType]:
    from certadvisor.present.view import build

    view = build(catalog, result)
    top = result.ranking[0]
    parts: list[RenderableType] = [
        *_in_short(console, view.in_short),
        Text("The details follow.", style="dim"),
        BLANK,
    ]
    parts += _verdict(view)
    parts += _ranking_bars(console, view, top.code, top.matched)
    parts += _reasons(view, top.code, limit)
    parts += _changes(view, result)
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


def _verdict(view: ResultView) -> list[RenderableType]:
    """The pick and its lead, then confidence, notices, conflicts and any tie."""
    headline = Text.assemble(("Recommendation: ", "bold"), (view.headline, "bold green"))
    if view.lead:
        headline.append(f", {view.lead}")
    parts: list[RenderableType] = [headline, Text(view.summary, style="dim")]
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
    return parts


def _ranking_bars(console: Console, view: ResultView, top: str, matched: bool) -> list[RenderableType]:
    """A bar and score per matched credential, the rest in one line, and what a score means."""
    from certadvisor.present.view import unmatched_line

    title = "Ranking (credentials your answers point to)" if matched else "Ranking"
    parts: list[RenderableType] = [BLANK, Text(title, style="bold")]
    plain = _box(console) is box.ASCII2
    # The bar shrinks with the screen (and goes below 26 columns); the score is always there.
    bar_width = min(30, console.width - 16)
    bar_width = bar_width if bar_width >= 10 else 0
    for ranked in view.matched:
        filled = round(ranked.score * bar_width / 100)
        bar = ("#" * filled).ljust(bar_width, ".") if plain else _bar(ranked.score, bar_width)
        style = "bold green" if ranked.code == top else ""
        parts.append(
            Text.assemble(
                (f"  {ranked.code:<6}", style),
                (bar, "green" if style else "dim"),
                f" {ranked.score:>3}/100",
            )
        )
    others = unmatched_line(view)
    if others:
        parts.append(indented(Text(others, style="dim")))
    parts.append(indented(Text(view.score_meaning, style="dim")))
    return parts


def _reasons(view: ResultView, top: str, limit: int) -> list[RenderableType]:
    """Why each matched credential scored what it did (the first ``limit``, if given), then why
    not the runner-up."""
    from certadvisor.present.view import sorted_reasons

    parts: list[RenderableType] = []
    for ranked in view.matched if not limit else view.matched[:limit]:
        parts += [BLANK, Text(f"Why {ranked.code} scored {ranked.score}", style="bold")]
        if ranked.code == top and view.requirement:
            parts.append(_items([(Text("!"), Text(view.requirement))], right=True))
        if not ranked.reasons:
            parts.append(
                indented(Text("No rule applied to your answers; it stays at the starting 50.", style="dim"))
            )
        parts.append(_items([(_signed(r.points), Text(r.text)) for r in sorted_reasons(ranked)], right=True))
    if view.runner_up:
        parts += [BLANK, Text(f"Why not {view.runner_up}?", style="bold")]
        parts.append(
            _items(
                [
                    (_signed(line.points) if line.points else Text("•", style="red"), Text(line.text))
                    for line in view.why_not
                ],
                right=True,
            )
        )
    return parts


def _signed(points: int) -> Text:
    return Text(f"{points:+d}", style="green" if points > 0 else "red")


def _changes(view: ResultView, result: Result) -> list[RenderableType]:
    """What would change the answer, and the answers that earlier ones made unused."""
    parts: list[RenderableType] = []
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
        indented(
            Text(
                f"Line by line, with sources: certadvisor cost {' '.join(t.code for t in takes)}", style="dim"
            )
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
    parts.append(indented(Text("More words explained: certadvisor glossary", style="dim")))
    return parts


def _path(path: CareerPath, title: str) -> list[RenderableType]:
    """A career path: numbered steps, each with what it takes."""
    items = []
    for number, step in enumerate(path.steps, start=1):
        text = Text(step.text)
        text.append("\n" + step.condition, style="dim italic")
        items.append((Text(f"{number}."), text))
    return [BLANK, Text(title, style="bold"), _items(items, right=True)]


def _items(items: Sequence[tuple[Text, Text]], *, right: bool = False) -> Group:
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


def print_glossary(console: Console, entries: Sequence[GlossaryEntry]) -> None:
    """The ``glossary`` command: each term, its explanation, related terms and its source."""
    parts: list[RenderableType] = []
    for entry in entries:
        if parts:
            parts.append(BLANK)
        parts.append(Text(entry.term, style="bold"))
        parts.append(indented(Text(entry.text)))
        if entry.see:
            parts.append(indented(Text(f"See also: {', '.join(entry.see)}", style="dim")))
        if entry.source is not None:
            source = entry.source
            kind = "official" if source.official else "third party"
            line = Text.assemble("Source: ", (source.title, "italic"), f" ({source.publisher}, {kind})")
            parts.append(indented(line))
            parts.append(url_line(console, source.url, 4))
    if len(entries) > 1:
        parts += [BLANK, Text("One term: certadvisor glossary TERM (any case)", style="dim")]
    if not entries:
        parts.append(Text("This data file has no glossary: it has no [glossary] table."))
    show(console, parts)


def print_intro(console: Console, questions: int, prefilled: int) -> None:
    """The quiz's opening panel: what it does, how long, that it is guidance, how to quit."""
    from rich.panel import Panel

    minutes = max(1, round(questions * 15 / 60))
    body = Text.assemble(
        "Answer ",
        (plural(questions, "short question"), "bold"),
        f" (about {plural(minutes, 'minute')}) about your goals, preferred "
        "setting and background. certadvisor then ranks the certifications, explains why, and "
        "lists next steps with official links.\n\n",
        ("This is guidance, not an eligibility decision.", "italic"),
        " Arrow keys or number keys choose, Enter confirms; each question offers Back, and you "
        "can review every answer before the result. Press Ctrl-C to quit at any time.",
    )
    if prefilled:
        body.append(f"\n\n{plural(prefilled, 'answer')} came from --answers and will not be asked.")
    if narrow(console):
        show(console, [Text("certadvisor quiz", style="bold"), body])
        return
    console.print(Panel(body, title=Text("certadvisor quiz"), title_align="left", box=_box(console)))


def print_quiz_result(
    console: Console, catalog: Catalog, result: Result, command: str, today: dt.date
) -> None:
    """The quiz's result screen: the explained result, the top two side by side, the replay command."""
    from certadvisor.present.markdown import KEY_DIMENSIONS

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
                comparison._replace(rows=rows),
                sources=False,
            ),
        ]
    parts += [
        BLANK,
        Text("Reproduce this result without prompts:", style="bold"),
        # Never wrapped: each line runs past a narrow screen whole and still pastes into a shell.
        Text("\n".join(f"  {line}" for line in command.splitlines()), no_wrap=True, overflow="ignore"),
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
        lines = [Text(f"Nothing is due for a re-check {when}.")]
        if upcoming is not None:
            lines.append(Text(f"Next due: {upcoming[0].isoformat()} ({upcoming[1]} facts)."))
        show(console, lines)
        return
    parts: list[RenderableType] = []
    parts.append(
        Text(
            f"{plural(facts, 'fact')} due for a re-check {when}, on "
            f"{plural(len(groups), 'page')}. Most pressing first: never "
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
    from certadvisor.core.cost import money, months, summary_lines

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
            label = item.label + ("" if item.counted else " (not in the totals)")
            rows.append((Text(label), amount, Text(item.when)))
        table = _table(console, (("Item", 3), ("Amount", 3), ("When", 1)), rows)
        if table is not None:
            parts.append(table)
        else:
            parts += [field(label.plain, _with_when(amount, when.plain), 2) for label, amount, when in rows]
        lines = summary_lines(one)
        totals = [
            ("First year:", lines["first_year"]),
            ("", lines["first_year_usual"]),
            ("Staying certified:", lines["upkeep"]),
            ("Time:", lines["time"]),
        ]
        if narrow(console):  # the labels' column would leave the text a sliver
            parts += [BLANK] + [
                Wrapped(Text.assemble((label, "bold"), " ", text), "  ", 4)
                if label
                else indented(Text(text), 4)
                for label, text in totals
            ]
        else:
            parts.append(_items([(Text(label, style="bold"), Text(text)) for label, text in totals]))
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
