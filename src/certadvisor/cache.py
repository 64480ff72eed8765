"""A cache of validated catalogs: a run whose data file has not changed skips TOML and checks.

Parsing the 90 KB data file (tomllib is pure Python) and validating it take about 20 ms, a
tenth of a command's start-up; loading the same catalog from a pickle takes about 1 ms. This is
the CLI's concern, not the core's: ``catalog.load_catalog`` stays a plain function that only
reads its file.

An entry keeps the exact text it was built from and a stamp of the code that built it, and is
used only when both still match, so an edited data file, an upgrade or an edited checkout always
reloads. Reading or writing the cache never fails a command: on any problem the data file is
simply parsed again. ``check-data`` does not use the cache, since checking is its whole point.

Where: ``$CERTADVISOR_CACHE_DIR`` if set (set it empty to turn the cache off), else
``$XDG_CACHE_HOME/certadvisor``, else ``~/.cache/certadvisor``. One file per data file path.
An entry is read only if this user owns it and nobody else can write to it.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import stat
import sys
import tempfile
import zlib
from pathlib import Path

from . import __version__
from .catalog import Catalog, catalog_from_text, read_data_text

CACHE_ENV = "CERTADVISOR_CACHE_DIR"
# Bump when the layout of an entry changes.
FORMAT = 1


def cache_dir() -> Path | None:
    """The cache directory, or None when the user turned the cache off (or has no home)."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "certadvisor"
    try:
        return Path.home() / ".cache" / "certadvisor"
    except RuntimeError:  # no home directory to be found
        return None


def load_cached(path: Path, directory: Path | None) -> Catalog:
    """The catalog in ``path``, from the cache in ``directory`` when it is still current."""
    text = read_data_text(path)
    stamp = _code_stamp()
    entry = _entry_file(path, directory) if stamp else None
    if entry is not None:
        catalog = _read(entry, stamp, text)
        if catalog is not None:
            # The same text may be reached through another spelling of the path: messages
            # should name the one given this time.
            return catalog if catalog.path == path else dataclasses.replace(catalog, path=path)
    catalog = catalog_from_text(text, path)
    if entry is not None:
        _write(entry, (FORMAT, stamp, text, catalog))
    return catalog


def _entry_file(path: Path, directory: Path | None) -> Path | None:
    if directory is None:
        return None
    try:
        key = str(path.resolve())
    except OSError:
        return None
    return directory / f"catalog-{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}.pickle"


def _code_stamp() -> tuple[object, ...]:
    """What the pickled objects depend on: the version, the Python, and the modules that define
    the catalog's classes (an editable checkout changes them without a new version)."""
    here = Path(__file__).parent
    files = []
    for name in ("catalog.py", "conditions.py"):
        try:
            info = (here / name).stat()
        except OSError:
            return ()  # nothing to compare against: run without the cache
        files.append((name, info.st_mtime_ns, info.st_size))
    return (__version__, sys.version_info[:2], *files)


def _read(entry: Path, stamp: tuple[object, ...], text: str) -> Catalog | None:
    try:
        with entry.open("rb") as handle:
            # Unpickling runs code, so only a file this user owns and nobody else can write is
            # read: the cache may have been pointed at a shared directory. The check is on the
            # opened file itself, so it cannot be swapped between the check and the read.
            if not _private(os.fstat(handle.fileno())):
                return None
            stored = pickle.load(handle)
    except Exception:  # missing, unreadable, truncated or from another version: rebuild it
        return None
    if (
        isinstance(stored, tuple)
        and len(stored) == 4
        and stored[0] == FORMAT
        and stored[1] == stamp
        and stored[2] == text
        and isinstance(stored[3], Catalog)
    ):
        return stored[3]
    return None


def _private(info: os.stat_result) -> bool:
    """Owned by this user and not writable by group or others (always true where there are no
    user ids, as on Windows)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(entry: Path, stored: tuple[object, ...]) -> None:
    """Write the entry atomically; a cache that cannot be written is skipped, not an error."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(stored, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp_name, entry)
    except Exception:  # a full disk, or an object that will not pickle: run without a cache
        Path(tmp_name).unlink(missing_ok=True)
