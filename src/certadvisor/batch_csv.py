"""A batch for advisors: CSV in, and besides the JSON Lines stream a results file, a cohort
summary and one report a student (issue #27).

``recommend --batch FILE.csv`` reads answers from a spreadsheet (``load.csv_answers``); a JSON
Lines batch comes here too when it asks for ``--output``, ``--summary``, ``--summary-report`` or
``--reports-dir`` (otherwise ``batch.run_batch`` streams it as before). Rows are scored in chunks
on the same path as a JSON Lines batch (``Scorer``, ``recommend_many``), in worker processes for
a long input, and everything is written back in input order: the output is the same whatever
the number of jobs, and memory stays flat with the number of rows. Each chunk's worker returns
its stream lines, its results rows and its share of the cohort's counts (``Cohort.merge``);
reports are written by the worker that scores them, under names the parent gives in input order
(``io.report_names``).

For a CSV input, a failed row's error object is ``{"line": N, "error": ...}`` with N the row's
number as a spreadsheet shows it (the header is row 1), so the batch-line schema holds for both.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, TextIO

from certadvisor.batch import (
    CHUNK_LINES,
    IN_FLIGHT_PER_JOB,
    SERIAL_CHUNKS,
    Done,
    Scorer,
    _chunks,
    _ctrl_c_held,
    _parse_line,
    _start_worker,
    _write,
    open_batch_source,
)
from certadvisor.core.cohort import Cohort
from certadvisor.errors import AnswersError, StdoutError, WorkerError
from certadvisor.io.csv_out import Cell, results_file
from certadvisor.io.files import write_atomic
from certadvisor.io.output import stdout_errors
from certadvisor.io.report_names import ReportNames, make_reports_dir
from certadvisor.load.csv_answers import CsvReader
from certadvisor.present.cohort_text import ROW_COLUMNS, failed_row, student_row
from certadvisor.present.json.encode import json_line_bytes
from certadvisor.present.json.result import result_json
from certadvisor.text import escape_controls, shown

if TYPE_CHECKING:
    from certadvisor.model.catalog import Catalog

# One row to score: its number (a JSON Lines line or a spreadsheet row), the passed-through id,
# its report's file name (None without --reports-dir), and its answers (validated, or the error
# that fails it) or, from JSON Lines, the raw line the worker parses.
Item = tuple[int, str, str | None, "dict[str, str] | AnswersError | bytes | int"]


class Outputs(NamedTuple):
    """What the batch writes: the JSON Lines stream on stdout, results rows (``--output``),
    cohort counts (``--summary``, ``--summary-report``) and reports (``--reports-dir``)."""

    stream: bool = True
    rows: bool = False
    cohort: bool = False
    reports: Path | None = None
    today: dt.date = dt.date.min
    data: Path | None = None  # the data file the user chose, for each report's replay command
    force: bool = False


class Scored(NamedTuple):
    """A chunk's outcome: rows failed, stream bytes, results rows and its share of the cohort."""

    failed: int
    stream: bytes
    rows: list[tuple[Cell, ...]]
    cohort: Cohort | None
    rows_done: int = 0  # rows scored or failed in the chunk
    # Failed rows' errors when neither the stream nor a results file carries them (a summary or
    # reports alone): said on stderr, so no failed row goes unexplained.
    errors: tuple[str, ...] = ()


class Finished(NamedTuple):
    """What the run leaves for the command to say: rows failed and the cohort's counts."""

    failed: int
    cohort: Cohort | None


def score_items(scorer: Scorer, outputs: Outputs, items: list[Item]) -> Scored:
    """Score one chunk (in a worker, or here) into everything ``outputs`` asks for."""
    from certadvisor.fast.whatif_bulk import recommend_many

    catalog = scorer.catalog
    parsed = [raw if isinstance(raw, dict | AnswersError) else _parse_line(catalog, raw) for *_, raw in items]
    results = iter(recommend_many(scorer.engine, scorer.bulk, [a for a in parsed if isinstance(a, dict)]))
    cohort = Cohort() if outputs.cohort else None
    lines: list[bytes] = []
    rows: list[tuple[Cell, ...]] = []
    failed = 0
    errors: list[str] = []
    for (number, ident, name, _), answers in zip(items, parsed, strict=True):
        if isinstance(answers, AnswersError):
            failed += 1
            message = str(answers)
            if not (outputs.stream or outputs.rows):
                errors.append(f"row {number}: {message}")
            lines.append(json_line_bytes({"line": number, "error": message}))
            rows.append((ident, *failed_row(message)))
            if cohort is not None:
                cohort.add_failure()
            continue
        result = next(results)
        if outputs.stream:
            lines.append(json_line_bytes(result_json(catalog, result)))
        if outputs.rows:
            rows.append((ident, *student_row(catalog, result)))
        if cohort is not None:
            cohort.add(catalog, result)
        if outputs.reports is not None and name is not None:
            _write_report(catalog, result, outputs, outputs.reports / name)
    stream = b"\n".join(lines) + b"\n" if outputs.stream and lines else b""
    return Scored(failed, stream, rows if outputs.rows else [], cohort, len(items), tuple(errors))


def _write_report(catalog: Catalog, result: object, outputs: Outputs, path: Path) -> None:
    """One student's report: the same page as ``recommend --report FILE.html``."""
    from certadvisor.model.results import Result
    from certadvisor.present.replay import reproduce_command
    from certadvisor.present.report.html import html_report

    assert isinstance(result, Result)
    command = reproduce_command(result.answers, outputs.data)
    write_atomic(path, html_report(catalog, result, outputs.today, command), force=outputs.force)


def csv_items(reader: CsvReader, names: ReportNames | None) -> Iterator[Item]:
    """A CSV input's rows as items, each report named in input order."""
    for row in reader:
        yield row.row, row.id, names.name(row.id, row.row) if names else None, row.answers


def jsonl_items(handle: BinaryIO, name: str, names: ReportNames | None) -> Iterator[Item]:
    """A JSON Lines input's lines as items (parsed by the worker), reports named by line."""
    for first, lines in _chunks(handle, name):
        for number, line in enumerate(lines, start=first):
            yield number, "", names.name("", number) if names else None, line


def run_items(
    catalog: Catalog,
    items: Iterable[Item],
    out: TextIO | None,
    outputs: Outputs,
    *,
    output: Path | None = None,
    jobs: int = 1,
    done: Done | None = None,
    note: Callable[[str], None] = lambda _text: None,
) -> Finished:
    """Score every item in order, to the stream (``out``), the results file (``output``) and
    the cohort; return what the command reports. The results file is published only when every
    row is done: a fatal error midway leaves nothing. ``done`` is told how many rows each
    chunk added (a progress count)."""
    if outputs.stream and out is None:
        raise StdoutError("cannot write to standard output: it is closed")
    if outputs.reports is not None:
        make_reports_dir(outputs.reports)
    cohort = Cohort() if outputs.cohort else None
    failed = 0
    with ExitStack() as stack:
        rows = stack.enter_context(results_file(output, ROW_COLUMNS, force=outputs.force)) if output else None

        def take(scored: Scored) -> None:
            nonlocal failed
            failed += scored.failed
            for error in scored.errors:
                note(error)
            if scored.stream and out is not None:
                _write((scored.failed, scored.stream), out)
            if rows is not None:
                for row in scored.rows:
                    rows.write(row)
            if cohort is not None and scored.cohort is not None:
                cohort.merge(scored.cohort)
            if done is not None:
                done(scored.rows_done)

        chunks = _in_chunks(items)
        head = list(islice(chunks, SERIAL_CHUNKS + 1))
        try:
            if jobs > 1 and len(head) > SERIAL_CHUNKS:
                _in_workers(catalog, outputs, chain(head, chunks), jobs, take)
            else:
                scorer = Scorer(catalog)
                for chunk in chain(head, chunks):
                    take(score_items(scorer, outputs, chunk))
        except MemoryError:
            raise WorkerError(
                "ran out of memory while scoring; the output is incomplete. Try again with --jobs 1, "
                "or split the input."
            ) from None
    if outputs.stream and out is not None:
        with stdout_errors(out):
            out.flush()
    return Finished(failed, cohort)


def _in_chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK_LINES)):
        yield chunk


def _in_workers(
    catalog: Catalog,
    outputs: Outputs,
    chunks: Iterable[list[Item]],
    jobs: int,
    take: Callable[[Scored], None],
) -> None:
    """As ``batch._score_in_workers``: a bounded number of chunks in flight, taken in order."""
    import multiprocessing
    import signal
    import sys
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    executor: ProcessPoolExecutor | None = None
    pending: deque[Future[Scored]] = deque()
    chunks = iter(chunks)
    try:
        with _ctrl_c_held():
            executor = ProcessPoolExecutor(
                jobs, mp_context=context, initializer=_start_csv_worker, initargs=(catalog, outputs)
            )
            for chunk in islice(chunks, jobs):
                pending.append(executor.submit(_score_in_csv_worker, chunk))
        for chunk in chunks:
            pending.append(executor.submit(_score_in_csv_worker, chunk))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                take(pending.popleft().result())
        while pending:
            take(pending.popleft().result())
    except BrokenProcessPool:
        raise WorkerError(
            "a batch worker process stopped unexpectedly (killed, or out of memory?); "
            "the output is incomplete. Try again, or with --jobs 1."
        ) from None
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


_outputs = Outputs()


def _start_csv_worker(catalog: Catalog, outputs: Outputs) -> None:
    global _outputs
    _start_worker(catalog)
    _outputs = outputs


def _score_in_csv_worker(chunk: list[Item]) -> Scored:
    from certadvisor import batch

    assert batch._worker is not None, "the executor's initializer sets up every worker"
    return score_items(batch._worker, _outputs, chunk)


def run_advisor_batch(
    catalog: Catalog,
    source: str,
    out: TextIO | None,
    outputs: Outputs,
    *,
    csv_input: bool,
    output: Path | None = None,
    jobs: int = 1,
    stdin: TextIO | None = None,
    note: Callable[[str], None] = lambda _text: None,
    done: Done | None = None,
) -> Finished:
    """Score a CSV file (``csv_input``) or a JSON Lines file (``-``: standard input) into
    ``outputs``. A CSV file's whole-file faults are found before anything is written; its
    ignored columns are said once, through ``note``, before scoring."""
    handle, close = open_batch_source(source, stdin)
    name = "<stdin>" if source == "-" else escape_controls(source)
    try:
        names = ReportNames() if outputs.reports is not None else None
        if csv_input:
            reader = CsvReader(catalog, handle, name)
            if reader.unknown:
                shown_columns = ", ".join(shown(column, 40) for column in reader.unknown)
                note(f"Ignored columns (not questions): {shown_columns}")
            items: Iterable[Item] = csv_items(reader, names)
        else:
            items = jsonl_items(handle, name, names)
        return run_items(catalog, items, out, outputs, output=output, jobs=jobs, done=done, note=note)
    finally:
        if close:
            handle.close()
