"""The advice engine: answers in, an explained ranking out. Pure functions, no I/O.

How a score is made (also in the README):

1. Unanswered questions, and questions whose ``when`` does not hold for the earlier answers,
   count as their question's ``neutral`` value.
2. Every certification starts at 50 points. Each rule whose condition holds adds its points
   (which may be negative) to the certifications it names, and is recorded as a reason.
3. The score is that total capped to 0..100.
4. Ranking is by score, then by the uncapped total, then by the order of certifications in the
   data file. That last step makes ties deterministic; the result says when it was needed.
5. The what-if looks for the fewest answer changes (one, else two) that would put the runner-up
   first, preferring the change that gives it the widest lead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from .catalog import CareerPath, Catalog, Cert, Question, Rule, Step
from .conditions import Condition

BASE_SCORE = 50
MAX_WHAT_IFS = 3

Predicate = Callable[[Mapping[str, str]], bool]


def compile_condition(condition: Condition) -> Predicate:
    """Turn a parsed condition into a fast closure over a full (effective) answers dict."""
    kind = condition.kind
    if kind == "equals":
        question, value = condition.question, condition.values[0]
        return lambda answers: answers[question] == value
    if kind == "one_of":
        question, allowed = condition.question, frozenset(condition.values)
        return lambda answers: answers[question] in allowed
    if kind == "not":
        inner = compile_condition(condition.parts[0])
        return lambda answers: not inner(answers)
    if kind in ("all", "any"):
        parts = tuple(compile_condition(part) for part in condition.parts)
        # Two-part conditions are the common case (a table with two keys); spelling them out
        # avoids a generator per call, which the audit makes hundreds of thousands of.
        if len(parts) == 2:
            first, second = parts
            if kind == "all":
                return lambda answers: first(answers) and second(answers)
            return lambda answers: first(answers) or second(answers)
        if kind == "all":
            return lambda answers: all(part(answers) for part in parts)
        return lambda answers: any(part(answers) for part in parts)
    return lambda answers: True


@dataclass(frozen=True)
class Reason:
    """A rule that fired for one certification, with its signed points."""

    rule: str
    text: str
    points: int


@dataclass(frozen=True)
class Ranked:
    """One certification's place in a ranking."""

    code: str
    score: int  # 0..100
    total: int  # uncapped: BASE_SCORE plus all points
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class WhatIf:
    """A smallest change to the answers that would put another certification first."""

    changes: tuple[tuple[str, str], ...]  # (question id, new value)
    leader: str
    margin: int
    text: str


@dataclass(frozen=True)
class Result:
    """The full, explained outcome for one set of answers."""

    answers: Mapping[str, str]  # as given (validated)
    effective: Mapping[str, str]  # every question, neutral where unanswered or skipped
    ranking: tuple[Ranked, ...]
    recommendation: str
    margin: int
    tie_break: str | None
    what_if: tuple[WhatIf, ...]
    next_steps: tuple[Step, ...]
    ignored: tuple[str, ...]  # answered questions that were skipped by their `when`
    path: CareerPath | None = None  # the plan for the recommendation, when the data has paths


class Engine:
    """Rules compiled once per catalog, so batches and audits score quickly."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.questions: tuple[Question, ...] = catalog.questions
        self.codes: tuple[str, ...] = tuple(catalog.certs)
        self._order = {code: index for index, code in enumerate(self.codes)}
        self._when = tuple(
            (q.id, q.neutral, None if q.when.kind == "always" else compile_condition(q.when))
            for q in self.questions
        )
        self.when_by_id = {qid: when for qid, _neutral, when in self._when}
        self.rules: tuple[tuple[Rule, Predicate, frozenset[str], tuple[tuple[str, int], ...]], ...] = tuple(
            (
                rule,
                compile_condition(rule.when),
                frozenset(rule.when.questions()),
                tuple(rule.points.items()),
            )
            for rule in catalog.rules
        )
        # Which questions' `when` reads each question: changing it may show or hide them.
        self._gates = {
            q.id: [o.id for o in self.questions if q.id in o.when.questions()] for q in self.questions
        }
        self._points = [dict(rule.points) for rule in catalog.rules]
        self._scoring = tuple((holds, points) for _rule, holds, _questions, points in self.rules)
        self._steps = {
            code: tuple((step, compile_condition(step.when)) for step in cert.next_steps)
            for code, cert in catalog.certs.items()
        }
        self._rules_reading: dict[str, list[int]] = {q.id: [] for q in self.questions}
        for index, (_rule, _holds, questions, _points) in enumerate(self.rules):
            for question in questions:
                self._rules_reading[question].append(index)
        # Rules that read a single question score the same for a given value whatever the other
        # answers are: precompute their points per value, so the what-if search can swap a
        # value's points in and out instead of re-evaluating those rules.
        self.value_points: dict[str, dict[str, tuple[tuple[str, int], ...]]] = {}
        self.multi_rules: dict[str, list[int]] = {q.id: [] for q in self.questions}
        self._value_dicts: dict[str, dict[str, dict[str, int]]] = {}
        self._stakes_cache: dict[tuple[str, str], tuple[dict[str, int], dict[str, int]]] = {}
        for q in self.questions:
            single = [i for i in self._rules_reading[q.id] if self.rules[i][2] == {q.id}]
            self.multi_rules[q.id] = [i for i in self._rules_reading[q.id] if i not in single]
            per_value: dict[str, tuple[tuple[str, int], ...]] = {}
            for value in q.values:
                summed: dict[str, int] = {}
                for i in single:
                    if self.rules[i][1]({q.id: value}):
                        for code, amount in self.rules[i][3]:
                            summed[code] = summed.get(code, 0) + amount
                per_value[value] = tuple(summed.items())
            self.value_points[q.id] = per_value
            self._value_dicts[q.id] = {v: dict(items) for v, items in per_value.items()}
        # The first path in file order whose certification and condition match is the plan.
        self._paths = tuple((p, compile_condition(p.when)) for p in catalog.paths)
        self._per_value = tuple((q.id, self.value_points[q.id]) for q in self.questions)
        multi = sorted({i for q in self.questions for i in self.multi_rules[q.id]})
        self._multi_scoring = tuple(self._scoring[i] for i in multi)
        # Rules a change to each question can touch: its own, and those of every question whose
        # `when` it (transitively) decides.
        self._reach_rules: dict[str, list[int]] = {}
        for q in self.questions:
            seen, stack = {q.id}, [q.id]
            while stack:
                for dependent in self._gates[stack.pop()]:
                    if dependent not in seen:
                        seen.add(dependent)
                        stack.append(dependent)
            self._reach_rules[q.id] = sorted({i for d in seen for i in self._rules_reading[d]})

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
        """Uncapped totals per certification for fully effective answers."""
        totals = dict.fromkeys(self.codes, BASE_SCORE)
        # Single-question rules were summed per answer value when the engine was built, so a
        # profile costs one look-up per question plus the few rules that read several answers.
        for question, per_value in self._per_value:
            for code, amount in per_value[effective[question]]:
                totals[code] += amount
        for holds, points in self._multi_scoring:
            if holds(effective):
                for code, amount in points:
                    totals[code] += amount
        return totals

    def order(self, totals: Mapping[str, int]) -> list[str]:
        """Codes ranked by capped score, then uncapped total, then data-file order."""
        order = self._order
        keyed = sorted((-(0 if t < 0 else 100 if t > 100 else t), -t, order[c], c) for c, t in totals.items())
        return [key[3] for key in keyed]

    def rank_codes(self, answers: Mapping[str, str]) -> tuple[str, ...]:
        """Just the ranked codes: what the audit and the what-if need."""
        return tuple(self.order(self.totals(self.effective(answers))))

    # -- the explained result -------------------------------------------------------------------

    def recommend(self, answers: Mapping[str, str]) -> Result:
        """Score every certification, explain it, and find the what-if and next steps."""
        effective = self.effective(answers)
        reasons: dict[str, list[Reason]] = {code: [] for code in self.codes}
        totals = dict.fromkeys(self.codes, BASE_SCORE)
        for rule, holds, _questions, points in self.rules:
            if holds(effective):
                for code, amount in points:
                    totals[code] += amount
                    reasons[code].append(Reason(rule.id, rule.reason, amount))
        ordered = self.order(totals)
        ranking = tuple(
            Ranked(code, _cap(totals[code]), totals[code], tuple(reasons[code])) for code in ordered
        )
        top = ranking[0]
        margin = top.score - ranking[1].score if len(ranking) > 1 else top.score
        tie_break = None
        if len(ranking) > 1 and ranking[1].score == top.score:
            if ranking[1].total == top.total:
                tie_break = (
                    f"{top.code} and {ranking[1].code} scored the same; {top.code} is listed first "
                    "because it comes first in the data file."
                )
            else:
                tie_break = (
                    f"{top.code} and {ranking[1].code} both reached the end of the 0-100 scale; "
                    f"{top.code} is ahead on uncapped points."
                )
        ignored = tuple(q.id for q in self.questions if q.id in answers and not self.asked(q.id, effective))
        return Result(
            answers=dict(answers),
            effective=effective,
            ranking=ranking,
            recommendation=top.code,
            margin=margin,
            tie_break=tie_break,
            what_if=self.what_if(answers, effective, ranking, totals),
            next_steps=tuple(step for step, holds in self._steps[top.code] if holds(effective)),
            ignored=ignored,
            path=next((p for p, holds in self._paths if p.cert == top.code and holds(effective)), None),
        )

    def what_if(
        self,
        answers: Mapping[str, str],
        effective: Mapping[str, str],
        ranking: tuple[Ranked, ...],
        totals: Mapping[str, int],
    ) -> tuple[WhatIf, ...]:
        """The fewest answer changes that would put the runner-up first."""
        if len(ranking) < 2:
            return ()
        top, runner_up = ranking[0].code, ranking[1].code
        # Ties on the capped score go to the higher uncapped total, so the runner-up can only
        # take first place if its uncapped total catches up: the gap to close is uncapped.
        gap = ranking[0].total - ranking[1].total
        # The most a change to each question could move the runner-up against the leader: the
        # points at stake in every rule that reads it (or a question it shows or hides). A
        # change whose reach is below the gap cannot flip the result, so it is never scored.
        reach, others = self._stakes(top, runner_up)
        visible = [q for q in self.questions if self.asked(q.id, effective)]
        # Upper bounds per (question, new value); a change set is scored only if its bounds
        # add up to the gap.
        gains = {
            q.id: {
                v: self._gain(q.id, effective[q.id], v, top, runner_up, others)
                for v in q.values
                if v != effective[q.id]
            }
            for q in visible
        }
        singles = [((q, v),) for q, values in gains.items() for v, g in values.items() if g >= gap]
        found = self._flips(answers, effective, totals, singles, runner_up)
        if not found:
            pairs = [
                ((a, va), (b, vb))
                for a, b in combinations(gains, 2)
                if reach[a] + reach[b] >= gap
                for va, ga in gains[a].items()
                for vb, gb in gains[b].items()
                if ga + gb >= gap
            ]
            found = self._flips(answers, effective, totals, pairs, runner_up)
        found.sort(key=lambda item: -item[1])
        return tuple(
            WhatIf(changes, runner_up, margin, self._describe(changes, runner_up, margin))
            for changes, margin in found[:MAX_WHAT_IFS]
        )

    def _stakes(self, top: str, runner_up: str) -> tuple[dict[str, int], dict[str, int]]:
        """Per question: points at stake between two certifications in every rule it reaches,
        and in its multi-question rules only. Cached: it depends only on the pair."""
        key = (top, runner_up)
        if key not in self._stakes_cache:

            def stake(indices: Iterable[int]) -> int:
                return sum(
                    abs(self._points[i].get(runner_up, 0)) + abs(self._points[i].get(top, 0)) for i in indices
                )

            self._stakes_cache[key] = (
                {q.id: stake(self._reach_rules[q.id]) for q in self.questions},
                {q.id: stake(self.multi_rules[q.id]) for q in self.questions},
            )
        return self._stakes_cache[key]

    def _gain(
        self, question: str, old: str, new: str, top: str, runner_up: str, others: Mapping[str, int]
    ) -> int:
        """An upper bound on how far one answer change can close the leader's uncapped lead.

        Single-question rules move by known amounts; other rules it reaches are bounded by all
        their points. A change (or pair) whose bounds fall short of the gap cannot flip first place.
        """
        if self._gates[question]:
            return self._stakes(top, runner_up)[0][question]
        before, after = self._value_dicts[question][old], self._value_dicts[question][new]
        runner_delta = after.get(runner_up, 0) - before.get(runner_up, 0)
        top_delta = after.get(top, 0) - before.get(top, 0)
        # Exact for single-question rules (and additive across questions), bounded for the rest.
        return runner_delta - top_delta + others[question]

    def asked(self, question_id: str, effective: Mapping[str, str]) -> bool:
        """True when the question's `when` holds for these (effective) answers."""
        when = self.when_by_id[question_id]
        return when is None or when(effective)

    def _flips(
        self,
        answers: Mapping[str, str],
        effective: Mapping[str, str],
        base: Mapping[str, int],
        candidates: Iterable[tuple[tuple[str, str], ...]],
        runner_up: str,
    ) -> list[tuple[tuple[tuple[str, str], ...], int]]:
        found: list[tuple[tuple[tuple[str, str], ...], int]] = []
        order = self._order
        gated = self._gates
        value_points = self.value_points
        leader = self.order(base)[0]
        for changes in candidates:
            totals = dict(base)
            if not any(gated[q] for q, _v in changes):
                # No other question's `when` reads these answers: move single-question rules by
                # their precomputed per-value points, and re-check only multi-question rules.
                for q, v in changes:
                    for code, amount in value_points[q][effective[q]]:
                        totals[code] -= amount
                    for code, amount in value_points[q][v]:
                        totals[code] += amount
                # A rule reading both changed answers must be counted once.
                touched = list(dict.fromkeys(i for q, _v in changes for i in self.multi_rules[q]))
                new_effective = {**effective, **dict(changes)} if touched else effective
            else:
                new_effective = self.effective({**answers, **dict(changes)})
                moved = {q for q, v in new_effective.items() if effective[q] != v}
                touched = list({i for q in moved for i in self._rules_reading[q]})
            # Scores are sums over rules, so only rules reading a changed answer can move them.
            for index in touched:
                holds, points = self._scoring[index]
                after = holds(new_effective)
                if holds(effective) != after:
                    sign = 1 if after else -1
                    for code, amount in points:
                        totals[code] += sign * amount
            total = totals[runner_up]
            if total < totals[leader]:
                continue  # the leader still has more points: nothing to rank
            mine = (-_cap(total), -total, order[runner_up])
            if any((-_cap(t), -t, order[c]) < mine for c, t in totals.items() if c != runner_up):
                continue  # someone still beats the runner-up
            second = max(_cap(t) for c, t in totals.items() if c != runner_up)
            found.append((changes, _cap(total) - second))
        return found

    def _describe(self, changes: tuple[tuple[str, str], ...], leader: str, margin: int) -> str:
        parts = [
            f"your {self.catalog.question(qid).short} were “{self.catalog.question(qid).label(value)}”"
            for qid, value in changes
        ]
        lead = f"by {margin} point{'s' if margin != 1 else ''}" if margin else "on the tie-break"
        return f"If {' and '.join(parts)}, {leader} would lead {lead}."


def steps_for(cert: Cert, effective: Mapping[str, str]) -> tuple[Step, ...]:
    """The certification's next steps whose conditions hold for these answers."""
    return tuple(step for step in cert.next_steps if compile_condition(step.when)(effective))


def recommend(catalog: Catalog, answers: Mapping[str, str]) -> Result:
    """Convenience: build an engine and score one set of answers."""
    return Engine(catalog).recommend(answers)


def _cap(total: int) -> int:
    return 0 if total < 0 else 100 if total > 100 else total
