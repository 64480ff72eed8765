"""The array scoring behind the audit and the batch agrees with the independent oracle, row by row
(``support.Oracle``: the rules' own conditions and points, neither the compiled form nor the
rule set). The whole answers space is compared in ``test_oracle_rules``, marked exhaustive."""

from __future__ import annotations

import numpy as np
import pytest
from support import Oracle

from certadvisor.core.rules import RuleSet
from certadvisor.fast.audit import audit, audit_grid, audit_space
from certadvisor.fast.grid import Grid
from certadvisor.model.catalog import Catalog


def _restriction(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """A part of the answers space small enough to walk one profile at a time in a test: the
    three widest questions narrowed to their last value and their neutral one (the last value of
    the shipped ``held`` means two credentials held)."""
    widest = sorted(catalog.questions, key=lambda q: -len(q.values))[:3]
    return {q.id: (q.values[-1], q.neutral) for q in widest}


def test_grid_rows_score_and_rank_as_the_oracle_does(catalog: Catalog) -> None:
    oracle = Oracle(catalog)
    grid = Grid(RuleSet(catalog), _restriction(catalog))
    seen = 0
    for piece in grid.slices():
        ranking = piece.ranking()
        for row in np.flatnonzero(piece.counted).tolist():
            profile = grid.profile(piece, row)
            assert oracle.effective(profile) == profile
            totals = oracle.totals(profile)
            assert piece.totals[:, row].tolist() == [totals[code] for code in grid.codes], profile
            assert [grid.codes[i] for i in ranking[:, row]] == oracle.order(totals), profile
            seen += 1
    assert seen == sum(1 for _ in oracle.profiles(_restriction(catalog))) > 2000


def test_grid_counts_every_effective_profile_once(catalog: Catalog) -> None:
    restrict = _restriction(catalog)
    grid = Grid(RuleSet(catalog), restrict)
    counted = sum(int(piece.counted.sum()) for piece in grid.slices())
    assert counted == sum(1 for _ in Oracle(catalog).profiles(restrict))


def test_audit_counts_match_the_oracle_on_a_part_of_the_space(catalog: Catalog) -> None:
    restrict = _restriction(catalog)
    found = audit_grid(catalog, Grid(RuleSet(catalog), restrict))
    expected = Oracle(catalog).counts(restrict)
    assert found.profiles == expected["profiles"]
    assert found.first_counts == expected["first"]
    assert found.rule_fires == expected["fires"]
    assert found.expectations == expected["covered"]
    assert {b.id: b.count for b in found.broken} == expected["failed"]
    assert found.conflicts == expected["conflicts"]


@pytest.mark.exhaustive
def test_the_whole_audit_covers_more_than_the_part(catalog: Catalog) -> None:
    whole = audit(catalog)
    # The same space as the whole audit's (a question no score reads held at neutral), narrowed.
    part = audit_grid(catalog, audit_space(catalog, _restriction(catalog)))
    assert whole.profiles > part.profiles
    assert all(whole.first_counts[code] >= n for code, n in part.first_counts.items())
