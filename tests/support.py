"""Reference implementations the tests compare the fast paths with: plain loops, no numpy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from certadvisor.core.engine import Engine, compile_condition
from certadvisor.model.catalog import Catalog


def profiles(
    engine: Engine, restrict: Mapping[str, tuple[str, ...]] | None = None
) -> Iterator[dict[str, str]]:
    """Every distinct effective profile, depth-first in question order (optionally with some
    questions narrowed to some values, as ``Grid(restrict=...)`` does)."""
    questions = engine.questions
    current: dict[str, str] = {}

    def walk(index: int) -> Iterator[dict[str, str]]:
        if index == len(questions):
            yield dict(current)
            return
        question = questions[index]
        values = question.values
        if restrict and question.id in restrict:
            values = tuple(v for v in values if v in restrict[question.id])
        if not engine.asked(question.id, current):
            values = (question.neutral,)
        for value in values:
            current[question.id] = value
            yield from walk(index + 1)
        del current[question.id]

    yield from walk(0)


def reference_counts(
    catalog: Catalog, restrict: Mapping[str, tuple[str, ...]] | None = None
) -> dict[str, object]:
    """What the audit counts, profile by profile through the engine."""
    engine = Engine(catalog)
    expectations = [(e, compile_condition(e.when)) for e in catalog.expectations]
    conflicts = [(c.id, compile_condition(c.when)) for c in catalog.conflicts]
    first: Counter[str] = Counter(dict.fromkeys(catalog.certs, 0))
    fires: Counter[str] = Counter(dict.fromkeys((r.rule.id for r in engine.rules), 0))
    covered: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    in_conflict: Counter[str] = Counter()
    count = 0
    for profile in profiles(engine, restrict):
        count += 1
        top = engine.order(engine.totals(profile))[0]
        first[top] += 1
        for rule in engine.rules:
            fires[rule.rule.id] += rule.holds(profile)
        for expectation, holds in expectations:
            if holds(profile):
                covered[expectation.id] += 1
                failed[expectation.id] += not expectation.allows(top)
        for conflict_id, holds in conflicts:
            in_conflict[conflict_id] += holds(profile)
    return {
        "profiles": count,
        "first": dict(first),
        "fires": dict(fires),
        "covered": {e.id: covered[e.id] for e in catalog.expectations},
        "failed": {e.id: failed[e.id] for e in catalog.expectations if failed[e.id]},
        "conflicts": {c.id: in_conflict[c.id] for c in catalog.conflicts},
    }
