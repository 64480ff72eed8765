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

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from certadvisor.core.engine import Engine
from certadvisor.core.glossary import terms_in
from certadvisor.errors import AnswersError
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import SEPARATOR
from certadvisor.model.records import Question

BACK = "\x00back"
CONFIRM = "\x00confirm"
BACK_LABEL = "← Back"
CONFIRM_LABEL = "Show my result"  # short: the review menu must not wrap at 80 columns
# Above this many answer combinations, a follow-up is counted as possible without trying them
# all: the counter's total stays an upper bound, only a looser one.
MOST_COMBINATIONS = 4096
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


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
    # Glossary terms this question uses that the quiz has not explained before: (term, what
    # it means in a sentence), shown under the help.
    terms: tuple[tuple[str, str], ...] = ()


def gist(text: str) -> str:
    """What a glossary entry says first, short enough for a line under a question: its first
    sentence, or what comes before that sentence's colon (an entry such as "Health information
    management: the field that ..." names the term's words first)."""
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    head, colon, _rest = sentence.partition(": ")
    return (head if colon else sentence).rstrip(".")


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
    """The question loop, with Back and a review; ``answers`` holds progress at any moment.

    The counter reads "Question N of T": N is the question's place among those asked, and T
    the questions that may still be asked, so T never rises while the person moves on (it
    falls as answers rule follow-ups out) and holds when they go Back. It says "up to" while
    some follow-up may or may not come; only changing an earlier answer can raise it.
    """

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
        # Each glossary term explained so far, with the question it was explained at (so that
        # going Back to that question explains it again, and no other question does).
        self.explained: dict[str, str] = {}

    def to_ask(self) -> list[Question]:
        """Questions still in play: not pre-filled, and shown by their `when` given answers so far."""
        effective = self.engine.effective(self.answers)
        return [
            q
            for q in self.catalog.questions
            if q.id not in self.prefilled and self.engine.asked(q.id, effective)
        ]

    def total(self) -> tuple[int, bool]:
        """How many questions may be asked in all, and whether exactly that many will be.

        A question counts when some answers to the questions not answered yet would show it;
        it is sure when every such answer would.
        """
        count, exact = 0, True
        for question in self.catalog.questions:
            if question.id in self.prefilled:
                continue
            may, sure = self._reach(question)
            count += may
            exact = exact and (sure or not may)
        return count, exact

    def counter(self, number: int) -> str:
        """The counter line for the question at ``number`` (1-based) among those asked."""
        count, exact = self.total()
        return f"Question {number} of {count}" if exact else f"Question {number} of up to {count}"

    def _reach(self, question: Question) -> tuple[bool, bool]:
        """(May it be asked, is it sure to be) over every answer the unanswered questions its
        `when` reads (directly, or through their own `when`) could still take."""
        if question.when.always:
            return True, True
        free: list[Question] = []
        waiting = sorted(question.when.questions())
        seen: set[str] = set()
        while waiting:
            qid = waiting.pop()
            if qid in seen:
                continue
            seen.add(qid)
            read = self.catalog.question(qid)
            waiting += sorted(read.when.questions())
            if qid not in self.answers:
                free.append(read)
        combinations = 1
        for read in free:
            combinations *= len(read.values)
        if combinations > MOST_COMBINATIONS:
            return True, False
        ids = [read.id for read in free]
        outcomes = {
            self.engine.asked(
                question.id, self.engine.effective({**self.answers, **dict(zip(ids, pick, strict=True))})
            )
            for pick in itertools.product(*(read.values for read in free))
        }
        return True in outcomes, outcomes == {True}

    def run(self) -> dict[str, str]:
        """Ask every question that needs asking, then review; return the final answers."""
        self._walk(start=0)
        # Nothing to ask (every answer pre-filled): nothing to review either.
        while self.to_ask():
            picked = self._review()
            if picked == CONFIRM:
                break
            self._ask_one(picked, allow_back=False, counter="Change your answer")
            self._walk(start=0, only_missing=True)
        return self._visible_answers()

    def _visible_answers(self) -> dict[str, str]:
        # Drop answers that a later change hid (e.g. PCS comfort after switching to outpatient);
        # a pre-filled answer the person left alone is kept as given, as `recommend` keeps it.
        effective = self.engine.effective(self.answers)
        return {
            qid: value
            for qid, value in self.answers.items()
            if self.engine.asked(qid, effective) or self.prefilled.get(qid) == value
        }

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
            # Filling in after a review change: Back would only land on answered questions that
            # the walk skips, so it is not offered there.
            allow_back = index > 0 and not only_missing
            picked = self._ask_one(question.id, allow_back=allow_back, counter=self.counter(index + 1))
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
            terms=self._new_terms(question),
        )
        picked = self.prompter.ask(prompt)
        if picked != BACK:
            self.answers[question.id] = picked
        return picked

    def _new_terms(self, question: Question) -> tuple[tuple[str, str], ...]:
        """The glossary terms the question uses that no other question has explained yet."""
        texts = [question.text, question.help, *(c.label for c in question.choices)]
        new = []
        for entry in terms_in(self.catalog.glossary, texts):
            if self.explained.setdefault(entry.term, question.id) == question.id:
                new.append((entry.term, gist(entry.text)))
        return tuple(new)

    def _review(self) -> str:
        """Every answer in force, those from an answers file too: any may be changed here."""
        effective = self.engine.effective(self.answers)
        shown = [
            q for q in self.catalog.questions if q.id in self.answers and self.engine.asked(q.id, effective)
        ]
        choices = [
            (q.id, f"{q.short[:1].upper()}{q.short[1:]}: {q.label(self.answers[q.id])}") for q in shown
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
