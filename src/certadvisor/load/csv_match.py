"""Matching a spreadsheet's words to the questions: a column to a question, a cell to a value.

A form an advisor builds with the quiz's own wording (``certadvisor form``) exports the question's
text as the column's header and the choice's label as the cell, so both are accepted besides the
ids and values, compared *normalised*: Unicode-compatible forms (NFKC), case folded, curly quotes
and dashes made straight (Word and web forms curl "I'd"), runs of white space made one space, and
the ends trimmed. A header also loses a trailing "?", ":", "." or "*" (a form's "required" mark).

A set question (``multiple``) takes several choices in one cell, joined by "+", "," or ";" (a web
form's checkboxes export as "A, B", Microsoft Forms' as "A;B"). A label may itself hold a comma
("CPC-A (CPC, apprentice)"), so a cell is read from the left, taking at each step the longest
value or label that ends at a separator or at the end: commas inside labels never split them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from certadvisor.model.conditions import SEPARATOR
from certadvisor.model.records import Question
from certadvisor.text import did_you_mean, one_of, shown

# What joins several choices in a set question's cell.
SET_SEPARATORS = ("+", ",", ";")

_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def normal(text: str) -> str:
    """``text`` as it is compared: NFKC, case folded, straight quotes, single spaces, trimmed."""
    text = unicodedata.normalize("NFKC", text).translate(_STRAIGHT).casefold()
    return " ".join(text.split())


def normal_header(text: str) -> str:
    """A header cell as it is compared: ``normal``, less a trailing "?", ":", "." or "*"."""
    return normal(text).rstrip(" ?:.*")


class BadCell(ValueError):
    """A cell that is not one of its question's values or labels; the message says why."""


class Choices(NamedTuple):
    """One question's accepted spellings: normalised value or label -> value."""

    question: Question
    spellings: dict[str, str]
    # Longest first: a set cell is read by trying the longest spelling first.
    longest_first: tuple[str, ...]
    singles: tuple[str, ...]

    @classmethod
    def of(cls, question: Question) -> Choices:
        spellings: dict[str, str] = {}
        # Labels first, then values, so a value wins should a label ever read as another value.
        for choice in question.choices:
            spellings[normal(choice.label)] = choice.value
        for choice in question.choices:
            spellings[normal(choice.value)] = choice.value
        if not question.multiple:
            for value in question.values:
                spellings.setdefault(normal(value), value)
        singles = tuple(v for v in question.values if SEPARATOR not in v)
        ordered = tuple(sorted((s for s in spellings if s), key=len, reverse=True))
        return cls(question, spellings, ordered, singles)

    def value(self, cell: str) -> str:
        """The value a (non-empty) cell means, or ``BadCell``: one value, or for a set question
        its members joined by "+" (checked against each other by ``load.answers.validate``)."""
        if not self.question.multiple:
            found = self.spellings.get(normal(cell))
            if found is None:
                raise BadCell(self._not_allowed(cell, self.question.values))
            return found
        return SEPARATOR.join(self._members(cell))

    def _members(self, cell: str) -> list[str]:
        """A set cell's members, read from the left (see the module's docstring)."""
        text = normal(cell)
        members: list[str] = []
        at = 0
        while at < len(text):
            if text[at] in SET_SEPARATORS or text[at] == " ":
                at += 1
                continue
            match = next((s for s in self.longest_first if _ends_at_separator(text, at, s)), None)
            if match is None:
                rest = text[at:]
                found = [i for i in (rest.find(sep) for sep in SET_SEPARATORS) if i >= 0]
                cut = min(found, default=len(rest))
                raise BadCell(self._not_allowed(_original(cell, rest[:cut].strip()), self.singles, many=True))
            members.append(self.spellings[match])
            at += len(match)
        return [part for member in members for part in member.split(SEPARATOR)]

    def _not_allowed(self, given: str, allowed: Iterable[str], *, many: bool = False) -> str:
        values = list(allowed)
        labels = [c.label for c in self.question.choices]
        several = " (several joined by +, a comma or a semicolon)" if many else ""
        return (
            f"{shown(given)} is not allowed{did_you_mean(given, [*values, *labels])}; "
            f"allowed values: {one_of(values)}{several}, or their labels as `certadvisor form` shows them"
        )


def _ends_at_separator(text: str, at: int, spelling: str) -> bool:
    if not text.startswith(spelling, at):
        return False
    end = at + len(spelling)
    return end == len(text) or text[end] in SET_SEPARATORS or text[end] == " "


def _original(cell: str, part: str) -> str:
    """The unknown part as the user wrote it when it can be found, else as normalised."""
    lowered = cell.casefold()
    start = lowered.find(part)
    return cell[start : start + len(part)].strip() if start >= 0 else part


class HeaderMatch(NamedTuple):
    """What one header cell names: a question, the id column, or nothing known."""

    question: Question | None
    is_id: bool


# Columns passed through untouched as the student's id, in order of preference.
ID_HEADERS = ("id", "student", "student id", "name")


def header_index(questions: Iterable[Question]) -> dict[str, Question]:
    """Normalised id, text and short label -> question (ids win over words)."""
    index: dict[str, Question] = {}
    listed = list(questions)
    for question in listed:
        for words in (question.short, question.text):
            if words:
                index.setdefault(normal_header(words), question)
    for question in listed:
        index[normal_header(question.id)] = question
    return index


def match_header(cell: str, index: dict[str, Question]) -> HeaderMatch:
    """The question a header cell names (by id, text or short label), or the id column."""
    key = normal_header(cell)
    found = index.get(key)
    if found is not None:
        return HeaderMatch(found, False)
    return HeaderMatch(None, key in ID_HEADERS)
