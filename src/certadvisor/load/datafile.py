"""Finding and reading the data file; checking it is ``validate``'s work.

Also the safe reading of every input file (the data file, answers files, a batch file), which
may be hostile or simply wrong:

- Only a regular file is read. A FIFO, device, socket or directory is refused (exit 2) without
  waiting on it: the file is opened non-blocking and checked once open. Standard input, where
  a command takes ``-``, is read whatever it is.
- Reading stops at a size far above any real file: ``MAX_DATA_BYTES`` (8 MiB; the shipped data
  is about 0.2 MiB) for a data file, ``answers.MAX_ANSWERS_BYTES`` (1 MiB; a real one is under
  2 KB) for an answers file, and ``batch.MAX_LINE_BYTES`` (1 MiB) for one batch line, whose
  overlong line fails alone. So ``--data /dev/zero`` is one clear error, not all of memory.
- Every string and key of a data file is checked before anything else reads it: a control
  character other than tab and newline (an escape sequence, say, which would reach the screen)
  or a string over ``MAX_STRING_CHARS`` (5,000 characters; the longest real one is about 500)
  is a ``DataError`` naming the key. TOML nested too deeply for Python, or an integer too long
  to convert, is a ``DataError`` too, never a traceback.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from certadvisor.errors import CertAdvisorError, DataError
from certadvisor.text import escape_controls, shown

if TYPE_CHECKING:
    from certadvisor.model.catalog import Catalog

DATA_ENV = "CERTADVISOR_DATA"
# The largest data file read: about 40 times the shipped one.
MAX_DATA_BYTES = 8 * 1024 * 1024
# The longest string a data file may hold: about 10 times the longest real one, and short
# enough that drawing it on the screen stays quick.
MAX_STRING_CHARS = 5_000
# Control characters (C0, DEL, C1) a data file's text may not hold: all but tab and newline.
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_KEY_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
# Problems of the same kind listed before the rest are counted instead.
MAX_LISTED = 20


class SpecialFileError(OSError):
    """The path names something other than a regular file (a FIFO, a device, a socket)."""


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, for a message; None for a regular file or a directory."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "not a regular file"


def open_regular(path: Path | str) -> BinaryIO:
    """Open ``path`` to read bytes, only if it is a regular file, and without ever blocking.

    The file is opened non-blocking (opening a FIFO would otherwise wait for a writer) and then
    judged by what was opened, so nothing can be swapped in between. Raises
    ``FileNotFoundError``, ``IsADirectoryError``, ``SpecialFileError`` (its ``strerror`` says
    what the file is, "it is a device, not a regular file") or another ``OSError``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if os.name == "nt":  # no O_NONBLOCK there: judge by the path first
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise SpecialFileError(errno.EINVAL, f"it is {kind}, not a regular file", str(path))
        if flags & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class TooLargeError(OSError):
    """A file is larger than the size certadvisor reads."""


def read_capped(handle: BinaryIO, limit: int) -> bytes:
    """All of ``handle``, or ``TooLargeError`` as soon as it holds more than ``limit`` bytes."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(errno.EFBIG, f"larger than {size_text(limit)}")
    return data


def size_text(limit: int) -> str:
    """A byte count for a message: "8 MiB", "64 KiB"."""
    for unit, size in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= size and limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit:,} bytes"


def decode_text(data: bytes) -> str:
    """UTF-8 bytes as text with universal newlines, as ``Path.read_text`` gives it."""
    text = data.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def default_data_path() -> Path:
    """The shipped data: inside the installed package, else ``data/`` of the checkout."""
    # Plain paths rather than importlib.resources: the wheel installs files on disk, and the
    # resources machinery costs start-up time on every run.
    packaged = Path(__file__).resolve().parents[1] / "data" / "certs.toml"
    if packaged.is_file():
        return packaged
    # An editable install or a plain checkout: src/certadvisor/load/datafile.py -> ../../../data
    return Path(__file__).resolve().parents[3] / "data" / "certs.toml"


def given_data_path(option: Path | None, variables: Mapping[str, str]) -> Path | None:
    """The data file the user chose: ``--data``, else ``CERTADVISOR_DATA`` from ``variables``
    (blank counts as unset); None means the shipped file."""
    if option is not None:
        return option
    value = variables.get(DATA_ENV, "").strip()
    return Path(value) if value else None


def resolve_data_path(option: Path | None, variables: Mapping[str, str]) -> Path:
    """``--data`` wins over ``CERTADVISOR_DATA``, which wins over the shipped file."""
    given = given_data_path(option, variables)
    return given if given is not None else default_data_path()


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate a data file; raise ``DataError`` naming every problem found."""
    path = path if path is not None else default_data_path()
    return catalog_from_text(read_data_text(path), path)


def read_data_text(path: Path) -> str:
    """The data file's text; a missing, unreadable, special or oversized file is a
    ``DataError`` naming it."""
    try:
        with open_regular(path) as handle:
            return decode_text(read_capped(handle, MAX_DATA_BYTES))
    except FileNotFoundError:
        raise DataError(f"{path}: data file not found") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, expected a TOML data file") from None
    except SpecialFileError as error:
        raise DataError(f"{path}: cannot read data file: {error.strerror}") from None
    except TooLargeError:
        raise DataError(
            f"{path}: cannot read data file: it is larger than {size_text(MAX_DATA_BYTES)}, "
            "far more than any real data file"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: cannot read data file: {error}") from None


def catalog_from_text(text: str, path: Path) -> Catalog:
    """Parse and validate the text of a data file read from ``path``."""
    # Imported here: a run that finds the catalog in the cache neither parses TOML nor checks it.
    from certadvisor.load.validate import parse_catalog

    raw = parse_toml(text, path, DataError)
    check_text(raw, path)
    try:
        return parse_catalog(raw, path)
    except RecursionError:  # conditions nested (with dotted keys) past Python's limit
        raise DataError(f"{path}: not valid data: tables are nested too deeply") from None


def parse_toml(text: str, where: Path | str, error: type[CertAdvisorError]) -> dict[str, Any]:
    """Parse TOML text, turning every way it can fail into one ``error`` naming ``where``.

    Beyond syntax errors, tomllib raises ``RecursionError`` for arrays or inline tables nested
    a thousand deep, and ``ValueError`` for an integer too long to convert.
    """
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as failure:
        # tomllib's message already ends "(at line L, column C)"
        raise error(f"{where}: not valid TOML: {failure}") from None
    except RecursionError:
        raise error(f"{where}: not valid TOML: arrays or tables are nested too deeply") from None
    except ValueError as failure:  # "Exceeds the limit (4300 digits) for integer string conversion"
        reason = str(failure).split(";")[0]
        raise error(f"{where}: not valid TOML: {reason}") from None


def check_text(raw: Any, path: Path) -> None:
    """Refuse control characters and overlong strings in any key or string of a data file.

    Walked without recursion, so no nesting can exhaust the stack. Every problem is named by
    its dotted key, in the form the validation's own messages use.
    """
    problems: list[str] = []
    stack: list[tuple[str, Any]] = [("", raw)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            for name, item in reversed(value.items()):
                child = f"{key}.{name}" if key else str(name)
                problem = _text_problem(str(name), "key")
                if problem:
                    problems.append(f"{path}: {escape_controls(child)}: {problem}")
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend((f"{key}[{index}]", item) for index, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            problem = _text_problem(value, "text")
            if problem:
                problems.append(f"{path}: {escape_controls(key)}: {problem}")
    if not problems:
        return
    count = len(problems)
    listed = problems[:MAX_LISTED]
    if count > MAX_LISTED:
        listed.append(f"... and {count - MAX_LISTED} more")
    if count == 1:
        raise DataError(listed[0])
    raise DataError(f"{path}: {count} problems in the data file\n" + "\n".join(listed))


def _text_problem(text: str, what: str) -> str | None:
    if len(text) > MAX_STRING_CHARS:
        return f"{what} of {len(text):,} characters; at most {MAX_STRING_CHARS:,} are allowed"
    found = (_TEXT_CONTROLS if what == "text" else _KEY_CONTROLS).search(text)
    if found is None:
        return None
    allowed = "only tab and newline are allowed in text" if what == "text" else "none is allowed in a key"
    return (
        f"{what} holds the control character {escape_controls(found.group())} at character "
        f"{found.start() + 1} of {shown(text)}; {allowed} (they could drive the terminal)"
    )
