"""Safe file names for one report a student (``--reports-dir DIR``), made from the id column.

An id is whatever the spreadsheet holds, so it is made safe before it names a file: path
separators, control characters and the characters Windows refuses (``<>:"/\\|?*``) become "-",
white space becomes "-", runs of dots become one (no ``..``), leading and trailing dots, dashes
and spaces go (no hidden files), the length is capped (in UTF-8 bytes, well under any file
system's limit), and a name Windows reserves for a device (``CON``, ``NUL``, ``COM1``, ...) gets a
trailing "_". An id with nothing left names the report by its row: ``row-7``. Two ids that
give the same name (compared ignoring case, as Windows and macOS file systems do) get "-2",
"-3", ... in input order, and a name is never given twice, even one an id spells already.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from certadvisor.errors import OutputError

# The longest name made, in UTF-8 bytes, before the suffix and any "-N": file systems allow 255.
MAX_NAME_BYTES = 100
REPORT_SUFFIX = ".html"

_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\s]+')
_DOTS = re.compile(r"\.{2,}")
_DASHES = re.compile(r"-{2,}")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{device}{n}" for device in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")]
)


def safe_stem(ident: str, row: int) -> str:
    """A file name (without suffix) made from a student's id; ``row-N`` when nothing is left."""
    text = unicodedata.normalize("NFC", ident)
    text = _UNSAFE.sub("-", text)
    text = _DOTS.sub(".", text)
    text = _DASHES.sub("-", text).strip(".- ")
    text = _cap(text).rstrip(".- ")
    if not text:
        return f"row-{row}"
    if text.split(".")[0].upper() in _RESERVED:
        text += "_"
    return text


def _cap(text: str) -> str:
    """``text`` cut to at most MAX_NAME_BYTES of UTF-8, never inside a character."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= MAX_NAME_BYTES:
        return text
    return data[:MAX_NAME_BYTES].decode("utf-8", "ignore")


class ReportNames:
    """Gives each student's report a safe name no other report in the run has (see the module)."""

    def __init__(self, suffix: str = REPORT_SUFFIX) -> None:
        self.suffix = suffix
        self._given: set[str] = set()

    def name(self, ident: str, row: int) -> str:
        """The next report's file name, e.g. ``ann-lee.html`` or ``ann-lee-2.html``."""
        stem = safe_stem(ident, row)
        candidate, number = stem, 1
        while candidate.casefold() in self._given:
            number += 1
            candidate = f"{stem}-{number}"
        self._given.add(candidate.casefold())
        return candidate + self.suffix


def check_reports_dir(folder: Path, *, force: bool) -> None:
    """Refuse, before any work, a reports folder that cannot be used: not a folder, a parent
    that does not exist, not writable, or (without ``force``) one that holds reports already,
    which a second run would overwrite. A folder that does not exist yet is made later
    (``make_reports_dir``), once the input has been read without a fatal error."""
    try:
        info: os.stat_result | None = folder.stat()
    except (OSError, ValueError):
        info = None
    if info is None:
        parent = folder.parent if str(folder.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError(f"cannot write reports in {folder}: folder {parent} does not exist")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise OutputError(f"cannot make {folder}: folder {parent} is not writable")
        return
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"--reports-dir {folder}: it is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write reports in {folder}: it is not writable")
    if not force:
        existing = next((p.name for p in folder.iterdir() if p.name.endswith(REPORT_SUFFIX)), None)
        if existing is not None:
            raise OutputError(
                f"{folder} already holds reports (such as {existing}); use --force to overwrite "
                "them, or choose an empty folder"
            )


def make_reports_dir(folder: Path) -> None:
    """Make the reports folder if it does not exist (0777 less the umask)."""
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot make {folder}: {error.strerror or error}") from None
