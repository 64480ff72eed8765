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
        return self.message if self.hint is None else f"{self.message}\n{self.hint}"


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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean X?)' for the closest choice, or '' when nothing is close."""
    options = list(choices)
    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[close[0]]}?)" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """Format allowed values for a message: 'a, b or c'."""
    items = list(choices)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
