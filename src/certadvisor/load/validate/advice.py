"""[[paths]], [[expectations]], [[conflicts]] and [advice]: what is said with a recommendation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from certadvisor.load.validate.problems import Problems
from certadvisor.load.validate.stage import check_standing
from certadvisor.model.conditions import SEPARATOR, over_members
from certadvisor.model.records import (
    Advice,
    Body,
    CareerPath,
    Cert,
    Conflict,
    Expectation,
    PathAddition,
    PathStep,
    StartingPoint,
)
from certadvisor.text import did_you_mean, one_of

Choices = Mapping[str, tuple[str, ...]]
Certs = Mapping[str, Cert]


def cert_ref(p: Problems, key: str, value: Any, certs: Certs) -> str | None:
    """A certification code, which [certs] must define."""
    code = p.text(key, value)
    if code is None:
        return None
    if code not in certs:
        p.add(key, f"unknown certification {code!r}{did_you_mean(code, certs)}; known: {', '.join(certs)}")
        return None
    return code


def check_codes(p: Problems, key: str, raw: Any, certs: Certs) -> tuple[str, ...] | None:
    """A list of certification codes; an unknown one is reported and left out."""
    items = p.expect(key, raw, list, "a list of certification codes")
    if items is None:
        return None
    found = (cert_ref(p, key, item, certs) for item in items)
    return tuple(code for code in found if code is not None)


# -- career paths -------------------------------------------------------------------------------


def check_paths(p: Problems, raw: Any, choices: Choices, certs: Certs) -> tuple[CareerPath, ...] | None:
    items = p.expect("paths", raw, list, "a list of tables ([[paths]])")
    if items is None:
        return None
    result: list[CareerPath] = []
    seen: set[str] = set()  # ids so far, and codes with a default path: each looked up at once
    defaults: set[str] = set()
    broken = False
    for index, item in enumerate(items):
        path = check_path(p, index, item, choices, certs)
        if path is None:
            broken = True
            continue
        if path.id in seen:
            p.add(f"paths.{path.id}.id", "duplicate path id")
        seen.add(path.id)
        defaults |= {path.cert} if path.when.always else set()
        result.append(path)
    if result and not broken:  # a broken path was already reported; do not pile on
        # Every recommendation must come with a plan, whatever the answers: one path per
        # certification with no `when` catches everyone the conditional paths do not.
        for code in certs:
            if code not in defaults:
                p.add("paths", f"certification {code} has no default path (a [[paths]] without `when`)")
    return tuple(result)


def check_path(p: Problems, index: int, raw: Any, choices: Choices, certs: Certs) -> CareerPath | None:
    named = p.named_table("paths", index, raw)
    if named is None:
        return None
    key, entry = named
    p.keys(key, entry, ("id", "cert", "title", "steps"), ("when",))
    pid = p.text(f"{key}.id", entry.get("id"))
    if pid is None:
        return None
    cert = cert_ref(p, f"{key}.cert", entry.get("cert"), certs)
    if cert is None:
        return None
    steps = check_path_steps(p, key, entry.get("steps"), certs)
    if steps is None:
        return None
    title = p.text(f"{key}.title", entry.get("title"))
    if title is None:
        return None
    when = p.when(key, entry, choices)
    if when is None:
        return None
    return CareerPath(id=pid, cert=cert, title=title, when=when, steps=steps)


def check_path_steps(p: Problems, key: str, raw: Any, certs: Certs) -> tuple[PathStep, ...] | None:
    """At least one step, each with what it takes; a broken step abandons the path."""
    items = p.expect(f"{key}.steps", raw, list, "a list of { text, condition } tables")
    if items is None:
        return None
    if not items:
        p.add(f"{key}.steps", "expected at least one step")
        return None
    steps: list[PathStep] = []
    for number, item in enumerate(items):
        skey = f"{key}.steps[{number}]"
        step = p.table(skey, item)
        if step is None:
            return None
        p.keys(skey, step, ("text", "condition"), ("cert",))
        text = p.text(f"{skey}.text", step.get("text"))
        if text is None:
            return None
        condition = p.text(f"{skey}.condition", step.get("condition"))
        if condition is None:
            return None
        cert = None
        if "cert" in step and (cert := cert_ref(p, f"{skey}.cert", step["cert"], certs)) is None:
            return None
        steps.append(PathStep(text, condition, cert))
    return tuple(steps)


def check_path_additions(
    p: Problems, raw: Any, choices: Choices, certs: Certs
) -> tuple[PathAddition, ...] | None:
    """Each addition: an id, a condition and steps shaped like a path's."""
    items = p.expect("path_additions", raw, list, "a list of tables ([[path_additions]])")
    if items is None:
        return None
    result: list[PathAddition] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        named = p.named_table("path_additions", index, item)
        if named is None:
            continue
        key, entry = named
        p.keys(key, entry, ("id", "when", "steps"))
        aid = p.text(f"{key}.id", entry.get("id"))
        when = p.condition(f"{key}.when", entry.get("when"), choices)
        steps = check_path_steps(p, key, entry.get("steps"), certs)
        if aid is None or when is None or steps is None:
            continue
        if aid in seen:
            p.add(f"{key}.id", "duplicate path addition id")
        seen.add(aid)
        result.append(PathAddition(aid, when, steps))
    return tuple(result)


# -- expectations and conflicts -----------------------------------------------------------------


def check_expectations(
    p: Problems, raw: Any, choices: Choices, certs: Certs
) -> tuple[Expectation, ...] | None:
    items = p.expect("expectations", raw, list, "a list of tables ([[expectations]])")
    if items is None:
        return None
    result: list[Expectation] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        found = check_expectation(p, index, item, choices, certs)
        if found is None:
            continue
        if found.id in seen:
            p.add(f"expectations.{found.id}.id", "duplicate expectation id")
        seen.add(found.id)
        result.append(found)
    return tuple(result)


def check_expectation(
    p: Problems, index: int, raw: Any, choices: Choices, certs: Certs
) -> Expectation | None:
    named = p.named_table("expectations", index, raw)
    if named is None:
        return None
    key, entry = named
    p.keys(key, entry, ("id", "when", "why"), ("top_in", "not_top"))
    top_in = check_codes(p, f"{key}.top_in", entry.get("top_in", []), certs)
    if top_in is None:
        return None
    not_top = check_codes(p, f"{key}.not_top", entry.get("not_top", []), certs)
    if not_top is None:
        return None
    if not top_in and not not_top:
        p.add(key, "expected top_in, not_top or both (a list of certification codes)")
    for code in set(top_in) & set(not_top):
        p.add(f"{key}.not_top", f"{code} is also in top_in")
    eid = p.text(f"{key}.id", entry.get("id"))
    if eid is None:
        return None
    when = p.condition(f"{key}.when", entry.get("when"), choices)
    if when is None:
        return None
    why = p.text(f"{key}.why", entry.get("why"))
    if why is None:
        return None
    return Expectation(id=eid, when=when, top_in=top_in, not_top=not_top, why=why)


def check_conflicts(p: Problems, raw: Any, choices: Choices) -> tuple[Conflict, ...] | None:
    items = p.expect("conflicts", raw, list, "a list of tables ([[conflicts]])")
    if items is None:
        return None
    result: list[Conflict] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        found = check_conflict(p, index, item, choices)
        if found is None:
            continue
        if found.id in seen:
            p.add(f"conflicts.{found.id}.id", "duplicate conflict id")
        seen.add(found.id)
        result.append(found)
    return tuple(result)


def check_conflict(p: Problems, index: int, raw: Any, choices: Choices) -> Conflict | None:
    named = p.named_table("conflicts", index, raw)
    if named is None:
        return None
    key, entry = named
    p.keys(key, entry, ("id", "when", "note"))
    cid = p.text(f"{key}.id", entry.get("id"))
    if cid is None:
        return None
    when = p.condition(f"{key}.when", entry.get("when"), choices)
    if when is None:
        return None
    note = p.text(f"{key}.note", entry.get("note"))
    if note is None:
        return None
    return Conflict(id=cid, when=when, note=note)


# -- advice -------------------------------------------------------------------------------------


def check_advice(
    p: Problems, raw: Any, choices: Choices, certs: Certs, bodies: Mapping[str, Body]
) -> Advice | None:
    """Confidence margins, the questions that carry signal, tie order and starting points."""
    entry = p.table("advice", raw)
    if entry is None:
        return None
    p.keys(
        "advice",
        entry,
        ("near_tie", "clear_margin", "signal_questions", "tie_order", "tie_principle", "starting_points"),
        ("held_question", "held_also", "standing", "remote_when"),
    )
    near_tie = p.expect("advice.near_tie", entry.get("near_tie"), int, "an integer")
    if near_tie is None:
        return None
    clear = p.expect("advice.clear_margin", entry.get("clear_margin"), int, "an integer")
    if clear is None:
        return None
    if not 0 <= near_tie < clear <= 100:
        p.add("advice", f"expected 0 <= near_tie < clear_margin <= 100, got {near_tie} and {clear}")
    signals = check_signals(p, entry, choices)
    if signals is None:
        return None
    order = check_codes(p, "advice.tie_order", entry.get("tie_order"), certs)
    if order is None:
        return None
    check_tie_order(p, order, certs)
    starting_points = check_starting_points(p, entry.get("starting_points"), choices, certs)
    if starting_points is None:
        return None
    held = check_held(p, entry, choices, certs)
    if held is None:
        return None
    tie_principle = p.text("advice.tie_principle", entry.get("tie_principle"))
    if tie_principle is None:
        return None
    held_question, held_values = held
    standing = check_standing(p, entry["standing"], choices, certs, bodies) if "standing" in entry else None
    remote_when = None
    if "remote_when" in entry:
        # Read by the result's remote-work note only, never by a score.
        remote_when = p.condition("advice.remote_when", entry["remote_when"], choices)
        if remote_when is None:
            return None
    return Advice(
        near_tie=near_tie,
        clear_margin=clear,
        signal_questions=signals,
        tie_order=order,
        tie_principle=tie_principle,
        starting_points=starting_points,
        held_question=held_question,
        held=held_values,
        standing=standing,
        remote_when=remote_when,
    )


def check_tie_order(p: Problems, order: tuple[str, ...], certs: Certs) -> None:
    """Every certification exactly once (compared as sets: thousands of codes stay quick)."""
    listed = set(order)
    missing = [code for code in certs if code not in listed]
    if missing or len(listed) != len(order):
        named = ", ".join(missing) or "none"
        p.add("advice.tie_order", f"expected every certification exactly once; missing: {named}")


def check_signals(p: Problems, entry: Mapping[str, Any], choices: Choices) -> tuple[str, ...] | None:
    """The questions that carry signal: with none of them answered, advice is low-confidence."""
    signals = p.string_list("advice.signal_questions", entry.get("signal_questions"))
    if signals is None:
        return None
    for question in signals:
        if question not in choices:
            p.add(
                "advice.signal_questions",
                f"unknown question {question!r}{did_you_mean(question, choices)}; known: {one_of(choices)}",
            )
    return tuple(signals)


def check_starting_points(
    p: Problems, raw: Any, choices: Choices, certs: Certs
) -> tuple[StartingPoint, ...] | None:
    """The usual first credentials; the last one, with no `when`, is the default."""
    items = p.expect("advice.starting_points", raw, list, "a list of { cert, why } tables")
    if items is None:
        return None
    points: list[StartingPoint] = []
    for index, item in enumerate(items):
        key = f"advice.starting_points[{index}]"
        table = p.table(key, item)
        if table is None:
            return None
        p.keys(key, table, ("cert", "why"), ("when",))
        cert = cert_ref(p, f"{key}.cert", table.get("cert"), certs)
        if cert is None:
            return None
        when = p.when(key, table, choices)
        if when is None:
            return None
        why = p.text(f"{key}.why", table.get("why"))
        if why is None:
            return None
        points.append(StartingPoint(cert, when, why))
    if not points or not points[-1].when.always:
        p.add("advice.starting_points", "the last starting point must have no `when` (the default)")
    return tuple(points)


def check_held(
    p: Problems, entry: Mapping[str, Any], choices: Choices, certs: Certs
) -> tuple[str | None, dict[str, tuple[str, ...]]] | None:
    """The held-credential question: each value is a code, a ``held_also`` entry, or "none"."""
    if "held_question" not in entry:
        if "held_also" in entry:
            p.add("advice.held_also", "needs advice.held_question")
        return None, {}
    question = p.text("advice.held_question", entry["held_question"])
    if question is None:
        return None
    if question not in choices:
        p.add(
            "advice.held_question",
            f"unknown question {question!r}{did_you_mean(question, choices)}; known: {one_of(choices)}",
        )
        return None
    also = p.table("advice.held_also", entry.get("held_also", {}))
    if also is None:
        return None
    held: dict[str, tuple[str, ...]] = {}
    for value, raw_codes in also.items():
        if value not in choices[question]:
            p.add(f"advice.held_also.{value}", f"not a value of question {question!r}")
        codes = check_codes(p, f"advice.held_also.{value}", raw_codes, certs)
        if codes is None:
            return None
        held[value] = codes
    singles = [value for value in choices[question] if SEPARATOR not in value]
    for value in singles:
        if value in certs:
            held.setdefault(value, (value,))
        elif value not in held and value != "none":
            p.add(
                f"questions.{question}",
                f'value {value!r} is neither a certification code nor in advice.held_also (or "none")',
            )
    # A set of credentials (a stack) holds what each of its members does.
    for value in choices[question]:
        if SEPARATOR in value:
            held[value] = over_members(value, held)
    return question, held
