"""An independent oracle the tests compare the engine and the grid with: plain loops, no numpy.

The oracle reads the catalog's parsed ``Condition`` trees with its own small evaluator
(``oracle_holds``) and adds up the rules' points itself. It calls neither the compiled form
(``conditions.compile_condition``, ``Condition.holds``) nor the rule set (``core.rules``), so a
mistake shared by the engine and the grid cannot pass unseen. Points a rule takes from the cost
facts (``points_from``) are worked out by the cost model, ``cost.scaled_points``, which is not
what these tests check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from certadvisor.core.cost import scaled_points
from certadvisor.core.engine import Engine
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import Condition
from certadvisor.model.records import Rule

BASE = 50  # every certification's starting total, as the README says
HELD = -1_000_000  # the total of a credential the person already holds: last, never first


def oracle_holds(condition: Condition, answers: Mapping[str, str]) -> bool:
    """A condition over some answers, read straight from its parsed tree (as the README says
    the language means): a test holds when the answer is one of its values, ``all`` when every
    part holds, ``any`` when some part does, ``not`` when its part does not; no condition
    always holds. An unanswered question's answer is none of its values."""
    kind = str(condition.kind)
    if kind in ("equals", "one_of"):
        return condition.question in answers and answers[condition.question] in condition.values
    if kind == "all":
        return all(oracle_holds(part, answers) for part in condition.parts)
    if kind == "any":
        return any(oracle_holds(part, answers) for part in condition.parts)
    if kind == "not":
        return not oracle_holds(condition.parts[0], answers)
    assert kind == "always", kind
    return True


class Oracle:
    """One catalog's scoring, worked out profile by profile from its conditions and points."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.advice = catalog.advice
        self.codes = list(catalog.advice.tie_order if catalog.advice else catalog.certs)
        open_to_all = {code: cert for code, cert in catalog.certs.items() if cert.requires is None}
        self.points: dict[str, dict[str, int]] = {}
        for rule in catalog.rules:
            if rule.points_from is None:
                self.points[rule.id] = dict(rule.points)
            else:
                self.points[rule.id] = scaled_points(open_to_all, *rule.points_from)

    def effective(self, given: Mapping[str, str]) -> dict[str, str]:
        """Effective answers as the README describes them: the answer, or neutral when
        unanswered or when the question's ``when`` does not hold for the earlier answers."""
        result: dict[str, str] = {}
        for q in self.catalog.questions:
            result[q.id] = given.get(q.id, q.neutral) if oracle_holds(q.when, result) else q.neutral
        return result

    def held(self, effective: Mapping[str, str]) -> tuple[str, ...]:
        if self.advice is None or self.advice.held_question is None:
            return ()
        return tuple(self.advice.held.get(effective[self.advice.held_question], ()))

    def fired(self, effective: Mapping[str, str]) -> list[Rule]:
        """The rules whose conditions hold, in file order."""
        return [rule for rule in self.catalog.rules if oracle_holds(rule.when, effective)]

    def totals(self, effective: Mapping[str, str]) -> dict[str, int]:
        """50 plus the points of every rule that holds; a held credential at HELD."""
        totals = dict.fromkeys(self.codes, BASE)
        for rule in self.fired(effective):
            for code, amount in self.points[rule.id].items():
                totals[code] += amount
        for code in self.held(effective):
            totals[code] = HELD
        return totals

    def order(self, totals: Mapping[str, int]) -> list[str]:
        """Ranked by uncapped total; an exact tie goes to the earlier code in the tie order."""
        place = {code: i for i, code in enumerate(self.codes)}
        return sorted(self.codes, key=lambda code: (-totals[code], place[code]))

    def profiles(self, restrict: Mapping[str, tuple[str, ...]] | None = None) -> Iterator[dict[str, str]]:
        """Every distinct effective profile, depth-first in question order (optionally with some
        questions narrowed to some values, as ``Grid(restrict=...)`` does)."""
        questions = self.catalog.questions
        current: dict[str, str] = {}

        def walk(index: int) -> Iterator[dict[str, str]]:
            if index == len(questions):
                yield dict(current)
                return
            question = questions[index]
            values = question.values
            if restrict and question.id in restrict:
                values = tuple(v for v in values if v in restrict[question.id])
            if not oracle_holds(question.when, current):
                values = (question.neutral,)
            for value in values:
                current[question.id] = value
                yield from walk(index + 1)
            del current[question.id]

        yield from walk(0)

    def counts(self, restrict: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, object]:
        """What the audit counts, profile by profile."""
        catalog = self.catalog
        first: Counter[str] = Counter(dict.fromkeys(catalog.certs, 0))
        fires: Counter[str] = Counter(dict.fromkeys((r.id for r in catalog.rules), 0))
        covered: Counter[str] = Counter()
        failed: Counter[str] = Counter()
        in_conflict: Counter[str] = Counter()
        count = 0
        for profile in self.profiles(restrict):
            count += 1
            fired = self.fired(profile)
            top = self.order(self.totals(profile))[0]
            first[top] += 1
            fires.update(rule.id for rule in fired)
            for expectation in catalog.expectations:
                if oracle_holds(expectation.when, profile):
                    covered[expectation.id] += 1
                    failed[expectation.id] += not expectation.allows(top)
            in_conflict.update(c.id for c in catalog.conflicts if oracle_holds(c.when, profile))
        return {
            "profiles": count,
            "first": dict(first),
            "fires": dict(fires),
            "covered": {e.id: covered[e.id] for e in catalog.expectations},
            "failed": {e.id: failed[e.id] for e in catalog.expectations if failed[e.id]},
            "conflicts": {c.id: in_conflict[c.id] for c in catalog.conflicts},
        }


def profiles(
    engine: Engine, restrict: Mapping[str, tuple[str, ...]] | None = None
) -> Iterator[dict[str, str]]:
    """Every distinct effective profile of an engine's catalog (``Oracle.profiles``)."""
    return Oracle(engine.catalog).profiles(restrict)


def reference_counts(
    catalog: Catalog, restrict: Mapping[str, tuple[str, ...]] | None = None
) -> dict[str, object]:
    """What the audit counts, profile by profile through the oracle (``Oracle.counts``)."""
    return Oracle(catalog).counts(restrict)
