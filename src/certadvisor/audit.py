"""``check-data``'s audit: score every possible profile and report what the rules really do.

A profile is one answer to every question. Unanswered counts as the question's neutral value and
a question hidden by its ``when`` is fixed at neutral, so enumerating the choices of the
questions actually asked covers "unanswered" too without scoring the same profile twice.

The audit checks the data's own principles on every profile: each ``[[expectations]]`` entry
must hold wherever its ``when`` does. It also counts how many profiles each ``[[conflicts]]``
entry covers, and finds unreachable certifications, dead rules and idle questions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .catalog import Catalog
from .engine import Engine, compile_condition


@dataclass(frozen=True)
class Broken:
    """An expectation that fails on some profiles: how many, and the first one found."""

    id: str
    why: str
    count: int
    example: Mapping[str, str]  # the profile's non-neutral answers
    got: str  # what came first there


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

    @property
    def problems(self) -> list[str]:
        """Findings that make ``check-data`` fail, one sentence each."""
        found = [f"{code} is never ranked first by any profile" for code in self.unreachable]
        found += [f"rule {rule!r} never fires" for rule in self.dead_rules]
        found += [f"question {q!r} never changes any ranking" for q in self.idle_questions]
        found += [f"expectation {e!r} covers no profile" for e, n in self.expectations.items() if n == 0]
        found += [
            f"expectation {b.id!r} fails for {b.count:,} profile{'s' if b.count != 1 else ''} "
            f"({b.got} came first); for example: {example_command(b.example)}"
            for b in self.broken
        ]
        return found


def example_command(answers: Mapping[str, str]) -> str:
    """A ready ``certadvisor recommend --set ...`` command for a profile."""
    sets = " ".join(f"--set {q}={v}" for q, v in answers.items())
    return f"certadvisor recommend {sets}".rstrip()


def profiles(engine: Engine) -> Iterator[dict[str, str]]:
    """Every distinct effective profile, depth-first in question order."""
    questions = engine.questions
    current: dict[str, str] = {}

    def walk(index: int) -> Iterator[dict[str, str]]:
        if index == len(questions):
            yield dict(current)
            return
        question = questions[index]
        values = question.values if engine.asked(question.id, current) else (question.neutral,)
        for value in values:
            current[question.id] = value
            yield from walk(index + 1)
        del current[question.id]

    yield from walk(0)


def audit(catalog: Catalog) -> Audit:
    """Enumerate every profile and summarise reachability, dead weight and broken principles."""
    engine = Engine(catalog)
    ids = [q.id for q in engine.questions]
    expectations = [(e, compile_condition(e.when)) for e in catalog.expectations]
    conflicts = [(c.id, compile_condition(c.when)) for c in catalog.conflicts]
    first: Counter[str] = Counter(dict.fromkeys(catalog.certs, 0))
    fires = [0] * len(engine.rules)
    covered: Counter[str] = Counter(dict.fromkeys((e.id for e in catalog.expectations), 0))
    failed: dict[str, list[object]] = {}
    in_conflict: Counter[str] = Counter(dict.fromkeys((c.id for c in catalog.conflicts), 0))
    # A question matters if two profiles that differ only in its answer rank differently.
    seen: list[dict[tuple[str, ...], tuple[str, ...]]] = [{} for _ in ids]
    unsettled = set(range(len(ids)))
    # Rules that read one answer fire wherever that answer is given, so counting answers is
    # enough for them; only the rules that read several answers are evaluated per profile.
    answered: dict[str, Counter[str]] = {q: Counter() for q in ids}
    multi = [(i, r.holds) for i, r in enumerate(engine.rules) if len(r.questions) != 1]
    count = 0
    for profile in profiles(engine):
        count += 1
        ranking = tuple(engine.order(engine.totals(profile)))
        top = ranking[0]
        first[top] += 1
        for question in ids:
            answered[question][profile[question]] += 1
        for index, holds in multi:
            if holds(profile):
                fires[index] += 1
        for expectation, holds in expectations:
            if holds(profile):
                covered[expectation.id] += 1
                if not expectation.allows(top):
                    entry = failed.setdefault(expectation.id, [0, profile, top])
                    entry[0] = int(str(entry[0])) + 1
        for conflict_id, holds in conflicts:
            if holds(profile):
                in_conflict[conflict_id] += 1
        if unsettled:
            values = tuple(profile[q] for q in ids)
            for index in list(unsettled):
                key = values[:index] + values[index + 1 :]
                if seen[index].setdefault(key, ranking) != ranking:
                    unsettled.discard(index)
                    seen[index] = {}  # settled: free the memory
    for index, rule in enumerate(engine.rules):
        if len(rule.questions) == 1:
            (question,) = rule.questions
            fires[index] = sum(n for value, n in answered[question].items() if rule.holds({question: value}))
    rule_ids = [r.rule.id for r in engine.rules]
    fired = dict(zip(rule_ids, fires, strict=True))
    neutral = engine.neutral
    broken = tuple(
        Broken(
            id=e.id,
            why=e.why,
            count=int(str(failed[e.id][0])),
            example={q: v for q, v in _profile(failed[e.id][1]).items() if v != neutral[q]},
            got=str(failed[e.id][2]),
        )
        for e in catalog.expectations
        if e.id in failed
    )
    return Audit(
        profiles=count,
        first_counts=dict(first),
        rule_fires=fired,
        unreachable=tuple(code for code, n in first.items() if n == 0),
        dead_rules=tuple(rule for rule, n in fired.items() if n == 0),
        idle_questions=tuple(ids[i] for i in sorted(unsettled)),
        expectations=dict(covered),
        broken=broken,
        conflicts=dict(in_conflict),
        warnings=reason_warnings(catalog),
    )


def reason_warnings(catalog: Catalog) -> tuple[str, ...]:
    """Reasons shown under one credential that name another credential but not that one."""
    codes = sorted(catalog.certs, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![A-Za-z0-9-])(" + "|".join(re.escape(c) for c in codes) + r")(?![A-Za-z0-9]|-[A-Z0-9])"
    )
    found: list[str] = []
    for rule in catalog.rules:
        for code in rule.points:
            named = set(pattern.findall(rule.reason_for(code)))
            if named and code not in named:
                found.append(
                    f"rule {rule.id!r}: the reason shown under {code} names {', '.join(sorted(named))} "
                    f"but not {code}; give it its own wording with reasons.{code}"
                )
    return tuple(found)


def _profile(value: object) -> dict[str, str]:
    assert isinstance(value, dict)
    return value
