"""Batch scoring: JSON Lines in, JSON Lines out, in input order, with memory that stays flat.

Lines are read and scored in chunks. An input of more than a few chunks is spread over worker
processes (``--jobs``; by default one per available CPU, up to four), with a bounded number of chunks in
flight, and the results are written back in input order: the output is the same, byte for byte,
whatever the number of jobs, and memory does not grow with the length of the input.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
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
# How often a worker checks that its parent is still there.
ORPHAN_CHECK_SECONDS = 0.5


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
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork starts a worker in milliseconds with the catalog already loaded; elsewhere (macOS,
    # Windows) fork is unsafe or missing, and spawn imports certadvisor afresh in each worker.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    # An executor rather than multiprocessing.Pool: when a worker dies (killed, out of memory),
    # the executor fails the chunks it held, where the pool waits for them for ever.
    executor: ProcessPoolExecutor | None = None
    failed = 0
    pending: deque[Future[tuple[int, str]]] = deque()
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
                failed += _write(pending.popleft().result(), out)
        while pending:
            failed += _write(pending.popleft().result(), out)
    except BrokenProcessPool:
        raise WorkerError(
            "a batch worker process stopped unexpectedly (killed, or out of memory?); "
            "the output is incomplete. Try again, or with --jobs 1."
        ) from None
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


def _write(scored: tuple[int, str], out: TextIO) -> int:
    failed, text = scored
    out.write(text)
    return failed


# A worker's catalog and engine, made once when the worker starts.
_worker: tuple[Catalog, Engine] | None = None


def _start_worker(catalog: Catalog) -> None:
    # Ctrl-C reaches every process in the terminal's foreground group; the parent handles it
    # (exit 130) and winds the workers down, which would otherwise each print a traceback. The
    # worker was started with Ctrl-C held back (see _ctrl_c_held): ignore it, then let it in.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # A parent killed outright (kill -9, out of memory) cannot stop its workers, and they would
    # wait for work for ever: each one leaves as soon as it finds itself orphaned.
    import threading

    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    global _worker
    _worker = (catalog, Engine(catalog))


def _exit_when_orphaned(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)


def _score_in_worker(first: int, lines: list[bytes]) -> tuple[int, str]:
    assert _worker is not None, "the executor's initializer sets up every worker"
    catalog, engine = _worker
    return _score_chunk(catalog, engine, first, lines)
