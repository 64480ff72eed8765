"""The validated contents of one data file, and the names the rest of the package imports.

The pieces live in their own modules: the record types in ``records``, the fact schema in
``schema``, finding and reading the file in ``datafile``, and the checks that turn parsed TOML
into a ``Catalog`` in the ``validate`` package (imported only when a file is actually parsed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .datafile import (
    DATA_ENV,
    catalog_from_text,
    default_data_path,
    load_catalog,
    read_data_text,
    resolve_data_path,
)
from .errors import UnknownCodeError, did_you_mean
from .records import (
    Advice,
    Body,
    CareerPath,
    Cert,
    Choice,
    Conflict,
    Expectation,
    Fact,
    FactValue,
    GlossaryEntry,
    Money,
    Months,
    PathStep,
    Question,
    Requirement,
    Rule,
    Source,
    StartingPoint,
    Step,
)
from .schema import (
    FACT_FIELDS,
    FRESHNESS_DIMENSIONS,
    OPTIONAL_FACTS,
    OPTIONAL_SECTIONS,
    QUESTION_KINDS,
    SCHEMA,
    SETTINGS,
    STATUSES,
)

__all__ = [
    "DATA_ENV",
    "FACT_FIELDS",
    "FRESHNESS_DIMENSIONS",
    "OPTIONAL_FACTS",
    "OPTIONAL_SECTIONS",
    "QUESTION_KINDS",
    "SCHEMA",
    "SETTINGS",
    "STATUSES",
    "Advice",
    "Body",
    "CareerPath",
    "Catalog",
    "Cert",
    "Choice",
    "Conflict",
    "Expectation",
    "Fact",
    "FactValue",
    "GlossaryEntry",
    "Money",
    "Months",
    "PathStep",
    "Question",
    "Requirement",
    "Rule",
    "Source",
    "StartingPoint",
    "Step",
    "catalog_from_text",
    "default_data_path",
    "load_catalog",
    "read_data_text",
    "resolve_data_path",
]


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
    advice: Advice | None = None
    freshness: Mapping[str, int] = field(default_factory=dict)  # months a check holds, per dimension
    glossary: Mapping[str, GlossaryEntry] = field(default_factory=dict)  # term -> entry, file order
    glossary_watch: tuple[str, ...] = ()  # jargon that needs an entry wherever the text uses it
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
