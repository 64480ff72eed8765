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
   first: up to three, widest lead first, and among equal leads the change to the earlier
   question (then the earlier value) first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations
from operator import add, sub
from typing import NamedTuple

from .catalog import CareerPath, Catalog, Cert, Question, Rule, Step
from .conditions import Condition

BASE_SCORE = 50
MAX_WHAT_IFS = 3

Predicate = Callable[[Mapping[str, str]], bool]
Changes = tuple[tuple[str, str], ...]  # (question id, new value) pairs


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


class WhatIf(NamedTuple):
    """A smallest change to the answers that would put another certification first."""

    changes: tuple[tuple[str, str], ...]  # (question id, new value)
    leader: str
    margin: int
    text: str


class Result(NamedTuple):
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
        # Certifications are kept in tie order: an exact tie goes to the one listed first by the
        # data's stated principle (``[advice] tie_order``), never to the order of the file.
        order = catalog.advice.tie_order if catalog.advice else tuple(catalog.certs)
        self.codes: tuple[str, ...] = tuple(order)
        self._order = {code: index for index, code in enumerate(self.codes)}
        self._when = tuple(
            (q.id, q.neutral, None if q.when.kind == "always" else compile_condition(q.when))
            for q in self.questions
        )
        self.when_by_id = {qid: when for qid, _neutral, when in self._when}
        self._neutral = {q.id: q.neutral for q in self.questions}
        self._order_q = {q.id: index for index, q in enumerate(self.questions)}
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
        self._gating = frozenset(q for q, shown in self._gates.items() if shown)
        # How the what-if names a change: "your preferred setting were “Outpatient …”".
        self._phrases = {
            q.id: {c.value: f"your {q.short} were “{c.label}”" for c in q.choices} for q in self.questions
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
        self._bounds_cache: dict[
            tuple[str, str], tuple[dict[str, int], dict[str, dict[str, tuple[tuple[str, int], ...]]]]
        ] = {}
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
        # The same points as dense vectors in file order, for the what-if search: the change
        # from one value to another, and each rule's points.
        self._deltas = {
            q.id: {
                old: {
                    new: tuple(
                        self._value_dicts[q.id][new].get(code, 0) - self._value_dicts[q.id][old].get(code, 0)
                        for code in self.codes
                    )
                    for new in q.values
                }
                for old in q.values
            }
            for q in self.questions
        }
        self._dense_scoring = tuple(
            (holds, tuple(dict(points).get(code, 0) for code in self.codes))
            for holds, points in self._scoring
        )
        # For the explained result: each rule's reasons, made once, and which single-question
        # rules fire for each answer value.
        self._effects = tuple(
            tuple((code, amount, Reason(rule.id, rule.reason_for(code), amount)) for code, amount in points)
            for rule, _holds, _questions, points in self.rules
        )
        self._fired_by_value = tuple(
            (
                q.id,
                {
                    value: tuple(
                        i
                        for i in self._rules_reading[q.id]
                        if i not in self.multi_rules[q.id] and self.rules[i][1]({q.id: value})
                    )
                    for value in q.values
                },
            )
            for q in self.questions
        )
        # The first path in file order whose certification and condition match is the plan.
        self._paths = tuple((p, compile_condition(p.when)) for p in catalog.paths)
        self._per_value = tuple((q.id, self.value_points[q.id]) for q in self.questions)
        multi = sorted({i for q in self.questions for i in self.multi_rules[q.id]})
        self._multi_scoring = tuple(self._scoring[i] for i in multi)
        self._multi_holds = tuple((i, self.rules[i][1]) for i in multi)
        # Rules a change to each question can touch: its own, and those of every question whose
        # `when` it (transitively) decides.
        self._reach_rules: dict[str, list[int]] = {}
        self._decides: dict[str, tuple[str, ...]] = {}  # the questions it shows or hides, transitively
        for q in self.questions:
            seen, stack = {q.id}, [q.id]
            while stack:
                for dependent in self._gates[stack.pop()]:
                    if dependent not in seen:
                        seen.add(dependent)
                        stack.append(dependent)
            self._reach_rules[q.id] = sorted({i for d in seen for i in self._rules_reading[d]})
            self._decides[q.id] = tuple(d.id for d in self.questions if d.id in seen and d.id != q.id)

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
        # The cap keeps the order of totals and ties on it go to the uncapped total, so sorting
        # by total alone gives the same order; the sort is stable, so equal totals keep file order.
        return sorted(self.codes, key=totals.__getitem__, reverse=True)

    def rank_codes(self, answers: Mapping[str, str]) -> tuple[str, ...]:
        """Just the ranked codes: what the audit and the what-if need."""
        return tuple(self.order(self.totals(self.effective(answers))))

    # -- the explained result -------------------------------------------------------------------

    def recommend(self, answers: Mapping[str, str]) -> Result:
        """Score every certification, explain it, and find the what-if and next steps."""
        effective = self.effective(answers)
        # Which rules fire: single-question rules are looked up by answer, the rest evaluated.
        fired = [i for question, per_value in self._fired_by_value for i in per_value[effective[question]]]
        fired += [i for i, holds in self._multi_holds if holds(effective)]
        fired.sort()  # reasons are listed in the data file's rule order
        reasons: dict[str, list[Reason]] = {code: [] for code in self.codes}
        totals = dict.fromkeys(self.codes, BASE_SCORE)
        for index in fired:
            for code, amount, reason in self._effects[index]:
                totals[code] += amount
                reasons[code].append(reason)
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
        ignored = tuple(
            q for q, _neutral, when in self._when if q in answers and when and not when(effective)
        )
        return Result(
            answers=dict(answers),
            effective=effective,
            ranking=ranking,
            recommendation=top.code,
            margin=margin,
            tie_break=tie_break,
            what_if=self._what_if(answers, effective, ranking, fired),
            next_steps=tuple(step for step, holds in self._steps[top.code] if holds(effective)),
            ignored=ignored,
            path=next((p for p, holds in self._paths if p.cert == top.code and holds(effective)), None),
        )

    def _what_if(
        self,
        answers: Mapping[str, str],
        effective: Mapping[str, str],
        ranking: tuple[Ranked, ...],
        fired: Iterable[int],
    ) -> tuple[WhatIf, ...]:
        """The fewest answer changes that would put the runner-up first."""
        if len(ranking) < 2:
            return ()
        top, runner_up = ranking[0].code, ranking[1].code
        # Ties on the capped score go to the higher uncapped total, so the runner-up can only
        # take first place if its uncapped total catches up: the gap to close is uncapped.
        gap = ranking[0].total - ranking[1].total
        # Upper bounds per (question, new value) on how far the change can close the gap; a
        # change set is scored only if its bounds add up to the gap (see `_bounds`).
        reach, table = self._bounds(top, runner_up)
        gains = {
            q: table[q][effective[q]] for q, _neutral, when in self._when if when is None or when(effective)
        }
        singles = [(g, ((q, v),)) for q, values in gains.items() for v, g in values if g >= gap]
        totals = {ranked.code: ranked.total for ranked in ranking}
        search = _Search(self, answers, effective, [totals[code] for code in self.codes], set(fired))
        leader, runner = self._order[top], self._order[runner_up]
        found = search.flips(singles, leader, runner, gap)
        if not found:
            # A pair's bound is the sum of its two changes' bounds. When the first change hides
            # the second question, the second's bound means nothing (it may even be negative),
            # but such a pair scores exactly like the first change alone, which has already
            # failed as a single, so nothing is lost by filtering it out.
            pairs = [
                (ga + gb, ((a, va), (b, vb)))
                for a, b in combinations(gains, 2)
                if reach[a] + reach[b] >= gap
                for va, ga in gains[a]
                for vb, gb in gains[b]
                if ga + gb >= gap
            ]
            found = search.flips(pairs, leader, runner, gap)
        return tuple(
            WhatIf(changes, runner_up, margin, self._describe(changes, runner_up, margin))
            for changes, margin in found
        )

    def _bounds(
        self, top: str, runner_up: str
    ) -> tuple[dict[str, int], dict[str, dict[str, tuple[tuple[str, int], ...]]]]:
        """Per question, the points at stake between two certifications in every rule a change
        to it can reach; and per (question, current value), each other value with an upper bound
        on how far switching to it can close the leader's uncapped lead.

        Single-question rules move by known amounts; the other rules a change reaches are bounded
        by all their points, and a question the change shows or hides by its widest swing.
        Cached: it depends only on the pair, of which there are few.
        """
        key = (top, runner_up)
        cached = self._bounds_cache.get(key)
        if cached is not None:
            return cached
        stakes = [abs(points.get(runner_up, 0)) + abs(points.get(top, 0)) for points in self._points]
        reach = {q.id: sum(stakes[i] for i in self._reach_rules[q.id]) for q in self.questions}
        # Per question and value: the runner-up's points less the leader's, from the question's
        # single-question rules; its other rules can move by at most their stakes.
        edge = {
            q.id: {v: p.get(runner_up, 0) - p.get(top, 0) for v, p in self._value_dicts[q.id].items()}
            for q in self.questions
        }
        others = {q.id: sum(stakes[i] for i in self.multi_rules[q.id]) for q in self.questions}
        # A question that is shown or hidden can move from any value to any other.
        widest = {q: max(values.values()) - min(values.values()) + others[q] for q, values in edge.items()}
        table = {
            q.id: {
                old: tuple(
                    (
                        new,
                        edge[q.id][new]
                        - edge[q.id][old]
                        + others[q.id]
                        + sum(widest[d] for d in self._decides[q.id]),
                    )
                    for new in q.values
                    if new != old
                )
                for old in q.values
            }
            for q in self.questions
        }
        self._bounds_cache[key] = (reach, table)
        return reach, table

    def asked(self, question_id: str, effective: Mapping[str, str]) -> bool:
        """True when the question's `when` holds for these (effective) answers."""
        when = self.when_by_id[question_id]
        return when is None or when(effective)

    def _describe(self, changes: tuple[tuple[str, str], ...], leader: str, margin: int) -> str:
        parts = [self._phrases[qid][value] for qid, value in changes]
        lead = f"by {margin} point{'s' if margin != 1 else ''}" if margin else "on the tie-break"
        return f"If {' and '.join(parts)}, {leader} would lead {lead}."


class _Search:
    """Scores candidate answer changes for one profile's what-if, reusing its totals.

    Totals are lists in file order, so an index is also the tie-break rank. Single-question rules
    move by their precomputed per-value points; only rules that read several answers are checked
    again, so a candidate costs a few vector additions rather than a full scoring.
    """

    def __init__(
        self,
        engine: Engine,
        answers: Mapping[str, str],
        effective: Mapping[str, str],
        base: list[int],
        fired: set[int],
    ) -> None:
        self.engine = engine
        self.answers = answers
        self.effective = effective
        self.base = base
        self.fired = fired

    def totals_after(self, changes: tuple[tuple[str, str], ...]) -> list[int]:
        """Every certification's total (in file order) once these answers change."""
        engine, effective = self.engine, self.effective
        changed = dict(changes)
        new_effective = {**effective, **changed}
        # Showing or hiding a question can bring back an answer it had (or drop one): every
        # question a change decides is worked out again. A `when` reads only earlier questions,
        # so going in question order settles chains of them.
        if len(changes) == 1:
            decided = engine._decides[changes[0][0]]  # already in question order
        else:
            decided = tuple(
                sorted({d for q in changed for d in engine._decides[q]}, key=engine._order_q.__getitem__)
            )
        if decided:
            wanted = {**self.answers, **changed}
            for shown in decided:
                when, neutral = engine.when_by_id[shown], engine._neutral[shown]
                asked = when is None or when(new_effective)
                new_effective[shown] = wanted.get(shown, neutral) if asked else neutral
        moved = [
            (q, effective[q], new_effective[q])
            for q in dict.fromkeys((*changed, *decided))  # a change may also be one it shows
            if new_effective[q] != effective[q]
        ]
        # Single-question rules move by their precomputed per-value points; a rule that reads
        # several answers is checked again, once even if it reads two that moved.
        totals = self.base
        for q, old, new in moved:
            totals = list(map(add, totals, engine._deltas[q][old][new]))
        for index in dict.fromkeys(i for q, _old, _new in moved for i in engine.multi_rules[q]):
            holds, points = engine._dense_scoring[index]
            after = holds(new_effective)
            if (index in self.fired) != after:
                totals = list(map(add if after else sub, totals, points))
        return totals

    def flips(
        self, candidates: Sequence[tuple[int, Changes]], leader: int, runner: int, gap: int
    ) -> list[tuple[Changes, int]]:
        """Of the (bound, changes) candidates, the few that put certification ``runner`` first
        with the widest leads, widest first; among equal leads, the one listed first.

        A lead is at most the candidate's bound less the gap: the leader is one of those the
        runner-up must pass, and the 0-100 cap only narrows leads. So candidates are tried by
        falling bound, and the search stops once enough leads beat every bound still to come.
        """
        engine, base, effective, fired = self.engine, self.base, self.effective, self.fired
        gating, deltas, multi, dense = (
            engine._gating,
            engine._deltas,
            engine.multi_rules,
            engine._dense_scoring,
        )
        found: list[tuple[int, int, Changes]] = []  # (-lead, position in candidates, changes)
        widest: list[int] = []  # the best leads so far, widest first, at most MAX_WHAT_IFS
        for position in sorted(range(len(candidates)), key=lambda i: -candidates[i][0]):
            bound, changes = candidates[position]
            if len(widest) == MAX_WHAT_IFS and widest[-1] > bound - gap:
                break
            if changes[0][0] in gating or changes[-1][0] in gating:
                totals = self.totals_after(changes)
            else:
                # The common case, spelled out: answers that show or hide nothing.
                totals = base
                for q, v in changes:
                    totals = list(map(add, totals, deltas[q][effective[q]][v]))
                touched = (
                    multi[changes[0][0]] if len(changes) == 1 else multi[changes[0][0]] + multi[changes[1][0]]
                )
                if touched:
                    new_effective = {**effective, **dict(changes)}
                    for index in dict.fromkeys(touched) if len(changes) > 1 else touched:
                        holds, points = dense[index]
                        after = holds(new_effective)
                        if (index in fired) != after:
                            totals = list(map(add if after else sub, totals, points))
            mine = totals[runner]
            if mine < totals[leader]:
                continue  # the leader still has more points: nothing to rank
            # First place needs more points than every certification listed before the runner-up,
            # and at least as many as every one after it. (The capped score never disagrees: the
            # cap keeps the order of totals, and ties on it go to the uncapped total.)
            ahead, behind = totals[:runner], totals[runner + 1 :]
            if (ahead and max(ahead) >= mine) or (behind and max(behind) > mine):
                continue
            lead = _cap(mine) - _cap(max(ahead + behind))
            found.append((-lead, position, changes))
            widest = sorted([*widest, lead], reverse=True)[:MAX_WHAT_IFS]
        found.sort()
        return [(changes, -lead) for lead, _position, changes in found[:MAX_WHAT_IFS]]


def steps_for(cert: Cert, effective: Mapping[str, str]) -> tuple[Step, ...]:
    """The certification's next steps whose conditions hold for these answers."""
    return tuple(step for step in cert.next_steps if compile_condition(step.when)(effective))


def recommend(catalog: Catalog, answers: Mapping[str, str]) -> Result:
    """Convenience: build an engine and score one set of answers."""
    return Engine(catalog).recommend(answers)


def _cap(total: int) -> int:
    return 0 if total < 0 else 100 if total > 100 else total
