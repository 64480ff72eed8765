"""The what-if and deciding policy (``core.policy``), written once and followed by both searches.

The one-profile search (``whatif``) and the bulk search (``fast.whatif_bulk``) score candidates
differently (one at a time, or as arrays), but take the candidates, their order, the sensible
test, the tie-break and the choice of three from the policy: changing the policy changes both
alike, and the bulk's own layout of pairs follows the policy's order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import reduce
from operator import and_

import numpy as np
import pytest
from support import Oracle

from certadvisor.core import policy
from certadvisor.core.engine import Engine
from certadvisor.core.policy import PAIRS, SINGLES, Best
from certadvisor.fast.rows import Rows, pair_blocks
from certadvisor.fast.whatif_bulk import BulkWhatIfs, recommend_many
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Changes, Deciding, WhatIf


def _as_changes(singles: Sequence[tuple[int, int]]) -> list[Changes]:
    return [((f"q{q}", f"v{v}"),) for q, v in singles]


def _pairs_of_rows(blocks: Sequence[Rows]) -> list[tuple[int, int, Changes]]:
    found: list[tuple[int, int, Changes]] = []
    for rows in blocks:
        for p, q1, v1, q2, v2, position in zip(*(column.tolist() for column in rows), strict=True):
            found.append((p, position, ((f"q{q1}", f"v{v1}"), (f"q{q2}", f"v{v2}"))))
    return found


@pytest.mark.parametrize("size", [1, 5, 40, 10_000])
def test_the_bulk_lays_out_pairs_in_the_policys_order(size: int) -> None:
    rng = random.Random(size)
    # Single changes as the policy lists them: by question, then value (several per question).
    singles = [
        sorted({(rng.randrange(6), rng.randrange(4)) for _ in range(rng.randrange(0, 24))}) for _ in range(9)
    ]
    pending = [p for p in range(len(singles)) if p % 3]
    rows = _pairs_of_rows(list(pair_blocks(singles, pending, size)))
    expected = [
        (p, position, changes)
        for p in pending
        for position, changes in enumerate(policy.pairs(_as_changes(singles[p])))
    ]
    assert rows == expected
    if size <= 40:  # some profile's pairs are laid out one first change at a time
        assert any(len(singles[p]) * (len(singles[p]) - 1) // 2 > size for p in pending)


class _Row:
    """The sensible test's facts for one candidate."""

    def __init__(self, facts: Sequence[bool]) -> None:
        self.facts = facts

    def new_leader(self) -> bool:
        return self.facts[0]

    def matched(self) -> bool:
        return self.facts[1]

    def fills_in(self) -> bool:
        return self.facts[2]

    def same_kind(self) -> bool:
        return self.facts[3]

    def speaks(self) -> bool:
        return self.facts[4]

    def no_new_conflict(self) -> bool:
        return self.facts[5]


class _Rows:
    """The same facts for many candidates, as arrays."""

    def __init__(self, facts: np.ndarray[tuple[int, int], np.dtype[np.bool_]]) -> None:
        self.facts = facts

    def new_leader(self) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
        return self.facts[:, 0]

    def matched(self) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
        return self.facts[:, 1]

    def fills_in(self) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
        return self.facts[:, 2]

    def same_kind(self) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
        return self.facts[:, 3]

    def speaks(self) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
        return self.facts[:, 4]

    def no_new_conflict(self) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
        return self.facts[:, 5]


def test_the_sensible_test_means_the_same_over_arrays_and_one_candidate() -> None:
    every = np.array([[(n >> bit) & 1 for bit in range(6)] for n in range(64)], dtype=bool)
    over_arrays = reduce(and_, (test(_Rows(every)) for test in policy.SENSIBLE))
    one_by_one = [policy.sensible(_Row([bool(v) for v in row])) for row in every]
    assert over_arrays.tolist() == one_by_one
    # Kept: a new, matched leader the change speaks for, with no new conflict, reached by
    # filling in an answer or, overturning one, for the same kind of work.
    assert one_by_one.count(True) == 3


def test_best_keeps_per_leader_the_lowest_key_and_shows_the_three_closest() -> None:
    best = Best()
    assert not best
    best.keep("CCS", policy.key(1, 10, 0), (("goal", "a"),), 10)
    best.keep("CCS", policy.key(0, 2, 5), (("goal", "b"),), 2)  # fills in: beats a wider lead
    best.keep("CCS", policy.key(0, 2, 7), (("goal", "c"),), 2)  # same, later: loses
    best.keep("CPC", policy.key(0, 30, 1), (("setting", "x"),), 30)
    best.keep("CRC", policy.key(0, 3, 2), (("setting", "y"),), 3)
    best.keep("COC", policy.key(0, 3, 3), (("setting", "z"),), 3)
    assert best and not best.wants("CCS", policy.key(0, 2, 6)) and best.wants("CCS", policy.key(0, 3, 0))
    order = ["CIC", "COC", "CCS", "CRC", "CPC"]  # the profile's own ranking
    assert best.chosen(order) == (
        WhatIf((("setting", "z"),), "COC", 3),
        WhatIf((("goal", "b"),), "CCS", 2),
        WhatIf((("setting", "y"),), "CRC", 3),
    )
    assert policy.lead(180, 60) == 120  # uncapped, as the screens show the totals


def test_pairs_are_tried_only_for_the_profiles_no_single_change_works_for() -> None:
    tried: list[tuple[str, list[int]]] = []

    def search(stage: str, which: Sequence[int]) -> list[Best]:
        tried.append((stage, list(which)))
        found = [Best() for _ in which]
        for best, p in zip(found, which, strict=True):
            if stage is PAIRS or p % 2:
                best.keep("X", policy.key(0, 1, p), (("q", str(p)),), 1)
        return found

    assert all(policy.in_stages(search, 5))
    assert tried == [(SINGLES, [0, 1, 2, 3, 4]), (PAIRS, [0, 2, 4])]


def test_deciding_questions_lead_to_most_matched_first_places() -> None:
    class Q:
        def __init__(self, qid: str) -> None:
            self.id = qid

    preferences = [Q("goal"), Q("setting"), Q("employer"), Q("priority")]
    outcomes = {
        0: [("CPC", 60), ("CCS", 70), ("CPC", 55)],  # two first places
        1: [("CPC", 60), ("CPC", 58)],  # only the pick: not deciding
        2: [("CRC", 50), ("CCS", 61)],  # CRC at 50 is not matched: CCS only, not the pick
        3: [("COC", 52), ("CRC", 53), ("CPB", 54)],  # three
    }
    found = policy.deciding(outcomes, "CPC", preferences)  # type: ignore[arg-type]
    assert found == (Deciding("priority", ("COC", "CRC", "CPB")), Deciding("goal", ("CPC", "CCS")))


def _some_answers(catalog: Catalog, count: int) -> list[dict[str, str]]:
    rng = random.Random(4)
    return [
        {q.id: rng.choice(q.values) for q in catalog.questions if rng.random() < rng.choice([0.3, 0.7])}
        for _ in range(count)
    ]


def test_both_searches_follow_a_change_of_policy_alike(
    catalog: Catalog, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = _some_answers(catalog, 150)
    before = [engine.recommend(answers) for answers in given]
    # One what-if at most, and a stated answer overturned towards any kind of work.
    monkeypatch.setattr(policy, "MAX_WHAT_IFS", 1)
    monkeypatch.setattr(
        policy, "SENSIBLE", tuple(t for t in policy.SENSIBLE if "same_kind" not in t.__name__)
    )
    assert len(policy.SENSIBLE) == 4
    monkeypatch.setattr(policy, "MAX_DECIDING", 1)
    after = [engine.recommend(answers) for answers in given]
    assert after == recommend_many(engine, BulkWhatIfs(engine), given)
    assert all(len(r.what_if) <= 1 and len(r.deciding) <= 1 for r in after)
    assert any(len(r.what_if) > 1 for r in before) and any(len(r.deciding) > 1 for r in before)
    firsts = [(r.what_if[:1], r.deciding[:1]) for r in before]
    assert firsts != [(r.what_if, r.deciding) for r in after], "overturning across kinds of work now counts"


def test_same_kind_of_work_is_a_shared_setting(catalog: Catalog) -> None:
    assert policy.same_kind_of_work(catalog, "CPC", "COC") is bool(
        set(catalog.certs["CPC"].settings) & set(catalog.certs["COC"].settings)
    )
    assert policy.same_kind_of_work(catalog, "CCS", "CCS")


def test_offers_withhold_answers_from_the_candidates_of_both_searches(
    catalog: Catalog, engine: Engine
) -> None:
    oracle = Oracle(catalog)
    roles = {("goal", "coding_auditor"), ("goal", "coding_manager")}
    for answers in ({"experience": "none"}, {"experience": "2_years_plus"}, {"held": "CPC"}, {}):
        effective = engine.effective(answers)
        withheld = policy.withheld(engine, effective)
        every = {(q.id, v) for q in catalog.questions for v in q.values}
        assert withheld == {(q, v) for q, v in every if not oracle.offered(effective, q, v)}
        singles = {change for [change] in policy.single_changes(engine, effective)}
        assert not singles & withheld
        for _index, q, values in policy.deciding_candidates(engine, effective):
            assert values == tuple(v for v in q.values if (q.id, v) not in withheld)
        # Auditing and managing coders are offered to people who have coded, or hold a credential.
        assert (roles <= withheld) is (answers.get("experience") == "none" or not answers), answers
    beginner = engine.effective({"experience": "none"})
    [goal] = [values for _i, q, values in policy.deciding_candidates(engine, beginner) if q.id == "goal"]
    assert "coding_auditor" not in goal and "outpatient_coder" in goal
