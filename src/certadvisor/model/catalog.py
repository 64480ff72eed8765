"""The validated contents of one data file.

The record types live in ``model.records`` and the fact schema in ``model.schema``; finding,
reading and validating a file is ``load``'s work (``load.datafile``, ``load.validate``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from certadvisor.errors import UnknownCodeError
from certadvisor.model.records import (
    Advice,
    Body,
    CareerPath,
    Cert,
    Conflict,
    Expectation,
    Fact,
    GlossaryEntry,
    Offer,
    PathAddition,
    Question,
    Rule,
    Source,
)
from certadvisor.text import did_you_mean


@dataclass(frozen=True)
class Catalog:
    """Everything in one data file, validated."""

    path: Path
    updated: dt.date
    sources: Mapping[str, Source]
    bodies: Mapping[str, Body]
    certs: Mapping[str, Cert]  # in file order, which is also the documented tie-break order
    questions: tuple[Question, ...] = ()
    rules: tuple[Rule, ...] = ()
    paths: tuple[CareerPath, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    offers: tuple[Offer, ...] = ()
    path_additions: tuple[PathAddition, ...] = ()
    advice: Advice | None = None
    freshness: Mapping[str, int] = field(default_factory=dict)  # months a check holds, per dimension
    glossary: Mapping[str, GlossaryEntry] = field(default_factory=dict)  # term -> entry, file order
    glossary_watch: tuple[str, ...] = ()  # jargon that needs an entry wherever the text uses it
    # [market]: facts about getting hired, not about one certification; "market.<name>" -> fact
    market: Mapping[str, Fact] = field(default_factory=dict)
    _by_id: Mapping[str, Question] = field(default_factory=dict, repr=False, compare=False)

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        return self._by_id[question_id]

    def lookup(self, code: str) -> Cert:
        """A certification by code, case-insensitively; unknown codes raise a clear error."""
        wanted = code.strip().upper()
        for known, cert in self.certs.items():
            if known.upper() == wanted:
                return cert
        raise UnknownCodeError(
            f"unknown certification {code!r}{did_you_mean(code, self.certs)}; "
            f"known codes: {', '.join(self.certs)}"
        )
