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
from .engine import BASE_SCORE, Engine


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
    """Enumerate every profile, scoring each twice, and summarise reachability and dead weight.

    The two scorings take different routes, so they check each other: a depth-first walk that
    adds each answer's points as it goes (single-question rules are precomputed per value), and
    the engine's own ``rank_codes`` from the answers in reverse key order.
    """
    engine = Engine(catalog)
    questions = engine.questions
    ids = [q.id for q in questions]
    whens = [engine.when_by_id[q.id] for q in questions]
    rule_ids = [rule.id for rule, _holds, _questions, _points in engine.rules]
    multi = sorted({i for q in ids for i in engine.multi_rules[q]})
    multi_rules = [(i, engine.rules[i][1], engine.rules[i][3]) for i in multi]
    # Which single-question rules fire for each (question, value): counted per subtree.
    single_fires = {
        q.id: {
            v: [
                i
                for i in range(len(rule_ids))
                if i not in multi and engine.rules[i][2] == {q.id} and engine.rules[i][1]({q.id: v})
            ]
            for v in q.values
        }
        for q in questions
    }
    first: Counter[str] = Counter(dict.fromkeys(catalog.certs, 0))
    fires = [0] * len(rule_ids)
    seen_by_question: list[dict[tuple[str, ...], tuple[str, ...]]] = [{} for _ in ids]
    matters = [False] * len(ids)
    unsettled = set(range(len(ids)))  # questions not yet seen to change a ranking
    state = {"count": 0, "unstable": 0}
    errors: list[str] = []
    current: dict[str, str] = {}

    def leaf(totals: dict[str, int]) -> None:
        state["count"] += 1
        try:
            for index, holds, points in multi_rules:
                if holds(current):
                    fires[index] += 1
                    for code, amount in points:
                        totals[code] += amount
            ranking = tuple(engine.order(totals))
            again = engine.rank_codes(dict(reversed(list(current.items()))))
        except Exception as error:  # an audit reports every failure; it does not stop at one
            if len(errors) < 5:
                errors.append(f"profile {dict(current)} failed to score: {error!r}")
            return
        if again != ranking:
            state["unstable"] += 1
        first[ranking[0]] += 1
        if not unsettled:
            return
        values = tuple(current[q] for q in ids)
        for index in list(unsettled):
            key = values[:index] + values[index + 1 :]
            previous = seen_by_question[index].setdefault(key, ranking)
            if previous != ranking:
                matters[index] = True
                unsettled.discard(index)
                seen_by_question[index] = {}  # settled: free the memory

    def walk(index: int, totals: dict[str, int]) -> None:
        if index == len(questions):
            leaf(dict(totals))
            return
        question = questions[index]
        when = whens[index]
        values = question.values if when is None or when(current) else (question.neutral,)
        for value in values:
            current[question.id] = value
            below = dict(totals)
            for code, amount in engine.value_points[question.id][value]:
                below[code] += amount
            before = state["count"]
            walk(index + 1, below)
            for rule_index in single_fires[question.id][value]:
                fires[rule_index] += state["count"] - before
        del current[question.id]

    walk(0, dict.fromkeys(engine.codes, BASE_SCORE))
    fired = dict(zip(rule_ids, fires, strict=True))
    return Audit(
        profiles=state["count"],
        first_counts=dict(first),
        rule_fires=fired,
        unreachable=tuple(code for code, n in first.items() if n == 0),
        dead_rules=tuple(rule for rule, n in fired.items() if n == 0),
        idle_questions=tuple(q for q, m in zip(ids, matters, strict=True) if not m),
        unstable=state["unstable"],
        errors=tuple(errors),
    )
