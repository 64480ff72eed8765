"""The few lines a long screen opens with, in words every presenter can share: the facts people
ask first about one credential (``show``), how a few credentials differ (``compare``), and one
line per credential when many are compared (``compare --all``).

Built from the data (facts and the cost model), never written per credential or per pair."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from certadvisor.core.cost import sheet
from certadvisor.model.records import Cert
from certadvisor.present.cost_text import exam_fee, money, summary_lines
from certadvisor.present.fact_text import format_value

# The first sentence of a fact's words: "None." of "None. AAPC asks for no proof ...".
_SENTENCE = re.compile(r"^(.+?[.!?])(?=\s+[A-Z(])")


# A fact this long or shorter is said whole in a difference line.
SHORT = 100


def first_sentence(text: str) -> str:
    """``text`` up to the end of its first sentence (all of it when it has one)."""
    found = _SENTENCE.match(text)
    return found.group(1) if found else text


def _fact(cert: Cert, key: str) -> str | None:
    """A fact's value in words, or None when the data does not record it."""
    fact = cert.facts.get(key)
    return format_value(fact) if fact is not None else None


def renewal(cert: Cert) -> str | None:
    """'36 CEUs every 2 years', or None when neither is known."""
    ceus, cycle = cert.facts.get("renewal.ceus"), cert.facts.get("renewal.cycle_years")
    known = [format_value(f) for f in (ceus, cycle) if f is not None and f.status in ("known", "range")]
    return " ".join(known) or None


def key_facts(cert: Cert) -> tuple[tuple[str, str], ...]:
    """What people ask first about a credential: the exam fee, what the exam requires, the
    first year, staying certified and the time, as (label, text)."""
    current = sheet(cert)
    lines = summary_lines(current)
    found: list[tuple[str, str | None]] = [
        ("Exam fee", exam_fee(current)),
        ("Before the exam", _fact(cert, "eligibility.required")),
        ("First year", lines["first_year"]),
        ("Staying certified", "; ".join(t for t in (renewal(cert), lines["upkeep"]) if t)),
        ("Time", lines["time"]),
    ]
    return tuple((label, text) for label, text in found if text)


class Difference(NamedTuple):
    """One way the compared credentials differ: a label and each one's words, by code."""

    label: str
    values: tuple[tuple[str, str], ...]


def _body(cert: Cert) -> str:
    required = cert.facts.get("fees.membership_required")
    if required is None or required.status != "known":
        return cert.body.code
    return f"{cert.body.code}, membership {'required' if required.value is True else 'optional'}"


def _apprentice(cert: Cert) -> str:
    return first_sentence(_fact(cert, "apprentice.status") or "Not recorded")


def _requirement(cert: Cert) -> str:
    """The formal requirement, whole when it is short ("None. AAPC asks for no proof ...")."""
    text = _fact(cert, "eligibility.required") or "Not recorded"
    return text if len(text) <= SHORT else first_sentence(text)


def _fee(cert: Cert) -> str:
    return exam_fee(sheet(cert)) or "Not recorded"


def _upkeep(cert: Cert) -> str:
    return renewal(cert) or "Not recorded"


def _time(cert: Cert) -> str:
    return summary_lines(sheet(cert))["time"]


# What most people weigh first, in that order: who awards it, the work, what the exam needs,
# the apprentice stage, the fee, staying certified, the time.
_DIMENSIONS: tuple[tuple[str, Callable[[Cert], str]], ...] = (
    ("Awarded by", _body),
    ("Work", lambda cert: cert.short or cert.name),
    ("Before the exam", _requirement),
    ("After passing", _apprentice),
    ("Exam fee", _fee),
    ("To renew", _upkeep),
    ("Time", _time),
)


def differences(certs: Sequence[Cert]) -> tuple[tuple[Difference, ...], tuple[str, ...]]:
    """How the credentials differ, one ``Difference`` per dimension where their words differ,
    and the labels of the dimensions where they are alike."""
    differ: list[Difference] = []
    alike: list[str] = []
    for label, words in _DIMENSIONS:
        values = tuple((cert.code, words(cert)) for cert in certs)
        if len({text for _code, text in values}) > 1:
            differ.append(Difference(label, values))
        else:
            alike.append(label.lower())
    return tuple(differ), tuple(alike)


# Under the one-line digest: what its figures are.
DIGEST_NOTE = (
    "Exam fee: one attempt, at the price the cost command uses. First year: the usual route; "
    "a + means parts no source prices (a course, code books)."
)


class Digest(NamedTuple):
    """One credential in a line: its code, body, work, exam fee and first-year figure."""

    code: str
    body: str
    work: str
    fee: str
    first_year: str


def digest(cert: Cert) -> Digest:
    """A credential in a few words, for a line of ``compare --all``."""
    current = sheet(cert)
    exam = next((i for i in current.items if i.role == "exam" and i.estimate is not None), None)
    fee = money(exam.estimate) if exam is not None and exam.estimate is not None else "not known"
    usual = current.first_year_usual
    first = money(usual) + ("+" if usual.unknown and not (usual.low == usual.high == 0) else "")
    return Digest(cert.code, cert.body.code, cert.short or cert.name, fee, first)
