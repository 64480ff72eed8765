"""A one-line progress indicator on standard error, for work that takes more than a moment.

Shown only when the caller says stderr is a terminal (``Environment.stderr_isatty``): never on a
pipe or in a file, where "\\r" would only leave debris in a log. It is plain text that redraws
itself with "\\r" (no colour, no cursor codes: NO_COLOR and TERM=dumb terminals are served as
well as any), ASCII only (a LANG=C terminal shows it too), cut to the terminal's width so it
never wraps, and wiped when the work ends, so the command's own output starts on a clean line.
A stderr that fails to write turns the indicator off; it never stops the command.

``Progress`` draws what it is told (``show``), at most every ``INTERVAL`` seconds; ``spinning``
also keeps it moving from a background thread while one long call runs (the audit's scoring,
which reports nothing as it goes).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

FRAMES = "|/-\\"
# Seconds between two redraws: often enough to look alive, rarely enough to cost nothing.
INTERVAL = 0.1
# The width when the terminal cannot say.
FALLBACK_WIDTH = 80


def terminal_width(stream: TextIO) -> int:
    """The width of the terminal ``stream`` writes to, else ``FALLBACK_WIDTH``."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or FALLBACK_WIDTH
    except (AttributeError, ValueError, OSError):
        return FALLBACK_WIDTH


class Progress:
    """The indicator: ``show`` a line (throttled), ``clear`` it when done. Off when ``enabled``
    is false or ``stream`` is None: then every call does nothing."""

    def __init__(
        self,
        stream: TextIO | None,
        *,
        enabled: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream if enabled else None
        # One column short of the edge: a line that fills the last column wraps on some terminals.
        self._width = max(terminal_width(self._stream) - 1, 10) if self._stream is not None else 0
        self._clock = clock
        self._drawn = 0  # characters on the line now
        self._last = float("-inf")
        self._frame = 0
        # The spinner's thread and the caller both draw.
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self._stream is not None

    def show(self, text: str, *, now: bool = False) -> None:
        """Draw ``text`` after a turning spinner, unless the last redraw was under ``INTERVAL``
        seconds ago (``now`` draws regardless)."""
        if self._stream is None:
            return
        with self._lock:
            moment = self._clock()
            if not now and moment - self._last < INTERVAL:
                return
            self._last = moment
            line = f"{FRAMES[self._frame % len(FRAMES)]} {text}"[: self._width]
            self._frame += 1
            # Spaces wipe the end of a longer line drawn before.
            self._write("\r" + line + " " * max(self._drawn - len(line), 0))
            self._drawn = len(line)

    def clear(self) -> None:
        """Wipe the line, leaving the cursor at its start."""
        with self._lock:
            if self._stream is not None and self._drawn:
                self._write("\r" + " " * self._drawn + "\r")
            self._drawn = 0

    def _write(self, text: str) -> None:
        assert self._stream is not None
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            self._stream = None


@contextmanager
def spinning(progress: Progress, text: str) -> Iterator[Callable[[str], None]]:
    """Show ``text`` with the seconds it has taken, kept moving while the block runs, and wipe
    it afterwards (also when the block fails). The block is given a function that changes the
    text, for the next stage of the work."""
    label = [text]

    def relabel(new: str) -> None:
        label[0] = new
        progress.show(new, now=True)

    if not progress.enabled:
        yield relabel
        return
    started = time.monotonic()
    progress.show(text, now=True)
    done = threading.Event()

    def turn() -> None:
        while not done.wait(INTERVAL):
            seconds = time.monotonic() - started
            progress.show(f"{label[0]} {seconds:.0f}s" if seconds >= 1 else label[0])

    thread = threading.Thread(target=turn, name="certadvisor-progress", daemon=True)
    thread.start()
    try:
        yield relabel
    finally:
        done.set()
        thread.join()
        progress.clear()


class Tally:
    """Counts the work done as it is reported (``add``) and shows the count, once there is
    enough of it to be worth showing: a short batch finishes before anyone would look."""

    def __init__(self, progress: Progress, text: str, *, after: int) -> None:
        self._progress = progress
        self._text = text  # with {:,} where the count goes
        self._after = after
        self.done = 0

    def add(self, count: int) -> None:
        self.done += count
        if self.done >= self._after:
            self._progress.show(self._text.format(self.done))
