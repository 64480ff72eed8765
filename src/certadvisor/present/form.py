"""``certadvisor form``: the questions and their choices, worded exactly as a spreadsheet of
answers may use them, so an advisor can build a form (or a sheet) that ``recommend --batch
FILE.csv`` reads as it is.

Three forms: plain text, Markdown (every piece of text from the data escaped), and CSV: a header
row (question texts, or ids) after an ``id`` column, and one example row in labels: the neutral
choices (they suit anyone). It leaves conditional questions empty, as a student they do not
apply to would: an empty cell is an unanswered question.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Sequence

from certadvisor.model.records import Question
from certadvisor.present.markdown_text import markdown_code, markdown_escape

INTRO = (
    "Name each column by the question's id or its text, and answer with a value or its label "
    "(any case); leave a cell empty for a question not answered. An id (or name, or student) "
    "column is passed through to the results."
)
SET_NOTE = "Pick every one that applies: join several with +, a comma or a semicolon."
EXAMPLE_ID = "student-1"


def _neutral_note(question: Question) -> str:
    return f'Left empty, it counts as "{question.label(question.neutral)}".'


def _asked_when(question: Question) -> str | None:
    return None if question.when.always else f"Asked only when {question.when.describe()}."


def form_text(questions: Sequence[Question], width: int = 80) -> str:
    """The questions as plain text: each with its column id and its choices as value: label,
    wrapped at spaces to ``width`` (a choice's continuation lines hang under its label)."""
    title = "certadvisor form: the questions and the words a spreadsheet may use"
    lines = [*_wrapped(title, width), "", *_wrapped(INTRO, width), ""]
    for number, question in enumerate(questions, start=1):
        lines += _wrapped(f"{number}. {question.text}", width, hang="   ")
        lines.append(f"   column: {question.id}")
        for choice in question.choices:
            lines += _wrapped(f"   - {choice.value}: {choice.label}", width, hang="     ")
        notes = [_asked_when(question), SET_NOTE if question.multiple else None, _neutral_note(question)]
        for note in notes:
            if note:
                lines += _wrapped(f"   {note}", width, hang="   ")
        lines.append("")
    return "\n".join(lines)


def _wrapped(text: str, width: int, hang: str = "") -> list[str]:
    # Never split a word or an id: a long one runs past the width whole.
    return textwrap.wrap(
        text, width=max(width, 20), subsequent_indent=hang, break_long_words=False, break_on_hyphens=False
    ) or [""]


def form_markdown(questions: Sequence[Question]) -> str:
    """The questions as Markdown: a heading each, the column id in code, the choices as a list."""
    lines = ["# Questions for a certadvisor form", "", markdown_escape(INTRO), ""]
    for number, question in enumerate(questions, start=1):
        heading = f"## {number}\\. {markdown_escape(question.text)}"
        lines += [heading, "", f"Column: {markdown_code(question.id)}", ""]
        lines += [f"- {markdown_escape(c.label)} ({markdown_code(c.value)})" for c in question.choices]
        lines.append("")
        notes = [_asked_when(question), SET_NOTE if question.multiple else None, _neutral_note(question)]
        lines += [markdown_escape(note) for note in notes if note]
        lines.append("")
    return "\n".join(lines)


def form_csv(questions: Sequence[Question], *, ids: bool = False) -> str:
    """A header row (the question texts, or with ``ids`` their ids) after an ``id`` column, and
    one example row in labels."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", *(q.id if ids else q.text for q in questions)])
    writer.writerow([EXAMPLE_ID, *(_example(q) for q in questions)])
    return out.getvalue()


def _example(question: Question) -> str:
    """An example answer: the neutral choice's label, which suits anyone and pulls no way;
    empty for a conditional question."""
    return question.label(question.neutral) if question.when.always else ""
