"""Writing results: JSON to stdout and files written atomically, never half-written."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

import orjson

from .errors import OutputError

SCHEMA_VERSION = 1


# orjson writes the same text as the standard library's ``json.dumps(data, ensure_ascii=False,
# indent=2)`` (or, for lines, with ``separators=(",", ":")``), as the tests check, at a fraction
# of the cost: the standard library's indented output is pure Python, and a batch line is 5 KB.
# orjson refuses a string that is not valid Unicode, which a file name with undecodable bytes
# can be; the standard library then writes it as Python holds it, as before. Dataclasses and
# dates, which orjson would write and the standard library refuses, are passed through to that
# refusal too, so a value that should have been converted fails loudly rather than quietly.
_STRICT = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def dumps(data: Any) -> str:
    """Stable, indented JSON text: keys in insertion order, UTF-8 kept readable."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | _STRICT).decode()
    except orjson.JSONEncodeError:
        import json

        return json.dumps(data, ensure_ascii=False, indent=2)


def json_line(data: Any) -> str:
    """The same JSON on one line with no spaces: one JSON Lines record."""
    try:
        return orjson.dumps(data, option=_STRICT).decode()
    except orjson.JSONEncodeError:
        import json

        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def emit_json(data: Any, stream: TextIO | None = None) -> None:
    """Print one JSON document to stdout."""
    out = stream if stream is not None else sys.stdout
    out.write(dumps(data) + "\n")
    out.flush()


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse early (before any work or prompt) when ``path`` exists and ``force`` is off."""
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    if path.exists() and path.is_dir():
        raise OutputError(f"{path} is a directory; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist")


def write_atomic(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename, so readers never see half."""
    check_writable(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if not force and path.exists():
            # Someone created the file while we were writing: still refuse to clobber it.
            raise OutputError(f"{path} already exists; use --force to overwrite it")
        os.replace(tmp_name, path)
    except OSError as error:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
