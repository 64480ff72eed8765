"""The what-if and deciding-question searches for one profile: candidates scored one at a time.

What is tried, kept and shown is the policy (``policy``, with its rules in its docstring); the
batch's bulk search (``fast.whatif_bulk``) applies the same policy to many profiles at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from certadvisor.core import policy
from certadvisor.core.policy import SINGLES, Best
from certadvisor.core.rules import BASE_SCORE, RuleSet
from certadvisor.model.results import Changes, Deciding, WhatIf


class _Base:
    """One profile's answers, effective answers and totals, from which changes are scored.

    Changes are applied one answer at a time with ``RuleSet.change``, so a pair costs two small
    updates rather than a full scoring (same figures: ``change`` has its own oracle test).
    """

    def __init__(self, rules: RuleSet, answers: Mapping[str, str], effective: Mapping[str, str]) -> None:
        self.rules, self.answers, self.effective = rules, answers, effective
        self.totals = rules.totals(effective)
        self.conflicts = {c.id for c in rules.conflicts_in(effective)}
        self.same_kind: dict[tuple[str, str], bool] = {}
        self._last: tuple[tuple[str, str], tuple[dict[str, str], dict[str, str], dict[str, int]]] | None
        self._last = None

    def _single(self, question: str, value: str) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
        # A pair search tries every pair with the same first change in a row: keep the last
        # single change only, so memory does not grow with the number of changes.
        key = (question, value)
        if self._last is None or self._last[0] != key:
            effective, totals = self.rules.change(self.answers, self.effective, self.totals, question, value)
            self._last = (key, ({**self.answers, question: value}, effective, totals))
        return self._last[1]

    def outcome(self, changes: Changes) -> tuple[Mapping[str, str], dict[str, int]]:
        """The effective answers and totals once ``changes`` are applied."""
        answers, effective, totals = self._single(*changes[0])
        for question, value in changes[1:]:
            effective, totals = self.rules.change(answers, effective, totals, question, value)
            answers = {**answers, question: value}
        return effective, totals


class _Candidate:
    """The facts the policy's sensible test asks of one scored candidate (``policy.Facts``)."""

    def __init__(self, base: _Base, top: str) -> None:
        self.base, self.top = base, top
        self.changes: Changes = ()
        self.after: Mapping[str, str] = {}
        self.totals: Mapping[str, int] = {}
        self.leader = top

    def new_leader(self) -> bool:
        return self.leader != self.top

    def matched(self) -> bool:
        return self.totals[self.leader] > BASE_SCORE

    def fills_in(self) -> bool:
        return not any(question in self.base.answers for question, _value in self.changes)

    def same_kind(self) -> bool:
        pair, known = (self.leader, self.top), self.base.same_kind
        if pair not in known:
            known[pair] = policy.same_kind_of_work(self.base.rules.catalog, self.leader, self.top)
        return known[pair]

    def speaks(self) -> bool:
        speaking_for, after = self.base.rules.speaking_for, self.after
        return any(holds(after) for q, _value in self.changes for holds in speaking_for(q, self.leader))

    def no_new_conflict(self) -> bool:
        before = self.base.conflicts
        return all(c.id in before for c in self.base.rules.conflicts_in(self.after))


def what_ifs(
    rules: RuleSet, answers: Mapping[str, str], effective: Mapping[str, str], top: str
) -> tuple[WhatIf, ...]:
    """Up to three sensible what-ifs, each reaching a different credential (see ``policy``)."""
    base = _Base(rules, answers, effective)
    singles = policy.single_changes(rules, effective)

    def search(stage: str, _profiles: Sequence[int]) -> list[Best]:
        return [_search(base, top, singles if stage is SINGLES else policy.pairs(singles))]

    [best] = policy.in_stages(search, 1)
    return best.chosen(rules.order(base.totals))


def _search(base: _Base, top: str, candidates: Iterable[Changes]) -> Best:
    """Per new leader, the best sensible candidate (candidates are made one at a time: a pair
    search never holds all its pairs at once)."""
    best = Best()
    codes, answers = base.rules.codes, base.answers
    candidate = _Candidate(base, top)
    for position, changes in enumerate(candidates):
        after, totals = base.outcome(changes)
        candidate.changes, candidate.after, candidate.totals = changes, after, totals
        leader = candidate.leader = policy.leader(codes, totals)
        if not policy.sensible(candidate):
            continue
        runner_up = max(totals[code] for code in codes if code != leader)
        lead = policy.lead(totals[leader], runner_up)
        overturned = sum(q in answers for q, _value in changes)
        best.keep(leader, policy.key(overturned, lead, position), changes, lead)
    return best


def deciding_questions(
    rules: RuleSet, answers: Mapping[str, str], effective: Mapping[str, str], top: str
) -> tuple[Deciding, ...]:
    """The one or two unanswered preference questions whose answer would most change the pick
    (see ``policy.deciding``)."""
    totals = rules.totals(effective)
    outcomes: dict[int, list[tuple[str, int]]] = {}
    for index, q, values in policy.deciding_candidates(rules, effective):
        firsts = outcomes[index] = []
        for value in values:
            _after, moved = rules.change(answers, effective, totals, q.id, value)
            leader = policy.leader(rules.codes, moved)
            firsts.append((leader, moved[leader]))
    return policy.deciding(outcomes, top, rules.preferences)
