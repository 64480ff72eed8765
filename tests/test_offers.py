"""``[[offers]]``: a what-if, or a deciding question, suggests an answer only to a person whose
current answers show they could give it (``core.policy.withheld``).

The one-profile search and the batch's bulk search take their candidates from the policy, so an
offer withholds the same changes in both; the brute-force oracle (``support.Oracle``) reads the
offers from the catalog on its own and must find the same what-ifs and deciding questions.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support import DataFile, Oracle
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core import policy
from certadvisor.core.engine import Engine
from certadvisor.fast.whatif_bulk import BulkWhatIfs, recommend_many
from certadvisor.load.datafile import DATA_ENV, load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Deciding, Result, WhatIf

ENV: dict[str, str | None] = {"COLUMNS": "80", "NO_COLOR": "1", DATA_ENV: None}
# The roles the shipped data offers only to people who have coded (offer "experienced-roles").
ROLES = {("goal", "coding_auditor"), ("goal", "coding_manager")}


def recommend_json(*sets: str) -> dict[str, Any]:
    args = [part for answer in sets for part in ("--set", answer)]
    result = CliRunner(env=ENV).invoke(app, ["recommend", *args, "--json"])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def changes_of(document: dict[str, Any]) -> list[set[tuple[str, str]]]:
    return [set(what_if["changes"].items()) for what_if in document["what_if"]]


# ---------------------------------------------------------------------------------------------
# The shipped data
# ---------------------------------------------------------------------------------------------


def test_a_beginner_aiming_at_outpatient_coding_is_not_offered_auditing_or_managing() -> None:
    document = recommend_json("experience=none", "goal=outpatient_coder")
    assert not any(changes & ROLES for changes in changes_of(document)), document["what_if"]


def test_a_two_year_coder_is_offered_auditing_where_a_beginner_is_not(catalog: Catalog) -> None:
    answers = ("setting=inpatient", "pcs_comfort=avoid")
    coder = recommend_json("experience=2_years_plus", *answers)
    auditing = [w for w in coder["what_if"] if w["changes"] == {"goal": "coding_auditor"}]
    assert [w["recommendation"] for w in auditing] == ["CPMA"]
    beginner = recommend_json("experience=none", *answers)
    assert not any(changes & ROLES for changes in changes_of(beginner)), beginner["what_if"]
    # The offer is what withholds it: the same search without the offers tells the beginner.
    unoffered = Engine(replace(catalog, offers=())).recommend(
        {"experience": "none", "setting": "inpatient", "pcs_comfort": "avoid"}
    )
    assert any(set(w.changes) & ROLES for w in unoffered.what_if)


def _random_answers(catalog: Catalog, rng: random.Random) -> dict[str, str]:
    answered = rng.choice([0.2, 0.4, 0.7])
    return {q.id: rng.choice(q.values) for q in catalog.questions if rng.random() < answered}


def _check_against_the_oracle(oracle: Oracle, result: Result) -> None:
    answers, top = result.answers, result.recommendation
    for what_if in result.what_if:
        for question, value in what_if.changes:
            assert oracle.offered(result.effective, question, value), (answers, what_if)
    assert result.what_if == oracle.what_ifs(answers, top), answers
    if result.confidence.level == "low":
        assert list(result.deciding) == oracle.deciding(answers, top), answers


def test_the_shipped_offers_hold_in_both_searches_as_the_oracle_reads_them(
    catalog: Catalog, engine: Engine
) -> None:
    rng = random.Random(22)
    # Beginners and people who hold nothing, where the offers withhold most; and anyone.
    given = [{**_random_answers(catalog, rng), "experience": "none", "held": "none"} for _ in range(40)]
    given += [_random_answers(catalog, rng) for _ in range(40)]
    oracle = Oracle(catalog)
    withheld_somewhere = 0
    for answers, result in zip(given, recommend_many(engine, BulkWhatIfs(engine), given), strict=True):
        assert result == engine.recommend(answers), answers
        _check_against_the_oracle(oracle, result)
        withheld_somewhere += any(
            not oracle.offered(result.effective, o.question, v) for o in catalog.offers for v in o.values
        )
    assert withheld_somewhere >= 40, "every beginner is withheld some goal"


@pytest.mark.parametrize("seed", range(8))
def test_random_offers_on_random_data_files_match_the_oracle(
    seed: int, shipped_text: str, catalog: Catalog, tmp_path: Path
) -> None:
    rng = random.Random(1000 + seed)
    path = tmp_path / f"offers-{seed}.toml"
    path.write_text(DataFile(rng, shipped_text, catalog).text, encoding="utf-8")
    random_catalog = load_catalog(path)
    engine, oracle = Engine(random_catalog), Oracle(random_catalog)
    given = [_random_answers(random_catalog, rng) for _ in range(25)]
    for answers, result in zip(given, recommend_many(engine, BulkWhatIfs(engine), given), strict=True):
        assert result == engine.recommend(answers), answers
        _check_against_the_oracle(oracle, result)


def test_random_data_files_carry_offers_that_withhold_candidates(
    shipped_text: str, catalog: Catalog, tmp_path: Path
) -> None:
    # The fuzz comparisons (test_whatif_bulk_fuzz, and the one above) are not vacuous: their
    # random files have offers, and the offers take candidate changes away from some profiles.
    files = withholding = 0
    for seed in range(6):
        rng = random.Random(seed)
        path = tmp_path / f"random-{seed}.toml"
        path.write_text(DataFile(rng, shipped_text, catalog).text, encoding="utf-8")
        random_catalog = load_catalog(path)
        files += bool(random_catalog.offers)
        engine, unoffered = Engine(random_catalog), Engine(replace(random_catalog, offers=()))
        for _ in range(40):
            effective = engine.effective(_random_answers(random_catalog, rng))
            tried = policy.single_changes(engine, effective)
            everything = policy.single_changes(unoffered, effective)
            assert set(tried) <= set(everything)
            withholding += tried != everything
    assert files >= 3 and withholding > 10


# ---------------------------------------------------------------------------------------------
# A catalog small enough to work out by hand
# ---------------------------------------------------------------------------------------------

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
id = "years"
when = { years = "some" }
points = { CPC = 5 }
reason = "Some years."

[advice]
near_tie = 3
clear_margin = 10
signal_questions = ["pick"]
tie_order = ["CPC", "CCS"]
tie_principle = "the test's principle puts it first"
starting_points = [{ cert = "CPC", why = "The test's usual first step." }]
"""

OFFER = """
[[offers]]
id = "ccs-after-some-years"
question = "pick"
values = ["ccs"]
when = { years = "some" }
why = "Test: CCS is offered to people with some years."
"""


def _small(two_cert_head: str, tmp_path: Path, offers: str) -> Engine:
    path = tmp_path / "small.toml"
    path.write_text(two_cert_head + SMALL + offers, encoding="utf-8")
    return Engine(load_catalog(path))


def _both(engine: Engine, answers: dict[str, str]) -> Result:
    """The result as ``recommend`` gives it, after checking that the bulk search agrees."""
    [bulk] = recommend_many(engine, BulkWhatIfs(engine), [answers])
    result = engine.recommend(answers)
    assert bulk == result
    return result


def test_an_offer_withholds_a_what_if_and_a_deciding_answer_in_both_searches(
    two_cert_head: str, tmp_path: Path
) -> None:
    without = _small(two_cert_head, tmp_path, "")
    # Nothing answered: CPC and CCS tie at 50. Picking CCS would put CCS first by 10, and the
    # pick decides between CPC and CCS.
    before = _both(without, {})
    assert before.what_if == (WhatIf((("pick", "ccs"),), "CCS", 10),)
    assert before.deciding == (Deciding("pick", ("CPC", "CCS")),)
    offered = _small(two_cert_head, tmp_path, OFFER)
    # With the offer, CCS is not suggested to someone with no years: neither as a what-if nor
    # as an answer that decides (CPC is all the pick can lead to, and CPC leads already).
    after = _both(offered, {})
    assert after.confidence.level == "low"
    assert after.what_if == () and after.deciding == ()
    # With some years (CPC 55), the offer holds and CCS is suggested again.
    some = _both(offered, {"years": "some"})
    assert some.recommendation == "CPC" and some.confidence.level == "low"
    assert some.what_if == (WhatIf((("pick", "ccs"),), "CCS", 5),)
    assert some.deciding == (Deciding("pick", ("CPC", "CCS")),)


def test_every_profile_of_the_small_catalog_matches_the_oracle(two_cert_head: str, tmp_path: Path) -> None:
    engine = _small(two_cert_head, tmp_path, OFFER)
    oracle = Oracle(engine.catalog)
    everyone = [
        {q: v for q, v in (("pick", pick), ("years", years)) if v is not None}
        for pick in (None, "same", "cpc", "ccs")
        for years in (None, "none", "some")
    ]
    for answers, result in zip(everyone, recommend_many(engine, BulkWhatIfs(engine), everyone), strict=True):
        assert result == engine.recommend(answers)
        _check_against_the_oracle(oracle, result)
