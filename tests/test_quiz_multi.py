"""The quiz's set question (held: several credentials at once), from the core's joining of the
picks to a whole `certadvisor quiz` run.

``core.interview.set_answer`` turns picked choices into the answer's one spelling (choice order,
joined by "+", as ``--set held=CPC,CRC`` spells it) or refuses them; ``MenuPrompter`` asks a set
question as a checkbox list (fed keys through a prompt_toolkit pipe) and ``LinePrompter`` as
numbers separated by commas or spaces. The CLI runs answer held in plain mode with scripted
stdin, and in menu mode with keys, and the set answer goes through the review, the result, the
saved answers and a resumed quiz.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import EnvRunner
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.cli.prompts import (
    LinePrompter,
    MenuPrompter,
    answer_label,
    menu_message,
    split_numbers,
    tick_check,
    tick_instruction,
)
from certadvisor.core.interview import BACK, BACK_LABEL, CONFIRM, Prompt, Quiz, set_answer, ticked
from certadvisor.errors import AnswersError
from certadvisor.load.answers import parse_sets
from certadvisor.load.datafile import DATA_ENV, default_data_path, load_catalog
from certadvisor.model.catalog import Catalog

DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"

# held's choices in menu order, read from the data file itself (not through certadvisor), so the
# numbers and key presses below follow the data: "None yet" first, then the credentials.
DATA = tomllib.loads(default_data_path().read_text(encoding="utf-8"))
HELD = next(q for q in DATA["questions"] if q["id"] == "held")
HELD_VALUES: list[str] = [choice["value"] for choice in HELD["choices"]]
NUMBER = {value: str(index) for index, value in enumerate(HELD_VALUES, start=1)}
BACK_NUMBER = str(len(HELD_VALUES) + 1)  # Back is listed after the choices
LAST = len(HELD_VALUES) + 1

NEUTRAL_ALONE = '"None yet" cannot be picked with other choices; pick it alone or leave it out.'
BACK_ALONE = f'"{BACK_LABEL}" cannot be picked with other choices; pick it alone or leave it out.'
HOW_MANY = "For several, type their numbers separated by commas or spaces."
TICK_INSTRUCTION = "(arrows move, space ticks, Enter confirms; none ticked: None yet)"


def test_the_data_still_has_what_these_tests_pick() -> None:
    assert HELD.get("multiple") is True and HELD["neutral"] == HELD_VALUES[0] == "none"
    assert {"CPC", "CRC", "CCS", "CDIP"} <= set(HELD_VALUES)
    assert NUMBER["CPC"] == "4" and NUMBER["CRC"] == "8" and BACK_NUMBER == "17"


def held_prompt(catalog: Catalog, default: str = "none") -> Prompt:
    """held as the quiz asks it second: its choices (no stacks), then Back."""
    held = catalog.question("held")
    choices = [*((c.value, c.label) for c in held.choices), (BACK, BACK_LABEL)]
    return Prompt(held.text, "Question 2 of 10", held.help, choices, default, multiple=True, neutral="none")


@pytest.fixture
def prompt(catalog: Catalog) -> Prompt:
    return held_prompt(catalog)


# -- the core: picks to an answer --------------------------------------------------------------


@pytest.mark.parametrize(
    ("picked", "expected"),
    [
        ([], "none"),  # nothing picked: the neutral answer
        (["none"], "none"),
        (["CPC"], "CPC"),
        (["CRC", "CPC"], "CPC+CRC"),  # choice order, whatever order they were picked in
        (["CPC", "CRC", "CPC"], "CPC+CRC"),  # a pick given twice counts once
        (["CDIP", "CCS", "CPC-A"], "CPC-A+CCS+CDIP"),
        ([BACK], BACK),
    ],
)
def test_set_answer_joins_picks_in_choice_order(prompt: Prompt, picked: list[str], expected: str) -> None:
    assert set_answer(prompt, picked) == expected


@pytest.mark.parametrize("picked", [["CRC", "CPC"], ["CDIP", "CCS", "CPC-A"], ["CCDS", "CPC-A"]])
def test_set_answer_spells_a_set_as_set_does(catalog: Catalog, prompt: Prompt, picked: list[str]) -> None:
    given = parse_sets(catalog, [f"held={','.join(picked)}"])["held"]
    assert set_answer(prompt, picked) == given


@pytest.mark.parametrize(
    ("picked", "message"),
    [
        (["none", "CPC"], NEUTRAL_ALONE),
        (["CRC", "none", "CPC"], NEUTRAL_ALONE),
        ([BACK, "CPC"], BACK_ALONE),
        (["none", BACK], NEUTRAL_ALONE),
    ],
)
def test_set_answer_refuses_the_neutral_or_back_with_others(
    prompt: Prompt, picked: list[str], message: str
) -> None:
    with pytest.raises(AnswersError) as refused:
        set_answer(prompt, picked)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("default", "expected"),
    [("none", []), ("CPC", ["CPC"]), ("CPC+CRC", ["CPC", "CRC"]), ("CCS+CDIP", ["CCS", "CDIP"])],
)
def test_ticked_starts_from_the_default_without_the_neutral(
    catalog: Catalog, default: str, expected: list[str]
) -> None:
    assert ticked(held_prompt(catalog, default)) == expected


def test_the_quiz_asks_held_as_a_set_prompt(catalog: Catalog) -> None:
    """The prompt the quiz builds for held is the one these tests build (choices, Back, the
    neutral), and the quiz keeps the set answer it gets."""
    seen: list[Prompt] = []

    def reply(prompt: Prompt) -> str:
        seen.append(prompt)
        if prompt.multiple:
            return "CPC+CRC"
        return CONFIRM if prompt.counter == "Review" else prompt.default

    result = Quiz(catalog, {}, Scripted(reply), lambda text, style: None).run()
    assert result["held"] == "CPC+CRC"
    asked = [p for p in seen if p.multiple]
    assert [replace(p, counter="Question 2 of 10", terms=()) for p in asked] == [held_prompt(catalog)]
    # The goal rules the CDI follow-up out; the PCS, background and HIM ones may still come.
    assert asked[0].counter == "Question 2 of up to 11"
    # HIM was explained at the goal question; CPC-A and COC-A are new here.
    assert [term for term, _meaning in asked[0].terms] == ["CPC-A", "COC-A"]
    # The review shows the set as --set's labels would: each member's label, joined by " + ".
    review = next(p for p in seen if p.counter == "Review")
    assert ("held", "Credentials you hold: CPC + CRC") in review.choices


class Scripted:
    """A prompter that answers each prompt with ``reply(prompt)``."""

    def __init__(self, reply: Callable[[Prompt], str]) -> None:
        self.reply = reply

    def ask(self, prompt: Prompt) -> str:
        return self.reply(prompt)


def test_back_from_the_next_question_offers_the_set_as_the_default(catalog: Catalog) -> None:
    replies = iter(["undecided", "CPC+CRC", BACK, None, *[None] * 7, CONFIRM])
    seen: list[Prompt] = []

    def reply(prompt: Prompt) -> str:
        seen.append(prompt)
        picked = next(replies)
        return prompt.default if picked is None else picked

    result = Quiz(catalog, {}, Scripted(reply), lambda text, style: None).run()
    assert result["held"] == "CPC+CRC"
    assert [p.default for p in seen if p.multiple] == ["none", "CPC+CRC"]
    assert ticked(seen[3]) == ["CPC", "CRC"]


# -- the checkbox list's validation and instruction --------------------------------------------


def test_tick_check_accepts_answers_and_names_refusals(prompt: Prompt) -> None:
    check = tick_check(prompt)
    assert check([]) is True
    assert check(["none"]) is True
    assert check(["CPC", "CRC"]) is True
    assert check([BACK]) is True
    assert check(["none", "CPC"]) == NEUTRAL_ALONE
    assert check(["CPC", BACK]) == BACK_ALONE


@pytest.mark.parametrize("columns", [80, 60, 40])
def test_the_checkbox_instruction_fits_the_screen(prompt: Prompt, columns: int) -> None:
    instruction = tick_instruction(prompt)
    assert instruction == TICK_INSTRUCTION
    message, shown = menu_message(prompt.title, columns, instruction)
    # questionary draws "? " + message + " " + instruction.
    lines = f"? {message} {shown}".split("\n")
    assert all(len(line) < columns for line in lines), lines
    assert " ".join(" ".join(lines).split()) == f"? {prompt.title} {instruction}"


# -- MenuPrompter: the checkbox list, over a prompt_toolkit pipe --------------------------------


def check_ask(keys: str, prompt: Prompt) -> tuple[str, list[tuple[str, str]]]:
    """Press ``keys`` in the checkbox list; when they run out the list gets EOF, not a hang."""
    said: list[tuple[str, str]] = []
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        with create_app_session(input=inp, output=DummyOutput()):
            answer = MenuPrompter(lambda text, style: said.append((text, style))).ask(prompt)
    return answer, said


def to(value: str, at: str = "none") -> str:
    """Down (or Up) keys from the choice ``at`` to ``value``."""
    steps = HELD_VALUES.index(value) - HELD_VALUES.index(at)
    return DOWN * steps if steps >= 0 else UP * -steps


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        pytest.param(ENTER, "none", id="nothing-ticked"),
        pytest.param(SPACE + ENTER, "none", id="none-ticked"),
        pytest.param(to("CPC") + SPACE + ENTER, "CPC", id="one"),
        pytest.param(to("CPC") + SPACE + to("CRC", "CPC") + SPACE + ENTER, "CPC+CRC", id="two"),
        pytest.param(to("CRC") + SPACE + to("CPC", "CRC") + SPACE + ENTER, "CPC+CRC", id="two-upwards"),
        pytest.param(to("CPC") + SPACE + SPACE + ENTER, "none", id="ticked-and-unticked"),
        pytest.param(UP + ENTER, BACK, id="enter-on-back"),
        pytest.param(to("CPC") + SPACE + to("CCDS", "CPC") + DOWN + ENTER, BACK, id="enter-on-back-ticked"),
        pytest.param(UP + SPACE + UP + ENTER, BACK, id="back-ticked-alone"),
        # Refused (None yet with CPC): the list stays open; untick None yet, and Enter is taken.
        pytest.param(
            SPACE + to("CPC") + SPACE + ENTER + to("none", "CPC") + SPACE + ENTER, "CPC", id="reask"
        ),
    ],
)
def test_checkbox_keys(prompt: Prompt, keys: str, expected: str) -> None:
    answer, said = check_ask(keys, prompt)
    assert answer == expected
    # The list is erased once answered, and the question said again with the answer.
    assert said == [
        ("Question 2 of 10", "bold cyan"),
        (prompt.help, "dim"),
        (f"? {prompt.title} {answer_label(prompt, expected)}", ""),
    ]


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param(SPACE + to("CPC") + SPACE + ENTER, id="none-and-cpc"),
        pytest.param(UP + SPACE + UP + SPACE + ENTER, id="back-and-ccds"),
    ],
)
def test_checkbox_refuses_and_stays_open(prompt: Prompt, keys: str) -> None:
    """Enter on a refused set does not answer: the list waits for more keys (here, EOF)."""
    with pytest.raises(EOFError):
        check_ask(keys, prompt)


def test_checkbox_starts_with_the_current_answer_ticked(catalog: Catalog) -> None:
    prompt = held_prompt(catalog, "CPC+CRC")
    assert check_ask(ENTER, prompt)[0] == "CPC+CRC"  # Enter keeps it
    # The pointer starts on the first ticked choice (CPC): space unticks it.
    assert check_ask(SPACE + ENTER, prompt)[0] == "CRC"
    assert check_ask(SPACE + to("CCS", "CPC") + SPACE + ENTER, prompt)[0] == "CCS+CRC"


def test_checkbox_ctrl_c_raises_keyboard_interrupt(prompt: Prompt) -> None:
    with pytest.raises(KeyboardInterrupt):
        check_ask(to("CPC") + SPACE + CTRL_C, prompt)


# -- LinePrompter: numbers separated by commas or spaces ----------------------------------------


class FakeRead:
    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.prompts: list[str] = []

    def __call__(self, text: str) -> str:
        self.prompts.append(text)
        if not self.replies:
            pytest.fail(f"read() called more often than scripted: {text!r}")
        return self.replies.pop(0)


def line_ask(prompt: Prompt, *replies: str) -> tuple[str, list[str], FakeRead]:
    said: list[str] = []
    read = FakeRead(*replies)
    answer = LinePrompter(lambda text, style: said.append(text), read).ask(prompt)
    assert read.replies == [], "LinePrompter stopped reading before using every reply"
    return answer, said, read


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("", "none"),  # Enter: the default
        ("1", "none"),
        ("4", "CPC"),
        ("4,8", "CPC+CRC"),
        ("4 8", "CPC+CRC"),
        ("8,4", "CPC+CRC"),
        (" 4, 8 ", "CPC+CRC"),
        ("4 ,  8,", "CPC+CRC"),
        ("4,4,8 4", "CPC+CRC"),  # duplicates folded
        ("15 5 2", "CPC-A+CCS+CDIP"),
        (BACK_NUMBER, BACK),
    ],
)
def test_line_set_replies(prompt: Prompt, reply: str, expected: str) -> None:
    answer, _said, read = line_ask(prompt, reply)
    assert answer == expected
    assert read.prompts == [f"Choose 1-{LAST} [1]: "]


def test_line_set_prompt_lists_the_choices_and_says_how_to_pick_several(prompt: Prompt) -> None:
    _answer, said, read = line_ask(prompt, "")
    assert said[:3] == ["Question 2 of 10", prompt.title, prompt.help]
    assert said[3] == "  1. None yet (default)"
    assert said[6] == "  4. CPC"
    assert said[-2:] == [f"  {BACK_NUMBER}. {BACK_LABEL}", HOW_MANY]
    assert len(said) == 3 + LAST + 1  # and how to pick several
    assert read.prompts[0] == f"Choose 1-{LAST} [1]: "  # short: the how-to is said above it
    assert "rrow" not in " ".join([*said, *read.prompts])  # plain mode has no arrow keys


@pytest.mark.parametrize(
    ("bad", "named"), [("4,20", "'20'"), ("0", "'0'"), ("x 4", "'x'"), ("4;8", "'4;8'"), ("-1", "'-1'")]
)
def test_line_set_names_a_bad_number_and_asks_again(prompt: Prompt, bad: str, named: str) -> None:
    answer, said, read = line_ask(prompt, bad, "4,8")
    assert answer == "CPC+CRC"
    assert f"{named} is not a choice: type numbers from 1 to {LAST}, or press Enter." in said
    assert read.prompts == [f"Choose 1-{LAST} [1]: "] * 2


@pytest.mark.parametrize(("bad", "message"), [("1,4", NEUTRAL_ALONE), (f"4 {BACK_NUMBER}", BACK_ALONE)])
def test_line_set_refuses_the_neutral_or_back_with_others(prompt: Prompt, bad: str, message: str) -> None:
    answer, said, read = line_ask(prompt, bad, "4")
    assert answer == "CPC"
    assert said.count(message) == 1
    assert len(read.prompts) == 2


def test_line_set_default_is_the_current_answer(catalog: Catalog) -> None:
    answer, said, read = line_ask(held_prompt(catalog, "CPC+CRC"), "")
    assert answer == "CPC+CRC"
    assert "  4. CPC (default)" in said and "  8. CRC (default)" in said
    assert "  1. None yet" in said
    assert read.prompts == [f"Choose 1-{LAST} [4,8]: "]


def test_split_numbers() -> None:
    assert split_numbers("2,5") == ["2", "5"]
    assert split_numbers(" 2  5 ,7,, ") == ["2", "5", "7"]
    assert split_numbers(",") == []


# -- whole quiz runs ----------------------------------------------------------------------------

TODAY = dt.date(2026, 6, 1)
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
TERMINAL = {"today": TODAY, "stdin_isatty": True, "stdout_isatty": True, "stderr_isatty": True}
# Enter at the other questions and the review: with CPC held, no background question is asked,
# so goal, held and eight more (seven questions and the review).
REST = "\n" * 8
CPC_CRC = f"\n{NUMBER['CPC']},{NUMBER['CRC']}\n" + REST


def run_quiz(*args: str, input: str = "", keys: str = "") -> Result:
    """``certadvisor quiz ARGS`` in a pretend terminal, ``input`` on stdin (the plain prompts'
    lines) and ``keys`` in a prompt_toolkit pipe (the menus'); either running out is EOF."""
    with create_pipe_input() as pipe:
        if keys:
            pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            result = EnvRunner(env=QUIZ_ENV, overrides=TERMINAL).invoke(app, ["quiz", *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def finished(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def recommend_json(*args: str) -> dict[str, Any]:
    result = CliRunner(env=QUIZ_ENV).invoke(app, ["recommend", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def test_plain_quiz_answers_held_with_two_numbers() -> None:
    result = run_quiz("--plain", "--json", input=CPC_CRC)
    data = finished(result)
    assert data["answers"]["held"] == "CPC+CRC"
    assert sorted(data["held"]) == ["CPC", "CRC"]
    assert "background" not in data["answers"]  # a full credential held: not asked
    # The same result as --set gives for the same set, spelt with a comma.
    answers = {**data["answers"], "held": "CPC,CRC"}
    options = [part for qid, value in answers.items() for part in ("--set", f"{qid}={value}")]
    assert recommend_json(*options) == data
    out = result.stderr  # with --json the prompts are on stderr
    assert f"Choose 1-{LAST} [1]: " in out
    assert "Credentials you hold: CPC + CRC" in out  # the review


def test_plain_quiz_names_a_bad_number_and_refuses_none_with_others() -> None:
    lines = f"\n{NUMBER['CPC']},20\n1,{NUMBER['CPC']}\n{NUMBER['CRC']} {NUMBER['CPC']}\n" + REST
    result = run_quiz("--plain", "--json", input=lines)
    assert finished(result)["answers"]["held"] == "CPC+CRC"
    out = " ".join(result.stderr.split())
    assert f"'20' is not a choice: type numbers from 1 to {LAST}, or press Enter." in out
    assert NEUTRAL_ALONE in out
    assert result.stderr.count(f"Choose 1-{LAST} [1]: ") == 3


def test_plain_intro_says_how_to_answer_without_arrow_keys() -> None:
    plain = words(run_quiz("--plain", input=CPC_CRC).stdout)
    assert "Arrow keys" not in plain
    assert "separate the numbers with commas or spaces" in plain
    menus = words(run_quiz("--json", keys=ENTER * 11).stderr)
    assert "Use the arrow keys or a choice's number (1-9), then Enter" in menus
    assert "space ticks each" in menus


def words(text: str) -> str:
    """What was printed, as a person reads it: the panel's borders gone, lines joined."""
    return " ".join(text.replace("|", " ").split())


def test_plain_result_screen_reproduces_the_set() -> None:
    result = run_quiz("--plain", input=CPC_CRC)
    assert result.exit_code == 0, result.stderr
    assert "--set held=CPC+CRC" in result.stdout
    assert "2. Credentials you hold: CPC + CRC" in result.stdout


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_saved_set_answer_replays_and_resumes(tmp_path: Path, suffix: str) -> None:
    saved = tmp_path / f"answers{suffix}"
    data = finished(run_quiz("--plain", "--json", "--save-answers", str(saved), input=CPC_CRC))
    text = saved.read_text(encoding="utf-8")
    stored = json.loads(text) if suffix == ".json" else tomllib.loads(text)
    assert stored["answers"]["held"] == "CPC+CRC"
    assert recommend_json("--answers", str(saved)) == data
    # The quiz given its own file asks nothing more (and needs no terminal).
    again = CliRunner(env=QUIZ_ENV).invoke(app, ["quiz", "--answers", str(saved), "--json"])
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout) == data


def test_cancelled_after_a_set_answer_saves_it_and_resumes(tmp_path: Path) -> None:
    saved = tmp_path / "partial.toml"
    # goal: Enter; held: CPC and CRC; then stdin ends (EOF) at the third question.
    result = run_quiz("--plain", "--save-answers", str(saved), input=CPC_CRC[: -len(REST)])
    assert result.exit_code == 130
    assert tomllib.loads(saved.read_text(encoding="utf-8"))["answers"] == {
        "goal": "undecided",
        "held": "CPC+CRC",
    }
    # Seven questions are left, then the review.
    resumed = run_quiz("--plain", "--answers", str(saved), "--json", input="\n" * 8)
    data = finished(resumed)
    assert data["answers"]["held"] == "CPC+CRC" and data["answers"]["goal"] == "undecided"
    assert "Question 1 of up to 7" in resumed.stderr  # the PCS one may not come


def test_menu_quiz_ticks_two_credentials() -> None:
    keys = ENTER + to("CPC") + SPACE + to("CRC", "CPC") + SPACE + ENTER + ENTER * 8
    data = finished(run_quiz("--json", keys=keys))
    assert data["answers"]["held"] == "CPC+CRC"
    assert sorted(data["held"]) == ["CPC", "CRC"]


def test_menu_quiz_back_from_held_and_forward_again() -> None:
    # goal 1 (outpatient); held: tick CPC, then Enter on Back; goal: Enter keeps it; held is
    # asked afresh (Back records nothing): tick CRC.
    keys = "1" + ENTER + to("CPC") + SPACE + UP * 4 + ENTER + ENTER
    keys += to("CRC") + SPACE + ENTER + ENTER * 8
    data = finished(run_quiz("--json", keys=keys))
    assert data["answers"]["goal"] == "outpatient_coder"
    assert data["answers"]["held"] == "CRC"


def test_load_catalog_matches_the_data_file() -> None:
    """The numbers above come from the data file read directly; the catalog agrees."""
    held = load_catalog().question("held")
    assert [c.value for c in held.choices] == HELD_VALUES
    assert held.multiple
