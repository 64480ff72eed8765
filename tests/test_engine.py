"""The advice engine on the shipped rules and on tiny hand-made catalogs.

Scores are checked against an independent evaluation of the rules (``Condition.holds``, not the
engine's compiled closures), the what-if by re-running the engine with its suggested changes,
and the tie-break on catalogs built so that the order in the data file is the only difference.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certadvisor.catalog import Catalog, load_catalog
from certadvisor.engine import BASE_SCORE, Engine, Result, recommend, steps_for
from certadvisor.output import dumps
from certadvisor.results import result_json

CODES = ["CPC", "CCS", "COC", "CIC", "CRC", "CCA", "CCS-P", "RHIT"]  # data-file order
CPC_A_STEP = "Expect to pass as CPC-A"
CPC_LETTERS_STEP = "Collect letters from employers"
CCS_ENTRY_STEP = "Without coding experience yet"


@pytest.fixture(scope="module")
def catalog(shipped_path: Path) -> Catalog:
    return load_catalog(shipped_path)


@pytest.fixture(scope="module")
def engine(catalog: Catalog) -> Engine:
    return Engine(catalog)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(
        (resources.files("certadvisor") / "schemas" / "result.schema.json").read_text("utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _clamp(total: int) -> int:
    return max(0, min(100, total))


def check_scoring(catalog: Catalog, result: Result) -> None:
    """Re-derive every score and reason from the rules, independently of the engine."""
    expected_reasons: dict[str, list[tuple[str, str, int]]] = {code: [] for code in catalog.certs}
    for rule in catalog.rules:
        if rule.when.holds(result.effective):
            for code, points in rule.points.items():
                expected_reasons[code].append((rule.id, rule.reason, points))
    assert [r.code for r in result.ranking] == sorted(
        catalog.certs,
        key=lambda c: (
            -_clamp(BASE_SCORE + sum(p for *_, p in expected_reasons[c])),
            -sum(p for *_, p in expected_reasons[c]),
            list(catalog.certs).index(c),
        ),
    )
    for ranked in result.ranking:
        reasons = [(r.rule, r.text, r.points) for r in ranked.reasons]
        assert reasons == expected_reasons[ranked.code]
        assert ranked.total == BASE_SCORE + sum(r.points for r in ranked.reasons)
        assert ranked.score == _clamp(ranked.total)
        assert 0 <= ranked.score <= 100
    assert result.recommendation == result.ranking[0].code
    assert result.margin == result.ranking[0].score - result.ranking[1].score >= 0


# ---------------------------------------------------------------------------------------------
# Scores, reasons, margin and ranking on the shipped rules
# ---------------------------------------------------------------------------------------------


def test_inpatient_example_scores_exactly(catalog: Catalog, engine: Engine) -> None:
    answers = {"setting": "inpatient", "goal": "inpatient_coder", "background": "him_degree"}
    result = engine.recommend(answers)
    # CCS 50 + 20 + 20 + 8; CIC 50 + 12 + 14; COC 50 - 6; CPC 50 - 10 - 8. CRC, CCA, CCS-P and
    # RHIT gain nothing (an HIM degree gives RHIT nothing) and keep their data-file order at 50.
    assert [(r.code, r.score) for r in result.ranking] == [
        ("CCS", 98),
        ("CIC", 76),
        ("CRC", 50),
        ("CCA", 50),
        ("CCS-P", 50),
        ("RHIT", 50),
        ("COC", 44),
        ("CPC", 32),
    ]
    assert result.margin == 98 - 76
    ccs = result.ranking[0]
    assert {(r.rule, r.points) for r in ccs.reasons} == {
        ("setting-inpatient", 20),
        ("goal-inpatient-coder", 20),
        ("background-him", 8),
    }
    cic = result.ranking[1]
    assert {(r.rule, r.points) for r in cic.reasons} == {
        ("setting-inpatient", 12),
        ("goal-inpatient-coder", 14),
    }
    cpc = result.ranking[-1]
    assert {(r.rule, r.points) for r in cpc.reasons} == {
        ("setting-inpatient", -10),
        ("goal-inpatient-coder", -8),
    }
    rhit = next(r for r in result.ranking if r.code == "RHIT")
    assert rhit.reasons == ()
    assert result.tie_break is None
    check_scoring(catalog, result)


def test_reason_text_comes_from_the_rule(catalog: Catalog, engine: Engine) -> None:
    result = engine.recommend({"employer": "payer"})
    assert result.ranking[0].code == "CRC"
    [reason] = result.ranking[0].reasons
    rule = next(r for r in catalog.rules if r.id == "employer-payer")
    assert (reason.rule, reason.text, reason.points) == (rule.id, rule.reason, 20)


PERSONAS = [
    pytest.param(
        {"setting": "inpatient", "background": "him_degree", "goal": "inpatient_coder"},
        "CCS",
        id="inpatient-him-degree-inpatient-coder",
    ),
    pytest.param(
        {"setting": "outpatient", "experience": "none", "goal": "outpatient_coder"},
        "CPC",
        id="outpatient-beginner-outpatient-coder",
    ),
    pytest.param(
        {"employer": "physician_practice", "goal": "billing_specialist"},
        "CPC",
        id="practice-billing-specialist",
    ),
    pytest.param({"goal": "him_manager", "setting": "inpatient"}, "CCS", id="him-manager-inpatient"),
    pytest.param(
        {"goal": "undecided", "setting": "no_preference", "experience": "none", "background": "none"},
        "CPC",
        id="undecided-beginner-path",
    ),
    pytest.param(
        {
            "setting": "outpatient",
            "employer": "hospital",
            "experience": "2_years_plus",
            "background": "him_degree",
        },
        "CCS",
        id="experienced-hospital-outpatient-him",
    ),
    pytest.param({"goal": "coding_manager", "employer": "hospital"}, "CCS", id="hospital-coding-manager"),
    pytest.param(
        {"setting": "inpatient", "pcs_comfort": "keen", "priority": "growth"},
        "CCS",
        id="inpatient-keen-on-pcs",
    ),
    # Payers hire risk adjustment coders: CRC 50 + 20 against CPC 50 + 4 + 5.
    pytest.param(
        {"employer": "payer", "priority": "start_soon"},
        "CRC",
        id="payer-in-a-hurry",
    ),
]


@pytest.mark.parametrize(("answers", "winner"), PERSONAS)
def test_persona(catalog: Catalog, engine: Engine, answers: dict[str, str], winner: str) -> None:
    result = engine.recommend(answers)
    assert result.recommendation == winner
    assert result.margin > 0, "a clear case must not be decided by the tie-break"
    assert result.tie_break is None
    check_scoring(catalog, result)


def test_beginner_path_is_explained_by_the_beginner_rules(engine: Engine) -> None:
    beginner = {"goal": "undecided", "setting": "no_preference", "experience": "none", "background": "none"}
    result = engine.recommend(beginner)
    cpc = result.ranking[0]
    assert cpc.code == "CPC"
    assert {r.rule for r in cpc.reasons} == {"experience-none", "background-none"}
    # CPC 50 + 6 + 4 = 60, ten ahead of the four left at 50; CIC falls to 46 and CCS to 44.
    # Without an AHIMA preference, AHIMA's entry-level CCA gains nothing from having no experience.
    assert [(r.code, r.score) for r in result.ranking] == [
        ("CPC", 60),
        ("COC", 50),
        ("CRC", 50),
        ("CCA", 50),
        ("CCS-P", 50),
        ("RHIT", 50),
        ("CIC", 46),
        ("CCS", 44),
    ]
    assert result.margin == 10
    by_code = {r.code: r for r in result.ranking}
    assert by_code["CCA"].reasons == ()
    assert [(r.rule, r.points) for r in by_code["CCS"].reasons] == [("experience-none", -6)]
    assert [(r.rule, r.points) for r in by_code["CIC"].reasons] == [("experience-none", -4)]
    # With an AHIMA preference the beginner rule decides it: CCA 50 + 6 + 18 = 74 against
    # CCS-P 50 + 8 = 58 and CPC 60 - 8 = 52...
    ahima = engine.recommend({**beginner, "body_preference": "ahima"})
    cca = ahima.ranking[0]
    assert (cca.code, cca.score) == ("CCA", 74)
    assert [(r.rule, r.points) for r in cca.reasons] == [("prefer-ahima", 6), ("ahima-beginner", 18)]
    # ...but only with no experience at all: an undisclosed one is not treated as a beginner.
    unsure = engine.recommend({**beginner, "body_preference": "ahima", "experience": "unsure"})
    assert not any(r.rule == "ahima-beginner" for ranked in unsure.ranking for r in ranked.reasons)


def test_hospital_outpatient_rule_only_fires_for_both_answers(engine: Engine) -> None:
    def fired(answers: dict[str, str]) -> bool:
        ranking = engine.recommend(answers).ranking
        ccs, coc = (next(r for r in ranking if r.code == code) for code in ("CCS", "COC"))
        in_ccs = any(reason.rule == "hospital-outpatient" for reason in ccs.reasons)
        assert in_ccs == any(reason.rule == "hospital-outpatient" for reason in coc.reasons)
        return in_ccs

    assert fired({"setting": "outpatient", "employer": "hospital"})
    assert fired({"setting": "outpatient", "employer": "asc"})
    assert not fired({"setting": "outpatient", "employer": "physician_practice"})
    assert not fired({"setting": "outpatient", "employer": "payer"})
    assert not fired({"setting": "inpatient", "employer": "hospital"})
    assert not fired({"setting": "no_preference", "employer": "asc"})


def test_scores_are_capped_at_100(catalog: Catalog, engine: Engine) -> None:
    answers = {
        "goal": "inpatient_coder",
        "setting": "inpatient",
        "employer": "hospital",
        "pcs_comfort": "keen",
        "experience": "2_years_plus",
        "background": "him_degree",
        "body_preference": "ahima",
        "priority": "low_cost",
    }
    result = engine.recommend(answers)
    ccs = result.ranking[0]
    assert ccs.code == "CCS"
    assert ccs.total == 50 + 20 + 20 + 10 + 6 + 6 + 8 + 6 + 3
    assert ccs.total > 100 and ccs.score == 100
    check_scoring(catalog, result)


def test_no_answers_is_a_documented_tie_won_by_file_order(catalog: Catalog, engine: Engine) -> None:
    result = engine.recommend({})
    assert [(r.code, r.score, r.reasons) for r in result.ranking] == [(code, 50, ()) for code in CODES]
    assert list(catalog.certs) == CODES
    assert result.margin == 0
    assert result.tie_break is not None
    assert "CPC and CCS scored the same" in result.tie_break
    assert "data file" in result.tie_break


# ---------------------------------------------------------------------------------------------
# Unanswered, neutral and skipped answers
# ---------------------------------------------------------------------------------------------


def test_unanswered_equals_every_neutral_value(catalog: Catalog, engine: Engine) -> None:
    neutral = {q.id: q.neutral for q in catalog.questions}
    empty, explicit = engine.recommend({}), engine.recommend(neutral)
    assert explicit.effective == empty.effective == neutral
    assert explicit.ranking == empty.ranking
    assert explicit.what_if == empty.what_if
    assert explicit.next_steps == empty.next_steps
    assert explicit.tie_break == empty.tie_break
    assert explicit.ignored == empty.ignored == ()
    assert empty.answers == {} and explicit.answers == neutral


@pytest.mark.parametrize(
    "question", ["goal", "setting", "experience", "background", "body_preference", "priority"]
)
def test_each_unanswered_question_counts_as_its_neutral(
    catalog: Catalog, engine: Engine, question: str
) -> None:
    base = {
        "goal": "coding_auditor",
        "setting": "outpatient",
        "experience": "none",
        "background": "clinical",
        "body_preference": "ahima",
        "priority": "growth",
    }
    without = {k: v for k, v in base.items() if k != question}
    neutral = {**without, question: catalog.question(question).neutral}
    assert engine.recommend(without).ranking == engine.recommend(neutral).ranking
    # ...and the question is not idle: its given value does change something.
    assert engine.recommend(base).ranking != engine.recommend(without).ranking


@pytest.mark.parametrize("pcs", ["keen", "avoid", "unsure"])
def test_pcs_comfort_is_ignored_when_setting_is_outpatient(
    catalog: Catalog, engine: Engine, pcs: str
) -> None:
    plain = engine.recommend({"setting": "outpatient", "goal": "coding_auditor"})
    skipped = engine.recommend({"setting": "outpatient", "goal": "coding_auditor", "pcs_comfort": pcs})
    assert skipped.effective["pcs_comfort"] == catalog.question("pcs_comfort").neutral
    assert skipped.ranking == plain.ranking
    assert skipped.margin == plain.margin
    assert skipped.next_steps == plain.next_steps
    assert not any(reason.rule.startswith("pcs-") for ranked in skipped.ranking for reason in ranked.reasons)
    if pcs != "unsure":
        assert skipped.ignored == ("pcs_comfort",)
        assert skipped.answers["pcs_comfort"] == pcs  # kept as given, reported as unused


@pytest.mark.parametrize("setting", ["inpatient", "no_preference"])
def test_pcs_comfort_counts_when_it_is_asked(engine: Engine, setting: str) -> None:
    keen = engine.recommend({"setting": setting, "pcs_comfort": "keen"})
    plain = engine.recommend({"setting": setting})
    assert keen.ignored == ()
    keen_totals = {r.code: r.total for r in keen.ranking}
    plain_totals = {r.code: r.total for r in plain.ranking}
    assert {code: keen_totals[code] - plain_totals[code] for code in CODES} == {
        code: 6 if code in ("CCS", "CIC") else 0 for code in CODES
    }


# ---------------------------------------------------------------------------------------------
# What-if and next steps
# ---------------------------------------------------------------------------------------------

FLIPPABLE_CASES = [
    {"setting": "inpatient", "goal": "inpatient_coder", "background": "him_degree"},
    {"setting": "outpatient", "pcs_comfort": "keen"},
    {"setting": "outpatient", "experience": "none", "goal": "outpatient_coder"},
    {"employer": "hospital"},
    {},
]
# CCS 127 (50 + 20 + 20 + 10 + 6 + 6 + 6 + 6 + 3) against RHIT 82 (50 + 28 + 4): a 45-point gap.
# RHIT already has every point it can get (an HIM associate programme and an AHIMA preference), so
# only CCS falling can close it (another body preference costs RHIT 4 or 12 and CCS only 2 more).
# The most one answer takes from CCS is 25 (an outpatient-coder goal), the most any other takes
# is 20 (no setting preference; outpatient costs only 14 at a hospital, where CCS gains 12 for
# hospital outpatient work). Together that is 45: CCS ends level with RHIT at 82 and keeps first
# place on data-file order, so no one or two changes put RHIT first and the what-if stays empty.
UNFLIPPABLE = {
    "goal": "inpatient_coder",
    "setting": "inpatient",
    "employer": "hospital",
    "pcs_comfort": "keen",
    "experience": "2_years_plus",
    "background": "him_associate",
    "body_preference": "ahima",
    "priority": "low_cost",
}
WHAT_IF_CASES = [*FLIPPABLE_CASES, UNFLIPPABLE]


def check_what_if(catalog: Catalog, engine: Engine, answers: dict[str, str]) -> Result:
    result = engine.recommend(answers)
    runner_up = result.ranking[1].code
    for what_if in result.what_if:
        assert what_if.leader == runner_up
        assert 1 <= len(what_if.changes) <= 2
        for question, value in what_if.changes:
            assert value in catalog.question(question).values
            assert value != result.effective[question], "a change must change something"
        flipped = engine.recommend({**answers, **dict(what_if.changes)})
        assert flipped.recommendation == runner_up
        assert flipped.margin == what_if.margin
        assert runner_up in what_if.text
    margins = [w.margin for w in result.what_if]
    assert margins == sorted(margins, reverse=True), "widest lead first"
    return result


@pytest.mark.parametrize("answers", FLIPPABLE_CASES)
def test_what_if_really_puts_the_runner_up_first(
    catalog: Catalog, engine: Engine, answers: dict[str, str]
) -> None:
    result = check_what_if(catalog, engine, answers)
    assert result.what_if, "one or two changes can put the runner-up first here"


def test_no_what_if_when_no_two_changes_are_enough(catalog: Catalog, engine: Engine) -> None:
    result = check_what_if(catalog, engine, UNFLIPPABLE)
    assert [(r.code, r.score, r.total) for r in result.ranking[:2]] == [("CCS", 100, 127), ("RHIT", 82, 82)]
    assert result.what_if == ()
    assert brute_force_what_ifs(catalog, UNFLIPPABLE) == []
    # The edge case: the two biggest falls leave CCS and RHIT level, and the tie goes to CCS.
    level = engine.recommend({**UNFLIPPABLE, "goal": "outpatient_coder", "setting": "no_preference"})
    assert [(r.code, r.total) for r in level.ranking[:2]] == [("CCS", 82), ("RHIT", 82)]
    assert level.tie_break is not None


# A strong CCS case with CIC second: CCS 50 + 20 + 18 + 8 + 3 = 99, CIC 50 + 12 = 62.
STRONG_CCS = {"setting": "inpatient", "goal": "him_manager", "background": "him_degree", "priority": "growth"}


def test_what_if_uses_the_fewest_changes(catalog: Catalog, engine: Engine) -> None:
    # Strong CCS case (CCS 99, CIC 62): no single change puts anyone else first (an AAPC preference
    # gives CIC 62 + 14 + 10 = 86 against CCS 99 - 8 = 91; a risk adjustment goal gives CRC 80
    # against CCS 99 - 18 = 81), so two changes are proposed...
    answers = STRONG_CCS
    result = check_what_if(catalog, engine, answers)
    assert result.ranking[1].code == "CIC"
    assert result.what_if and all(len(w.changes) == 2 for w in result.what_if)
    for question in catalog.questions:
        for value in question.values:
            single = engine.recommend({**answers, question.id: value})
            assert single.recommendation == "CCS", (question.id, value)
    # ...the best being an outpatient-coder goal with an AAPC preference: CIC 86 against
    # CCS 99 - 18 - 5 - 8 = 68 and CPC 50 - 10 + 20 + 4 = 64. A billing or undecided goal with
    # AAPC leaves CCS at 99 - 18 - 8 = 73: CIC leads by 13.
    best = result.what_if[0]
    assert dict(best.changes) == {"goal": "outpatient_coder", "body_preference": "aapc"}
    assert best.margin == 18
    assert [w.margin for w in result.what_if] == [18, 13, 13]
    # A weak CPC lead (CPC 65, COC 58) flips with one change: a surgery centre gives COC
    # 58 + 18 + 20 = 96 against CCS 50 + 12 + 4 = 66 and CPC 65; a hospital gives COC
    # 58 + 18 + 4 = 80 against CCS 50 + 12 + 10 = 72.
    weak = check_what_if(catalog, engine, {"setting": "outpatient", "pcs_comfort": "keen"})
    assert [(dict(w.changes), w.leader, w.margin) for w in weak.what_if] == [
        ({"employer": "asc"}, "COC", 30),
        ({"employer": "hospital"}, "COC", 8),
    ]


def test_what_if_text_names_the_change_by_its_label(engine: Engine) -> None:
    result = engine.recommend({"setting": "outpatient", "pcs_comfort": "keen"})
    assert result.what_if[0].text == (
        "If your type of employer were “An ambulatory surgery centre (day surgery)”, "
        "COC would lead by 30 points."
    )
    two = engine.recommend(STRONG_CCS)
    assert two.what_if[0].text == (
        "If your career goal were “Outpatient or physician-practice coder” and your credentialing "
        "body were “AAPC (I'm a member, or it is favoured around me)”, CIC would lead by 18 points."
    )


def test_next_steps_depend_on_experience(catalog: Catalog, engine: Engine) -> None:
    beginner = engine.recommend({"goal": "outpatient_coder", "experience": "none"})
    veteran = engine.recommend({"goal": "outpatient_coder", "experience": "2_years_plus"})
    assert beginner.recommendation == veteran.recommendation == "CPC"
    beginner_text = [step.text for step in beginner.next_steps]
    veteran_text = [step.text for step in veteran.next_steps]
    assert any(CPC_A_STEP in t for t in beginner_text)
    assert not any(CPC_LETTERS_STEP in t for t in beginner_text)
    assert not any(CPC_A_STEP in t for t in veteran_text)
    assert any(CPC_LETTERS_STEP in t for t in veteran_text)
    # Unconditional steps are there for both, in data-file order.
    always = [s for s in catalog.certs["CPC"].next_steps if s.when.kind == "always"]
    assert [s for s in beginner.next_steps if s in always] == always
    assert [s for s in veteran.next_steps if s in always] == always
    assert len(beginner.next_steps) == len(veteran.next_steps) == len(always) + 1


def test_next_steps_belong_to_the_recommendation(catalog: Catalog, engine: Engine) -> None:
    result = engine.recommend({"setting": "inpatient", "experience": "none"})
    assert result.recommendation == "CCS"
    assert set(result.next_steps) <= set(catalog.certs["CCS"].next_steps)
    assert any(CCS_ENTRY_STEP in step.text for step in result.next_steps)
    experienced = engine.recommend({"setting": "inpatient", "experience": "2_years_plus"})
    assert not any(CCS_ENTRY_STEP in step.text for step in experienced.next_steps)


def test_steps_for_uses_effective_answers(catalog: Catalog, engine: Engine) -> None:
    cpc = catalog.certs["CPC"]
    unsure = steps_for(cpc, engine.effective({}))  # experience unanswered -> neutral "unsure"
    assert any(CPC_A_STEP in step.text for step in unsure)


def test_recommend_function_matches_engine(catalog: Catalog, engine: Engine) -> None:
    answers = {"goal": "coding_auditor", "employer": "payer"}
    assert recommend(catalog, answers) == engine.recommend(answers)


# ---------------------------------------------------------------------------------------------
# Tie-break on tiny hand-made catalogs
# ---------------------------------------------------------------------------------------------

TINY_QUESTIONS_AND_RULES = """
[[questions]]
id = "pick"
short = "pick"
text = "Which way?"
help = "A test question."
neutral = "same"
choices = [
  { value = "same", label = "Same" },
  { value = "cpc", label = "CPC ahead" },
  { value = "ccs", label = "CCS ahead" },
  { value = "big", label = "Both over the cap" },
  { value = "low", label = "Both under zero" },
]

[[rules]]
id = "even"
when = { pick = "same" }
points = { CPC = 10, CCS = 10 }
reason = "Equal points for both."

[[rules]]
id = "cpc-ahead"
when = { pick = "cpc" }
points = { CPC = 10 }
reason = "CPC ahead."

[[rules]]
id = "ccs-ahead"
when = { pick = "ccs" }
points = { CCS = 10 }
reason = "CCS ahead."

[[rules]]
id = "big-both"
when = { pick = "big" }
points = { CPC = 50, CCS = 50 }
reason = "Both reach the cap."

[[rules]]
id = "big-second"
when = { pick = "big" }
points = { CCS = 20 }
reason = "The second-listed certification goes further over the cap."

[[rules]]
id = "low-both"
when = { pick = "low" }
points = { CPC = -50, CCS = -50 }
reason = "Both fall to zero."

[[rules]]
id = "low-second"
when = { pick = "low" }
points = { CPC = -30 }
reason = "The first-listed certification falls further below zero."
"""


def tiny_catalog(two_cert_head: str, tmp_path: Path, *, swap: bool = False) -> Catalog:
    """The shipped sources, bodies, CPC and CCS (optionally CCS first) with one test question."""
    head = two_cert_head
    cpc_at, ccs_at = head.index("[certs.CPC]"), head.index("[certs.CCS]")
    assert cpc_at < ccs_at
    if swap:
        cpc, ccs = head[cpc_at:ccs_at], head[ccs_at:]
        head = head[:cpc_at] + ccs + "\n" + cpc
    path = tmp_path / ("swapped.toml" if swap else "tiny.toml")
    path.write_text(head + TINY_QUESTIONS_AND_RULES, encoding="utf-8")
    return load_catalog(path)


@pytest.fixture
def tiny(two_cert_head: str, tmp_path: Path) -> Engine:
    engine = Engine(tiny_catalog(two_cert_head, tmp_path))
    assert engine.codes == ("CPC", "CCS")
    return engine


@pytest.fixture
def swapped(two_cert_head: str, tmp_path: Path) -> Engine:
    engine = Engine(tiny_catalog(two_cert_head, tmp_path, swap=True))
    assert engine.codes == ("CCS", "CPC")
    return engine


def test_equal_scores_go_to_the_first_cert_in_the_file(tiny: Engine) -> None:
    result = tiny.recommend({"pick": "same"})
    assert [(r.code, r.score, r.total) for r in result.ranking] == [("CPC", 60, 60), ("CCS", 60, 60)]
    assert result.recommendation == "CPC"
    assert result.margin == 0
    assert result.tie_break == (
        "CPC and CCS scored the same; CPC is listed first because it comes first in the data file."
    )


def test_file_order_not_alphabet_decides_a_tie(swapped: Engine) -> None:
    result = swapped.recommend({"pick": "same"})
    assert result.recommendation == "CCS"
    assert [r.code for r in result.ranking] == ["CCS", "CPC"]
    assert result.tie_break == (
        "CCS and CPC scored the same; CCS is listed first because it comes first in the data file."
    )


@pytest.mark.parametrize("fixture", ["tiny", "swapped"])
def test_clear_lead_has_no_tie_break(request: pytest.FixtureRequest, fixture: str) -> None:
    engine: Engine = request.getfixturevalue(fixture)
    for pick, winner in (("cpc", "CPC"), ("ccs", "CCS")):
        result = engine.recommend({"pick": pick})
        assert result.recommendation == winner
        assert result.margin == 10
        assert result.tie_break is None


@pytest.mark.parametrize("fixture", ["tiny", "swapped"])
def test_at_the_cap_uncapped_points_decide(request: pytest.FixtureRequest, fixture: str) -> None:
    engine: Engine = request.getfixturevalue(fixture)
    result = engine.recommend({"pick": "big"})
    by_code = {r.code: r for r in result.ranking}
    assert (by_code["CPC"].score, by_code["CPC"].total) == (100, 100)
    assert (by_code["CCS"].score, by_code["CCS"].total) == (100, 120)
    assert result.recommendation == "CCS"  # whichever comes first in the file
    assert result.margin == 0
    assert result.tie_break is not None
    assert "CCS and CPC both reached the end of the 0-100 scale" in result.tie_break
    assert "uncapped" in result.tie_break


def test_below_zero_scores_are_capped_and_uncapped_points_decide(tiny: Engine) -> None:
    result = tiny.recommend({"pick": "low"})
    by_code = {r.code: r for r in result.ranking}
    assert (by_code["CPC"].score, by_code["CPC"].total) == (0, -30)
    assert (by_code["CCS"].score, by_code["CCS"].total) == (0, 0)
    assert result.recommendation == "CCS"
    assert result.margin == 0
    assert result.tie_break is not None


def test_what_if_out_of_a_tie(tiny: Engine) -> None:
    result = tiny.recommend({})
    assert result.recommendation == "CPC" and result.tie_break is not None
    assert [(dict(w.changes), w.leader, w.margin) for w in result.what_if] == [
        ({"pick": "ccs"}, "CCS", 10),
        ({"pick": "big"}, "CCS", 0),
        ({"pick": "low"}, "CCS", 0),
    ]
    assert result.what_if[0].text == "If your pick were “CCS ahead”, CCS would lead by 10 points."
    assert result.what_if[1].text.endswith("CCS would lead on the tie-break.")


# ---------------------------------------------------------------------------------------------
# Properties over any subset of answers
# ---------------------------------------------------------------------------------------------

QUESTION_VALUES = {
    "goal": (
        "outpatient_coder",
        "billing_specialist",
        "coding_auditor",
        "inpatient_coder",
        "risk_adjustment_coder",
        "coding_manager",
        "him_manager",
        "undecided",
    ),
    "setting": ("inpatient", "outpatient", "no_preference"),
    "employer": ("physician_practice", "hospital", "asc", "payer", "not_sure"),
    "pcs_comfort": ("keen", "unsure", "avoid"),
    "experience": ("none", "under_2_years", "2_years_plus", "unsure"),
    "background": ("none", "coding_course", "him_associate", "him_degree", "clinical", "other"),
    "body_preference": ("aapc", "ahima", "no_preference"),
    "priority": ("start_soon", "low_cost", "growth", "no_priority"),
}

answer_sets = st.fixed_dictionaries(
    {}, optional={q: st.sampled_from(values) for q, values in QUESTION_VALUES.items()}
)

PROPERTY = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_property_vocabulary_matches_the_data(catalog: Catalog) -> None:
    # The public answers format; if the data changes it, the strategies above must follow.
    assert {q.id: q.values for q in catalog.questions} == QUESTION_VALUES


@PROPERTY
@given(answers=answer_sets)
def test_any_answers_score_within_range_and_add_up(
    catalog: Catalog, engine: Engine, answers: dict[str, str]
) -> None:
    result = engine.recommend(answers)
    assert {r.code for r in result.ranking} == set(catalog.certs)
    check_scoring(catalog, result)


@PROPERTY
@given(answers=answer_sets)
def test_scoring_twice_gives_the_same_result(
    catalog: Catalog, engine: Engine, answers: dict[str, str]
) -> None:
    first = engine.recommend(answers)
    assert engine.recommend(answers) == first
    assert Engine(catalog).recommend(dict(answers)) == first
    assert dumps(result_json(catalog, first)) == dumps(
        result_json(catalog, Engine(catalog).recommend(answers))
    )


@PROPERTY
@given(data=st.data(), answers=answer_sets)
def test_key_order_does_not_matter(
    catalog: Catalog, engine: Engine, data: st.DataObject, answers: dict[str, str]
) -> None:
    items = data.draw(st.permutations(list(answers.items())))
    permuted = dict(items)
    original, shuffled = engine.recommend(answers), engine.recommend(permuted)
    assert shuffled == original
    assert result_json(catalog, shuffled) == result_json(catalog, original)


@PROPERTY
@given(answers=answer_sets)
def test_result_json_matches_the_schema(
    catalog: Catalog,
    engine: Engine,
    validator: jsonschema.Draft202012Validator,
    answers: dict[str, str],
) -> None:
    document: dict[str, Any] = json.loads(dumps(result_json(catalog, engine.recommend(answers))))
    validator.validate(document)
    assert document["answers"] == answers
    for ranked in document["ranking"]:
        assert ranked["points"] == sum(reason["points"] for reason in ranked["reasons"])


def brute_force_what_ifs(
    catalog: Catalog, answers: dict[str, str]
) -> list[tuple[tuple[tuple[str, str], ...], int]]:
    """Every smallest change (one answer, else two) that puts the runner-up first, with its lead.

    Independent of the engine: effective answers, rule conditions and the ranking order are
    evaluated here from the catalog, the way the README describes them.
    """
    order = list(catalog.certs)

    def effective(given: dict[str, str]) -> dict[str, str]:
        result: dict[str, str] = {}
        for q in catalog.questions:
            result[q.id] = given.get(q.id, q.neutral) if q.when.holds(result) else q.neutral
        return result

    def ranked(given: dict[str, str]) -> list[tuple[str, int]]:
        eff = effective(given)
        totals = dict.fromkeys(order, BASE_SCORE)
        for rule in catalog.rules:
            if rule.when.holds(eff):
                for code, points in rule.points.items():
                    totals[code] += points
        codes = sorted(order, key=lambda c: (-_clamp(totals[c]), -totals[c], order.index(c)))
        return [(c, totals[c]) for c in codes]

    now = effective(answers)
    runner_up = ranked(answers)[1][0]
    asked = [q for q in catalog.questions if q.when.holds(now)]
    options = [[(q.id, v) for v in q.values if v != now[q.id]] for q in asked]
    singles = [(change,) for changes in options for change in changes]
    pairs = [
        (a, b)
        for i, first in enumerate(options)
        for second in options[i + 1 :]
        for a in first
        for b in second
    ]
    for candidates in (singles, pairs):
        found = []
        for changes in candidates:
            after = ranked({**answers, **dict(changes)})
            if after[0][0] == runner_up:
                found.append((changes, _clamp(after[0][1]) - _clamp(after[1][1])))
        if found:
            return found
    return []


def check_against_brute_force(catalog: Catalog, engine: Engine, answers: dict[str, str]) -> None:
    result = check_what_if(catalog, engine, answers)
    expected = brute_force_what_ifs(catalog, answers)
    leads = dict(expected)
    # Fewest changes: the engine proposes changes of the smallest size that works...
    assert {len(w.changes) for w in result.what_if} == {len(c) for c, _m in expected[:1]}
    # ...each one a real flip with the lead it claims...
    for what_if in result.what_if:
        assert leads.get(what_if.changes) == what_if.margin, what_if
    # ...and the widest leads available (up to three), widest first; among equal leads, the
    # change to the earlier question (then the earlier value) comes first.
    widest = sorted(expected, key=lambda item: -item[1])[:3]
    assert [(w.changes, w.margin) for w in result.what_if] == widest


# Several two-answer flips with different leads; no single answer is enough.
WIDEST_TWO_ANSWER_FLIP = {"goal": "him_manager", "employer": "hospital", "experience": "2_years_plus"}

WIDEST_LEAD_CASES = [
    WIDEST_TWO_ANSWER_FLIP,
    # Only one pair of changes flips it, and then by a single point: no experience and an AHIMA
    # preference give CCA 50 + 3 + 18 + 6 = 77 against CCS 50 + 18 + 8 - 6 + 6 = 76.
    {"goal": "him_manager", "background": "him_degree", "priority": "start_soon"},
    {
        "goal": "outpatient_coder",
        "employer": "physician_practice",
        "pcs_comfort": "avoid",
        "experience": "unsure",
        "background": "clinical",
        "priority": "low_cost",
    },
    # The strong CCS case that needs two changes.
    STRONG_CCS,
    # The widest flip changes the setting and the procedure-coding answer it keeps on screen:
    # the new answer, not the one given before, must count.
    {
        "goal": "undecided",
        "setting": "inpatient",
        "employer": "hospital",
        "pcs_comfort": "keen",
        "experience": "2_years_plus",
        "background": "him_associate",
    },
    # A neighbour's own signal against a clear CPC case.
    {"goal": "outpatient_coder", "setting": "outpatient", "employer": "payer", "body_preference": "ahima"},
    *WHAT_IF_CASES,
]


@pytest.mark.parametrize("answers", WIDEST_LEAD_CASES)
def test_what_if_matches_brute_force(catalog: Catalog, engine: Engine, answers: dict[str, str]) -> None:
    check_against_brute_force(catalog, engine, answers)


def test_what_if_finds_the_widest_two_answer_flip(engine: Engine) -> None:
    # CCS 84 (50 + 10 + 18 + 6) against CIC 56 (50 + 6), COC 54 (50 + 4). An AAPC preference with
    # no goal gives CIC 56 + 14 = 70 against CCS 84 - 18 - 8 = 58 and COC 54 + 8 = 62: an 8-point
    # lead, the widest any two changes give. No single change is enough: AAPC alone leaves CCS at
    # 76 against CIC 70, dropping the goal alone leaves CCS at 66 against CIC 56.
    result = engine.recommend(WIDEST_TWO_ANSWER_FLIP)
    assert [(r.code, r.score) for r in result.ranking[:3]] == [("CCS", 84), ("CIC", 56), ("COC", 54)]
    best = result.what_if[0]
    assert dict(best.changes) == {"goal": "undecided", "body_preference": "aapc"}
    assert best.leader == "CIC"
    assert best.margin == 8
    # Next, with AAPC: an auditor goal (CCS 84 - 18 + 6 - 8 = 64 against CIC 70), then an
    # inpatient-coder goal (CIC 70 + 14 = 84 against CCS 84 - 18 + 20 - 8 = 78), both by 6.
    assert [w.margin for w in result.what_if] == [8, 6, 6]
    assert {frozenset(w.changes) for w in result.what_if[1:]} == {
        frozenset({("goal", "coding_auditor"), ("body_preference", "aapc")}),
        frozenset({("goal", "inpatient_coder"), ("body_preference", "aapc")}),
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answer_sets)
def test_what_if_property_matches_brute_force(
    catalog: Catalog, engine: Engine, answers: dict[str, str]
) -> None:
    check_against_brute_force(catalog, engine, answers)


# A chain of `when`s: `middle` is asked only if the gate is open, `inner` only if `middle` is
# yes. Changing one answer can show or hide questions two levels down, and bring back answers
# given to them while they were hidden; rules that read several answers cross the chain.
CHAINED_QUESTIONS_AND_RULES = """
[[questions]]
id = "gate"
short = "gate"
text = "Gate?"
help = "A test question."
neutral = "shut"
choices = [
  { value = "open", label = "Open" },
  { value = "wide", label = "Wide open" },
  { value = "shut", label = "Shut" },
]

[[questions]]
id = "middle"
short = "middle"
text = "Middle?"
help = "A test question."
neutral = "no"
when = { gate = { one_of = ["open", "wide"] } }
choices = [
  { value = "yes", label = "Yes" },
  { value = "sure", label = "Sure" },
  { value = "no", label = "No" },
]

[[questions]]
id = "inner"
short = "inner"
text = "Inner?"
help = "A test question."
neutral = "flat"
when = { middle = { one_of = ["yes", "sure"] } }
choices = [
  { value = "up", label = "Up" },
  { value = "down", label = "Down" },
  { value = "flat", label = "Flat" },
]

[[questions]]
id = "other"
short = "other"
text = "Other?"
help = "A test question."
neutral = "p"
choices = [{ value = "p", label = "P" }, { value = "q", label = "Q" }, { value = "r", label = "R" }]

[[rules]]
id = "gate-open"
when = { gate = "open" }
points = { CCS = 10 }
reason = "Open."

[[rules]]
id = "gate-wide"
when = { gate = "wide" }
points = { CCS = 30 }
reason = "Wide open."

[[rules]]
id = "middle-yes"
when = { middle = "yes" }
points = { CPC = 15 }
reason = "Yes."

[[rules]]
id = "inner-up"
when = { inner = "up" }
points = { CCS = 20 }
reason = "Up."

[[rules]]
id = "inner-down"
when = { inner = "down" }
points = { CPC = 12, CCS = -4 }
reason = "Down."

[[rules]]
id = "other-q-and-up"
when = { all = [{ other = "q" }, { inner = "up" }] }
points = { CPC = 25 }
reason = "Q and up."

[[rules]]
id = "other-r"
when = { other = "r" }
points = { CCS = 30 }
reason = "R."

[[rules]]
id = "shut-or-p"
when = { any = [{ gate = "shut" }, { other = "p" }] }
points = { CPC = 5 }
reason = "Shut or P."

[[rules]]
id = "not-middle-no"
when = { not = { middle = "no" } }
points = { CCS = 7 }
reason = "Middle is not no."
"""


def test_what_if_through_a_chain_of_whens_matches_brute_force(two_cert_head: str, tmp_path: Path) -> None:
    path = tmp_path / "chained.toml"
    path.write_text(two_cert_head + CHAINED_QUESTIONS_AND_RULES, encoding="utf-8")
    catalog = load_catalog(path)
    engine = Engine(catalog)
    choices = [[None, *q.values] for q in catalog.questions]
    sizes: Counter[int] = Counter()
    for combo in itertools.product(*choices):
        answers = {q.id: v for q, v in zip(catalog.questions, combo, strict=True) if v is not None}
        check_against_brute_force(catalog, engine, answers)
        what_if = engine.recommend(answers).what_if
        sizes[len(what_if[0].changes) if what_if else 0] += 1
    assert sum(sizes.values()) == 4 * 4 * 4 * 4
    # Both kinds of what-if occur: one change is enough, or two are needed.
    assert sizes[1] and sizes[2], sizes
