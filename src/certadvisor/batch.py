"""Batch scoring: JSON Lines in, JSON Lines out, in input order, with memory that stays flat.

Lines are read and scored in chunks. An input of more than a few chunks is spread over worker
processes (``--jobs``; by default one per available CPU, up to four), with a bounded number of chunks in
flight, and the results are written back in input order: the output is the same, byte for byte,
whatever the number of jobs, and memory does not grow with the length of the input.

A line is read up to ``MAX_LINE_BYTES`` (1 MiB, as for an answers file; a real line is well
under 1 KB): a longer one is skipped to its end without being kept, and fails alone, unless it
runs past ``MAX_SKIPPED_BYTES`` (16 MiB) with no end of line: that is not JSON Lines (``/dev/zero``,
a binary file), and the input fails there, in one line, rather than keep a core busy for ever
with nothing written. A chunk also ends once it holds ``CHUNK_BYTES`` (a skipped line counts its
length), so a run of long lines cannot pile up in memory, or go on long unwritten, either. The
batch file must be a regular file (standard input, ``-``, may be anything). A failed write to
stdout is one error (exit 1); a closed pipe ends the run quietly.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import BinaryIO, TextIO

from certadvisor.core.engine import Engine
from certadvisor.env import available_cpus
from certadvisor.errors import AnswersError, StdoutError, WorkerError
from certadvisor.io.output import stdout_errors, write_utf8_bytes
from certadvisor.load.answers import parse_json, validate
from certadvisor.load.datafile import SpecialFileError, open_regular, size_text
from certadvisor.model.catalog import Catalog
from certadvisor.present.json.encode import json_line_bytes
from certadvisor.present.json.result import result_json
from certadvisor.text import escape_controls

# The longest batch line read, the same as an answers file: a real one (every question answered)
# is well under 1 KB. A longer line is not kept: its length stands in for it, and it fails alone.
MAX_LINE_BYTES = 1024 * 1024
# How much of an overlong line is read at a time while skipping to its end.
_SKIP_BYTES = 64 * 1024
# How long a line may run, skipped, before the input is refused as a whole: an endless line
# (``/dev/zero``) would otherwise be read for ever, writing nothing, so not even a closed output
# pipe would stop it. Sixteen times the line cap: no JSON Lines file comes near it.
MAX_SKIPPED_BYTES = 16 * MAX_LINE_BYTES

# Lines per chunk: enough that handing a chunk to a worker, and scoring its what-ifs as arrays,
# costs little per line; few enough that memory stays low (peaks measured per chunk size are in
# the README's Performance section).
CHUNK_LINES = 128
# ...and at most about this many bytes of input (one long line may pass it), so that chunks in
# flight stay small even when every line is near the limit.
CHUNK_BYTES = 1024 * 1024
# Workers start only for an input longer than this many chunks: below it, starting them costs
# more than they save.
SERIAL_CHUNKS = 16
# Chunks in flight per worker: enough to keep every worker busy while the parent writes.
IN_FLIGHT_PER_JOB = 2


# Told how many more lines are written, as each chunk is: a progress indicator's count.
Done = Callable[[int], None]


# The default number of workers is one per CPU, up to this: the parent writes every line, so
# more workers help less and less, and a container's CPU quota can be far below the CPUs seen.
MAX_DEFAULT_JOBS = 4


def default_jobs(cpus: int | None = None) -> int:
    """Workers for a long batch when ``--jobs`` is not given: one per CPU, up to a limit.

    ``cpus`` is what the command's ``Environment`` counted at start-up; without it, the CPUs
    this process may run on now.
    """
    return min(available_cpus() if cpus is None else cpus, MAX_DEFAULT_JOBS)


class Scorer:
    """What scores a chunk: the catalog, its engine, and the bulk what-if search (made once)."""

    def __init__(self, catalog: Catalog) -> None:
        # numpy is imported here, by the batch alone: one person's answers never need it.
        from certadvisor.fast.whatif_bulk import BulkWhatIfs

        self.catalog = catalog
        self.engine = Engine(catalog)
        self.bulk = BulkWhatIfs(self.engine)

    def chunk(self, first: int, lines: list[bytes | int]) -> tuple[int, bytes]:
        """Score one chunk (its first line is number ``first``): (lines failed, its output lines
        as UTF-8: bytes pass between processes and to stdout with no decoding on the way)."""
        from certadvisor.fast.whatif_bulk import recommend_many

        parsed = [_parse_line(self.catalog, raw_line) for raw_line in lines]
        given = [answers for answers in parsed if not isinstance(answers, AnswersError)]
        results = iter(recommend_many(self.engine, self.bulk, given))
        failed = 0
        texts: list[bytes] = []
        for number, answers in enumerate(parsed, start=first):
            if isinstance(answers, AnswersError):
                failed += 1
                texts.append(json_line_bytes({"line": number, "error": str(answers)}))
            else:
                texts.append(json_line_bytes(result_json(self.catalog, next(results))))
        return failed, b"\n".join(texts) + b"\n"


def _parse_line(catalog: Catalog, raw_line: str | bytes | int) -> dict[str, str] | AnswersError:
    """One line's validated answers, or the error that fails it."""
    try:
        if isinstance(raw_line, int):  # an overlong line, skipped: this is its length
            raise AnswersError(
                f"line too long ({raw_line:,} bytes); a batch line may be at most {size_text(MAX_LINE_BYTES)}"
            )
        if isinstance(raw_line, bytes):
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError as error:
                raise AnswersError(f"not UTF-8 text ({error.reason})") from None
        else:
            line = raw_line
        line = line.rstrip("\r\n")
        if not line.strip():
            raise AnswersError("empty line: expected a JSON object of answers")
        return validate(catalog, parse_json(line, ""), "")
    except AnswersError as error:
        return error


def run_batch(
    catalog: Catalog,
    source: str,
    out: TextIO | None,
    jobs: int = 1,
    *,
    stdin: TextIO | None = None,
    done: Done | None = None,
) -> int:
    """Score a JSON Lines file (or ``-`` for ``stdin``) to ``out``; return how many lines failed.

    ``jobs`` is how many worker processes may score at once; 1 scores everything here. ``out``
    is None when the command started with stdout closed: that is a ``StdoutError``, as is any
    failed write to it. Both streams are the caller's (the CLI's ``Environment``): ``stdin``
    None reads as a closed standard input. ``done`` is told how many lines each write added.
    """
    if out is None:
        raise StdoutError("cannot write to standard output: it is closed")
    handle, close = open_batch_source(source, stdin)
    try:
        failed = _score_all(catalog, handle, source, out, jobs, done)
    except MemoryError:
        # Out of memory is often an exception rather than a kill (a ulimit, a container without
        # overcommit), here or raised again from a worker.
        raise WorkerError(
            "ran out of memory while scoring; the output is incomplete. Try again with --jobs 1, "
            "or split the input."
        ) from None
    finally:
        if close:
            handle.close()
    with stdout_errors(out):
        out.flush()
    return failed


def open_batch_source(source: str, stdin: TextIO | None) -> tuple[BinaryIO, bool]:
    """The batch input as bytes (a regular file, or ``-`` for ``stdin``), and whether to close it."""
    if not source:
        raise AnswersError("--batch: expected a file name, or - for standard input; got an empty name")
    # Read bytes and decode line by line, so one line that is not UTF-8 fails alone.
    if source == "-":
        if stdin is None or getattr(stdin, "buffer", None) is None:
            raise AnswersError("<stdin>: cannot read: standard input is closed")
        handle: BinaryIO = stdin.buffer
        close = False
    else:
        shown_source = escape_controls(source)
        try:
            handle = open_regular(source)
        except FileNotFoundError:
            raise AnswersError(f"{shown_source}: file not found") from None
        except IsADirectoryError:
            raise AnswersError(f"{shown_source}: cannot read: it is a directory") from None
        except SpecialFileError as error:
            raise AnswersError(
                f"{shown_source}: cannot read: {error.strerror} (use - to read standard input)"
            ) from None
        except OSError as error:
            raise AnswersError(f"{shown_source}: cannot read: {error.strerror}") from None
        close = True
    return handle, close


def _score_all(
    catalog: Catalog, handle: BinaryIO, source: str, out: TextIO, jobs: int, done: Done | None
) -> int:
    """Score every chunk of the input to ``out``, here or in workers; return the lines failed."""
    chunks = _chunks(handle, "<stdin>" if source == "-" else escape_controls(source))
    head = list(islice(chunks, SERIAL_CHUNKS + 1))
    if jobs > 1 and len(head) > SERIAL_CHUNKS:
        return _score_in_workers(catalog, chain(head, chunks), out, jobs, done)
    scorer = Scorer(catalog)
    failed = 0
    for first, lines in chain(head, chunks):
        chunk_failed, text = scorer.chunk(first, lines)
        failed += chunk_failed
        # One write per chunk: one per line is a system call each when stdout is unbuffered
        # (PYTHONUNBUFFERED).
        _write((chunk_failed, text), out, done)
    return failed


def _chunks(handle: BinaryIO, name: str) -> Iterator[tuple[int, list[bytes | int]]]:
    """(number of the first line, lines) for each chunk of the input, read as it is needed."""
    chunk: list[bytes | int] = []
    size = 0
    first = 1
    for number, line in enumerate(_lines(handle, name), start=1):
        chunk.append(line)
        # A skipped line counts its length: a run of them is written as soon as one is, so a
        # reader that has gone away is noticed at the next write.
        size += len(line) if isinstance(line, bytes) else line
        if len(chunk) == CHUNK_LINES or size >= CHUNK_BYTES:
            yield first, chunk
            chunk, size, first = [], 0, number + 1
    if chunk:
        yield first, chunk


def _lines(handle: BinaryIO, name: str) -> Iterator[bytes | int]:
    """Each line of the input, or for one longer than ``MAX_LINE_BYTES`` its length in bytes:
    the rest of it is read and dropped, so memory stays bounded whatever the line's length.
    Failing to read (an I/O error midway), or a line still without its end after
    ``MAX_SKIPPED_BYTES``, is an ``AnswersError`` naming the input."""

    def read(size: int) -> bytes:
        try:
            return handle.readline(size)
        except OSError as error:
            raise AnswersError(f"{name}: cannot read: {error.strerror or error}") from None

    number = 0
    while True:
        line = read(MAX_LINE_BYTES + 2)  # room for the line's own "\r\n"
        if not line:
            return
        number += 1
        whole = line.endswith(b"\n") or len(line) < MAX_LINE_BYTES + 2
        if whole and len(line.rstrip(b"\r\n")) <= MAX_LINE_BYTES:
            yield line
            continue
        length = len(line)
        while not line.endswith(b"\n"):
            if length > MAX_SKIPPED_BYTES:
                raise AnswersError(
                    f"{name}: line {number:,} runs past {size_text(MAX_SKIPPED_BYTES)} with no end of "
                    "line; stopped reading: is it a JSON Lines file (one JSON object a line)?"
                )
            line = read(_SKIP_BYTES)
            if not line:
                break
            length += len(line)
        yield length


def _score_in_workers(
    catalog: Catalog,
    chunks: Iterable[tuple[int, list[bytes | int]]],
    out: TextIO,
    jobs: int,
    done: Done | None,
) -> int:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork starts a worker in milliseconds with the catalog already loaded; elsewhere (macOS,
    # Windows) fork is unsafe or missing, and spawn imports certadvisor afresh in each worker.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    if context.get_start_method() == "fork":
        # numpy is a good part of a worker's start: imported here once, every forked worker
        # has it already.
        from certadvisor.fast import whatif_bulk  # noqa: F401
    # An executor rather than multiprocessing.Pool: when a worker dies (killed, out of memory),
    # the executor fails the chunks it held, where the pool waits for them for ever.
    executor: ProcessPoolExecutor | None = None
    failed = 0
    pending: deque[Future[tuple[int, bytes]]] = deque()
    chunks = iter(chunks)
    try:
        # The first submissions start the workers. Ctrl-C is held back meanwhile: a worker must
        # not be interrupted before it sets up to ignore it (the parent handles it), and an
        # executor interrupted half-started cannot even be shut down.
        with _ctrl_c_held():
            executor = ProcessPoolExecutor(
                jobs, mp_context=context, initializer=_start_worker, initargs=(catalog,)
            )
            for first, lines in islice(chunks, jobs):
                pending.append(executor.submit(_score_in_worker, first, lines))
        for first, lines in chunks:
            pending.append(executor.submit(_score_in_worker, first, lines))
            # Bounded: a long input never piles up in memory, waiting to be written.
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                failed += _write(pending.popleft().result(), out, done)
        while pending:
            failed += _write(pending.popleft().result(), out, done)
    except BrokenProcessPool:
        raise WorkerError(
            "a batch worker process stopped unexpectedly (killed, or out of memory?); "
            "the output is incomplete. Try again, or with --jobs 1."
        ) from None
    except KeyboardInterrupt:
        # The run is over (exit 130): a second or third Ctrl-C must not cut short the winding
        # down below, which would leave workers waiting for work and the command hanging.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise
    finally:
        # On Ctrl-C or a closed output pipe, chunks not yet started are dropped; the few being
        # scored finish in a moment (workers ignore Ctrl-C), so no worker outlives the command.
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    return failed


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C back for a moment: a Ctrl-C that arrives meanwhile waits, and takes effect
    (as KeyboardInterrupt) as soon as the block ends. Processes started meanwhile inherit the
    hold, so each worker can set up ignoring Ctrl-C before it lets one through."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, and no fork
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _write(scored: tuple[int, bytes], out: TextIO, done: Done | None = None) -> int:
    """Write one chunk's output: as UTF-8 whatever the locale, and a failed write (a full disk,
    a bad descriptor) as one ``StdoutError``; a closed pipe goes on as ``BrokenPipeError``.
    ``done`` is told how many lines were written (a progress count)."""
    failed, text = scored
    with stdout_errors(out):
        write_utf8_bytes(out, text)
    if done is not None:
        done(text.count(b"\n"))
    return failed


# A worker's scorer, made once when the worker starts.
_worker: Scorer | None = None


def _start_worker(catalog: Catalog) -> None:
    # Ctrl-C reaches every process in the terminal's foreground group; the parent handles it
    # (exit 130) and winds the workers down, which would otherwise each print a traceback. The
    # worker was started with Ctrl-C held back (see _ctrl_c_held): ignore it, then let it in.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # A parent killed outright (kill -9, out of memory) cannot stop its workers, and they would
    # wait for work for ever: each one leaves as soon as its parent is gone. The parent's
    # sentinel says so on every platform, even for a worker that starts after the parent died.
    import threading

    threading.Thread(target=_exit_when_orphaned, daemon=True).start()
    global _worker
    _worker = Scorer(catalog)


def _exit_when_orphaned() -> None:
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:  # not a worker: nothing to watch
        return
    wait([parent.sentinel])
    os._exit(1)


def _score_in_worker(first: int, lines: list[bytes | int]) -> tuple[int, bytes]:
    assert _worker is not None, "the executor's initializer sets up every worker"
    return _worker.chunk(first, lines)
