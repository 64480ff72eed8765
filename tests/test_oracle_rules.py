"""The engine and the grid against the independent oracle on whole answers spaces (exhaustive).

The oracle (``support.Oracle``) reads the rules' own condition trees and adds up their points
itself; the engine scores one profile and the grid (the audit) many, both from the compiled
rule set. Every profile of the shipped data is compared, and every profile of a part of several
random data files, so a mistake the engine and the grid shared would show here.
"""

from __future__ import annotations

import random
from itertools import islice
from pathlib import Path

import numpy as np
import pytest
from support import DataFile, Oracle, oracle_holds

from certadvisor.core.audited import held_at_neutral
from certadvisor.core.engine import Engine
from certadvisor.core.rules import RuleSet
from certadvisor.fast.audit import audit, audit_grid
from certadvisor.fast.grid import Grid
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Rule

pytestmark = pytest.mark.exhaustive


def test_every_shipped_profile_scores_and_counts_as_the_oracle_says(catalog: Catalog, engine: Engine) -> None:
    # One walk over every profile: the engine is compared with the oracle on each, and the
    # audit's counts (the grid's) with the oracle's.
    index = {rule.rule.id: i for i, rule in enumerate(engine.rules)}

    def check(profile: dict[str, str], fired: list[Rule], totals: dict[str, int]) -> None:
        assert engine.effective(profile) == profile
        assert engine.totals(profile) == totals, profile
        assert engine.fired(profile) == [index[rule.id] for rule in fired], profile

    # The audit holds a question no scoring condition reads at its neutral value; in the shipped
    # data that is only work_arrangement (read by [advice] remote_when), as the oracle is told.
    held = {q.id: (q.neutral,) for q in held_at_neutral(catalog)}
    assert set(held) == {"work_arrangement"}
    assert all("work_arrangement" not in rule.when.questions() for rule in catalog.rules)
    expected = Oracle(catalog).counts(restrict=held, check=check)
    found = audit(catalog)
    assert found.profiles == expected["profiles"] == 1_965_600
    assert found.first_counts == expected["first"]
    assert found.rule_fires == expected["fires"]
    assert found.expectations == expected["covered"]
    assert {b.id: b.count for b in found.broken} == expected["failed"]
    assert found.conflicts == expected["conflicts"]


def test_shipped_rankings_as_the_oracle_gives_them(catalog: Catalog, engine: Engine) -> None:
    index = {rule.rule.id: i for i, rule in enumerate(engine.rules)}
    # The explained ranking (reasons, caps, held credentials), on every 29th profile.
    oracle = Oracle(catalog)
    for profile in islice(oracle.profiles(), 0, None, 29):
        fired = oracle.fired(profile)
        assert engine.score([index[rule.id] for rule in fired], engine.held(profile)) == oracle.totals(
            profile
        )
        totals = oracle.totals(profile)
        ranking = engine.rank(profile)
        assert [r.code for r in ranking] == oracle.order(totals)
        assert [r.total for r in ranking] == [totals[r.code] for r in ranking]
        for ranked in ranking:
            expected = [] if ranked.held else [r.id for r in fired if ranked.code in oracle.points[r.id]]
            assert [reason.rule for reason in ranked.reasons] == expected


def test_a_change_of_one_answer_scores_as_the_oracle_says(catalog: Catalog, engine: Engine) -> None:
    # ``change`` updates a profile's totals rather than scoring afresh: every single change of
    # every 401st profile (answers as given: a hidden question's answer can come back).
    oracle = Oracle(catalog)
    for profile in islice(oracle.profiles(), 0, None, 401):
        totals = engine.totals(profile)
        for question in catalog.questions:
            for value in question.values:
                after, moved = engine.change(profile, profile, totals, question.id, value)
                expected = oracle.effective({**profile, question.id: value})
                assert after == expected
                assert moved == oracle.totals(expected), (profile, question.id, value)


def _part(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """The widest questions narrowed to a few values (a neutral one kept: a hidden question holds
    it; and a set question keeps its first two stacks, the sets of several values), so that a
    random file's space stays small."""
    widest = sorted(catalog.questions, key=lambda q: -len(q.values))[:5]
    return {
        q.id: tuple(dict.fromkeys((*q.values[:2], q.neutral, *[v for v in q.values if "+" in v][:2])))
        for q in widest
    }


@pytest.mark.parametrize("seed", range(6))
def test_random_data_files_score_as_the_oracle_says(
    seed: int, shipped_text: str, catalog: Catalog, tmp_path: Path
) -> None:
    path = tmp_path / f"random-{seed}.toml"
    path.write_text(DataFile(random.Random(seed), shipped_text, catalog).text, encoding="utf-8")
    data = load_catalog(path)
    oracle, rules = Oracle(data), RuleSet(data)
    restrict = _part(data)
    expected = {tuple(p.values()): p for p in oracle.profiles(restrict)}
    grid = Grid(rules, restrict)
    seen = 0
    for piece in grid.slices():
        ranking = piece.ranking()
        for row in np.flatnonzero(piece.counted).tolist():
            profile = grid.profile(piece, row)
            assert expected[tuple(profile.values())] == profile
            totals = oracle.totals(profile)
            assert rules.totals(profile) == totals
            assert piece.totals[:, row].tolist() == [totals[code] for code in grid.codes]
            assert [grid.codes[i] for i in ranking[:, row]] == oracle.order(totals)
            seen += 1
    assert seen == len(expected)
    found = audit_grid(data, grid)
    counts = oracle.counts(restrict)
    assert (found.rule_fires, found.conflicts) == (counts["fires"], counts["conflicts"])
    for profile in islice(expected.values(), 0, None, 11):
        in_conflict = {c.id for c in data.conflicts if oracle_holds(c.when, profile)}
        assert {c.id for c in rules.conflicts_in(profile)} == in_conflict
