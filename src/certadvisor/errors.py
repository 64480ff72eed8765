"""The one error type a user can cause, and its exit code.

Everything the core raises for bad input derives from ``CertAdvisorError``; the CLI turns it
into a single line on stderr and an exit code in one place (``cli._handled``), so no traceback
ever reaches a user for something they did.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import IntEnum


class ExitStatus(IntEnum):
    """certadvisor's exit codes."""

    SUCCESS = 0
    FAILURE = 1  # the command ran but found problems (a failed batch line, an audit finding)
    USAGE = 2  # bad input, bad data file, bad option: the caller must change something
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


class CertAdvisorError(Exception):
    """An error caused by the user's input or data, with a message written for them."""

    exit_code: ExitStatus = ExitStatus.USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        # Control characters are escaped here, the last step before the terminal, so a message
        # quoting a hostile file name, key or value can never put an escape code on the screen.
        text = self.message if self.hint is None else f"{self.message}\n{self.hint}"
        return escape_controls(text, keep="\n\t")


class DataError(CertAdvisorError):
    """The data file is missing, malformed or fails validation."""


class AnswersError(CertAdvisorError):
    """An answers file, ``--set`` value or batch line is not acceptable."""


class UnknownCodeError(CertAdvisorError):
    """A certification code that is not in the data."""


class WorkerError(CertAdvisorError):
    """A batch worker process stopped without finishing (killed, or out of memory)."""

    exit_code = ExitStatus.FAILURE


class OutputError(CertAdvisorError):
    """A file certadvisor was asked to write cannot be written (or would be overwritten)."""


class StdoutError(OutputError):
    """Standard output cannot be written (a full disk, a closed stdout): one line, exit 1."""

    exit_code = ExitStatus.FAILURE


# A value quoted in a message is cut to this many characters: enough to recognise it, and a
# 10 MB value costs no more than a short one.
SHOWN_CHARACTERS = 60
# "Did you mean" is offered only for a word of plausible length: longer than this many
# characters past the longest choice, it is no misspelling, and comparing it would cost time.
SUGGEST_SLACK = 10

# C0 controls, DEL and C1 controls: anything a terminal may act on rather than show.
_CONTROLS = frozenset(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0)))


def escape_controls(text: str, *, keep: str = "") -> str:
    """``text`` with every control character (except those in ``keep``) written as an escape
    (``\\x1b``), so that printing it can never drive the terminal."""
    if not any(char in _CONTROLS and char not in keep for char in text):
        return text
    return "".join(char if char not in _CONTROLS or char in keep else f"\\x{ord(char):02x}" for char in text)


def shown(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A value quoted for a message, like ``repr``: control characters escaped, and cut to
    ``limit`` characters with "…" so that a huge value makes a short message."""
    if isinstance(value, str):
        cut = value[:limit]
        text = repr(cut)
        if len(value) > limit:
            text = text[:-1] + "…" + text[-1]
        return escape_controls(text)
    try:
        text = escape_controls(repr(value))
    except ValueError:  # an integer with more digits than Python will print
        text = f"<a {type(value).__name__} too long to show>"
    return text if len(text) <= limit else text[:limit] + "…"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean X?)' for the closest choice, or '' when nothing is close.

    A word much longer than every choice is not a misspelling of one: no suggestion, and no
    comparison, whose cost grows with the word's length.
    """
    options = list(choices)
    if not options or len(word) > max(map(len, options)) + SUGGEST_SLACK:
        return ""
    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[close[0]]}?)" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """Format allowed values for a message: 'a, b or c'."""
    items = list(choices)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
