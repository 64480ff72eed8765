"""Long terminal output through a pager, as git and gh do it.

Which pager (``choose_pager``, a pure function of the environment):

1. None when stdout is not a terminal, for ``--json``, and with ``--no-pager``.
2. ``CERTADVISOR_PAGER`` if it is set, then ``PAGER``; either one empty or ``cat`` means no
   pager. The value is split like a shell word list (``shlex``), not run through a shell.
3. Otherwise ``less -R`` when ``less`` is on the PATH, else no pager.

When the pager is ``less`` and the user has not set ``LESS``, it runs with ``LESS=FRX``: quit at
once if the text fits one screen (F), pass colour codes through (R), and leave the text on the
screen afterwards (X).

``page`` then runs it: the text goes to the pager's standard input. A pager that cannot be
started, or that exits with an error status (``PAGER='less -R; touch x'`` runs ``less`` with a
``-R;`` option it refuses, having shown nothing), is reported in one line on stderr and the
text is printed to stdout instead: output is never lost silently. Quitting the pager early (a
closed pipe) is quiet; Ctrl-C while paging is left to the pager, and certadvisor waits for it to
finish so that the terminal is never handed back half-way.
"""

from __future__ import annotations

import errno
import os
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, TextIO

from certadvisor.text import escape_controls

PAGER_ENV = "CERTADVISOR_PAGER"
DEFAULT_PAGER = ("less", "-R")
LESS_FLAGS = "FRX"
NO_PAGER_VALUES = frozenset({"", "cat"})
# A pager setting is the user's own, but it is shown whole only up to this length.
MAX_SHOWN_COMMAND = 200


@dataclass(frozen=True)
class Pager:
    """A pager to run: its argv, and the variables to add to the environment it runs in."""

    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)


def choose_pager(
    env: Mapping[str, str],
    *,
    stdout_is_tty: bool,
    json: bool,
    no_pager: bool,
    which: Callable[[str], str | None] | None = None,
) -> Pager | None:
    """The pager to run for long output, or None to write straight to stdout.

    ``env`` is the environment to read (``os.environ`` in the CLI); ``which`` looks a program up
    on the PATH (``shutil.which`` unless a test passes its own).
    """
    if no_pager or json or not stdout_is_tty:
        return None
    argv: tuple[str, ...]
    for name in (PAGER_ENV, "PAGER"):
        if name in env:
            argv = _split(env[name])
            if not argv or argv == ("cat",):
                return None
            break
    else:
        if which is None:
            import shutil

            which = shutil.which
        if which(DEFAULT_PAGER[0]) is None:
            return None
        argv = DEFAULT_PAGER
    extra = {"LESS": LESS_FLAGS} if _is_less(argv[0]) and "LESS" not in env else {}
    return Pager(argv, extra)


def _split(value: str) -> tuple[str, ...]:
    """A pager setting as argv: shell-style words; unbalanced quotes fall back to plain words."""
    if value.strip() in NO_PAGER_VALUES:
        return ()
    try:
        return tuple(shlex.split(value))
    except ValueError:
        return tuple(value.split())


def _is_less(program: str) -> bool:
    name = PurePath(program).name.lower()
    return name.removesuffix(".exe") == "less"


def page(
    text: str,
    pager: Pager,
    *,
    stdout: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    stderr: TextIO | None = None,
) -> None:
    """Show ``text`` through ``pager``, waiting until the user leaves it.

    ``stdout`` (default ``sys.stdout``) receives the text when the pager cannot be started or
    fails, and ``stderr`` (default ``sys.stderr``) the one line that says so; ``environ``
    (default ``os.environ``) is the environment the pager's own variables are added to.
    """
    out = stdout if stdout is not None else sys.stdout
    _flush(out)  # anything printed before must appear before the pager takes the screen
    try:
        process = subprocess.Popen(
            list(pager.argv),
            stdin=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env={**(os.environ if environ is None else environ), **pager.env},
        )
    except (OSError, ValueError) as error:
        # Not found, not executable, or a NUL in the command: show the text without a pager.
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not a command"
        _unpaged(text, pager, f"could not be started ({reason})", out, stderr)
        return
    with _sigint_ignored():
        try:
            _feed(process, text)
        finally:
            _wait(process)
    # An error status means the pager refused to run (a bad option, a file it cannot open):
    # what it showed, if anything, is not the text. Killed by a signal (negative) is the
    # user's doing, and quitting early is status 0.
    if process.returncode > 0:
        _unpaged(text, pager, f"exited with status {process.returncode}", out, stderr)


def _unpaged(text: str, pager: Pager, what: str, out: TextIO, stderr: TextIO | None) -> None:
    """The text straight to ``out``, after one line on stderr saying why."""
    err = stderr if stderr is not None else sys.stderr
    command = escape_controls(shlex.join(pager.argv))
    if len(command) > MAX_SHOWN_COMMAND:
        command = command[:MAX_SHOWN_COMMAND] + "…"
    try:
        err.write(f"warning: the pager {command} {what}; showing the text without it\n")
        _flush(err)
    except (OSError, ValueError):
        pass  # no stderr to tell: the text itself still goes out
    out.write(text)
    _flush(out)


def show(
    text: str,
    *,
    no_pager: bool = False,
    json: bool = False,
    stdout: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] | None = None,
) -> None:
    """Write ``text`` to stdout, through a pager when ``choose_pager`` picks one."""
    out = stdout if stdout is not None else sys.stdout
    env = os.environ if environ is None else environ
    pager = choose_pager(env, stdout_is_tty=_isatty(out), json=json, no_pager=no_pager, which=which)
    if pager is None:
        out.write(text)
        _flush(out)
    else:
        page(text, pager, stdout=out, environ=env)


def _feed(process: subprocess.Popen[str], text: str) -> None:
    """Write the text and close the pipe; a pager that quit early (closed pipe) is not an error."""
    assert process.stdin is not None
    try:
        process.stdin.write(text)
    except KeyboardInterrupt:
        pass  # Ctrl-C before the handler was in place: stop writing, let the pager finish
    except OSError as error:
        if not _closed_pipe(error):
            raise
    try:
        process.stdin.close()
    except OSError as error:  # flushing the last buffered text into a closed pipe
        if not _closed_pipe(error):
            raise


def _closed_pipe(error: OSError) -> bool:
    # EINVAL is how Windows reports a write to a pipe whose reader has gone.
    return isinstance(error, BrokenPipeError) or error.errno in (errno.EPIPE, errno.EINVAL)


def _wait(process: subprocess.Popen[str]) -> None:
    """Wait for the pager, whatever Ctrl-C does meanwhile: the pager owns the terminal."""
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:
            continue


class _sigint_ignored:
    """Ignore SIGINT in this process while the pager runs (main thread only).

    The pager is already started, so it keeps its own handling (less uses Ctrl-C to stop a
    search; a pager that dies of it ends the pipe, which ``_feed`` takes quietly).
    """

    def __enter__(self) -> None:
        self.active = threading.current_thread() is threading.main_thread()
        if self.active:
            self.before: Any = signal.getsignal(signal.SIGINT)
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    def __exit__(self, *exc: object) -> None:
        if self.active:
            # None: a handler not installed from Python; the default is the closest we can restore.
            signal.signal(signal.SIGINT, signal.SIG_DFL if self.before is None else self.before)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _flush(stream: TextIO) -> None:
    try:
        stream.flush()
    except (OSError, ValueError):
        pass
