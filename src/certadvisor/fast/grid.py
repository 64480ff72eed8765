"""Score every profile at once, for the exhaustive audit.

The answers space is a grid: one axis per question, except that a follow-up question (one whose
``when`` reads a single earlier question) shares the axis of the question it follows, which lists
only the combinations the quiz can produce (a follow-up that is not asked is at its neutral
value): the grid holds no row for an answer nobody can give, and follow-ups do not multiply it.
It is scored in slices along the axes with the most rows, each slice as numpy arrays: one
column of value indexes per question, one row of totals per certification. The rule set's
compiled conditions become boolean arrays (``masks``), the totals are ``RuleSet.score`` done
as one matrix product, and the first place is the arg-max in tie order, exactly as
``RuleSet`` ranks one profile (the tests compare both with an independent oracle).

Rows whose skipped questions are not at their neutral value (possible only when a ``when`` reads
several questions) are copies of another row and are left out of every count, so each effective
profile counts once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

from certadvisor.core.rules import BASE_SCORE, HELD_TOTAL, RuleSet
from certadvisor.fast.arrays import NDArray, np
from certadvisor.fast.masks import Column, Columns, Evaluator, Mask, array_predicate
from certadvisor.model.conditions import Compiled

# Rows per slice, at most: bounds memory whatever the number of questions.
MAX_SLICE_ROWS = 1 << 18
# Memory for one slice's rankings: its totals, ranking and the audit's copies of them take about
# this many bytes per row and certification, so a slice holds fewer rows when there are many
# certifications (3,300 of them once needed more than 4 GB in slices of MAX_SLICE_ROWS).
SLICE_BYTES = 256 * 1024 * 1024
BYTES_PER_RANKED = 32
# Memory for one block of rows' rule masks and the matrix they make (a bool and a float64 per
# rule and row), and the fewest rows in a block, however many rules there are.
BLOCK_BYTES = 8 * 1024 * 1024
MIN_BLOCK_ROWS = 1024

Totals = NDArray[np.int32]  # certifications (tie order) x rows
Places = NDArray[np.intp]  # certification indexes (tie order)


@dataclass(frozen=True)
class Slice:
    """Part of the grid: value-index columns, which rows count, and the ranking of every row."""

    columns: Columns  # effective answers, as value indexes
    counted: Mask  # rows that are distinct effective profiles
    totals: Totals
    rows: int
    fixed: Mapping[str, int]  # the questions held to one value in this slice

    @property
    def first(self) -> Places:
        """Index (in tie order) of the first-placed certification, per row."""
        first: Places = self.totals.argmax(axis=0)
        return first

    def ranking(self) -> Places:
        """Certification indexes, best first, per row (stable: ties keep tie order)."""
        return np.argsort(-self.totals, axis=0, kind="stable")


class Grid:
    """The answers space of a rule set's questions, scored slice by slice."""

    def __init__(self, engine: RuleSet, restrict: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.engine = engine
        self.questions = engine.questions
        self.all_values = {q.id: q.values for q in self.questions}
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
        self.axes = self._axes()
        sizes = {axis: len(rows) for axis, rows in self.axes.items()}
        # Slice along the axis with the most rows; split further only if still too big.
        widest = sorted(sizes, key=lambda a: -sizes[a])
        self.sliced: list[tuple[str, ...]] = []
        limit = slice_rows(len(engine.codes))
        while math.prod(sizes[a] for a in sizes if a not in self.sliced) > limit:
            self.sliced.append(widest[len(self.sliced)])
        # An axis with one row (a question held at neutral) is the same in every row: a
        # constant column, not a dimension (numpy's index arithmetic allows at most 64).
        self.constant = {
            question: int(rows[0, at])
            for axis, rows in self.axes.items()
            if len(rows) == 1 and axis not in self.sliced
            for at, question in enumerate(axis)
        }
        self.inner = [a for a in self.axes if a not in self.sliced and sizes[a] > 1]
        self.shape = tuple(sizes[a] for a in self.inner)
        self._evaluators: dict[int, tuple[Compiled, Evaluator]] = {}
        self._references: dict[tuple[tuple[str, ...], str], NDArray[np.intp]] = {}
        place = {code: i for i, code in enumerate(self.codes)}
        # ``RuleSet.score``'s points, as a matrix: certifications (tie order) x rules.
        self._points = np.zeros((len(self.codes), len(engine.rules)), dtype=np.float64)
        for index, points in enumerate(engine.points):
            for code, amount in points:
                self._points[place[code], index] += amount
        # Per value of the held question, the certifications it means held (their places).
        held = engine.held_question
        self._held = (
            ()
            if held is None
            else tuple(
                (self.index[held][value], tuple(place[code] for code in engine.held_by_value[value]))
                for value in self.all_values[held]
                if engine.held_by_value[value]
            )
        )

    def _axes(self) -> dict[tuple[str, ...], NDArray[np.intp]]:
        """The grid's axes, in question order: per axis, its questions and its rows (one value
        index per question). A follow-up joins the axis of the one question its ``when`` reads,
        with a row per value where it is asked and one, at neutral, where it is not."""
        axes: dict[tuple[str, ...], list[tuple[int, ...]]] = {}
        home: dict[str, tuple[str, ...]] = {}
        for q in self.questions:
            own = [self.index[q.id][v] for v in self.values[q.id]]
            read = q.when.questions()
            if len(read) != 1 or next(iter(read)) not in home:
                axes[(q.id,)] = [(i,) for i in own]
                home[q.id] = (q.id,)
                continue
            gate = next(iter(read))
            axis = home[gate]
            at, neutral = axis.index(gate), self.index[q.id][q.neutral]
            rows: list[tuple[int, ...]] = []
            for row in axes.pop(axis):
                if q.when.holds({gate: self.all_values[gate][row[at]]}):
                    rows += [(*row, i) for i in own]
                elif neutral in own:  # a row whose neutral is narrowed away is no profile here
                    rows.append((*row, neutral))
            joined = (*axis, q.id)
            axes[joined] = rows
            for member in joined:
                home[member] = joined
        return {
            axis: np.array(rows, dtype=np.intp).reshape(len(rows), len(axis)) for axis, rows in axes.items()
        }

    @property
    def size(self) -> int:
        """Rows in the whole grid (an upper bound on the distinct profiles)."""
        return math.prod(len(rows) for rows in self.axes.values())

    @property
    def slice_count(self) -> int:
        """How many slices the grid is scored in."""
        return math.prod(len(self.axes[a]) for a in self.sliced)

    def slices(self, only: Sequence[int] | None = None) -> Iterator[Slice]:
        """Every slice of the grid, scored; or only the slices at the given positions."""
        rows = math.prod(self.shape)
        raw = np.unravel_index(np.arange(rows, dtype=np.int64), self.shape) if self.shape else ()
        inner: dict[str, Column] = {}
        for axis, column in zip(self.inner, raw, strict=True):
            table = self.axes[axis][column]
            for at, question in enumerate(axis):
                inner[question] = np.ascontiguousarray(table[:, at])
        combinations = (
            product(*(range(len(self.axes[a])) for a in self.sliced))
            if only is None
            else (self._combination(position) for position in only)
        )
        for combination in combinations:
            fixed = {
                question: int(self.axes[axis][row, at])
                for axis, row in zip(self.sliced, combination, strict=True)
                for at, question in enumerate(axis)
            }
            yield self._score({**self.constant, **inner, **fixed}, rows, fixed)

    def _combination(self, position: int) -> tuple[int, ...]:
        """The sliced axes' rows of the slice at ``position`` (in ``product`` order), worked
        out directly: a sample of a huge grid never walks the slices before it."""
        found: list[int] = []
        for axis in reversed(self.sliced):
            position, index = divmod(position, len(self.axes[axis]))
            found.append(index)
        return tuple(reversed(found))

    def reference(self, axis: tuple[str, ...], question: str) -> NDArray[np.intp]:
        """Per row of an axis, the first row with the same answers to the axis's other
        questions: comparing the two shows whether ``question`` alone changes something."""
        found = self._references.get((axis, question))
        if found is None:
            found = self._references[axis, question] = self._first_alike(axis, question)
        return found

    def _first_alike(self, axis: tuple[str, ...], question: str) -> NDArray[np.intp]:
        rows = self.axes[axis]
        others = [at for at, q in enumerate(axis) if q != question]
        first: dict[tuple[int, ...], int] = {}
        return np.array(
            [first.setdefault(tuple(int(row[at]) for at in others), i) for i, row in enumerate(rows)],
            dtype=np.intp,
        )

    def _score(self, raw: Columns, rows: int, fixed: Mapping[str, int]) -> Slice:
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

    def effective(self, raw: Columns, rows: int) -> tuple[dict[str, Column], Mask]:
        """The effective columns (a skipped question at its neutral value), and which rows count.

        ``raw`` holds each question's answer as a value index, neutral where unanswered; a row
        counts when none of its skipped questions holds anything but neutral.
        """
        columns: dict[str, Column] = {}
        counted: Mask = np.ones(rows, dtype=bool)
        for q in self.questions:
            column = raw[q.id]
            when = self.engine.when.get(q.id)
            if when is not None:
                neutral = self.index[q.id][q.neutral]
                asked = self.mask(when, columns, rows)
                counted = counted & (asked | (column == neutral))
                column = np.where(asked, column, neutral)
            columns[q.id] = column
        return columns, counted

    def rule_masks(self, columns: Columns, rows: int) -> list[Mask]:
        """Where each of the rule set's rules holds, in rule order."""
        return [self.mask(rule.compiled, columns, rows) for rule in self.engine.rules]

    def totals(self, columns: Columns, masks: Sequence[Mask], rows: int) -> Totals:
        """``RuleSet.score`` for a block of rows and its rule masks (see ``blocks``): uncapped
        totals, certifications (tie order) x rows."""
        # Points per certification and rule, times where each rule fires: one matrix product.
        # In float64 every sum of these small integers is exact, in any order.
        fired = np.array(masks, dtype=np.float64).reshape(len(masks), rows)
        totals: Totals = (self._points @ fired).astype(np.int32) + BASE_SCORE
        if self._held:
            assert self.engine.held_question is not None
            held_column = columns[self.engine.held_question]
            for value, places in self._held:
                where = held_column == value
                for place in places:
                    totals[place] = np.where(where, HELD_TOTAL, totals[place])
        return totals

    def mask(self, compiled: Compiled, columns: Columns, rows: int) -> Mask:
        """Where a compiled condition holds, as a boolean array over the rows."""
        # Each condition's evaluator is built once: the audit and the batch evaluate the same
        # few conditions over and over.
        found = self._evaluators.get(id(compiled))
        if found is None or found[0] is not compiled:
            found = self._evaluators[id(compiled)] = (compiled, array_predicate(compiled, self.all_values))
        return np.broadcast_to(found[1](columns), (rows,))

    def profile(self, piece: Slice, row: int) -> dict[str, str]:
        """The effective answers of one row, by value."""
        return {
            q.id: q.values[int(np.broadcast_to(piece.columns[q.id], (piece.rows,))[row])]
            for q in self.questions
        }


def slice_rows(certifications: int) -> int:
    """The most rows a slice holds: ``MAX_SLICE_ROWS``, fewer when a slice's rankings (one
    entry per row and certification) would take more than ``SLICE_BYTES``."""
    return max(1, min(MAX_SLICE_ROWS, SLICE_BYTES // (BYTES_PER_RANKED * max(1, certifications))))


def rows_of(columns: Columns, start: int, stop: int) -> dict[str, Column]:
    """Rows ``start`` to ``stop`` of some columns (a question held to one value stays one)."""
    return {
        q: column[start:stop] if not isinstance(column, int) and column.ndim else column
        for q, column in columns.items()
    }
