"""The batch's bulk what-if search against the one-profile search it must equal.

``whatif.what_ifs`` is itself checked against a brute-force oracle (test_engine); here the
numpy version must give the same what-ifs, and ``recommend_many`` the same results as
``Engine.recommend``, profile by profile: on every effective profile of a slice of the grid, on
seeded random partial answers (answers that a ``when`` skips included), and under hypothesis.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings
from support import profiles

from certadvisor.batch import Scorer
from certadvisor.core.engine import Engine
from certadvisor.fast import grid, whatif_bulk
from certadvisor.fast.whatif_bulk import BulkWhatIfs, Profile, recommend_many
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result, WhatIf
from certadvisor.present.json.result import result_json


@pytest.fixture(scope="module")
def bulk(engine: Engine) -> BulkWhatIfs:
    return BulkWhatIfs(engine)


def random_answers(catalog: Catalog, rng: random.Random, answered: float) -> dict[str, str]:
    """Each question answered with probability ``answered``, with any of its values."""
    return {q.id: rng.choice(q.values) for q in catalog.questions if rng.random() < answered}


def assert_same(engine: Engine, bulk: BulkWhatIfs, given: Sequence[Mapping[str, str]]) -> list[Result]:
    """``recommend_many`` equals ``Engine.recommend`` for every one of ``given``."""
    results = recommend_many(engine, bulk, given)
    assert len(results) == len(given)
    for answers, result in zip(given, results, strict=True):
        assert result == engine.recommend(answers), answers
    return results


def test_every_profile_of_a_grid_slice(catalog: Catalog, engine: Engine, bulk: BulkWhatIfs) -> None:
    # The fact questions held to their first value each (nothing held, no experience, ...): a
    # few thousand profiles, every preference free.
    facts = [q for q in catalog.questions if q.kind == "fact"]
    restrict = {q.id: (q.values[0],) for q in facts}
    everyone = list(profiles(engine, restrict))
    assert len(everyone) > 1000
    results = assert_same(engine, bulk, everyone)
    # Not a vacuous comparison: many of these profiles have what-ifs, some of them pairs.
    assert sum(bool(r.what_if) for r in results) > len(results) // 4
    assert any(len(w.changes) == 2 for r in results for w in r.what_if)


@pytest.mark.parametrize("answered", [0.2, 0.5, 0.8, 1.0])
def test_random_partial_answers(catalog: Catalog, engine: Engine, bulk: BulkWhatIfs, answered: float) -> None:
    rng = random.Random(int(answered * 100))
    given = [random_answers(catalog, rng, answered) for _ in range(600)]
    # Chunks of several sizes, as the batch hands them over: the search must not mix profiles.
    start = 0
    for size in (1, 2, 7, 128, 462):
        assert_same(engine, bulk, given[start : start + size])
        start += size


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_chunk_of_answers(
    catalog: Catalog, engine: Engine, bulk: BulkWhatIfs, data: st.DataObject
) -> None:
    one = st.fixed_dictionaries(
        {},
        optional={q.id: st.sampled_from(q.values) for q in catalog.questions},
    )
    assert_same(engine, bulk, data.draw(st.lists(one, max_size=12)))


def test_an_empty_chunk(engine: Engine, bulk: BulkWhatIfs) -> None:
    assert recommend_many(engine, bulk, []) == []
    assert bulk.what_ifs([]) == []


def test_profile_of_a_result_carries_its_totals_and_conflicts(catalog: Catalog, engine: Engine) -> None:
    answers = {"goal": "risk_adjustment_coder", "setting": "inpatient"}
    result = engine.recommend(answers)
    profile = Profile.of(result)
    assert profile.top == result.recommendation
    assert profile.totals == {r.code: r.total for r in result.ranking}
    assert profile.conflicts == {c.id for c in result.conflicts}
    assert profile.conflicts, "this pair of answers is a declared conflict"


def test_a_chunk_scores_each_line_as_recommend_json_does(catalog: Catalog, engine: Engine) -> None:
    rng = random.Random(3)
    good = [random_answers(catalog, rng, 0.7) for _ in range(40)]
    lines: list[bytes | int] = [json.dumps(a).encode() + b"\n" for a in good]
    lines[5] = b'{"goal": "astronaut"}\n'  # fails alone; the lines around it are still scored
    lines[9] = 2_000_000  # an overlong line, as the reader hands it over: its length
    failed, text = Scorer(catalog).chunk(11, lines)
    records = [json.loads(line) for line in text.splitlines()]
    assert failed == 2 and len(records) == len(lines)
    assert records[5]["line"] == 16 and "astronaut" in records[5]["error"]
    assert records[9]["line"] == 20 and "too long" in records[9]["error"]
    for index, answers in enumerate(good):
        if index not in (5, 9):
            assert records[index] == json.loads(json.dumps(result_json(catalog, engine.recommend(answers))))


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("3", "3")])
def test_numpy_gets_one_blas_thread_unless_the_user_chose(given: str | None, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    code = "import os, certadvisor.fast.arrays; print(os.environ['OPENBLAS_NUM_THREADS'])"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == expected


SMALL = """
[[questions]]
id = "pick"
short = "pick"
text = "Which way?"
help = "A test question."
kind = "preference"
neutral = "same"
choices = [
  { value = "same", label = "Same" },
  { value = "cpc", label = "CPC" },
  { value = "ccs", label = "CCS" },
]

[[questions]]
id = "detail"
short = "detail"
text = "Which detail?"
help = "Asked only after a CCS pick."
kind = "preference"
neutral = "any"
when = { pick = "ccs" }
choices = [
  { value = "any", label = "Any" },
  { value = "deep", label = "Deep" },
]

[[questions]]
id = "years"
short = "years"
text = "How long?"
help = "A fact."
kind = "fact"
neutral = "none"
choices = [
  { value = "none", label = "None" },
  { value = "some", label = "Some" },
]

[[rules]]
id = "cpc"
when = { pick = "cpc" }
points = { CPC = 20 }
reason = "CPC picked."

[[rules]]
id = "ccs"
when = { pick = "ccs" }
points = { CCS = 10 }
reason = "CCS picked."

[[rules]]
id = "deep"
when = { pick = "ccs", detail = "deep" }
points = { CCS = 15, CPC = -5 }
reason = "Deep CCS work."

[[rules]]
id = "years"
when = { years = "some" }
points = { CCS = 12 }
reason = "Some years."

[advice]
near_tie = 3
clear_margin = 10
signal_questions = ["pick"]
tie_order = ["CPC", "CCS"]
tie_principle = "the test's principle puts it first"
starting_points = [{ cert = "CPC", why = "The test's usual first step." }]
"""


# CCS is suggested (as a what-if, or as the answer that decides) only after some years.
OFFER = """
[[offers]]
id = "ccs-after-some-years"
question = "pick"
values = ["ccs"]
when = { years = "some" }
why = "Test."
"""


@pytest.mark.parametrize("offers", ["", OFFER])
def test_a_small_catalog_with_a_gated_question_and_no_conflicts(
    two_cert_head: str, tmp_path: Path, offers: str
) -> None:
    path = tmp_path / "small.toml"
    path.write_text(two_cert_head + SMALL + offers, encoding="utf-8")
    engine = Engine(load_catalog(path))
    assert not engine.catalog.conflicts
    options = {q.id: (None, *q.values) for q in engine.questions}
    everyone = [
        {q: v for q, v in zip(options, values, strict=True) if v is not None}
        for values in itertools.product(*options.values())
    ]
    results = assert_same(engine, BulkWhatIfs(engine), everyone)
    assert any(r.what_if for r in results) and any(r.deciding for r in results)
    # Picking CCS is suggested to people without years (with years, CCS leads already); with
    # the offer, it is suggested to no one, in either search.
    told = {r.effective["years"] for r in results if any(("pick", "ccs") in w.changes for w in r.what_if)}
    assert told == (set() if offers else {"none"})


def test_rows_scored_in_many_small_blocks_give_the_same_results(
    catalog: Catalog, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Blocks of a few rows: candidates of one profile fall in several blocks, and one block
    # holds the end of one profile and the start of the next.
    monkeypatch.setattr(grid, "MIN_BLOCK_ROWS", 7)
    monkeypatch.setattr(grid, "BLOCK_BYTES", 1)
    bulk = BulkWhatIfs(engine)
    assert [stop - start for start, stop in bulk.grid.blocks(20)] == [7, 7, 6]
    rng = random.Random(11)
    results = assert_same(engine, bulk, [random_answers(catalog, rng, 0.5) for _ in range(60)])
    assert any(r.what_if for r in results) and any(r.deciding for r in results)


def test_past_the_rule_limit_each_line_is_searched_on_its_own(
    catalog: Catalog, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    lines: list[bytes | int] = [json.dumps(random_answers(catalog, rng, 0.6)).encode() for _ in range(30)]
    in_bulk = Scorer(catalog).chunk(1, lines)
    monkeypatch.setattr(whatif_bulk, "MAX_BULK_RULES", len(engine.rules) - 1)
    calls: list[int] = []

    def counted(self: BulkWhatIfs, profiles: Sequence[Profile]) -> list[tuple[WhatIf, ...]]:
        calls.append(len(profiles))
        return []

    monkeypatch.setattr(BulkWhatIfs, "what_ifs", counted)
    assert Scorer(catalog).chunk(1, lines) == in_bulk
    assert calls == [], "the bulk search is not used past the limit"
