"""The interactive walk-through: questions in data order, Back, a review step, then the result.

The flow (which question comes next, Back, skipping by ``when``, the review) is plain Python over
a small ``Prompter`` interface. Two prompters implement it: arrow-key menus with questionary
(imported only here, and only when used) and numbered line prompts for ``--plain`` and screen
readers. Ctrl-C and EOF are not caught here: they propagate as ``KeyboardInterrupt``/``EOFError``
with the answers so far on ``Quiz.answers``, and the CLI decides what to save and print.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from certadvisor.core.engine import Engine
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Question

BACK = "\x00back"
CONFIRM = "\x00confirm"
BACK_LABEL = "← Back"
CONFIRM_LABEL = "Show my result"  # short: the review menu must not wrap at 80 columns
INSTRUCTION = "(arrows or number keys, Enter to choose)"


@dataclass(frozen=True)
class Prompt:
    """One menu: a title, a counter line, help text and choices (value, label)."""

    title: str
    counter: str
    help: str
    choices: Sequence[tuple[str, str]]
    default: str


class Prompter(Protocol):
    """Asks one menu question and returns the chosen value (or BACK / CONFIRM)."""

    def ask(self, prompt: Prompt) -> str:
        """Show the prompt and return the value picked."""
        ...


Printer = Callable[[str, str], None]  # (text, style)


def line_reader(stdin: TextIO | None, shown_on: TextIO | None) -> Callable[[str], str]:
    """``input()`` that shows its prompt on ``shown_on`` (stderr, to keep stdout for JSON)."""

    def read(prompt: str) -> str:
        if shown_on is not None:
            shown_on.write(prompt)
            shown_on.flush()
        line = stdin.readline() if stdin is not None else ""
        if not line:
            raise EOFError
        return line.rstrip("\n")

    return read


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
        picked = self.prompter.ask(Prompt(question.text, counter, question.help, choices, default))
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


def menu_message(title: str, columns: int) -> tuple[str, str]:
    """The menu's question and instruction, broken at spaces to fit ``columns``.

    The terminal would otherwise break "? <title> (arrows or ...)" wherever the edge falls, in
    the middle of a word. questionary puts "? " before the question and a space after it; the
    instruction goes on a line of its own when the title and it do not fit on one.
    """
    width = max(20, columns - 1)
    lines = textwrap.wrap(title, width - 3) or [title]
    message = "\n  ".join(lines)
    if len(lines) == 1 and 2 + len(lines[0]) + 1 + len(INSTRUCTION) <= width:
        return message, INSTRUCTION
    return message, "\n  " + INSTRUCTION


class MenuPrompter:
    """Arrow keys or number shortcuts, via questionary (imported on first use)."""

    def __init__(self, say: Printer, shown_on: TextIO | None = None) -> None:
        self.say = say
        self.shown_on = shown_on

    def ask(self, prompt: Prompt) -> str:
        """Show a select menu; Ctrl-C raises KeyboardInterrupt (as ``unsafe_ask`` would)."""
        import questionary

        extra: dict[str, Any] = {}
        if self.shown_on is not None and self.shown_on is not sys.stdout:
            from prompt_toolkit.output import create_output

            extra["output"] = create_output(stdout=self.shown_on)

        self.say(prompt.counter, "bold cyan")
        self.say(prompt.help, "dim")
        choices = [questionary.Choice(title=label, value=value) for value, label in prompt.choices]
        default = next(c for c in choices if c.value == prompt.default)
        message, instruction = menu_message(prompt.title, shutil.get_terminal_size((80, 24)).columns)
        question = questionary.select(
            message,
            choices=choices,
            default=default,
            use_shortcuts=len(choices) <= 36,
            use_arrow_keys=True,
            instruction=instruction,
            **extra,
        )
        # What unsafe_ask does, but leaving SIGINT to Python: a Ctrl-C that arrives while the
        # menu is still starting (before the terminal is in raw mode, where Ctrl-C is a key the
        # menu binds) would otherwise become a "sigint" key press that the menu ignores.
        answer: str = question.application.run(handle_sigint=False)
        return answer


class LinePrompter:
    """Numbered line prompts with no redrawn menus: for screen readers and simple terminals."""

    def __init__(self, say: Printer, read: Callable[[str], str] = input) -> None:
        self.say = say
        self.read = read

    def ask(self, prompt: Prompt) -> str:
        """Print numbered choices and read a number; Enter picks the default."""
        self.say(prompt.counter, "bold")
        self.say(prompt.title, "")
        self.say(prompt.help, "dim")
        numbers = {}
        default_number = 1
        for number, (value, label) in enumerate(prompt.choices, start=1):
            numbers[str(number)] = value
            marker = " (default)" if value == prompt.default else ""
            if value == prompt.default:
                default_number = number
            self.say(f"  {number}. {label}{marker}", "")
        while True:
            reply = self.read(f"Choose 1-{len(prompt.choices)} [{default_number}]: ").strip()
            if not reply:
                return prompt.default
            if reply in numbers:
                return numbers[reply]
            self.say(f"Please type a number from 1 to {len(prompt.choices)}, or press Enter.", "yellow")
