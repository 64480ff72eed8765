"""The advice engine on the shipped rules and on tiny hand-made catalogs.

Scores are checked against the independent oracle (``support.Oracle``: the conditions' parsed
trees read by its own evaluator, not the engine's compiled form), the what-ifs against a
brute-force search written here from the rules in ``policy``'s docstring, and ties on catalogs
built so that only the ``[advice] tie_order`` (never the order of the file) can settle them.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import Oracle, oracle_holds

from certadvisor.core.engine import Engine, recommend
from certadvisor.core.policy import MAX_WHAT_IFS
from certadvisor.core.rules import BASE_SCORE, HELD_TOTAL
from certadvisor.core.whatif import what_ifs
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result, WhatIf
from certadvisor.present.json.encode import dumps
from certadvisor.present.json.result import result_json
from certadvisor.present.view import what_if_text

TIE_ORDER = [  # [advice] tie_order
    *("CPC", "CCS", "CCA", "COC", "CRC", "CIC", "CCS-P", "RHIT"),
    *("CPB", "CPMA", "RHIA", "CDIP", "CCDS"),
]
CPC_A_STEP = "Expect to pass as CPC-A"
CPC_LETTERS_STEP = "Collect letters from employers"
CCS_ENTRY_STEP = "Without coding experience yet"


def _clamp(total: int) -> int:
    return max(0, min(100, total))


def oracle(catalog: Catalog) -> Oracle:
    """The independent oracle (``support``) for a catalog, built once per catalog."""
    found = _ORACLES.get(id(catalog))
    if found is None or found.catalog is not catalog:
        found = _ORACLES[id(catalog)] = Oracle(catalog)
    return found


_ORACLES: dict[int, Oracle] = {}


def independent_effective(catalog: Catalog, given: Mapping[str, str]) -> dict[str, str]:
    """Effective answers as the README describes them, from the oracle."""
    return oracle(catalog).effective(given)


def independent_held(catalog: Catalog, effective: Mapping[str, str]) -> tuple[str, ...]:
    """What the held question says the person holds, part by part of a set answer (``CPC+CRC``):
    a credential's own code means that credential; "none", CPC-A and COC-A (on the way to CPC
    or COC, which stay candidates) mean none; an RHIA covers the RHIT below it (AHIMA keeps only
    the higher). In tie order."""
    parts = set(effective.get("held", "none").split("+"))
    if "RHIA" in parts:
        parts.add("RHIT")
    order = catalog.advice.tie_order if catalog.advice else tuple(catalog.certs)
    return tuple(code for code in order if code in parts)


def independent_totals(catalog: Catalog, effective: Mapping[str, str]) -> dict[str, int]:
    the = oracle(catalog)
    totals = dict.fromkeys(catalog.certs, BASE_SCORE)
    for rule in the.fired(effective):
        for code, points in the.points[rule.id].items():
            totals[code] += points
    for code in independent_held(catalog, effective):
        totals[code] = HELD_TOTAL  # held: ranked last, never recommended
    return totals


def independent_order(catalog: Catalog, totals: Mapping[str, int]) -> list[str]:
    """Ranked by uncapped total; an exact tie goes to the earlier code in ``[advice] tie_order``."""
    assert catalog.advice is not None
    order = list(catalog.advice.tie_order)
    return sorted(order, key=lambda c: (-totals[c], order.index(c)))


def check_scoring(catalog: Catalog, result: Result) -> None:
    """Re-derive every score, reason and matched flag from the rules, independently of the engine."""
    expected_reasons: dict[str, list[tuple[str, str, int]]] = {code: [] for code in catalog.certs}
    the = oracle(catalog)
    for rule in the.fired(result.effective):
        for code, points in the.points[rule.id].items():
            expected_reasons[code].append((rule.id, rule.reason_for(code), points))
    totals = {c: BASE_SCORE + sum(p for *_, p in expected_reasons[c]) for c in catalog.certs}
    held = independent_held(catalog, result.effective)
    for code in held:
        # A held credential is shown as held, with no reasons, and ranked last.
        expected_reasons[code] = []
        totals[code] = HELD_TOTAL
    expected_order = independent_order(catalog, totals)
    assert expected_order[len(expected_order) - len(held) :] == list(held)
    if result.starting_point is not None:
        # Only when nothing speaks for any credential does the usual first step go first.
        assert not any(total > BASE_SCORE for total in totals.values())
        expected_order.remove(result.starting_point.cert)
        expected_order.insert(0, result.starting_point.cert)
    assert [r.code for r in result.ranking] == expected_order
    for ranked in result.ranking:
        reasons = [(r.rule, r.text, r.points) for r in ranked.reasons]
        assert reasons == expected_reasons[ranked.code]
        assert ranked.total == totals[ranked.code]
        assert ranked.score == _clamp(ranked.total)
        assert ranked.matched == (ranked.total > BASE_SCORE)
        assert ranked.held == (ranked.code in held)
    assert result.recommendation == result.ranking[0].code
    assert result.recommendation not in held
    # The lead is counted on the uncapped totals that set the order, at most 100.
    assert result.margin == max(0, result.ranking[0].total - result.ranking[1].total)


# ---------------------------------------------------------------------------------------------
# Scores, reasons, margin and ranking on the shipped rules
# ---------------------------------------------------------------------------------------------


def test_inpatient_example_scores_exactly(catalog: Catalog, engine: Engine) -> None:
    answers = {"setting": "inpatient", "goal": "inpatient_coder", "background": "him_degree"}
    result = engine.recommend(answers)
    # CCS 50 + 20 + 22 + 8; CIC 50 + 14 + 14; RHIA 50 + 15 (the HIM degree it requires);
    # COC 50 - 10 - 8; CPC and CCS-P 50 - 10 - 10. CCA, CRC, RHIT (an HIM degree gives RHIT
    # nothing), CPB, CPMA, CDIP and CCDS gain nothing, keep 50 in tie order and are not matched:
    # an untouched 50 is not a suggestion.
    assert [(r.code, r.score, r.matched) for r in result.ranking] == [
        ("CCS", 100, True),
        ("CIC", 78, True),
        ("RHIA", 65, True),
        ("CCA", 50, False),
        ("CRC", 50, False),
        ("RHIT", 50, False),
        ("CPB", 50, False),
        ("CPMA", 50, False),
        ("CDIP", 50, False),
        ("CCDS", 50, False),
        ("COC", 32, False),
        ("CPC", 30, False),
        ("CCS-P", 30, False),
    ]
    assert result.margin == 100 - 78
    ccs = result.ranking[0]
    assert {(r.rule, r.points) for r in ccs.reasons} == {
        ("setting-inpatient", 20),
        ("goal-inpatient-coder", 22),
        ("background-him", 8),
    }
    cic = result.ranking[1]
    assert {(r.rule, r.points) for r in cic.reasons} == {
        ("setting-inpatient", 14),
        ("goal-inpatient-coder", 14),
    }
    cpc = next(r for r in result.ranking if r.code == "CPC")
    assert {(r.rule, r.points) for r in cpc.reasons} == {
        ("setting-inpatient", -10),
        ("goal-inpatient-coder", -10),
    }
    rhit = next(r for r in result.ranking if r.code == "RHIT")
    assert rhit.reasons == ()
    rhia = next(r for r in result.ranking if r.code == "RHIA")
    assert [(r.rule, r.points) for r in rhia.reasons] == [("background-him", 15)]
    assert result.tie_break is None
    assert result.tied_with == ()
    assert result.confidence.level == "high"
    check_scoring(catalog, result)


def test_a_reason_under_a_credential_speaks_of_that_credential(catalog: Catalog, engine: Engine) -> None:
    result = engine.recommend({"setting": "inpatient", "goal": "inpatient_coder"})
    rule = next(r for r in catalog.rules if r.id == "goal-inpatient-coder")
    for ranked in result.ranking:
        for reason in ranked.reasons:
            if reason.rule == rule.id:
                assert reason.text == rule.reason_for(ranked.code)
                if ranked.code in rule.reasons:
                    assert ranked.code in reason.text
    # A rule with no per-credential wording shows its neutral reason.
    payer = engine.recommend({"employer": "payer"})
    assert payer.ranking[0].code == "CRC"
    [reason] = payer.ranking[0].reasons
    rule = next(r for r in catalog.rules if r.id == "employer-payer")
    assert (reason.rule, reason.text, reason.points) == (rule.id, rule.reason, 40)


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
    # Billing has its own credential, CPB (issue #12).
    pytest.param(
        {"employer": "physician_practice", "goal": "billing_specialist"},
        "CPB",
        id="practice-billing-specialist",
    ),
    # HIM management asks for an HIM degree credential, whatever the setting (issue #10): RHIA,
    # the administrator-level one (issue #12).
    pytest.param({"goal": "him_manager", "setting": "inpatient"}, "RHIA", id="him-manager-inpatient"),
    pytest.param(
        {"goal": "undecided", "setting": "no_preference", "experience": "none", "background": "none"},
        "CPC",
        id="undecided-beginner-path",
    ),
    # Outpatient work for a hospital is facility work: CCS (or COC), not CPC.
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
    # Payers hire risk adjustment coders: CRC 50 + 40 against CPC 50 + 5.
    pytest.param({"employer": "payer", "priority": "start_soon"}, "CRC", id="payer-in-a-hurry"),
]


@pytest.mark.parametrize(("answers", "winner"), PERSONAS)
def test_persona(catalog: Catalog, engine: Engine, answers: dict[str, str], winner: str) -> None:
    result = engine.recommend(answers)
    assert result.recommendation == winner
    assert result.margin > 0, "a clear case must not be decided by the tie-break"
    assert result.tie_break is None
    assert result.ranking[0].matched
    check_scoring(catalog, result)


def test_beginner_path_is_explained_by_the_beginner_rules(engine: Engine) -> None:
    beginner = {"goal": "undecided", "setting": "no_preference", "experience": "none", "background": "none"}
    result = engine.recommend(beginner)
    cpc = result.ranking[0]
    assert cpc.code == "CPC"
    assert {r.rule for r in cpc.reasons} == {"experience-none", "background-none"}
    # CPC 50 + 6 + 4 = 60, CCA 50 + 4 = 54; CIC and CCS-P fall to 46 and CCS to 44.
    assert [(r.code, r.score) for r in result.ranking] == [
        ("CPC", 60),
        ("CCA", 54),
        ("COC", 50),
        ("CRC", 50),
        ("RHIT", 50),
        ("CPB", 50),
        ("CPMA", 50),
        ("RHIA", 50),
        ("CDIP", 50),
        ("CCDS", 50),
        ("CIC", 46),
        ("CCS-P", 46),
        ("CCS", 44),
    ]
    assert result.margin == 6
    # Neither goal nor setting nor employer is answered: little signal, low confidence, and the
    # result names the unanswered questions that would settle it, the job first.
    assert result.confidence.level == "low"
    assert "little_signal" in result.confidence.reasons
    assert result.deciding and result.deciding[0].question == "goal"
    by_code = {r.code: r for r in result.ranking}
    assert [(r.rule, r.points) for r in by_code["CCS"].reasons] == [("experience-none", -6)]
    assert [(r.rule, r.points) for r in by_code["CIC"].reasons] == [("experience-none", -4)]
    # With an AHIMA preference the beginner rule decides it: CCA 50 + 4 + 8 + 50 = 112.
    ahima = engine.recommend({**beginner, "body_preference": "ahima"})
    cca = ahima.ranking[0]
    assert (cca.code, cca.score, cca.total) == ("CCA", 100, 112)
    assert [(r.rule, r.points) for r in cca.reasons] == [
        ("experience-none", 4),
        ("prefer-ahima", 8),
        ("ahima-beginner", 50),
    ]
    # ...but only with no experience at all: an undisclosed one is not treated as a beginner.
    unsure = engine.recommend({**beginner, "body_preference": "ahima", "experience": "unsure"})
    assert not any(r.rule == "ahima-beginner" for ranked in unsure.ranking for r in ranked.reasons)


@pytest.mark.parametrize(
    ("answers", "fires"),
    [
        ({"setting": "outpatient", "employer": "hospital"}, True),
        ({"setting": "outpatient", "employer": "asc"}, True),
        # "Outpatient" as a goal with a hospital employer is facility work too.
        ({"goal": "outpatient_coder", "employer": "hospital"}, True),
        ({"setting": "outpatient", "employer": "physician_practice"}, False),
        ({"setting": "outpatient", "employer": "payer"}, False),
        ({"setting": "inpatient", "employer": "hospital"}, False),
        ({"setting": "no_preference", "employer": "asc"}, False),
        ({"setting": "outpatient", "employer": "hospital", "goal": "risk_adjustment_coder"}, False),
    ],
)
def test_facility_outpatient_rule_fires_only_for_facility_outpatient_work(
    engine: Engine, answers: dict[str, str], fires: bool
) -> None:
    ranking = engine.recommend(answers).ranking
    by_code = {r.code: r for r in ranking}
    holders = {code for code, r in by_code.items() if any(x.rule == "facility-outpatient" for x in r.reasons)}
    assert holders == ({"COC", "CCS", "CPC", "CCS-P"} if fires else set())
    if fires:
        assert ranking[0].code in ("COC", "CCS")


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
    low_cost = next(r.rule for r in engine.rules if r.rule.id == "priority-low-cost").points["CCS"]
    assert low_cost == 4  # worked out from the fees: CCA's $299 first year against CCS's $399
    assert ccs.total == 50 + 20 + 12 + 22 + 4 + 6 + 8 + 8 + low_cost
    assert ccs.total > 100 and ccs.score == 100
    check_scoring(catalog, result)


def test_no_answers_cannot_advise_and_gives_the_usual_first_step(catalog: Catalog, engine: Engine) -> None:
    result = engine.recommend({})
    assert [(r.code, r.score, r.reasons, r.matched) for r in result.ranking] == [
        (code, 50, (), False) for code in TIE_ORDER
    ]
    assert result.starting_point is not None and result.starting_point.cert == "CPC"
    assert result.recommendation == "CPC"
    assert result.margin == 0
    # Not a tie settled by any order: nothing is matched, and the result says so.
    assert result.tie_break is None
    assert result.tied_with == ()
    assert result.confidence.level == "low"
    assert "nothing_answered" in result.confidence.reasons
    # An HIM associate student and an AHIMA-leaning beginner get their own first step.
    assert engine.recommend({"background": "him_associate"}).recommendation == "RHIT"
    ahima = engine.recommend({"body_preference": "ahima"})
    assert ahima.recommendation in ("CCA", "CCS")


def test_an_exact_tie_is_settled_by_the_tie_order_and_shown(catalog: Catalog, engine: Engine) -> None:
    # Outpatient with nothing else: CPC 58 and COC 58. CPC is first by the tie order, and the
    # result says it is a close call, not a clear pick.
    result = engine.recommend({"setting": "outpatient", "pcs_comfort": "keen"})
    assert [(r.code, r.total) for r in result.ranking[:2]] == [("CPC", 58), ("COC", 58)]
    assert TIE_ORDER.index("CPC") < TIE_ORDER.index("COC")
    assert result.tied_with[0] == "COC"
    assert result.tie_break is not None
    assert result.tie_break.startswith("CPC and COC scored the same; CPC is listed first because")
    assert catalog.advice is not None and catalog.advice.tie_principle in result.tie_break
    assert result.confidence.level == "low"
    assert "close_call" in result.confidence.reasons
    document = result_json(catalog, result)
    assert document["recommendation"] == "CPC"
    assert document["tied_with"][0] == "COC"


# ---------------------------------------------------------------------------------------------
# Unanswered, neutral and skipped answers
# ---------------------------------------------------------------------------------------------


def test_unanswered_equals_every_neutral_value(catalog: Catalog, engine: Engine) -> None:
    neutral = {q.id: q.neutral for q in catalog.questions}
    empty, explicit = engine.recommend({}), engine.recommend(neutral)
    assert explicit.effective == empty.effective == neutral
    assert explicit.ranking == empty.ranking
    assert explicit.next_steps == empty.next_steps
    assert explicit.tie_break == empty.tie_break
    # Equally unsure, but said as it was: nothing answered, or "not sure" to everything.
    assert explicit.confidence.level == empty.confidence.level == "low"
    assert empty.confidence.reasons == ("nothing_answered",)
    assert explicit.confidence.reasons == ("only_unsure",)
    # A neutral answer to a follow-up that is not asked (no HIM programme, a goal other than CDI)
    # is ignored, as any answer to it would be.
    assert explicit.ignored == ("him_status", "cdi_standing")
    assert empty.ignored == ()
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
    assert {code: keen_totals[code] - plain_totals[code] for code in TIE_ORDER} == {
        code: 4 if code in ("CCS", "CIC") else 0 for code in TIE_ORDER
    }


# ---------------------------------------------------------------------------------------------
# Next steps
# ---------------------------------------------------------------------------------------------


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
    # Steps that read only what is held (joining AAPC, booking the exam, CEUs) are there for both
    # (neither holds anything), in data-file order; each also gets its one experience step.
    shared = [
        s
        for s in catalog.certs["CPC"].next_steps
        if "experience" not in s.when.questions() and oracle_holds(s.when, {"held": "none"})
    ]
    assert [s for s in beginner.next_steps if s in shared] == shared
    assert [s for s in veteran.next_steps if s in shared] == shared
    assert len(beginner.next_steps) == len(veteran.next_steps) == len(shared) + 1


def test_next_steps_belong_to_the_recommendation(catalog: Catalog, engine: Engine) -> None:
    result = engine.recommend({"setting": "inpatient", "experience": "none"})
    assert result.recommendation == "CCS"
    assert set(result.next_steps) <= set(catalog.certs["CCS"].next_steps)
    assert any(CCS_ENTRY_STEP in step.text for step in result.next_steps)
    experienced = engine.recommend({"setting": "inpatient", "experience": "2_years_plus"})
    assert not any(CCS_ENTRY_STEP in step.text for step in experienced.next_steps)


def test_next_steps_use_effective_answers(catalog: Catalog, engine: Engine) -> None:
    # Experience unanswered counts as its neutral "unsure", which gets the CPC-A step.
    unsure = engine.next_steps("CPC", engine.effective({}))
    assert any(CPC_A_STEP in step.text for step in unsure)
    assert set(unsure) <= set(catalog.certs["CPC"].next_steps)


def test_recommend_function_matches_engine(catalog: Catalog, engine: Engine) -> None:
    answers = {"goal": "coding_auditor", "employer": "payer"}
    assert recommend(catalog, answers) == engine.recommend(answers)


# ---------------------------------------------------------------------------------------------
# What-ifs, against a brute-force oracle written from whatif's docstring
# ---------------------------------------------------------------------------------------------

Changes = tuple[tuple[str, str], ...]


def oracle_candidates(catalog: Catalog, answers: Mapping[str, str], top: str, size: int) -> list[WhatIf]:
    """Every sensible what-if of ``size`` changes, evaluated from the catalog alone.

    A change is to an asked *preference* question, to a value that is neither the current one nor
    neutral. It counts when the new leader differs from ``top``, is matched (above 50), a rule
    that reads a changed question and holds afterwards gives it points, and no conflict appears
    that the answers did not already have. Overturning a given answer (not filling in an open one)
    counts only when the new leader shares a setting with ``top``.
    """
    now = independent_effective(catalog, answers)
    conflicts_before = {c.id for c in catalog.conflicts if oracle_holds(c.when, now)}
    offered = oracle(catalog).offered
    options = [
        [(q.id, v) for v in q.values if v != now[q.id] and v != q.neutral and offered(now, q.id, v)]
        for q in catalog.questions
        if q.kind == "preference" and oracle_holds(q.when, now)
    ]
    if size == 1:
        candidates: list[Changes] = [(change,) for changes in options for change in changes]
    else:
        candidates = [
            (a, b)
            for i, first in enumerate(options)
            for second in options[i + 1 :]
            for a in first
            for b in second
        ]
    found: list[WhatIf] = []
    for changes in candidates:
        after = independent_effective(catalog, {**answers, **dict(changes)})
        totals = independent_totals(catalog, after)
        ranked = independent_order(catalog, totals)
        leader = ranked[0]
        if leader == top or totals[leader] <= BASE_SCORE:
            continue
        if any(c.id not in conflicts_before for c in catalog.conflicts if oracle_holds(c.when, after)):
            continue
        changed = {q for q, _v in changes}
        shared = set(catalog.certs[leader].settings) & set(catalog.certs[top].settings)
        if any(q in answers for q in changed) and not shared:
            continue  # overturning a stated answer only within the same kind of work
        points = oracle(catalog).points
        if not any(
            points[rule.id].get(leader, 0) > 0
            and set(rule.when.questions()) & changed
            and oracle_holds(rule.when, after)
            for rule in catalog.rules
        ):
            continue
        found.append(WhatIf(changes, leader, totals[leader] - totals[ranked[1]]))
    return found


def check_what_ifs(catalog: Catalog, engine: Engine, answers: Mapping[str, str]) -> Result:
    """The engine's what-ifs are sensible ones the oracle finds, ordered as documented."""
    result = engine.recommend(answers)
    top = result.recommendation
    fact = {q.id for q in catalog.questions if q.kind == "fact"}
    singles = oracle_candidates(catalog, answers, top, 1)
    size = 1 if singles else 2
    candidates = singles or oracle_candidates(catalog, answers, top, 2)
    assert len(result.what_if) <= MAX_WHAT_IFS
    assert len({w.leader for w in result.what_if}) == len(result.what_if), "one what-if per leader"
    leaders = {w.leader for w in candidates}
    # As many as there are reachable credentials, up to three; none when nothing sensible works.
    assert len(result.what_if) == min(MAX_WHAT_IFS, len(leaders))
    for what_if in result.what_if:
        assert len(what_if.changes) == size, "single changes before pairs"
        assert what_if in candidates, what_if  # a real, sensible flip with the lead it claims
        assert not {q for q, _v in what_if.changes} & fact, "a what-if never changes a fact"
        # Per leader: filling in an unanswered question beats overturning an answer, then the
        # wider lead.
        rivals = [w for w in candidates if w.leader == what_if.leader]

        def key(w: WhatIf) -> tuple[int, int]:
            return (sum(q in answers for q, _v in w.changes), -w.margin)

        assert key(what_if) == min(key(w) for w in rivals)
    # The credentials closest to the pick come first, and no nearer reachable one is left out.
    place = {
        c: i for i, c in enumerate(independent_order(catalog, independent_totals(catalog, result.effective)))
    }
    shown = [place[w.leader] for w in result.what_if]
    assert shown == sorted(shown)
    assert shown == sorted(place[c] for c in leaders)[: len(shown)]
    return result


WHAT_IF_CASES = [
    {"setting": "inpatient", "goal": "inpatient_coder", "background": "him_degree"},
    {"setting": "outpatient", "pcs_comfort": "keen"},
    {"setting": "outpatient", "experience": "none", "goal": "outpatient_coder"},
    {"employer": "hospital"},
    {},
    {"goal": "him_manager", "employer": "hospital", "experience": "2_years_plus"},
    {"goal": "him_manager", "background": "him_degree", "priority": "start_soon"},
    {
        "goal": "outpatient_coder",
        "employer": "physician_practice",
        "pcs_comfort": "avoid",
        "experience": "unsure",
        "background": "clinical",
        "priority": "low_cost",
    },
    # A change to the setting shows or hides the procedure-coding answer: the new answer, not
    # the one given before, must count.
    {
        "goal": "undecided",
        "setting": "inpatient",
        "employer": "hospital",
        "pcs_comfort": "keen",
        "experience": "2_years_plus",
        "background": "him_associate",
    },
    {"goal": "outpatient_coder", "setting": "outpatient", "employer": "payer", "body_preference": "ahima"},
    # A six-year hospital coder, everything answered.
    {
        "goal": "inpatient_coder",
        "setting": "inpatient",
        "employer": "hospital",
        "pcs_comfort": "keen",
        "experience": "2_years_plus",
        "background": "him_associate",
        "body_preference": "ahima",
        "priority": "low_cost",
    },
]


@pytest.mark.parametrize("answers", WHAT_IF_CASES)
def test_what_ifs_match_the_brute_force_oracle(
    catalog: Catalog, engine: Engine, answers: dict[str, str]
) -> None:
    result = check_what_ifs(catalog, engine, answers)
    for what_if in result.what_if:
        flipped = engine.recommend({**answers, **dict(what_if.changes)})
        assert flipped.recommendation == what_if.leader
        assert flipped.margin == what_if.margin


def test_what_ifs_for_a_weak_outpatient_lead(catalog: Catalog, engine: Engine) -> None:
    # Outpatient with nothing else: CPC and COC level at 58. A surgery centre makes it facility
    # work and puts COC clearly first; an AHIMA preference moves to AHIMA's hospital credential,
    # CCS, on the tie order; a payer goal to CRC. The stated outpatient setting is not overturned
    # towards inpatient work (another kind of work), and a beginner is not offered CDI work.
    result = check_what_ifs(catalog, engine, {"setting": "outpatient", "pcs_comfort": "keen"})
    assert [(dict(w.changes), w.leader, w.margin) for w in result.what_if] == [
        ({"employer": "asc"}, "COC", 40),  # 108 against CCS's 68, counted uncapped
        ({"body_preference": "ahima"}, "CCS", 0),
        ({"goal": "risk_adjustment_coder"}, "CRC", 38),
    ]
    assert all("setting" not in dict(w.changes) for w in result.what_if)
    assert what_if_text(catalog, result.what_if[0]) == (
        "If your type of employer were “An ambulatory surgery centre (day surgery)”, "
        "COC would lead by 40 points."
    )


def test_what_ifs_never_suggest_a_neutral_answer_or_a_fact(catalog: Catalog, engine: Engine) -> None:
    # A final-term HIM student and a long-serving coder are not told to have another past.
    for answers in (
        {"background": "him_associate", "goal": "him_manager"},
        {"experience": "2_years_plus", "setting": "inpatient", "employer": "hospital"},
    ):
        result = engine.recommend(answers)
        for what_if in result.what_if:
            for question, value in what_if.changes:
                assert catalog.question(question).kind == "preference"
                assert value != catalog.question(question).neutral


def test_what_ifs_function_is_the_one_recommend_uses(engine: Engine) -> None:
    answers = {"goal": "coding_manager", "employer": "hospital"}
    result = engine.recommend(answers)
    assert what_ifs(engine, answers, result.effective, result.recommendation) == result.what_if


TINY_QUESTIONS_AND_RULES = """
[[questions]]
id = "pick"
short = "pick"
text = "Which way?"
help = "A test question."
kind = "preference"
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


# ---------------------------------------------------------------------------------------------
# Ties on tiny hand-made catalogs: the tie order decides, never the order of the file
# ---------------------------------------------------------------------------------------------

TINY_ADVICE = """
[advice]
near_tie = 3
clear_margin = 10
signal_questions = ["pick"]
tie_order = {order}
tie_principle = "the test's principle puts it first"
starting_points = [{{ cert = "CPC", why = "The test's usual first step." }}]
"""


def tiny_catalog(
    two_cert_head: str, tmp_path: Path, *, swap: bool = False, order: tuple[str, str] = ("CPC", "CCS")
) -> Catalog:
    """The shipped sources, bodies, CPC and CCS (optionally CCS first in the file) with one test
    question, and an ``[advice]`` table whose tie order is ``order``."""
    head = two_cert_head
    cpc_at, ccs_at = head.index("[certs.CPC]"), head.index("[certs.CCS]")
    assert cpc_at < ccs_at
    if swap:
        cpc, ccs = head[cpc_at:ccs_at], head[ccs_at:]
        head = head[:cpc_at] + ccs + "\n" + cpc
    advice = TINY_ADVICE.format(order=json.dumps(list(order)))
    path = tmp_path / f"tiny-{swap}-{'-'.join(order)}.toml"
    path.write_text(head + TINY_QUESTIONS_AND_RULES + advice, encoding="utf-8")
    return load_catalog(path)


@pytest.fixture
def tiny(two_cert_head: str, tmp_path: Path) -> Engine:
    engine = Engine(tiny_catalog(two_cert_head, tmp_path))
    assert list(engine.catalog.certs) == ["CPC", "CCS"]
    return engine


@pytest.fixture
def swapped(two_cert_head: str, tmp_path: Path) -> Engine:
    """CCS first in the file, but the same tie order."""
    engine = Engine(tiny_catalog(two_cert_head, tmp_path, swap=True))
    assert list(engine.catalog.certs) == ["CCS", "CPC"]
    return engine


def test_a_data_file_with_rules_needs_an_advice_table(two_cert_head: str, tmp_path: Path) -> None:
    from certadvisor.errors import DataError

    path = tmp_path / "no-advice.toml"
    path.write_text(two_cert_head + TINY_QUESTIONS_AND_RULES, encoding="utf-8")
    with pytest.raises(DataError, match="advice"):
        load_catalog(path)


@pytest.mark.parametrize("fixture", ["tiny", "swapped"])
def test_equal_scores_go_to_the_first_cert_in_the_tie_order(
    request: pytest.FixtureRequest, fixture: str
) -> None:
    engine: Engine = request.getfixturevalue(fixture)
    result = engine.recommend({"pick": "same"})
    assert [(r.code, r.score, r.total) for r in result.ranking] == [("CPC", 60, 60), ("CCS", 60, 60)]
    assert result.recommendation == "CPC"
    assert result.margin == 0
    assert result.tied_with == ("CCS",)
    assert result.tie_break == (
        "CPC and CCS scored the same; CPC is listed first because the test's principle puts it first."
    )


def test_the_tie_order_not_the_file_decides(two_cert_head: str, tmp_path: Path) -> None:
    for swap in (False, True):
        engine = Engine(tiny_catalog(two_cert_head, tmp_path, swap=swap, order=("CCS", "CPC")))
        result = engine.recommend({"pick": "same"})
        assert [r.code for r in result.ranking] == ["CCS", "CPC"]
        assert result.tied_with == ("CPC",)
        assert result.tie_break is not None and result.tie_break.startswith("CCS and CPC scored the same")


@pytest.mark.parametrize("fixture", ["tiny", "swapped"])
def test_clear_lead_has_no_tie_break(request: pytest.FixtureRequest, fixture: str) -> None:
    engine: Engine = request.getfixturevalue(fixture)
    for pick, winner in (("cpc", "CPC"), ("ccs", "CCS")):
        result = engine.recommend({"pick": pick})
        assert result.recommendation == winner
        assert result.margin == 10
        assert result.tie_break is None
        assert result.tied_with == ()
        assert result.confidence.level == "high"


@pytest.mark.parametrize("fixture", ["tiny", "swapped"])
def test_at_the_cap_uncapped_points_decide(request: pytest.FixtureRequest, fixture: str) -> None:
    engine: Engine = request.getfixturevalue(fixture)
    result = engine.recommend({"pick": "big"})
    by_code = {r.code: r for r in result.ranking}
    assert (by_code["CPC"].score, by_code["CPC"].total) == (100, 100)
    assert (by_code["CCS"].score, by_code["CCS"].total) == (100, 120)
    assert result.recommendation == "CCS"  # more uncapped points, whatever the tie order
    assert result.margin == 20  # the lead counts the points past the cap too
    assert result.tie_break is None
    assert result.tied_with == ()  # both show 100, but one is well ahead: not a tie


def test_below_zero_nothing_is_matched_and_the_usual_first_step_leads(tiny: Engine) -> None:
    result = tiny.recommend({"pick": "low"})
    by_code = {r.code: r for r in result.ranking}
    assert (by_code["CPC"].score, by_code["CPC"].total) == (0, -30)
    assert (by_code["CCS"].score, by_code["CCS"].total) == (0, 0)
    assert not any(r.matched for r in result.ranking)
    assert result.starting_point is not None
    assert result.recommendation == "CPC"
    assert result.confidence.level == "low"


def test_what_if_out_of_a_tie(tiny: Engine) -> None:
    result = tiny.recommend({})
    assert result.recommendation == "CPC" and result.tie_break is not None
    # "CCS ahead" and "both over the cap" both put CCS first; the wider lead is kept, counted on
    # uncapped points (120 against 100). "Both under zero" leaves nobody matched, so it is not a
    # sensible what-if.
    assert [(dict(w.changes), w.leader, w.margin) for w in result.what_if] == [({"pick": "big"}, "CCS", 20)]
    assert what_if_text(tiny.catalog, result.what_if[0]).endswith("CCS would lead by 20 points.")


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
        "cdi_specialist",
        "undecided",
    ),
    "held": (
        *("none", "CPC-A", "COC-A", "CPC", "CCS", "COC", "CIC", "CRC", "CCA", "CCS-P", "RHIT"),
        *("CPB", "CPMA", "RHIA", "CDIP", "CCDS"),
        # The stacks: sets of credentials held together, each written in the question's order.
        *("CPC+CRC", "CPC+COC", "CPC+CPB", "CPC+CPMA", "CPC+CIC", "CPC-A+CPB", "CPC+CCA"),
        *("CCS+CDIP", "CCS+CCDS", "CCS+RHIT", "CCS+RHIA"),
    ),
    "setting": ("inpatient", "outpatient", "no_preference"),
    "employer": ("physician_practice", "hospital", "asc", "payer", "not_sure"),
    "pcs_comfort": ("keen", "unsure", "avoid"),
    "experience": ("none", "under_2_years", "2_years_plus", "unsure"),
    "work_arrangement": ("remote_only", "hybrid_ok", "no_preference"),
    "background": ("none", "coding_course", "him_associate", "him_degree", "clinical", "other"),
    "him_status": ("studying", "final_term", "completed"),
    "cdi_standing": ("licence_cdi", "licence", "cdi_work", "neither", "unsure"),
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
    assert catalog.advice is not None and list(catalog.advice.tie_order) == TIE_ORDER


@PROPERTY
@given(answers=answer_sets)
def test_any_answers_score_within_range_and_add_up(
    catalog: Catalog, engine: Engine, answers: dict[str, str]
) -> None:
    result = engine.recommend(answers)
    assert {r.code for r in result.ranking} == set(catalog.certs)
    check_scoring(catalog, result)
    # Credentials the answers do not speak for never rank above ones they do.
    matched = [r.matched for r in result.ranking[1:]]
    assert matched == sorted(matched, reverse=True)


@PROPERTY
@given(data=st.data(), answers=answer_sets)
def test_recommend_is_deterministic_whatever_the_key_order(
    catalog: Catalog, data: st.DataObject, answers: dict[str, str]
) -> None:
    permuted = dict(data.draw(st.permutations(list(answers.items()))))
    original = Engine(catalog).recommend(answers)
    shuffled = Engine(catalog).recommend(permuted)
    assert shuffled.recommendation == original.recommendation
    assert shuffled == original
    # The JSON is the same document (the echoed answers keep the caller's key order).
    assert json.loads(dumps(result_json(catalog, shuffled))) == json.loads(
        dumps(result_json(catalog, original))
    )


def test_answers_skipped_by_their_when_are_listed_in_question_order(engine: Engine) -> None:
    # Since #12 the held credential can skip the background question as well as the setting
    # skipping procedure coding: two answers can be ignored at once, and the result must not
    # depend on the order the caller happened to give them in.
    one = {"held": "CCS", "setting": "outpatient", "background": "none", "pcs_comfort": "keen"}
    other = {"pcs_comfort": "keen", "background": "none", "setting": "outpatient", "held": "CCS"}
    assert engine.recommend(one).ignored == ("pcs_comfort", "background")
    assert engine.recommend(other) == engine.recommend(one)


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
        assert ranked["matched"] == (ranked["points"] > 0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answer_sets)
def test_what_if_property_matches_the_oracle(
    catalog: Catalog, engine: Engine, answers: dict[str, str]
) -> None:
    check_what_ifs(catalog, engine, answers)


# A chain of `when`s: `middle` is asked only if the gate is open, `inner` only if `middle` is
# yes. Changing one answer can show or hide questions two levels down, and bring back answers
# given to them while they were hidden; rules that read several answers cross the chain.
CHAINED_QUESTIONS_AND_RULES = """
[[questions]]
id = "gate"
short = "gate"
text = "Gate?"
help = "A test question."
kind = "preference"
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
kind = "preference"
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
kind = "preference"
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
kind = "preference"
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


CHAINED_ADVICE = """
[advice]
near_tie = 3
clear_margin = 10
signal_questions = ["gate"]
tie_order = ["CPC", "CCS"]
tie_principle = "the test's principle puts it first"
starting_points = [{ cert = "CPC", why = "The test's usual first step." }]
"""


def test_what_if_through_a_chain_of_whens_matches_the_oracle(two_cert_head: str, tmp_path: Path) -> None:
    path = tmp_path / "chained.toml"
    path.write_text(two_cert_head + CHAINED_QUESTIONS_AND_RULES + CHAINED_ADVICE, encoding="utf-8")
    catalog = load_catalog(path)
    engine = Engine(catalog)
    choices = [[None, *q.values] for q in catalog.questions]
    sizes: Counter[int] = Counter()
    for combo in itertools.product(*choices):
        answers = {q.id: v for q, v in zip(catalog.questions, combo, strict=True) if v is not None}
        result = check_what_ifs(catalog, engine, answers)
        sizes[len(result.what_if[0].changes) if result.what_if else 0] += 1
    assert sum(sizes.values()) == 4 * 4 * 4 * 4
    # One change is enough for some profiles and two are needed for others.
    assert sizes[1] and sizes[2], sizes
