"""Score every profile at once, for the exhaustive audit.

The answers space is a grid: one axis per question. It is scored in slices along one question
(the one with the most values), each slice as numpy arrays: one column of value indexes per
question, one row of totals per certification. Conditions become boolean arrays, rules add their
points where they hold, and the first place is the arg-max in tie order, exactly as ``Engine``
ranks one profile (the tests compare the two).

Rows whose skipped questions are not at their neutral value are copies of another row (the same
effective answers) and are left out of every count, so each effective profile counts once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from certadvisor.core.engine import BASE_SCORE, HELD_TOTAL, Engine
from certadvisor.fast.arrays import np
from certadvisor.model.conditions import TESTS, Condition, Kind

# Rows per slice, at most: bounds memory whatever the number of questions.
MAX_SLICE_ROWS = 1 << 18
# Memory for one block of rows' rule masks and the matrix they make (a bool and a float64 per
# rule and row), and the fewest rows in a block, however many rules there are.
BLOCK_BYTES = 8 * 1024 * 1024
MIN_BLOCK_ROWS = 1024

Column = Any  # an int (a fixed value index) or a numpy array of value indexes


@dataclass(frozen=True)
class Slice:
    """Part of the grid: value-index columns, which rows count, and the ranking of every row."""

    columns: Mapping[str, Column]  # effective answers, as value indexes
    counted: Any  # bool array: rows that are distinct effective profiles
    totals: Any  # int array, certifications (tie order) x rows
    rows: int
    fixed: Mapping[str, int]  # the questions held to one value in this slice

    @property
    def first(self) -> Any:
        """Index (in tie order) of the first-placed certification, per row."""
        return self.totals.argmax(axis=0)

    def ranking(self) -> Any:
        """Certification indexes, best first, per row (stable: ties keep tie order)."""
        return np.argsort(-self.totals, axis=0, kind="stable")


class Grid:
    """The answers space of an engine's questions, scored slice by slice."""

    def __init__(self, engine: Engine, restrict: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.engine = engine
        self.questions = engine.questions
        self.index = {q.id: {v: i for i, v in enumerate(q.values)} for q in self.questions}
        # ``restrict`` narrows questions to some of their values (the tests use it to compare a
        # part of the grid with the engine profile by profile).
        self.values = {
            q.id: tuple(
                v for v in q.values if restrict is None or q.id not in restrict or v in restrict[q.id]
            )
            for q in self.questions
        }
        self.codes = engine.codes
        sizes = {q: len(vs) for q, vs in self.values.items()}
        # Slice along the question with the most values; split further only if still too big.
        self.outer = sorted(sizes, key=lambda q: -sizes[q])
        self.sliced: list[str] = []
        while math.prod(sizes[q] for q in sizes if q not in self.sliced) > MAX_SLICE_ROWS:
            self.sliced.append(self.outer[len(self.sliced)])
        self.inner = [q.id for q in self.questions if q.id not in self.sliced]
        self.shape = tuple(sizes[q] for q in self.inner)
        self._compiled: dict[int, tuple[Condition, Callable[[Mapping[str, Column]], Any]]] = {}
        place = self.place = {code: i for i, code in enumerate(self.codes)}
        self._points = np.zeros((len(self.codes), len(engine.rules)), dtype=np.float64)
        for index, rule in enumerate(engine.rules):
            for code, amount in rule.rule.points.items():
                self._points[place[code], index] += amount

    @property
    def size(self) -> int:
        """Rows in the whole grid (an upper bound on the distinct profiles)."""
        return math.prod(len(values) for values in self.values.values())

    @property
    def slice_count(self) -> int:
        """How many slices the grid is scored in."""
        return math.prod(len(self.values[q]) for q in self.sliced)

    def slices(self, only: Sequence[int] | None = None) -> Iterator[Slice]:
        """Every slice of the grid, scored; or only the slices at the given positions."""
        from itertools import product

        rows = math.prod(self.shape)
        raw = np.unravel_index(np.arange(rows, dtype=np.int64), self.shape) if self.shape else ()
        inner = {
            q: self._positions(q)[column].astype(np.int32) for q, column in zip(self.inner, raw, strict=True)
        }
        combinations = (
            product(*(self.values[q] for q in self.sliced))
            if only is None
            else (self._combination(position) for position in only)
        )
        for combination in combinations:
            fixed = {q: self.index[q][v] for q, v in zip(self.sliced, combination, strict=True)}
            yield self._score({**inner, **fixed}, rows, fixed)

    def _combination(self, position: int) -> tuple[str, ...]:
        """The sliced questions' values of the slice at ``position`` (in ``product`` order),
        worked out directly: a sample of a huge grid never walks the slices before it."""
        values: list[str] = []
        for question in reversed(self.sliced):
            position, index = divmod(position, len(self.values[question]))
            values.append(self.values[question][index])
        return tuple(reversed(values))

    def _positions(self, question: str) -> Any:
        """Indexes into the full value list of the values this grid covers."""
        return np.array([self.index[question][v] for v in self.values[question]], dtype=np.int32)

    def _score(self, raw: Mapping[str, Column], rows: int, fixed: Mapping[str, int]) -> Slice:
        columns, counted = self.effective(raw, rows)
        totals = np.empty((len(self.codes), rows), dtype=np.int32)
        for start, stop in self.blocks(rows):
            block = rows_of(columns, start, stop)
            totals[:, start:stop] = self.totals(block, self.rule_masks(block, stop - start), stop - start)
        return Slice(columns, counted, totals, rows, fixed)

    @property
    def block_rows(self) -> int:
        """Rows scored at once: only one block's rule masks, answer columns and totals are in
        memory at a time, however many rules, questions and rows there are."""
        # Per row: a bool mask and a float64 per rule, two int64 copies of each question's
        # answer (raw and effective) and totals per certification.
        per_row = 9 * len(self.engine.rules) + 16 * len(self.questions) + 16 * len(self.codes)
        return max(MIN_BLOCK_ROWS, BLOCK_BYTES // max(1, per_row))

    def blocks(self, rows: int) -> Iterator[tuple[int, int]]:
        """(start, stop) of each block of ``rows`` to score at once (see ``block_rows``)."""
        size = self.block_rows
        for start in range(0, rows, size):
            yield start, min(rows, start + size)

    def effective(self, raw: Mapping[str, Column], rows: int) -> tuple[dict[str, Column], Any]:
        """The effective columns (a skipped question at its neutral value), and which rows count.

        ``raw`` holds each question's answer as a value index, neutral where unanswered; a row
        counts when none of its skipped questions holds anything but neutral.
        """
        columns: dict[str, Column] = {}
        counted: Any = np.ones(rows, dtype=bool)
        for q in self.questions:
            column = raw[q.id]
            if not q.when.always:
                neutral = self.index[q.id][q.neutral]
                asked = self.mask(q.when, columns, rows)
                counted = counted & (asked | (column == neutral))
                column = np.where(asked, column, neutral)
            columns[q.id] = column
        return columns, counted

    def rule_masks(self, columns: Mapping[str, Column], rows: int) -> list[Any]:
        """Where each of the engine's rules holds, in rule order."""
        return [self.mask(rule.rule.when, columns, rows) for rule in self.engine.rules]

    def totals(self, columns: Mapping[str, Column], masks: Sequence[Any], rows: int) -> Any:
        """Uncapped totals, certifications (tie order) x rows, as ``Engine.totals`` gives them,
        for a block of rows and its rule masks (see ``blocks``)."""
        engine = self.engine
        # Points per certification and rule, times where each rule holds: one matrix product.
        # In float64 every sum of these small integers is exact, in any order.
        fired = np.array(masks, dtype=np.float64).reshape(len(masks), rows)
        totals = (self._points @ fired).astype(np.int32) + BASE_SCORE
        place = self.place
        if engine.held_question is not None:
            held_column = columns[engine.held_question]
            for value, codes in engine.catalog.advice.held.items() if engine.catalog.advice else ():
                where = held_column == self.index[engine.held_question][value]
                for code in codes:
                    totals[place[code]] = np.where(where, HELD_TOTAL, totals[place[code]])
        return totals

    def mask(self, condition: Condition, columns: Mapping[str, Column], rows: int) -> Any:
        """Where ``condition`` holds, as a boolean array over the slice's rows."""
        found = self._compiled.get(id(condition))
        if found is None or found[0] is not condition:
            found = self._compiled[id(condition)] = (condition, self._compile(condition))
        return np.broadcast_to(found[1](columns), (rows,))

    def _compile(self, condition: Condition) -> Callable[[Mapping[str, Column]], Any]:
        """A condition as a function of the columns: built once, since the audit and the batch
        evaluate the same few conditions over and over."""
        kind = condition.kind
        if kind in TESTS:
            question = condition.question
            table = np.zeros(len(self.index[question]), dtype=bool)
            table[[self.index[question][v] for v in condition.values]] = True
            return lambda columns: table[columns[question]]
        if kind is Kind.NOT:
            inner = self._compile(condition.parts[0])
            return lambda columns: ~inner(columns)
        if kind in (Kind.ALL, Kind.ANY):
            parts = [self._compile(part) for part in condition.parts]
            combine = np.logical_and if kind is Kind.ALL else np.logical_or

            def combined(columns: Mapping[str, Column]) -> Any:
                result = parts[0](columns)
                for part in parts[1:]:
                    result = combine(result, part(columns))
                return result

            return combined
        return lambda columns: np.bool_(True)  # Kind.ALWAYS

    def profile(self, piece: Slice, row: int) -> dict[str, str]:
        """The effective answers of one row, by value."""
        return {
            q.id: q.values[int(np.broadcast_to(piece.columns[q.id], (piece.rows,))[row])]
            for q in self.questions
        }


def rows_of(columns: Mapping[str, Column], start: int, stop: int) -> dict[str, Column]:
    """Rows ``start`` to ``stop`` of some columns (a question held to one value stays one)."""
    return {q: column[start:stop] if np.ndim(column) else column for q, column in columns.items()}
