"""Side by side: which certifications (codes, or filters by body and setting) and the comparison's
rows, one per dimension, each cell the fact behind it and whether it is due for a re-check.

How a cell reads is ``present.comparison_text``'s, so the terminal table and both reports say it alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from certadvisor.core.freshness import is_stale
from certadvisor.errors import CertAdvisorError
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert, Fact, Source
from certadvisor.model.schema import SETTINGS
from certadvisor.text import did_you_mean, one_of

# One row per dimension, in the order a reader weighs them. "body" is not a fact table but the
# credentialing body, shown first because it decides membership and where to apply. The hiring
# rows are optional facts: a certification without one shows that the data does not record it.
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
    ("hiring.pass_rate", "First-time pass rate"),
    ("fees.exam_member", "Exam fee (member)"),
    ("fees.exam_non_member", "Exam fee (non-member)"),
    ("fees.membership_required", "Membership required"),
    ("fees.membership_dues", "Membership dues (yearly)"),
    ("eligibility.required", "Formal requirement"),
    ("eligibility.recommended", "Recommended, not required"),
    ("apprentice.status", "Apprentice status"),
    ("apprentice.removal", "Removing apprentice status"),
    ("hiring.experience_counts", "What counts as experience"),
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


class Cell(NamedTuple):
    """One certification's entry in a comparison row: the fact behind it, worded by the presenter
    (``present.comparison_text.cell_text``)."""

    cert: Cert
    fact: Fact | None  # None for the body row, the cost rows and an optional fact not recorded
    stale: bool


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
    """Build the comparison of the given certifications, one row per dimension, then the cost rows."""
    rows = [Row(key, label, tuple(_cell(cert, key, today) for cert in certs)) for key, label in DIMENSIONS]
    for key, label, _line in COST_ROWS:
        rows.append(Row(key, label, tuple(Cell(cert, None, False) for cert in certs)))
    return Comparison(tuple(certs), tuple(rows), sources_of(certs))


def _cell(cert: Cert, key: str, today: dt.date) -> Cell:
    if key == "body":
        return Cell(cert, None, is_stale(cert.body, today))
    fact = cert.facts.get(key)
    return Cell(cert, fact, fact is not None and is_stale(fact, today))


def sources_of(certs: Iterable[Cert]) -> tuple[Source, ...]:
    """Every source the given certifications cite, in first-use order."""
    seen: dict[str, Source] = {}
    for cert in certs:
        seen.setdefault(cert.body.source.id, cert.body.source)
        for fact in cert.facts.values():
            seen.setdefault(fact.source.id, fact.source)
    return tuple(seen.values())


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
