"""Allowed values in a message: listed when there are few enough to read, else counted.

A data file may give a question thousands of values. Every message that names what is allowed
(an answer's, a batch line's, the loader's) lists them, and suggests the closest, only up to
``MAX_LISTED_VALUES``: past that, each error line would carry them all, and the search for the
closest would cost more than the rest of the check.
"""

from __future__ import annotations

from collections.abc import Collection

from certadvisor.text import did_you_mean, one_of

MAX_LISTED_VALUES = 30


def allowed_values(values: Collection[str], joined: str = " or ") -> str:
    """The allowed values (or questions) for a message: listed ("a, b or c", or joined by
    ``joined``) when there are few, else counted."""
    if len(values) > MAX_LISTED_VALUES:
        return f"{len(values):,}, too many to list here"
    return one_of(values) if joined == " or " else joined.join(values)


def suggest(word: str, values: Collection[str]) -> str:
    """Did you mean the closest value, among few values; nothing among many."""
    return did_you_mean(word, values) if len(values) <= MAX_LISTED_VALUES else ""
