"""Small wording helpers shared by the core and every output, so a phrase is built one way."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 point``, ``2 points``, ``1,200 profiles``: a count with its noun (``many`` for an
    irregular plural)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
