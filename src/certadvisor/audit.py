"""``check-data``'s audit: score every possible profile and report what the rules really do.

A profile is one answer to every question. Unanswered counts as the question's neutral value and
a question hidden by its ``when`` is fixed at neutral, so enumerating the choices of the
questions actually asked covers "unanswered" too without scoring the same profile twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .catalog import Catalog
from .engine import Engine


@dataclass(frozen=True)
class Audit:
    """What enumerating every profile found."""

    profiles: int
    first_counts: dict[str, int]
    rule_fires: dict[str, int]
    unreachable: tuple[str, ...]
    dead_rules: tuple[str, ...]
    idle_questions: tuple[str, ...]
    unstable: int  # profiles that ranked differently when scored twice
    errors: tuple[str, ...] = field(default=())

    @property
    def problems(self) -> list[str]:
        """Findings that make ``check-data`` fail, one sentence each."""
        found = [f"{code} is never ranked first by any profile" for code in self.unreachable]
        found += [f"rule {rule!r} never fires" for rule in self.dead_rules]
        found += [f"question {q!r} never changes any ranking" for q in self.idle_questions]
        if self.unstable:
            found.append(f"{self.unstable} profiles ranked differently when scored twice")
        found += list(self.errors)
        return found


def profiles(engine: Engine) -> Iterator[dict[str, str]]:
    """Every distinct effective profile, depth-first in question order."""
    questions = engine.questions
    whens = [engine.when_by_id[q.id] for q in questions]
    current: dict[str, str] = {}

    def walk(index: int) -> Iterator[dict[str, str]]:
        if index == len(questions):
            yield dict(current)
            return
        question = questions[index]
        when = whens[index]
        values = question.values if when is None or when(current) else (question.neutral,)
        for value in values:
            current[question.id] = value
            yield from walk(index + 1)
        del current[question.id]

    yield from walk(0)


def audit(catalog: Catalog) -> Audit:
    """Enumerate every profile, scoring each twice, and summarise reachability and dead weight."""
    engine = Engine(catalog)
    ids = [q.id for q in catalog.questions]
    first: Counter[str] = Counter(dict.fromkeys(catalog.certs, 0))
    fires: Counter[str] = Counter({rule.id: 0 for rule in catalog.rules})
    # For each question: the ranking seen for every profile that differs only in that question.
    seen_by_question: list[dict[tuple[str, ...], tuple[str, ...]]] = [{} for _ in ids]
    matters = [False] * len(ids)
    unstable = 0
    errors: list[str] = []
    count = 0
    for profile in profiles(engine):
        count += 1
        try:
            effective = engine.effective(profile)
            ranking = tuple(engine.order(engine.totals(effective)))
            # Again, from the answers in reverse key order: key order must not matter.
            again = engine.rank_codes(dict(reversed(list(profile.items()))))
        except Exception as error:  # an audit reports; it does not stop at the first failure
            if len(errors) < 5:
                errors.append(f"profile {profile} failed to score: {error!r}")
            continue
        if again != ranking:
            unstable += 1
        first[ranking[0]] += 1
        for rule, holds, _questions, _points in engine.rules:
            if holds(effective):
                fires[rule.id] += 1
        values = tuple(profile[q] for q in ids)
        for index in range(len(ids)):
            if matters[index]:
                continue
            key = values[:index] + values[index + 1 :]
            previous = seen_by_question[index].setdefault(key, ranking)
            if previous != ranking:
                matters[index] = True
                seen_by_question[index] = {}  # settled: free the memory
    return Audit(
        profiles=count,
        first_counts=dict(first),
        rule_fires=dict(fires),
        unreachable=tuple(code for code, n in first.items() if n == 0),
        dead_rules=tuple(rule for rule, n in fires.items() if n == 0),
        idle_questions=tuple(q for q, m in zip(ids, matters, strict=True) if not m),
        unstable=unstable,
        errors=tuple(errors),
    )
