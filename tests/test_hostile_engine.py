"""The engine, the what-if search and the audit against the worst shapes of data (issue #26).

Each class is held by what the code does, never by a time: the work done is counted (condition
tests, candidates tried) or a real process runs under a memory limit and must answer.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from itertools import combinations, islice
from pathlib import Path

import hostile_shapes as shapes
import numpy as np
import pytest

from certadvisor.core import policy
from certadvisor.core import rules as rules_module
from certadvisor.core.advice import assess
from certadvisor.core.engine import Engine
from certadvisor.core.findings import Audit
from certadvisor.core.rules import RuleSet
from certadvisor.fast import audit as audit_module
from certadvisor.fast import grid as grid_module
from certadvisor.fast.audit import AuditTooLarge, audit, audit_space
from certadvisor.fast.masks import MAX_TABLE_VALUES, array_predicate
from certadvisor.fast.whatif_bulk import BulkWhatIfs, Profile
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import Compiled, Leaf, Predicate, predicate


def _load(tmp_path: Path, text: str, name: str = "hostile.toml") -> RuleSet:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return RuleSet(load_catalog(path))


def test_rules_on_one_question_are_indexed_without_testing_every_value(
    shipped_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One question of 400 values and 400 rules reading it alone, some negated: the set-up used
    # to test every rule on every value (160,000 tests); now it tests none of them, and its
    # tables say what testing each rule on each value says.
    values, count = 400, 400
    text = shapes.one_question(shipped_text, values, count)
    text += "".join(
        f'[[rules]]\nid = "xn{r}"\nwhen = {{ not = {{ x0 = {{ one_of = ["v{r}", "n"] }} }} }}\n'
        f'points = {{ CPC = 2, CRC = -1 }}\nreason = "r"\n'
        for r in range(0, values, 40)
    )
    tests = 0

    def counting(form: Compiled) -> Predicate:
        holds = predicate(form)

        def counted(answers: object) -> bool:
            nonlocal tests
            tests += 1
            return holds(answers)  # type: ignore[arg-type]

        return counted

    monkeypatch.setattr(rules_module, "predicate", counting)
    engine = _load(tmp_path, text)
    assert tests < values + count, "the set-up tests rules value by value"
    monkeypatch.undo()
    x0 = next(q for q in engine.questions if q.id == "x0")
    for value in x0.values:
        profile = {**engine.effective({}), "x0": value}
        fired = [i for i, rule in enumerate(engine.rules) if rule.holds(profile)]
        assert engine.fired(profile) == fired, value
        assert engine.totals(profile) == engine.score(fired, engine.held(profile)), value


def _limited(megabytes: int) -> Callable[[], None]:
    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def _recommend_json(data: Path, answers: dict[str, str], megabytes: int) -> subprocess.CompletedProcess[str]:
    """``recommend --json`` in a real process whose address space is capped."""
    sets = [arg for question, value in answers.items() for arg in ("--set", f"{question}={value}")]
    env = {**os.environ, "CERTADVISOR_CACHE_DIR": "", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "certadvisor", "recommend", "--data", str(data), *sets, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limited(megabytes),
    )


def test_pairs_are_made_one_at_a_time_and_bounded() -> None:
    # Three questions of 300 values: 270,000 pairs to different questions, of which the search
    # makes the first MAX_PAIRS, lazily, in the order of ``combinations`` (same-question pairs
    # left out without being walked).
    singles = [((f"q{k}", f"v{i}"),) for k in range(3) for i in range(300)]
    made = policy.pairs(singles)
    assert isinstance(made, Iterator)
    found = list(made)
    assert len(found) == policy.MAX_PAIRS
    expected = (a + b for a, b in combinations(singles, 2) if a[0][0] != b[0][0])
    assert found == list(islice(expected, policy.MAX_PAIRS))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS"), reason="needs an address-space limit")
def test_a_profile_no_single_change_helps_answers_under_a_memory_limit(
    shipped_text: str, shipped_path: Path, tmp_path: Path
) -> None:
    # 60 questions of 60 values read by no rule: 6.5 million pairs to try, which used to be
    # built as one list (a MemoryError under this limit). The what-ifs are those of the
    # shipped data: a question no rule reads changes nothing.
    data = tmp_path / "pairs.toml"
    data.write_text(shapes.pairs(shipped_text, 60, 60), encoding="utf-8")
    answers = shapes.NO_SINGLE_WHAT_IF
    hostile = _recommend_json(data, answers, 400)
    assert hostile.returncode == 0, hostile.stderr
    shipped = _recommend_json(shipped_path, answers, 400)
    what_ifs = [json.loads(run.stdout)["what_if"] for run in (hostile, shipped)]
    assert what_ifs[0] == what_ifs[1]
    assert [len(found["changes"]) for found in what_ifs[0]] == [2], "a pair, since no single change works"


def test_the_bulk_search_keeps_the_same_bound(shipped_text: str, tmp_path: Path) -> None:
    # Past the bound, both searches try the same first MAX_PAIRS pairs and agree.
    data = tmp_path / "pairs.toml"
    data.write_text(shapes.pairs(shipped_text, 8, 30), encoding="utf-8")
    engine = Engine(load_catalog(data))
    result = engine.recommend(shapes.NO_SINGLE_WHAT_IF)
    singles = policy.single_changes(engine, result.effective)
    assert len(singles) * (len(singles) - 1) // 2 > policy.MAX_PAIRS
    profile = Profile.of(assess(engine, shapes.NO_SINGLE_WHAT_IF, searches=False))
    assert BulkWhatIfs(engine).what_ifs([profile]) == [result.what_if]
    assert result.what_if and len(result.what_if[0].changes) == 2


@pytest.fixture(scope="module")
def many_certs(shipped_text: str, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path = tmp_path_factory.mktemp("certs") / "certs.toml"
    path.write_text(shapes.certs(shipped_text, 120), encoding="utf-8")
    return load_catalog(path)


def test_slices_hold_fewer_rows_when_there_are_many_certifications(many_certs: Catalog) -> None:
    # A slice's rankings take about BYTES_PER_RANKED bytes per row and certification: with
    # thousands of certifications, slices of MAX_SLICE_ROWS rows needed more than 4 GB.
    assert grid_module.slice_rows(13) == grid_module.MAX_SLICE_ROWS
    for count in (133, 3_300, 100_000):
        assert grid_module.slice_rows(count) * count * grid_module.BYTES_PER_RANKED <= grid_module.SLICE_BYTES
    grid = audit_space(many_certs)
    assert len(grid.codes) == 133
    piece = next(grid.slices())
    assert piece.rows <= grid_module.slice_rows(133) < grid_module.MAX_SLICE_ROWS
    assert piece.totals.nbytes * grid_module.BYTES_PER_RANKED // 4 <= grid_module.SLICE_BYTES


def test_an_audit_too_large_or_out_of_memory_is_refused_in_one_line(
    many_certs: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The work bound counts certifications (and rules, conflicts, expectations) as well as
    # combinations; running out of memory anyway is the same one-line refusal.
    monkeypatch.setattr(audit_module, "MAX_AUDIT_WORK", 1_965_600 * 1_000)
    with pytest.raises(AuditTooLarge, match="133 certifications.*audit a sample") as refused:
        audit(many_certs)
    assert "\n" not in str(refused.value)

    def exhausted(*args: object, **kwargs: object) -> Audit:
        raise MemoryError

    monkeypatch.setattr(audit_module, "MAX_AUDIT_WORK", 10**12)
    monkeypatch.setattr(audit_module, "audit_grid", exhausted)
    with pytest.raises(AuditTooLarge, match="ran out of memory") as refused:
        audit(many_certs)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("count", [10, MAX_TABLE_VALUES + 10])
def test_conditions_over_arrays_need_no_table_per_value_for_a_huge_question(count: int) -> None:
    # A table per condition with an entry per value would take values x rules bytes: past
    # MAX_TABLE_VALUES the few values a test names are searched instead; same answers.
    values = tuple(f"v{i}" for i in range(count))
    column = np.arange(count, dtype=np.intp)
    for inside in (True, False):
        leaf = Leaf("x", frozenset({"v1", "v3", f"v{count - 1}"}), inside)
        found = array_predicate(Compiled(True, (leaf,)), {"x": values})({"x": column})
        assert np.broadcast_to(found, (count,)).tolist() == [leaf.passes(v) for v in values]
        fixed = array_predicate(Compiled(True, (leaf,)), {"x": values})({"x": 3})
        assert bool(fixed) is leaf.passes("v3")
