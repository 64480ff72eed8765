"""The audit's eligibility-honesty check: no profile is advised, with high confidence, a
credential whose hard prerequisite (``[certs.X.requires]``) its answers do not show is met.

The confidence a person sees is the engine's (``core.advice.assess``), and the audit checks that,
not a copy of it. Running the engine on all two million profiles would take over a minute, so
the grid first narrows them to the profiles where the rule can bite: the pick has an unmet
requirement (``RuleSet.unmet_requirement``, as arrays) and the confidence rules *other than* the
requirement would give high (``high_before_requirement``, ``assess``'s arithmetic over the
grid's totals; a test compares it with the engine profile by profile). About thirty thousand
profiles remain, a second and a half of engine time; but on them ``assess`` reads only what its
docstring lists (the pick and the totals of the first two places; no conflict and a signal
question answered hold for all of them), so the engine is asked once per distinct (pick, first
total, second total), a few hundred profiles, and its answer stands for every profile that
shares it. A test runs the engine on every one of them on the shipped data and finds the same.

A pick that no answer speaks for is the usual first step, advised with low confidence: such
rows are never candidates, and the grid's first place (the arg-max) is the engine's pick on
every row that is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from certadvisor.core.advice import HIGH, assess
from certadvisor.core.rules import BASE_SCORE, RuleSet
from certadvisor.fast.arrays import np
from certadvisor.fast.grid import Grid, Places, Slice, Totals
from certadvisor.fast.masks import Column, Columns, Mask
from certadvisor.model.conditions import compile_condition


@dataclass
class HonestyTally:
    """What the check found so far: profiles whose pick has an unmet requirement, how many of
    them the engine was asked about, and those it advised with high confidence."""

    unmet: int = 0
    candidates: int = 0  # of those, the profiles the confidence rules, the requirement aside, call high
    high: int = 0
    example: dict[str, str] = field(default_factory=dict)  # the first high one's effective answers
    got: str = ""  # its pick


class Honesty:
    """The eligibility-honesty check over a grid's slices."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        engine: RuleSet = grid.engine
        place = {code: i for i, code in enumerate(engine.codes)}
        catalog = engine.catalog
        self.requires = tuple(
            (place[code], compile_condition(cert.requires.met))
            for code, cert in catalog.certs.items()
            if cert.requires is not None
        )
        advice = catalog.advice
        # With none of these away from neutral, advice has little signal (low confidence);
        # without an [advice] table, only a profile with nothing answered has none.
        self.signal = advice.signal_questions if advice else tuple(q.id for q in engine.questions)
        self.near = advice.near_tie if advice else 0
        self.clear = advice.clear_margin if advice else 0
        self.tally = HonestyTally()
        # The engine's result per (pick, first total, second total) asked so far.
        self.levels: dict[tuple[int, ...], str] = {}

    def unmet(self, piece: Slice, first: Places) -> Mask:
        """Rows whose first place (``first``: tie-order index per row) has a requirement their
        answers do not show is met."""
        found: Mask = np.zeros(piece.rows, dtype=bool)
        for place, met in self.requires:
            found |= (first == place) & ~self.grid.mask(met, piece.columns, piece.rows)
        return found

    def high_before_requirement(self, columns: Columns, totals: Totals) -> Mask:
        """Rows (of some columns and their totals) that ``assess``'s confidence rules, the
        requirement aside, call high: the pick is matched, a signal question is answered, no
        conflict, no near-tie, a clear margin."""
        grid, rows = self.grid, totals.shape[1]
        top, second = _first_two(totals)
        gap = top.astype(np.int64) - second
        high: Mask = (top > BASE_SCORE) & (gap >= self.clear)
        high &= ~((second > BASE_SCORE) & (gap <= self.near))
        signal: Mask = np.zeros(rows, dtype=bool)
        for question in self.signal:
            neutral = grid.index[question][grid.engine.neutral[question]]
            signal |= np.broadcast_to(columns[question], (rows,)) != neutral
        high &= signal
        for _conflict, when in grid.engine.conflicts:
            high &= ~grid.mask(when, columns, rows)
        return high

    def add(self, piece: Slice, first: Places) -> None:
        """Check one slice: count the unmet picks; ask the engine about the candidates."""
        if not self.requires:
            return
        tally = self.tally
        rows = np.flatnonzero(self.unmet(piece, first) & piece.counted)
        tally.unmet += len(rows)
        # The rest of the work is on these rows only (about an eighth of the shipped grid).
        columns = _rows(piece.columns, rows)
        rows = rows[self.high_before_requirement(columns, piece.totals[:, rows])]
        tally.candidates += len(rows)
        if not len(rows):
            return
        # What ``assess`` reads of a candidate: its pick and the totals of the first two places.
        keys = np.stack([first[rows], *_first_two(piece.totals[:, rows])], axis=1)
        distinct, where, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        signatures = [tuple(key) for key in distinct.tolist()]
        asked = [i for i, key in enumerate(signatures) if key not in self.levels]
        for i, profile in zip(asked, self.profiles(piece, rows[where[asked]]), strict=True):
            self.levels[signatures[i]] = assess(self.grid.engine, profile, searches=False).confidence.level
        high = np.array([self.levels[key] == HIGH for key in signatures], dtype=bool)[inverse.reshape(-1)]
        if high.any() and not tally.high:
            row = rows[int(np.argmax(high))]
            [tally.example] = self.profiles(piece, rows[high][:1])
            tally.got = self.grid.engine.codes[int(first[row])]
        tally.high += int(high.sum())

    def profiles(self, piece: Slice, rows: Places) -> list[dict[str, str]]:
        """The effective answers of some rows of a slice, by value, built column by column."""
        columns = {
            q.id: [q.values[i] for i in np.broadcast_to(piece.columns[q.id], (piece.rows,))[rows].tolist()]
            for q in self.grid.questions
        }
        return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _first_two(totals: Totals) -> tuple[Totals, Totals]:
    """Per row, the first place's total and the second's (equal to it on an exact tie)."""
    top: Totals = totals.max(axis=0)
    if len(totals) < 2:
        return top, top
    second: Totals = np.partition(totals, -2, axis=0)[-2]
    return top, second


def _rows(columns: Columns, rows: Places) -> dict[str, Column]:
    """Some rows of some columns (a question held to one value in a slice stays one)."""
    return {
        q: column if isinstance(column, int) or not column.ndim else column[rows]
        for q, column in columns.items()
    }
