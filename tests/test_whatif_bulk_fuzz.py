"""The bulk search against the one-profile search on random data files, not only the shipped one.

Each seed builds a data file from the shipped sources, certifications and questions (some of
them switched between preference and fact), adds questions of its own (some shown only after
an earlier answer), random rules (nested ``not`` and ``any`` included), a shuffled tie order,
random margins and random conflicts; then ``recommend_many`` must give, answer set by answer set,
exactly the ``Result`` that ``Engine.recommend`` gives.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from certadvisor.core.engine import Engine
from certadvisor.fast.whatif_bulk import BulkWhatIfs, recommend_many
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog

SEEDS = range(30)


def _value(rng: random.Random, values: list[str]) -> str:
    return json.dumps(rng.choice(values))


class DataFile:
    """A random data file built on the shipped one (see the module docstring)."""

    def __init__(self, rng: random.Random, shipped_text: str, shipped: Catalog) -> None:
        self.rng = rng
        self.values = {q.id: list(q.values) for q in shipped.questions}
        self.codes = list(shipped.certs)
        head = shipped_text[: shipped_text.index("[[rules]]")]
        for q in shipped.questions:
            if rng.random() < 0.25:
                other = "fact" if q.kind == "preference" else "preference"
                head = head.replace(f'id = "{q.id}"\nkind = "{q.kind}"', f'id = "{q.id}"\nkind = "{other}"')
        parts = [head, *self._questions(), *self._rules()]
        advice = shipped_text[shipped_text.index("[advice]") : shipped_text.index("[[conflicts]]")]
        order = self.codes[:]
        rng.shuffle(order)
        advice = advice.replace(
            f"tie_order = {json.dumps(list(shipped.advice.tie_order if shipped.advice else ()))}",
            f"tie_order = {json.dumps(order)}",
        )
        near = rng.randint(0, 10)
        advice = advice.replace("near_tie = 3", f"near_tie = {near}")
        advice = advice.replace("clear_margin = 10", f"clear_margin = {rng.randint(near + 1, 30)}")
        parts.append("\n" + advice)
        for index in range(rng.randint(0, 4)):
            parts.append(f'\n[[conflicts]]\nid = "c{index}"\nwhen = {{ {self._condition()} }}\nnote = "C."\n')
        self.text = "".join(parts)

    def _questions(self) -> list[str]:
        rng, parts = self.rng, []
        for index in range(rng.randint(0, 3)):
            qid = f"x{index}"
            values = [f"{qid}v{j}" for j in range(rng.randint(2, 6))]
            when = ""
            if rng.random() < 0.5:
                gate = rng.choice(list(self.values))
                shown = rng.sample(self.values[gate], rng.randint(1, len(self.values[gate])))
                when = f"when = {{ {gate} = {{ one_of = {json.dumps(shown)} }} }}\n"
            choices = ", ".join(f'{{ value = "{v}", label = "{v}" }}' for v in values)
            kind = rng.choice(["preference", "preference", "fact"])
            parts.append(
                f'\n[[questions]]\nid = "{qid}"\nkind = "{kind}"\nshort = "{qid}"\ntext = "{qid}?"\n'
                f'help = "A test question."\nneutral = "{rng.choice(values)}"\n{when}choices = [{choices}]\n'
            )
            self.values[qid] = values
        return parts

    def _rules(self) -> list[str]:
        rng, parts = self.rng, []
        for index in range(rng.randint(5, 40)):
            codes = rng.sample(self.codes, rng.randint(1, 4))
            points = {code: rng.choice([n for n in range(-40, 41) if n]) for code in codes}
            if rng.random() < 0.4:
                points = {code: abs(n) for code, n in points.items()}
            shown = ", ".join(f'"{code}" = {n}' for code, n in points.items())
            parts.append(
                f'\n[[rules]]\nid = "r{index}"\nwhen = {{ {self._condition()} }}\n'
                f'points = {{ {shown} }}\nreason = "Rule {index}."\n'
            )
        return parts

    def _condition(self, depth: int = 0) -> str:
        rng, items, used = self.rng, [], set()
        for _ in range(rng.choice([1, 1, 2, 3])):
            roll = rng.random()
            if depth < 2 and roll < 0.12 and "not" not in used:
                items.append(f"not = {{ {self._condition(depth + 1)} }}")
                used.add("not")
            elif depth < 2 and roll < 0.24 and "any" not in used:
                items.append(
                    f"any = [{{ {self._condition(depth + 1)} }}, {{ {self._condition(depth + 1)} }}]"
                )
                used.add("any")
            else:
                question = rng.choice(list(self.values))
                if question in used:
                    continue
                used.add(question)
                values = self.values[question]
                if rng.random() < 0.5:
                    items.append(f"{question} = {_value(rng, values)}")
                else:
                    some = rng.sample(values, rng.randint(1, max(1, len(values) - 1)))
                    items.append(f"{question} = {{ one_of = {json.dumps(some)} }}")
        if not items:
            question = rng.choice(list(self.values))
            items.append(f"{question} = {_value(rng, self.values[question])}")
        return ", ".join(items)


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
