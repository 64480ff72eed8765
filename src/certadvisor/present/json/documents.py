"""Each command's whole JSON document, built here and nowhere else.

Every function returns a plain dict whose shape is described by a schema in
``certadvisor/schemas`` (``<command>.schema.json``); ``versioned`` puts ``schema_version`` first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from certadvisor.model.catalog import Catalog
from certadvisor.model.records import CareerPath, Cert, Fact, GlossaryEntry
from certadvisor.present.json.cost import sheet_json
from certadvisor.present.json.encode import SCHEMA_VERSION, versioned
from certadvisor.present.json.evidence import evidence_json, source_json
from certadvisor.present.json.facts import cert_json, entry_json, path_json, summary_json
from certadvisor.present.json.hiring import show_hiring_json

if TYPE_CHECKING:
    from certadvisor.core.cost import Sheet
    from certadvisor.core.findings import Audit
    from certadvisor.core.freshness import DueSource


def list_document(certs: Sequence[Cert]) -> dict[str, Any]:
    """``list --json``."""
    return versioned({"certifications": [{**summary_json(c), "short": c.short} for c in certs]})


def show_document(
    cert: Cert,
    today: dt.date,
    paths: Sequence[CareerPath],
    market: Mapping[str, Fact] = MappingProxyType({}),
) -> dict[str, Any]:
    """``show CODE --json``: every fact, the career paths that include the certification, and
    "Getting hired" (its hiring facts and the job market's, ``market``)."""
    return versioned(
        {
            **cert_json(cert, today),
            "paths": [path_json(p) | {"cert": p.cert} for p in paths],
            "getting_hired": show_hiring_json(cert, market),
        }
    )


def glossary_document(entries: Sequence[GlossaryEntry]) -> dict[str, Any]:
    """``glossary [TERM] --json``."""
    return versioned({"terms": [entry_json(entry) for entry in entries]})


def compare_document(catalog: Catalog, certs: Sequence[Cert], today: dt.date) -> dict[str, Any]:
    """``compare --json``: the freshness windows, then every certification compared."""
    return versioned(
        {
            "freshness_months": dict(catalog.freshness),
            "certifications": [cert_json(cert, today) for cert in certs],
        }
    )


def cost_document(sheets: Sequence[tuple[Cert, Sheet]], member: bool | None) -> dict[str, Any]:
    """``cost --json``: which prices were assumed, then one sheet per certification."""
    return versioned(
        {
            "assumption": "cheaper" if member is None else ("member" if member else "non_member"),
            "certifications": [{"name": cert.name, **sheet_json(one)} for cert, one in sheets],
        }
    )


def audit_document(
    catalog: Catalog, report: Audit | None, warnings: Sequence[str], due: int, seconds: float
) -> dict[str, Any]:
    """``check-data --json``: the file's counts, the audit's figures, warnings and problems."""
    return {
        "schema_version": SCHEMA_VERSION,
        "path": str(catalog.path),
        "valid": True,
        "certifications": len(catalog.certs),
        "questions": len(catalog.questions),
        "rules": len(catalog.rules),
        "profiles": report.profiles if report else 0,
        "sampled": report.sampled if report else False,
        "first_counts": report.first_counts if report else {},
        "rule_fires": report.rule_fires if report else {},
        "expectations": report.expectations if report else {},
        "broken_expectations": [
            {"id": b.id, "why": b.why, "count": b.count, "got": b.got, "example": dict(b.example)}
            for b in (report.broken if report else ())
        ],
        "conflicts": report.conflicts if report else {},
        "not_enumerated": [
            {"question": q.id, "neutral": q.neutral, "read_by": list(q.read_by)}
            for q in (report.held if report else ())
        ],
        "facts_due_for_recheck": due,
        "warnings": list(warnings),
        "problems": report.problems if report else [],
        "seconds": round(seconds, 3),
    }


def stale_document(
    catalog: Catalog,
    groups: Sequence[DueSource],
    today: dt.date,
    within_months: int,
    upcoming: tuple[dt.date, int] | None,
) -> dict[str, Any]:
    """``check-data --stale --json``: the facts due for a re-read, grouped by source, each source
    in the shape ``sources --json`` gives it."""
    return {
        "schema_version": SCHEMA_VERSION,
        "today": today.isoformat(),
        "due_within_months": within_months,
        "windows_months": dict(catalog.freshness),
        "facts_due": sum(len(group.items) for group in groups),
        "next_due": None if upcoming is None else {"date": upcoming[0].isoformat(), "facts": upcoming[1]},
        "sources": [source_entry_json(group, today) for group in groups],
    }


def sources_document(groups: Sequence[DueSource], today: dt.date, code: str | None) -> dict[str, Any]:
    """``sources [CODE] --json``: every source (or those one certification cites), most stale
    first, with the versions read and the facts that cite each."""
    return versioned(
        {
            "today": today.isoformat(),
            "certification": code,
            "sources": [source_entry_json(group, today) for group in groups],
        }
    )


def source_entry_json(group: DueSource, today: dt.date) -> dict[str, Any]:
    """One source: the page, every version read of it, and the facts citing it with their state."""
    source = group.source
    return {
        **source_json(source),
        "publisher": source.publisher,
        "versions": [
            {
                **evidence_json(source, version, version.compared),
                "capture_host": version.capture_host,
                "note": version.note,
            }
            for version in source.versions
        ],
        "facts": [
            {
                "key": item.key,
                "dimension": item.dimension,
                "version": item.evidence.version or None,
                "cited_as": "also" if item.further else "main",
                "fresh_for_months": item.fresh_months,
                "compared_on": item.compared.isoformat(),
                "recheck_due": item.due.isoformat() if item.due else None,
                "due_for_recheck": item.due is None or item.due < today,
                "due_basis": item.reason,
            }
            for item in group.items
        ],
    }
