"""What-ifs for many profiles at once: the batch's search, as numpy arrays.

``BulkWhatIfs`` gives, for every profile, exactly what ``whatif.what_ifs`` and
``whatif.deciding_questions`` give for it (the tests compare them profile by profile): both
apply the one policy (``core.policy``: the candidates and their order, the sensible test, the
tie-break, the choice of three, the deciding questions), and only the scoring is vectorised.
Every candidate change of every profile becomes one row: its answers with the change applied,
scored by the grid. The policy's sensible test runs over arrays of rows, so plain Python sees
only the few rows that pass it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from certadvisor.core import policy
from certadvisor.core.advice import LOW, assess
from certadvisor.core.policy import SINGLES, Best
from certadvisor.core.rules import BASE_SCORE, RuleSet
from certadvisor.fast.arrays import NDArray, np
from certadvisor.fast.grid import Grid, Totals
from certadvisor.fast.masks import Column, Columns, Mask, Values
from certadvisor.fast.rows import Index, Rows, pair_blocks, part, single_rows
from certadvisor.model.results import Changes, Deciding, Result, WhatIf


class Profile(NamedTuple):
    """One profile to find what-ifs for, as its result gives it."""

    answers: Mapping[str, str]  # as given
    effective: Mapping[str, str]
    top: str  # the pick
    totals: Mapping[str, int]  # uncapped, per certification
    conflicts: frozenset[str]  # the ids of the conflicts its answers fall into

    @classmethod
    def of(cls, result: Result) -> Profile:
        """The profile of a result (scored without what-ifs)."""
        return cls(
            result.answers,
            result.effective,
            result.recommendation,
            {ranked.code: ranked.total for ranked in result.ranking},
            frozenset(conflict.id for conflict in result.conflicts),
        )


# Past this many rules, checking every candidate against every rule costs more than the
# one-profile search, which re-checks only the rules a change touches (the measured break-even
# is in the README's Performance section; the shipped file has far fewer rules).
MAX_BULK_RULES = 300


def recommend_many(engine: RuleSet, bulk: BulkWhatIfs, answers: Sequence[Mapping[str, str]]) -> list[Result]:
    """``assess`` (``Engine.recommend``) for each set of answers, with the what-ifs found in one
    pass (or one set at a time, for a data file with more than ``MAX_BULK_RULES`` rules)."""
    if len(engine.rules) > MAX_BULK_RULES:
        return [assess(engine, given) for given in answers]
    results = [assess(engine, given, searches=False) for given in answers]
    profiles = [Profile.of(result) for result in results]
    found = bulk.what_ifs(profiles)
    low = [i for i, result in enumerate(results) if result.confidence.level == LOW]
    deciding = dict(zip(low, bulk.deciding([profiles[i] for i in low]), strict=True))
    return [
        result._replace(what_if=what_if, deciding=deciding.get(i, ()))
        for i, (result, what_if) in enumerate(zip(results, found, strict=True))
    ]


class BulkWhatIfs:
    """The what-if and deciding searches of ``whatif``, for many profiles in one pass."""

    def __init__(self, engine: RuleSet) -> None:
        self.engine = engine
        self.grid = Grid(engine)
        questions = engine.questions
        self.place = {q.id: i for i, q in enumerate(questions)}
        self.value_index = self.grid.index
        codes = engine.codes
        self.same_kind: Mask = np.array(
            [[policy.same_kind_of_work(engine.catalog, a, b) for b in codes] for a in codes], dtype=bool
        ).reshape(len(codes), len(codes))
        self.code_place = {code: i for i, code in enumerate(codes)}
        # Per (question, certification), as indexes: the rules that read the question and give
        # the certification points (``RuleSet.speaking_for``).
        self.speaking = {
            (self.place[qid], self.code_place[code]): indexes
            for (qid, code), indexes in engine.speaking_rules().items()
        }

    def what_ifs(self, profiles: Sequence[Profile]) -> list[tuple[WhatIf, ...]]:
        """Each profile's what-ifs, as ``whatif.what_ifs`` finds them."""
        singles = [self._singles(p) for p in profiles]
        scoring = _Scoring(self, profiles)

        def search(stage: str, which: Sequence[int]) -> list[Best]:
            if stage is SINGLES:
                rows = single_rows(singles)
                blocks: Iterable[Rows] = (
                    part(rows, start, stop) for start, stop in self.grid.blocks(len(rows.profile))
                )
            else:
                blocks = pair_blocks(singles, which, self.grid.block_rows)
            best = [Best() for _ in profiles]
            for block in blocks:
                scoring.search(block, best)
            return [best[i] for i in which]

        found = policy.in_stages(search, len(profiles))
        order = self.engine.order
        return [best.chosen(order(p.totals)) if best else () for p, best in zip(profiles, found, strict=True)]

    def _singles(self, profile: Profile) -> list[tuple[int, int]]:
        """(question, value) indexes of the policy's single changes, in its order."""
        return [
            (self.place[question], self.value_index[question][value])
            for [(question, value)] in policy.single_changes(self.engine, profile.effective)
        ]

    def deciding(self, profiles: Sequence[Profile]) -> list[tuple[Deciding, ...]]:
        """Each profile's deciding questions, as ``whatif.deciding_questions`` finds them."""
        engine = self.engine
        # One row per value of each candidate question (the policy's), per profile.
        owner, asked, values, position = [], [], [], []
        for p, profile in enumerate(profiles):
            for index, q, tried in policy.deciding_candidates(engine, profile.effective):
                for value in tried:
                    owner.append(p)
                    asked.append(self.place[q.id])
                    values.append(self.value_index[q.id][value])
                    position.append(index)
        none = np.full(len(owner), -1, dtype=np.intp)
        rows = Rows(_index(owner), _index(asked), _index(values), none, none, _index(position))
        outcomes: list[dict[int, list[tuple[str, int]]]] = [{} for _ in profiles]
        scoring = _Scoring(self, profiles)
        for start, stop in self.grid.blocks(len(owner)):
            _columns, _masks, totals = scoring.score(part(rows, start, stop))
            leader = totals.argmax(axis=0)  # the first of equal totals: the tie order
            leading = totals[leader, np.arange(stop - start)]
            for row, first, total in zip(range(start, stop), leader.tolist(), leading.tolist(), strict=True):
                outcomes[owner[row]].setdefault(position[row], []).append((engine.codes[first], total))
        return [
            policy.deciding(found, profile.top, engine.preferences)
            for profile, found in zip(profiles, outcomes, strict=True)
        ]


class _Scoring:
    """Candidate rows of some profiles, scored as arrays and weighed by the policy."""

    def __init__(self, bulk: BulkWhatIfs, profiles: Sequence[Profile]) -> None:
        self.bulk = bulk
        engine = bulk.engine
        questions = engine.questions
        # Each profile's answers as value indexes (neutral where unanswered), one row each.
        index = bulk.value_index
        self.raw: Values = np.array(
            [[index[q.id][p.answers.get(q.id, q.neutral)] for q in questions] for p in profiles],
            dtype=np.intp,
        ).reshape(len(profiles), len(questions))
        self.answered: Mask = np.array(
            [[q.id in p.answers for q in questions] for p in profiles], dtype=bool
        ).reshape(len(profiles), len(questions))
        self.top: Index = np.array([bulk.code_place[p.top] for p in profiles], dtype=np.intp)
        conflicts = engine.conflicts
        self.conflicted: Mask = np.array(
            [[c.id in p.conflicts for c, _when in conflicts] for p in profiles], dtype=bool
        ).reshape(len(profiles), len(conflicts))

    def score(self, rows: Rows) -> tuple[dict[str, Column], list[Mask], Totals]:
        """Each row's profile with its change applied: effective columns, rule masks, totals."""
        count = len(rows.profile)
        arange = np.arange(count)
        changed = self.raw[rows.profile]
        changed[arange, rows.first_question] = rows.first_value
        two = rows.second_question >= 0
        changed[arange[two], rows.second_question[two]] = rows.second_value[two]
        grid = self.bulk.grid
        columns, _counted = grid.effective({q.id: changed[:, i] for i, q in enumerate(grid.questions)}, count)
        masks = grid.rule_masks(columns, count)
        return columns, masks, grid.totals(columns, masks, count)

    def search(self, rows: Rows, best: list[Best]) -> None:
        """Score one block of candidate rows into ``best`` (per profile, by the policy)."""
        columns, masks, totals = self.score(rows)
        facts = _Facts(self, rows, columns, masks, totals)
        ok: Mask = np.ones(len(rows.profile), dtype=bool)
        for test in policy.SENSIBLE:
            ok &= test(facts)
            if not ok.any():
                return  # no row of this block is sensible: the other tests need not run
        kept = np.flatnonzero(ok)
        others = totals[:, kept]
        others[facts.leader[kept], np.arange(len(kept))] = np.iinfo(np.int32).min
        # Per kept row, as Python values: a few rows pass, and each is weighed by the policy.
        columns_of_kept = (
            rows.profile[kept].tolist(),
            facts.leader[kept].tolist(),
            facts.leading[kept].tolist(),
            others.max(axis=0).tolist(),
            facts.overturned[kept].tolist(),
            rows.position[kept].tolist(),
            kept.tolist(),
        )
        codes = self.bulk.engine.codes
        for p, leader, leading, runner_up, overturned, position, row in zip(*columns_of_kept, strict=True):
            lead = policy.lead(leading, runner_up)
            key = policy.key(overturned, lead, position)
            if best[p].wants(codes[leader], key):
                best[p].keep(codes[leader], key, self._changes(rows, row), lead)

    def _changes(self, rows: Rows, row: int) -> Changes:
        """The change (or two) of one candidate row, by question id and value."""
        questions = self.bulk.engine.questions
        first = questions[int(rows.first_question[row])]
        changes: Changes = ((first.id, first.values[int(rows.first_value[row])]),)
        if rows.second_question[row] >= 0:
            second = questions[int(rows.second_question[row])]
            changes += ((second.id, second.values[int(rows.second_value[row])]),)
        return changes


class _Facts:
    """The facts the policy's sensible test asks of a block of candidate rows, as arrays
    (``policy.Facts``)."""

    def __init__(
        self,
        scoring: _Scoring,
        rows: Rows,
        columns: Columns,
        masks: list[Mask],
        totals: Totals,
    ) -> None:
        self.scoring, self.rows, self.columns, self.masks = scoring, rows, columns, masks
        count = len(rows.profile)
        self.leader: Index = totals.argmax(axis=0)  # the first of equal totals: the tie order
        self.leading: NDArray[np.int32] = totals[self.leader, np.arange(count)]
        self.top: Index = scoring.top[rows.profile]
        two = rows.second_question >= 0
        answered = scoring.answered
        self.overturned: NDArray[np.int8] = answered[rows.profile, rows.first_question].astype(np.int8)
        self.overturned[two] += answered[rows.profile[two], rows.second_question[two]]

    def new_leader(self) -> Mask:
        found: Mask = self.leader != self.top
        return found

    def matched(self) -> Mask:
        found: Mask = self.leading > BASE_SCORE
        return found

    def fills_in(self) -> Mask:
        found: Mask = self.overturned == 0
        return found

    def same_kind(self) -> Mask:
        found: Mask = self.scoring.bulk.same_kind[self.leader, self.top]
        return found

    def speaks(self) -> Mask:
        rows, count = self.rows, len(self.rows.profile)
        speaks = np.zeros(count, dtype=bool)
        two = rows.second_question >= 0
        for (question, code), indexes in self.scoring.bulk.speaking.items():
            changed = (rows.first_question == question) | (two & (rows.second_question == question))
            where = (self.leader == code) & changed
            if not where.any():
                continue
            holds = np.zeros(count, dtype=bool)
            for index in indexes:
                holds |= self.masks[index]
            speaks |= where & holds
        return speaks

    def no_new_conflict(self) -> Mask:
        count = len(self.rows.profile)
        fine = np.ones(count, dtype=bool)
        grid, before = self.scoring.bulk.grid, self.scoring.conflicted
        for index, (_conflict, when) in enumerate(self.scoring.bulk.engine.conflicts):
            fine &= ~grid.mask(when, self.columns, count) | before[self.rows.profile, index]
        return fine


def _index(values: list[int]) -> Index:
    return np.array(values, dtype=np.intp)
