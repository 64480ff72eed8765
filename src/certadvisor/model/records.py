"""The catalog's record types: immutable objects built once, when the data file is checked.

The records are named tuples, not frozen dataclasses: every command imports them (a cached
catalog is unpickled into them), and a dataclass takes several times as long to define, which
the benchmark showed on every command's start-up. ``Money``, ``Months`` and ``Rate`` are
dataclasses so that a fact's value is never mistaken for a list value (a tuple of strings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from certadvisor.model.conditions import Condition
from certadvisor.text import plural

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(day: dt.date) -> str:
    """A day as a reader says it: "29 Nov 2026"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


class PartialDate(NamedTuple):
    """A date only as precise as its page gives it: a year, a year and month, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def first_day(self) -> dt.date:
        """The earliest day it can mean: an age counted from it is never too young."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """In ISO form, as precise as it is: 2022, 2026-02 or 2026-04-23."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{self.year}-{self.month:02}"
        return self.first_day().isoformat()

    def words(self) -> str:
        """In words, as precise as it is: 2022, Feb 2026 or 23 Apr 2026."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return day_words(self.first_day())


# What a person read: the body's own page opened live, a stored (archived) copy of the body's
# page, or a page by someone else (a guide, a school, a copy of the body's text on another site).
EVIDENCE_KINDS = ("live", "archived", "third-party")


class Evidence(NamedTuple):
    """One version of a source's page that someone read and compared facts with."""

    version: str  # its name within the source ("" when the source has one version)
    kind: str  # one of EVIDENCE_KINDS
    dated: PartialDate | None  # the page's own date, when it shows one
    implied: PartialDate | None  # else the date its content implies (a survey year), if any
    compared: dt.date  # the day a person compared facts with it
    capture_host: str | None = None  # the host actually read, when not the citation's (never shown)
    note: str | None = None  # for the maintainer: what the version is, what implies its date

    @property
    def date(self) -> PartialDate | None:
        """The evidence date: the page's own date, else the one its content implies."""
        return self.dated or self.implied


class Source(NamedTuple):
    """A public page that facts cite, with the versions of it that were read."""

    id: str
    title: str
    url: str
    publisher: str
    official: bool
    versions: tuple[Evidence, ...] = ()


class Citation(NamedTuple):
    """A further page a fact names beside its main source: one that agrees, or disagrees."""

    source: Source
    evidence: Evidence


@dataclass(frozen=True)
class Money:
    """A US-dollar amount or range (``low == high`` for a single figure)."""

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
            return plural(self.low, "month")
        return f"{self.low}–{self.high} months"


@dataclass(frozen=True)
class Rate:
    """A whole percent of a population (a first-time pass rate, a share of coders working
    remotely), or a range of them (``low == high`` for a single figure)."""

    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}%" if self.low == self.high else f"{self.low}–{self.high}%"


FactValue = int | bool | str | tuple[str, ...] | Money | Months | Rate | None


class Fact(NamedTuple):
    """One sourced fact about a certification (or the job market), with the evidence it rests on."""

    key: str  # dotted, e.g. "exam.minutes", or "market.remote_share" for a market fact
    value: FactValue
    status: str  # "known" | "range" | "unknown" | "not_applicable"
    source: Source
    evidence: Evidence  # the version of the source the fact rests on
    compared: dt.date  # the day a person compared the fact with that version
    fresh_months: int  # how long evidence holds for facts of this kind ([freshness])
    note: str | None = None
    survey: str | None = None  # salary and rate facts only: the survey and its population
    year: int | None = None  # salary and rate facts only: the year the figure describes
    also: tuple[Citation, ...] = ()  # further pages that agree or disagree
    statistic: str | None = None  # salary and rate facts: median or average; pass_rate or share

    @property
    def dimension(self) -> str:
        """The kind of fact, which sets how long a check holds: its section, e.g. "fees"
        (every market fact is "market")."""
        return self.key.split(".", 1)[0]


class Body(NamedTuple):
    """A credentialing body such as AAPC or AHIMA."""

    code: str
    name: str
    website: str
    source: Source
    evidence: Evidence
    compared: dt.date
    fresh_months: int


class Step(NamedTuple):
    """A next step after choosing a certification, optionally only for some answers."""

    text: str
    url: str | None
    when: Condition


class Requirement(NamedTuple):
    """A hard prerequisite (such as an accredited degree) and the answers that show it is met."""

    text: str
    met: Condition


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
    short: str = ""  # a few words of focus, for one-line lists

    def fact(self, key: str) -> Fact:
        """The fact at a dotted key, e.g. ``cert.fact("exam.minutes")``."""
        return self.facts[key]


class GlossaryEntry(NamedTuple):
    """A term a beginner may not know, explained in plain words."""

    term: str
    text: str
    source: Source | None = None  # where the term is defined, when the entry is a definition
    see: tuple[str, ...] = ()  # related glossary terms
    # Other names the entry is found by (`glossary PCS` finds ICD-10-PCS); unique across entries.
    aliases: tuple[str, ...] = ()


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
    values: tuple[str, ...]  # the choices' values, in order (then a set question's stacks)
    kind: str = "preference"  # "preference" (what the person wants) or "fact" (what they have)
    # A set question takes several of its choices at once (its answer joins them with "+");
    # ``values`` then also lists the sets the audit enumerates besides single choices (stacks).
    multiple: bool = False

    def label(self, value: str) -> str:
        """The label shown for a value (a set's members' labels, joined)."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        if self.multiple and "+" in value:
            return " + ".join(self.label(part) for part in value.split("+"))
        return value


class Rule(NamedTuple):
    """When ``when`` holds, add ``points`` to each named certification, for ``reason``.

    ``reasons`` may give a certification its own wording, so that a reason listed under a
    certification speaks of that certification; the others get the neutral ``reason``.

    A rule with ``points_from`` (a measure from ``schema.MEASURES`` and the points for the best
    figure) has no fixed ``points``: the core works them out from the cost and time facts when
    it builds the rule set (``core.rules``).
    """

    id: str
    when: Condition
    points: Mapping[str, int]
    reason: str
    reasons: Mapping[str, str] = {}
    points_from: tuple[str, int] | None = None

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
    standing: Standing | None = None  # what the answers show the person already has
    # When it holds, the result says what the sources say about working from home (the person
    # needs remote work); no score reads it.
    remote_when: Condition | None = None


class Standing(NamedTuple):
    """What the answers show a person already has, so that cost and plans start from there.

    ``member_of``: a body code -> the answers that show a current membership (holding any of a
    body's credentials means paying its dues already). ``education_done``: a certification code ->
    the answers that show its required programme is complete, or in its final term.
    ``exam_passed``: a certification code -> the answers that show its exam is passed although the
    credential is not yet full (an apprentice: CPC-A has passed the CPC exam).
    """

    member_of: Mapping[str, Condition] = {}
    education_done: Mapping[str, Condition] = {}
    exam_passed: Mapping[str, Condition] = {}  # cert code -> answers showing its exam is passed


class Offer(NamedTuple):
    """Which answers a what-if may suggest: moving ``question`` to one of ``values`` is offered only
    to a person whose current answers meet ``when`` (a goal that needs years of experience is not
    something a beginner can switch to today)."""

    id: str
    question: str
    values: tuple[str, ...]
    when: Condition
    why: str


class PathStep(NamedTuple):
    """One step of a career path, with what it takes (time, experience or education)."""

    text: str
    condition: str
    cert: str | None


class PathAddition(NamedTuple):
    """Steps added to whichever plan is shown when ``when`` holds: what the person's situation
    makes worth doing whatever the pick (an HIM student's RHIT or RHIA). Left out when the plan
    already leads to a credential its steps name, or the person holds it."""

    id: str
    when: Condition
    steps: tuple[PathStep, ...]


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
