"""The bulk search against the one-profile search on random data files, not only the shipped one.

Each seed builds a random data file (``support.DataFile``: random rules, conflicts and offers, so
that offers withhold some candidates); then ``recommend_many`` must give, answer set by answer
set, exactly the ``Result`` that ``Engine.recommend`` gives.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from support import DataFile

from certadvisor.core.engine import Engine
from certadvisor.fast.whatif_bulk import BulkWhatIfs, recommend_many
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog

SEEDS = range(30)


@pytest.mark.parametrize("seed", SEEDS)
def test_bulk_equals_one_by_one_on_a_random_data_file(
    seed: int, shipped_text: str, catalog: Catalog, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    path = tmp_path / f"random-{seed}.toml"
    path.write_text(DataFile(rng, shipped_text, catalog).text, encoding="utf-8")
    random_catalog = load_catalog(path)
    engine = Engine(random_catalog)
    given = []
    for _ in range(80):
        answered = rng.choice([0.0, 0.3, 0.6, 0.9, 1.0])
        questions = random_catalog.questions
        given.append({q.id: rng.choice(q.values) for q in questions if rng.random() < answered})
    results = recommend_many(engine, BulkWhatIfs(engine), given)
    for answers, result in zip(given, results, strict=True):
        assert result == engine.recommend(answers), (seed, answers)
