"""Issue #10: principles checked on every profile, honest confidence, ties, conflicts, matched
flags, preference-only what-ifs, per-credential reasons and the data that declares them."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import profiles
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core.advice import assess
from certadvisor.core.engine import Engine
from certadvisor.core.findings import Audit, example_command, reason_warnings
from certadvisor.errors import DataError
from certadvisor.fast.audit import audit
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.present.view import build

# The default tier checks properties over one profile in SAMPLE_EVERY, walked once per module;
# the exhaustive tier (-m exhaustive) checks them over every profile, or more densely.
SAMPLE_EVERY = 97
Profiles = list[dict[str, str]]


@pytest.fixture(scope="module")
def sample(engine: Engine) -> Profiles:
    """One profile in ``SAMPLE_EVERY``, in walk order: a cross-section of every question's values."""
    return list(islice(profiles(engine), 0, None, SAMPLE_EVERY))


# -- the five cases the counsellor marked wrong, and the principles behind them ----------------

CASES = [
    ({"body_preference": "aapc"}, "CPC"),
    (
        {
            "goal": "risk_adjustment_coder",
            "setting": "outpatient",
            "employer": "hospital",
            "experience": "under_2_years",
            "background": "coding_course",
        },
        "CRC",
    ),
    (
        {
            "setting": "outpatient",
            "employer": "hospital",
            "goal": "outpatient_coder",
            "body_preference": "ahima",
            "experience": "2_years_plus",
            "background": "coding_course",
        },
        "CCS",
    ),
    # HIM management is RHIA's field (#12); without the degree, the requirement is stated first.
    ({"goal": "him_manager", "experience": "none", "background": "none"}, "RHIA"),
    ({"goal": "him_manager", "experience": "none", "background": "him_associate"}, "RHIT"),
    (
        {
            "setting": "outpatient",
            "employer": "hospital",
            "goal": "outpatient_coder",
            "body_preference": "ahima",
            "experience": "none",
            "background": "other",
            "priority": "start_soon",
        },
        "CCA",
    ),
    # The clear cases from before stay as they were.
    ({"setting": "inpatient", "goal": "inpatient_coder", "background": "him_degree"}, "CCS"),
    ({"setting": "outpatient", "employer": "physician_practice", "goal": "outpatient_coder"}, "CPC"),
    ({"body_preference": "ahima"}, "CCS"),
]


@pytest.mark.parametrize(("answers", "pick"), CASES)
def test_counsellor_cases(engine: Engine, answers: dict[str, str], pick: str) -> None:
    assert engine.recommend(answers).recommendation == pick


def test_risk_adjustment_is_not_a_tie_with_coc(engine: Engine) -> None:
    result = engine.recommend(CASES[1][0])
    assert result.tie_break is None and result.tied_with == ()
    assert result.margin >= 10


def test_hospital_outpatient_with_ahima_never_says_join_aapc(engine: Engine) -> None:
    result = engine.recommend(CASES[2][0])
    assert all("AAPC" not in step.text for step in result.next_steps)


@pytest.fixture(scope="module")
def shipped_audit(catalog: Catalog) -> Audit:
    return audit(catalog)


@pytest.mark.exhaustive
def test_every_shipped_expectation_holds_on_every_profile(shipped_audit: Audit) -> None:
    report = shipped_audit
    assert report.broken == ()
    assert report.problems == []
    assert all(count > 0 for count in report.expectations.values())
    assert len(report.expectations) >= 15
    assert report.profiles == 1_965_600


@pytest.mark.exhaustive
def test_every_conflict_covers_some_profiles(catalog: Catalog, shipped_audit: Audit) -> None:
    report = shipped_audit
    assert set(report.conflicts) == {c.id for c in catalog.conflicts}
    assert all(count > 0 for count in report.conflicts.values())


# -- check-data and a broken expectation --------------------------------------------------------

BROKEN = """
[[expectations]]
id = "inpatient-is-cpc"
when = { goal = "inpatient_coder" }
top_in = ["CPC"]
why = "Deliberately wrong, to see check-data fail."
"""


def test_check_data_reports_a_broken_expectation(
    tmp_path: Path, shipped_text: str, runner: CliRunner
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(shipped_text + BROKEN, encoding="utf-8")
    result = runner.invoke(app, ["check-data", str(path)])
    assert result.exit_code == 1
    assert "FAILS inpatient-is-cpc" in result.stdout
    assert "expectation 'inpatient-is-cpc' fails for" in result.stderr
    # The example replays against the file checked, quoted for a shell.
    example = f"for example: certadvisor recommend --data {shlex.quote(str(path))} --set goal=inpatient_coder"
    assert example in result.stderr
    document = json.loads(runner.invoke(app, ["check-data", str(path), "--json"]).stdout)
    (broken,) = document["broken_expectations"]
    assert broken["id"] == "inpatient-is-cpc"
    assert 0 < broken["count"] <= document["expectations"]["inpatient-is-cpc"]
    assert broken["got"] != "CPC"
    assert broken["example"]["goal"] == "inpatient_coder"


def test_example_command_is_runnable(runner: CliRunner) -> None:
    command = example_command({"goal": "inpatient_coder", "setting": "inpatient"})
    args = command.split()[1:]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["recommendation"] == "CCS"


SHIPPED_TIE_ORDER = (
    'tie_order = ["CPC", "CCS", "CCA", "COC", "CRC", "CIC", "CCS-P", "RHIT", '
    '"CPB", "CPMA", "RHIA", "CDIP", "CCDS"]'
)


# -- loader: each class of error names the key ---------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        (
            '[[expectations]]\nid = "x"\nwhen = { goal = "billing_specialist" }\n'
            'top_in = ["CPCC"]\nwhy = "w"\n',
            "expectations.x.top_in",
            "did you mean CPC?",
        ),
        (
            '[[expectations]]\nid = "x"\nwhen = { goal = "billing_specialist" }\nwhy = "w"\n',
            "expectations.x",
            "expected top_in, not_top or both",
        ),
        (
            '[[expectations]]\nid = "x"\nwhen = { goal = "biling" }\ntop_in = ["CPC"]\nwhy = "w"\n',
            "expectations.x.when.goal",
            "biling",
        ),
        (
            '[[expectations]]\nid = "x"\nwhen = { goal = "billing_specialist" }\n'
            'top_in = ["CPC"]\nwhy = "w"\ncolour = 1\n',
            "expectations.x.colour",
            "unknown key",
        ),
        ('[[conflicts]]\nid = "c"\nwhen = { goal = "billing_specialist" }\n', "conflicts.c.note", "missing"),
    ],
)
def test_expectation_and_conflict_errors_name_the_key(
    tmp_path: Path, shipped_text: str, extra: str, key: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(shipped_text + "\n" + extra, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    text = str(caught.value)
    assert f"{key}:" in text
    assert message in text


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            SHIPPED_TIE_ORDER,
            SHIPPED_TIE_ORDER.replace(' "RHIT",', ""),
            "advice.tie_order",
            "missing: RHIT",
        ),
        ("near_tie = 3", "near_tie = 30", "advice", "near_tie < clear_margin"),
        (
            'id = "goal"\nkind = "preference"',
            'id = "goal"\nkind = "wish"',
            "questions.goal.kind",
            "preference",
        ),
        (
            'reasons.CCS-P = "CCS-P is AHIMA\'s credential for practice and clinic coding."',
            'reasons.CCSP = "x"',
            "rules.goal-outpatient-coder.reasons.CCSP",
            "did you mean CCS-P?",
        ),
    ],
)
def test_advice_and_reason_errors_name_the_key(
    make_data: Callable[..., Path], old: str, new: str, key: str, message: str
) -> None:
    with pytest.raises(DataError) as caught:
        load_catalog(make_data((old, new)))
    assert f"{key}:" in str(caught.value)
    assert message in str(caught.value)


# -- confidence ----------------------------------------------------------------------------------


def test_nothing_answered_cannot_advise_yet(engine: Engine, catalog: Catalog) -> None:
    result = engine.recommend({})
    assert result.confidence.level == "low"
    assert result.confidence.reasons[0] == "nothing_answered"
    assert result.starting_point is not None and result.recommendation == result.starting_point.cert == "CPC"
    view = build(catalog, result)
    assert view.cannot_advise is not None and "cannot advise you yet" in view.cannot_advise
    assert "CPC" in view.cannot_advise
    # The questions that would settle it are computed, not fixed: the job comes first.
    assert result.deciding and result.deciding[0].question == "goal"
    assert len(set(result.deciding[0].leaders)) > 1


def test_little_signal_names_the_question_that_would_settle_it(engine: Engine, catalog: Catalog) -> None:
    result = engine.recommend({"experience": "none", "background": "coding_course"})
    assert result.confidence.level == "low"
    assert "little_signal" in result.confidence.reasons
    assert 1 <= len(result.deciding) <= 2
    text = " ".join(build(catalog, result).confidence_lines)
    assert "to settle this: it decides between" in text


def test_a_clear_case_is_high_confidence(engine: Engine) -> None:
    result = engine.recommend({"goal": "inpatient_coder", "setting": "inpatient", "employer": "hospital"})
    assert result.confidence.level == "high"
    assert result.confidence.reasons == () and result.deciding == ()


def test_a_narrow_lead_is_medium(engine: Engine, catalog: Catalog, sample: Profiles) -> None:
    advice = catalog.advice
    assert advice is not None
    for profile in sample:
        # Confidence is settled before any search: the what-ifs are not needed here.
        result = assess(engine, profile, searches=False)
        if not result.confidence.reasons or result.confidence.reasons == ("narrow_lead",):
            expected = "medium" if result.margin < advice.clear_margin else "high"
            assert result.confidence.level == expected


def test_the_screen_shows_low_confidence_before_the_ranking(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend", "--set", "priority=low_cost"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("Confidence: low") < out.index("Ranking")


# -- ties ---------------------------------------------------------------------------------------


def test_an_exact_tie_goes_by_the_stated_principle_not_the_file_order(
    engine: Engine, make_data: Callable[..., Path]
) -> None:
    # Keen on procedure coding, nothing else: CCS and CIC gain the same points.
    result = engine.recommend({"pcs_comfort": "keen"})
    assert (result.recommendation, result.tied_with) == ("CCS", ("CIC",))
    assert result.tie_break is not None and "open to beginners" in result.tie_break
    swapped = make_data(
        (
            SHIPPED_TIE_ORDER,
            SHIPPED_TIE_ORDER.replace(
                '"CCS", "CCA", "COC", "CRC", "CIC"', '"CIC", "CCS", "CCA", "COC", "CRC"'
            ),
        )
    )
    again = Engine(load_catalog(swapped)).recommend({"pcs_comfort": "keen"})
    assert (again.recommendation, again.tied_with) == ("CIC", ("CCS",))


def test_a_near_tie_is_shown_as_one_with_what_separates_it(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend", "--set", "pcs_comfort=keen", "--json"])
    document = json.loads(result.stdout)
    assert document["tied_with"] == ["CIC"]
    assert "close_call" in document["confidence"]["reasons"]
    screen = " ".join(runner.invoke(app, ["recommend", "--set", "pcs_comfort=keen"]).stdout.split())
    # Said once, with the confidence, and the exact tie's order explained after it.
    assert screen.count("CCS and CIC are too close to call.") == 1
    assert "CCS is shown first because" in screen


# -- conflicts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "conflict"),
    [
        ({"setting": "inpatient", "employer": "physician_practice"}, "inpatient-at-a-practice"),
        ({"goal": "inpatient_coder", "pcs_comfort": "avoid"}, "inpatient-without-pcs"),
        ({"goal": "risk_adjustment_coder", "setting": "inpatient"}, "risk-adjustment-inpatient"),
    ],
)
def test_conflicting_answers_are_named_and_lower_confidence(
    engine: Engine, answers: dict[str, str], conflict: str
) -> None:
    result = engine.recommend(answers)
    assert conflict in {c.id for c in result.conflicts}
    assert result.confidence.level == "low" and "conflict" in result.confidence.reasons


def test_conflict_notes_reach_json_and_screen(runner: CliRunner) -> None:
    args = ["recommend", "--set", "setting=inpatient", "--set", "employer=physician_practice"]
    document = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert [c["id"] for c in document["conflicts"]] == ["inpatient-at-a-practice"]
    screen = runner.invoke(app, args).stdout
    assert "Answers that pull in different directions" in screen


# -- matched flags ------------------------------------------------------------------------------


def test_credentials_the_answers_do_not_speak_for_are_listed_apart(runner: CliRunner) -> None:
    args = ["recommend", "--set", "goal=inpatient_coder", "--set", "setting=inpatient"]
    document = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    matched = [r["code"] for r in document["ranking"] if r["matched"]]
    unmatched = [r["code"] for r in document["ranking"] if not r["matched"]]
    assert "CRC" in unmatched and matched[:2] == ["CCS", "CIC"]
    # Matched credentials always rank above unmatched ones.
    flags = [r["matched"] for r in document["ranking"]]
    assert flags == sorted(flags, reverse=True)
    screen = " ".join(runner.invoke(app, args).stdout.split())
    assert "Not suggested by your answers:" in screen and "CRC (50)" in screen
    assert "not a probability" in screen


def test_matched_means_points_above_the_start(engine: Engine, sample: Profiles) -> None:
    for profile in sample:
        for ranked in assess(engine, profile, searches=False).ranking:
            assert ranked.matched == (ranked.total > 50)


# -- what-ifs -----------------------------------------------------------------------------------


def _check_what_ifs(engine: Engine, answers: dict[str, str]) -> None:
    result = engine.recommend(answers)
    kinds = {q.id: q.kind for q in engine.questions}
    leaders = [w.leader for w in result.what_if]
    assert len(result.what_if) <= 3
    assert len(set(leaders)) == len(leaders)
    assert result.recommendation not in leaders
    for what_if in result.what_if:
        changed = dict(what_if.changes)
        assert all(kinds[q] == "preference" for q in changed), what_if
        after = engine.recommend({**answers, **changed})
        assert after.recommendation == what_if.leader
        assert after.ranking[0].matched
        # The change itself speaks for the new leader.
        assert any(
            reason.points > 0 and any(q in rule.questions for q in changed)
            for reason in after.ranking[0].reasons
            for rule in engine.rules
            if rule.rule.id == reason.rule
        )


def test_what_ifs_change_only_preferences_on_a_sample(engine: Engine, sample: Profiles) -> None:
    for profile in sample[::10]:
        _check_what_ifs(engine, profile)


@pytest.mark.exhaustive
def test_what_ifs_change_only_preferences_across_profiles(engine: Engine) -> None:
    for profile in islice(profiles(engine), 0, None, 53):
        _check_what_ifs(engine, profile)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_what_ifs_on_random_partial_answers(engine: Engine, data: st.DataObject) -> None:
    answers = {
        q.id: data.draw(st.sampled_from(q.values), label=q.id)
        for q in engine.questions
        if data.draw(st.booleans(), label=f"answer {q.id}")
    }
    _check_what_ifs(engine, answers)


def test_a_six_year_coder_is_never_told_to_have_less_experience(engine: Engine, catalog: Catalog) -> None:
    result = engine.recommend(
        {"experience": "2_years_plus", "background": "him_degree", "goal": "coding_auditor"}
    )
    for text in build(catalog, result).what_ifs:
        assert "coding experience" not in text and "education" not in text


# -- reasons speak of the credential they are shown under ---------------------------------------


def test_shipped_reasons_name_their_own_credential(catalog: Catalog) -> None:
    assert reason_warnings(catalog) == ()


def test_a_reason_naming_only_another_credential_is_a_warning(
    make_data: Callable[..., Path], runner: CliRunner
) -> None:
    path = make_data(
        (
            'reasons.CIC = "CIC is AAPC\'s credential for hospital inpatient coding."',
            'reasons.CIC = "Postings often name CCS."',
        )
    )
    (warning,) = reason_warnings(load_catalog(path))
    assert "goal-inpatient-coder" in warning and "under CIC names CCS" in warning
    result = runner.invoke(app, ["check-data", str(path)])
    assert result.exit_code == 0  # a warning, not a failure
    assert "warning: rule 'goal-inpatient-coder'" in result.stderr


# -- a credential that needs a degree says so first ----------------------------------------------


def test_a_degree_requirement_comes_first(engine: Engine, runner: CliRunner) -> None:
    result = engine.recommend({"goal": "him_manager", "background": "none"})
    assert result.recommendation == "RHIA"
    assert result.requirement is not None and "accredited" in result.requirement.text
    assert result.path is not None and "accredited" in result.path.steps[0].text
    student = engine.recommend({"goal": "him_manager", "background": "him_associate"})
    assert student.recommendation == "RHIT" and student.requirement is None
    graduate = engine.recommend({"goal": "him_manager", "background": "him_degree"})
    assert graduate.recommendation == "RHIA" and graduate.requirement is None
    screen = runner.invoke(app, ["recommend", "--set", "goal=him_manager", "--set", "background=none"]).stdout
    assert screen.index("RHIA requires a CAHIIM-accredited HIM bachelor's") < screen.index("Ranking")


def _check_degree_requirements(engine: Engine, chosen: Iterable[dict[str, str]]) -> None:
    # What each degree credential's requirement accepts; CCDS (work in CDI) cannot be answered.
    met = {"RHIT": ("him_associate", "him_degree"), "RHIA": ("him_degree",), "CCDS": ()}
    picks = set()
    for profile in chosen:
        # The pick and its requirement need no what-if search.
        result = assess(engine, profile, searches=False)
        picks.add(result.recommendation)
        if result.recommendation not in met:
            continue  # another credential's requirement (CDIP's, CPMA's) reads other answers
        needs = profile["background"] not in met[result.recommendation]
        assert (result.requirement is not None) == needs, profile
    assert {"RHIT", "RHIA"} <= picks


def test_sampled_profiles_whose_pick_needs_a_degree_are_told(engine: Engine, sample: Profiles) -> None:
    _check_degree_requirements(engine, [p for p in sample if p["goal"] == "him_manager"])


@pytest.mark.exhaustive
def test_every_profile_whose_pick_needs_a_degree_is_told(engine: Engine) -> None:
    _check_degree_requirements(engine, profiles(engine, {"goal": ("him_manager",)}))


def test_report_carries_the_why_not_and_confidence(runner: CliRunner, tmp_path: Path) -> None:
    from certadvisor.present.report.markdown import markdown_report

    catalog = load_catalog()
    result = Engine(catalog).recommend({"pcs_comfort": "keen"})
    import datetime as dt

    text = markdown_report(catalog, result, dt.date(2026, 11, 29), "certadvisor recommend")
    assert "### CIC: " in text and "## Why not CIC?" not in text
    assert "**Confidence: low.**" in text


def test_scoring_one_change_matches_scoring_from_scratch(engine: Engine, sample: Profiles) -> None:
    """The what-if's incremental scoring against the plain oracle: effective answers, then totals."""
    checked = 0
    for profile in sample[::4]:
        totals = engine.totals(profile)
        for question in engine.questions:
            for value in question.values:
                after, moved = engine.change(profile, profile, totals, question.id, value)
                expected = engine.effective({**profile, question.id: value})
                assert after == expected
                assert moved == engine.totals(expected)
                checked += 1
    assert checked > 5_000


def test_a_lead_over_several_names_them_as_a_list(catalog: Catalog, engine: Engine) -> None:
    from certadvisor.present.view import build

    result = engine.recommend({"priority": "low_cost"})
    assert len(result.tied_with) >= 3
    lead = build(catalog, result).lead
    assert lead.count(" and ") == 1 and ", " in lead, lead
