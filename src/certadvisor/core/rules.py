"""The rule set: a catalog's conditions compiled once, and how one profile is scored.

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

Every condition is compiled once (``conditions.compile_condition``); the grid (``fast``) scores
many profiles from the same compiled conditions and the same points, vectorising ``score``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from certadvisor.core.one_question import OwnRule, PerValue, value_tables
from certadvisor.core.plan import from_where_they_are
from certadvisor.core.points import resolved_rules
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import (
    Compiled,
    Condition,
    Predicate,
    compile_condition,
    over_members,
    predicate,
)
from certadvisor.model.records import (
    CareerPath,
    Conflict,
    Question,
    Requirement,
    Rule,
    Standing,
    StartingPoint,
    Step,
)
from certadvisor.model.results import Ranked, Reason, Situation

BASE_SCORE = 50
# The total of a credential the person already holds: far below any score, so it ranks last and
# is never recommended, whatever the rules say.
HELD_TOTAL = -1_000_000


class CompiledRule(NamedTuple):
    """A rule (its points worked out), its compiled condition, and the questions it reads."""

    rule: Rule
    compiled: Compiled
    holds: Predicate
    questions: frozenset[str]


def compile_rule(rule: Rule) -> CompiledRule:
    """A rule with its condition compiled."""
    form = compile_condition(rule.when)
    return CompiledRule(rule, form, predicate(form), frozenset(rule.when.questions()))


class RuleSet:
    """A catalog's questions and rules, compiled once, and the scoring of one profile."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.questions: tuple[Question, ...] = catalog.questions
        self.preferences = tuple(q for q in catalog.questions if q.kind == "preference")
        advice = catalog.advice
        # Certifications are kept in tie order: an exact tie goes to the one listed first by the
        # data's stated principle (``[advice] tie_order``), never to the order of the file.
        self.codes: tuple[str, ...] = tuple(advice.tie_order if advice else catalog.certs)
        self.neutral = {q.id: q.neutral for q in self.questions}
        self.when = {q.id: compile_condition(q.when) for q in self.questions if not q.when.always}
        self._when = tuple((q.id, q.neutral, _predicate(self.when.get(q.id))) for q in self.questions)
        self._when_by_id = {qid: when for qid, _neutral, when in self._when}
        # Questions whose answer decides whether a later question is asked: a change to one of
        # them is scored from scratch, since it can bring a hidden answer back into play.
        self.gating = frozenset(qid for q in self.questions for qid in q.when.questions())
        self.held_question = advice.held_question if advice else None
        # Per value of the held question, the credentials it means held; a set of credentials
        # that the data does not enumerate is worked out from its members when first seen.
        declared = advice.held if advice else {}
        self.held_by_value: Mapping[str, tuple[str, ...]] = PerValue(
            lambda value: over_members(value, declared), declared
        )
        self.rules = tuple(compile_rule(rule) for rule in resolved_rules(catalog))
        self.points = tuple(tuple(r.rule.points.items()) for r in self.rules)
        self._index_rules()
        self._index_speaking()
        self._compile_outcomes(catalog)

    def _index_rules(self) -> None:
        # Rules that read one question fire, for a given value, whatever the other answers are:
        # which of them fire is looked up per value once (``one_question``), and only the few
        # rules that read several answers are checked per profile. Rules are sorted out by the
        # questions they read in one pass, never one pass per question.
        own: dict[str, list[OwnRule]] = {q.id: [] for q in self.questions}
        multi: list[int] = []
        for i, r in enumerate(self.rules):
            if len(r.questions) == 1:
                [question] = r.questions
                own[question].append(OwnRule(i, r.compiled, r.holds, self.points[i]))
            else:
                multi.append(i)
        self._single: dict[str, Mapping[str, tuple[int, ...]]] = {}
        # The same rules' points summed per value, by ``score``'s own arithmetic: a profile's
        # totals then take one addition per question, plus the rules that read several answers.
        self._value_points: dict[str, Mapping[str, tuple[tuple[str, int], ...]]] = {}
        for q in self.questions:
            self._single[q.id], self._value_points[q.id] = value_tables(q.id, q.values, own[q.id], self.codes)
        self._single_items = tuple(self._single.items())
        self._value_points_items = tuple(self._value_points.items())
        self._multi_holds = tuple((i, self.rules[i].holds) for i in multi)
        self._multi_scoring = tuple((self.rules[i].holds, self.points[i]) for i in multi)
        reading: dict[str, list[tuple[int, Predicate]]] = {q.id: [] for q in self.questions}
        for i, holds in self._multi_holds:
            for question in self.rules[i].questions:
                reading[question].append((i, holds))
        self._multi_reading = {question: tuple(found) for question, found in reading.items()}
        self._effects = tuple(
            tuple(
                (code, amount, Reason(r.rule.id, r.rule.reason_for(code), amount)) for code, amount in points
            )
            for r, points in zip(self.rules, self.points, strict=True)
        )

    def _index_speaking(self) -> None:
        # For what-ifs: per (question, certification), the rules that read the question and give
        # that certification points.
        # Gathered in lists: a tuple grown one rule at a time costs rules² for one key.
        speaking: dict[tuple[str, str], list[int]] = {}
        for index, r in enumerate(self.rules):
            for code, amount in r.rule.points.items():
                if amount > 0:
                    for qid in r.questions:
                        speaking.setdefault((qid, code), []).append(index)
        self._speaking_rules = {key: tuple(indexes) for key, indexes in speaking.items()}
        self._speaking = {
            key: tuple(self.rules[index].holds for index in indexes)
            for key, indexes in self._speaking_rules.items()
        }

    def _compile(self, when: Condition) -> Compiled:
        # Compiled once per distinct condition: a data file repeating one condition over
        # thousands of conflicts or paths compiles it once.
        found = self._forms.get(when)
        if found is None:
            found = self._forms[when] = compile_condition(when)
        return found

    def _holds(self, when: Condition) -> Predicate:
        found = self._predicates.get(when)
        if found is None:
            found = self._predicates[when] = predicate(self._compile(when))
        return found

    def _compile_outcomes(self, catalog: Catalog) -> None:
        self._forms: dict[Condition, Compiled] = {}
        self._predicates: dict[Condition, Predicate] = {}
        holds = self._holds

        self._steps = {
            code: tuple((step, holds(step.when)) for step in cert.next_steps)
            for code, cert in catalog.certs.items()
        }
        self._requires = {
            code: (cert.requires, holds(cert.requires.met))
            for code, cert in catalog.certs.items()
            if cert.requires is not None
        }
        # The first path in file order whose certification and condition match is the plan:
        # only the pick's paths are ever tried, so their conditions are compiled when first used.
        self._paths: dict[str, list[CareerPath]] = {}
        for found in catalog.paths:
            self._paths.setdefault(found.cert, []).append(found)
        self._additions = tuple((a, holds(a.when)) for a in catalog.path_additions)
        self.conflicts = tuple((c, self._compile(c.when)) for c in catalog.conflicts)
        self._conflicts = tuple((c, holds(c.when)) for c in catalog.conflicts)
        advice = catalog.advice
        self._starting = tuple((p, holds(p.when)) for p in advice.starting_points) if advice else ()
        standing = (advice.standing if advice else None) or Standing()
        self._members = tuple((body, holds(c)) for body, c in standing.member_of.items())
        self._done = tuple((code, holds(c)) for code, c in standing.education_done.items())
        self._passed = tuple((code, holds(c)) for code, c in standing.exam_passed.items())
        self.offers = tuple((o, holds(o.when)) for o in catalog.offers)

    # -- scoring one profile ---------------------------------------------------------------------

    def effective(self, answers: Mapping[str, str]) -> dict[str, str]:
        """Every question's value in force: the answer, or neutral if unanswered or skipped."""
        effective: dict[str, str] = {}
        for question, neutral, when in self._when:
            if when is None or when(effective):
                effective[question] = answers.get(question, neutral)
            else:
                effective[question] = neutral
        return effective

    def fired(self, effective: Mapping[str, str]) -> list[int]:
        """Indexes (in data-file order) of the rules that hold for these effective answers."""
        return sorted(self._firing(effective))

    def _firing(self, effective: Mapping[str, str]) -> list[int]:
        fired = [i for question, per in self._single_items for i in per[effective[question]]]
        fired += [i for i, holds in self._multi_holds if holds(effective)]
        return fired

    def held(self, effective: Mapping[str, str]) -> tuple[str, ...]:
        """The credentials these answers say the person already holds."""
        if self.held_question is None:
            return ()
        return self.held_by_value[effective[self.held_question]]

    def score(self, fired: Iterable[int], held: Iterable[str]) -> dict[str, int]:
        """Uncapped totals per certification (in tie order), from the rules that fire and the
        credentials held: the one definition of a score's arithmetic.

        Every certification starts at ``BASE_SCORE`` and gains the points (which may be
        negative) of each rule that fires; one the person already holds is set to
        ``HELD_TOTAL``. ``change`` applies the same steps to the rules a change starts or stops
        firing, and the grid (``fast.grid``) does them for many profiles as a matrix product.
        """
        return self._hold(self._add(dict.fromkeys(self.codes, BASE_SCORE), fired, 1), held)

    def _add(self, totals: dict[str, int], fired: Iterable[int], sign: int) -> dict[str, int]:
        points = self.points
        for index in fired:
            for code, amount in points[index]:
                totals[code] += sign * amount
        return totals

    @staticmethod
    def _hold(totals: dict[str, int], held: Iterable[str]) -> dict[str, int]:
        for code in held:
            totals[code] = HELD_TOTAL
        return totals

    def totals(self, effective: Mapping[str, str]) -> dict[str, int]:
        """Uncapped totals per certification (in tie order) for fully effective answers:
        ``score`` of the rules that fire, with the rules that read one question summed per
        value beforehand (the tests compare the two)."""
        totals = dict.fromkeys(self.codes, BASE_SCORE)
        for question, per_value in self._value_points_items:
            for code, amount in per_value[effective[question]]:
                totals[code] += amount
        for holds, points in self._multi_scoring:
            if holds(effective):
                for code, amount in points:
                    totals[code] += amount
        for code in self.held(effective):
            totals[code] = HELD_TOTAL
        return totals

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
        or hides nothing re-scores only the rules that read its question; others are scored
        from scratch. Same figures either way (tested).
        """
        if question in self.gating or question == self.held_question:
            after = self.effective({**answers, question: value})
            return after, self.totals(after)
        if not self.asked(question, effective):
            return dict(effective), dict(totals)  # a skipped question counts as neutral anyway
        after = dict(effective)
        after[question] = value
        moved = dict(totals)
        per_value = self._value_points[question]
        for code, amount in per_value[effective[question]]:
            moved[code] -= amount
        for code, amount in per_value[value]:
            moved[code] += amount
        for index, holds in self._multi_reading[question]:
            was, now = holds(effective), holds(after)
            if was != now:
                sign = 1 if now else -1
                for code, amount in self.points[index]:
                    moved[code] += sign * amount
        for code in self.held(after):
            moved[code] = HELD_TOTAL
        return after, moved

    def asked(self, question_id: str, effective: Mapping[str, str]) -> bool:
        """True when the question's `when` holds for these (effective) answers."""
        when = self._when_by_id[question_id]
        return when is None or when(effective)

    def speaking_for(self, question_id: str, code: str) -> tuple[Predicate, ...]:
        """Conditions of the rules that read this question and give this certification points."""
        return self._speaking.get((question_id, code), ())

    def speaking_rules(self) -> Mapping[tuple[str, str], tuple[int, ...]]:
        """Per (question, certification): indexes of the rules ``speaking_for`` gives conditions of."""
        return self._speaking_rules

    def conflicts_in(self, effective: Mapping[str, str]) -> tuple[Conflict, ...]:
        """The declared conflicts that these effective answers fall into."""
        return tuple(conflict for conflict, holds in self._conflicts if holds(effective))

    # -- the explained ranking and what goes with the pick ---------------------------------------

    def rank(self, effective: Mapping[str, str]) -> tuple[Ranked, ...]:
        """Every certification with its score, reasons and matched flag, best first."""
        fired = self.fired(effective)
        held = self.held(effective)
        totals = self.score(fired, held)
        reasons: dict[str, list[Reason]] = {code: [] for code in self.codes}
        for index in fired:
            for code, _amount, reason in self._effects[index]:
                reasons[code].append(reason)
        for code in held:
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

    def starting_point(self, effective: Mapping[str, str]) -> StartingPoint | None:
        """The usual first step by principle, for answers that speak for no credential: never
        one the person already holds (then there is none, and the ranking stands)."""
        held = self.held(effective)
        return next((p for p, holds in self._starting if holds(effective) and p.cert not in held), None)

    def next_steps(self, code: str, effective: Mapping[str, str]) -> tuple[Step, ...]:
        """The certification's next steps whose conditions hold for these answers."""
        return tuple(step for step, holds in self._steps[code] if holds(effective))

    def path(self, code: str, effective: Mapping[str, str]) -> CareerPath | None:
        """The plan for a recommendation of ``code``: the first matching path in the data."""
        found = next((p for p in self._paths.get(code, ()) if self._holds(p.when)(effective)), None)
        if found is None:
            return None
        return from_where_they_are(found, self.held(effective), self._additions, effective)

    def situation(self, effective: Mapping[str, str]) -> Situation:
        """What the answers show the person already has (memberships, finished programmes)."""
        if not self._members and not self._done and not self._passed:
            return _NOTHING_YET
        return Situation(
            frozenset(body for body, holds in self._members if holds(effective)),
            frozenset(code for code, holds in self._done if holds(effective)),
            frozenset(code for code, holds in self._passed if holds(effective)),
        )

    def unmet_requirement(self, code: str, effective: Mapping[str, str]) -> Requirement | None:
        """The certification's hard prerequisite, when the answers do not show it is met."""
        found = self._requires.get(code)
        if found is None or found[1](effective):
            return None
        return found[0]


_NOTHING_YET = Situation()


def cap(total: int) -> int:
    """A total capped to the 0..100 score scale."""
    return 0 if total < 0 else 100 if total > 100 else total


def _predicate(form: Compiled | None) -> Predicate | None:
    return None if form is None else predicate(form)
