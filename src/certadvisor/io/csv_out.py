"""The results file of a batch (``--output FILE.csv`` or ``FILE.jsonl``): one row a student, in
input order, written as the rows come and put in place atomically at the end.

Rows go to a temporary file beside the target; only a run that finishes publishes it, so a run
that fails (a fatal input error, Ctrl-C, a full disk) leaves nothing behind, and an existing file
is never replaced without ``force`` (the same rules as ``io.files.write_atomic``, whose publishing
steps are reused). A new file gets 0666 less the umask; a replaced one keeps its permissions.

CSV is written for spreadsheets: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as
the local code page, and "–" turns into "â€“"), CRLF line ends, cells quoted when needed. A text
cell that a spreadsheet would run as a formula (it starts with "=", "+", "-" or "@", and is not a
number) gets a leading apostrophe, which spreadsheets show as text: a student's id typed as
``=HYPERLINK(...)`` in a web form must not become a live formula in the advisor's sheet.
JSON Lines is one object a row, keys in column order, UTF-8.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from certadvisor.errors import OutputError
from certadvisor.io import files

RESULTS_FORMATS = {".csv": "CSV", ".jsonl": "JSON Lines"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def check_results_name(path: Path) -> None:
    """The results file's format comes from its extension: .csv or .jsonl."""
    if path.suffix.lower() not in RESULTS_FORMATS:
        raise OutputError(
            f"--output {path}: unknown results format {path.suffix or '(no extension)'!r}; "
            "the file name must end in .csv (for a spreadsheet) or .jsonl (JSON Lines)"
        )


def safe_cell(value: Cell) -> str:
    """A cell's text for a spreadsheet: empty for None, and a formula-like text made plain."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    if value.startswith(_FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class RowsWriter:
    """Writes rows of one results file as they come (see the module's docstring)."""

    def __init__(self, handle: TextIO, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.columns = tuple(columns)
        self._handle = handle
        self._csv = path.suffix.lower() == ".csv"
        self._writer = csv.writer(handle, lineterminator="\r\n") if self._csv else None
        self.rows = 0
        if self._writer is not None:
            self._writer.writerow(self.columns)

    def write(self, row: Sequence[Cell]) -> None:
        """One row, its cells in column order."""
        if len(row) != len(self.columns):
            raise ValueError(f"a row of {len(row)} cells for {len(self.columns)} columns")
        try:
            if self._writer is not None:
                self._writer.writerow([safe_cell(cell) for cell in row])
            else:
                self._handle.write(json.dumps(dict(zip(self.columns, row, strict=True)), ensure_ascii=False))
                self._handle.write("\n")
        except OSError as error:
            raise OutputError(f"cannot write {self.path}: {error.strerror or error}") from None
        self.rows += 1


@contextmanager
def results_file(path: Path, columns: Sequence[str], *, force: bool) -> Iterator[RowsWriter]:
    """A ``RowsWriter`` for ``path``, published when the block ends without an error; without
    ``force`` an existing file (even one created meanwhile by another run) is never replaced."""
    check_results_name(path)
    files.check_writable(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    encoding = "utf-8-sig" if path.suffix.lower() == ".csv" else "utf-8"
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            yield RowsWriter(handle, path, columns)
            handle.flush()
            files._set_mode(handle.fileno(), tmp_name, files._target_mode(path, force=force))
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp_name, path)
        else:
            files._publish_new(tmp_name, path)
    except FileExistsError:
        files._remove(tmp_name)
        raise OutputError(f"{path} already exists; use --force to overwrite it") from None
    except OSError as error:
        files._remove(tmp_name)
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        files._remove(tmp_name)
        raise
