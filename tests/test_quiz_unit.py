"""The quiz flow as plain Python: certadvisor.core.interview.Quiz driven by a scripted prompter,
and the prompt adapters of certadvisor.cli.prompts.

No terminal and no questionary here: a fake ``Prompter`` replays a queue of replies, records
every ``Prompt`` it was shown, and fails the test when it is asked more (or fewer) times than
the script expects. ``LinePrompter`` gets a fake ``read``; ``MenuPrompter`` a prompt_toolkit pipe.
``line_reader`` (the real ``read``) gets in-memory streams.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Protocol

import pytest

from certadvisor.cli.prompts import LinePrompter, MenuPrompter, line_reader
from certadvisor.core.interview import BACK, BACK_LABEL, CONFIRM, CONFIRM_LABEL, Prompt, Quiz
from certadvisor.model.catalog import Catalog

# Every question, in data order. The two follow-ups are asked only when they matter: him_status
# for an HIM-programme background, cdi_standing when the goal is CDI.
ALL = [
    "goal",
    "held",
    "setting",
    "employer",
    "pcs_comfort",
    "experience",
    "work_arrangement",
    "background",
    "body_preference",
    "him_status",
    "cdi_standing",
    "priority",
]
FOLLOW_UPS = ("him_status", "cdi_standing")
# What the neutral answers ask: neither follow-up.
ORDER = [q for q in ALL if q not in FOLLOW_UPS]
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
WITHOUT_PCS = [q for q in ORDER if q != "pcs_comfort"]
# The neutral run's counters: "up to" while the PCS, background and HIM questions may come or
# not (the CDI one goes with the first answer); exact once the background rules the HIM one out.
TEN_COUNTERS = [
    "Question 1 of up to 12",
    *[f"Question {n} of up to 11" for n in range(2, 9)],
    "Question 9 of 10",
    "Question 10 of 10",
]
# A full coding, auditing or documentation credential held makes the background question moot.
WITHOUT_BACKGROUND = [q for q in ORDER if q != "background"]


def in_order(*ids: str) -> list[str]:
    """The given question ids in data order."""
    return [q for q in ALL if q in ids]


REVIEW_TITLE = "Review your answers: pick one to change, or confirm"


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT = _Default()  # a reply meaning "press Enter": whatever the prompt's default is
# A scripted reply: a value to pick, DEFAULT, or an exception to raise.
Reply = str | _Default | BaseException


class ScriptedPrompter:
    """Replays replies in order; records each Prompt; a reply may be an exception to raise."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.prompts: list[Prompt] = []

    def ask(self, prompt: Prompt) -> str:
        self.prompts.append(prompt)
        values = [value for value, _label in prompt.choices]
        # A set question's default and replies may be sets of its choices ("CPC+CRC").
        parts = (lambda value: value.split("+")) if prompt.multiple else (lambda value: [value])
        assert set(parts(prompt.default)) <= set(values), (
            f"default {prompt.default!r} is not a choice: {prompt}"
        )
        if not self.replies:
            pytest.fail(f"prompter ran out of replies; was asked {prompt.counter!r}: {prompt.title!r}")
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, _Default):  # DEFAULT, the only instance
            return prompt.default
        assert set(parts(reply)) <= set(values), (
            f"scripted reply {reply!r} is not offered by {prompt.counter!r}: {values}"
        )
        return reply

    @property
    def counters(self) -> list[str]:
        return [p.counter for p in self.prompts]


class MakeQuiz(Protocol):
    """What the make_quiz fixture gives: a Quiz over these replies (and any prefilled answers)."""

    def __call__(
        self, *replies: Reply, prefilled: dict[str, str] | None = None
    ) -> tuple[Quiz, ScriptedPrompter]: ...


@pytest.fixture
def make_quiz(catalog: Catalog) -> Iterator[MakeQuiz]:
    """Build a Quiz over a scripted prompter; at teardown every reply must have been used."""
    made: list[ScriptedPrompter] = []

    def make(*replies: Reply, prefilled: dict[str, str] | None = None) -> tuple[Quiz, ScriptedPrompter]:
        prompter = ScriptedPrompter(list(replies))
        made.append(prompter)
        said: list[tuple[str, str]] = []
        quiz = Quiz(catalog, prefilled or {}, prompter, lambda text, style: said.append((text, style)))
        return quiz, prompter

    yield make
    for prompter in made:
        assert prompter.replies == [], f"replies left over (never asked for): {prompter.replies}"


def values_of(prompt: Prompt) -> list[str]:
    return [value for value, _label in prompt.choices]


# -- the plain walk ----------------------------------------------------------------------------


def test_enter_everywhere_gives_neutral_answers_and_counts_up(make_quiz: MakeQuiz) -> None:
    quiz, prompter = make_quiz(*[DEFAULT] * 10, DEFAULT)
    result = quiz.run()
    assert result == NEUTRAL
    assert list(result) == ORDER
    assert prompter.counters == [*TEN_COUNTERS, "Review"]
    # Each question prompt carries the question's own text, help and neutral default.
    for prompt, qid in zip(prompter.prompts[:10], ORDER, strict=True):
        question = quiz.catalog.question(qid)
        assert prompt.title == question.text
        assert prompt.help == question.help
        assert prompt.default == NEUTRAL[qid]


def test_choices_are_the_question_values_and_back_is_not_on_the_first(
    make_quiz: MakeQuiz, catalog: Catalog
) -> None:
    quiz, prompter = make_quiz(*[DEFAULT] * 11)
    quiz.run()
    first, *rest = prompter.prompts[:10]
    assert values_of(first) == list(catalog.question("goal").values)
    assert BACK not in values_of(first)
    assert [label for _v, label in first.choices] == [c.label for c in catalog.question("goal").choices]
    for prompt, qid in zip(rest, ORDER[1:], strict=True):
        question = catalog.question(qid)
        assert values_of(prompt) == [*(c.value for c in question.choices), BACK], qid
        assert prompt.choices[-1] == (BACK, BACK_LABEL)
    # held is a set question: its single choices (no stacks), several of which may be picked,
    # "None yet" standing for none of them.
    held = prompter.prompts[ORDER.index("held")]
    assert not [value for value in values_of(held) if "+" in value]
    assert held.multiple and held.neutral == "none"
    assert not [prompt for prompt in prompter.prompts if prompt.multiple and prompt is not held]


def test_picked_values_end_up_in_the_answers(make_quiz: MakeQuiz) -> None:
    picks = {
        "goal": "inpatient_coder",
        "held": "RHIT",  # an RHIT holder is still asked about their education (RHIA needs a bachelor's)
        "setting": "inpatient",
        "employer": "hospital",
        "pcs_comfort": "keen",
        "experience": "2_years_plus",
        "work_arrangement": "hybrid_ok",
        "background": "him_degree",  # an HIM degree brings in where they are in the programme
        "body_preference": "ahima",
        "him_status": "completed",
        "priority": "low_cost",
    }
    quiz, prompter = make_quiz(*picks.values(), CONFIRM)
    result = quiz.run()
    assert result == picks
    assert list(result) == in_order(*picks)
    assert prompter.counters[-2:] == ["Question 11 of 11", "Review"]


# -- Back -------------------------------------------------------------------------------------


def test_back_returns_to_the_previous_question_with_its_answer_as_default(make_quiz: MakeQuiz) -> None:
    quiz, prompter = make_quiz(
        "billing_specialist",  # Q1
        "CPC-A",  # Q2
        "outpatient",  # Q3
        BACK,  # Q4 -> back to Q3
        BACK,  # Q3 -> back to Q2
        BACK,  # Q2 -> back to Q1
        "inpatient_coder",  # Q1 again: change it
        DEFAULT,  # Q2 again: Enter keeps "CPC-A"
        DEFAULT,  # Q3 again: Enter keeps "outpatient"
        *[DEFAULT] * 6,  # employer..priority (no PCS question for outpatient)
        CONFIRM,
    )
    result = quiz.run()
    asked = [(p.counter, p.title) for p in prompter.prompts]
    goal, setting = quiz.catalog.question("goal"), quiz.catalog.question("setting")
    held, employer = quiz.catalog.question("held"), quiz.catalog.question("employer")
    # Back keeps the total (the answers after the question stay, as its defaults): it never
    # jumps back up to what it was the first time round.
    assert asked[:9] == [
        ("Question 1 of up to 12", goal.text),
        ("Question 2 of up to 11", held.text),
        ("Question 3 of up to 11", setting.text),
        ("Question 4 of up to 10", employer.text),
        ("Question 3 of up to 10", setting.text),
        ("Question 2 of up to 10", held.text),
        ("Question 1 of up to 10", goal.text),
        ("Question 2 of up to 10", held.text),
        ("Question 3 of up to 10", setting.text),
    ]
    # Second time round, each default is the answer given before, not the neutral one.
    assert prompter.prompts[4].default == "outpatient"
    assert prompter.prompts[5].default == "CPC-A"
    assert prompter.prompts[6].default == "billing_specialist"
    assert prompter.prompts[7].default == "CPC-A"
    assert prompter.prompts[8].default == "outpatient"
    assert result["goal"] == "inpatient_coder"
    assert result["held"] == "CPC-A"
    assert result["setting"] == "outpatient"
    assert "pcs_comfort" not in result


def test_back_is_never_recorded_as_an_answer(make_quiz: MakeQuiz) -> None:
    quiz, _prompter = make_quiz("coding_auditor", BACK, DEFAULT, *[DEFAULT] * 9, CONFIRM)
    result = quiz.run()
    assert BACK not in result.values()
    assert result["goal"] == "coding_auditor"
    assert result["held"] == "none"
    assert result["setting"] == "no_preference"


# -- the review -------------------------------------------------------------------------------


def test_review_lists_every_asked_answer_and_defaults_to_confirm(
    make_quiz: MakeQuiz, catalog: Catalog
) -> None:
    quiz, prompter = make_quiz("inpatient_coder", *[DEFAULT] * 9, CONFIRM)
    quiz.run()
    review = prompter.prompts[-1]
    assert review.title == REVIEW_TITLE
    assert review.counter == "Review"
    assert review.help == "Enter confirms."
    assert review.default == CONFIRM
    assert values_of(review) == [*ORDER, CONFIRM]
    assert review.choices[-1] == (CONFIRM, CONFIRM_LABEL)
    labels = dict(review.choices)
    assert labels["goal"] == "Career goal: Hospital inpatient coder"
    assert labels["held"] == "Credentials you hold: None yet"
    assert labels["setting"] == "Preferred setting: No preference"
    # Only the first letter is raised, so "ICD-10-PCS" keeps its capitals.
    assert labels["pcs_comfort"] == "Interest in procedure coding (ICD-10-PCS): Not sure"


def test_changing_an_answer_at_review_reasks_it_then_reviews_again(make_quiz: MakeQuiz) -> None:
    quiz, prompter = make_quiz(*[DEFAULT] * 10, "goal", "him_manager", CONFIRM)
    result = quiz.run()
    change = prompter.prompts[11]
    assert change.counter == "Change your answer"
    assert change.title == quiz.catalog.question("goal").text
    assert BACK not in values_of(change)
    assert change.default == "undecided"  # the current answer
    assert prompter.counters[12] == "Review"
    assert dict(prompter.prompts[12].choices)["goal"] == (
        "Career goal: Health information management (HIM) manager"
    )
    assert result == {**NEUTRAL, "goal": "him_manager"}


def test_review_change_that_reveals_a_question_asks_only_that_one(make_quiz: MakeQuiz) -> None:
    quiz, prompter = make_quiz(
        DEFAULT,
        DEFAULT,
        "outpatient",
        *[DEFAULT] * 6,
        "setting",  # review: change the setting...
        "inpatient",  # ...to inpatient, which brings in the PCS question
        "avoid",  # the PCS question, asked on its own
        CONFIRM,
    )
    result = quiz.run()
    assert prompter.counters == [
        "Question 1 of up to 12",
        "Question 2 of up to 11",
        "Question 3 of up to 11",
        *[f"Question {n} of up to 10" for n in range(4, 8)],
        "Question 8 of 9",
        "Question 9 of 9",
        "Review",
        "Change your answer",
        "Question 5 of 10",
        "Review",
    ]
    assert prompter.prompts[11].title == quiz.catalog.question("pcs_comfort").text
    assert values_of(prompter.prompts[-1]) == [*ORDER, CONFIRM]
    assert result["setting"] == "inpatient"
    assert result["pcs_comfort"] == "avoid"
    assert set(result) == set(ORDER)


def test_holding_a_full_credential_skips_the_background_question(make_quiz: MakeQuiz) -> None:
    # A CDI goal brings in the CDI follow-up, counted from the second question on.
    quiz, prompter = make_quiz("cdi_specialist", "CCS", *[DEFAULT] * 8, CONFIRM)
    result = quiz.run()
    asked = [*WITHOUT_BACKGROUND[:-1], "cdi_standing", "priority"]
    assert list(result) == asked
    assert prompter.counters == [
        "Question 1 of up to 12",
        "Question 2 of up to 12",
        "Question 3 of up to 10",  # the PCS question may still not come
        *[f"Question {n} of 10" for n in range(4, 11)],
        "Review",
    ]
    background = quiz.catalog.question("background").text
    assert all(p.title != background for p in prompter.prompts)
    assert values_of(prompter.prompts[-1]) == [*asked, CONFIRM]


def test_review_change_of_the_held_credential_shows_or_hides_the_background(make_quiz: MakeQuiz) -> None:
    # Held CCS at first (no background question), then "none yet" at the review: the background
    # question is asked on its own, and then CCS again hides it and drops its answer.
    quiz, prompter = make_quiz(
        DEFAULT,
        "CCS",
        *[DEFAULT] * 7,
        "held",
        "none",
        "clinical",  # the background question, asked on its own
        "held",
        "CDIP",
        CONFIRM,
    )
    result = quiz.run()
    assert prompter.counters[9:] == [
        "Review",
        "Change your answer",
        "Question 8 of up to 11",  # the HIM follow-up may come after the background
        "Review",
        "Change your answer",
        "Review",
    ]
    assert prompter.prompts[11].title == quiz.catalog.question("background").text
    assert BACK not in values_of(prompter.prompts[11])
    assert values_of(prompter.prompts[12]) == [*ORDER, CONFIRM]
    assert values_of(prompter.prompts[-1]) == [*WITHOUT_BACKGROUND, CONFIRM]
    assert result["held"] == "CDIP"
    assert "background" not in result
    assert quiz.answers["background"] == "clinical"  # progress remembers it, the result does not


# -- `when` skips -----------------------------------------------------------------------------


def test_to_ask_follows_when(make_quiz: MakeQuiz) -> None:
    quiz, _prompter = make_quiz()
    assert [q.id for q in quiz.to_ask()] == ORDER  # setting unanswered counts as no_preference
    quiz.answers["setting"] = "outpatient"
    assert [q.id for q in quiz.to_ask()] == WITHOUT_PCS
    quiz.answers["setting"] = "inpatient"
    assert [q.id for q in quiz.to_ask()] == ORDER
    quiz.answers["setting"] = "no_preference"
    assert [q.id for q in quiz.to_ask()] == ORDER
    # Background is asked only of people with no credential, an apprentice one, CPB, CCA or RHIT
    # (and the CPC-A+CPB stack); every value of held is tried, stacks included.
    held = quiz.catalog.question("held").values
    assert "COC-A" in held and "CPC+CRC" in held
    for value in held:
        quiz.answers["held"] = value
        keeps = value in ("none", "CPC-A", "COC-A", "CPB", "CCA", "RHIT", "CPC-A+CPB")
        assert [q.id for q in quiz.to_ask()] == (ORDER if keeps else WITHOUT_BACKGROUND), value
    # The HIM follow-up comes with an HIM-programme background, the CDI one with a CDI goal.
    quiz.answers["held"] = "none"
    for background in quiz.catalog.question("background").values:
        quiz.answers["background"] = background
        him = background in ("him_associate", "him_degree")
        assert [q.id for q in quiz.to_ask()] == in_order(*ORDER, *(["him_status"] if him else [])), background
    quiz.answers["background"] = "other"
    for goal in quiz.catalog.question("goal").values:
        quiz.answers["goal"] = goal
        cdi = goal == "cdi_specialist"
        assert [q.id for q in quiz.to_ask()] == in_order(*ORDER, *(["cdi_standing"] if cdi else [])), goal


def test_outpatient_never_asks_pcs_and_counts_to_nine(make_quiz: MakeQuiz) -> None:
    quiz, prompter = make_quiz("outpatient_coder", DEFAULT, "outpatient", *[DEFAULT] * 6, CONFIRM)
    result = quiz.run()
    assert "pcs_comfort" not in result
    assert list(result) == WITHOUT_PCS
    assert prompter.counters[3:9] == [
        *[f"Question {n} of up to 10" for n in range(4, 8)],
        "Question 8 of 9",
        "Question 9 of 9",
    ]
    assert all(p.title != quiz.catalog.question("pcs_comfort").text for p in prompter.prompts)
    assert values_of(prompter.prompts[-1]) == [*WITHOUT_PCS, CONFIRM]


def test_answers_hidden_by_a_later_change_are_dropped(make_quiz: MakeQuiz) -> None:
    quiz, _prompter = make_quiz(
        DEFAULT,
        DEFAULT,
        "inpatient",
        DEFAULT,
        "keen",  # PCS answered...
        *[DEFAULT] * 5,
        "setting",
        "outpatient",  # ...then hidden by switching to outpatient at the review
        CONFIRM,
    )
    result = quiz.run()
    assert "pcs_comfort" not in result
    assert result["setting"] == "outpatient"
    assert quiz.answers["pcs_comfort"] == "keen"  # progress still remembers it...
    assert set(result) == set(WITHOUT_PCS)  # ...but the result does not carry it


def test_answer_hidden_by_going_back_is_dropped(make_quiz: MakeQuiz) -> None:
    quiz, _prompter = make_quiz(
        DEFAULT,
        DEFAULT,
        "inpatient",
        DEFAULT,
        "avoid",
        BACK,  # experience -> PCS
        BACK,  # PCS -> employer
        BACK,  # employer -> setting
        "outpatient",
        *[DEFAULT] * 6,
        CONFIRM,
    )
    assert "pcs_comfort" not in quiz.run()


# -- pre-filled answers -----------------------------------------------------------------------


def test_prefilled_questions_are_not_asked_and_are_kept(make_quiz: MakeQuiz) -> None:
    prefilled = {"goal": "inpatient_coder", "setting": "inpatient"}
    asked = [q for q in ORDER if q not in prefilled]
    quiz, prompter = make_quiz(*[DEFAULT] * 8, CONFIRM, prefilled=prefilled)
    assert [q.id for q in quiz.to_ask()] == asked
    result = quiz.run()
    assert result == {**NEUTRAL, **prefilled}
    assert prompter.counters == [
        *[f"Question {n} of up to 9" for n in range(1, 7)],
        *[f"Question {n} of 8" for n in range(7, 9)],
        "Review",
    ]
    assert prompter.prompts[0].title == quiz.catalog.question("held").text
    assert prompter.prompts[1].title == quiz.catalog.question("employer").text
    assert BACK not in values_of(prompter.prompts[0])  # first *asked* question: no Back
    assert BACK in values_of(prompter.prompts[1])
    # The review lists the pre-filled answers too (a resumed quiz's), in question order.
    assert values_of(prompter.prompts[-1]) == [*ORDER, CONFIRM]


def test_prefilled_outpatient_hides_pcs(make_quiz: MakeQuiz) -> None:
    quiz, prompter = make_quiz(*[DEFAULT] * 8, CONFIRM, prefilled={"setting": "outpatient"})
    result = quiz.run()
    assert "pcs_comfort" not in result
    assert prompter.counters[0] == "Question 1 of up to 10"  # the CDI and HIM follow-ups may come


def test_prefilled_held_credential_hides_background(make_quiz: MakeQuiz) -> None:
    quiz, prompter = make_quiz(*[DEFAULT] * 8, CONFIRM, prefilled={"held": "CPMA"})
    result = quiz.run()
    assert "background" not in result and result["held"] == "CPMA"
    assert prompter.counters[0] == "Question 1 of up to 9"  # the CDI and PCS ones may come


def test_everything_prefilled_asks_nothing(make_quiz: MakeQuiz) -> None:
    answers = {**NEUTRAL, "goal": "coding_manager"}
    quiz, prompter = make_quiz(prefilled=answers)
    assert quiz.to_ask() == []
    assert quiz.run() == answers
    assert prompter.prompts == []


# -- interruption -----------------------------------------------------------------------------


@pytest.mark.parametrize("error", [KeyboardInterrupt, EOFError])
def test_interrupt_propagates_with_the_answers_so_far(
    make_quiz: MakeQuiz, error: type[BaseException]
) -> None:
    quiz, prompter = make_quiz("billing_specialist", "CPB", "outpatient", error())
    with pytest.raises(error):
        quiz.run()
    assert quiz.answers == {"goal": "billing_specialist", "held": "CPB", "setting": "outpatient"}
    assert len(prompter.prompts) == 4


def test_interrupt_keeps_prefilled_answers_in_progress(make_quiz: MakeQuiz) -> None:
    quiz, _prompter = make_quiz("RHIT", "inpatient", KeyboardInterrupt(), prefilled={"goal": "him_manager"})
    with pytest.raises(KeyboardInterrupt):
        quiz.run()
    assert quiz.answers == {"goal": "him_manager", "held": "RHIT", "setting": "inpatient"}


def test_scripted_prompter_fails_when_it_runs_out(make_quiz: MakeQuiz) -> None:
    """Guard for the harness itself: a too-short script must fail, not pass silently."""
    quiz, prompter = make_quiz(DEFAULT)
    with pytest.raises(pytest.fail.Exception, match="ran out of replies"):
        quiz.run()
    assert len(prompter.prompts) == 2


# -- LinePrompter -----------------------------------------------------------------------------

SAMPLE = Prompt(
    title="Where would you rather work?",
    counter="Question 2 of 8",
    help="Some help.",
    choices=[
        ("inpatient", "Inpatient"),
        ("outpatient", "Outpatient"),
        ("none", "None"),
        (BACK, BACK_LABEL),
    ],
    default="outpatient",
)


class FakeRead:
    def __init__(self, *replies: str | BaseException) -> None:
        self.replies = list(replies)
        self.prompts: list[str] = []

    def __call__(self, text: str) -> str:
        self.prompts.append(text)
        if not self.replies:
            pytest.fail(f"read() called more often than scripted: {text!r}")
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply


def line_ask(
    *replies: str | BaseException, prompt: Prompt = SAMPLE
) -> tuple[str, list[tuple[str, str]], FakeRead]:
    said: list[tuple[str, str]] = []
    read = FakeRead(*replies)
    answer = LinePrompter(lambda text, style: said.append((text, style)), read).ask(prompt)
    assert read.replies == [], "LinePrompter stopped reading before using every reply"
    return answer, said, read


def test_line_prompter_prints_numbered_choices_and_marks_the_default() -> None:
    _answer, said, read = line_ask("")
    texts = [text for text, _style in said]
    assert texts == [
        "Question 2 of 8",
        "Where would you rather work?",
        "Some help.",
        "  1. Inpatient",
        "  2. Outpatient (default)",
        "  3. None",
        f"  4. {BACK_LABEL}",
    ]
    assert read.prompts == ["Choose 1-4 [2]: "]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("", "outpatient"), ("   ", "outpatient"), ("1", "inpatient"), (" 3 ", "none"), ("4", BACK)],
)
def test_line_prompter_replies(reply: str, expected: str) -> None:
    answer, _said, _read = line_ask(reply)
    assert answer == expected


@pytest.mark.parametrize("bad", ["0", "5", "x", "inpatient", "1.0", "-1"])
def test_line_prompter_reasks_after_an_invalid_reply(bad: str) -> None:
    answer, said, read = line_ask(bad, "1")
    assert answer == "inpatient"
    assert read.prompts == ["Choose 1-4 [2]: "] * 2
    assert ("Please type a number from 1 to 4, or press Enter.", "yellow") in said


def test_line_prompter_default_number_follows_the_default() -> None:
    prompt = Prompt("T", "Review", "Enter confirms.", [("a", "A"), ("b", "B"), (CONFIRM, "OK")], CONFIRM)
    answer, said, read = line_ask("", prompt=prompt)
    assert answer == CONFIRM
    assert read.prompts == ["Choose 1-3 [3]: "]
    assert ("  3. OK (default)", "") in said


def test_line_prompter_lets_eof_through() -> None:
    with pytest.raises(EOFError):
        line_ask(EOFError())


def test_line_prompter_drives_a_whole_quiz(catalog: Catalog) -> None:
    # goal 4 = inpatient_coder (of 9); held: Enter (none yet); setting: "x" is refused, then
    # 2 = outpatient; the rest Enter; review: Enter confirms.
    read = FakeRead("4", "", "x", "2", "", "", "", "", "", "", "")
    quiz = Quiz(catalog, {}, LinePrompter(lambda text, style: None, read), lambda text, style: None)
    assert quiz.run() == {
        **{k: v for k, v in NEUTRAL.items() if k != "pcs_comfort"},
        "goal": "inpatient_coder",
        "setting": "outpatient",
    }
    assert read.prompts[0] == "Choose 1-9 [9]: "  # nine goals, "Not sure yet" last
    # held: none, CPC-A, COC-A and the 13 credentials (no stacks), and Back; "None yet" first and
    # the default; several may be picked.
    assert read.prompts[1] == "Choose 1-17 [1]: "
    assert read.prompts[2:4] == ["Choose 1-4 [3]: "] * 2
    # employer: five choices and Back, "Not sure" the default.
    assert read.prompts[4] == "Choose 1-6 [5]: "
    assert read.prompts[-1] == "Choose 1-10 [10]: "  # the review: 9 answers plus confirm
    assert read.replies == []


# -- line_reader: the prompt on one stream (stderr with --json), the reply from stdin ----------


def test_line_reader_shows_the_prompt_on_its_stream_and_reads_stdin() -> None:
    stdin, shown_on = io.StringIO("4\n\nlast"), io.StringIO()
    read = line_reader(stdin, shown_on)
    assert read("Choose 1-9 [9]: ") == "4"
    assert read("Choose 1-16 [1]: ") == ""  # a blank line is a reply (the default), not EOF
    assert read("Choose 1-4 [3]: ") == "last"  # a last line without its newline
    assert shown_on.getvalue() == "Choose 1-9 [9]: Choose 1-16 [1]: Choose 1-4 [3]: "
    assert stdin.read() == ""
    with pytest.raises(EOFError):
        read("Choose 1-6 [5]: ")


def test_line_reader_without_streams() -> None:
    with pytest.raises(EOFError):
        line_reader(None, io.StringIO())("Choose 1-9 [9]: ")
    assert line_reader(io.StringIO("2\n"), None)("Choose 1-9 [9]: ") == "2"


def test_line_reader_drives_a_line_prompter_with_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown_on = io.StringIO()
    said: list[tuple[str, str]] = []
    prompter = LinePrompter(
        lambda text, style: said.append((text, style)), line_reader(io.StringIO("x\n1\n"), shown_on)
    )
    assert prompter.ask(SAMPLE) == "inpatient"
    assert shown_on.getvalue() == "Choose 1-4 [2]: " * 2
    assert ("Please type a number from 1 to 4, or press Enter.", "yellow") in said
    assert capsys.readouterr().out == ""


# -- MenuPrompter (questionary) over a prompt_toolkit pipe ------------------------------------


def menu_ask(keys: str, prompt: Prompt = SAMPLE) -> tuple[str, list[tuple[str, str]]]:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    said: list[tuple[str, str]] = []
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()  # if the keys run out, the prompt gets EOF instead of waiting forever
        with create_app_session(input=inp, output=DummyOutput()):
            answer = MenuPrompter(lambda text, style: said.append((text, style))).ask(prompt)
    return answer, said


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("\r", "outpatient"),  # Enter takes the default
        ("1\r", "inpatient"),  # number shortcut then Enter
        ("3\r", "none"),
        ("4\r", BACK),
        ("\x1b[B\r", "none"),  # Down from the default
        ("\x1b[A\r", "inpatient"),  # Up from the default
    ],
)
def test_menu_prompter_keys(keys: str, expected: str) -> None:
    answer, said = menu_ask(keys)
    assert answer == expected
    # The menu is erased once answered; the question is said again with the answer.
    label = dict(SAMPLE.choices)[expected]
    assert said == [
        ("Question 2 of 8", "bold cyan"),
        ("Some help.", "dim"),
        (f"? {SAMPLE.title} {label}", ""),
    ]


def test_menu_prompter_ctrl_c_raises_keyboard_interrupt() -> None:
    with pytest.raises(KeyboardInterrupt):
        menu_ask("\x03")


def test_menu_prompter_draws_on_the_stream_it_is_given(capsys: pytest.CaptureFixture[str]) -> None:
    """With --json the menu is drawn on stderr: a stream given to MenuPrompter gets the menu,
    and nothing reaches stdout."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    shown_on = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text("1\r")
        inp.close()
        with create_app_session(input=inp, output=DummyOutput()):
            answer = MenuPrompter(lambda text, style: None, shown_on).ask(SAMPLE)
    assert answer == "inpatient"
    drawn = shown_on.getvalue()
    assert SAMPLE.title in drawn and "Inpatient" in drawn and "Outpatient" in drawn
    assert capsys.readouterr().out == ""


def test_question_filled_in_after_a_review_change_offers_no_dead_end_back(make_quiz: MakeQuiz) -> None:
    """Regression: Back here used to land on the same question again (the fill-in walk skips
    answered questions forward), so it must not be offered."""
    quiz, prompter = make_quiz(
        DEFAULT,
        DEFAULT,
        "outpatient",
        *[DEFAULT] * 6,
        "setting",
        "inpatient",  # brings in the PCS question, asked on its own
        "keen",
        CONFIRM,
    )
    assert quiz.run()["pcs_comfort"] == "keen"
    filled_in = prompter.prompts[11]
    assert filled_in.title == quiz.catalog.question("pcs_comfort").text
    assert values_of(filled_in) == ["keen", "unsure", "avoid"]
    assert BACK not in values_of(filled_in)
