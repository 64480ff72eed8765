"""Issue #22: what a result says is true of it. A capped score never hides a lead; the
credentials held are named as answered; each statement appears once per screen; "not sure" to
everything is not "nothing answered"; a pick the person may not be able to sit is never
advised with high confidence, and its requirement is on the first screen."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from itertools import islice

import jsonschema
import pytest
from conftest import CLI_ENV, EnvRunner
from rich.console import Console
from support import profiles
from typer.testing import Result as CliResult

from certadvisor.cli.app import app
from certadvisor.core.advice import assess
from certadvisor.core.engine import Engine
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result
from certadvisor.present.report.html import html_report
from certadvisor.present.report.markdown import markdown_report
from certadvisor.present.terminal.layout import show
from certadvisor.present.terminal.result import result_parts
from certadvisor.present.view import CAP_NOTE, build, capped

# An HIM graduate aiming at HIM management in a hospital: RHIA 125 and RHIT 105, both shown at 100.
HIM_GRADUATE = {
    "background": "him_degree",
    "him_status": "completed",
    "goal": "him_manager",
    "employer": "hospital",
}
TODAY = dt.date(2026, 11, 29)
# One profile in this many, in walk order: a cross-section of every question's values.
SAMPLE_EVERY = 4999


@pytest.fixture(scope="module")
def sample(engine: Engine) -> list[Result]:
    return [engine.recommend(p) for p in islice(profiles(engine), 0, None, SAMPLE_EVERY)]


def recommend(*args: str, columns: int = 80) -> CliResult:
    env = {**CLI_ENV, "COLUMNS": str(columns)}
    result = EnvRunner(env=env).invoke(app, ["recommend", *args])
    assert result.exit_code == 0, result.output
    return result


def sets(answers: dict[str, str]) -> list[str]:
    return [arg for q, v in answers.items() for arg in ("--set", f"{q}={v}")]


def flat(text: str) -> str:
    return " ".join(text.split())


def fits(out: str, columns: int) -> bool:
    """Every line fits, but a URL's: it runs past the edge whole, by design."""
    return all(len(line) <= columns for line in out.splitlines() if "https://" not in line)


def screen(catalog: Catalog, result: Result, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, no_color=True, color_system=None)
    show(console, result_parts(console, catalog, result))
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


# -- a capped score never hides a lead ---------------------------------------------------------


def test_two_capped_scores_do_not_read_as_a_tie() -> None:
    out = recommend(*sets(HIM_GRADUATE)).stdout
    summary, details = out.split("The details follow.\n", 1)
    assert "Runner-up: RHIT (20 points behind)" in flat(summary)
    assert "100/100)" not in summary
    assert details.startswith(
        "\nRecommendation: RHIA (Registered Health Information Administrator), ahead by 20"
    )
    lines = details.splitlines()
    start = lines.index("Ranking (credentials your answers point to)")
    # The capped bars are full, marked, and say their uncapped totals: the lead of 20 shows.
    assert re.fullmatch(r"  RHIA  #{30}> 100/100 \(uncapped 125\)", lines[start + 1]), lines[start + 1]
    assert re.fullmatch(r"  RHIT  #{30}> 100/100 \(uncapped 105\)", lines[start + 2]), lines[start + 2]
    assert re.fullmatch(r"  CCS   #{18}\.{12}   60/100", lines[start + 3]), lines[start + 3]
    # The footnote explains the marker, once.
    assert flat(details).count(f"> {CAP_NOTE}") == 1
    assert "Why RHIA scored 100 (uncapped 125)" in details
    assert fits(out, 80)


@pytest.mark.parametrize("columns", [40, 50, 60])
def test_the_uncapped_total_stays_on_a_narrow_screen(columns: int) -> None:
    out = recommend(*sets(HIM_GRADUATE), columns=columns).stdout
    assert fits(out, columns)
    ranking = flat(out).split("Ranking (credentials your answers point to)", 1)[1]
    ranking = ranking.split("Not suggested", 1)[0]
    assert "(uncapped 125)" in ranking and "(uncapped 105)" in ranking


def test_no_cap_no_marker() -> None:
    out = recommend("--set", "setting=outpatient").stdout
    assert "uncapped" not in out and CAP_NOTE not in flat(out)
    assert re.search(r"^  CPC   #+\.+ {2}58/100$", out, re.M)


def test_the_json_and_reports_carry_the_uncapped_total(
    catalog: Catalog, engine: Engine, validator: jsonschema.Draft202012Validator
) -> None:
    document = json.loads(recommend(*sets(HIM_GRADUATE), "--json").stdout)
    validator.validate(document)
    assert [(r["code"], r["score"], r["total"]) for r in document["ranking"][:3]] == [
        ("RHIA", 100, 125),
        ("RHIT", 100, 105),
        ("CCS", 60, 60),
    ]
    assert all(r["total"] == 50 + r["points"] for r in document["ranking"])
    assert document["margin"] == 20
    result = engine.recommend(HIM_GRADUATE)
    markdown = markdown_report(catalog, result, TODAY, "certadvisor recommend")
    assert "### RHIA: 100/100 (uncapped 125)" in markdown and "### RHIT: 100/100 (uncapped 105)" in markdown
    assert "- **Runner-up:** RHIT (20 points behind)" in markdown
    assert markdown.count(CAP_NOTE) == 1
    html = html_report(catalog, result, TODAY, "certadvisor recommend")
    assert "<dt>Runner-up</dt><dd>RHIT (20 points behind)</dd>" in html
    assert 'data-code="RHIA" data-score="100" data-total="125"' in html
    assert "<title>RHIT: 100/100 (uncapped 105)" in html
    assert ">RHIA: 100/100 (uncapped 125)</h3>" in html


def test_on_every_sampled_profile_the_summary_says_the_lead(catalog: Catalog, sample: list[Result]) -> None:
    for result in sample:
        view = build(catalog, result, terms=False)
        summary = dict(view.in_short)
        top = result.ranking[0]
        runner = next((r for r in result.ranking[1:] if r.matched and not r.held), None)
        if runner is None or result.starting_point is not None:
            assert "Runner-up" not in summary
            continue
        behind = top.total - runner.total
        words = f"{behind} point{'s' * (behind != 1)} behind" if behind else "level on points"
        assert summary["Runner-up"] == f"{runner.code} ({words})", result.answers
        assert (view.cap_note is not None) == any(capped(r) for r in view.matched)


# -- the credentials held, as answered -----------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "said"),
    [
        ("RHIA", "You already hold RHIA (which covers RHIT), so neither is suggested again"),
        ("CCS+RHIA", "You already hold CCS and RHIA (which covers RHIT), so none of them is suggested again"),
        ("CPC+CRC", "You already hold CPC and CRC, so neither is suggested again"),
        ("CPC-A+CPB", "You already hold CPB, so it is not suggested again"),
        ("RHIT", "You already hold RHIT, so it is not suggested again"),
    ],
)
def test_the_held_note_names_what_was_answered(held: str, said: str) -> None:
    out = flat(recommend("--set", f"held={held}").stdout)
    assert said + ": the advice is what to add next." in out
    assert "hold RHIT and RHIA" not in out


def test_every_held_value_names_only_answered_credentials(catalog: Catalog, engine: Engine) -> None:
    question = catalog.question("held")
    for value in question.values:
        result = engine.recommend({"held": value})
        note = build(catalog, result, terms=False).held
        held = [r.code for r in result.ranking if r.held]
        if not held:
            assert note is None
            continue
        assert note is not None and note.startswith("You already hold ")
        named = note.removeprefix("You already hold ").split(", so ", 1)[0]
        answered = value.split("+")
        for code in held:
            # Each held credential is named once: as answered, or as covered by one that was.
            assert len(re.findall(rf"(?<![\w-]){re.escape(code)}(?![\w-])", named)) == 1, (value, note)
            if code not in answered:
                assert re.search(rf"\(which covers [^)]*\b{re.escape(code)}\b", named), (value, note)


# -- once per screen -------------------------------------------------------------------------------


def test_each_statement_appears_once_per_screen(catalog: Catalog, sample: list[Result]) -> None:
    for result in sample:
        view = build(catalog, result, terms=False)
        details = flat(screen(catalog, result).split("The details follow.", 1)[1])
        statements = [c.note for c in result.conflicts]
        statements += [t for t in (view.requirement, view.held, view.cannot_advise, view.tie) if t]
        for statement in statements:
            assert details.count(flat(statement)) == 1, (result.answers, statement)
        for deciding in result.deciding:
            text = catalog.question(deciding.question).text
            assert details.count(f"“{text}”") == 1, (result.answers, text)
        assert details.count("too close to call") == (1 if result.tied_with else 0), result.answers


def test_a_tie_is_said_once_and_its_order_explained(catalog: Catalog) -> None:
    out = flat(recommend("--set", "setting=outpatient").stdout.split("The details follow.", 1)[1])
    assert out.count("CPC and COC are too close to call.") == 1
    assert out.count("What kind of employer do you picture?") == 1
    assert "CPC is shown first because" in out and "Tie-break" not in out


def test_the_requirement_is_said_once_in_the_details() -> None:
    out = recommend("--set", "goal=him_manager").stdout
    summary, details = out.split("The details follow.\n", 1)
    assert flat(summary).count("Needs: RHIA requires a CAHIIM-accredited") == 1
    assert flat(details).count("RHIA requires a CAHIIM-accredited") == 1
    assert flat(details).index("RHIA requires") < flat(details).index("Ranking")


# -- "not sure" to everything is an answer --------------------------------------------------------


def test_nothing_answered_and_only_not_sure_are_told_apart(catalog: Catalog, engine: Engine) -> None:
    nothing = engine.recommend({})
    assert nothing.confidence.reasons[0] == "nothing_answered"
    assert "No questions are answered yet" in " ".join(build(catalog, nothing).confidence_lines)
    asked = {q.id: q.neutral for q in catalog.questions if q.id not in ("him_status", "cdi_standing")}
    unsure = engine.recommend(asked)
    assert unsure.confidence.level == "low" and unsure.confidence.reasons[0] == "only_unsure"
    lines = build(catalog, unsure).confidence_lines
    assert lines[0] == (
        "You answered “not sure” or “no preference” to every question, "
        "so there is nothing yet to base advice on."
    )
    # A deciding question answered "not sure" asks for a firmer answer rather than an answer.
    goal = catalog.question("goal")
    assert f"Answer “{goal.text}” with something firmer than “{goal.label(goal.neutral)}”" in " ".join(lines)
    some = build(
        catalog, engine.recommend({"goal": "undecided", "setting": "no_preference"})
    ).confidence_lines
    assert some[0].startswith("You answered “not sure” or “no preference” to every question you answered,")


def test_only_not_sure_on_screen_and_in_json(validator: jsonschema.Draft202012Validator) -> None:
    args = sets({"goal": "undecided", "setting": "no_preference", "employer": "not_sure"})
    out = flat(recommend(*args).stdout)
    assert "No questions are answered yet" not in out
    assert "You answered “not sure” or “no preference” to every question you answered" in out
    document = json.loads(recommend(*args, "--json").stdout)
    validator.validate(document)
    assert document["confidence"]["reasons"][0] == "only_unsure"


# -- an unmet requirement: never high, and on the first screen -------------------------------------


def test_an_unmet_requirement_is_never_high(catalog: Catalog, engine: Engine) -> None:
    seen = 0
    for profile in islice(profiles(engine), 0, None, 997):
        result = assess(engine, profile, searches=False)
        if result.requirement is None:
            assert "requirement" not in result.confidence.reasons
            continue
        seen += 1
        assert result.confidence.level != "high", profile
        assert "requirement" in result.confidence.reasons
        view = build(catalog, result, terms=False)
        needs = f"{result.recommendation} needs something your answers do not show yet: see below."
        assert needs in view.confidence_lines
        assert ("Needs", result.requirement.text) in view.in_short
    assert seen


def test_a_clear_lead_with_an_unmet_requirement_is_medium(validator: jsonschema.Draft202012Validator) -> None:
    # RHIT held, outpatient work: RHIA leads clearly, but no HIM bachelor's is reported.
    answers = {"held": "RHIT", "setting": "outpatient"}
    document = json.loads(recommend(*sets(answers), "--json").stdout)
    validator.validate(document)
    assert document["recommendation"] == "RHIA" and document["requirement"] is not None
    assert document["confidence"]["level"] == "medium"
    assert document["confidence"]["reasons"] == ["requirement"]
    assert "RHIA needs something your answers do not show yet: see below." in document["confidence"]["text"]
    summary = flat(recommend(*sets(answers)).stdout.split("The details follow.", 1)[0])
    assert "Confidence: medium" in summary and "Needs: RHIA requires" in summary
