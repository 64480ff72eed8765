"""Which questions ``check-data``'s audit enumerates, and which it holds at their neutral value.

The audit scores every combination of answers, so each question it enumerates multiplies the
work. A question changes an audited finding only through a condition the audit's results depend
on: a rule (the ranking), a question's ``when`` (whether a later one counts), an expectation, a
conflict, an offer, a requirement, a starting point, the standing and the held question (what a
score and a confidence start from) or the signal questions (confidence). Those are the
*scoring* conditions; a question none of them reads cannot change a ranking, a confidence or a
count, so the audit holds it at its neutral value and says so.

The other conditions only choose what a result shows (a path, a path addition, a next step, the
remote-work note): they are named as a held question's readers. A question that no condition
reads at all changes nothing anywhere; the audit reports it as a problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import Condition


class HeldQuestion(NamedTuple):
    """A question the audit does not enumerate: no scoring condition reads it."""

    id: str
    neutral: str  # the value it is held at
    read_by: tuple[str, ...]  # the display conditions that read it (none: it changes nothing)


Reader = tuple[str, frozenset[str]]  # a condition's key in the data, and the questions it reads


def _reads(key: str, condition: Condition) -> Reader:
    return key, frozenset(condition.questions())


def scoring_readers(catalog: Catalog) -> Iterator[Reader]:
    """The conditions the audit's results depend on, except the questions' own ``when``s."""
    yield from (_reads(f"rules.{r.id}", r.when) for r in catalog.rules)
    yield from (_reads(f"expectations.{e.id}", e.when) for e in catalog.expectations)
    yield from (_reads(f"conflicts.{c.id}", c.when) for c in catalog.conflicts)
    for offer in catalog.offers:
        key, read = _reads(f"offers.{offer.id}", offer.when)
        yield key, read | {offer.question}
    for code, cert in catalog.certs.items():
        if cert.requires is not None:
            yield _reads(f"certs.{code}.requires", cert.requires.met)
    advice = catalog.advice
    if advice is None:
        return
    yield "advice.signal_questions", frozenset(advice.signal_questions)
    if advice.held_question is not None:
        yield "advice.held_question", frozenset({advice.held_question})
    yield from (_reads(f"advice.starting_points.{p.cert}", p.when) for p in advice.starting_points)
    standing = advice.standing
    if standing is not None:
        for name, table in (
            ("member_of", standing.member_of),
            ("education_done", standing.education_done),
            ("exam_passed", standing.exam_passed),
        ):
            yield from (_reads(f"advice.standing.{name}.{key}", c) for key, c in table.items())


def display_readers(catalog: Catalog) -> Iterator[Reader]:
    """Conditions that choose only what a result shows, never a score or a confidence."""
    yield from (_reads(f"paths.{p.id}", p.when) for p in catalog.paths)
    yield from (_reads(f"path_additions.{a.id}", a.when) for a in catalog.path_additions)
    for code, cert in catalog.certs.items():
        for step in cert.next_steps:
            yield _reads(f"certs.{code}.next_steps", step.when)
    if catalog.advice is not None and catalog.advice.remote_when is not None:
        yield _reads("advice.remote_when", catalog.advice.remote_when)


def enumerated(catalog: Catalog) -> frozenset[str]:
    """The questions the audit enumerates: those a scoring condition reads, and those the
    ``when`` of an enumerated question reads (whether it is asked decides whether it counts)."""
    found: set[str] = set()
    for _key, read in scoring_readers(catalog):
        found |= read
    whens = {q.id: q.when.questions() for q in catalog.questions}
    pending = list(found)
    while pending:
        for gate in whens.get(pending.pop(), set()) - found:
            found.add(gate)
            pending.append(gate)
    return frozenset(found)


def held_at_neutral(catalog: Catalog) -> tuple[HeldQuestion, ...]:
    """The questions the audit holds at their neutral value, in question order, each with the
    display conditions that read it."""
    scored = enumerated(catalog)
    held = [q for q in catalog.questions if q.id not in scored]
    readers = [*display_readers(catalog), *(_reads(f"questions.{q.id}.when", q.when) for q in held)]
    return tuple(
        HeldQuestion(q.id, q.neutral, tuple(dict.fromkeys(key for key, read in readers if q.id in read)))
        for q in held
    )
