"""What ``check-data``'s audit finds (``fast.audit`` scores every profile to find it): the
record, its failures in words, and reasons worded for the wrong credential."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from certadvisor.core.audited import HeldQuestion
from certadvisor.core.points import resolved_rules
from certadvisor.model.catalog import Catalog
from certadvisor.text import plural


@dataclass(frozen=True)
class Broken:
    """An expectation that fails on some profiles: how many, and the first one found."""

    id: str
    why: str
    count: int
    example: Mapping[str, str]  # the profile's non-neutral answers
    got: str  # what came first there


@dataclass(frozen=True)
class Overconfident:
    """Profiles advised, with high confidence, a credential whose hard prerequisite their
    answers do not show is met: how many, and the first one found."""

    count: int
    example: Mapping[str, str]  # the profile's non-neutral answers
    got: str  # the credential it was advised


@dataclass(frozen=True)
class Audit:
    """What enumerating every profile found."""

    profiles: int
    first_counts: dict[str, int]
    rule_fires: dict[str, int]
    unreachable: tuple[str, ...]
    dead_rules: tuple[str, ...]
    idle_questions: tuple[str, ...]
    expectations: dict[str, int]  # profiles each expectation covers
    broken: tuple[Broken, ...]
    conflicts: dict[str, int]  # profiles each conflict covers
    warnings: tuple[str, ...]  # worth a look, but not failures
    sampled: bool = False  # True when only a sample of the profiles was scored
    # Eligibility honesty: profiles whose pick has a requirement their answers do not show is
    # met, how many of them the engine was asked for its confidence (the rest cannot be high),
    # and those it advised with high confidence.
    unmet_requirements: int = 0
    requirement_checks: int = 0
    overconfident: Overconfident | None = None
    # Questions no scoring condition reads, held at their neutral value (``core.audited``).
    held: tuple[HeldQuestion, ...] = ()
    # The data file the example commands name with --data: the one checked, when it is not the
    # shipped file (None), so that a pasted example scores the same data.
    data: Path | None = None

    @property
    def problems(self) -> list[str]:
        """Findings that make ``check-data`` fail, one sentence each.

        A sampled audit proves only what it found: a failing expectation. That something never
        happens (a dead rule, an unreachable credential) needs every profile.
        """
        # A question no condition reads is known from the data alone, sample or not.
        found = [
            f"question {q.id!r} is read by no condition: it never changes anything"
            for q in self.held
            if not q.read_by
        ]
        if self.overconfident is not None:
            found.append(self._overconfident(self.overconfident, self.data))
        if self.sampled:
            return [*found, *(self._broken(b, self.data) for b in self.broken)]
        found += [f"{code} is never ranked first by any profile" for code in self.unreachable]
        found += [f"rule {rule!r} never fires" for rule in self.dead_rules]
        found += [f"question {q!r} never changes any ranking" for q in self.idle_questions]
        found += [f"expectation {e!r} covers no profile" for e, n in self.expectations.items() if n == 0]
        found += [self._broken(b, self.data) for b in self.broken]
        return found

    @staticmethod
    def _overconfident(o: Overconfident, data: Path | None) -> str:
        return (
            f"eligibility honesty: {plural(o.count, 'profile')} {'is' if o.count == 1 else 'are'} "
            "advised with high confidence a credential whose requirement the answers do not show "
            f"is met; for example ({o.got}): {example_command(o.example, data)}"
        )

    @staticmethod
    def _broken(b: Broken, data: Path | None) -> str:
        return (
            f"expectation {b.id!r} fails for {plural(b.count, 'profile')} "
            f"({b.got} came first); for example: {example_command(b.example, data)}"
        )


def example_command(answers: Mapping[str, str], data: Path | None = None) -> str:
    """A ready ``certadvisor recommend [--data FILE] --set ...`` command for a profile.

    Every word is shell-quoted: the file's name and the data's values are whatever a data file's
    author wrote, and the command is meant to be pasted into a shell.
    """
    words = ["--data", str(data)] if data is not None else []
    for question, value in answers.items():
        words += ["--set", f"{question}={value}"]
    return " ".join(["certadvisor", "recommend", *(shlex.quote(word) for word in words)])


def reason_warnings(catalog: Catalog) -> tuple[str, ...]:
    """Reasons shown under one credential that name another credential but not that one."""
    codes = sorted(catalog.certs, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![A-Za-z0-9-])(" + "|".join(re.escape(c) for c in codes) + r")(?![A-Za-z0-9]|-[A-Z0-9])"
    )
    found: list[str] = []
    # A rule's one reason usually stands under every code it scores: it is read once.
    read: dict[str, set[str]] = {}
    for rule in resolved_rules(catalog):
        for code in rule.points:
            reason = rule.reason_for(code)
            named = read.get(reason)
            if named is None:
                named = read[reason] = set(pattern.findall(reason))
            if named and code not in named:
                found.append(
                    f"rule {rule.id!r}: the reason shown under {code} names {', '.join(sorted(named))} "
                    f"but not {code}; give it its own wording with reasons.{code}"
                )
    return tuple(found)
