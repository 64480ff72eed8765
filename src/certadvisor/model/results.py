"""What the advice engine gives back: an explained ranking, confidence, what-ifs and next steps.

Plain records, built by ``core`` (``core.rules`` ranks, ``core.advice`` assesses, ``core.whatif``
searches) and read by ``present`` and the batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from certadvisor.model.records import CareerPath, Conflict, Requirement, StartingPoint, Step

Changes = tuple[tuple[str, str], ...]  # (question id, new value) pairs


class Reason(NamedTuple):
    """A rule that fired for one certification, with its signed points."""

    rule: str
    text: str
    points: int


class Ranked(NamedTuple):
    """One certification's place in a ranking."""

    code: str
    score: int  # 0..100
    total: int  # uncapped: BASE_SCORE plus all points
    reasons: tuple[Reason, ...]
    matched: bool  # the answers speak for it (net points above zero)
    held: bool = False  # the person already holds it: shown as held, never recommended


class WhatIf(NamedTuple):
    """A smallest change to preference answers that would put another certification first."""

    changes: Changes
    leader: str
    margin: int


class Deciding(NamedTuple):
    """An unanswered question whose answer would change the pick, and the picks it could lead to."""

    question: str
    leaders: tuple[str, ...]


class Confidence(NamedTuple):
    """How sure the advice is: ``level`` is low, medium or high; ``reasons`` are stable codes."""

    level: str
    reasons: tuple[str, ...]


class Situation(NamedTuple):
    """What these answers show the person already has ([advice.standing] in the data): the
    bodies whose dues they pay already, and the certifications whose required programme is done
    (or in its final term), and those whose exam is passed but not yet full (an apprentice's).
    Cost sheets and plans start from here."""

    members: frozenset[str] = frozenset()
    education_done: frozenset[str] = frozenset()
    exam_passed: frozenset[str] = frozenset()  # certifications whose exam is behind them (CPC-A)


class Result(NamedTuple):
    """The full, explained outcome for one set of answers."""

    answers: Mapping[str, str]  # as given (validated)
    effective: Mapping[str, str]  # every question, neutral where unanswered or skipped
    ranking: tuple[Ranked, ...]
    recommendation: str
    margin: int
    tie_break: str | None  # set when an exact tie was settled by the tie order
    tied_with: tuple[str, ...]  # matched certifications within the near-tie margin of the pick
    confidence: Confidence
    conflicts: tuple[Conflict, ...]
    deciding: tuple[Deciding, ...]  # filled when confidence is low
    requirement: Requirement | None  # the pick's hard prerequisite, when the answers do not meet it
    starting_point: StartingPoint | None  # when no credential is matched: the usual first step
    what_if: tuple[WhatIf, ...]
    next_steps: tuple[Step, ...]
    ignored: tuple[str, ...]  # answered questions that were skipped by their `when`
    path: CareerPath | None = None  # the plan for the recommendation, when the data has paths
    situation: Situation = Situation()
