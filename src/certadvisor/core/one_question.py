"""Rules that read one question: the values each fires on, worked out as sets of values.

Most rules read one answer, so whether they fire depends on that answer alone, and the rule set
looks them up per value rather than testing them per profile (``rules.RuleSet``). Finding those
values by testing every such rule on every value of its question costs values × rules tests:
a data file with one question of 10,000 values and 10,000 rules on it took half a minute to
set up, before every command. So each rule's condition is turned once into the set of values it
holds for (or, negated, the set it does not), by set operations on its compiled form, and the
points per value are added up from those sets: the set-up costs about the size of the
conditions, however many values and rules there are.

The sets cover the values the data enumerates. A set answer the data does not enumerate (three
credentials held at once, say) is worked out on first use by testing the rules on it, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from certadvisor.model.conditions import SEPARATOR, Compiled, Leaf, Predicate

Points = tuple[tuple[str, int], ...]


class PerValue(dict[str, Any]):
    """A table per answer value, filled in for the values the data enumerates and worked out
    on first use for a set answer it does not (e.g. three credentials held at once)."""

    def __init__(self, make: Callable[[str], Any], known: Mapping[str, Any] | None = None) -> None:
        super().__init__(known or {})
        self.make = make

    def __missing__(self, value: str) -> Any:
        found = self[value] = self.make(value)
        return found


class ValueSet(NamedTuple):
    """Some values of one question: ``values``, or (``negated``) every value but those."""

    values: frozenset[str]
    negated: bool = False


def value_set(form: Compiled, containing: Mapping[str, Sequence[str]]) -> ValueSet:
    """The enumerated values of its one question for which a compiled condition holds.

    ``containing`` gives, per member, the enumerated values whose members include it (what a
    member test, ``includes`` or ``any_of``, holds for). Each step costs about the size of
    its sets, never the number of values times the number of leaves.
    """
    parts = [_leaf_set(leaf, containing) for leaf in form.leaves]
    parts += [value_set(part, containing) for part in form.parts]
    return _all_of(parts) if form.every else _any_of(parts)


def _leaf_set(leaf: Leaf, containing: Mapping[str, Sequence[str]]) -> ValueSet:
    if not leaf.member:
        return ValueSet(leaf.values, not leaf.inside)
    found: set[str] = set()
    for member in leaf.values:
        found.update(containing.get(member, ()))
    return ValueSet(frozenset(found), not leaf.inside)


def _all_of(parts: Iterable[ValueSet]) -> ValueSet:
    within: set[str] | None = None  # the values every positive part holds for
    outside: set[str] = set()  # the values some negated part leaves out
    for part in parts:
        if part.negated:
            outside |= part.values
        elif within is None:
            within = set(part.values)
        else:
            within &= part.values
    if within is None:
        return ValueSet(frozenset(outside), True)
    return ValueSet(frozenset(within - outside))


def _any_of(parts: Iterable[ValueSet]) -> ValueSet:
    found: set[str] = set()  # the values some positive part holds for
    missing: set[str] | None = None  # the values every negated part leaves out
    for part in parts:
        if not part.negated:
            found |= part.values
        elif missing is None:
            missing = set(part.values)
        else:
            missing &= part.values
    if missing is None:
        return ValueSet(frozenset(found))
    return ValueSet(frozenset(missing - found), True)


class OwnRule(NamedTuple):
    """A rule that reads one question: its index in the rule set (``at``), condition and points."""

    at: int
    compiled: Compiled
    holds: Predicate
    points: Points


def value_tables(
    question: str, values: Sequence[str], own: Sequence[OwnRule], codes: Sequence[str]
) -> tuple[PerValue, PerValue]:
    """For one question and the rules that read only it: per value, the indexes of the rules
    that fire (ascending) and their points summed per certification (in ``codes`` order, zero
    sums left out), the same figures as testing each rule on each value and adding up."""
    place = {code: i for i, code in enumerate(codes)}
    containing: dict[str, list[str]] = {}
    for value in values:
        for member in dict.fromkeys(value.split(SEPARATOR)):
            containing.setdefault(member, []).append(value)
    at: dict[str, list[int]] = {}  # per value, the rules that fire there by naming it
    negated: list[tuple[int, frozenset[str]]] = []  # rules that fire everywhere but some values
    base: dict[str, int] = {}  # the points of the negated rules, which fire almost everywhere
    moved: dict[str, dict[str, int]] = {}  # per value, its points apart from ``base``
    for rule in own:
        found = value_set(rule.compiled, containing)
        if found.negated:
            negated.append((rule.at, found.values))
            _add(base, rule.points, 1)
        for value in found.values:
            if not found.negated:
                at.setdefault(value, []).append(rule.at)
            _add(moved.setdefault(value, {}), rule.points, -1 if found.negated else 1)
    known = frozenset(values)

    def fires(value: str) -> tuple[int, ...]:
        if value not in known:  # a set answer the data does not list: test the rules on it
            return tuple(rule.at for rule in own if rule.holds({question: value}))
        return tuple(sorted([*at.get(value, ()), *(i for i, out in negated if value not in out)]))

    fired = PerValue(fires)
    points = {rule.at: rule.points for rule in own}

    def summed(value: str) -> Points:
        total: dict[str, int] = {}
        for index in fired[value]:
            _add(total, points[index], 1)
        return _ordered(total, place)

    table = PerValue(summed)
    everywhere = _ordered(base, place)
    for value in values:
        change = moved.get(value)
        if change is None:
            table[value] = everywhere
        else:
            total = dict(base)
            _add(total, tuple(change.items()), 1)
            table[value] = _ordered(total, place)
    return fired, table


def _add(total: dict[str, int], points: Points, sign: int) -> None:
    for code, amount in points:
        total[code] = total.get(code, 0) + sign * amount


def _ordered(total: Mapping[str, int], place: Mapping[str, int]) -> Points:
    return tuple((code, total[code]) for code in sorted(total, key=place.__getitem__) if total[code])
