"""What-ifs for many profiles at once: the batch's search, as numpy arrays.

``what_ifs_many`` gives, for every profile, exactly what ``whatif.what_ifs`` gives for it (the
tests compare the two profile by profile); only the arithmetic is shared out. Every candidate
change of every profile becomes one row: its answers with the change applied, scored by the
audit's grid scoring. The tests a what-if must pass (a new, matched leader that a changed answer
speaks for; no new conflict; a stated answer overturned only towards the same kind of work) are
array operations over the rows, so plain Python sees only the few rows that pass them.

As in ``whatif``, pairs of changes are tried only for the profiles where no single change works.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from certadvisor.core.advice import LOW, MAX_DECIDING, assess
from certadvisor.core.engine import BASE_SCORE, Changes, Deciding, Engine, Result, WhatIf
from certadvisor.core.whatif import MAX_WHAT_IFS, same_kind_of_work
from certadvisor.fast.arrays import np
from certadvisor.fast.grid import Grid


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


def recommend_many(engine: Engine, bulk: BulkWhatIfs, answers: Sequence[Mapping[str, str]]) -> list[Result]:
    """``engine.recommend`` for each set of answers, with the what-ifs found in one pass (or
    one set at a time, for a data file with more than ``MAX_BULK_RULES`` rules)."""
    if len(engine.rules) > MAX_BULK_RULES:
        return [engine.recommend(given) for given in answers]
    results = [assess(engine, given, searches=False) for given in answers]
    profiles = [Profile.of(result) for result in results]
    found = bulk.what_ifs(profiles)
    low = [i for i, result in enumerate(results) if result.confidence.level == LOW]
    deciding = dict(zip(low, bulk.deciding([profiles[i] for i in low]), strict=True))
    return [
        result._replace(what_if=what_if, deciding=deciding.get(i, ()))
        for i, (result, what_if) in enumerate(zip(results, found, strict=True))
    ]


class _Rows(NamedTuple):
    """Candidate changes, one per row: whose they are, and what they change (-1: no second)."""

    profile: Any  # int array: index into the profiles
    first_question: Any
    first_value: Any
    second_question: Any
    second_value: Any
    position: Any  # the candidate's place in whatif's own candidate list, for the same tie-break


class BulkWhatIfs:
    """The what-if search of ``whatif.what_ifs``, for many profiles in one pass."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.grid = Grid(engine)
        questions = engine.questions
        self.place = {q.id: i for i, q in enumerate(questions)}
        self.value_index = self.grid.index
        self.neutral = np.array([self.value_index[q.id][q.neutral] for q in questions], dtype=np.intp)
        codes = engine.codes
        self.same_kind = np.array([[same_kind_of_work(engine, a, b) for b in codes] for a in codes])
        self.code_place = {code: i for i, code in enumerate(codes)}
        # Per (question, certification), as indexes: the rules that read the question and give
        # the certification points (``Engine.speaking_for``).
        self.speaking = {
            (self.place[qid], self.code_place[code]): indexes
            for (qid, code), indexes in engine.speaking_rules().items()
        }
        self.conflicts = tuple(conflict for conflict, _holds in engine.conflicts)

    def what_ifs(self, profiles: Sequence[Profile]) -> list[tuple[WhatIf, ...]]:
        """Each profile's what-ifs, as ``whatif.what_ifs`` finds them."""
        engine = self.engine
        singles = [self._singles(p) for p in profiles]
        raw = self._raw_rows(profiles)
        answered = np.array(
            [[q.id in p.answers for q in engine.questions] for p in profiles], dtype=bool
        ).reshape(len(profiles), len(engine.questions))
        rows = _single_rows(singles)
        blocks = (_part(rows, start, stop) for start, stop in self.grid.blocks(len(rows.profile)))
        found = self._search(profiles, raw, answered, blocks)
        pending = [i for i in range(len(profiles)) if not found[i]]
        if pending:
            pair_blocks = _pair_blocks(singles, pending, self.grid.block_rows)
            pairs = self._search(profiles, raw, answered, pair_blocks)
            for i in pending:
                found[i] = pairs[i]
        return [self._chosen(p, best) for p, best in zip(profiles, found, strict=True)]

    def _singles(self, profile: Profile) -> list[tuple[int, int]]:
        """(question, value) indexes of the single changes, in ``whatif.single_changes`` order."""
        engine, effective = self.engine, profile.effective
        changes = []
        for q in engine.preferences:
            if not engine.asked(q.id, effective):
                continue
            index = self.value_index[q.id]
            for value in q.values:
                if value != effective[q.id] and value != q.neutral:
                    changes.append((self.place[q.id], index[value]))
        return changes

    def deciding(self, profiles: Sequence[Profile]) -> list[tuple[Deciding, ...]]:
        """Each profile's deciding questions, as ``advice.deciding_questions`` finds them."""
        engine = self.engine
        # One row per value of each asked, unanswered preference question, per profile.
        owner, asked, values, position = [], [], [], []
        for p, profile in enumerate(profiles):
            effective = profile.effective
            for index, q in enumerate(engine.preferences):
                if effective[q.id] != q.neutral or not engine.asked(q.id, effective):
                    continue
                for value in range(len(q.values)):
                    owner.append(p)
                    asked.append(self.place[q.id])
                    values.append(value)
                    position.append(index)
        none = np.full(len(owner), -1, dtype=np.intp)
        rows = _Rows(
            np.array(owner, dtype=np.intp),
            np.array(asked, dtype=np.intp),
            np.array(values, dtype=np.intp),
            none,
            none,
            np.array(position, dtype=np.intp),
        )
        leaders: list[dict[int, dict[str, None]]] = [{} for _ in profiles]
        raw = self._raw_rows(profiles)
        for start, stop in self.grid.blocks(len(owner)):
            _columns, _masks, totals = self._score(raw, _part(rows, start, stop))
            leader = totals.argmax(axis=0)  # the first of equal totals: the tie order
            matched = totals[leader, np.arange(stop - start)] > BASE_SCORE
            for row in range(start, stop):
                found = leaders[owner[row]].setdefault(position[row], {})
                if matched[row - start]:
                    found[engine.codes[int(leader[row - start])]] = None
        return [self._settling(profile, found) for profile, found in zip(profiles, leaders, strict=True)]

    def _settling(self, profile: Profile, leaders: Mapping[int, Mapping[str, None]]) -> tuple[Deciding, ...]:
        """The questions that lead to the most different first places (then the earlier one)."""
        found = [
            (-len(picks), index, Deciding(self.engine.preferences[index].id, tuple(picks)))
            for index, picks in leaders.items()
            if len(picks) > 1 or (picks and profile.top not in picks)
        ]
        found.sort()
        return tuple(entry for _n, _i, entry in found[:MAX_DECIDING])

    def _raw_rows(self, profiles: Sequence[Profile]) -> Any:
        """Each profile's answers as value indexes (neutral where unanswered), one row each."""
        questions = self.engine.questions
        return np.array(
            [
                [
                    self.value_index[q.id][p.answers[q.id]] if q.id in p.answers else int(self.neutral[i])
                    for i, q in enumerate(questions)
                ]
                for p in profiles
            ],
            dtype=np.intp,
        ).reshape(len(profiles), len(questions))

    def _score(self, raw: Any, rows: _Rows) -> tuple[dict[str, Any], list[Any], Any]:
        """Each row's profile with its change applied: effective columns, rule masks, totals."""
        count = len(rows.profile)
        arange = np.arange(count)
        changed = raw[rows.profile]
        changed[arange, rows.first_question] = rows.first_value
        two = rows.second_question >= 0
        changed[arange[two], rows.second_question[two]] = rows.second_value[two]
        grid = self.grid
        columns, _counted = grid.effective(
            {q.id: changed[:, i] for i, q in enumerate(self.engine.questions)}, count
        )
        masks = grid.rule_masks(columns, count)
        return columns, masks, grid.totals(columns, masks, count)

    def _search(
        self, profiles: Sequence[Profile], raw: Any, answered: Any, blocks: Iterable[_Rows]
    ) -> list[dict[str, tuple[tuple[int, int, int], Changes, int]]]:
        """Per profile, the best candidate for each new leader (as ``whatif._search`` keys it).

        The candidates come, and are scored, a block at a time (about ``Grid.block_rows``), so
        memory stays bounded however many a data file's questions make.
        """
        best: list[dict[str, tuple[tuple[int, int, int], Changes, int]]] = [{} for _ in profiles]
        for block in blocks:
            self._search_block(profiles, raw, answered, block, best)
        return best

    def _search_block(
        self,
        profiles: Sequence[Profile],
        raw: Any,
        answered: Any,
        rows: _Rows,
        best: list[dict[str, tuple[tuple[int, int, int], Changes, int]]],
    ) -> None:
        """Score one block of candidate rows into ``best``."""
        count = len(rows.profile)
        engine = self.engine
        arange = np.arange(count)
        two = rows.second_question >= 0
        columns, masks, totals = self._score(raw, rows)
        leader = totals.argmax(axis=0)  # the first of equal totals: the tie order, as max() keeps
        top = np.array([self.code_place[p.top] for p in profiles])[rows.profile]
        leading = totals[leader, arange]
        ok = (leader != top) & (leading > BASE_SCORE)
        overturned = answered[rows.profile, rows.first_question].astype(np.int8)
        overturned[two] += answered[rows.profile[two], rows.second_question[two]]
        ok &= (overturned == 0) | self.same_kind[leader, top]
        ok &= self._speaks(masks, rows, leader, count)
        ok &= ~self._new_conflict(profiles, columns, rows.profile, count)
        if not ok.any():
            return
        others = totals.copy()
        others[leader, arange] = np.iinfo(np.int32).min
        runner_up = others.max(axis=0)
        lead = np.minimum(100, leading - runner_up)
        codes, questions = engine.codes, engine.questions
        for row in np.flatnonzero(ok).tolist():
            p = int(rows.profile[row])
            code = codes[int(leader[row])]
            key = (int(overturned[row]), -int(lead[row]), int(rows.position[row]))
            if code in best[p] and best[p][code][0] <= key:
                continue
            first = questions[int(rows.first_question[row])]
            changes: Changes = ((first.id, first.values[int(rows.first_value[row])]),)
            if rows.second_question[row] >= 0:
                second = questions[int(rows.second_question[row])]
                changes += ((second.id, second.values[int(rows.second_value[row])]),)
            best[p][code] = (key, changes, int(lead[row]))

    def _speaks(self, masks: Sequence[Any], rows: _Rows, leader: Any, count: int) -> Any:
        """Per row: a rule that reads a changed answer gives the new leader points, and holds."""
        speaks = np.zeros(count, dtype=bool)
        two = rows.second_question >= 0
        for (question, code), indexes in self.speaking.items():
            for_leader = leader == code
            changed = (rows.first_question == question) | (two & (rows.second_question == question))
            where = for_leader & changed
            if not where.any():
                continue
            holds = np.zeros(count, dtype=bool)
            for index in indexes:
                holds |= masks[index]
            speaks |= where & holds
        return speaks

    def _new_conflict(
        self, profiles: Sequence[Profile], columns: Mapping[str, Any], owner: Any, count: int
    ) -> Any:
        """Per row: the change brings in a conflict the profile's answers did not already have."""
        new = np.zeros(count, dtype=bool)
        if not self.conflicts:
            return new
        before = np.array(
            [[c.id in p.conflicts for c in self.conflicts] for p in profiles], dtype=bool
        ).reshape(len(profiles), len(self.conflicts))
        for index, conflict in enumerate(self.conflicts):
            holds = self.grid.mask(conflict.when, columns, count)
            new |= holds & ~before[owner, index]
        return new

    def _chosen(
        self, profile: Profile, best: dict[str, tuple[tuple[int, int, int], Changes, int]]
    ) -> tuple[WhatIf, ...]:
        """At most three what-ifs, the credentials ranked closest to the pick first."""
        if not best:
            return ()
        place = {code: index for index, code in enumerate(self.engine.order(profile.totals))}
        chosen = sorted(best.items(), key=lambda item: (place[item[0]], item[1][0]))[:MAX_WHAT_IFS]
        return tuple(WhatIf(changes, leader, lead) for leader, (_key, changes, lead) in chosen)


def _single_rows(singles: Sequence[Sequence[tuple[int, int]]]) -> _Rows:
    owner = [p for p, changes in enumerate(singles) for _change in changes]
    flat = [change for changes in singles for change in changes]
    position = [i for changes in singles for i in range(len(changes))]
    none = np.full(len(flat), -1, dtype=np.intp)
    pairs = np.array(flat, dtype=np.intp).reshape(len(flat), 2)
    return _Rows(
        np.array(owner, dtype=np.intp),
        pairs[:, 0],
        pairs[:, 1],
        none,
        none.copy(),
        np.array(position, dtype=np.intp),
    )


def _pair_blocks(
    singles: Sequence[Sequence[tuple[int, int]]], pending: Sequence[int], size: int
) -> Iterator[_Rows]:
    """Every pair of one profile's single changes to two different questions, in
    ``itertools.combinations`` order (the order ``whatif`` tries them in), in blocks of about
    ``size`` rows: a profile with very many single changes is split, so no block grows past
    ``size`` by more than one profile's single changes."""
    parts: list[_Rows] = []
    count = 0
    for p in pending:
        changes = np.array(singles[p], dtype=np.intp).reshape(len(singles[p]), 2)
        for part in _pairs_of(p, changes, size):
            parts.append(part)
            count += len(part.profile)
            if count >= size:
                yield _joined(parts)
                parts, count = [], 0
    if parts:
        yield _joined(parts)


def _pairs_of(p: int, changes: Any, size: int) -> Iterator[_Rows]:
    """Profile ``p``'s pairs of changes to two different questions: all at once when they fit in
    a block, else one first change at a time."""
    n = len(changes)
    if n * (n - 1) // 2 <= size:
        i, j = _upper_pairs(n)
        keep = changes[i, 0] != changes[j, 0]
        yield _pair_part(p, changes, i[keep], j[keep], 0)
        return
    position = 0
    for first in range(n - 1):
        j = np.arange(first + 1, n)
        j = j[changes[j, 0] != changes[first, 0]]
        yield _pair_part(p, changes, np.full(len(j), first), j, position)
        position += len(j)


def _pair_part(p: int, changes: Any, i: Any, j: Any, position: int) -> _Rows:
    return _Rows(
        np.full(len(i), p, dtype=np.intp),
        changes[i, 0],
        changes[i, 1],
        changes[j, 0],
        changes[j, 1],
        np.arange(position, position + len(i)),
    )


def _joined(parts: Sequence[_Rows]) -> _Rows:
    return _Rows(*(np.concatenate(column) for column in zip(*parts, strict=True)))


@lru_cache(maxsize=64)
def _upper_pairs(count: int) -> tuple[Any, Any]:
    """Index pairs (i < j) of ``count`` items, in ``itertools.combinations`` order."""
    return np.triu_indices(count, 1)


def _part(rows: _Rows, start: int, stop: int) -> _Rows:
    """Rows ``start`` to ``stop`` of some candidate rows."""
    return _Rows(*(column[start:stop] for column in rows))
