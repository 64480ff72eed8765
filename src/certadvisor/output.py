"""Writing results: JSON to stdout and files written atomically, never half-written."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from .errors import OutputError

SCHEMA_VERSION = 1


def dumps(data: Any) -> str:
    """Stable, indented JSON text: keys in insertion order, UTF-8 kept readable."""
    return json.dumps(data, ensure_ascii=False, indent=2)


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
