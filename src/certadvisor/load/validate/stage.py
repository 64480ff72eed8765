"""[[offers]] and [advice.standing]: where the person is, read from the answers.

Both hold conditions over the questions, so they are checked once every question is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from certadvisor.load.listing import allowed_values, suggest
from certadvisor.load.validate.problems import Problems
from certadvisor.model.conditions import Condition
from certadvisor.model.records import Body, Cert, Offer, Standing
from certadvisor.text import did_you_mean, one_of

Choices = Mapping[str, tuple[str, ...]]


def check_offers(p: Problems, raw: Any, choices: Choices) -> tuple[Offer, ...] | None:
    """Each offer names a question, some of its values, and when a what-if may suggest them."""
    items = p.expect("offers", raw, list, "a list of tables ([[offers]])")
    if items is None:
        return None
    result: list[Offer] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        found = check_offer(p, index, item, choices)
        if found is None:
            continue
        if found.id in seen:
            p.add(f"offers.{found.id}.id", "duplicate offer id")
        seen.add(found.id)
        result.append(found)
    return tuple(result)


def check_offer(p: Problems, index: int, raw: Any, choices: Choices) -> Offer | None:
    named = p.named_table("offers", index, raw)
    if named is None:
        return None
    key, entry = named
    p.keys(key, entry, ("id", "question", "values", "when", "why"))
    oid = p.text(f"{key}.id", entry.get("id"))
    question = p.text(f"{key}.question", entry.get("question"))
    values = p.string_list(f"{key}.values", entry.get("values"))
    if oid is None or question is None or values is None:
        return None
    if question not in choices:
        p.add(
            f"{key}.question",
            f"unknown question {question!r}{did_you_mean(question, choices)}; known: {one_of(choices)}",
        )
        return None
    for value in values:
        if value not in choices[question]:
            p.add(
                f"{key}.values",
                f"{value!r} is not a value of question {question!r}"
                f"{suggest(value, choices[question])}; allowed: {allowed_values(choices[question])}",
            )
    when = p.condition(f"{key}.when", entry.get("when"), choices)
    why = p.text(f"{key}.why", entry.get("why"))
    if when is None or why is None:
        return None
    return Offer(id=oid, question=question, values=tuple(values), when=when, why=why)


def check_standing(
    p: Problems, raw: Any, choices: Choices, certs: Mapping[str, Cert], bodies: Mapping[str, Body]
) -> Standing | None:
    """``member_of`` keyed by body code; ``education_done`` and ``exam_passed`` by certification."""
    entry = p.table("advice.standing", raw)
    if entry is None:
        return None
    p.keys("advice.standing", entry, (), ("member_of", "education_done", "exam_passed"))
    member_of = _conditions(p, "advice.standing.member_of", entry.get("member_of", {}), choices, bodies)
    done = _conditions(p, "advice.standing.education_done", entry.get("education_done", {}), choices, certs)
    passed = _conditions(p, "advice.standing.exam_passed", entry.get("exam_passed", {}), choices, certs)
    if member_of is None or done is None or passed is None:
        return None
    for code in done:
        if code in certs and not _needs_education(certs[code]):
            p.add(
                f"advice.standing.education_done.{code}",
                f"{code} has no required education (time.education_months), so nothing can be done",
            )
    return Standing(member_of=member_of, education_done=done, exam_passed=passed)


def _conditions(
    p: Problems, key: str, raw: Any, choices: Choices, known: Mapping[str, object]
) -> dict[str, Condition] | None:
    table = p.table(key, raw)
    if table is None:
        return None
    found: dict[str, Condition] = {}
    for name, value in table.items():
        if name not in known:
            p.add(
                f"{key}.{name}", f"unknown code {name!r}{did_you_mean(name, known)}; known: {one_of(known)}"
            )
            continue
        condition = p.condition(f"{key}.{name}", value, choices)
        if condition is not None:
            found[name] = condition
    return found


def _needs_education(cert: Cert) -> bool:
    fact = cert.facts.get("time.education_months")
    return fact is not None and fact.status != "not_applicable"
