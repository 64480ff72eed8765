"""The interactive walk-through: questions in data order, Back, a review step, then the result.

The flow (which question comes next, Back, skipping by ``when``, the review) is plain Python over
a small ``Prompter`` interface. The prompters that implement it (arrow-key menus with
questionary, numbered line prompts for ``--plain`` and screen readers) are the command line's,
in ``cli.prompts``. A set question (``Question.multiple``) is asked as one prompt whose choices
may be picked together; ``set_answer`` turns the picks into the answer's one spelling, so every
prompter refuses and joins them alike. Ctrl-C and EOF are not caught here: they propagate as
``KeyboardInterrupt``/``EOFError`` with the answers so far on ``Quiz.answers``, and the CLI
decides what to save and print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from certadvisor.core.engine import Engine
from certadvisor.errors import AnswersError
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import SEPARATOR
from certadvisor.model.records import Question

BACK = "\x00back"
CONFIRM = "\x00confirm"
BACK_LABEL = "← Back"
CONFIRM_LABEL = "Show my result"  # short: the review menu must not wrap at 80 columns


@dataclass(frozen=True)
class Prompt:
    """One menu: a title, a counter line, help text and choices (value, label).

    With ``multiple`` (a set question) several choices may be picked at once: ``default`` may
    then be a set (``CPC+CRC``), and ``neutral`` is the choice that means none of the others,
    which is what picking nothing gives.
    """

    title: str
    counter: str
    help: str
    choices: Sequence[tuple[str, str]]
    default: str
    multiple: bool = False
    neutral: str = ""


def ticked(prompt: Prompt) -> list[str]:
    """The choices a set prompt starts with picked: the default's members, in choice order.

    The neutral choice starts unpicked, since picking nothing already means it: otherwise the
    person would have to untick it before ticking what they hold.
    """
    members = prompt.default.split(SEPARATOR)
    return [value for value, _label in prompt.choices if value in members and value != prompt.neutral]


def set_answer(prompt: Prompt, picked: Iterable[str]) -> str:
    """The answer a set prompt's picked choices make, in the one spelling ``--set`` gives it.

    Nothing picked is the neutral answer; Back (or the neutral) picked alone is itself; other
    choices are joined by "+" in choice order, each once. The neutral or Back picked together
    with other choices is refused (``AnswersError``): holding none and some, or going back with
    an answer, cannot both be meant.
    """
    chosen = set(picked)
    if not chosen:
        return prompt.neutral
    if len(chosen) > 1:
        for value, label in prompt.choices:
            if value in chosen and value in (prompt.neutral, BACK):
                alone = f'"{label}" cannot be picked with other choices; pick it alone or leave it out.'
                raise AnswersError(alone)
    return SEPARATOR.join(value for value, _label in prompt.choices if value in chosen)


class Prompter(Protocol):
    """Asks one menu question and returns the chosen value (or BACK / CONFIRM)."""

    def ask(self, prompt: Prompt) -> str:
        """Show the prompt and return the value picked."""
        ...


Printer = Callable[[str, str], None]  # (text, style)


class Quiz:
    """The question loop, with Back and a review; ``answers`` holds progress at any moment."""

    def __init__(
        self,
        catalog: Catalog,
        prefilled: Mapping[str, str],
        prompter: Prompter,
        say: Printer,
    ) -> None:
        self.catalog = catalog
        self.engine = Engine(catalog)
        self.prefilled = dict(prefilled)
        self.answers: dict[str, str] = dict(prefilled)
        self.prompter = prompter
        self.say = say

    def to_ask(self) -> list[Question]:
        """Questions still in play: not pre-filled, and shown by their `when` given answers so far."""
        effective = self.engine.effective(self.answers)
        return [
            q
            for q in self.catalog.questions
            if q.id not in self.prefilled and self.engine.asked(q.id, effective)
        ]

    def run(self) -> dict[str, str]:
        """Ask every question that needs asking, then review; return the final answers."""
        self._walk(start=0)
        while self.to_ask():
            picked = self._review()
            if picked == CONFIRM:
                break
            self._ask_one(picked, allow_back=False, counter="Change your answer")
            self._walk(start=0, only_missing=True)
        return self._visible_answers()

    def _visible_answers(self) -> dict[str, str]:
        # Drop answers that a later change hid (e.g. PCS comfort after switching to outpatient).
        keep = {q.id for q in self.to_ask()} | set(self.prefilled)
        return {qid: value for qid, value in self.answers.items() if qid in keep}

    def _walk(self, start: int, only_missing: bool = False) -> None:
        index = start
        while True:
            questions = self.to_ask()
            if index >= len(questions):
                return
            question = questions[index]
            if only_missing and question.id in self.answers:
                index += 1
                continue
            counter = f"Question {index + 1} of {len(questions)}"
            # Filling in after a review change: Back would only land on answered questions that
            # the walk skips, so it is not offered there.
            allow_back = index > 0 and not only_missing
            picked = self._ask_one(question.id, allow_back=allow_back, counter=counter)
            index = index - 1 if picked == BACK else index + 1

    def _ask_one(self, question_id: str, *, allow_back: bool, counter: str) -> str:
        question = self.catalog.question(question_id)
        choices = [(c.value, c.label) for c in question.choices]
        if allow_back:
            choices.append((BACK, BACK_LABEL))
        # Enter always moves forward: the default is the current answer, else the neutral one.
        default = self.answers.get(question.id, question.neutral)
        prompt = Prompt(
            question.text,
            counter,
            question.help,
            choices,
            default,
            multiple=question.multiple,
            neutral=question.neutral,
        )
        picked = self.prompter.ask(prompt)
        if picked != BACK:
            self.answers[question.id] = picked
        return picked

    def _review(self) -> str:
        asked = self.to_ask()
        choices = [
            (q.id, f"{q.short[:1].upper()}{q.short[1:]}: {q.label(self.answers.get(q.id, q.neutral))}")
            for q in asked
        ]
        choices.append((CONFIRM, CONFIRM_LABEL))
        return self.prompter.ask(
            Prompt(
                "Review your answers: pick one to change, or confirm",
                "Review",
                "Enter confirms.",
                choices,
                CONFIRM,
            )
        )
