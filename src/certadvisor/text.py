"""Small text helpers shared by every layer, so a phrase is built one way: counts with their
nouns, lists of allowed values, did-you-mean, and escaping values quoted in messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 point``, ``2 points``, ``1,200 profiles``: a count with its noun (``many`` for an
    irregular plural)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


# A value quoted in a message is cut to this many characters: enough to recognise it, and a
# 10 MB value costs no more than a short one.
SHOWN_CHARACTERS = 60
# "Did you mean" is offered only for a word of plausible length: longer than this many
# characters past the longest choice, it is no misspelling, and comparing it would cost time.
SUGGEST_SLACK = 10

# C0 controls, DEL and C1 controls: anything a terminal may act on rather than show.
_CONTROLS = frozenset(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0)))


def escape_controls(text: str, *, keep: str = "") -> str:
    """``text`` with every control character (except those in ``keep``) written as an escape
    (``\\x1b``), so that printing it can never drive the terminal."""
    if not any(char in _CONTROLS and char not in keep for char in text):
        return text
    return "".join(char if char not in _CONTROLS or char in keep else f"\\x{ord(char):02x}" for char in text)


def shown(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A value quoted for a message, like ``repr``: control characters escaped, and cut to
    ``limit`` characters with "…" so that a huge value makes a short message."""
    if isinstance(value, str):
        cut = value[:limit]
        text = repr(cut)
        if len(value) > limit:
            text = text[:-1] + "…" + text[-1]
        return escape_controls(text)
    try:
        text = escape_controls(repr(value))
    except ValueError:  # an integer with more digits than Python will print
        text = f"<a {type(value).__name__} too long to show>"
    return text if len(text) <= limit else text[:limit] + "…"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean X?)' for the closest choice, or '' when nothing is close.

    A word much longer than every choice is not a misspelling of one: no suggestion, and no
    comparison, whose cost grows with the word's length.
    """
    options = list(choices)
    if not options or len(word) > max(map(len, options)) + SUGGEST_SLACK:
        return ""
    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[close[0]]}?)" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """Format allowed values for a message: 'a, b or c'."""
    items = list(choices)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
