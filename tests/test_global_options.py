"""``--data`` and ``--no-pager`` before and after every command name, and the data file a result
is replayed against: the quiz's and recommend's "reproduce this result" command, in the screen,
the report and the saved answers, carries the data file however it was chosen."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main
from conftest import CLI_ENV, EnvRunner
from typer.testing import Result

from certadvisor.cli.app import app
from certadvisor.load.datafile import DATA_ENV

CPC_NAME = "Coder From The Given Data"
CEU_TEXT = "Given-data CEU: continuing education unit."
GOAL_TEXT = "Which job from the given data?"
FEES_WINDOW = 11  # months; the shipped data says 12

# Every question answered (the inpatient beginner of the golden cases): the quiz asks nothing.
FULL_ANSWERS = {
    "goal": "inpatient_coder",
    "held": "none",
    "setting": "inpatient",
    "employer": "hospital",
    "pcs_comfort": "keen",
    "experience": "none",
    "work_arrangement": "no_preference",
    "background": "coding_course",
    "body_preference": "no_preference",
    "priority": "start_soon",
}
ANSWERS_FILE = "answers.toml"

# One run of each command whose output shows which data it read, and how to see it there: in its
# JSON where it has one (form prints only text).
Check = Callable[[str], bool]


def parsed(check: Callable[[Any], bool]) -> Check:
    return lambda stdout: check(json.loads(stdout))


DATA_RUNS: dict[str, tuple[list[str], Check]] = {
    "list": (["list", "--json"], parsed(lambda doc: CPC_NAME in {c["name"] for c in doc["certifications"]})),
    "show": (["show", "CPC", "--json"], parsed(lambda doc: doc["name"] == CPC_NAME)),
    "glossary": (["glossary", "CEU", "--json"], parsed(lambda doc: CEU_TEXT in json.dumps(doc))),
    "compare": (["compare", "CPC", "CCS", "--json"], parsed(lambda doc: CPC_NAME in json.dumps(doc))),
    "cost": (["cost", "CPC", "--json"], parsed(lambda doc: doc["certifications"][0]["name"] == CPC_NAME)),
    "sources": (
        ["sources", "CPC", "--json"],
        parsed(
            lambda doc: FEES_WINDOW in {f["fresh_for_months"] for s in doc["sources"] for f in s["facts"]}
        ),
    ),
    "recommend": (
        ["recommend", "--set", "goal=inpatient_coder", "--json"],
        parsed(lambda doc: CPC_NAME in json.dumps(doc)),
    ),
    "questions": (["questions", "--json"], parsed(lambda doc: doc["questions"][0]["text"] == GOAL_TEXT)),
    "form": (["form", "--csv"], lambda stdout: GOAL_TEXT in stdout),
    "check-data": (
        ["check-data", "--stale", "--json"],
        parsed(lambda doc: doc["windows_months"]["fees"] == FEES_WINDOW),
    ),
    "quiz": (["quiz", "--answers", ANSWERS_FILE, "--json"], parsed(lambda doc: CPC_NAME in json.dumps(doc))),
}
# The same commands drawing a screen (paged on a terminal, except check-data's and the quiz's).
TEXT_RUNS: dict[str, list[str]] = {
    "list": ["list"],
    "show": ["show", "CPC"],
    "glossary": ["glossary"],
    "compare": ["compare"],
    "cost": ["cost"],
    "sources": ["sources"],
    "questions": ["questions"],
    "form": ["form"],
    "recommend": ["recommend", "--set", "goal=inpatient_coder"],
    "check-data": ["check-data", "--stale"],
    "quiz": ["quiz", "--answers", ANSWERS_FILE],
}
PAGED = ["list", "show", "glossary", "compare", "cost", "sources", "questions", "recommend"]
WIDE = {**CLI_ENV, "COLUMNS": "250"}  # the reproduce command on one line per option, unwrapped


@pytest.fixture
def given(make_data: Callable[..., Path]) -> Path:
    """A copy of the shipped data with a change every command shows."""
    return make_data(
        ('name = "Certified Professional Coder"', f'name = "{CPC_NAME}"'),
        ('text = "Continuing education unit:', f'text = "{CEU_TEXT}'),
        ("[freshness]\nfees = 12\n", f"[freshness]\nfees = {FEES_WINDOW}\n"),
        ('text = "Which job are you aiming for first?"', f'text = "{GOAL_TEXT}"'),
        name="given.toml",
    )


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory, holding the quiz's complete answers file."""
    lines = [f'{question} = "{value}"\n' for question, value in FULL_ANSWERS.items()]
    (tmp_path / ANSWERS_FILE).write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def placed(option: list[str], command: list[str], where: str) -> list[str]:
    """``option`` before the command name, or after the command's own arguments."""
    return [*option, *command] if where == "before" else [*command, *option]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def fake_pager(out: Path) -> str:
    """A pager command that copies what it is given to a file."""
    script = f"import sys; open({str(out)!r}, 'w', encoding='utf-8').write(sys.stdin.read())"
    return f"{sys.executable} -c {json.dumps(script)}"


def test_the_matrix_covers_every_command() -> None:
    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert commands == set(DATA_RUNS) == set(TEXT_RUNS)


# -- --data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command", sorted(DATA_RUNS))
def test_every_command_reads_the_data_given_before_or_after_its_name(
    command: str, where: str, given: Path, work: Path
) -> None:
    args, shows_given_data = DATA_RUNS[command]
    assert not shows_given_data(ok(EnvRunner(env=CLI_ENV).invoke(app, args)).stdout)
    result = ok(EnvRunner(env=CLI_ENV).invoke(app, placed(["--data", str(given)], args, where)))
    assert shows_given_data(result.stdout)


@pytest.mark.parametrize("command", sorted(DATA_RUNS))
def test_data_after_the_name_wins_over_data_before_it(
    command: str, given: Path, make_data: Callable[..., Path], work: Path
) -> None:
    args, shows_given_data = DATA_RUNS[command]
    other = make_data(name="other.toml")
    result = EnvRunner(env=CLI_ENV).invoke(app, ["--data", str(other), *args, "--data", str(given)])
    assert shows_given_data(ok(result).stdout)


@pytest.mark.parametrize("where", ["before", "after"])
def test_check_datas_path_wins_over_data(where: str, given: Path, make_data: Callable[..., Path]) -> None:
    broken = make_data(("[meta]\nschema = 3\n", "[meta]\nschema = 99\n"), name="broken.toml")
    args = placed(["--data", str(broken)], ["check-data", str(given), "--stale", "--json"], where)
    document = json.loads(ok(EnvRunner(env=CLI_ENV).invoke(app, args)).stdout)
    assert document["windows_months"]["fees"] == FEES_WINDOW


# -- --no-pager -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", PAGED)
def test_a_screen_on_a_terminal_is_paged(command: str, tmp_path: Path, work: Path) -> None:
    """The control for the matrix below: without --no-pager these commands do page."""
    paged = tmp_path / "paged.txt"
    runner = EnvRunner(
        env={**CLI_ENV, "CERTADVISOR_PAGER": fake_pager(paged)}, overrides={"stdout_isatty": True}
    )
    result = ok(runner.invoke(app, TEXT_RUNS[command]))
    assert result.stdout == ""
    assert paged.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command", sorted(TEXT_RUNS))
def test_no_pager_before_or_after_every_command(command: str, where: str, tmp_path: Path, work: Path) -> None:
    """Accepted everywhere; where something would be paged, it is not."""
    paged = tmp_path / "paged.txt"
    runner = EnvRunner(
        env={**CLI_ENV, "CERTADVISOR_PAGER": fake_pager(paged)}, overrides={"stdout_isatty": True}
    )
    result = ok(runner.invoke(app, placed(["--no-pager"], TEXT_RUNS[command], where)))
    assert not paged.exists()
    assert result.stdout.strip()


# -- the data file in the reproduce command, the report and the saved answers ------------------------


def data_args(how: str, path: Path) -> tuple[list[str], list[str], dict[str, str | None]]:
    """``--data`` before the name, after it, or $CERTADVISOR_DATA: (before, after, variables)."""
    option = ["--data", str(path)]
    if how == "env":
        return [], [], {DATA_ENV: str(path)}
    return (option, [], {}) if how == "before" else ([], option, {})


@pytest.mark.parametrize("how", ["before", "after", "env"])
def test_the_quiz_replays_against_the_data_it_used(how: str, given: Path, work: Path) -> None:
    before, after, variables = data_args(how, given)
    args = [*before, "quiz", "--answers", ANSWERS_FILE, "--report", "report.md", *after]
    result = ok(EnvRunner(env={**WIDE, **variables}).invoke(app, args))
    data = f"--data {shlex.quote(str(given))}"
    # The screen's command, one option a line, then the report's, on one line.
    assert f"  certadvisor recommend \\\n      {data} \\\n      --set goal=inpatient_coder" in result.stdout
    report = (work / "report.md").read_text(encoding="utf-8")
    assert f"certadvisor recommend {data} --set goal=inpatient_coder" in report


@pytest.mark.parametrize("how", ["before", "after", "env"])
def test_a_recommend_report_replays_against_the_data_it_used(how: str, given: Path, work: Path) -> None:
    before, after, variables = data_args(how, given)
    args = [*before, "recommend", "--set", "goal=inpatient_coder", "--report", "-", *after]
    report = ok(EnvRunner(env={**CLI_ENV, **variables}).invoke(app, args)).stdout
    assert f"certadvisor recommend --data {shlex.quote(str(given))} --set goal=inpatient_coder" in report


@pytest.mark.parametrize("how", ["before", "after", "env"])
def test_saved_answers_replay_against_the_data_they_were_given_for(how: str, given: Path, work: Path) -> None:
    before, after, variables = data_args(how, given)
    args = [*before, "quiz", "--answers", ANSWERS_FILE, "--save-answers", "saved.toml", *after]
    ok(EnvRunner(env={**CLI_ENV, **variables}).invoke(app, args))
    saved = (work / "saved.toml").read_text(encoding="utf-8")
    assert f"certadvisor recommend --data {shlex.quote(str(given))} --answers" in saved


def test_the_shipped_data_is_not_named_in_the_reproduce_command(work: Path) -> None:
    args = ["quiz", "--answers", ANSWERS_FILE, "--report", "report.md"]
    result = ok(EnvRunner(env=WIDE).invoke(app, args))
    assert "  certadvisor recommend \\\n      --set goal=inpatient_coder" in result.stdout
    assert "--data" not in (work / "report.md").read_text(encoding="utf-8")


def test_the_data_after_the_name_is_the_one_replayed(
    given: Path, make_data: Callable[..., Path], work: Path
) -> None:
    other = make_data(name="other.toml")
    args = ["--data", str(other), "recommend", "--set", "goal=inpatient_coder", "--report", "-"]
    report = ok(EnvRunner(env=CLI_ENV).invoke(app, [*args, "--data", str(given)])).stdout
    assert f"--data {shlex.quote(str(given))} " in report
    assert str(other) not in report


@pytest.mark.parametrize("how", ["before", "after"])
def test_a_cancelled_quiz_says_how_to_resume_with_its_data(how: str, given: Path, work: Path) -> None:
    """One answer given, then end of input: the answers so far are saved, and the command to
    resume names the data file they were given against."""
    before, after, _ = data_args(how, given)
    args = [*before, "quiz", "--plain", "--save-answers", "saved.toml", *after]
    terminal = {"stdin_isatty": True, "stdout_isatty": True, "stderr_isatty": True}
    result = EnvRunner(env=CLI_ENV, overrides=terminal).invoke(app, args, input="1\n")
    assert result.exit_code == 130, result.output
    resume = (
        f"certadvisor quiz --data {shlex.quote(str(given))} --answers saved.toml --save-answers saved.toml"
    )
    assert resume in " ".join(result.stderr.split())
    saved = (work / "saved.toml").read_text(encoding="utf-8")
    assert f"certadvisor recommend --data {shlex.quote(str(given))} --answers" in saved
