"""What the Markdown and HTML reports share (and the quiz's short comparison): the rows of the
top-two table and the disclaimer."""

from __future__ import annotations

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
