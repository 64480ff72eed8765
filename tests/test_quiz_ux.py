"""The quiz as a newcomer meets it (#25): the result it ends on, words that wrap whole, a counter
that never rises as you go, terms explained where they are first used, one shortcut scheme,
and a resume command that carries every option given.

In-process, as tests/test_quiz_flow.py drives it (real menus fed by a prompt_toolkit pipe, or
the plain prompts fed by stdin); the real terminal's side is in tests/test_quiz_pty.py.
"""

from __future__ import annotations

import io
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EnvRunner
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from test_quiz_flow import (
    CTRL_C,
    DOWN,
    ENTER,
    ENVIRONMENT,
    NEUTRAL,
    QUIZ_ENV,
    counters,
    finished,
    pick,
    pick_value,
    run_quiz,
    saved_answers,
    tty,
    write_answers,
)
from typer.testing import Result

from certadvisor.cli.app import app
from certadvisor.cli.prompts import MENU_INDENT, MenuPrompter, menu_message, wrapped
from certadvisor.core.glossary import terms_in
from certadvisor.core.interview import BACK, CONFIRM, Prompt, Quiz
from certadvisor.load.datafile import default_data_path
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Question

__all__ = ["tty"]  # the fixture, used by name

NEUTRAL_RUN = ENTER * 11  # ten questions and the review
# The end of the Ctrl-C message (wrapped, perhaps before "with:"); the command follows, alone.
RESUME = re.compile(r"Resume\s+with:\n")


def quiz_with(*args: str, keys: str = NEUTRAL_RUN, columns: int = 80, input: str | None = None) -> Result:
    return run_quiz(keys, *args, env={"COLUMNS": str(columns)}, input=input)


def recommend_screen(answers: dict[str, str], columns: int = 80) -> str:
    """What `recommend` draws for these answers on the same pretend terminal, pager off."""
    sets = [part for qid, value in answers.items() for part in ("--set", f"{qid}={value}")]
    runner = EnvRunner(env={**QUIZ_ENV, "COLUMNS": str(columns)}, overrides=dict(ENVIRONMENT))
    result = runner.invoke(app, ["recommend", *sets])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def lines_of(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def in_short_block(screen: str) -> list[str]:
    """The "In short" block a result screen opens with (up to "The details follow.")."""
    lines = lines_of(screen)
    start = next(i for i, line in enumerate(lines) if "In short" in line)
    end = lines.index("The details follow.")
    return lines[start:end]


def phrase(text: str) -> re.Pattern[str]:
    """``text`` as printed on a screen: its words in order, broken only where it has spaces."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


# -- the result: recommend's screen, then the replay command, then In short again -----------------


def test_the_quiz_ends_on_recommends_screen_and_in_short(tty: None) -> None:
    result = quiz_with()
    assert result.exit_code == 0, result.stderr
    out = lines_of(result.stdout)
    screen = lines_of(recommend_screen(NEUTRAL))
    # recommend's whole screen, line for line, is in the quiz's output: one result screen.
    start = out.index(screen[0])
    assert out[start : start + len(screen)] == screen
    after = out[start + len(screen) :]
    assert "at a glance" not in result.stdout
    assert "Reproduce this result without prompts:" in after
    # Not paged (CERTADVISOR_PAGER=cat): the In short block again, as the last lines.
    block = in_short_block("\n".join(screen))
    while after and not after[-1]:
        after.pop()
    assert after[-len(block) :] == block
    assert result.stdout.count("In short") == 2


@pytest.mark.parametrize("where", ["after", "before"])
def test_no_pager_before_or_after_the_command_name(tty: None, tmp_path: Path, where: str) -> None:
    given = write_answers(tmp_path / "all.toml", NEUTRAL)
    args = ["quiz", "--answers", str(given)]
    args = [*args, "--no-pager"] if where == "after" else ["--no-pager", *args]
    # A pager that would mark every line it shows: --no-pager must keep it from running.
    env = {**QUIZ_ENV, "CERTADVISOR_PAGER": "sed s/^/PAGED:/"}
    result = EnvRunner(env=env, overrides=dict(ENVIRONMENT)).invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "PAGED:" not in result.stdout
    assert lines_of(result.stdout)[-len(in_short_block(result.stdout)) - 1 :][0] == ""
    assert result.stdout.count("In short") == 2  # not paged: said again, last


def test_json_is_the_document_alone(tty: None) -> None:
    result = quiz_with("--json")
    assert finished(result)["answers"] == NEUTRAL
    assert "In short" not in result.stdout + result.stderr


# -- words whole at any width --------------------------------------------------------------------


@pytest.mark.parametrize("columns", [40, 57, 80, 131, 200])
def test_menu_titles_and_labels_break_at_spaces(catalog: Catalog, columns: int) -> None:
    for question in catalog.questions:
        message, instruction = menu_message(question.text, columns)
        drawn = f"? {message} {instruction}".split("\n")
        assert all(len(line) < columns for line in drawn), drawn
        assert phrase(question.text).search(" ".join(drawn))
        for choice in question.choices:
            label = wrapped(choice.label, columns, MENU_INDENT)
            lines = label.split("\n")
            assert all(MENU_INDENT + len(line.lstrip()) < columns for line in lines), lines
            assert " ".join(line.strip() for line in lines) == choice.label


def asked_questions(catalog: Catalog, answers: dict[str, str]) -> list[Question]:
    return [q for q in catalog.questions if q.id in answers]


@pytest.mark.parametrize("columns", [40, 80])
def test_echoes_counters_and_help_wrap_at_spaces(tty: None, catalog: Catalog, columns: int) -> None:
    """Each answered menu is said again as "? question answer", broken only at spaces; no line
    of the prompts' part runs past the screen."""
    keys = pick_value("goal", "him_manager") + ENTER * 3 + pick_value("pcs_comfort", "keen") + ENTER * 6
    result = quiz_with(keys=keys, columns=columns)
    assert result.exit_code == 0, result.stderr
    prompts = result.stdout.split("In short", 1)[0]
    assert all(len(line) <= columns for line in lines_of(prompts)), prompts
    answers = {**NEUTRAL, "goal": "him_manager", "pcs_comfort": "keen"}
    for question in asked_questions(catalog, answers):
        echo = f"? {question.text} {question.label(answers[question.id])}"
        assert phrase(echo).search(prompts), echo
        assert phrase(question.help).search(prompts), question.help
    assert phrase("? Review your answers: pick one to change, or confirm Show my result").search(prompts)


def test_plain_prompts_wrap_at_spaces_at_40_columns(tty: None, catalog: Catalog) -> None:
    result = quiz_with("--plain", columns=40, input="\n" * 11)
    assert result.exit_code == 0, result.stderr
    prompts = result.stdout.split("In short", 1)[0]
    # Every line fits but the "Choose" prompts, which the reply follows on the same line.
    assert all(len(line) <= 40 for line in lines_of(prompts) if "Choose 1-" not in line)
    for question in asked_questions(catalog, NEUTRAL):
        for number, choice in enumerate(question.choices, start=1):
            assert phrase(f"{number}. {choice.label}").search(prompts), choice.label


def test_ctrl_c_message_wraps_and_the_command_stays_whole(
    tty: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = quiz_with("--save-answers", "partial answers.toml", keys=pick(4) + CTRL_C, columns=40)
    assert result.exit_code == 130
    message, command = RESUME.split(result.stderr, maxsplit=1)
    assert all(len(line) <= 40 for line in lines_of(message))
    assert phrase("Quiz cancelled; your 1 answer so far was saved to partial answers.toml.").search(message)
    assert command.count("\n") == 1, "the command is one line, never wrapped"
    assert shlex.split(command) == [
        "certadvisor",
        "quiz",
        "--answers",
        "partial answers.toml",
        "--save-answers",
        "partial answers.toml",
    ]


# -- the counter ---------------------------------------------------------------------------------


class Picks:
    """A prompter that picks ``answers[question]`` where given, else Enter; confirms the review."""

    def __init__(self, catalog: Catalog, answers: dict[str, str]) -> None:
        self.by_title = {q.text: answers[q.id] for q in catalog.questions if q.id in answers}
        self.prompts: list[Prompt] = []

    def ask(self, prompt: Prompt) -> str:
        self.prompts.append(prompt)
        if prompt.counter == "Review":
            return CONFIRM
        return self.by_title.get(prompt.title, prompt.default)


def one_change_each(catalog: Catalog) -> Iterator[dict[str, str]]:
    """Every single answer of every question, the others left neutral (Enter)."""
    for question in catalog.questions:
        for value in question.values:
            yield {question.id: value}


COUNTER = re.compile(r"Question (\d+) of (up to )?(\d+)")


def test_the_counter_never_rises_and_ends_exact(catalog: Catalog) -> None:
    for answers in one_change_each(catalog):
        prompter = Picks(catalog, answers)
        quiz = Quiz(catalog, {}, prompter, lambda text, style: None)
        first_total, first_exact = quiz.total()
        final = quiz.run()
        found = [COUNTER.fullmatch(p.counter) for p in prompter.prompts if p.counter != "Review"]
        numbers = [int(m[1]) for m in found if m]
        totals = [int(m[3]) for m in found if m]
        assert len(numbers) == len(found), [p.counter for p in prompter.prompts]
        assert numbers == list(range(1, len(numbers) + 1)), answers
        assert totals == sorted(totals, reverse=True), (answers, totals)  # never rises
        assert totals[0] == first_total and bool(found[0] and found[0][2]) == (not first_exact)
        # The last question knows how many were asked: exactly that many.
        assert found[-1] is not None and found[-1][2] is None, (answers, found[-1])
        assert totals[-1] == len(numbers) == len(final), answers


def test_the_intro_counts_as_the_first_counter_does(tty: None) -> None:
    result = quiz_with("--json")
    said = " ".join(result.stderr.replace("│", " ").replace("|", " ").split())
    assert "Answer up to 12 short questions" in said
    assert counters(result.stderr)[0] == "Question 1 of up to 12"


# -- terms at first use ----------------------------------------------------------------------------


def uses(catalog: Catalog, question: Question) -> list[str]:
    texts = [question.text, question.help, *(c.label for c in question.choices)]
    return [entry.term for entry in terms_in(catalog.glossary, texts)]


@pytest.mark.parametrize(
    "answers",
    [{}, {"goal": "cdi_specialist", "background": "him_degree"}, {"held": "CCS", "setting": "outpatient"}],
    ids=["neutral", "cdi-him", "ccs-outpatient"],
)
def test_every_term_is_explained_once_where_it_is_first_used(
    catalog: Catalog, answers: dict[str, str]
) -> None:
    prompter = Picks(catalog, answers)
    Quiz(catalog, {}, prompter, lambda text, style: None).run()
    explained: list[str] = []
    by_title = {q.text: q for q in catalog.questions}
    for prompt in prompter.prompts:
        question = by_title.get(prompt.title)
        if question is None:  # the review
            assert prompt.terms == ()
            continue
        new = [term for term in uses(catalog, question) if term not in explained]
        assert [term for term, _meaning in prompt.terms] == new, question.id
        for term, meaning in prompt.terms:
            # A short line: what the entry says first, never the whole entry.
            assert meaning and catalog.glossary[term].text.startswith(meaning)
        explained += new
    body = next(p for p in prompter.prompts if p.title == catalog.question("body_preference").text)
    assert {"AAPC", "AHIMA"} <= {term for term, _meaning in body.terms}


def test_going_back_explains_the_terms_again_at_their_own_question(catalog: Catalog) -> None:
    replies = iter([None, BACK])  # goal: Enter; held: Back; then Enter everywhere

    class Back(Picks):
        def ask(self, prompt: Prompt) -> str:
            picked = next(replies, None)
            if picked is not None:
                self.prompts.append(prompt)
                return picked
            return super().ask(prompt)

    prompter = Back(catalog, {})
    Quiz(catalog, {}, prompter, lambda text, style: None).run()
    goal = [p for p in prompter.prompts if p.title == catalog.question("goal").text]
    assert len(goal) == 2 and goal[0].terms == goal[1].terms != ()


def test_terms_are_shown_dim_under_the_help(tty: None, catalog: Catalog) -> None:
    result = quiz_with(keys=CTRL_C)
    goal = catalog.question("goal")
    first = uses(catalog, goal)[0]
    before_menu = result.stdout.split("Question 1 of", 1)[1]
    assert phrase(goal.help).search(before_menu)
    assert re.search(rf"^{re.escape(first)}: ", before_menu, re.M)


# -- one shortcut scheme ---------------------------------------------------------------------------

ELEVEN = Prompt(
    "Pick one",
    "Question 1 of 1",
    "",
    [(f"v{n}", f"Choice {n}") for n in range(1, 11)] + [(BACK, "← Back")],
    "v1",
)


def menu_keys(keys: str, prompt: Prompt = ELEVEN) -> tuple[str, str]:
    shown_on = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        with create_app_session(input=inp, output=DummyOutput()):
            answer = MenuPrompter(lambda text, style: None, shown_on).ask(prompt)
    return answer, shown_on.getvalue()


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("9" + ENTER, "v9"),
        ("9" + DOWN + ENTER, "v10"),
        ("0" + ENTER, "v1"),  # 0 and letters are no shortcuts: the pointer stays
        ("a" + ENTER, "v1"),
        ("3" + "b" + ENTER, "v3"),
    ],
)
def test_number_keys_one_to_nine_and_nothing_else(keys: str, expected: str) -> None:
    answer, drawn = menu_keys(keys)
    assert answer == expected
    assert "9) Choice 9" in drawn
    assert "0)" not in drawn and "a)" not in drawn and ") Choice 10" not in drawn


def test_the_intro_states_the_scheme_and_plain_says_how_plain_works(tty: None) -> None:
    menus = " ".join(quiz_with("--json").stderr.replace("│", " ").replace("|", " ").split())
    assert "a choice's number (1-9)" in menus
    plain = quiz_with("--plain", input="\n" * 11)
    said = " ".join(plain.stdout.replace("│", " ").replace("|", " ").split())
    assert "Arrow keys" not in said and "arrow" not in said.split("In short")[0]
    assert "Type a choice's number" in said and "b goes back" in said


def test_b_goes_back_in_plain_prompts(tty: None) -> None:
    result = quiz_with("--plain", "--json", input="4\nb\n\n" + "\n" * 10)
    assert finished(result)["answers"]["goal"] == "inpatient_coder"
    # (Each counter follows the previous "Choose" prompt on its line.)
    asked = re.findall(r"Question (\d+) of", result.stderr)
    assert asked[:3] == ["1", "2", "1"]


# -- resuming -------------------------------------------------------------------------------------


def resume_of(result: Result) -> list[str]:
    assert result.exit_code == 130, result.stderr
    words = shlex.split(RESUME.split(result.stderr, maxsplit=1)[1])
    assert words[:2] == ["certadvisor", "quiz"]
    return words[2:]


def test_the_resume_command_carries_every_option(tty: None, tmp_path: Path) -> None:
    report, saved, data = tmp_path / "me.html", tmp_path / "me.toml", default_data_path()
    args = ["--report", str(report), "--save-answers", str(saved), "--data", str(data), "--no-pager"]
    resume = resume_of(quiz_with(*args, keys=pick(4) + CTRL_C))
    assert not report.exists()
    assert resume == [
        "--data",
        str(data),
        "--answers",
        str(saved),
        "--save-answers",
        str(saved),
        "--report",
        str(report),
        "--no-pager",
    ]
    # Run as printed: the answers file is saved back without --force, the report written.
    resumed = quiz_with(*resume, keys=ENTER * 10)
    assert resumed.exit_code == 0, resumed.stderr
    assert f"Report written to {report}" in resumed.stderr
    assert saved_answers(saved) == {**NEUTRAL, "goal": "inpatient_coder"}


def test_force_is_carried_only_when_given(tty: None, tmp_path: Path) -> None:
    report, saved = tmp_path / "me.md", tmp_path / "me.json"
    report.write_text("an older report\n", encoding="utf-8")
    resume = resume_of(
        quiz_with(
            "--report", str(report), "--save-answers", str(saved), "--force", "--json", keys=pick(4) + CTRL_C
        )
    )
    assert resume[-2:] == ["--force", "--json"]


def test_a_resumed_quiz_never_overwrites_a_report_that_appeared_meanwhile(tty: None, tmp_path: Path) -> None:
    report, saved = tmp_path / "me.md", tmp_path / "me.toml"
    resume = resume_of(
        quiz_with("--report", str(report), "--save-answers", str(saved), keys=pick(4) + CTRL_C)
    )
    report.write_text("someone else's report\n", encoding="utf-8")
    before = saved.read_text(encoding="utf-8")
    refused = quiz_with(*resume, keys=ENTER * 10)
    assert refused.exit_code != 0
    assert f"{report} already exists" in " ".join(refused.stderr.split())
    assert "Question 1" not in refused.stdout  # refused before a single question
    assert report.read_text(encoding="utf-8") == "someone else's report\n"
    assert saved.read_text(encoding="utf-8") == before


def test_saving_over_another_existing_file_still_needs_force(tty: None, tmp_path: Path) -> None:
    given = write_answers(tmp_path / "given.toml", {"goal": "inpatient_coder"})
    other = write_answers(tmp_path / "other.toml", {"goal": "coding_auditor"})
    result = quiz_with("--answers", str(given), "--save-answers", str(other))
    assert result.exit_code != 0
    assert "already exists" in result.stderr


def test_the_resumed_review_lists_the_answers_from_the_file_and_changes_them(
    tty: None, tmp_path: Path, catalog: Catalog
) -> None:
    saved = tmp_path / "me.toml"
    resume = resume_of(
        quiz_with("--save-answers", str(saved), keys=pick_value("goal", "coding_auditor") + CTRL_C)
    )
    # Nine questions remain; at the review, change the goal (the file's answer, first line).
    keys = ENTER * 9 + pick(1) + pick_value("goal", "inpatient_coder") + ENTER
    resumed = quiz_with(*resume, "--json", keys=keys)
    data = finished(resumed)
    assert data["answers"]["goal"] == "inpatient_coder"
    goal = catalog.question("goal")
    review = resumed.stderr.split("Review your answers", 1)[1]
    assert phrase(f"{goal.short[:1].upper()}{goal.short[1:]}: Coding auditor").search(review)
    assert saved_answers(saved)["goal"] == "inpatient_coder"
