"""The JSON shape of a cohort summary (``recommend --batch FILE --summary --json``).

Counts only, like the screen it mirrors: no student's id or name is in it."""

from __future__ import annotations

from typing import Any

from certadvisor.core.cohort import LEVELS
from certadvisor.present.cohort_text import CohortView
from certadvisor.present.json.encode import SCHEMA_VERSION


def cohort_document(view: CohortView, data_updated: str) -> dict[str, Any]:
    """The summary as a JSON-ready dict: numbers first, each list with its wording beside it."""
    return {
        "schema_version": SCHEMA_VERSION,
        "students": view.students,
        "scored": view.scored,
        "failed": view.failed,
        "picks": [
            {
                "code": pick.code,
                "name": pick.name,
                "students": pick.students,
                "percent": pick.percent,
                "confidence": dict(zip(LEVELS, pick.by_level, strict=True)),
                "first_year": pick.first_year,
            }
            for pick in view.picks
        ],
        "confidence": {line.key: line.students for line in view.confidence},
        "conflicts": [
            {"id": line.key, "note": line.label, "students": line.students, "percent": line.percent}
            for line in view.conflicts
        ],
        "questions_left_open": [
            {
                "question": gap.question,
                "text": gap.text,
                "unanswered": gap.unanswered,
                "neutral": gap.neutral,
                "neutral_label": gap.neutral_label,
            }
            for gap in view.gaps
        ],
        "first_year": (
            None
            if view.first_year_low is None
            else {
                "low": view.first_year_low,
                "high": view.first_year_high,
                "unit": "USD",
                "text": view.first_year,
                "note": view.first_year_note,
            }
        ),
        "data_updated": data_updated,
    }
