"""``certadvisor questions``: every question ``recommend`` and an answers file accept, its values
and what each means."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import typer

from certadvisor.cli.context import handled, resolve
from certadvisor.cli.emit import emit
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption
from certadvisor.model.conditions import Kind

if TYPE_CHECKING:
    from certadvisor.model.records import Question

# Narrower than this for a value's meaning, and the meaning goes on a line of its own.
_MIN_LABEL = 24


@handled
def questions_command(
    ctx: typer.Context,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """List the questions and the values they take.

    Every question that `recommend --set QUESTION=VALUE` and an answers file accept, in the
    quiz's order: its id, what it asks, when it is asked, and each value with what it means.
    """
    app = resolve(ctx, data=data, no_pager=no_pager)
    questions = app.catalog().questions

    def draw(console: Any) -> None:
        # Lines wrapped here at the console's width, then printed as they are: typer's layer
        # does not import rich, and these lines need no more than a hanging indent.
        for line in question_lines(questions, console.width):
            console.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True)

    def document() -> dict[str, Any]:
        # Imported here: a drawn screen does not need the JSON encoder's module.
        from certadvisor.present.json.encode import versioned

        return versioned({"questions": [question_json(q) for q in questions]})

    emit(app, json=json, document=document, draw=draw)


def asked_when(question: Question) -> str | None:
    """When the quiz asks the question, in the data's words; None when it always does."""
    return None if question.when.kind is Kind.ALWAYS else question.when.describe()


def question_json(question: Question) -> dict[str, Any]:
    """One question for ``questions --json``."""
    return {
        "id": question.id,
        "text": question.text,
        "help": question.help,
        "kind": question.kind,
        "multiple": question.multiple,
        "neutral": question.neutral,
        "asked_when": asked_when(question),
        "values": [{"value": c.value, "label": c.label} for c in question.choices],
    }


def question_lines(questions: tuple[Question, ...], width: int) -> list[str]:
    """The screen: an introduction, then each question with its values, wrapped at ``width``."""
    width = max(width, 20)
    lines = _wrap(
        "Answer with `certadvisor recommend --set QUESTION=VALUE` (repeatable) or an answers "
        "file (--answers FILE). Every question is optional: an unanswered one counts as the value "
        "marked (default).",
        width,
    )
    for question in questions:
        lines += ["", *_wrap(f"{question.id}: {question.text}", width, indent="  ")]
        notes = [question.help]
        if question.multiple:
            notes.append(
                f"Several values at once: --set {question.id}=A,B (or A+B); {question.neutral} stands alone."
            )
        if (when := asked_when(question)) is not None:
            notes.append(f"Asked only when {when}.")
        for note in notes:
            lines += _wrap(note, width, indent="  ", first="  ")
        lines += _value_lines(question, width)
    return lines


def _value_lines(question: Question, width: int) -> list[str]:
    """Each value and what it means: in two columns, or one under the other when narrow."""
    column = 4 + max(len(choice.value) for choice in question.choices) + 2
    lines: list[str] = []
    for choice in question.choices:
        label = choice.label + (" (default)" if choice.value == question.neutral else "")
        if width - column >= _MIN_LABEL:
            head = f"    {choice.value}".ljust(column)
            lines += _wrap(label, width, indent=" " * column, first=head)
        else:
            lines += [f"    {choice.value}", *_wrap(label, width, indent="      ", first="      ")]
    return lines


def _wrap(text: str, width: int, *, indent: str = "", first: str = "") -> list[str]:
    """``text`` wrapped at spaces, never inside a word (a long value runs past the edge)."""
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
