"""The one error type a user can cause, and its exit code.

Everything the core raises for bad input derives from ``CertAdvisorError``; the CLI turns it
into a single line on stderr and an exit code in one place (``cli.context.handled``), so no traceback
ever reaches a user for something they did.
"""

from __future__ import annotations

from enum import IntEnum

from certadvisor.text import escape_controls


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


def missing_module_message(error: ImportError) -> str:
    """The one line for a part of the program that could not be imported at run time.

    Commands import most of the program lazily, so a package upgraded or removed while one runs
    (a long quiz) fails at that import. That is not the user's doing, and a traceback would not
    help them: what happened, and what to do.
    """
    name = escape_controls(error.name or str(error) or "unknown")
    return (
        f"certadvisor: a part of the program is missing (module {name}); it may have been upgraded "
        "or removed while running: run the command again or reinstall"
    )
