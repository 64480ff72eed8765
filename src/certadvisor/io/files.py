"""Files written atomically, never half-written.

A report or answers file is written to a temporary file beside it and then put in place in one
step, so a reader never sees half of it. Without ``--force`` an existing file is never replaced,
even by another run racing for the same name; with it, only a regular file is replaced (a FIFO,
device or socket is refused). A new file gets the usual permissions (0666 less the umask), and a
replaced one keeps its own.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from pathlib import Path

from certadvisor.errors import OutputError

# A temporary file this old was left by a run that was killed: a write takes moments.
STALE_TEMPORARY_SECONDS = 3600


def is_stdout_path(path: Path | str) -> bool:
    """Whether the user named standard output (``-``) rather than a file.

    ``write_atomic`` writes files only; a caller that accepts ``-`` prints the text instead.
    """
    return str(path) == "-"


def _special_kind(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse early (before any work or prompt) a target that cannot or must not be written.

    A directory, and a FIFO, device or socket (even with ``force``: writing into a pipe could
    block for ever, and replacing one would break whatever uses it), are refused, as is an
    existing file when ``force`` is off. A symlink is judged by what it points to, and with
    ``force`` the link itself is replaced, never the file it points to.
    """
    try:
        info: os.stat_result | None = path.stat()
    except (OSError, ValueError):
        info = None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path} is a directory; give a file name")
        kind = _special_kind(info.st_mode)
        if kind is not None:
            raise OutputError(f"cannot write {path}: it is {kind}, not a regular file")
    if not force and (info is not None or path.is_symlink()):
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist")
    if _system_path(path):
        # /dev/stdout, /dev/fd/1 and the like: replacing the name would replace the system's
        # own link, not write to the stream.
        raise OutputError(f"cannot write {path}: it is a system stream or folder; use - for standard output")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: folder {parent} is not writable")


def _system_path(path: Path) -> bool:
    """True for a name in the operating system's process or kernel folders (/proc, /sys), or a
    link to one (/dev/stdout points into /proc)."""
    if os.name != "posix":
        return False
    places = [path.parent]
    try:
        if path.is_symlink():
            # The folder the link points into (resolving the target itself would follow
            # /proc/self/fd/1 on to whatever stdout is).
            places.append((path.parent / os.readlink(path)).parent)
        resolved = [place.resolve() for place in places]
    except (OSError, RuntimeError):
        return False
    roots = (Path("/proc"), Path("/sys"))
    return any(place == root or root in place.parents for place in resolved for root in roots)


def write_atomic(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` via a temporary file and one atomic step, so readers never
    see half.

    Without ``force`` the temporary file is published with a hard link, which fails if the
    name exists, so of several runs racing for one path exactly one succeeds and the others
    get "already exists". Where hard links are not supported (FAT, some network shares) the
    name is first claimed with an exclusive create, which equally only one run can win, and
    the claimed empty file is then replaced; checking for the name and then renaming would
    let every racer through. A new file gets 0666 less the umask; with ``force`` an existing
    file keeps its permissions. Temporary files of this same target older than an hour (left
    by a run killed mid-write) are removed after a successful write.
    """
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
            _set_mode(handle.fileno(), tmp_name, _target_mode(path, force=force))
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp_name, path)
        else:
            _publish_new(tmp_name, path)
    except FileExistsError:
        _remove(tmp_name)
        # Someone created the file while we were writing: still refuse to clobber it.
        raise OutputError(f"{path} already exists; use --force to overwrite it") from None
    except OSError as error:
        _remove(tmp_name)
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        _remove(tmp_name)
        raise
    _remove_stale_temporaries(parent, path.name)


def _publish_new(tmp_name: str, path: Path) -> None:
    """Give the written temporary file the name ``path``, which must not exist yet."""
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        raise
    except (OSError, AttributeError, NotImplementedError):
        _claim_then_replace(tmp_name, path)
        return
    _remove(tmp_name)


def _claim_then_replace(tmp_name: str, path: Path) -> None:
    """Without hard links: create ``path`` exclusively (only one run can), then replace it."""
    claim = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        claimed = os.fstat(claim)
    finally:
        os.close(claim)
    try:
        os.replace(tmp_name, path)
    except OSError:
        try:  # take back the empty claim, if it is still ours
            now = os.lstat(path)
            if (now.st_dev, now.st_ino) == (claimed.st_dev, claimed.st_ino):
                os.unlink(path)
        except OSError:
            pass
        raise


def _target_mode(path: Path, *, force: bool) -> int:
    """The permissions for the written file: an existing file's own, else 0666 less the umask."""
    if force:
        try:
            info = path.stat()
        except (OSError, ValueError):
            pass
        else:
            if stat.S_ISREG(info.st_mode):
                return stat.S_IMODE(info.st_mode) & 0o777  # never carry set-id bits over
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask. It can only be read by setting it, so it is set briefly to a
    strict value: a file another thread created in that instant would come out more private,
    never less."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _set_mode(fd: int, name: str, mode: int) -> None:
    if os.chmod in os.supports_fd:
        os.chmod(fd, mode)
    else:
        os.chmod(name, mode)


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove ``.NAME.XXXXXXXX.tmp`` files an interrupted write of this same target left behind.

    Only this target's exact temporary-name pattern, only regular files this user owns, and
    only ones older than an hour, so a concurrent run's file in flight is never touched. Doing
    it here costs nothing on the normal path and needs no background clean-up.
    """
    pattern = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    try:
        with os.scandir(folder) as found:
            for item in found:
                if not pattern.fullmatch(item.name):
                    continue
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
                if stat.S_ISREG(info.st_mode) and mine and info.st_mtime < cutoff:
                    _remove(item.path)
    except OSError:
        pass
