"""Side-by-side comparison and fact formatting: pure functions shared by every renderer.

The terminal table, the Markdown report and the JSON output all describe facts through this
module, so "$399–$499 (range)" or "possibly out of date" mean the same thing everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from certadvisor.core.freshness import is_stale
from certadvisor.errors import CertAdvisorError
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Body, Cert, Fact, Money, Source
from certadvisor.model.schema import SETTINGS
from certadvisor.text import did_you_mean, one_of, plural

# One row per dimension, in the order a reader weighs them. "body" is not a fact table but the
# credentialing body, shown first because it decides membership and where to apply.
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("body", "Credentialing body"),
    ("focus.setting", "Setting focus"),
    ("focus.caveat", "Beyond the shorthand"),
    ("focus.code_sets", "Code sets tested"),
    ("exam.questions", "Exam questions"),
    ("exam.question_types", "Question types"),
    ("exam.minutes", "Exam time"),
    ("exam.open_book", "Open book"),
    ("exam.books", "Allowed books"),
    ("exam.delivery", "Delivery"),
    ("exam.passing_score", "Passing score"),
    ("fees.exam_member", "Exam fee (member)"),
    ("fees.exam_non_member", "Exam fee (non-member)"),
    ("fees.membership_required", "Membership required"),
    ("fees.membership_dues", "Membership dues (yearly)"),
    ("eligibility.required", "Formal requirement"),
    ("eligibility.recommended", "Recommended, not required"),
    ("apprentice.status", "Apprentice status"),
    ("apprentice.removal", "Removing apprentice status"),
    ("renewal.ceus", "CEUs to renew"),
    ("renewal.cycle_years", "Renewal cycle"),
    ("career.roles", "Typical roles"),
    ("career.employers", "Typical employers"),
    ("career.salary", "Salary"),
)
# Rows worked out by the cost model from the facts above, shown after them.
COST_ROWS: tuple[tuple[str, str, str], ...] = (
    ("cost.first_year", "To get certified (first year)", "first_year"),
    ("cost.upkeep", "To stay certified (per cycle)", "upkeep"),
    ("cost.time", "Time to certify", "time"),
)
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


class Cell(NamedTuple):
    """One certification's entry in a comparison row."""

    text: str
    note: str | None
    stale: bool
    fact: Fact | None  # None for the body row


class Row(NamedTuple):
    """One dimension across the compared certifications."""

    key: str
    label: str
    cells: tuple[Cell, ...]


class Comparison(NamedTuple):
    """Everything a renderer needs to draw the comparison table and its sources."""

    certs: tuple[Cert, ...]
    rows: tuple[Row, ...]
    sources: tuple[Source, ...]

    @property
    def stale_count(self) -> int:
        """How many cells carry a fact due for a re-check."""
        return sum(cell.stale for row in self.rows for cell in row.cells)


DEFAULT_CODES = ("CPC", "CCS")


def resolve_codes(catalog: Catalog, codes: Sequence[str]) -> tuple[Cert, ...]:
    """Look codes up case-insensitively, dropping repeats; none means CPC and CCS."""
    wanted = list(codes) or [c for c in DEFAULT_CODES if c in catalog.certs] or list(catalog.certs)[:2]
    found: list[Cert] = []
    for code in wanted:
        cert = catalog.lookup(code)
        if cert not in found:
            found.append(cert)
    return tuple(found)


def compare(certs: Sequence[Cert], today: dt.date) -> Comparison:
    """Build the comparison of the given certifications, one row per dimension."""
    from certadvisor.core.cost import sheet, summary_lines

    rows: list[Row] = []
    for key, label in DIMENSIONS:
        cells = tuple(_cell(cert, key, today) for cert in certs)
        rows.append(Row(key, label, cells))
    lines = [summary_lines(sheet(cert)) for cert in certs]
    for key, label, line in COST_ROWS:
        rows.append(Row(key, label, tuple(Cell(each[line], None, False, None) for each in lines)))
    return Comparison(tuple(certs), tuple(rows), sources_of(certs))


def _cell(cert: Cert, key: str, today: dt.date) -> Cell:
    if key == "body":
        body = cert.body
        return Cell(f"{body.name} — {body.website}", None, is_stale(body, today), None)
    fact = cert.fact(key)
    return Cell(format_value(fact), fact.note, is_stale(fact, today), fact)


def sources_of(certs: Iterable[Cert]) -> tuple[Source, ...]:
    """Every source the given certifications cite, in first-use order."""
    seen: dict[str, Source] = {}
    for cert in certs:
        seen.setdefault(cert.body.source.id, cert.body.source)
        for fact in cert.facts.values():
            seen.setdefault(fact.source.id, fact.source)
    return tuple(seen.values())


# ---------------------------------------------------------------------------------------------
# JSON shapes (plain dicts; the CLI serialises them)
# ---------------------------------------------------------------------------------------------


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


# Friendly names for --setting, on top of the data's own setting tags.
SETTING_ALIASES: dict[str, frozenset[str]] = {
    "inpatient": frozenset({"hospital_inpatient"}),
    "outpatient": frozenset({"physician", "hospital_outpatient", "ambulatory_surgery"}),
}


def filter_certs(catalog: Catalog, *, body: str | None, setting: str | None) -> list[Cert]:
    """Certifications from one body and/or for one setting; unknown filters raise a clear error."""
    certs = list(catalog.certs.values())
    if body is not None:
        bodies = {code.upper(): code for code in catalog.bodies}
        wanted = bodies.get(body.strip().upper())
        if wanted is None:
            raise CertAdvisorError(
                f"--body: unknown body {body!r}{did_you_mean(body, catalog.bodies)}; "
                f"known: {one_of(catalog.bodies)}"
            )
        certs = [cert for cert in certs if cert.body.code == wanted]
    if setting is not None:
        key = setting.strip().lower().replace("-", "_")
        allowed = [*SETTING_ALIASES, *SETTINGS]
        if key not in allowed:
            raise CertAdvisorError(
                f"--setting: unknown setting {setting!r}{did_you_mean(key, allowed)}; "
                f"allowed: {one_of(allowed)}"
            )
        tags = SETTING_ALIASES.get(key, frozenset({key}))
        certs = [cert for cert in certs if tags & set(cert.settings)]
    return certs
