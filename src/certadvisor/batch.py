"""Batch scoring: JSON Lines in, JSON Lines out, in input order, with memory that stays flat.

Lines are read and scored in chunks. An input of more than a few chunks is spread over worker
processes (``--jobs``; by default one per available CPU, up to four), with a bounded number of chunks in
flight, and the results are written back in input order: the output is the same, byte for byte,
whatever the number of jobs, and memory does not grow with the length of the input.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from multiprocessing.pool import AsyncResult
from typing import BinaryIO, TextIO

from .answers import parse_json, validate
from .catalog import Catalog
from .engine import Engine
from .errors import AnswersError, WorkerError
from .output import json_line
from .results import result_json

# Lines per chunk: enough that handing a chunk to a worker costs little against scoring it, few
# enough to keep memory low (peak 28 MB at 128 lines, 49 MB at 512, measured on 10,000 lines).
CHUNK_LINES = 128
# Workers start only for an input longer than this many chunks: below it, starting them costs
# more than they save.
SERIAL_CHUNKS = 16
# Chunks in flight per worker: enough to keep every worker busy while the parent writes.
IN_FLIGHT_PER_JOB = 2
# How often a wait for a chunk checks that every worker is still alive.
WAIT_SECONDS = 0.5


# The default number of workers is one per CPU, up to this: the parent writes every line, so
# more workers help less and less, and a container's CPU quota can be far below the CPUs seen.
MAX_DEFAULT_JOBS = 4


def available_cpus() -> int:
    """CPUs this process may run on (a container or `taskset` can allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def default_jobs() -> int:
    """Workers for a long batch when ``--jobs`` is not given."""
    return min(available_cpus(), MAX_DEFAULT_JOBS)


def score_lines(catalog: Catalog, lines: Iterable[str | bytes]) -> Iterable[tuple[bool, str]]:
    """Yield (ok, JSON text) for each input line, in order; a bad line yields an error object."""
    engine = Engine(catalog)
    for number, raw_line in enumerate(lines, start=1):
        yield _score_line(catalog, engine, number, raw_line)


def _score_line(catalog: Catalog, engine: Engine, number: int, raw_line: str | bytes) -> tuple[bool, str]:
    try:
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
        answers = validate(catalog, parse_json(line, ""), "")
        result = engine.recommend(answers)
    except AnswersError as error:
        return False, json_line({"line": number, "error": str(error)})
    return True, json_line(result_json(catalog, result))


def _score_chunk(catalog: Catalog, engine: Engine, first: int, lines: list[bytes]) -> tuple[int, str]:
    """Score one chunk (its first line is number ``first``): (lines failed, output text)."""
    failed = 0
    texts = []
    for number, raw_line in enumerate(lines, start=first):
        ok, text = _score_line(catalog, engine, number, raw_line)
        failed += not ok
        texts.append(text)
    return failed, "\n".join(texts) + "\n"


def run_batch(catalog: Catalog, source: str, out: TextIO, jobs: int = 1) -> int:
    """Score a JSON Lines file (or ``-`` for stdin) to ``out``; return how many lines failed.

    ``jobs`` is how many worker processes may score at once; 1 scores everything here.
    """
    from pathlib import Path

    # Read bytes and decode line by line, so one line that is not UTF-8 fails alone.
    if source == "-":
        handle: BinaryIO = sys.stdin.buffer
        close = False
    else:
        try:
            handle = Path(source).open("rb")
        except FileNotFoundError:
            raise AnswersError(f"{source}: file not found") from None
        except OSError as error:
            raise AnswersError(f"{source}: cannot read: {error.strerror}") from None
        close = True
    try:
        chunks = _chunks(handle)
        head = list(islice(chunks, SERIAL_CHUNKS + 1))
        if jobs > 1 and len(head) > SERIAL_CHUNKS:
            failed = _score_in_workers(catalog, chain(head, chunks), out, jobs)
        else:
            engine = Engine(catalog)
            failed = 0
            for first, lines in chain(head, chunks):
                chunk_failed, text = _score_chunk(catalog, engine, first, lines)
                failed += chunk_failed
                # One write per chunk: one per line is a system call each when stdout is
                # unbuffered (PYTHONUNBUFFERED).
                out.write(text)
    finally:
        if close:
            handle.close()
    out.flush()
    return failed


def _chunks(handle: BinaryIO) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, lines) for each chunk of the input, read as it is needed."""
    chunk: list[bytes] = []
    first = 1
    for number, line in enumerate(handle, start=1):
        chunk.append(line)
        if len(chunk) == CHUNK_LINES:
            yield first, chunk
            chunk, first = [], number + 1
    if chunk:
        yield first, chunk


def _score_in_workers(
    catalog: Catalog, chunks: Iterable[tuple[int, list[bytes]]], out: TextIO, jobs: int
) -> int:
    import multiprocessing

    # fork starts a worker in milliseconds with the catalog already loaded; elsewhere (macOS,
    # Windows) fork is unsafe or missing, and spawn imports certadvisor afresh in each worker.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    others = {child.pid for child in multiprocessing.active_children()}
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(catalog,))
    workers = {child.pid for child in multiprocessing.active_children()} - others
    failed = 0
    try:
        pending: deque[AsyncResult[tuple[int, str]]] = deque()
        for first, lines in chunks:
            pending.append(pool.apply_async(_score_in_worker, (first, lines)))
            # Bounded: a long input never piles up in memory, waiting to be written.
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                failed += _write(_wait(pending.popleft(), workers), out)
        while pending:
            failed += _write(_wait(pending.popleft(), workers), out)
        pool.close()
        pool.join()
    finally:
        # On Ctrl-C or a closed output pipe, stop the workers at once rather than let them
        # finish chunks nobody will read.
        pool.terminate()
    return failed


def _wait(result: AsyncResult[tuple[int, str]], workers: set[int | None]) -> tuple[int, str]:
    """A chunk's result. A worker that dies (killed, out of memory) takes its chunk with it and
    the pool never says so: it quietly starts another. The workers never stop on their own
    before the end, so one missing from the live children means a chunk is lost."""
    import multiprocessing

    while True:
        try:
            return result.get(timeout=WAIT_SECONDS)
        except multiprocessing.TimeoutError:
            if not workers <= {child.pid for child in multiprocessing.active_children()}:
                raise WorkerError(
                    "a batch worker process stopped unexpectedly (killed, or out of memory?); "
                    "the output is incomplete. Try again, or with --jobs 1."
                ) from None


def _write(scored: tuple[int, str], out: TextIO) -> int:
    failed, text = scored
    out.write(text)
    return failed


# A worker's catalog and engine, made once when the worker starts.
_worker: tuple[Catalog, Engine] | None = None


def _start_worker(catalog: Catalog) -> None:
    import signal

    # Ctrl-C reaches every process in the terminal's foreground group; the parent handles it
    # (exit 130) and stops the workers, which would otherwise each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker
    _worker = (catalog, Engine(catalog))


def _score_in_worker(first: int, lines: list[bytes]) -> tuple[int, str]:
    assert _worker is not None, "the pool's initializer sets up every worker"
    catalog, engine = _worker
    return _score_chunk(catalog, engine, first, lines)
