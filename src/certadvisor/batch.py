"""Batch scoring: JSON Lines in, JSON Lines out, streaming so memory stays flat."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import BinaryIO, TextIO

from .answers import parse_json, validate
from .catalog import Catalog
from .engine import Engine
from .errors import AnswersError
from .output import json_line
from .results import result_json


def score_lines(catalog: Catalog, lines: Iterable[str | bytes]) -> Iterable[tuple[bool, str]]:
    """Yield (ok, JSON text) for each input line, in order; a bad line yields an error object."""
    engine = Engine(catalog)
    for number, raw_line in enumerate(lines, start=1):
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
            yield False, json_line({"line": number, "error": str(error)})
            continue
        yield True, json_line(result_json(catalog, result))


def run_batch(catalog: Catalog, source: str, out: TextIO) -> int:
    """Score a JSON Lines file (or ``-`` for stdin) to ``out``; return how many lines failed."""
    from pathlib import Path

    failed = 0
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
    # Write in chunks: one write per line is a system call each when stdout is unbuffered
    # (PYTHONUNBUFFERED), while a bounded chunk keeps memory flat however long the input.
    chunk: list[str] = []
    try:
        for ok, text in score_lines(catalog, handle):
            failed += not ok
            chunk.append(text)
            if len(chunk) >= 256:
                out.write("\n".join(chunk) + "\n")
                chunk.clear()
        if chunk:
            out.write("\n".join(chunk) + "\n")
    finally:
        if close:
            handle.close()
    out.flush()
    return failed
