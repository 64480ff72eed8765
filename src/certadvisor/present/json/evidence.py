"""The JSON shapes of a cited page and of what was read of it, shared by every document that
shows facts (show, compare, cost, sources, the re-check list)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from certadvisor.model.records import Evidence, Source, day_words
from certadvisor.present.fact_text import evidence_words


def source_json(source: Source) -> dict[str, Any]:
    """A cited page: its id, public address, title and whether it is the body's own."""
    return {"id": source.id, "url": source.url, "title": source.title, "official": source.official}


def evidence_json(source: Source, evidence: Evidence, compared: dt.date) -> dict[str, Any]:
    """What was read: the kind of evidence, its date only as precise as the page gives it (and
    whether the page gives it or its content implies it), and the day a person compared it."""
    date = evidence.date
    return {
        "kind": evidence.kind,
        "version": evidence.version or None,
        "date": None if date is None else date.iso(),
        "date_basis": None if date is None else ("page" if evidence.dated else "content"),
        "compared_on": compared.isoformat(),
        "summary": f"{evidence_words(source, evidence)}, compared {day_words(compared)}",
    }
