"""The engine, the what-if search and the audit against the worst shapes of data (issue #26).

Each class is held by what the code does, never by a time: the work done is counted (condition
tests, candidates tried) or a real process runs under a memory limit and must answer.
"""

from __future__ import annotations

from pathlib import Path

import hostile_shapes as shapes
import pytest

from certadvisor.core import rules as rules_module
from certadvisor.core.rules import RuleSet
from certadvisor.load.datafile import load_catalog
from certadvisor.model.conditions import Compiled, Predicate, predicate


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
