"""The advice engine: answers in, an explained ranking out. Pure functions, no I/O.

How a score is made (also in the README):

1. Unanswered questions, and questions whose ``when`` does not hold for the earlier answers,
   count as their question's ``neutral`` value.
2. Every certification starts at 50 points. Each rule whose condition holds adds its points
   (which may be negative) to the certifications it names, and is recorded as a reason.
3. The score is that total capped to 0..100. A certification is *matched* when the answers
   speak for it: its total is above the starting 50.
4. Ranking is by uncapped total; an exact tie goes to the certification earlier in the data's
   ``[advice] tie_order``, a stated principle rather than the order of the file.
5. Confidence, near-ties, conflicts and what-ifs are worked out from the ranking (``advice`` and
   ``whatif``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import TESTS, Condition, Kind
from certadvisor.model.records import CareerPath, Conflict, Question, Requirement, Rule, StartingPoint, Step

BASE_SCORE = 50
# The total of a credential the person already holds: far below any score, so it ranks last and
# is never recommended, whatever the rules say.
HELD_TOTAL = -1_000_000

Predicate = Callable[[Mapping[str, str]], bool]
Changes = tuple[tuple[str, str], ...]  # (question id, new value) pairs


def compile_condition(condition: Condition) -> Predicate:
    """Turn a parsed condition into a fast closure over a full (effective) answers dict."""
    kind = condition.kind
    if kind in TESTS:
        question, allowed = condition.question, frozenset(condition.values)
        return lambda answers: answers[question] in allowed
    if kind is Kind.NOT:
        inner = compile_condition(condition.parts[0])
        return lambda answers: not inner(answers)
    if kind is Kind.ALL:
        # The audit calls these millions of times: plain loops, and one set test per leaf.
        leaves = tuple((p.question, frozenset(p.values)) for p in condition.parts if p.kind in TESTS)
        others = tuple(compile_condition(p) for p in condition.parts if p.kind not in TESTS)

        def every(answers: Mapping[str, str]) -> bool:
            for question, allowed in leaves:
                if answers[question] not in allowed:
                    return False
            for part in others:
                if not part(answers):
                    return False
            return True

        return every
    if kind is Kind.ANY:
        parts = tuple(compile_condition(part) for part in condition.parts)

        def some(answers: Mapping[str, str]) -> bool:
            for part in parts:
                if part(answers):
                    return True
            return False

        return some
    return lambda answers: True  # Kind.ALWAYS


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


class CompiledRule(NamedTuple):
    """A rule with its condition compiled and the questions it reads."""

    rule: Rule
    holds: Predicate
    questions: frozenset[str]


class Engine:
    """Rules compiled once per catalog, so batches and audits score quickly."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.questions: tuple[Question, ...] = catalog.questions
        self.preferences = tuple(q for q in catalog.questions if q.kind == "preference")
        # Certifications are kept in tie order: an exact tie goes to the one listed first by the
        # data's stated principle (``[advice] tie_order``), never to the order of the file.
        order = catalog.advice.tie_order if catalog.advice else tuple(catalog.certs)
        self.codes: tuple[str, ...] = tuple(order)
        self._when = tuple(
            (q.id, q.neutral, None if q.when.always else compile_condition(q.when)) for q in self.questions
        )
        self.when_by_id = {qid: when for qid, _neutral, when in self._when}
        self.neutral = {q.id: q.neutral for q in self.questions}
        advice = catalog.advice
        self.held_question = advice.held_question if advice else None
        self._held: Mapping[str, tuple[str, ...]] = advice.held if advice else {}
        self.rules = tuple(
            CompiledRule(rule, compile_condition(rule.when), frozenset(rule.when.questions()))
            for rule in catalog.rules
        )
        # Rules that read one question score the same for a given value whatever the other
        # answers are, so their points are summed per value once; scoring a profile is then one
        # look-up per question plus the few rules that read several answers.
        self._single: dict[str, dict[str, tuple[int, ...]]] = {}
        for q in self.questions:
            own = [r for r in self.rules if r.questions == {q.id}]
            self._single[q.id] = {
                value: tuple(i for i, r in enumerate(self.rules) if r in own and r.holds({q.id: value}))
                for value in q.values
            }
        self._value_points = tuple(
            (q.id, {v: _sum_points(self.rules[i].rule for i in fired) for v, fired in per.items()})
            for q, per in zip(self.questions, self._single.values(), strict=True)
        )
        self._points_by_value = dict(self._value_points)
        self._multi = tuple(i for i, r in enumerate(self.rules) if len(r.questions) != 1)
        self._multi_reading = {
            q.id: tuple(i for i in self._multi if q.id in self.rules[i].questions) for q in self.questions
        }
        # Questions whose answer decides whether a later question is asked: a change to one of
        # them is scored from scratch, since it can bring a hidden answer back into play.
        self.gating = frozenset(qid for q in self.questions for qid in q.when.questions())
        # Pairs of questions that some rule reads together: their effects do not simply add up.
        self.read_together = frozenset(
            frozenset((one, other))
            for r in self.rules
            for one in r.questions
            for other in r.questions
            if one != other
        )
        self._multi_scoring = tuple(
            (self.rules[i].holds, tuple(self.rules[i].rule.points.items())) for i in self._multi
        )
        self._effects = tuple(
            tuple(
                (code, amount, Reason(r.rule.id, r.rule.reason_for(code), amount))
                for code, amount in r.rule.points.items()
            )
            for r in self.rules
        )
        # For what-ifs: per (question, certification), the rules that read the question and give
        # that certification points.
        self._speaking_rules: dict[tuple[str, str], tuple[int, ...]] = {}
        for index, r in enumerate(self.rules):
            for code, amount in r.rule.points.items():
                if amount > 0:
                    for qid in r.questions:
                        before = self._speaking_rules.get((qid, code), ())
                        self._speaking_rules[qid, code] = (*before, index)
        self._speaking = {
            key: tuple(self.rules[index].holds for index in indexes)
            for key, indexes in self._speaking_rules.items()
        }
        self._steps = {
            code: tuple((step, compile_condition(step.when)) for step in cert.next_steps)
            for code, cert in catalog.certs.items()
        }
        self._requires = {
            code: (cert.requires, compile_condition(cert.requires.met))
            for code, cert in catalog.certs.items()
            if cert.requires is not None
        }
        # The first path in file order whose certification and condition match is the plan.
        self._paths = tuple((p, compile_condition(p.when)) for p in catalog.paths)
        self.conflicts = tuple((c, compile_condition(c.when)) for c in catalog.conflicts)

    # -- the fast path ---------------------------------------------------------------------------

    def effective(self, answers: Mapping[str, str]) -> dict[str, str]:
        """Every question's value in force: the answer, or neutral if unanswered or skipped."""
        effective: dict[str, str] = {}
        for question, neutral, when in self._when:
            if when is None or when(effective):
                effective[question] = answers.get(question, neutral)
            else:
                effective[question] = neutral
        return effective

    def totals(self, effective: Mapping[str, str]) -> dict[str, int]:
        """Uncapped totals per certification (in tie order) for fully effective answers."""
        totals = dict.fromkeys(self.codes, BASE_SCORE)
        for question, per_value in self._value_points:
            for code, amount in per_value[effective[question]]:
                totals[code] += amount
        for holds, points in self._multi_scoring:
            if holds(effective):
                for code, amount in points:
                    totals[code] += amount
        if self.held_question is not None:
            for code in self._held.get(effective[self.held_question], ()):
                totals[code] = HELD_TOTAL
        return totals

    def held(self, effective: Mapping[str, str]) -> tuple[str, ...]:
        """The credentials these answers say the person already holds."""
        if self.held_question is None:
            return ()
        return self._held.get(effective[self.held_question], ())

    def order(self, totals: Mapping[str, int]) -> list[str]:
        """Codes ranked by uncapped total; the sort is stable, so exact ties keep tie order."""
        # The cap keeps the order of totals, so sorting by total is sorting by score first.
        return sorted(self.codes, key=totals.__getitem__, reverse=True)

    def rank_codes(self, answers: Mapping[str, str]) -> tuple[str, ...]:
        """Just the ranked codes, for answers as given."""
        return tuple(self.order(self.totals(self.effective(answers))))

    def change(
        self,
        answers: Mapping[str, str],
        effective: Mapping[str, str],
        totals: Mapping[str, int],
        question: str,
        value: str,
    ) -> tuple[dict[str, str], dict[str, int]]:
        """The effective answers and totals once one answer changes, from a profile's totals.

        The what-if search tries every single change for every result, so a change that shows
        or hides nothing moves only its own per-value points and re-checks the rules that read
        several answers; others are scored from scratch. Same figures either way (tested).
        """
        if question in self.gating or question == self.held_question:
            after = self.effective({**answers, question: value})
            return after, self.totals(after)
        if not self.asked(question, effective):
            return dict(effective), dict(totals)  # a skipped question counts as neutral anyway
        after = dict(effective)
        after[question] = value
        moved = dict(totals)
        per_value = self._points_by_value[question]
        for code, amount in per_value[effective[question]]:
            moved[code] -= amount
        for code, amount in per_value[value]:
            moved[code] += amount
        for index in self._multi_reading[question]:
            holds = self.rules[index].holds
            was, now = holds(effective), holds(after)
            if was != now:
                sign = 1 if now else -1
                for code, amount in self.rules[index].rule.points.items():
                    moved[code] += sign * amount
        for code in self.held(after):
            moved[code] = HELD_TOTAL
        return after, moved

    def fired(self, effective: Mapping[str, str]) -> list[int]:
        """Indexes (in data-file order) of the rules that hold for these effective answers."""
        fired = [i for question, per in self._single.items() for i in per[effective[question]]]
        fired += [i for i in self._multi if self.rules[i].holds(effective)]
        return sorted(fired)

    def speaking_for(self, question_id: str, code: str) -> tuple[Predicate, ...]:
        """Conditions of the rules that read this question and give this certification points."""
        return self._speaking.get((question_id, code), ())

    def speaking_rules(self) -> Mapping[tuple[str, str], tuple[int, ...]]:
        """Per (question, certification): indexes of the rules ``speaking_for`` gives conditions of."""
        return self._speaking_rules

    def asked(self, question_id: str, effective: Mapping[str, str]) -> bool:
        """True when the question's `when` holds for these (effective) answers."""
        when = self.when_by_id[question_id]
        return when is None or when(effective)

    def conflicts_in(self, effective: Mapping[str, str]) -> tuple[Conflict, ...]:
        """The declared conflicts that these effective answers fall into."""
        return tuple(conflict for conflict, holds in self.conflicts if holds(effective))

    # -- the explained result -------------------------------------------------------------------

    def rank(self, effective: Mapping[str, str]) -> tuple[Ranked, ...]:
        """Every certification with its score, reasons and matched flag, best first."""
        reasons: dict[str, list[Reason]] = {code: [] for code in self.codes}
        totals = dict.fromkeys(self.codes, BASE_SCORE)
        for index in self.fired(effective):
            for code, amount, reason in self._effects[index]:
                totals[code] += amount
                reasons[code].append(reason)
        held = self.held(effective)
        for code in held:
            totals[code] = HELD_TOTAL
            reasons[code] = []
        return tuple(
            Ranked(
                code,
                cap(totals[code]),
                totals[code],
                tuple(reasons[code]),
                totals[code] > BASE_SCORE,
                code in held,
            )
            for code in self.order(totals)
        )

    def recommend(self, answers: Mapping[str, str]) -> Result:
        """Score every certification, explain it, and find confidence, what-ifs and next steps."""
        from certadvisor.core.advice import assess

        return assess(self, answers)

    def next_steps(self, code: str, effective: Mapping[str, str]) -> tuple[Step, ...]:
        """The certification's next steps whose conditions hold for these answers."""
        return tuple(step for step, holds in self._steps[code] if holds(effective))

    def path(self, code: str, effective: Mapping[str, str]) -> CareerPath | None:
        """The plan for a recommendation of ``code``: the first matching path in the data."""
        found = next((p for p, holds in self._paths if p.cert == code and holds(effective)), None)
        held = self.held(effective)
        if found is None or not held:
            return found
        # A later step towards a credential the person already holds is no step at all.
        return found._replace(steps=tuple(step for step in found.steps if step.cert not in held))

    def unmet_requirement(self, code: str, effective: Mapping[str, str]) -> Requirement | None:
        """The certification's hard prerequisite, when the answers do not show it is met."""
        found = self._requires.get(code)
        if found is None or found[1](effective):
            return None
        return found[0]


def recommend(catalog: Catalog, answers: Mapping[str, str]) -> Result:
    """Convenience: build an engine and score one set of answers."""
    return Engine(catalog).recommend(answers)


def cap(total: int) -> int:
    """A total capped to the 0..100 score scale."""
    return 0 if total < 0 else 100 if total > 100 else total


def _sum_points(rules: Iterable[Rule]) -> tuple[tuple[str, int], ...]:
    summed: dict[str, int] = {}
    for rule in rules:
        for code, amount in rule.points.items():
            summed[code] = summed.get(code, 0) + amount
    return tuple(summed.items())
