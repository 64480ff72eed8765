"""How facts read, the same in every presenter: a value in words, a fact's label and dates, the mark
for one due for a re-check and a source's status, so "$399–$499 (unsettled range)" or "due for a
re-check" mean the same thing on the screen, in the reports and in the JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from certadvisor.core.compare import COST_ROWS, DIMENSIONS
from certadvisor.core.freshness import is_stale
from certadvisor.model.records import Body, Cert, Fact, Money, Source
from certadvisor.text import plural

# Facts that ``show`` and ``cost`` list but the comparison table leaves to the cost rows.
DETAIL_LABELS: tuple[tuple[str, str], ...] = (
    ("fees.exam_member_two_attempts", "Two-attempt exam fee (member)"),
    ("renewal.fee_member", "Renewal fee (member)"),
    ("renewal.fee_non_member", "Renewal fee (non-member)"),
    ("costs.training", "Training course"),
    ("costs.code_books", "Code books"),
    ("costs.retake", "Retaking the exam"),
    ("costs.ceus", "CEU courses (per cycle)"),
    ("time.study_months", "Study and exam preparation"),
    ("time.education_months", "Required education"),
    ("time.apprentice_months", "Time as an apprentice"),
)
# A reader's label for every fact key (``show`` falls back to the key for one not listed).
LABELS = dict(DIMENSIONS) | {key: label for key, label, _line in COST_ROWS} | dict(DETAIL_LABELS)


def format_value(fact: Fact) -> str:
    """A fact as one line of plain text, e.g. '240 minutes (4 hours)' or 'Unknown'."""
    if fact.status == "unknown":
        return "Unknown"
    if fact.status == "not_applicable":
        return "Not applicable"
    value = fact.value
    text: str
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, Money):
        text = str(value)
        if fact.year is not None:
            text = f"{text} ({fact.survey}, {fact.year})"
    elif isinstance(value, int):
        text = _format_int(fact.key, value)
    elif isinstance(value, tuple):
        text = "; ".join(value)
    else:
        text = str(value)
    if fact.status == "range":
        text += " (unsettled range)"
    return text


def _format_int(key: str, value: int) -> str:
    if key.endswith("minutes"):
        hours, minutes = divmod(value, 60)
        spoken = plural(hours, "hour") + (f" {minutes} min" if minutes else "")
        return f"{value} minutes ({spoken})"
    if key.endswith("cycle_years"):
        return f"every {plural(value, 'year')}"
    if key.endswith("ceus"):
        return f"{value} CEUs"
    return str(value)


# Marks a fact due for a re-check, wherever it is shown.
STALE_MARK = "†"
STALE_LEGEND = (
    f"{STALE_MARK} due for a re-check: not compared with its source within the time such facts "
    "stay reliable (12 months for fees, longer for exam rules), or never. Check the source "
    "before relying on it."
)


def dates_text(item: Fact | Body) -> str:
    """A fact's dates in a few words: 'checked 2026-11-29', or 'stated 2026-02-01, unchecked'."""
    if item.checked is not None:
        return f"checked {item.checked.isoformat()}"
    assert item.stated is not None, "the loader requires one of the two dates"
    return f"stated {item.stated.isoformat()}, unchecked"


def source_status(source: Source, certs: Sequence[Cert], today: dt.date) -> str:
    """When a source's facts were checked, for a sources list: 'checked 2026-11-29; some facts
    due for a re-check'. Shared by the Markdown and HTML reports."""
    citing: list[Fact | Body] = [f for cert in certs for f in cert.facts.values() if f.source.id == source.id]
    citing += [cert.body for cert in certs if cert.body.source.id == source.id]
    checks = sorted({item.checked.isoformat() for item in citing if item.checked is not None})
    text = f"checked {', '.join(checks)}" if checks else "not yet checked"
    if any(is_stale(item, today) for item in citing):
        text += "; some facts due for a re-check"
    return text
