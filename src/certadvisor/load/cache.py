"""A cache of validated catalogs: a run whose data file has not changed skips TOML and checks.

Parsing the data file (tomllib is pure Python) and validating it are a good part of a command's
start-up, and loading the same catalog from a pickle almost none of it (the README's Performance
section has the figures). This is
the CLI's concern, not the core's: ``catalog.load_catalog`` stays a plain function that only
reads its file.

An entry keeps the exact text it was built from and a stamp of the code that built it, and is
used only when both still match, so an edited data file, an upgrade or an edited checkout always
reloads. Reading or writing the cache never fails or blocks a command: on any problem the data
file is simply parsed again. ``check-data`` does not use the cache, since checking is its whole
point.

Where: ``$CERTADVISOR_CACHE_DIR`` if set (set it empty to turn the cache off; a relative path
also turns it off), else the platform's user cache folder as platformdirs names it:
``$XDG_CACHE_HOME/certadvisor`` or ``~/.cache/certadvisor`` on Linux and other Unixes,
``~/Library/Caches/certadvisor`` on macOS (``$XDG_CACHE_HOME`` wins there too when set), and
``%LOCALAPPDATA%\\certadvisor\\Cache`` on Windows. One file per data file path, and at most
``MAX_ENTRIES`` of them: writing a new one evicts the oldest.

Unpickling can run code, and the cache may have been pointed at a folder others can reach, so:

- an entry is read with an unpickler that builds only the catalog's own record classes (and
  dates and paths): a planted pickle that names any other callable is refused, not run;
- the folder is used only if it is a real folder (not a symlink) this user owns and nobody else
  can write to, and every folder above it, as written and as resolved, belongs to this user or
  root and is not writable by others unless sticky (so nobody else can swap the folder or
  one above it); the folder is opened without following a symlink, and its entries are opened
  relative to that open folder, so a check and the read cannot meet two different folders;
- folders are created 0700 whatever the umask, and never further up than the cache folder's
  parent (so a missing home is never created);
- an entry is opened without following a symlink or waiting on a FIFO, and read only if it is a
  regular file this user owns that nobody else can write.

A format that cannot express code at all (JSON) was weighed against this: the catalog is a tree
of some forty record types, and rebuilding it from JSON costs about as much as parsing the TOML,
which is what the cache is there to skip; the restricted unpickler costs nothing measurable.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from certadvisor.load.datafile import catalog_from_text, read_data_text
from certadvisor.model.catalog import Catalog
from certadvisor.version import __version__

CACHE_ENV = "CERTADVISOR_CACHE_DIR"
# Bump when the layout of an entry changes.
FORMAT = 1
# One entry per data file path: a handful covers the shipped file and a few working copies, and
# bounds what a script looping over many generated data files can leave behind.
MAX_ENTRIES = 8
# A temporary file this old was left by a killed run; a live write takes a moment, not an hour.
STALE_SECONDS = 3600
_PREFIX = "catalog-"
_SUFFIX = ".pickle"
# Open an entry without following a symlink (planted by someone else) and without blocking on a
# FIFO; the checks that it is a private regular file are then made on the opened file itself.
_READ_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
)
# The folder too is opened without following a symlink, and entries relative to it, where the
# platform can (not Windows).
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_BY_FOLDER = hasattr(os, "O_DIRECTORY") and os.open in os.supports_dir_fd
# What a cached catalog is made of: the model's record classes, dates and paths.
_ALLOWED: dict[str, str | frozenset[str]] = {
    "certadvisor.model.catalog": "*",
    "certadvisor.model.records": "*",
    "certadvisor.model.conditions": frozenset({"Condition", "Kind"}),
    "datetime": frozenset({"date"}),
    "pathlib": frozenset({"Path", "PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"}),
}


def cache_dir(variables: Mapping[str, str], platform: str = sys.platform) -> Path | None:
    """The cache directory, or None when the user turned the cache off or there is no safe place.

    ``variables`` are the process's (the CLI's ``Environment``); ``platform`` is ``sys.platform``.
    """
    configured = variables.get(CACHE_ENV)
    if configured is not None:
        # A relative path would put the cache wherever the command happens to run.
        return _absolute(configured)
    # The conventions of platformdirs' user_cache_dir, written out by hand: importing
    # platformdirs would add its import time to every command, for three lines of logic.
    if platform == "win32":
        local = _absolute(variables.get("LOCALAPPDATA", ""))
        return None if local is None else local / "certadvisor" / "Cache"
    # The XDG spec says a relative value is invalid and to be ignored, not used.
    xdg = _absolute(variables.get("XDG_CACHE_HOME", ""))
    if xdg is not None:
        return xdg / "certadvisor"
    home = _home(variables)
    if home is None:
        return None
    if platform == "darwin":
        return home / "Library" / "Caches" / "certadvisor"
    return home / ".cache" / "certadvisor"


def _absolute(value: str) -> Path | None:
    path = Path(value)
    return path if value.strip() and path.is_absolute() else None


def _home(variables: Mapping[str, str]) -> Path | None:
    """$HOME if it is an absolute path, else the password database's entry; None otherwise.

    ``Path.home()`` is not used because it turns an empty $HOME into ``/``.
    """
    value = variables.get("HOME")
    if value is None:
        value = os.path.expanduser("~")  # with $HOME unset: the password database, where there is one
    return _absolute(value)


def load_cached(path: Path, directory: Path | None) -> Catalog:
    """The catalog in ``path``, from the cache in ``directory`` when it is still current."""
    text = read_data_text(path)
    entry = None
    stamp: tuple[object, ...] = ()
    try:
        stamp = _code_stamp()
        entry = _entry_file(path, directory) if stamp else None
        catalog = _read(entry, stamp, text) if entry is not None else None
    except Exception:  # the cache is only ever a shortcut: any surprise means parsing the file
        entry, catalog = None, None
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
    return directory / f"{_PREFIX}{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}{_SUFFIX}"


# The modules that define the pickled classes or decide what goes into them.
_CODE_FILES = (
    "model/catalog.py",
    "load/datafile.py",  # what a data file may hold at all (control characters, string lengths)
    "model/records.py",
    "model/conditions.py",
    "model/schema.py",
    "load/validate/__init__.py",
    "load/validate/problems.py",
    "load/validate/sources.py",
    "load/validate/evidence.py",
    "load/validate/urls.py",
    "load/validate/certs.py",
    "load/validate/questions.py",
    "load/validate/advice.py",
    "load/validate/glossary.py",
)


def _code_stamp() -> tuple[object, ...]:
    """What the pickled objects depend on: the version, the Python and the modules that define
    the catalog's classes (an editable checkout changes them without a new version)."""
    here = Path(__file__).parents[1]
    files = []
    for name in _CODE_FILES:
        try:
            info = (here / name).stat()
        except OSError:
            return ()  # nothing to compare against: run without the cache
        files.append((name, info.st_mtime_ns, info.st_size))
    return (__version__, sys.version_info[:2], *files)


def _usable(directory: Path) -> bool:
    """Whether ``directory`` is a real folder (not a symlink) this user owns and others cannot
    write to, below folders nobody else can change (``_safe_above``).

    A shared folder (even a sticky one like /tmp) is refused outright: others could plant
    names in it. Group write is allowed, as with a user-private group, since every entry is
    checked on its own before it is read.
    """
    try:
        info = directory.lstat()
    except (OSError, ValueError):
        return False
    return _own_folder(info) and _safe_above(directory)


def _own_folder(info: os.stat_result) -> bool:
    if not stat.S_ISDIR(info.st_mode):  # a symlink, when lstat'ed, is not a folder
        return False
    if not hasattr(os, "getuid"):  # no user ids (Windows): the folder is the user's profile's
        return True
    return info.st_uid == os.getuid() and not info.st_mode & stat.S_IWOTH


def _safe_above(directory: Path) -> bool:
    """Whether every folder above ``directory``, as written and as resolved, belongs to this
    user or root and is not writable by others unless sticky: nobody else can rename the cache
    folder, or a folder above it, to put their own in its place."""
    if not hasattr(os, "getuid"):
        return True
    mine = (0, os.getuid())
    try:
        chains = {directory.parent, directory.parent.resolve()}
        for start in chains:
            for folder in (start, *start.parents):
                info = folder.stat()
                if info.st_uid not in mine:
                    return False
                if info.st_mode & stat.S_IWOTH and not info.st_mode & stat.S_ISVTX:
                    return False
    except (OSError, ValueError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def _open_folder(directory: Path) -> int | None:
    """The cache folder, opened without following a symlink, when it is usable; None else.

    Where folders cannot be opened (Windows), -1: entries are then opened by path."""
    if not _usable(directory):
        return None
    if not _BY_FOLDER:
        return -1
    try:
        fd = os.open(directory, _FOLDER_FLAGS)
    except OSError:
        return None
    if _own_folder(os.fstat(fd)):
        return fd
    os.close(fd)
    return None


class _Catalogs(pickle.Unpickler):
    """An unpickler that builds only the catalog's record classes, dates and paths: any other
    callable a pickle names (``os.system``, ``builtins.eval``) is refused before it is found."""

    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED.get(module)
        if allowed is not None and "." not in name and (allowed == "*" or name in allowed):
            found = getattr(sys.modules.get(module), name, None)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a catalog")


def _read(entry: Path, stamp: tuple[object, ...], text: str) -> Catalog | None:
    folder = _open_folder(entry.parent)
    if folder is None:
        return None
    try:
        if folder >= 0:
            fd = os.open(entry.name, _READ_FLAGS, dir_fd=folder)
        else:
            fd = os.open(entry, _READ_FLAGS)
    except OSError:  # missing, a symlink, or unreadable
        return None
    finally:
        if folder >= 0:
            os.close(folder)
    try:
        with os.fdopen(fd, "rb") as handle:
            # Only a regular file this user owns and nobody else can write is read. The check
            # is on the opened file itself, so it cannot be swapped between the check and the
            # read; and what is read can build nothing but a catalog (``_Catalogs``).
            if not _private(os.fstat(handle.fileno())):
                return None
            stored = _Catalogs(handle).load()
    except Exception:  # unreadable, truncated, planted or from another version: rebuild it
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
    """A regular file owned by this user and not writable by group or others (ownership is not
    checked where there are no user ids, as on Windows)."""
    if not stat.S_ISREG(info.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _make_dir(directory: Path) -> bool:
    """Create the cache folder (and its parent, if need be) 0700; True if it is then usable.

    Nothing above the parent is created: ``~/.cache/certadvisor`` under a home that does not
    exist is skipped rather than building a home. ``mkdir`` with 0700 cannot come out wider
    whatever the umask, since the umask only removes permissions.
    """
    for folder in (directory.parent, directory):
        if folder.is_dir():
            continue
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another run made it meanwhile; checked below like any other
            pass
        except OSError:
            return False
    return _usable(directory)


def _write(entry: Path, stored: tuple[object, ...]) -> None:
    """Write the entry atomically; a cache that cannot be written is skipped, not an error."""
    try:
        if not _make_dir(entry.parent):
            return
        fd, tmp_name = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
    except Exception:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(stored, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp_name, entry)
    except Exception:  # a full disk, or an object that will not pickle: run without a cache
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        return
    try:
        _evict(entry.parent, keep=entry.name)
    except Exception:
        pass


def _evict(directory: Path, *, keep: str) -> None:
    """Keep the newest ``MAX_ENTRIES`` entries and drop temporary files a killed run left."""
    entries: list[tuple[int, str]] = []
    now = time.time()
    with os.scandir(directory) as found:
        for item in found:
            name = item.name
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if name.startswith(_PREFIX) and name.endswith(_SUFFIX):
                if name != keep:
                    entries.append((info.st_mtime_ns, name))
            elif name.startswith(f".{_PREFIX}") and name.endswith(".tmp"):
                if now - info.st_mtime > STALE_SECONDS:
                    _unlink(directory / name)
    entries.sort(reverse=True)
    for _, name in entries[MAX_ENTRIES - 1 :]:
        _unlink(directory / name)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
