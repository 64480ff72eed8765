"""The one place the outside world is read: streams, terminals, colour, width, variables, today.

Made once at the edge (``Environment.from_process``) and handed to the commands, so nothing
deeper looks at ``sys`` or ``os.environ`` for these, and a test builds an ``Environment`` (see
httpie's ``Environment`` and its ``MockEnvironment``) instead of patching functions.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple, TextIO

# The variables certadvisor reads; anything else in the process environment is ignored.
VARIABLES = (
    "CERTADVISOR_DATA",
    "CERTADVISOR_CACHE_DIR",
    # Where the catalog cache goes when CERTADVISOR_CACHE_DIR is not set (see load.cache).
    "XDG_CACHE_HOME",
    "HOME",
    "LOCALAPPDATA",
    "CERTADVISOR_PAGER",
    "PAGER",
    "LESS",
    "NO_COLOR",
    "TERM",
    "ACCESSIBLE",
    "COLUMNS",
)


def available_cpus() -> int:
    """CPUs this process may run on (a container or `taskset` can allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _isatty(stream: TextIO | None) -> bool:
    # A stream closed at start-up (`>&-`) is None; one that cannot tell is not a terminal.
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class Environment(NamedTuple):
    """What the process was started with, read once."""

    stdin: TextIO | None
    stdout: TextIO | None
    stderr: TextIO | None
    stdin_isatty: bool
    stdout_isatty: bool
    stderr_isatty: bool
    today: dt.date
    variables: Mapping[str, str] = MappingProxyType({})
    # How many CPUs a batch may spread its workers over.
    cpus: int = 1

    @classmethod
    def from_process(cls) -> Environment:
        """The real environment of this process."""
        return cls(
            stdin=sys.stdin,
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin_isatty=_isatty(sys.stdin),
            stdout_isatty=_isatty(sys.stdout),
            stderr_isatty=_isatty(sys.stderr),
            variables={name: os.environ[name] for name in VARIABLES if name in os.environ},
            today=dt.date.today(),
            cpus=available_cpus(),
        )

    def get(self, name: str, default: str = "") -> str:
        """One of the variables certadvisor reads, or ``default``."""
        return self.variables.get(name, default)

    @property
    def colour(self) -> bool:
        """Colour only on a terminal, and never with a non-empty NO_COLOR (no-color.org)."""
        return self.stdout_isatty and not self.get("NO_COLOR") and self.get("TERM") != "dumb"

    @property
    def accessible(self) -> bool:
        """Numbered line prompts instead of redrawn menus: ACCESSIBLE set, or a dumb terminal."""
        return self.get("ACCESSIBLE").strip() not in ("", "0") or self.get("TERM") == "dumb"

    def can_prompt(self, *, prompts_to_stderr: bool = False) -> bool:
        """True when questions can be asked: a terminal to read from and one to show them on."""
        shown = self.stderr_isatty if prompts_to_stderr else self.stdout_isatty
        return self.stdin_isatty and shown
