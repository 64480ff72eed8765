"""Structured conditions: the small, closed language that rules, questions and steps use.

A condition is TOML data, never code. A table's keys are question ids (all must hold) or one
of the combinators ``all``, ``any`` and ``not``. A question id maps to a bare value (equals),
``{ equals = "v" }`` or ``{ one_of = ["a", "b"] }``, which test the whole answer; or to
``{ includes = "v" }`` or ``{ any_of = ["a", "b"] }``, which test the members of a set answer
(a question that takes several values, such as the credentials held: its answer is a set,
written as its members joined by ``+`` in the question's order, e.g. ``CPC+CRC``). Conditions
are parsed and checked once, when the data loads, into ``Condition`` trees (which ``describe`` themselves).

To be evaluated, a condition is compiled once into a ``Compiled`` form, and this module's
``compile_condition`` is the one place that says what each operator means. Every evaluator
walks that form: ``predicate`` here, for one profile's answers, and the grid's array evaluator
(``fast.masks``), for many profiles at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple

from certadvisor.text import SHOWN_CHARACTERS, did_you_mean, escape_controls, one_of, shown


class Kind(StrEnum):
    """What a condition does: test one answer, combine other conditions, or always hold."""

    EQUALS = "equals"
    ONE_OF = "one_of"
    INCLUDES = "includes"
    ANY_OF = "any_of"
    ALL = "all"
    ANY = "any"
    NOT = "not"
    ALWAYS = "always"


COMBINATORS = (Kind.ALL, Kind.ANY, Kind.NOT)
# The kinds that test one question's answer against some of its values.
TESTS = (Kind.EQUALS, Kind.ONE_OF, Kind.INCLUDES, Kind.ANY_OF)
# The tests that read a set answer's members (any one of them among the values).
MEMBER_TESTS = (Kind.INCLUDES, Kind.ANY_OF)
# What joins the members of a set answer: ``CPC+CRC``. No value may contain it.
SEPARATOR = "+"


@lru_cache(maxsize=4096)
def members(answer: str | None) -> frozenset[str]:
    """The members of an answer: a set answer's parts, or the one value of any other answer
    (an unanswered question has none)."""
    return frozenset(answer.split(SEPARATOR)) if answer else frozenset()


def over_members(answer: str, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """What a set answer's members give in ``table`` (e.g. the credentials each means held),
    each item once, in the members' order."""
    found: dict[str, None] = {}
    for member in answer.split(SEPARATOR):
        found.update(dict.fromkeys(table.get(member, ())))
    return tuple(found)


Answers = Mapping[str, str]
# What an evaluator reads: answers by question id, None (which no test allows) for one unanswered.
Readable = Mapping[str, str | None]


class Condition(NamedTuple):
    """A parsed condition: evaluate with ``holds`` and explain with ``describe``."""

    kind: Kind
    question: str = ""
    values: tuple[str, ...] = ()
    parts: tuple[Condition, ...] = ()

    def holds(self, answers: Answers) -> bool:
        """True when the answers satisfy this condition (an unanswered question's answer is
        none of its values). Code that evaluates conditions often keeps their compiled form
        and evaluator (as ``core.rules`` does) rather than look them up here."""
        return _evaluator(self)(_Unanswered(answers))

    def questions(self) -> set[str]:
        """Every question id this condition reads."""
        found = {self.question} if self.question else set()
        for part in self.parts:
            found |= part.questions()
        return found

    def describe(self) -> str:
        """A compact, human-readable form, e.g. 'setting is inpatient'."""
        if self.kind is Kind.EQUALS:
            return f"{self.question} is {self.values[0]}"
        if self.kind is Kind.ONE_OF:
            return f"{self.question} is one of {', '.join(self.values)}"
        if self.kind is Kind.INCLUDES:
            return f"{self.question} includes {self.values[0]}"
        if self.kind is Kind.ANY_OF:
            return f"{self.question} includes any of {', '.join(self.values)}"
        if self.kind is Kind.NOT:
            return f"not ({self.parts[0].describe()})"
        if self.kind is Kind.ALWAYS:
            return "always"
        joiner = " and " if self.kind is Kind.ALL else " or "
        return joiner.join(
            f"({p.describe()})" if p.kind in (Kind.ALL, Kind.ANY) else p.describe() for p in self.parts
        )

    @property
    def always(self) -> bool:
        """True for the condition that always holds (no ``when`` given)."""
        return self.kind is Kind.ALWAYS


ALWAYS = Condition(Kind.ALWAYS)

Predicate = Callable[[Readable], bool]


class Leaf(NamedTuple):
    """A compiled test: the answer to ``question`` is one of ``values`` (``inside``) or is not
    (not ``inside``); with ``member``, some member of the answer is (``members``). An
    unanswered question's answer is none of its values and has no members."""

    question: str
    values: frozenset[str]
    inside: bool = True
    member: bool = False

    def passes(self, answer: str | None) -> bool:
        """The test on one answer (the evaluators inline it; the array evaluator tabulates it)."""
        found = not self.values.isdisjoint(members(answer)) if self.member else answer in self.values
        return found is self.inside


class Compiled(NamedTuple):
    """A condition compiled for evaluation, in negation normal form: ``not`` survives only as a
    leaf's ``inside``, and each node has one connective. With ``every``, the node holds when
    all of its leaves and parts hold (so an empty one always holds); otherwise when some one
    does (so an empty one never holds). A part never has its parent's connective."""

    every: bool
    leaves: tuple[Leaf, ...] = ()
    parts: tuple[Compiled, ...] = ()


def compile_condition(condition: Condition, negated: bool = False) -> Compiled:
    """The compiled form of a condition (of its negation, when ``negated``).

    What each operator means, in one place: ``equals`` and ``one_of`` test that an answer is
    one of some values; ``includes`` and ``any_of`` that some member of a set answer is;
    ``all`` holds when every part does and ``any`` when some part does;
    ``not`` is pushed down to the leaves (De Morgan: not all = some not, not any = every not);
    no condition always holds.
    """
    kind = condition.kind
    if kind in TESTS:
        member = kind in MEMBER_TESTS
        return Compiled(True, (Leaf(condition.question, frozenset(condition.values), not negated, member),))
    if kind is Kind.NOT:
        return compile_condition(condition.parts[0], not negated)
    if kind is Kind.ALWAYS:
        return Compiled(not negated)
    every = (kind is Kind.ALL) is not negated
    leaves: list[Leaf] = []
    parts: list[Compiled] = []
    for part in (compile_condition(p, negated) for p in condition.parts):
        if part.every is every or len(part.leaves) + len(part.parts) == 1:
            # The same connective (or a single member, which has none): lift it into this node.
            leaves += part.leaves
            parts += part.parts
        else:
            parts.append(part)
    if not leaves and len(parts) == 1:
        return parts[0]
    return Compiled(every, tuple(leaves), tuple(parts))


def predicate(compiled: Compiled) -> Predicate:
    """The evaluator for one profile: a closure that walks the compiled form over a mapping that
    holds an answer for every question the condition reads (``Condition.holds`` takes fewer)."""
    plain = [leaf for leaf in compiled.leaves if not leaf.member]
    inside = tuple((leaf.question, leaf.values) for leaf in plain if leaf.inside)
    outside = tuple((leaf.question, leaf.values) for leaf in plain if not leaf.inside)
    parts = tuple(predicate(part) for part in compiled.parts)
    # A member test is rare (the set question only): it joins the parts as a closure of its own.
    parts += tuple(_member_test(leaf) for leaf in compiled.leaves if leaf.member)
    if len(inside) == 1 and not outside and not parts:
        question, values = inside[0]
        return lambda answers: answers[question] in values  # most conditions: one leaf
    if compiled.every:

        def every(answers: Readable) -> bool:
            for question, values in inside:
                if answers[question] not in values:
                    return False
            for question, values in outside:
                if answers[question] in values:
                    return False
            for part in parts:
                if not part(answers):
                    return False
            return True

        return every

    def some(answers: Readable) -> bool:
        for question, values in inside:
            if answers[question] in values:
                return True
        for question, values in outside:
            if answers[question] not in values:
                return True
        for part in parts:
            if part(answers):
                return True
        return False

    return some


def _member_test(leaf: Leaf) -> Predicate:
    question, values, inside = leaf.question, leaf.values, leaf.inside
    return lambda answers: values.isdisjoint(members(answers[question])) is not inside


@lru_cache(maxsize=1024)
def _evaluator(condition: Condition) -> Predicate:
    return predicate(compile_condition(condition))


class _Unanswered(dict[str, str | None]):
    """Answers in which a question without one has the answer None, which no test allows."""

    def __missing__(self, key: str) -> None:
        return None


class ConditionError(ValueError):
    """A condition is malformed; ``path`` names where inside it."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def parse_condition(raw: Any, choices: Mapping[str, Sequence[str]], path: str = "when") -> Condition:
    """Parse and check a TOML condition against the known questions and their values."""
    if not isinstance(raw, dict):
        raise ConditionError(path, f"expected a table of conditions, got {_show(raw)}")
    if not raw:
        raise ConditionError(path, "expected at least one condition, got an empty table")
    parts = [_parse_key(key, value, choices, f"{path}.{key}") for key, value in raw.items()]
    return parts[0] if len(parts) == 1 else Condition(Kind.ALL, parts=tuple(parts))


def _parse_key(key: str, value: Any, choices: Mapping[str, Sequence[str]], path: str) -> Condition:
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(path, f"expected a non-empty list of conditions, got {_show(value)}")
        parts = tuple(parse_condition(item, choices, f"{path}[{i}]") for i, item in enumerate(value))
        return Condition(Kind(key), parts=parts)
    if key == "not":
        return Condition(Kind.NOT, parts=(parse_condition(value, choices, path),))
    if key not in choices:
        known = list(choices) + list(COMBINATORS)
        raise ConditionError(
            path,
            f"unknown question or operator {shown(key)}{_suggest(key, known)}; "
            f"questions are {_listed(choices)}, operators are {one_of(COMBINATORS)}",
        )
    allowed = choices[key]
    if isinstance(value, str):
        return Condition(Kind.EQUALS, key, (_check_value(key, value, allowed, path),))
    if isinstance(value, dict):
        if len(value) != 1:
            raise ConditionError(
                path, f"expected exactly one test ({one_of(TESTS)}), got {_show(sorted(value))}"
            )
        [(test, arg)] = value.items()
        if test == "equals" and isinstance(arg, str):
            return Condition(Kind.EQUALS, key, (_check_value(key, arg, allowed, path),))
        if test == "one_of" and isinstance(arg, list) and arg and all(isinstance(a, str) for a in arg):
            return Condition(Kind.ONE_OF, key, tuple(_check_value(key, a, allowed, path) for a in arg))
        # A member test names single values, never a whole set.
        if test == "includes" and isinstance(arg, str):
            return Condition(Kind.INCLUDES, key, (_check_value(key, arg, allowed, path, single=True),))
        if test == "any_of" and isinstance(arg, list) and arg and all(isinstance(a, str) for a in arg):
            members = tuple(_check_value(key, a, allowed, path, single=True) for a in arg)
            return Condition(Kind.ANY_OF, key, members)
        if test not in TESTS:
            raise ConditionError(
                path, f"unknown test {shown(test)}{did_you_mean(test, TESTS)}; tests are {one_of(TESTS)}"
            )
        kind = "a value" if test in ("equals", "includes") else "a non-empty list of values"
        raise ConditionError(f"{path}.{test}", f"expected {kind}, got {_show(arg)}")
    raise ConditionError(path, f"expected a value or a table with {one_of(TESTS)}, got {_show(value)}")


def _check_value(question: str, value: str, allowed: Sequence[str], path: str, single: bool = False) -> str:
    """``value`` when the question has it (and it is a single value, not a set, when ``single``).

    Membership is the only work when the value is good: the loader hands in values that look up
    at once, so a question with thousands of values read by thousands of rules loads quickly.
    """
    if value in allowed and not (single and SEPARATOR in value):
        return value
    options = [a for a in allowed if SEPARATOR not in a] if single else allowed
    raise ConditionError(
        path,
        f"{shown(value)} is not a value of question {shown(question)}{_suggest(value, options)}; "
        f"allowed: {_listed(options)}",
    )


# A message lists the allowed values (and suggests one) only when there are few enough to read:
# a data file may give a question thousands of values.
_MAX_LISTED = 30


def _listed(values: Sequence[str] | Mapping[str, object]) -> str:
    return one_of(values) if len(values) <= _MAX_LISTED else f"{len(values):,}, too many to list here"


def _suggest(word: str, values: Sequence[str]) -> str:
    return did_you_mean(word, values) if len(values) <= _MAX_LISTED else ""


def _show(value: Any) -> str:
    """A data value quoted in a message, as TOML writes it; control characters escaped and a
    long value cut short (see ``errors.shown``)."""
    if isinstance(value, str):
        cut = value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"
        return f'"{escape_controls(cut)}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    return shown(value, limit=_SHOWN_REPR)


# A list or number is shown whole up to this length (a list of a few values, say).
_SHOWN_REPR = 200


# Re-exported for the catalog's own messages.
show_value: Callable[[Any], str] = _show
