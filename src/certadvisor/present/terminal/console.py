"""The console every screen draws on: its width, its borders, links, and clean piped text.

Rich already honours a non-empty NO_COLOR, drops escape codes and uses 80 columns when output is
not a terminal. On top of that we use ASCII borders off a terminal (pipes, files, TERM=dumb), and
below ``MIN_WIDTH`` every screen is plain ``label: value`` lines rather than tables (see
``layout``).
"""

from __future__ import annotations

import os
import re
from typing import IO, TYPE_CHECKING, TextIO, cast

from rich import box
from rich.console import Console

if TYPE_CHECKING:
    from certadvisor.env import Environment


# Below 60 columns a table's main column gets under about 20 cells (a word or two a line), so
# every screen is plain `label: value` lines; from 60 a table is drawn where every column can hold
# its longest word.
MIN_WIDTH = 60
# COLUMNS above this is a mistake (no terminal is that wide), not a width to pad every line to.
MAX_COLUMNS = 1000


def make_console(env: Environment, *, stderr: bool = False) -> Console:
    """A console for stdout (or stderr) that follows the terminal's abilities."""
    stream = env.stderr if stderr else env.stdout
    width = screen_width(env.variables.get("COLUMNS"))
    terminal = env.stderr_isatty if stderr else env.stdout_isatty
    if stream is None or terminal:  # None: started with the stream closed (`>&-`)
        return Console(stderr=stderr, highlight=False, emoji=False, width=width)
    # rich needs only write, flush and isatty of its file.
    return Console(file=cast(IO[str], _TrimmedLines(stream)), highlight=False, emoji=False, width=width)


def screen_width(columns: str | None) -> int | None:
    """The width to draw at: COLUMNS when it is a width from 1 to MAX_COLUMNS, None (rich asks the
    terminal, else 80) when unset, and the same as unset when zero, not a number or absurd."""
    # rich takes COLUMNS=0 as a width of 0 and prints nothing at all, and 99999 as 99999.
    if columns is None or not columns.strip():
        return None
    value = columns.strip()
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_COLUMNS:
        return int(value)
    return _terminal_width()


def _terminal_width() -> int:
    """What rich would use without COLUMNS: the first of stdin, stdout, stderr that is a terminal
    (an 80 for one that reports 0, as a pseudo-terminal can), else 80."""
    for descriptor in (0, 1, 2):
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (OSError, ValueError):
            continue
    return 80


def narrow(console: Console) -> bool:
    """True below MIN_WIDTH, where screens are plain `label: value` lines rather than tables."""
    return console.width < MIN_WIDTH


class _TrimmedLines:
    """Output that is not a terminal, without the spaces rich leaves at the ends of lines (it
    pads table cells and keeps the space a line was wrapped at): piped text diffs and pastes
    cleanly. Everything else passes through."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_TRAILING_SPACES.sub("", text))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    def fileno(self) -> int:
        return self._stream.fileno()


_TRAILING_SPACES = re.compile(r" +(?=\n)")


def border(console: Console) -> box.Box:
    """Rounded borders on a terminal; ASCII ones in a pipe, a file or on TERM=dumb."""
    plain = not console.is_terminal or console.is_dumb_terminal  # TERM=dumb or unknown
    return box.ASCII2 if plain else box.ROUNDED


def links_on(console: Console) -> bool:
    """True when URLs are drawn as OSC 8 hyperlinks: a terminal with colour allowed (not
    NO_COLOR, not TERM=dumb, not a pipe or file), where rich writes them."""
    return console.is_terminal and not console.no_color and console.color_system is not None
