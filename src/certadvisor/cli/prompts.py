"""The quiz's prompt adapters: how ``core.interview.Quiz`` asks a question on a terminal.

``MenuPrompter`` draws arrow-key menus with questionary (the only module that imports it, and
only when a menu is shown); ``LinePrompter`` asks numbered line prompts for ``--plain``, screen
readers and dumb terminals. Both implement ``core.interview.Prompter``. A set question is a
checkbox list in a menu, and numbers separated by commas or spaces on a line; both refuse and
join the picks through ``core.interview.set_answer``.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from certadvisor.core.interview import BACK, BACK_LABEL, Printer, Prompt, set_answer, ticked
from certadvisor.errors import AnswersError
from certadvisor.model.conditions import SEPARATOR
from certadvisor.text import shown

if TYPE_CHECKING:
    from questionary import Question

INSTRUCTION = "(arrows or number keys, Enter to choose)"
# The one shortcut scheme of every menu: the keys 1-9 point at the first nine choices, which are
# numbered; any further ones are reached with the arrows. (questionary's own goes on with 0 and
# then letters, which read as a second scheme.)
NUMBER_KEYS = 9
# Where a menu's labels start: the pointer (3 columns), then "1) " in a menu or the tick box in
# a checkbox list; a label too long for the line goes on under itself.
MENU_INDENT = 6
TICK_INDENT = 5
# A checkbox list has no number keys; what ticking nothing means is said where it is done.
TICK_INSTRUCTION = "(arrows move, space ticks, Enter confirms; none ticked: {neutral})"
# What a line prompt takes for Back, besides Back's number.
BACK_KEY = "b"
# What a line prompt for a set question says before "Choose 1-N": on a line of its own, which
# wraps at spaces (the prompt the reply is typed after cannot be wrapped).
SEVERAL = "For several, type their numbers separated by commas or spaces."


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


def menu_message(title: str, columns: int, instruction: str = INSTRUCTION) -> tuple[str, str]:
    """The menu's question and instruction, broken at spaces to fit ``columns``.

    The terminal would otherwise break "? <title> (arrows or ...)" wherever the edge falls, in
    the middle of a word. questionary puts "? " before the question and a space after it; the
    instruction goes on a line of its own (or more) when the title and it do not fit on one.
    """
    width = max(20, columns - 1)
    lines = textwrap.wrap(title, width - 3) or [title]
    message = "\n  ".join(lines)
    if len(lines) == 1 and 2 + len(lines[0]) + 1 + len(instruction) <= width:
        return message, instruction
    return message, "".join(f"\n  {line}" for line in textwrap.wrap(instruction, width - 2))


def tick_instruction(prompt: Prompt) -> str:
    """A set prompt's instruction, naming its neutral choice (what ticking nothing gives)."""
    neutral = next((label for value, label in prompt.choices if value == prompt.neutral), prompt.neutral)
    return TICK_INSTRUCTION.format(neutral=neutral)


def tick_check(prompt: Prompt) -> Callable[[list[str]], bool | str]:
    """questionary's ``validate`` for a set prompt: True, or the message that keeps the list
    open (shown under it) until the ticks make an answer."""

    def check(picked: list[str]) -> bool | str:
        try:
            set_answer(prompt, picked)
        except AnswersError as error:
            return error.message
        return True

    return check


def say_prompt(say: Printer, prompt: Prompt, counter_style: str, *, title: bool = False) -> None:
    """The lines above a question's choices: its counter, its title (for a line prompt; a
    menu shows its own), its help, and the terms it uses, explained."""
    say(prompt.counter, counter_style)
    if title:
        say(prompt.title, "")
    say(prompt.help, "dim")
    for term, meaning in prompt.terms:
        say(f"{term}: {meaning}", "dim")


def answer_label(prompt: Prompt, value: str) -> str:
    """What the person picked, in the words of the menu (a set's members joined by " + ")."""
    labels = dict(prompt.choices)
    labels.setdefault(BACK, BACK_LABEL)
    if value in labels:
        return labels[value]
    return " + ".join(labels.get(member, member) for member in value.split("+"))


def wrapped(label: str, columns: int, indent: int) -> str:
    """A menu label broken at spaces to fit ``columns``, its further lines under its first."""
    lines = textwrap.wrap(label, max(10, columns - 1 - indent), break_on_hyphens=False) or [label]
    return f"\n{' ' * indent}".join(lines)


class MenuPrompter:
    """Arrow keys or number shortcuts, via questionary (imported on first use).

    ``shown_on`` is a stream to draw the menu on instead of the terminal's standard output
    (stderr with ``--json``); None draws where prompt_toolkit draws by default. The menu is
    erased once answered and the question is said again with the answer, wrapped at spaces:
    questionary's own line would run the answer past the screen's edge, mid-word.
    """

    def __init__(self, say: Printer, shown_on: TextIO | None = None) -> None:
        self.say = say
        self.shown_on = shown_on

    def ask(self, prompt: Prompt) -> str:
        """Show a select menu (a checkbox list for a set question); Ctrl-C raises
        KeyboardInterrupt (as ``unsafe_ask`` would)."""
        extra: dict[str, Any] = {}
        if self.shown_on is not None:
            from prompt_toolkit.output import create_output  # (as questionary)

            extra["output"] = create_output(stdout=self.shown_on)

        say_prompt(self.say, prompt, "bold cyan")
        columns = shutil.get_terminal_size((80, 24)).columns
        question = _checkbox(prompt, columns, extra) if prompt.multiple else _select(prompt, columns, extra)
        question.application.erase_when_done = True
        # What unsafe_ask does, but leaving SIGINT to Python: a Ctrl-C that arrives while the
        # menu is still starting (before the terminal is in raw mode, where Ctrl-C is a key the
        # menu binds) would otherwise become a "sigint" key press that the menu ignores.
        answer = question.application.run(handle_sigint=False)
        # The checkbox list has refused every tick set_answer refuses, so this one is accepted.
        value = set_answer(prompt, answer) if prompt.multiple else str(answer)
        self.say(f"? {prompt.title} {answer_label(prompt, value)}", "")
        return value


def _numbered(control: Any) -> Any:
    """Key bindings: 1-9 point at the menu's first nine choices (Enter then picks)."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.key_binding.key_processor import KeyPressEvent

    keys = KeyBindings()

    def point(index: int) -> None:
        @keys.add(str(index + 1), eager=True)
        def _point(event: KeyPressEvent) -> None:
            control.pointed_at = index

    for index in range(min(NUMBER_KEYS, len(control.choices))):
        point(index)
    return keys


def _select(prompt: Prompt, columns: int, extra: dict[str, Any]) -> Question:
    """A one-choice menu: arrow keys or number keys, Enter picks."""
    # Imported on first use: only a quiz that asks in menus pays for questionary.
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    choices = [
        questionary.Choice(
            title=(f"{number}) " if number <= NUMBER_KEYS else "   ") + wrapped(label, columns, MENU_INDENT),
            value=value,
        )
        for number, (value, label) in enumerate(prompt.choices, start=1)
    ]
    default = next(c for c in choices if c.value == prompt.default)
    message, instruction = menu_message(prompt.title, columns)
    question = questionary.select(
        message,
        choices=choices,
        default=default,
        use_shortcuts=False,
        use_arrow_keys=True,
        instruction=instruction,
        **extra,
    )
    application = question.application
    control = next(c for c in application.layout.find_all_controls() if isinstance(c, InquirerControl))
    application.key_bindings = merge_key_bindings(
        [application.key_bindings or KeyBindings(), _numbered(control)]
    )
    return question


def _checkbox(prompt: Prompt, columns: int, extra: dict[str, Any]) -> Question:
    """A set question's checkbox list: space ticks, Enter confirms the ticks.

    Enter on Back goes back whatever is ticked, as Back does in a one-choice menu (ticking Back
    alone does too). Ticks that make no answer (the neutral with others) are refused under the
    list, which stays open.
    """
    import questionary
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.key_binding.key_processor import KeyPressEvent
    from questionary.prompts.common import InquirerControl

    start = ticked(prompt)
    choices = [
        questionary.Choice(title=wrapped(label, columns, TICK_INDENT), value=value, checked=value in start)
        for value, label in prompt.choices
    ]
    message, instruction = menu_message(prompt.title, columns, tick_instruction(prompt))
    question = questionary.checkbox(
        message,
        choices=choices,
        validate=tick_check(prompt),
        initial_choice=start[0] if start else prompt.choices[0][0],
        instruction=instruction,
        **extra,
    )
    application = question.application
    control = next(c for c in application.layout.find_all_controls() if isinstance(c, InquirerControl))

    def on_back() -> bool:
        return bool(control.get_pointed_at().value == BACK)

    back = KeyBindings()

    @back.add("c-m", eager=True, filter=Condition(on_back))
    def _go_back(event: KeyPressEvent) -> None:
        control.selected_options = [BACK]
        control.is_answered = True
        event.app.exit(result=[BACK])

    # The binding added last wins: this Enter, when the pointer is on Back, over questionary's.
    application.key_bindings = merge_key_bindings([application.key_bindings or KeyBindings(), back])
    return question


class LinePrompter:
    """Numbered line prompts with no redrawn menus: for screen readers and simple terminals."""

    def __init__(self, say: Printer, read: Callable[[str], str] = input) -> None:
        self.say = say
        self.read = read

    def ask(self, prompt: Prompt) -> str:
        """Print numbered choices and read a number (several, for a set question); Enter picks
        the default."""
        say_prompt(self.say, prompt, "bold", title=True)
        numbers: dict[str, str] = {}
        defaults = prompt.default.split(SEPARATOR) if prompt.multiple else [prompt.default]
        default_numbers: list[str] = []
        for number, (value, label) in enumerate(prompt.choices, start=1):
            numbers[str(number)] = value
            if value == BACK:
                numbers[BACK_KEY] = BACK  # b, as well as Back's number
            marker = " (default)" if value in defaults else ""
            if value in defaults:
                default_numbers.append(str(number))
            self.say(f"  {number}. {label}{marker}", "")
        if prompt.multiple:
            return self._ask_several(prompt, numbers, ",".join(default_numbers) or "1")
        default_number = default_numbers[0] if default_numbers else "1"
        while True:
            reply = self.read(f"Choose 1-{len(prompt.choices)} [{default_number}]: ").strip()
            if not reply:
                return prompt.default
            if reply.lower() in numbers:
                return numbers[reply.lower()]
            self.say(f"Please type a number from 1 to {len(prompt.choices)}, or press Enter.", "yellow")

    def _ask_several(self, prompt: Prompt, numbers: dict[str, str], default: str) -> str:
        """Read numbers separated by commas and/or spaces ("2,5", "2 5"); a number given twice
        counts once. A reply with a number that is not a choice, or that makes no answer, is
        refused with a message saying why, and the question is asked again."""
        last = len(prompt.choices)
        self.say(SEVERAL, "")
        while True:
            reply = self.read(f"Choose 1-{last} [{default}]: ").strip()
            if not reply:
                return prompt.default
            words = split_numbers(reply)
            bad = next((word for word in words if word.lower() not in numbers), None)
            if bad is not None:
                refusal = f"{shown(bad)} is not a choice: type numbers from 1 to {last}, or press Enter."
                self.say(refusal, "yellow")
                continue
            try:
                return set_answer(prompt, [numbers[word.lower()] for word in words])
            except AnswersError as error:
                self.say(error.message, "yellow")


def split_numbers(reply: str) -> Sequence[str]:
    """The words of a reply to a set question: separated by commas, spaces, or both."""
    return [word for word in re.split(r"[,\s]+", reply) if word]
