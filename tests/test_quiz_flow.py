"""`certadvisor quiz` end to end in-process: real questionary menus fed by a prompt_toolkit pipe.

Every key for the whole run is written to the pipe up front and the pipe's write end is then
closed. prompt_toolkit keeps keys a finished menu did not use as type-ahead for the next one, so
the sequence is replayed in order; when the keys run out, the next menu sees EOF (and the CLI
exits 130) instead of waiting forever, so a wrong key script fails fast rather than hanging.

The ``tty`` fixture hands the command an environment whose streams are terminals (CliRunner's
are not); the no-terminal tests leave it out. With ``--json`` the prompts go to stderr and
stdout is the JSON document alone, so ``finished`` parses the whole of stdout and the intro,
counters and review are looked for on stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import EnvRunner
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.core.engine import recommend
from certadvisor.load.datafile import DATA_ENV, default_data_path, load_catalog

DOWN, UP, ENTER, CTRL_C = "\x1b[B", "\x1b[A", "\r", "\x03"
TODAY = dt.date(2026, 6, 1)
CERTADVISOR = Path(sys.executable).parent / "certadvisor"

QUIZ_ENV: dict[str, str | None] = {
    "COLUMNS": "80",
    "LINES": "50",
    "NO_COLOR": "1",
    DATA_ENV: None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "ACCESSIBLE": None,
    "CERTADVISOR_PAGER": "cat",  # a pretend terminal must not start a real pager
}
NEUTRAL = {
    "goal": "undecided",
    "held": "none",
    "setting": "no_preference",
    "employer": "not_sure",
    "pcs_comfort": "unsure",
    "experience": "unsure",
    "work_arrangement": "no_preference",
    "background": "other",
    "body_preference": "no_preference",
    "priority": "no_priority",
}
NO_TERMINAL = ("--answers", "certadvisor recommend")
# The counters of a run whose goal is not CDI, with no credential held and a background that
# asks no HIM follow-up: "up to" while the PCS, background and HIM ones may come or not.
TEN_COUNTERS = [
    "Question 1 of up to 12",
    *[f"Question {n} of up to 11" for n in range(2, 9)],
    "Question 9 of 10",
    "Question 10 of 10",
]
CANCELLED = "Quiz cancelled; nothing was saved"


# Each question's menu values in order, read straight from the data file (not through
# certadvisor), so key scripts pick answers by value and survive changes to the choice lists.
DATA_QUESTIONS = tomllib.loads(default_data_path().read_text(encoding="utf-8"))["questions"]
MENU: dict[str, list[str]] = {q["id"]: [choice["value"] for choice in q["choices"]] for q in DATA_QUESTIONS}
QUESTION_TEXT: dict[str, str] = {q["id"]: q["text"] for q in DATA_QUESTIONS}
# Set questions (held) are checkbox lists: arrows move, space ticks, Enter confirms.
SETS = {q["id"] for q in DATA_QUESTIONS if q.get("multiple")}
SPACE = " "
# The menus' one shortcut scheme: the keys 1-9 point at the first nine choices; the arrows
# reach any further ones.
NUMBER_KEYS = 9


def pick(number: int) -> str:
    """A number key moves the menu pointer to the numberth choice (Down from the ninth to a
    later one); Enter submits."""
    if number <= NUMBER_KEYS:
        return f"{number}{ENTER}"
    return f"{NUMBER_KEYS}{DOWN * (number - NUMBER_KEYS)}{ENTER}"


def tick(question: str, *values: str) -> str:
    """The keys that tick ``values`` in a set question's checkbox list, then confirm. The
    pointer starts on the first choice with nothing ticked (the question not yet answered)."""
    keys, at = "", 0
    for index in sorted(MENU[question].index(value) for value in values):
        keys += DOWN * (index - at) + SPACE
        at = index
    return keys + ENTER


def pick_value(question: str, value: str) -> str:
    """The keys that pick ``value`` in the menu of ``question`` (tick its members, in a set
    question)."""
    if question in SETS:
        return tick(question, *value.split("+"))
    return pick(MENU[question].index(value) + 1)


def back_of(question: str) -> str:
    """The keys that pick Back, listed after the question's choices (a checkbox list has no
    shortcuts: Down to it from the first choice)."""
    if question in SETS:
        return DOWN * len(MENU[question]) + ENTER
    return pick(len(MENU[question]) + 1)


def keys_for(answers: dict[str, str]) -> str:
    """Pick each answer in turn (the questions the quiz asks, in order), then confirm the review."""
    return "".join(pick_value(question, value) for question, value in answers.items()) + ENTER


# CCA is still asked about background; an HIM degree brings in where they are in the programme.
INPATIENT = {
    "goal": "inpatient_coder",
    "held": "CCA",
    "setting": "inpatient",
    "employer": "hospital",
    "pcs_comfort": "keen",
    "experience": "2_years_plus",
    "work_arrangement": "hybrid_ok",
    "background": "him_degree",
    "body_preference": "ahima",
    "him_status": "completed",
    "priority": "low_cost",
}
INPATIENT_KEYS = keys_for(INPATIENT)
# Outpatient: no PCS question; a coding course asks no HIM follow-up.
OUTPATIENT = {
    "goal": "outpatient_coder",
    "held": "none",
    "setting": "outpatient",
    "employer": "physician_practice",
    "experience": "none",
    "work_arrangement": "remote_only",
    "background": "coding_course",
    "body_preference": "aapc",
    "priority": "start_soon",
}
OUTPATIENT_KEYS = keys_for(OUTPATIENT)


# The environment each run sees: a fixed today, and (with the ``tty`` fixture) terminals.
ENVIRONMENT: dict[str, object] = {"today": TODAY}


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend every stream is a terminal, so the quiz agrees to prompt."""
    monkeypatch.setitem(ENVIRONMENT, "stdin_isatty", True)
    monkeypatch.setitem(ENVIRONMENT, "stdout_isatty", True)
    monkeypatch.setitem(ENVIRONMENT, "stderr_isatty", True)


def run_quiz(
    keys: str, *args: str, env: dict[str, str | None] | None = None, input: str | None = None
) -> Result:
    """Invoke ``certadvisor quiz ARGS`` with ``keys`` queued for the menus."""
    with create_pipe_input() as pipe:
        if keys:
            pipe.send_text(keys)
        pipe.close()  # keys exhausted -> EOF -> exit 130, never a hang
        with create_app_session(input=pipe, output=DummyOutput()):
            runner = EnvRunner(env={**QUIZ_ENV, **(env or {})}, overrides=dict(ENVIRONMENT))
            result = runner.invoke(app, ["quiz", *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def finished(result: Result) -> dict[str, Any]:
    """The result of a ``--json`` run: exit 0, and stdout is one JSON document, nothing else."""
    assert result.exit_code == 0, (
        f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    assert result.stdout.startswith("{\n") and result.stdout.endswith("}\n"), result.stdout
    document = json.loads(result.stdout)
    assert isinstance(document, dict), result.stdout
    return document


def counters(stdout: str) -> list[str]:
    return re.findall(r"^(?:Question \d+ of (?:up to )?\d+|Review|Change your answer)$", stdout, re.M)


def write_answers(path: Path, answers: dict[str, str]) -> Path:
    if path.suffix == ".json":
        path.write_text(json.dumps(answers), encoding="utf-8")
    else:
        path.write_text("".join(f'{k} = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    return path


def saved_answers(path: Path) -> dict[str, str]:
    """Read a --save-answers file independently of certadvisor's own reader."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    assert data["schema_version"] == 1
    answers = data["answers"]
    assert isinstance(answers, dict), answers
    return answers


# -- answering ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "answers", "expected", "totals"),
    [
        # "Up to" while a follow-up may come: the CDI one goes with a goal that is not CDI;
        # the HIM one stays until the HIM degree is picked, when it is sure.
        pytest.param(
            INPATIENT_KEYS,
            INPATIENT,
            "CCS",
            ["up to 12"] + ["up to 11"] * 7 + ["11"] * 3,
            id="inpatient-CCS",
        ),
        # Outpatient rules the PCS question out, and a coding course the HIM one.
        pytest.param(
            OUTPATIENT_KEYS,
            OUTPATIENT,
            "CPC",
            ["up to 12"] + ["up to 11"] * 2 + ["up to 10"] * 4 + ["9"] * 2,
            id="outpatient-CPC",
        ),
    ],
)
def test_answering_every_question(
    tty: None, keys: str, answers: dict[str, str], expected: str, totals: list[str]
) -> None:
    result = run_quiz(keys, "--json")
    data = finished(result)
    assert data["answers"] == answers
    assert list(data["answers"]) == list(answers)  # in question order
    assert data["recommendation"] == expected
    assert data["ranking"][0]["code"] == expected
    assert data["ignored_answers"] == []
    # The intro panel, then one counter per question, then the review, all on stderr; nothing
    # else is reported there (no file was written, no warning).
    assert "certadvisor quiz" in result.stderr and "Ctrl-C to quit" in result.stderr
    for unwanted in ("Error", "Warning", "saved", "written", "cancelled"):
        assert unwanted not in result.stderr, unwanted
    assert len(totals) == len(answers)
    assert counters(result.stderr) == [
        *[f"Question {n} of {total}" for n, total in enumerate(totals, start=1)],
        "Review",
    ]


def test_enter_at_every_prompt_takes_the_neutral_answers(tty: None) -> None:
    data = finished(run_quiz(ENTER * 11, "--json"))
    assert data["answers"] == NEUTRAL
    assert data["recommendation"] == recommend(load_catalog(), NEUTRAL).recommendation


def test_too_few_keys_ends_as_a_cancel_not_a_hang(tty: None) -> None:
    """Guard for the harness: the closed pipe turns a short key script into exit 130."""
    result = run_quiz(ENTER * 10, "--json")  # no key left for the review
    assert result.exit_code == 130
    assert CANCELLED in result.stderr


def test_arrow_keys_move_from_the_default(tty: None) -> None:
    # goal: default "Not sure yet" (9th) -> Up x5 = 4th; held (a checkbox list): Down to the
    # 2nd (CPC-A) and tick it; setting: default "No preference" (3rd) -> Up x2 = 1st; employer:
    # default "Not sure" (5th) -> Up = 4th (payer).
    keys = UP * 5 + ENTER + DOWN + SPACE + ENTER + UP * 2 + ENTER + UP + ENTER + ENTER * 6 + ENTER
    data = finished(run_quiz(keys, "--json"))
    assert data["answers"] == {
        **NEUTRAL,
        "goal": "inpatient_coder",
        "held": "CPC-A",
        "setting": "inpatient",
        "employer": "payer",
    }
    assert data["recommendation"] == "CCS"
    assert data["held"] == []  # CPC-A is on the way to CPC, not a credential held


# -- Back and review ---------------------------------------------------------------------------


@pytest.mark.parametrize("back", [back_of("held"), UP + ENTER], ids=["down", "up"])
def test_back_to_the_first_question_and_change_it(tty: None, back: str) -> None:
    # held's checkbox list: none yet (1st), the other single choices, then Back (Down past
    # them all; or Up from the first, which wraps round to it). Enter on Back goes back.
    keys = pick(1) + back + pick_value("goal", "inpatient_coder") + ENTER
    keys += pick_value("setting", "inpatient") + ENTER * 7 + ENTER
    result = run_quiz(keys, "--json")
    data = finished(result)
    assert data["answers"] == {**NEUTRAL, "goal": "inpatient_coder", "setting": "inpatient"}
    assert data["recommendation"] == "CCS"
    # Back keeps the total: it changes only when an answer does (the goal, here).
    assert counters(result.stderr)[:4] == [
        "Question 1 of up to 12",
        "Question 2 of up to 11",
        "Question 1 of up to 11",
        "Question 2 of up to 11",
    ]


def test_after_back_enter_keeps_the_earlier_answer(tty: None) -> None:
    # The default after Back is the answer given before (billing), not the neutral one.
    keys = pick_value("goal", "billing_specialist") + back_of("held") + ENTER + ENTER * 9 + ENTER
    data = finished(run_quiz(keys, "--json"))
    assert data["answers"] == {**NEUTRAL, "goal": "billing_specialist"}


def test_changing_an_answer_at_the_review(tty: None) -> None:
    # Review menu: 10 answers then "Looks right"; 1 = goal. Then 7 = HIM manager; then confirm.
    keys = ENTER * 10 + pick(1) + pick(7) + ENTER
    result = run_quiz(keys, "--json")
    data = finished(result)
    assert data["answers"] == {**NEUTRAL, "goal": "him_manager"}
    # HIM management asks for an HIM degree credential (#10): RHIA, its degree required (#12).
    assert data["recommendation"] == "RHIA"
    assert data["requirement"]["cert"] == "RHIA"
    assert counters(result.stderr)[10:] == ["Review", "Change your answer", "Review"]


def test_review_change_that_hides_a_question_drops_its_answer(tty: None) -> None:
    # inpatient + PCS "keen", then at the review switch setting (3rd line) to outpatient.
    keys = pick(4) + ENTER + pick(1) + ENTER + pick(1) + ENTER * 5 + pick(3) + pick(2) + ENTER
    data = finished(run_quiz(keys, "--json"))
    assert "pcs_comfort" not in data["answers"]
    assert data["answers"]["setting"] == "outpatient"
    assert data["ignored_answers"] == []
    assert not any(r["rule"] == "pcs-keen" for x in data["ranking"] for r in x["reasons"])


def test_review_change_that_reveals_a_question_asks_it(tty: None) -> None:
    # outpatient first (9 questions), then at the review switch to inpatient: PCS gets asked.
    keys = ENTER * 2 + pick(2) + ENTER * 6 + pick(3) + pick(1) + pick(3) + ENTER
    result = run_quiz(keys, "--json")
    data = finished(result)
    assert data["answers"]["setting"] == "inpatient"
    assert data["answers"]["pcs_comfort"] == "avoid"
    assert counters(result.stderr)[9:] == [
        "Review",
        "Change your answer",
        "Question 5 of 10",
        "Review",
    ]


def test_outpatient_never_asks_pcs_and_counts_to_nine(tty: None) -> None:
    result = run_quiz(ENTER * 2 + pick(2) + ENTER * 6 + ENTER, "--json")
    data = finished(result)
    assert "pcs_comfort" not in data["answers"]
    assert data["answers"] == {k: v for k, v in NEUTRAL.items() if k != "pcs_comfort"} | {
        "setting": "outpatient"
    }
    assert "Question 4 of up to 10" in result.stderr and "Question 9 of 9" in result.stderr
    assert "Question 10 of" not in result.stderr
    assert "Question 5 of 10" not in result.stderr


def test_holding_a_full_credential_skips_the_background_question(tty: None) -> None:
    # CCS: a coding credential describes the person better than their schooling. The CDI goal
    # brings in the CDI follow-up: CDI work (without a licence) lets CDIP lead.
    keys = pick_value("goal", "cdi_specialist") + pick_value("held", "CCS") + ENTER * 6
    keys += pick_value("cdi_standing", "cdi_work") + ENTER + ENTER
    result = run_quiz(keys, "--json")
    data = finished(result)
    assert data["answers"] == {k: v for k, v in NEUTRAL.items() if k != "background"} | {
        "goal": "cdi_specialist",
        "held": "CCS",
        "cdi_standing": "cdi_work",
    }
    assert data["recommendation"] == "CDIP" and data["held"] == ["CCS"]
    assert data["path"]["id"] == "cdip-from-ccs"
    assert counters(result.stderr) == [
        "Question 1 of up to 12",
        "Question 2 of up to 12",  # the CDI follow-up is sure from the goal on
        "Question 3 of up to 10",  # CCS held: no background, no HIM; PCS may come
        *[f"Question {n} of 10" for n in range(4, 11)],
        "Review",
    ]
    assert "Which best describes your education or background?" not in result.stderr


# -- pre-filled answers ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_prefilled_answers_are_not_asked(tty: None, tmp_path: Path, suffix: str) -> None:
    given = {"goal": "inpatient_coder", "setting": "inpatient"}
    path = write_answers(tmp_path / f"given{suffix}", given)
    result = run_quiz(ENTER * 9, "--answers", str(path), "--json")
    data = finished(result)
    assert data["answers"] == {**NEUTRAL, **given}
    assert data["recommendation"] == "CCS"
    # goal and setting given: no CDI follow-up, a PCS question; background may bring the HIM one.
    assert counters(result.stderr) == [
        *[f"Question {n} of up to 9" for n in range(1, 7)],
        *[f"Question {n} of 8" for n in range(7, 9)],
        "Review",
    ]
    assert "2 answers came from --answers" in " ".join(result.stderr.split())


def test_all_answers_prefilled_asks_nothing_and_needs_no_terminal(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "all.json", INPATIENT)
    result = CliRunner(env=QUIZ_ENV).invoke(app, ["quiz", "--answers", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{\n"), "nothing but the JSON may be printed"
    data = json.loads(result.stdout)
    assert data["answers"] == INPATIENT
    assert data["recommendation"] == "CCS"
    assert result.stderr == ""


def test_all_answers_prefilled_with_saved_format(tmp_path: Path) -> None:
    saved = tmp_path / "saved.toml"
    saved.write_text(
        'schema_version = 1\nsaved = "2026-01-01T00:00:00+00:00"\n\n[answers]\n'
        + "".join(f'{k} = "{v}"\n' for k, v in INPATIENT.items()),
        encoding="utf-8",
    )
    result = CliRunner(env=QUIZ_ENV).invoke(app, ["quiz", "-a", str(saved), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"] == INPATIENT


# -- Ctrl-C ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys",
    [CTRL_C, pick(4) + pick(1) + CTRL_C, ENTER * 10 + CTRL_C],
    ids=["first", "third", "review"],
)
def test_ctrl_c_cancels_with_130_and_saves_nothing(tty: None, tmp_path: Path, keys: str) -> None:
    report = tmp_path / "report.md"
    result = run_quiz(keys, "--json", "--report", str(report))
    assert result.exit_code == 130
    assert CANCELLED in result.stderr
    assert result.stdout == "", "no result may be printed"
    assert not report.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_ctrl_c_with_save_answers_keeps_what_was_answered(tty: None, tmp_path: Path, suffix: str) -> None:
    saved = tmp_path / f"partial{suffix}"
    # goal, held CPC-A, setting, then Ctrl-C
    keys = (
        pick_value("goal", "inpatient_coder")
        + pick_value("held", "CPC-A")
        + pick_value("setting", "inpatient")
    )
    keys += CTRL_C
    result = run_quiz(keys, "--json", "--save-answers", str(saved))
    assert result.exit_code == 130
    so_far = {"goal": "inpatient_coder", "held": "CPC-A", "setting": "inpatient"}
    assert saved_answers(saved) == so_far
    message = " ".join(result.stderr.split())
    assert "Quiz cancelled" in message
    assert "3 answers" in message and str(saved) in message
    assert f"--answers {saved}" in message
    assert "nothing was saved" not in message
    assert [p.name for p in tmp_path.iterdir()] == [saved.name]  # no temporary file left

    # The printed resume command works: only the seven remaining questions are asked.
    resume = shlex.split(message.split("Resume with: ", 1)[1])
    assert resume[:2] == ["certadvisor", "quiz"]
    resumed = run_quiz(ENTER * 8, *resume[2:], "--json")
    data = finished(resumed)
    # Seven remain (the HIM follow-up may come after the background): none from the file.
    assert counters(resumed.stderr)[0] == "Question 1 of up to 8"
    assert data["answers"] == {**NEUTRAL, **so_far}
    assert saved_answers(saved) == data["answers"]


def test_ctrl_c_with_save_answers_before_any_answer_writes_nothing(tty: None, tmp_path: Path) -> None:
    saved = tmp_path / "partial.toml"
    result = run_quiz(CTRL_C, "--save-answers", str(saved))
    assert result.exit_code == 130
    assert CANCELLED in result.stderr
    assert not saved.exists()


# -- report and saved answers ------------------------------------------------------------------


def test_report_is_written(tty: None, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    result = run_quiz(INPATIENT_KEYS, "--json", "--report", str(report))
    data = finished(result)
    assert data["recommendation"] == "CCS"
    assert f"Report written to {report}" in result.stderr
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# certadvisor report\n")
    assert f"Date: {TODAY.isoformat()}" in text
    for heading in ("## Answers", "## Recommendation", "## Ranking and reasons", "### Sources"):
        assert f"\n{heading}\n" in text, heading
    assert "| Which job are you aiming for first? | Hospital inpatient coder |" in text
    assert f"| {QUESTION_TEXT['held']} | CCA |" in text
    assert "You already hold CCA" in " ".join(text.split())
    assert "**CCS (Certified Coding Specialist)**" in text
    # (A score over 100 is shown capped, with its uncapped total after it.)
    assert re.search(r"^### CCS: \d+/100\b", text, re.M)
    # Each source says what was read and the day it was compared (#23: evidence, not "checked").
    assert re.search(r"^1\. .*\bcompared \d{1,2} [A-Z][a-z]{2} \d{4}\b", text, re.M)
    block = text.split("## Reproduce this result", 1)[1].split("```")[1]
    assert block.strip().startswith("certadvisor recommend")
    assert dict(re.findall(r"--set (\w+)=(\w+)", block)) == INPATIENT


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_saved_answers_replay_to_the_same_result(tty: None, tmp_path: Path, suffix: str) -> None:
    saved = tmp_path / f"answers{suffix}"
    result = run_quiz(OUTPATIENT_KEYS, "--json", "--save-answers", str(saved))
    quiz_data = finished(result)
    assert f"Answers saved to {saved}" in result.stderr
    assert saved_answers(saved) == OUTPATIENT
    replay = CliRunner(env=QUIZ_ENV).invoke(app, ["recommend", "--answers", str(saved), "--json"])
    assert replay.exit_code == 0, replay.stderr
    replay_data = json.loads(replay.stdout)
    assert replay_data["recommendation"] == quiz_data["recommendation"] == "CPC"
    assert replay_data == quiz_data


@pytest.mark.parametrize(("option", "name"), [("--report", "report.md"), ("--save-answers", "answers.toml")])
def test_existing_file_is_refused_before_any_question(
    tty: None, tmp_path: Path, option: str, name: str
) -> None:
    target = tmp_path / name
    target.write_text("keep me\n", encoding="utf-8")
    result = run_quiz("", "--json", option, str(target))  # no keys: a prompt would exit 130
    assert result.exit_code == 2, result.output
    assert f"{target} already exists; use --force" in result.stderr
    assert "Question 1" not in result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_save_answers_needs_a_known_extension(tty: None, tmp_path: Path) -> None:
    result = run_quiz("", "--save-answers", str(tmp_path / "answers.txt"))
    assert result.exit_code == 2
    assert "must end in .toml or .json" in result.stderr
    assert result.stdout == ""


def test_force_overwrites_both_files(tty: None, tmp_path: Path) -> None:
    report, saved = tmp_path / "report.md", tmp_path / "answers.json"
    report.write_text("old report\n", encoding="utf-8")
    saved.write_text("old answers\n", encoding="utf-8")
    args = ["--json", "--report", str(report), "--save-answers", str(saved), "--force"]
    data = finished(run_quiz(INPATIENT_KEYS, *args))
    assert report.read_text(encoding="utf-8").startswith("# certadvisor report\n")
    assert saved_answers(saved) == data["answers"] == INPATIENT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json", "report.md"]


# -- plain (line) prompts ----------------------------------------------------------------------

PLAIN_MODES = [
    pytest.param(["--plain"], {}, id="--plain"),
    pytest.param([], {"ACCESSIBLE": "1"}, id="ACCESSIBLE=1"),
]


@pytest.mark.parametrize(("args", "env"), PLAIN_MODES)
def test_plain_prompts_with_numbers_blank_lines_and_a_reask(
    tty: None, args: list[str], env: dict[str, str | None]
) -> None:
    # goal: "10" and "x" are refused, then 4; held: Enter (none yet); setting 1; then Enter for
    # the seven others and the review.
    lines = "10\nx\n4\n\n1\n" + "\n" * 8
    result = run_quiz("", *args, "--json", env=env, input=lines)
    data = finished(result)
    assert data["answers"] == {**NEUTRAL, "goal": "inpatient_coder", "setting": "inpatient"}
    assert data["recommendation"] == "CCS"
    out = result.stderr  # with --json, the line prompts are written to stderr
    assert "Question 1 of up to 12" in out and "Question 10 of 10" in out
    assert "Which job are you aiming for first?" in out
    assert "  4. Hospital inpatient coder" in out
    assert "  5. Risk adjustment (HCC) coder, often for a health plan" in out
    assert "  8. Clinical documentation integrity (CDI) specialist" in out
    assert "  9. Not sure yet (default)" in out
    assert out.count("Choose 1-9 [9]: ") == 3  # asked, re-asked after "10", after "x"
    assert out.count("Please type a number from 1 to 9, or press Enter.") == 2
    # held: none yet (the default), the other single choices (no stacks), and Back; several
    # may be picked.
    held_back = len(MENU["held"]) + 1
    assert held_back == 17
    assert QUESTION_TEXT["held"] in out
    assert "  1. None yet (default)" in out and f"  {held_back}. ← Back" in out
    assert (
        f"For several, type their numbers separated by commas or spaces.\nChoose 1-{held_back} [1]: " in out
    )
    assert "CPC+CRC" not in out
    assert "  4. ← Back" in out
    assert "Choose 1-11 [11]: " in out  # the review: 10 answers and confirm


@pytest.mark.parametrize(("args", "env"), PLAIN_MODES)
def test_plain_back_and_eof(tty: None, args: list[str], env: dict[str, str | None]) -> None:
    # goal 1; held 17 = Back; goal 2; then EOF at the second question.
    result = run_quiz("", *args, env=env, input=f"1\n{len(MENU['held']) + 1}\n2\n")
    assert result.exit_code == 130
    assert CANCELLED in result.stderr
    assert result.stdout.count("Question 1 of up to 12") == 1
    assert result.stdout.count("Question 1 of up to 11") == 1  # Back keeps the total
    assert result.stdout.count("Question 2 of up to 11") == 2
    # Second time round, the earlier answer (1) is the default, not "Not sure yet" (9).
    assert "  1. Outpatient or physician-practice coder (default)" in result.stdout
    assert result.stdout.count("Choose 1-9 [9]: ") == 1
    assert "Choose 1-9 [1]: " in result.stdout


@pytest.mark.parametrize(("value", "remote"), [("remote_only", True), ("hybrid_ok", False)])
def test_plain_quiz_asks_work_arrangement_once_after_experience(tty: None, value: str, remote: bool) -> None:
    # Enter for the six questions before it, the work arrangement's number, then Enter for the
    # three after it and the review.
    number = MENU["work_arrangement"].index(value) + 1
    lines = "\n" * 6 + f"{number}\n" + "\n" * 4
    result = run_quiz("", "--plain", "--json", input=lines)
    data = finished(result)
    assert data["answers"] == {**NEUTRAL, "work_arrangement": value}
    # Only remote_only turns on the result's remote-work note (advice.remote_when).
    assert data["getting_hired"]["remote"] is remote
    out = result.stderr
    assert out.count(QUESTION_TEXT["work_arrangement"]) == 1
    # (Each counter follows the previous "Choose" prompt on its line.)
    assert re.findall(r"Question \d+ of (?:up to )?\d+", out) == TEN_COUNTERS
    # Asked seventh, right after the experience question and before the background one.
    before, seventh = out.split("Question 7 of up to 11", 1)
    seventh, after = seventh.split("Question 8 of up to 11", 1)
    assert QUESTION_TEXT["experience"] in before
    assert QUESTION_TEXT["work_arrangement"] in seventh
    assert QUESTION_TEXT["background"] in after
    # Its three choices, the neutral "No preference" the default, then Back.
    for line in (
        "  1. I need to work from home",
        "  2. Hybrid or on-site is fine",
        "  3. No preference (default)",
        "  4. ← Back",
    ):
        assert line in seventh, line


def test_accessible_zero_keeps_the_menus(tty: None) -> None:
    result = run_quiz(ENTER * 11, "--json", env={"ACCESSIBLE": "0"})
    assert finished(result)["answers"] == NEUTRAL
    assert "Choose 1-" not in result.stderr


# -- no terminal -------------------------------------------------------------------------------


def _check_refusal(code: int, stdout: str, stderr: str) -> None:
    assert code == 2, stderr
    for needle in NO_TERMINAL:
        assert needle in stderr
    assert "terminal" in stderr
    assert "Traceback" not in stderr + stdout
    assert "Question 1" not in stdout


@pytest.mark.parametrize("extra", [[], ["--json"]], ids=["text", "json"])
@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_no_terminal_subprocess_refuses(stdin: str, extra: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (DATA_ENV, "ACCESSIBLE")}
    env["NO_COLOR"] = "1"
    kwargs = {"stdin": subprocess.DEVNULL} if stdin == "devnull" else {"input": ""}
    proc = subprocess.run(
        [str(CERTADVISOR), "quiz", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        **kwargs,
    )
    _check_refusal(proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""


@pytest.mark.parametrize("extra", [[], ["--plain"], ["--json"]])
def test_no_terminal_cli_runner_refuses(extra: list[str]) -> None:
    result = CliRunner(env=QUIZ_ENV).invoke(app, ["quiz", *extra], input="4\n")
    _check_refusal(result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""


# stdout redirected to a file (`certadvisor quiz --json > result.json` in a terminal): only stdin
# and stderr are terminals.
REDIRECTED = {"stdin_isatty": True, "stdout_isatty": False, "stderr_isatty": True}


def test_json_with_stdout_redirected_still_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    for field, value in REDIRECTED.items():
        monkeypatch.setitem(ENVIRONMENT, field, value)
    result = run_quiz(ENTER * 11, "--json")
    assert finished(result)["answers"] == NEUTRAL
    assert counters(result.stderr) == [*TEN_COUNTERS, "Review"]
    assert counters(result.stderr)[-1] == "Review"


@pytest.mark.parametrize("extra", [[], ["--plain"]])
def test_without_json_stdout_redirected_is_refused(monkeypatch: pytest.MonkeyPatch, extra: list[str]) -> None:
    """Without --json the prompts would go to stdout, which is not a terminal."""
    for field, value in REDIRECTED.items():
        monkeypatch.setitem(ENVIRONMENT, field, value)
    result = run_quiz(ENTER * 11, *extra, input="\n" * 11)
    _check_refusal(result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize("extra", [["--json"], ["--json", "--plain"]])
def test_json_with_stdin_not_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch, extra: list[str]) -> None:
    monkeypatch.setitem(ENVIRONMENT, "stdin_isatty", False)
    monkeypatch.setitem(ENVIRONMENT, "stdout_isatty", True)
    monkeypatch.setitem(ENVIRONMENT, "stderr_isatty", True)
    result = run_quiz(ENTER * 11, *extra, input="\n" * 11)
    _check_refusal(result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Question 1" not in result.stderr


def test_no_terminal_with_some_answers_still_refuses(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "some.json", {"goal": "inpatient_coder"})
    result = CliRunner(env=QUIZ_ENV).invoke(app, ["quiz", "--answers", str(path), "--json"])
    _check_refusal(result.exit_code, result.stdout, result.stderr)


# -- regressions: bugs found while writing these tests, since fixed in src -------------------


def test_cancel_message_for_one_answer(tty: None, tmp_path: Path) -> None:
    saved = tmp_path / "partial.toml"
    result = run_quiz(pick(4) + CTRL_C, "--save-answers", str(saved))
    assert result.exit_code == 130
    assert saved_answers(saved) == {"goal": "inpatient_coder"}
    message = " ".join(result.stderr.split())
    assert "your 1 answer so far was saved" in message
    assert "1 answers" not in message


def test_resume_command_is_shell_quoted_and_works(tty: None, tmp_path: Path) -> None:
    saved = tmp_path / "my answers.toml"
    result = run_quiz(pick(4) + ENTER + pick(1) + CTRL_C, "--save-answers", str(saved))
    assert result.exit_code == 130
    # The command on a line of its own, whole, after the wrapped message.
    message, command_line = result.stderr.split("Resume with:\n", 1)
    command = shlex.split(command_line)
    # No --force: saving back to the file the answers are read from needs none.
    assert command == ["certadvisor", "quiz", "--answers", str(saved), "--save-answers", str(saved)]
    data = finished(run_quiz(ENTER * 8, *command[2:], "--json"))
    assert data["answers"] == {**NEUTRAL, "goal": "inpatient_coder", "setting": "inpatient"}


def test_same_file_for_report_and_answers_is_refused_up_front(tty: None, tmp_path: Path) -> None:
    same = tmp_path / "out.json"
    result = run_quiz("", "--json", "--report", str(same), "--save-answers", str(same))
    assert result.exit_code == 2, result.output
    assert "--save-answers and --report" in result.stderr
    assert result.stdout == ""
    assert not same.exists()


def test_complete_outpatient_answers_need_no_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PCS comfort is hidden for outpatients, so 9 answers are complete: nothing is missing."""
    saved = tmp_path / "answers.toml"
    with monkeypatch.context() as patch:
        for stream in ("stdin_isatty", "stdout_isatty", "stderr_isatty"):
            patch.setitem(ENVIRONMENT, stream, True)
        finished(run_quiz(OUTPATIENT_KEYS, "--json", "--save-answers", str(saved)))
    assert saved_answers(saved) == OUTPATIENT
    # The file the quiz itself wrote, fed back to the quiz with no terminal:
    result = CliRunner(env=QUIZ_ENV).invoke(app, ["quiz", "--answers", str(saved), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"] == OUTPATIENT


def test_complete_outpatient_answers_ask_nothing_in_a_terminal(tty: None, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "out.json", OUTPATIENT)
    result = run_quiz("", "--answers", str(path), "--json")
    assert finished(result)["answers"] == OUTPATIENT
    assert result.stderr == "", "no intro when nothing is left to ask"
