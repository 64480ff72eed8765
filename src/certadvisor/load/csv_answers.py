"""Answers from a spreadsheet: a CSV file with a header row and one student a row.

``recommend --batch FILE.csv`` reads it (``--format csv`` for standard input). Columns are matched
to questions by id or by the question's text, and cells to values by value or label
(``load.csv_match``); an ``id`` (or ``student``, ``student id``, ``name``) column is passed through
untouched; other columns are listed once (``CsvReader.unknown``) and ignored.

Excel's habits are handled: a byte-order mark, CRLF line ends, quoted cells holding commas or
line breaks, a ``sep=;`` first line, and the delimiter itself, chosen among comma, semicolon and
tab as the one under which the header names the most questions (a semicolon file's question
texts may hold commas, so counting delimiters alone would mislead). Empty cells are unanswered;
blank rows are skipped. Rows are numbered as a spreadsheet shows them: the header is row 1.

A row with a bad cell fails alone (``CsvRow.answers`` is its ``AnswersError``, naming the column,
the allowed values and a did-you-mean). The file fails as a whole, in one line, when it is empty,
not text, names no question in its header, has no delimiter to find, or has a row longer than
``MAX_ROW_BYTES`` (the batch's line cap: a real row is under 1 KB; a cell can be no longer than
its row). A regular file is checked for those whole-file faults before the first row is handed
out, so nothing is written for a file that fails; standard input is read once, as it comes.

Rows are read as they are needed, so memory stays flat whatever the number of rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from certadvisor.errors import AnswersError
from certadvisor.load.answers import validate
from certadvisor.load.csv_match import BadCell, Choices, header_index, match_header
from certadvisor.load.datafile import size_text
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Question
from certadvisor.text import one_of, shown

# The longest row read, the same as a batch line (``batch.MAX_LINE_BYTES``; a test holds them
# equal): a real row, every question answered in words, is well under 1 KB.
MAX_ROW_BYTES = 1024 * 1024
# A cell is never longer than its row, line ends included: the csv module's own cap is set past
# it, so that the row cap is the one that speaks.
_FIELD_LIMIT = MAX_ROW_BYTES + 2
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class CsvRow(NamedTuple):
    """One student: the spreadsheet row number, the passed-through id ("" without an id column),
    and the validated answers in question order, or the error that fails the row."""

    row: int
    id: str
    answers: dict[str, str] | AnswersError


class _Lines:
    """The file's physical lines as text, counting the bytes of the row being read so that a row
    (however many lines its quoted cells span) longer than ``MAX_ROW_BYTES`` stops the read."""

    def __init__(self, handle: BinaryIO, name: str) -> None:
        self.handle = handle
        self.name = name
        self.line = 0  # physical lines read
        self.row = 1  # the spreadsheet row being read
        self.row_bytes = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            raw = self.handle.readline(MAX_ROW_BYTES + 2)  # room for the line's own "\r\n"
        except OSError as error:
            raise AnswersError(f"{self.name}: cannot read: {error.strerror or error}") from None
        if not raw:
            raise StopIteration
        self.line += 1
        if self.line == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        # Line ends count too (a quoted cell's own line breaks are part of it), beyond the
        # row's last one: the cap is a batch line's, "\r\n" allowed.
        self.row_bytes += len(raw)
        if self.row_bytes - len(raw) + len(raw.rstrip(b"\r\n")) > MAX_ROW_BYTES:
            raise AnswersError(
                f"{self.name}: row {self.row} is longer than {size_text(MAX_ROW_BYTES)} "
                "(a real row is under 1 KB); is it a CSV file, with its quotes closed?"
            )
        if b"\x00" in raw:
            raise AnswersError(f"{self.name}: not a CSV file: line {self.line} holds binary data")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise AnswersError(
                f"{self.name}: line {self.line} is not UTF-8 text; save the spreadsheet as "
                '"CSV UTF-8" and try again'
            ) from None

    def next_row(self) -> None:
        self.row += 1
        self.row_bytes = 0


class Header(NamedTuple):
    """What the header row says: the delimiter, each answered column's index and question, the
    id column's index, and the header cells of the columns ignored."""

    delimiter: str
    columns: tuple[tuple[int, Question], ...]
    id_column: int | None
    unknown: tuple[str, ...]
    width: int


class CsvReader:
    """A CSV file's header, read when made, and its rows (``iter``), read as they are asked for.

    ``name`` is how messages name the input (an escaped file name, or ``<stdin>``).
    """

    def __init__(self, catalog: Catalog, handle: BinaryIO, name: str) -> None:
        # Excel's cells can be long, and a cell is capped by its row: the csv module's own cap
        # (128 Ki characters by default) must not fail a row that the row cap allows.
        if csv.field_size_limit() < _FIELD_LIMIT:
            csv.field_size_limit(_FIELD_LIMIT)
        self.catalog = catalog
        self.name = name
        self._handle = handle
        start = _tell(handle)
        if start is not None:
            # A regular file is read once ahead, keeping nothing, so that a whole-file fault
            # (a long row, a line that is not UTF-8) stops the run before anything is written.
            ahead = _Lines(handle, name)
            for _ in self._records(ahead, _read_header(catalog, ahead, name)):
                pass
            handle.seek(start)
        self._lines = _Lines(handle, name)
        self.header = _read_header(catalog, self._lines, name)
        self._choices = {question.id: Choices.of(question) for _, question in self.header.columns}

    @property
    def unknown(self) -> tuple[str, ...]:
        """The header cells of the columns ignored (neither a question nor the id), in order."""
        return self.header.unknown

    @property
    def has_id(self) -> bool:
        return self.header.id_column is not None

    def __iter__(self) -> Iterator[CsvRow]:
        for number, cells in self._records(self._lines, self.header):
            yield self._row(number, cells)

    def _records(self, lines: _Lines, header: Header) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every row that is not blank, the header's row excluded."""
        reader = csv.reader(lines, delimiter=header.delimiter)
        while True:
            lines.next_row()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise AnswersError(f"{self.name}: row {lines.row}: not valid CSV ({error})") from None
            if any(cell.strip() for cell in cells):
                yield lines.row, cells

    def _row(self, number: int, cells: list[str]) -> CsvRow:
        header = self.header
        ident = ""
        if header.id_column is not None and header.id_column < len(cells):
            ident = cells[header.id_column]
        extra = [cell for cell in cells[header.width :] if cell.strip()]
        if extra:
            error = AnswersError(
                f"the row has {len(cells)} cells but the header has {header.width} columns; "
                "is a cell's comma or semicolon unquoted?"
            )
            return CsvRow(number, ident, error)
        given: dict[str, str] = {}
        problems: list[str] = []
        for index, question in header.columns:
            cell = cells[index].strip() if index < len(cells) else ""
            if not cell:
                continue  # unanswered
            try:
                given[question.id] = self._choices[question.id].value(cell)
            except BadCell as bad:
                problems.append(f"column {_column_name(header, index, question)}: {bad}")
        if problems:
            return CsvRow(number, ident, AnswersError("; ".join(problems)))
        try:
            return CsvRow(number, ident, validate(self.catalog, given, ""))
        except AnswersError as error:
            return CsvRow(number, ident, error)


def _column_name(header: Header, index: int, question: Question) -> str:
    """``3 (setting)``: the column as a spreadsheet letters it, and the question's id."""
    return f"{_letters(index)} ({question.id})"


def _letters(index: int) -> str:
    """A column's letters as a spreadsheet shows them: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _tell(handle: BinaryIO) -> int | None:
    """Where a seekable input starts (to read it again), None for a pipe or a terminal."""
    try:
        return handle.tell() if handle.seekable() else None
    except OSError:
        return None


def _read_header(catalog: Catalog, lines: _Lines, name: str) -> Header:
    """Read the header row (after a ``sep=`` line, if any) and match its cells to questions."""
    text, delimiter = _header_text(lines, name)
    index = header_index(catalog.questions)
    if delimiter is None:
        delimiter = _choose_delimiter(text, index, name)
    cells = next(csv.reader([text], delimiter=delimiter), [])
    columns: list[tuple[int, Question]] = []
    seen: dict[str, int] = {}
    id_column: int | None = None
    unknown: list[str] = []
    for position, cell in enumerate(cells):
        found = match_header(cell, index)
        if found.question is not None:
            if found.question.id in seen:
                raise AnswersError(
                    f"{name}: columns {_letters(seen[found.question.id])} and {_letters(position)} both "
                    f"answer {found.question.id}; keep one of them"
                )
            seen[found.question.id] = position
            columns.append((position, found.question))
        elif found.is_id and id_column is None:
            id_column = position
        elif cell.strip() and cell not in unknown:
            unknown.append(cell)
    if not columns:
        raise AnswersError(_no_question(name, cells, catalog))
    return Header(delimiter, tuple(columns), id_column, tuple(unknown), len(cells))


def _header_text(lines: _Lines, name: str) -> tuple[str, str | None]:
    """The header row's text (its quoted cells may span lines) and the delimiter a ``sep=``
    line names (Excel's hint), if there is one."""
    delimiter: str | None = None
    for line in lines:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue  # blank lines before the header
        if delimiter is None and text.lower().startswith("sep=") and len(text) == 5:
            delimiter = text[4]
            continue
        while text.count('"') % 2:  # a quoted header cell holding a line break
            more = next(lines, None)
            if more is None:
                break
            text += "\n" + more.rstrip("\r\n")
        if text.lstrip().startswith(("{", "[")):
            raise AnswersError(
                f"{name}: not a CSV file: it looks like JSON; name a JSON Lines file .jsonl "
                "(or use --format jsonl)"
            )
        return text, delimiter
    raise AnswersError(
        f"{name}: the file is empty; expected a header row of questions, then one row a student"
    )


def _choose_delimiter(text: str, index: dict[str, Question], name: str) -> str:
    """The delimiter under which the header names the most questions (the comma first on a tie)."""
    present = [d for d in DELIMITERS if d in text]
    if not present:
        single = next(csv.reader([text]), [""])
        if single and match_header(single[0], index).question is not None:
            return ","  # one column: any delimiter reads it
        raise AnswersError(
            f"{name}: cannot find the delimiter: the header row has no comma, semicolon or tab"
        )

    def known(delimiter: str) -> int:
        cells = next(csv.reader([text], delimiter=delimiter), [])
        return sum(1 for cell in cells if match_header(cell, index).question is not None)

    return max(present, key=known)


def _no_question(name: str, cells: list[str], catalog: Catalog) -> str:
    first = [shown(cell, 30) for cell in cells[:3] if cell.strip()]
    seen = f" (it starts {', '.join(first)})" if first else ""
    ids = one_of([q.id for q in catalog.questions[:3]])
    return (
        f"{name}: no column of the header row is a question{seen}; name columns by question id "
        f"({ids}, ...) or by the question's text: `certadvisor form --csv` prints a header to start from"
    )


def delimiter_name(delimiter: str) -> str:
    """ "comma", "semicolon" or "tab", for a message."""
    return _DELIMITER_NAMES.get(delimiter, repr(delimiter))
