"""Candidate changes as rows of arrays, for the bulk what-if search, in blocks of bounded size.

The candidates and their order are the policy's (``policy.single_changes``, ``policy.pairs``):
a profile's single changes come in as (question, value) indexes in the policy's order, and its
pairs are laid out here in the same order the policy lists them (the tests compare the two).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from certadvisor.core.policy import MAX_PAIRS, next_question
from certadvisor.fast.arrays import NDArray, np

Index = NDArray[np.intp]


class Rows(NamedTuple):
    """Candidate changes, one per row: whose they are, and what they change (-1: no second)."""

    profile: Index  # index into the profiles
    first_question: Index
    first_value: Index
    second_question: Index
    second_value: Index
    position: Index  # the candidate's place in the policy's list of candidates, for its tie-break


def single_rows(singles: Sequence[Sequence[tuple[int, int]]]) -> Rows:
    """Every profile's single changes, one row each."""
    owner = [p for p, changes in enumerate(singles) for _change in changes]
    flat = [change for changes in singles for change in changes]
    position = [i for changes in singles for i in range(len(changes))]
    none = np.full(len(flat), -1, dtype=np.intp)
    pairs = np.array(flat, dtype=np.intp).reshape(len(flat), 2)
    return Rows(
        np.array(owner, dtype=np.intp),
        pairs[:, 0],
        pairs[:, 1],
        none,
        none.copy(),
        np.array(position, dtype=np.intp),
    )


def pair_blocks(
    singles: Sequence[Sequence[tuple[int, int]]], pending: Sequence[int], size: int
) -> Iterator[Rows]:
    """The pairs of some profiles' single changes (``policy.pairs``: two different questions,
    in ``itertools.combinations`` order, the first ``policy.MAX_PAIRS``), in blocks of about
    ``size`` rows: a profile with very many single changes is split, so no block grows past
    ``size`` by more than one profile's single changes."""
    parts: list[Rows] = []
    count = 0
    for p in pending:
        changes = np.array(singles[p], dtype=np.intp).reshape(len(singles[p]), 2)
        for found in _pairs_of(p, changes, size):
            parts.append(found)
            count += len(found.profile)
            if count >= size:
                yield _joined(parts)
                parts, count = [], 0
    if parts:
        yield _joined(parts)


def _pairs_of(p: int, changes: Index, size: int) -> Iterator[Rows]:
    """Profile ``p``'s pairs of changes to two different questions, up to ``MAX_PAIRS``: all at
    once when they fit in a block, else one first change at a time."""
    n = len(changes)
    if n * (n - 1) // 2 <= size:
        i, j = _upper_pairs(n)
        keep = changes[i, 0] != changes[j, 0]
        yield _pair_part(p, changes, i[keep][:MAX_PAIRS], j[keep][:MAX_PAIRS], 0)
        return
    # A question's changes come together (``policy.single_changes``): a change pairs with
    # those from the first change to a later question on, as ``policy.pairs`` walks them.
    after = np.asarray(next_question(changes[:, 0].tolist()), dtype=np.intp)
    position = 0
    for first in range(n - 1):
        if position >= MAX_PAIRS or after[first] >= n:
            return
        j = np.arange(after[first], min(n, after[first] + MAX_PAIRS - position))
        yield _pair_part(p, changes, np.full(len(j), first), j, position)
        position += len(j)


def _pair_part(p: int, changes: Index, i: Index, j: Index, position: int) -> Rows:
    return Rows(
        np.full(len(i), p, dtype=np.intp),
        changes[i, 0],
        changes[i, 1],
        changes[j, 0],
        changes[j, 1],
        np.arange(position, position + len(i)),
    )


def _joined(parts: Sequence[Rows]) -> Rows:
    return Rows(*(np.concatenate(column) for column in zip(*parts, strict=True)))


@lru_cache(maxsize=64)
def _upper_pairs(count: int) -> tuple[Index, Index]:
    """Index pairs (i < j) of ``count`` items, in ``itertools.combinations`` order."""
    return np.triu_indices(count, 1)


def part(rows: Rows, start: int, stop: int) -> Rows:
    """Rows ``start`` to ``stop`` of some candidate rows."""
    return Rows(*(column[start:stop] for column in rows))
