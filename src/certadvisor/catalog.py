"""Load ``certs.toml`` and validate it into typed, frozen objects.

Modelled on pipx's manifest loader: the file is read with ``tomllib`` and every table is checked
by hand, so that a typo in a key, a wrong type or a missing fact is reported with the file, the
dotted key and what was expected, instead of vanishing or failing later in front of a user. All
problems found are reported together, one line each.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .conditions import ALWAYS, COMBINATORS, Condition, ConditionError, parse_condition, show_value
from .errors import DataError, UnknownCodeError, did_you_mean, one_of

DATA_ENV = "CERTADVISOR_DATA"
SCHEMA = 2  # 2: facts carry stated/checked dates and [freshness] windows, not as_of

# ---------------------------------------------------------------------------------------------
# Typed objects
# ---------------------------------------------------------------------------------------------


class Source(NamedTuple):
    """A public page that facts cite."""

    id: str
    title: str
    url: str
    publisher: str
    official: bool


@dataclass(frozen=True)
class Money:
    """A US-dollar amount or range (``low == high`` for a single figure).

    A dataclass, not a named tuple like the other records, so it is never mistaken for a
    fact's list value (a tuple of strings)."""

    low: int
    high: int

    def __str__(self) -> str:
        return f"${self.low:,}" if self.low == self.high else f"${self.low:,}–${self.high:,}"


@dataclass(frozen=True)
class Months:
    """A number of months, or a range of them (``low == high`` for a single figure)."""

    low: int
    high: int

    def __str__(self) -> str:
        if self.low == self.high:
            return f"{self.low} month{'s' if self.low != 1 else ''}"
        return f"{self.low}–{self.high} months"


FactValue = int | bool | str | tuple[str, ...] | Money | Months | None


class Fact(NamedTuple):
    """One sourced, dated fact about a certification."""

    key: str  # dotted, e.g. "exam.minutes"
    value: FactValue
    status: str  # "known" | "range" | "unknown" | "not_applicable"
    source: Source
    stated: dt.date | None  # the date the source itself gives, when it gives one
    checked: dt.date | None  # the day someone last compared the fact with its source
    fresh_months: int  # how long a check holds for facts of this kind ([freshness])
    note: str | None = None
    survey: str | None = None  # salary facts only
    year: int | None = None  # salary facts only

    @property
    def dimension(self) -> str:
        """The kind of fact, which sets how long a check holds: its section, e.g. "fees"."""
        return self.key.split(".", 1)[0]


class Body(NamedTuple):
    """A credentialing body such as AAPC or AHIMA."""

    code: str
    name: str
    website: str
    source: Source
    stated: dt.date | None
    checked: dt.date | None
    fresh_months: int


class Step(NamedTuple):
    """A next step after choosing a certification, optionally only for some answers."""

    text: str
    url: str | None
    when: Condition


class Cert(NamedTuple):
    """A certification with all of its facts."""

    code: str
    name: str
    body: Body
    summary: str
    settings: tuple[str, ...]
    facts: Mapping[str, Fact]
    next_steps: tuple[Step, ...]
    requires: Requirement | None = None  # read once the questions are known

    def fact(self, key: str) -> Fact:
        """The fact at a dotted key, e.g. ``cert.fact("exam.minutes")``."""
        return self.facts[key]


class Choice(NamedTuple):
    """One answer a question allows."""

    value: str
    label: str


class Question(NamedTuple):
    """A quiz question; ``neutral`` is what an unanswered or skipped question counts as."""

    id: str
    text: str
    short: str
    help: str
    choices: tuple[Choice, ...]
    neutral: str
    when: Condition
    values: tuple[str, ...]  # the choices' values, in order
    kind: str = "preference"  # "preference" (what the person wants) or "fact" (what they have)

    def label(self, value: str) -> str:
        """The label shown for a value."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value


class Rule(NamedTuple):
    """When ``when`` holds, add ``points`` to each named certification, for ``reason``.

    ``reasons`` may give a certification its own wording, so that a reason listed under a
    certification speaks of that certification; the others get the neutral ``reason``.
    """

    id: str
    when: Condition
    points: Mapping[str, int]
    reason: str
    reasons: Mapping[str, str] = {}

    def reason_for(self, code: str) -> str:
        """The reason shown under one certification."""
        return self.reasons.get(code, self.reason)


class Expectation(NamedTuple):
    """A counsellor's principle: for every profile where ``when`` holds, the top pick is one of
    ``top_in`` (when given) and none of ``not_top``."""

    id: str
    when: Condition
    top_in: tuple[str, ...]
    not_top: tuple[str, ...]
    why: str

    def allows(self, code: str) -> bool:
        """True when ``code`` may come first under this expectation."""
        return (not self.top_in or code in self.top_in) and code not in self.not_top


class Conflict(NamedTuple):
    """Answers that pull in different directions, with a note that explains the tension."""

    id: str
    when: Condition
    note: str


class StartingPoint(NamedTuple):
    """The usual first credential when the answers carry no signal, and why."""

    cert: str
    when: Condition
    why: str


class Advice(NamedTuple):
    """How confident to sound, and how to settle ties: principles kept with the data."""

    near_tie: int  # a lead of at most this many points is a near-tie
    clear_margin: int  # a lead below this is a narrow one (medium confidence)
    signal_questions: tuple[str, ...]  # with none of these answered, advice is low-confidence
    tie_order: tuple[str, ...]  # every certification, in the order that settles exact ties
    tie_principle: str  # why that order
    starting_points: tuple[StartingPoint, ...]
    held_question: str | None = None  # the question that says which credential the person holds
    held: Mapping[str, tuple[str, ...]] = {}  # its values -> the credentials each one means held


class Requirement(NamedTuple):
    """A hard prerequisite (such as an accredited degree) and the answers that show it is met."""

    text: str
    met: Condition


class PathStep(NamedTuple):
    """One step of a career path, with what it takes (time, experience or education)."""

    text: str
    condition: str
    cert: str | None


class CareerPath(NamedTuple):
    """An ordered plan shown with a recommendation of ``cert`` when ``when`` holds."""

    id: str
    cert: str
    title: str
    when: Condition
    steps: tuple[PathStep, ...]

    def includes(self, code: str) -> bool:
        """True when the path leads to, or passes through, the certification."""
        return self.cert == code or any(step.cert == code for step in self.steps)


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


# ---------------------------------------------------------------------------------------------
# The fact schema: which facts every certification must have, and their kinds
# ---------------------------------------------------------------------------------------------

TEXT, INT, BOOL, LIST, MONEY, SALARY, MONTHS = "text", "int", "bool", "list", "money", "salary", "months"

FACT_FIELDS: dict[str, dict[str, str]] = {
    "focus": {"setting": TEXT, "code_sets": LIST, "caveat": TEXT},
    "exam": {
        "questions": INT,
        "question_types": TEXT,
        "minutes": INT,
        "open_book": BOOL,
        "books": TEXT,
        "delivery": LIST,
        "passing_score": TEXT,
    },
    "fees": {
        "exam_member": MONEY,
        "exam_non_member": MONEY,
        "membership_required": BOOL,
        "membership_dues": MONEY,
    },
    "eligibility": {"required": TEXT, "recommended": TEXT},
    "apprentice": {"status": TEXT, "removal": TEXT},
    "renewal": {"ceus": INT, "cycle_years": INT},
    "career": {"roles": LIST, "employers": LIST, "salary": SALARY},
}

# Facts a certification may have but need not: a second price where a body sells a two-attempt
# package, and a recertification fee where the body charges one.
OPTIONAL_FACTS: dict[str, dict[str, str]] = {
    "fees": {"exam_member_two_attempts": MONEY, "exam_non_member_two_attempts": MONEY},
    "renewal": {"fee_member": MONEY, "fee_non_member": MONEY},
}

# Sections a certification may have, all of whose facts are optional: what it costs and how long
# it takes, beyond the exam fees (see ``cost``).
OPTIONAL_SECTIONS: dict[str, dict[str, str]] = {
    "costs": {"training": MONEY, "code_books": MONEY, "retake": MONEY, "ceus": MONEY},
    "time": {"study_months": MONTHS, "education_months": MONTHS, "apprentice_months": MONTHS},
}

# Dimensions whose freshness window [freshness] must give: every fact section, and the bodies.
FRESHNESS_DIMENSIONS = (*FACT_FIELDS, *OPTIONAL_SECTIONS, "bodies")

SETTINGS = (
    "physician",
    "billing",
    "auditing",
    "clinical_documentation",
    "hospital_inpatient",
    "hospital_outpatient",
    "ambulatory_surgery",
    "payer",
    "risk_adjustment",
    "health_information",
)
STATUSES = ("known", "range", "unknown", "not_applicable")
QUESTION_KINDS = ("preference", "fact")
_EXPECTED = {
    TEXT: "a string",
    INT: "an integer",
    BOOL: "true or false",
    LIST: "a list of strings",
    MONEY: "a whole-dollar amount or a range { low, high }",
    MONTHS: "a number of months or a range { low, high }",
    SALARY: "a whole-dollar amount or a range { low, high }",
}

# ---------------------------------------------------------------------------------------------
# Finding the data file
# ---------------------------------------------------------------------------------------------


def default_data_path() -> Path:
    """The shipped data: inside the installed package, else ``data/`` of the checkout."""
    # Plain paths rather than importlib.resources: the wheel installs files on disk, and the
    # resources machinery costs start-up time on every run.
    packaged = Path(__file__).resolve().parent / "data" / "certs.toml"
    if packaged.is_file():
        return packaged
    # An editable install or a plain checkout: src/certadvisor/catalog.py -> ../../data
    return Path(__file__).resolve().parents[2] / "data" / "certs.toml"


def resolve_data_path(option: Path | None) -> Path:
    """``--data`` wins over ``CERTADVISOR_DATA``, which wins over the shipped file."""
    if option is not None:
        return option
    env = os.environ.get(DATA_ENV, "").strip()
    return Path(env) if env else default_data_path()


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate a data file; raise ``DataError`` naming every problem found."""
    path = path if path is not None else default_data_path()
    return catalog_from_text(read_data_text(path), path)


def read_data_text(path: Path) -> str:
    """The data file's text; a missing or unreadable file is a ``DataError`` naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: data file not found") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, expected a TOML data file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: cannot read data file: {error}") from None


def catalog_from_text(text: str, path: Path) -> Catalog:
    """Parse and validate the text of a data file read from ``path``."""
    # Imported here: a run that finds the catalog in the cache never parses TOML.
    import tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message already ends "(at line L, column C)"
        raise DataError(f"{path}: not valid TOML: {error}") from None
    return parse_catalog(raw, path)


def parse_catalog(raw: dict[str, Any], path: Path) -> Catalog:
    """Validate parsed TOML into a ``Catalog``; raise ``DataError`` listing every problem."""
    checker = _Checker(path)
    catalog = checker.catalog(raw)
    if checker.problems or catalog is None:
        count = len(checker.problems)
        lines = "\n".join(checker.problems)
        summary = f"{path}: {count} problem{'s' if count != 1 else ''} in the data file"
        raise DataError(lines if count == 1 else f"{summary}\n{lines}")
    return catalog


class _Skip(Exception):
    """Raised inside the checker to abandon one table after its problem was recorded."""


class _Checker:
    """Collects every problem in a data file, each with the file and the dotted key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.updated: dt.date | None = None
        self.windows: dict[str, int] = {}

    # -- reporting helpers ---------------------------------------------------------------------

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.path}: {key}: {message}")

    def expect(self, key: str, value: Any, kind: type | tuple[type, ...], expected: str) -> Any:
        if value is None:
            raise _Skip  # a missing key: `keys` has already reported it, once
        ok = isinstance(value, kind) and not (isinstance(value, bool) and kind is int)
        if not ok:
            self.problem(key, f"expected {expected}, got {show_value(value)}")
            raise _Skip
        return value

    def keys(
        self,
        key: str,
        table: Mapping[str, Any],
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> None:
        allowed = required + optional
        for name in table:
            if name not in allowed:
                self.problem(
                    f"{key}.{name}" if key else name,
                    f"unknown key{did_you_mean(name, allowed)}; allowed keys: {', '.join(allowed)}",
                )
        for name in required:
            if name not in table:
                self.problem(f"{key}.{name}" if key else name, "missing required key")

    def table(self, key: str, value: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.expect(key, value, dict, "a table")
        return result

    def text(self, key: str, value: Any) -> str:
        result: str = self.expect(key, value, str, "a string")
        if not result.strip():
            self.problem(key, "expected a non-empty string")
            raise _Skip
        return result.strip()

    def date(self, key: str, value: Any) -> dt.date:
        if value is None:
            raise _Skip  # a missing key: `keys` has already reported it, once
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(key, f"expected a date like 2026-05-01, got {show_value(value)}")
        raise _Skip

    def guarded(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Call ``fn(*args)``; None if it gave up on its table after recording the problem."""
        try:
            return fn(*args)
        except _Skip:
            return None

    # -- the file -------------------------------------------------------------------------------

    def catalog(self, raw: dict[str, Any]) -> Catalog | None:
        self.keys(
            "",
            raw,
            ("meta", "sources", "bodies", "certs"),
            ("questions", "rules", "paths", "expectations", "conflicts", "advice", "freshness"),
        )
        meta = self.guarded(lambda: self.meta(raw.get("meta", {})))
        self.updated = meta
        self.windows = self.guarded(self.freshness, raw.get("freshness")) or {}
        sources = self.guarded(lambda: self.sources(raw.get("sources", {}))) or {}
        bodies = self.guarded(lambda: self.bodies(raw.get("bodies", {}), sources)) or {}
        certs = self.guarded(lambda: self.certs_table(raw.get("certs", {}), sources, bodies)) or {}
        self.uncited(sources, bodies, certs)
        questions = self.guarded(lambda: self.questions(raw.get("questions", []))) or ()
        choices = {q.id: q.values for q in questions}
        self.attach_steps(raw.get("certs", {}), certs, choices)
        rules = self.guarded(lambda: self.rules(raw.get("rules", []), choices, certs)) or ()
        if questions and not rules:
            self.problem("rules", "questions are defined but there are no rules to score them")
        paths = self.guarded(self.paths, raw.get("paths", []), choices, certs) or ()
        expectations = self.guarded(self.expectations, raw.get("expectations", []), choices, certs) or ()
        conflicts = self.guarded(self.conflicts, raw.get("conflicts", []), choices) or ()
        advice = self.guarded(self.advice, raw["advice"], choices, certs) if "advice" in raw else None
        if rules and "advice" not in raw:
            self.problem(
                "advice", "missing required table: rules need [advice] to settle ties and confidence"
            )
        if meta is None or self.problems:
            return None
        return Catalog(
            path=self.path,
            updated=meta,
            sources=sources,
            bodies=bodies,
            certs=certs,
            questions=questions,
            rules=rules,
            paths=paths,
            expectations=expectations,
            conflicts=conflicts,
            advice=advice,
            freshness=self.windows,
            _by_id={q.id: q for q in questions},
        )

    def meta(self, raw: Any) -> dt.date:
        table = self.table("meta", raw)
        self.keys("meta", table, ("schema", "updated"), ("title",))
        schema = table.get("schema")
        if schema == 1:
            self.problem(
                "meta.schema",
                f"this file uses schema 1 (facts dated with as_of); schema {SCHEMA} splits as_of into "
                "stated and checked and adds [freshness]: see docs/data.md to update it",
            )
        elif schema != SCHEMA:
            self.problem("meta.schema", f"expected {SCHEMA}, got {show_value(schema)}")
        return self.date("meta.updated", table.get("updated"))

    def freshness(self, raw: Any) -> dict[str, int]:
        if raw is None:
            self.problem("freshness", "missing required table: months a check holds, per kind of fact")
            raise _Skip
        table = self.table("freshness", raw)
        self.keys("freshness", table, FRESHNESS_DIMENSIONS)
        windows: dict[str, int] = {}
        for name in FRESHNESS_DIMENSIONS:
            if name in table:
                months = self.guarded(
                    self.expect, f"freshness.{name}", table[name], int, "a number of months"
                )
                if months is not None and not 1 <= months <= 120:
                    self.problem(f"freshness.{name}", f"expected 1 to 120 months, got {months}")
                elif months is not None:
                    windows[name] = months
        return windows

    def dates(self, key: str, entry: Mapping[str, Any]) -> tuple[dt.date | None, dt.date | None]:
        """A fact's ``stated`` and ``checked`` dates; at least one is required."""
        stated = self.date(f"{key}.stated", entry["stated"]) if "stated" in entry else None
        checked = self.date(f"{key}.checked", entry["checked"]) if "checked" in entry else None
        if "as_of" in entry:
            self.problem(
                f"{key}.as_of",
                "as_of was split in two: stated (the date the source gives) and checked (the day "
                "you compared the fact with the source); see docs/data.md",
            )
        elif stated is None and checked is None:
            self.problem(
                key,
                "needs a date: checked (the day you compared it with its source) and/or stated "
                "(the date the source itself gives)",
            )
        updated = self.updated
        if checked is not None and updated is not None and checked > updated:
            self.problem(
                f"{key}.checked",
                f"{checked.isoformat()} is after meta.updated ({updated.isoformat()}): "
                "a check cannot postdate the file; fix the date or bump meta.updated",
            )
        return stated, checked

    def window(self, dimension: str) -> int:
        # A missing window was reported once, on [freshness]; stand in with the shortest.
        return self.windows.get(dimension, min(self.windows.values(), default=12))

    def uncited(
        self, sources: Mapping[str, Source], bodies: Mapping[str, Body], certs: Mapping[str, Cert]
    ) -> None:
        """Every declared source must be cited: an uncited one is checked by no one."""
        if self.problems:
            return  # a fact that failed to load may be the one citing it
        cited = {body.source.id for body in bodies.values()}
        cited |= {fact.source.id for cert in certs.values() for fact in cert.facts.values()}
        for sid in sources:
            if sid not in cited:
                self.problem(f"sources.{sid}", "declared but cited by no fact or body; cite it or remove it")

    def sources(self, raw: Any) -> dict[str, Source]:
        table = self.table("sources", raw)
        result: dict[str, Source] = {}
        for sid, value in table.items():
            key = f"sources.{sid}"

            def one(sid: str = sid, key: str = key, value: Any = value) -> Source:
                entry = self.table(key, value)
                self.keys(key, entry, ("title", "url", "publisher", "official"))
                url = self.text(f"{key}.url", entry.get("url"))
                if not url.startswith(("https://", "http://")):
                    self.problem(f"{key}.url", f"expected an http(s) URL, got {show_value(url)}")
                return Source(
                    id=sid,
                    title=self.text(f"{key}.title", entry.get("title")),
                    url=url,
                    publisher=self.text(f"{key}.publisher", entry.get("publisher")),
                    official=self.expect(f"{key}.official", entry.get("official"), bool, "true or false"),
                )

            source = self.guarded(one)
            if source is not None:
                result[sid] = source
        if not result and not self.problems:
            self.problem("sources", "expected at least one source")
        return result

    def source_ref(self, key: str, value: Any, sources: Mapping[str, Source]) -> Source:
        sid = self.text(key, value)
        if sid not in sources:
            self.problem(
                key,
                f"unknown source {sid!r}{did_you_mean(sid, sources)}; define it under [sources]",
            )
            raise _Skip
        return sources[sid]

    def bodies(self, raw: Any, sources: Mapping[str, Source]) -> dict[str, Body]:
        table = self.table("bodies", raw)
        result: dict[str, Body] = {}
        for code, value in table.items():
            key = f"bodies.{code}"

            def one(code: str = code, key: str = key, value: Any = value) -> Body:
                entry = self.table(key, value)
                self.keys(key, entry, ("name", "website", "source"), ("stated", "checked", "as_of"))
                stated, checked = self.dates(key, entry)
                return Body(
                    code=code,
                    name=self.text(f"{key}.name", entry.get("name")),
                    website=self.text(f"{key}.website", entry.get("website")),
                    source=self.source_ref(f"{key}.source", entry.get("source"), sources),
                    stated=stated,
                    checked=checked,
                    fresh_months=self.window("bodies"),
                )

            body = self.guarded(one)
            if body is not None:
                result[code] = body
        return result

    def certs_table(
        self, raw: Any, sources: Mapping[str, Source], bodies: Mapping[str, Body]
    ) -> dict[str, Cert]:
        table = self.table("certs", raw)
        result: dict[str, Cert] = {}
        seen: dict[str, str] = {}
        for code, value in table.items():
            key = f"certs.{code}"
            if code.upper() in seen:
                # TOML itself rejects exact duplicates; codes are case-insensitive, so CPC and
                # cpc would be two tables for one certification.
                self.problem(key, f"duplicate certification code (already defined as {seen[code.upper()]})")
                continue
            seen[code.upper()] = code
            cert = self.guarded(self.cert, code, key, value, sources, bodies)
            if cert is not None:
                result[code] = cert
        if not table:
            self.problem("certs", "expected at least one certification")
        return result

    def cert(
        self,
        code: str,
        key: str,
        raw: Any,
        sources: Mapping[str, Source],
        bodies: Mapping[str, Body],
    ) -> Cert:
        entry = self.table(key, raw)
        self.keys(
            key,
            entry,
            ("name", "body", "summary", "settings", *FACT_FIELDS),
            ("next_steps", "requires", *OPTIONAL_SECTIONS),
        )
        body_code = self.text(f"{key}.body", entry.get("body"))
        if body_code not in bodies:
            self.problem(
                f"{key}.body",
                f"unknown body {body_code!r}{did_you_mean(body_code, bodies)}; known: {one_of(bodies)}",
            )
            raise _Skip
        settings = self.string_list(f"{key}.settings", entry.get("settings"))
        for setting in settings:
            if setting not in SETTINGS:
                self.problem(
                    f"{key}.settings",
                    f"unknown setting {setting!r}{did_you_mean(setting, SETTINGS)}; "
                    f"allowed: {one_of(SETTINGS)}",
                )
        facts: dict[str, Fact] = {}
        for section, fields in {**FACT_FIELDS, **OPTIONAL_SECTIONS}.items():
            section_key = f"{key}.{section}"
            if section not in entry:
                continue  # a missing required section was reported by `keys`
            section_table = self.guarded(self.table, section_key, entry[section])
            if section_table is None:
                continue
            extra = OPTIONAL_FACTS.get(section, {})
            if section in OPTIONAL_SECTIONS:
                fields, extra = {}, OPTIONAL_SECTIONS[section]
            self.keys(section_key, section_table, tuple(fields), tuple(extra))
            for name, kind in {**fields, **extra}.items():
                if name not in section_table:
                    continue
                fact = self.guarded(
                    self.fact,
                    f"{section}.{name}",
                    f"{section_key}.{name}",
                    section_table[name],
                    kind,
                    sources,
                )
                if fact is not None:
                    facts[fact.key] = fact
        return Cert(
            code=code,
            name=self.text(f"{key}.name", entry.get("name")),
            body=bodies[body_code],
            summary=self.text(f"{key}.summary", entry.get("summary")),
            settings=tuple(settings),
            facts=facts,
            next_steps=(),
        )

    def string_list(self, key: str, value: Any) -> list[str]:
        items = self.expect(key, value, list, "a list of strings")
        if not items or not all(isinstance(item, str) and item.strip() for item in items):
            self.problem(key, f"expected a non-empty list of strings, got {show_value(value)}")
            raise _Skip
        return [item.strip() for item in items]

    def fact(self, dotted: str, key: str, raw: Any, kind: str, sources: Mapping[str, Source]) -> Fact:
        entry = self.table(key, raw)
        optional = ("value", "status", "note") + (("survey", "year") if kind == SALARY else ())
        self.keys(key, entry, ("source",), (*optional, "stated", "checked", "as_of"))
        source = self.source_ref(f"{key}.source", entry.get("source"), sources)
        stated, checked = self.dates(key, entry)
        status = entry.get("status", "known")
        if status not in STATUSES:
            self.problem(
                f"{key}.status",
                f"expected one of {one_of(STATUSES)}, got {show_value(status)}"
                f"{did_you_mean(str(status), STATUSES)}",
            )
            raise _Skip
        note = self.text(f"{key}.note", entry["note"]) if "note" in entry else None
        value: FactValue = None
        if status in ("unknown", "not_applicable"):
            if "value" in entry:
                self.problem(f"{key}.value", f"a fact with status {status!r} must not have a value")
            if note is None:
                # An unknown fact is only useful if it says where to look.
                self.problem(
                    f"{key}.note",
                    f"a fact with status {status!r} needs a note saying why and where to check",
                )
        else:
            if "value" not in entry:
                self.problem(f"{key}.value", 'missing required key (or set status = "unknown" with a note)')
                raise _Skip
            # The message names the fact itself (certs.CCS.exam.minutes), the thing a maintainer edits.
            value = self.fact_value(key, entry["value"], kind)
            if isinstance(value, Money) and (status == "range") != (value.low != value.high):
                self.problem(
                    key,
                    'a range { low, high } needs status = "range", and status "range" needs a range',
                )
            elif status == "range" and not isinstance(value, Money | Months):
                self.problem(f"{key}.status", "only money and months facts can be ranges")
            if status == "range" and note is None:
                self.problem(
                    f"{key}.note",
                    "a range needs a note saying why it is not settled and where to check",
                )
        survey = self.text(f"{key}.survey", entry["survey"]) if "survey" in entry else None
        year = self.expect(f"{key}.year", entry["year"], int, "an integer") if "year" in entry else None
        if kind == SALARY and status in ("known", "range") and (survey is None or year is None):
            self.problem(key, "a salary needs the survey it comes from and its year (survey, year)")
        fresh = self.window(dotted.split(".", 1)[0])
        return Fact(dotted, value, status, source, stated, checked, fresh, note, survey, year)

    def fact_value(self, key: str, value: Any, kind: str) -> FactValue:
        expected = _EXPECTED[kind]
        if kind == TEXT:
            return self.text(key, value)
        if kind == INT:
            number: int = self.expect(key, value, int, expected)
            if number <= 0:
                self.problem(key, f"expected a positive integer, got {number}")
            return number
        if kind == BOOL:
            flag: bool = self.expect(key, value, bool, expected)
            return flag
        if kind == LIST:
            return tuple(self.string_list(key, value))
        # MONEY / SALARY / MONTHS: one figure or a range. A span of months (12 or 24, by route)
        # is a known range; a money range means the sources disagree (status = "range").
        make = Months if kind == MONTHS else Money
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return make(value, value)
        if isinstance(value, dict) and set(value) == {"low", "high"}:
            low, high = value["low"], value["high"]
            if all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)) and 0 <= low < high:
                return make(low, high)
        self.problem(key, f"expected {expected} with low < high, got {show_value(value)}")
        raise _Skip

    def attach_steps(
        self, raw_certs: Any, certs: dict[str, Cert], choices: Mapping[str, tuple[str, ...]]
    ) -> None:
        """Next steps may carry conditions, so they are read once the questions are known."""
        if not isinstance(raw_certs, dict):
            return
        for code, cert in list(certs.items()):
            raw_steps = raw_certs[code].get("next_steps", [])
            key = f"certs.{code}.next_steps"
            items = self.guarded(self.expect, key, raw_steps, list, "a list of tables ([[...next_steps]])")
            if items is None:
                continue
            steps: list[Step] = []
            for index, item in enumerate(items):
                step = self.guarded(self.step, f"{key}[{index}]", item, choices)
                if step is not None:
                    steps.append(step)
            requires = None
            if "requires" in raw_certs[code]:
                requires = self.guarded(
                    self.requirement, f"certs.{code}.requires", raw_certs[code]["requires"], choices
                )
            certs[code] = cert._replace(next_steps=tuple(steps), requires=requires)

    def requirement(self, key: str, raw: Any, choices: Mapping[str, tuple[str, ...]]) -> Requirement:
        entry = self.table(key, raw)
        self.keys(key, entry, ("text",), ("met_when",))
        # Without met_when no answer can show the requirement is met (such as current work in a
        # role the questions do not ask about), so it is always stated.
        never = Condition("not", parts=(ALWAYS,))
        return Requirement(
            text=self.text(f"{key}.text", entry.get("text")),
            met=self.condition(f"{key}.met_when", entry["met_when"], choices)
            if "met_when" in entry
            else never,
        )

    def step(self, key: str, raw: Any, choices: Mapping[str, tuple[str, ...]]) -> Step:
        entry = self.table(key, raw)
        self.keys(key, entry, ("text",), ("url", "when"))
        url = self.text(f"{key}.url", entry["url"]) if "url" in entry else None
        return Step(
            text=self.text(f"{key}.text", entry.get("text")),
            url=url,
            when=self.condition(f"{key}.when", entry["when"], choices) if "when" in entry else ALWAYS,
        )

    def condition(self, key: str, raw: Any, choices: Mapping[str, tuple[str, ...]]) -> Condition:
        try:
            return parse_condition(raw, choices, "when")
        except ConditionError as error:
            where = key + error.path[len("when") :]
            self.problem(where, error.message)
            raise _Skip from None

    # -- questions and rules -------------------------------------------------------------------

    def questions(self, raw: Any) -> tuple[Question, ...]:
        items = self.expect("questions", raw, list, "a list of tables ([[questions]])")
        result: list[Question] = []
        known: dict[str, tuple[str, ...]] = {}
        for index, item in enumerate(items):
            question = self.guarded(self.question, index, item, known)
            if question is not None:
                known[question.id] = question.values
                result.append(question)
        return tuple(result)

    def question(self, index: int, raw: Any, earlier: Mapping[str, tuple[str, ...]]) -> Question:
        key = f"questions[{index}]"
        entry = self.table(key, raw)
        qid = entry.get("id")
        if isinstance(qid, str):
            key = f"questions.{qid}"
        self.keys(key, entry, ("id", "text", "short", "help", "choices", "neutral"), ("when", "kind"))
        qid = self.text(f"{key}.id", qid)
        if qid in COMBINATORS or not qid.replace("_", "").isalnum():
            self.problem(
                f"{key}.id",
                f"{qid!r} cannot be a question id (use letters, digits and _; not {one_of(COMBINATORS)})",
            )
            raise _Skip
        if qid in earlier:
            self.problem(f"{key}.id", "duplicate question id")
            raise _Skip
        raw_choices = self.expect(
            f"{key}.choices", entry.get("choices"), list, "a list of { value, label } tables"
        )
        choices: list[Choice] = []
        for i, raw_choice in enumerate(raw_choices):
            ckey = f"{key}.choices[{i}]"
            choice_table = self.table(ckey, raw_choice)
            self.keys(ckey, choice_table, ("value", "label"))
            value = self.text(f"{ckey}.value", choice_table.get("value"))
            if value in {c.value for c in choices}:
                self.problem(f"{ckey}.value", f"duplicate value {value!r}")
            choices.append(Choice(value, self.text(f"{ckey}.label", choice_table.get("label"))))
        if len(choices) < 2:
            self.problem(f"{key}.choices", "expected at least two choices")
            raise _Skip
        values = tuple(c.value for c in choices)
        neutral = self.text(f"{key}.neutral", entry.get("neutral"))
        if neutral not in values:
            self.problem(
                f"{key}.neutral",
                f"{neutral!r} is not one of its choices{did_you_mean(neutral, values)}; "
                f"allowed: {one_of(values)}",
            )
        kind = entry.get("kind")
        if kind is not None and kind not in QUESTION_KINDS:
            self.problem(
                f"{key}.kind",
                f"expected one of {one_of(QUESTION_KINDS)}, got {show_value(kind)}"
                f"{did_you_mean(str(kind), QUESTION_KINDS)}",
            )
        # A `when` may only look at earlier questions: the quiz asks in order.
        when = self.condition(f"{key}.when", entry["when"], earlier) if "when" in entry else ALWAYS
        return Question(
            id=qid,
            text=self.text(f"{key}.text", entry.get("text")),
            short=self.text(f"{key}.short", entry.get("short")),
            help=self.text(f"{key}.help", entry.get("help")),
            choices=tuple(choices),
            neutral=neutral,
            when=when,
            values=values,
            kind=kind if kind in QUESTION_KINDS else "preference",
        )

    def computed_points(self, key: str, raw: Any, certs: Mapping[str, Cert]) -> dict[str, Any]:
        """Points worked out from the cost and time facts, so the rule follows the data."""
        from .cost import MEASURES, scaled_points

        entry = self.table(key, raw)
        self.keys(key, entry, ("measure", "best"))
        measure = self.text(f"{key}.measure", entry.get("measure"))
        if measure not in MEASURES:
            self.problem(
                f"{key}.measure",
                f"unknown measure {measure!r}{did_you_mean(measure, MEASURES)}; allowed: {one_of(MEASURES)}",
            )
            raise _Skip
        best = self.expect(f"{key}.best", entry.get("best"), int, "an integer")
        if not 1 <= best <= 50:
            self.problem(f"{key}.best", f"expected 1 to 50 points, got {best}")
            raise _Skip
        # Only credentials open without a hard prerequisite compete on cost or time: a cheap exam
        # is no advantage to someone who first needs a degree or years of CDI work.
        open_to_all = {code: cert for code, cert in certs.items() if cert.requires is None}
        points = scaled_points(open_to_all, measure, best)
        if not points:
            self.problem(key, f"no certification has a known {measure.replace('_', ' ')} to score by")
            raise _Skip
        return dict(points)

    def rules(
        self, raw: Any, choices: Mapping[str, tuple[str, ...]], certs: Mapping[str, Cert]
    ) -> tuple[Rule, ...]:
        items = self.expect("rules", raw, list, "a list of tables ([[rules]])")
        result: list[Rule] = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            rule = self.guarded(self.rule, index, item, choices, certs)
            if rule is None:
                continue
            if rule.id in seen:
                self.problem(f"rules.{rule.id}.id", "duplicate rule id")
            seen.add(rule.id)
            result.append(rule)
        return tuple(result)

    def rule(
        self,
        index: int,
        raw: Any,
        choices: Mapping[str, tuple[str, ...]],
        certs: Mapping[str, Cert],
    ) -> Rule:
        key = f"rules[{index}]"
        entry = self.table(key, raw)
        rid = entry.get("id")
        if isinstance(rid, str) and rid.strip():
            key = f"rules.{rid}"
        self.keys(key, entry, ("id", "when", "reason"), ("points", "points_from", "reasons"))
        rid = self.text(f"{key}.id", rid)
        if ("points" in entry) == ("points_from" in entry):
            self.problem(key, "give either points (fixed) or points_from (computed from costs), not both")
            raise _Skip
        if "points_from" in entry:
            points_table: dict[str, Any] = self.computed_points(
                f"{key}.points_from", entry["points_from"], certs
            )
        else:
            points_table = self.table(f"{key}.points", entry.get("points"))
        points: dict[str, int] = {}
        for code, value in points_table.items():
            if code not in certs:
                self.problem(
                    f"{key}.points.{code}",
                    f"unknown certification{did_you_mean(code, certs)}; known: {', '.join(certs)}",
                )
                continue
            amount = self.guarded(
                self.expect, f"{key}.points.{code}", value, int, "an integer (points may be negative)"
            )
            if amount is not None:
                if amount == 0 or abs(amount) > 50:
                    self.problem(
                        f"{key}.points.{code}",
                        f"expected a non-zero integer from -50 to 50, got {amount}",
                    )
                points[code] = amount
        if not points_table:
            self.problem(f"{key}.points", "expected points for at least one certification")
        reasons: dict[str, str] = {}
        if "reasons" in entry:
            for code, text in self.table(f"{key}.reasons", entry["reasons"]).items():
                if code not in points_table:
                    self.problem(
                        f"{key}.reasons.{code}",
                        f"no points for {code} in this rule{did_you_mean(code, points_table)}; "
                        f"a reason needs points: {one_of(points_table)}",
                    )
                    continue
                reasons[code] = self.text(f"{key}.reasons.{code}", text)
        return Rule(
            id=rid,
            when=self.condition(f"{key}.when", entry.get("when"), choices),
            points=points,
            reason=self.text(f"{key}.reason", entry.get("reason")),
            reasons=reasons,
        )

    # -- expectations, conflicts and advice --------------------------------------------------------

    def expectations(
        self, raw: Any, choices: Mapping[str, tuple[str, ...]], certs: Mapping[str, Cert]
    ) -> tuple[Expectation, ...]:
        items = self.expect("expectations", raw, list, "a list of tables ([[expectations]])")
        result: list[Expectation] = []
        for index, item in enumerate(items):
            found = self.guarded(self.expectation, index, item, choices, certs)
            if found is None:
                continue
            if found.id in {e.id for e in result}:
                self.problem(f"expectations.{found.id}.id", "duplicate expectation id")
            result.append(found)
        return tuple(result)

    def expectation(
        self, index: int, raw: Any, choices: Mapping[str, tuple[str, ...]], certs: Mapping[str, Cert]
    ) -> Expectation:
        key, entry = self.named_table("expectations", index, raw)
        self.keys(key, entry, ("id", "when", "why"), ("top_in", "not_top"))
        top_in = self.codes(f"{key}.top_in", entry.get("top_in", []), certs)
        not_top = self.codes(f"{key}.not_top", entry.get("not_top", []), certs)
        if not top_in and not not_top:
            self.problem(key, "expected top_in, not_top or both (a list of certification codes)")
        for code in set(top_in) & set(not_top):
            self.problem(f"{key}.not_top", f"{code} is also in top_in")
        return Expectation(
            id=self.text(f"{key}.id", entry.get("id")),
            when=self.condition(f"{key}.when", entry.get("when"), choices),
            top_in=top_in,
            not_top=not_top,
            why=self.text(f"{key}.why", entry.get("why")),
        )

    def conflicts(self, raw: Any, choices: Mapping[str, tuple[str, ...]]) -> tuple[Conflict, ...]:
        items = self.expect("conflicts", raw, list, "a list of tables ([[conflicts]])")
        result: list[Conflict] = []
        for index, item in enumerate(items):

            def one(index: int = index, item: Any = item) -> Conflict:
                key, entry = self.named_table("conflicts", index, item)
                self.keys(key, entry, ("id", "when", "note"))
                return Conflict(
                    id=self.text(f"{key}.id", entry.get("id")),
                    when=self.condition(f"{key}.when", entry.get("when"), choices),
                    note=self.text(f"{key}.note", entry.get("note")),
                )

            found = self.guarded(one)
            if found is None:
                continue
            if found.id in {c.id for c in result}:
                self.problem(f"conflicts.{found.id}.id", "duplicate conflict id")
            result.append(found)
        return tuple(result)

    def advice(self, raw: Any, choices: Mapping[str, tuple[str, ...]], certs: Mapping[str, Cert]) -> Advice:
        entry = self.table("advice", raw)
        self.keys(
            "advice",
            entry,
            ("near_tie", "clear_margin", "signal_questions", "tie_order", "tie_principle", "starting_points"),
            ("held_question", "held_also"),
        )
        near_tie = self.expect("advice.near_tie", entry.get("near_tie"), int, "an integer")
        clear = self.expect("advice.clear_margin", entry.get("clear_margin"), int, "an integer")
        if not 0 <= near_tie < clear <= 100:
            self.problem(
                "advice", f"expected 0 <= near_tie < clear_margin <= 100, got {near_tie} and {clear}"
            )
        signals = tuple(self.string_list("advice.signal_questions", entry.get("signal_questions")))
        for question in signals:
            if question not in choices:
                self.problem(
                    "advice.signal_questions",
                    f"unknown question {question!r}{did_you_mean(question, choices)}; "
                    f"known: {one_of(choices)}",
                )
        order = self.codes("advice.tie_order", entry.get("tie_order"), certs)
        missing = [code for code in certs if code not in order]
        if missing or len(set(order)) != len(order):
            self.problem(
                "advice.tie_order",
                f"expected every certification exactly once; missing: {', '.join(missing) or 'none'}",
            )
        raw_points = self.expect(
            "advice.starting_points", entry.get("starting_points"), list, "a list of { cert, why } tables"
        )
        points: list[StartingPoint] = []
        for index, item in enumerate(raw_points):
            skey = f"advice.starting_points[{index}]"
            table = self.table(skey, item)
            self.keys(skey, table, ("cert", "why"), ("when",))
            points.append(
                StartingPoint(
                    cert=self.cert_ref(f"{skey}.cert", table.get("cert"), certs),
                    when=self.condition(f"{skey}.when", table["when"], choices)
                    if "when" in table
                    else ALWAYS,
                    why=self.text(f"{skey}.why", table.get("why")),
                )
            )
        if not points or points[-1].when.kind != "always":
            self.problem(
                "advice.starting_points", "the last starting point must have no `when` (the default)"
            )
        held_question, held = self.held(entry, choices, certs)
        return Advice(
            near_tie=near_tie,
            clear_margin=clear,
            signal_questions=signals,
            tie_order=order,
            tie_principle=self.text("advice.tie_principle", entry.get("tie_principle")),
            starting_points=tuple(points),
            held_question=held_question,
            held=held,
        )

    def held(
        self, entry: Mapping[str, Any], choices: Mapping[str, tuple[str, ...]], certs: Mapping[str, Cert]
    ) -> tuple[str | None, dict[str, tuple[str, ...]]]:
        """The held-credential question: each value is a code, a ``held_also`` entry, or "none"."""
        if "held_question" not in entry:
            if "held_also" in entry:
                self.problem("advice.held_also", "needs advice.held_question")
            return None, {}
        question = self.text("advice.held_question", entry["held_question"])
        if question not in choices:
            self.problem(
                "advice.held_question",
                f"unknown question {question!r}{did_you_mean(question, choices)}; known: {one_of(choices)}",
            )
            raise _Skip
        also = self.table("advice.held_also", entry.get("held_also", {}))
        held: dict[str, tuple[str, ...]] = {}
        for value, codes in also.items():
            if value not in choices[question]:
                self.problem(f"advice.held_also.{value}", f"not a value of question {question!r}")
            held[value] = self.codes(f"advice.held_also.{value}", codes, certs)
        for value in choices[question]:
            if value in certs:
                held.setdefault(value, (value,))
            elif value not in held and value != "none":
                self.problem(
                    f"questions.{question}",
                    f'value {value!r} is neither a certification code nor in advice.held_also (or "none")',
                )
        return question, held

    def named_table(self, table: str, index: int, raw: Any) -> tuple[str, dict[str, Any]]:
        """An array-of-tables entry, keyed by its id when it has one, else by its position."""
        key = f"{table}[{index}]"
        entry = self.table(key, raw)
        name = entry.get("id")
        if isinstance(name, str) and name.strip():
            key = f"{table}.{name}"
        return key, entry

    def codes(self, key: str, raw: Any, certs: Mapping[str, Cert]) -> tuple[str, ...]:
        items = self.expect(key, raw, list, "a list of certification codes")
        found: list[str] = []
        for item in items:
            try:
                found.append(self.cert_ref(key, item, certs))
            except _Skip:
                continue
        return tuple(found)

    # -- career paths ----------------------------------------------------------------------------

    def paths(
        self, raw: Any, choices: Mapping[str, tuple[str, ...]], certs: Mapping[str, Cert]
    ) -> tuple[CareerPath, ...]:
        items = self.expect("paths", raw, list, "a list of tables ([[paths]])")
        result: list[CareerPath] = []
        broken = False
        for index, item in enumerate(items):
            path = self.guarded(self.career_path, index, item, choices, certs)
            if path is None:
                broken = True
                continue
            if path.id in {p.id for p in result}:
                self.problem(f"paths.{path.id}.id", "duplicate path id")
            result.append(path)
        if result and not broken:  # a broken path was already reported; do not pile on
            # Every recommendation must come with a plan, whatever the answers: one path per
            # certification with no `when` catches everyone the conditional paths do not.
            for code in certs:
                if not any(p.cert == code and p.when.kind == "always" for p in result):
                    self.problem(
                        "paths", f"certification {code} has no default path (a [[paths]] without `when`)"
                    )
        return tuple(result)

    def career_path(
        self,
        index: int,
        raw: Any,
        choices: Mapping[str, tuple[str, ...]],
        certs: Mapping[str, Cert],
    ) -> CareerPath:
        key = f"paths[{index}]"
        entry = self.table(key, raw)
        pid = entry.get("id")
        if isinstance(pid, str) and pid.strip():
            key = f"paths.{pid}"
        self.keys(key, entry, ("id", "cert", "title", "steps"), ("when",))
        pid = self.text(f"{key}.id", pid)
        cert = self.cert_ref(f"{key}.cert", entry.get("cert"), certs)
        raw_steps = self.expect(
            f"{key}.steps", entry.get("steps"), list, "a list of { text, condition } tables"
        )
        if not raw_steps:
            self.problem(f"{key}.steps", "expected at least one step")
            raise _Skip
        steps: list[PathStep] = []
        for number, raw_step in enumerate(raw_steps):
            skey = f"{key}.steps[{number}]"
            step = self.table(skey, raw_step)
            self.keys(skey, step, ("text", "condition"), ("cert",))
            steps.append(
                PathStep(
                    text=self.text(f"{skey}.text", step.get("text")),
                    condition=self.text(f"{skey}.condition", step.get("condition")),
                    cert=self.cert_ref(f"{skey}.cert", step["cert"], certs) if "cert" in step else None,
                )
            )
        return CareerPath(
            id=pid,
            cert=cert,
            title=self.text(f"{key}.title", entry.get("title")),
            when=self.condition(f"{key}.when", entry["when"], choices) if "when" in entry else ALWAYS,
            steps=tuple(steps),
        )

    def cert_ref(self, key: str, value: Any, certs: Mapping[str, Cert]) -> str:
        code = self.text(key, value)
        if code not in certs:
            self.problem(
                key, f"unknown certification {code!r}{did_you_mean(code, certs)}; known: {', '.join(certs)}"
            )
            raise _Skip
        return code
