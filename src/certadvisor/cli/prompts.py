"""The quiz's prompt adapters: how ``core.interview.Quiz`` asks a question on a terminal.

``MenuPrompter`` draws arrow-key menus with questionary (the only module that imports it, and
only when a menu is shown); ``LinePrompter`` asks numbered line prompts for ``--plain``, screen
readers and dumb terminals. Both implement ``core.interview.Prompter``.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from typing import Any, TextIO

from certadvisor.core.interview import Printer, Prompt

INSTRUCTION = "(arrows or number keys, Enter to choose)"


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
    """Arrow keys or number shortcuts, via questionary (imported on first use).

    ``shown_on`` is a stream to draw the menu on instead of the terminal's standard output
    (stderr with ``--json``); None draws where prompt_toolkit draws by default.
    """

    def __init__(self, say: Printer, shown_on: TextIO | None = None) -> None:
        self.say = say
        self.shown_on = shown_on

    def ask(self, prompt: Prompt) -> str:
        """Show a select menu; Ctrl-C raises KeyboardInterrupt (as ``unsafe_ask`` would)."""
        # Imported on first use: only a quiz that asks in menus pays for questionary.
        import questionary

        extra: dict[str, Any] = {}
        if self.shown_on is not None:
            from prompt_toolkit.output import create_output  # (as questionary)

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
