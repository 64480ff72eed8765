"""What the Markdown and HTML reports share (and the quiz's short comparison): the rows of the
top-two table, the disclaimer, and which credentials the score chart draws and which it names in
a line."""

from __future__ import annotations

from itertools import groupby

from certadvisor.core.rules import BASE_SCORE
from certadvisor.model.results import Ranked, Result
from certadvisor.present.view import ResultView

# The rows of the short top-two comparison on the result screen and in the report.
KEY_DIMENSIONS = (
    "focus.setting",
    "focus.code_sets",
    "exam.minutes",
    "fees.exam_member",
    "fees.exam_non_member",
    "fees.membership_required",
    "eligibility.required",
    "apprentice.status",
    "renewal.ceus",
    "cost.first_year",
    "cost.upkeep",
    "cost.time",
)
# Said first in both reports, with ``fact_text.COPIES_NOTE``.
DISCLAIMER = "This is guidance from a transparent rule set, not an eligibility decision."
# The "In short" lines both reports leave out because the pick's own heading just above says
# them, in larger type: the pick and its confidence.
SAID_BY_THE_HEADING = ("Pick", "Confidence")

SCORES_HEADING = "How the credentials scored"
NOT_SUGGESTED = "Not suggested for these answers"
HELD = "Already held, so never suggested again"


def drawn(result: Result) -> list[Ranked]:
    """The credentials with a bar: the pick and those the answers speak for, in ranked order."""
    return [r for r in result.ranking if r.code == result.recommendation or (r.matched and not r.held)]


def grouped_lines(view: ResultView, result: Result) -> list[str]:
    """The credentials without a bar, in a line or two of plain text (both reports use them)."""
    lines = []
    if view.unmatched:
        lines.append(f"{NOT_SUGGESTED}: {_by_score(view.unmatched)}.")
    held = [r.code for r in result.ranking if r.held]
    if held:
        lines.append(f"{HELD}: {', '.join(held)}.")
    return lines


def _by_score(ranked: tuple[Ranked, ...]) -> str:
    """``CRC, RHIT and CPB (50 each, the starting score), CCS (44)``: equal scores said once."""
    parts = []
    for score, same in groupby(ranked, key=lambda r: r.score):
        codes = [r.code for r in same]
        names = codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]
        each = "" if len(codes) == 1 else " each"
        start = ", the starting score" if score == BASE_SCORE else ""
        parts.append(f"{names} ({score}{each}{start})")
    return ", ".join(parts)
