"""[[questions]] and [[rules]]: what the quiz asks, and the points each answer gives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from certadvisor.load.listing import allowed_values, suggest
from certadvisor.load.validate.problems import (
    CHOICE_VALUE,
    CHOICE_VALUE_RULE,
    QUESTION_ID,
    QUESTION_ID_RULE,
    Problems,
    Values,
)
from certadvisor.model.conditions import COMBINATORS, SEPARATOR, show_value
from certadvisor.model.records import Cert, Choice, Question, Rule
from certadvisor.model.schema import MEASURES, QUESTION_KINDS
from certadvisor.text import did_you_mean, one_of

Choices = Mapping[str, tuple[str, ...]]


def check_questions(p: Problems, raw: Any) -> tuple[Question, ...] | None:
    items = p.expect("questions", raw, list, "a list of tables ([[questions]])")
    if items is None:
        return None
    result: list[Question] = []
    earlier: dict[str, tuple[str, ...]] = {}
    for index, item in enumerate(items):
        question = check_question(p, index, item, earlier)
        if question is not None:
            earlier[question.id] = Values(question.values)
            result.append(question)
    return tuple(result)


def check_question(p: Problems, index: int, raw: Any, earlier: Choices) -> Question | None:
    """One question; its ``when`` may only look at earlier questions, since the quiz asks in order."""
    key = f"questions[{index}]"
    entry = p.table(key, raw)
    if entry is None:
        return None
    if isinstance(entry.get("id"), str):
        key = f"questions.{entry['id']}"
    required = ("id", "text", "short", "help", "choices", "neutral")
    p.keys(key, entry, required, ("when", "kind", "multiple", "stacks"))
    qid = check_question_id(p, key, entry.get("id"), earlier)
    if qid is None:
        return None
    choices = check_choices(p, key, entry.get("choices"))
    if choices is None:
        return None
    values = tuple(c.value for c in choices)
    multiple = entry.get("multiple", False) is True
    if "multiple" in entry and not isinstance(entry["multiple"], bool):
        p.add(f"{key}.multiple", f"expected true or false, got {show_value(entry['multiple'])}")
    stacks = check_stacks(p, key, entry, values, multiple)
    neutral = p.text(f"{key}.neutral", entry.get("neutral"))
    if neutral is None:
        return None
    if neutral not in values:
        p.add(
            f"{key}.neutral",
            f"{neutral!r} is not one of its choices{suggest(neutral, values)}; "
            f"allowed: {allowed_values(values)}",
        )
    kind = entry.get("kind")
    if kind is not None and kind not in QUESTION_KINDS:
        p.add(
            f"{key}.kind",
            f"expected one of {one_of(QUESTION_KINDS)}, got {show_value(kind)}"
            f"{did_you_mean(str(kind), QUESTION_KINDS)}",
        )
    when = p.when(key, entry, earlier)
    if when is None:
        return None
    text = p.text(f"{key}.text", entry.get("text"))
    if text is None:
        return None
    short = p.text(f"{key}.short", entry.get("short"))
    if short is None:
        return None
    help_text = p.text(f"{key}.help", entry.get("help"))
    if help_text is None:
        return None
    return Question(
        id=qid,
        text=text,
        short=short,
        help=help_text,
        choices=choices,
        neutral=neutral,
        when=when,
        values=values + stacks,
        kind=kind if kind in QUESTION_KINDS else "preference",
        multiple=multiple,
    )


def check_stacks(
    p: Problems, key: str, entry: Mapping[str, Any], values: tuple[str, ...], multiple: bool
) -> tuple[str, ...]:
    """A set question's stacks: the sets of two or more choices (besides single choices) that
    the audit enumerates, each written in the question's order (``join_set``)."""
    if "stacks" not in entry:
        return ()
    if not multiple:
        p.add(f"{key}.stacks", "only a question with multiple = true has stacks")
        return ()
    items = p.expect(f"{key}.stacks", entry["stacks"], list, "a list of lists of choice values")
    found: dict[str, None] = {}  # in the file's order, each looked up at once
    known = set(values)
    for index, item in enumerate(items or ()):
        skey = f"{key}.stacks[{index}]"
        if not isinstance(item, list) or len(item) < 2 or not all(isinstance(v, str) for v in item):
            p.add(skey, f"expected a list of two or more choice values, got {show_value(item)}")
            continue
        unknown = [v for v in item if v not in known]
        if unknown:
            p.add(skey, f"{unknown[0]!r} is not a choice{suggest(unknown[0], values)}")
            continue
        stack = join_set(item, values)
        if stack in found or len(set(item)) != len(item):
            p.add(skey, f"duplicate stack or member {stack!r}")
            continue
        found[stack] = None
    return tuple(found)


def join_set(chosen: Sequence[str], values: Sequence[str]) -> str:
    """A set answer's one spelling: its members in the question's order, joined by "+"."""
    return SEPARATOR.join(v for v in values if v in chosen)


def check_question_id(p: Problems, key: str, raw: Any, earlier: Choices) -> str | None:
    """A new question id that conditions can name: letters, digits and _, not an operator."""
    qid = p.text(f"{key}.id", raw)
    if qid is None:
        return None
    # ASCII only: an id is a TOML key in a saved answers file and a --set option, both of
    # which must read back as written.
    if not p.name(f"{key}.id", qid, "a question id", QUESTION_ID, QUESTION_ID_RULE):
        return None
    if qid in COMBINATORS:
        p.add(f"{key}.id", f"{qid!r} cannot be a question id: {one_of(COMBINATORS)} combine conditions")
        return None
    if qid in earlier:
        p.add(f"{key}.id", "duplicate question id")
        return None
    return qid


def check_choices(p: Problems, key: str, raw: Any) -> tuple[Choice, ...] | None:
    """At least two choices, each a { value, label } table with a value of its own."""
    items = p.expect(f"{key}.choices", raw, list, "a list of { value, label } tables")
    if items is None:
        return None
    choices: list[Choice] = []
    seen: set[str] = set()  # the values so far: each check stays quick however many choices
    for index, item in enumerate(items):
        ckey = f"{key}.choices[{index}]"
        table = p.table(ckey, item)
        if table is None:
            return None
        p.keys(ckey, table, ("value", "label"))
        value = p.text(f"{ckey}.value", table.get("value"))
        if value is None:
            return None
        if value in seen:
            p.add(f"{ckey}.value", f"duplicate value {value!r}")
        # ASCII letters, digits, _ and - only (so never the "+" that joins a set answer's
        # members): a value goes into --set options and the commands check-data prints.
        p.name(f"{ckey}.value", value, "a choice value", CHOICE_VALUE, CHOICE_VALUE_RULE)
        seen.add(value)
        label = p.text(f"{ckey}.label", table.get("label"))
        if label is None:
            return None
        choices.append(Choice(value, label))
    if len(choices) < 2:
        p.add(f"{key}.choices", "expected at least two choices")
        return None
    return tuple(choices)


def check_rules(
    p: Problems, raw: Any, choices: Choices, certs: Mapping[str, Cert]
) -> tuple[Rule, ...] | None:
    items = p.expect("rules", raw, list, "a list of tables ([[rules]])")
    if items is None:
        return None
    result: list[Rule] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        rule = check_rule(p, index, item, choices, certs)
        if rule is None:
            continue
        if rule.id in seen:
            p.add(f"rules.{rule.id}.id", "duplicate rule id")
        seen.add(rule.id)
        result.append(rule)
    return tuple(result)


def check_rule(p: Problems, index: int, raw: Any, choices: Choices, certs: Mapping[str, Cert]) -> Rule | None:
    named = p.named_table("rules", index, raw)
    if named is None:
        return None
    key, entry = named
    p.keys(key, entry, ("id", "when", "reason"), ("points", "points_from", "reasons"))
    rid = p.text(f"{key}.id", entry.get("id"))
    if rid is None:
        return None
    if ("points" in entry) == ("points_from" in entry):
        p.add(key, "give either points (fixed) or points_from (computed from costs), not both")
        return None
    points: dict[str, int] = {}
    points_from = None
    if "points_from" in entry:
        # Worked out from the cost and time facts when the core builds its rule set; any
        # certification may get some, so a reason may be given for any.
        points_from = check_points_from(p, f"{key}.points_from", entry["points_from"])
        if points_from is None:
            return None
        points_table: Mapping[str, Any] = certs
    else:
        found_points = p.table(f"{key}.points", entry.get("points"))
        if found_points is None:
            return None
        points_table = found_points
        points = check_points(p, key, points_table, certs)
    reasons: dict[str, str] = {}
    if "reasons" in entry:
        found = check_reasons(p, key, entry["reasons"], points_table)
        if found is None:
            return None
        reasons = found
    when = p.condition(f"{key}.when", entry.get("when"), choices)
    if when is None:
        return None
    reason = p.text(f"{key}.reason", entry.get("reason"))
    if reason is None:
        return None
    return Rule(id=rid, when=when, points=points, reason=reason, reasons=reasons, points_from=points_from)


def check_points(
    p: Problems, key: str, table: Mapping[str, Any], certs: Mapping[str, Cert]
) -> dict[str, int]:
    """Points per certification, each non-zero and at most 50 either way."""
    points: dict[str, int] = {}
    for code, value in table.items():
        if code not in certs:
            p.add(
                f"{key}.points.{code}",
                f"unknown certification{did_you_mean(code, certs)}; known: {', '.join(certs)}",
            )
            continue
        amount = p.expect(f"{key}.points.{code}", value, int, "an integer (points may be negative)")
        if amount is None:
            continue
        if amount == 0 or abs(amount) > 50:
            p.add(f"{key}.points.{code}", f"expected a non-zero integer from -50 to 50, got {amount}")
        points[code] = amount
    if not table:
        p.add(f"{key}.points", "expected points for at least one certification")
    return points


def check_reasons(p: Problems, key: str, raw: Any, points: Mapping[str, Any]) -> dict[str, str] | None:
    """A rule's own wording per certification; only for certifications it gives points to."""
    table = p.table(f"{key}.reasons", raw)
    if table is None:
        return None
    reasons: dict[str, str] = {}
    for code, value in table.items():
        if code not in points:
            p.add(
                f"{key}.reasons.{code}",
                f"no points for {code} in this rule{did_you_mean(code, points)}; "
                f"a reason needs points: {one_of(points)}",
            )
            continue
        text = p.text(f"{key}.reasons.{code}", value)
        if text is None:
            return None
        reasons[code] = text
    return reasons


def check_points_from(p: Problems, key: str, raw: Any) -> tuple[str, int] | None:
    """A measure to score by and the points for the best figure (1 to 50): the core works out
    each certification's points from the cost and time facts (``core.rules``)."""
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(key, entry, ("measure", "best"))
    measure = p.text(f"{key}.measure", entry.get("measure"))
    if measure is None:
        return None
    if measure not in MEASURES:
        p.add(
            f"{key}.measure",
            f"unknown measure {measure!r}{did_you_mean(measure, MEASURES)}; allowed: {one_of(MEASURES)}",
        )
        return None
    best = p.expect(f"{key}.best", entry.get("best"), int, "an integer")
    if best is None:
        return None
    if not 1 <= best <= 50:
        p.add(f"{key}.best", f"expected 1 to 50 points, got {best}")
        return None
    return measure, best
