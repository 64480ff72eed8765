"""The array scoring behind the audit agrees with the engine, profile by profile."""

from __future__ import annotations

import numpy as np
from support import profiles, reference_counts

from certadvisor.core.engine import Engine
from certadvisor.fast.audit import audit, audit_grid
from certadvisor.fast.grid import Grid
from certadvisor.model.catalog import Catalog


def _restriction(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """A part of the answers space small enough to walk one profile at a time in a test."""
    widest = max(catalog.questions, key=lambda q: len(q.values))
    return {widest.id: widest.values[:3]}


def test_grid_rows_rank_as_the_engine_does(catalog: Catalog) -> None:
    engine = Engine(catalog)
    restrict = _restriction(catalog)
    grid = Grid(engine, restrict)
    seen = 0
    for piece in grid.slices():
        ranking = piece.ranking()
        rows = np.flatnonzero(piece.counted)
        for row in rows[:: max(1, len(rows) // 400)]:
            profile = grid.profile(piece, int(row))
            expected = engine.order(engine.totals(profile))
            assert [engine.codes[i] for i in ranking[:, row]] == expected, profile
            seen += 1
    assert seen > 400


def test_grid_counts_every_effective_profile_once(catalog: Catalog) -> None:
    engine = Engine(catalog)
    restrict = _restriction(catalog)
    grid = Grid(engine, restrict)
    counted = sum(int(piece.counted.sum()) for piece in grid.slices())
    assert counted == sum(1 for _ in profiles(engine, restrict))


def test_audit_counts_match_the_profile_by_profile_reference(catalog: Catalog) -> None:
    restrict = _restriction(catalog)
    found = audit_grid(catalog, Grid(Engine(catalog), restrict))
    expected = reference_counts(catalog, restrict)
    assert found.profiles == expected["profiles"]
    assert found.first_counts == expected["first"]
    assert found.rule_fires == expected["fires"]
    assert found.expectations == expected["covered"]
    assert {b.id: b.count for b in found.broken} == expected["failed"]
    assert found.conflicts == expected["conflicts"]


def test_the_whole_audit_covers_more_than_the_part(catalog: Catalog) -> None:
    whole = audit(catalog)
    part = audit_grid(catalog, Grid(Engine(catalog), _restriction(catalog)))
    assert whole.profiles > part.profiles
    assert all(whole.first_counts[code] >= n for code, n in part.first_counts.items())
