"""``check-data``'s audit: score every possible profile and report what the rules really do.

A profile is one answer to every question. Unanswered counts as the question's neutral value and
a question hidden by its ``when`` is fixed at neutral, so enumerating the choices of the
questions actually asked covers "unanswered" too without scoring the same profile twice. A
question that no scoring condition reads (``core.audited``: one that only chooses what a result
shows, such as the remote-work note) cannot change a finding, so it is held at its neutral value
rather than multiplying the profiles; the audit names it (``Audit.held``).

The audit checks the data's own principles on every profile: each ``[[expectations]]`` entry
must hold wherever its ``when`` does, and no pick whose hard prerequisite the answers do not
show is advised with high confidence (``fast.honesty``). It also counts how many profiles each
``[[conflicts]]`` entry covers, and finds unreachable certifications, dead rules and idle
questions.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import replace

from certadvisor.core.audited import held_at_neutral
from certadvisor.core.findings import Audit, Broken, Overconfident, reason_warnings
from certadvisor.core.rules import RuleSet
from certadvisor.errors import CertAdvisorError
from certadvisor.fast.arrays import np
from certadvisor.fast.grid import Grid, Slice
from certadvisor.fast.honesty import Honesty
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import compile_condition

# How many slices a sample may draw, per slice it would need if every row of them counted.
SAMPLE_DRAWS = 20


class AuditTooLarge(CertAdvisorError):
    """The answers space is too large to score every profile."""


# The exhaustive audit scores at most this many answer combinations, a bound on how long a
# check-data may take; a larger answers space is refused, or audited on a labelled sample of it.
MAX_AUDIT_PROFILES = 20_000_000
# And at most this much work: combinations times what each is checked against, weighed by
# what each costs per combination (measured, in about nanoseconds: a rule's mask and points 3,
# a conflict 2, an expectation 3, a certification ranked 12). The shipped data is about 9e8
# (under 2 s); the limit is some 30 s, whatever it is that a file has thousands of.
MAX_AUDIT_WORK = 30_000_000_000
WEIGHTS = {"rules": 3, "certifications": 12, "conflicts": 2, "expectations": 3}


def audit(catalog: Catalog, *, sample: int | None = None, seed: int = 0) -> Audit:
    """Score every profile and summarise reachability, dead weight and broken principles.

    With ``sample``, score only whole slices of the answers space chosen at random until about
    that many combinations are covered: quick, but not exhaustive (``Audit.sampled``).
    """
    try:
        grid = audit_space(catalog)
        if sample is None:
            _check_size(grid, catalog)
            return audit_grid(catalog, grid)
        return _sampled(catalog, grid, sample, seed)
    except MemoryError:
        # Said in one line, as any refusal: the data file asked for more than there is.
        raise AuditTooLarge(
            "the audit ran out of memory on this data file's answers space; audit a smaller "
            "sample with check-data --sample N"
        ) from None


def _check_size(grid: Grid, catalog: Catalog) -> None:
    """Refuse, in one line, an answers space the exhaustive audit would take too long on."""
    if grid.size > MAX_AUDIT_PROFILES:
        raise AuditTooLarge(
            f"the answers space has {grid.size:,} combinations, more than the exhaustive "
            f"audit's limit of {MAX_AUDIT_PROFILES:,}; audit a sample instead with "
            "check-data --sample N (not exhaustive), or reduce the questions' values"
        )
    counts = {
        "rules": len(grid.engine.rules),
        "certifications": len(grid.codes),
        "conflicts": len(catalog.conflicts),
        "expectations": len(catalog.expectations),
    }
    if grid.size * sum(WEIGHTS[kind] * count for kind, count in counts.items()) > MAX_AUDIT_WORK:
        each = ", ".join(f"{count:,} {kind}" for kind, count in counts.items())
        raise AuditTooLarge(
            f"the answers space has {grid.size:,} combinations, each checked against {each}: "
            "more than the exhaustive audit does in reasonable time; audit a sample instead "
            "with check-data --sample N (not exhaustive)"
        )


def _sampled(catalog: Catalog, grid: Grid, sample: int, seed: int) -> Audit:
    # Slices are drawn at random until the profiles they hold reach the sample. A slice can
    # hold none (every row of it repeats another, through a skipped question), so the draws
    # are capped rather than trusted to reach it.
    per_slice = max(1, grid.size // grid.slice_count)
    draws = min(grid.slice_count, SAMPLE_DRAWS * max(1, -(-sample // per_slice)))
    rng = random.Random(seed)
    tally = _Tally(grid, catalog)
    tried: set[int] = set()
    while tally.profiles < sample and len(tried) < draws:
        position = rng.randrange(grid.slice_count)
        if position not in tried:
            tried.add(position)
            for piece in grid.slices(only=[position]):
                tally.add(grid, piece)
    return replace(tally.result(catalog), sampled=True)


def audit_space(catalog: Catalog, restrict: Mapping[str, tuple[str, ...]] | None = None) -> Grid:
    """The answers space the audit scores: every question a scoring condition reads, each
    with its values (or those ``restrict`` narrows it to); every other question at neutral."""
    held = {q.id: (q.neutral,) for q in held_at_neutral(catalog)}
    return Grid(RuleSet(catalog), {**(restrict or {}), **held})


def audit_grid(catalog: Catalog, grid: Grid, only: Sequence[int] | None = None) -> Audit:
    """The audit over one grid of profiles (all of them, or a part of the answers space)."""
    tally = _Tally(grid, catalog)
    for piece in grid.slices(only):
        tally.add(grid, piece)
    return tally.result(catalog)


class _Tally:
    """Counts gathered slice by slice."""

    def __init__(self, grid: Grid, catalog: Catalog) -> None:
        engine = self.engine = grid.engine
        self.honesty = Honesty(grid)
        self.expectations = tuple((e, compile_condition(e.when)) for e in catalog.expectations)
        self.profiles = 0
        self.first = np.zeros(len(engine.codes), dtype=np.int64)
        self.fires = [0] * len(engine.rules)
        self.covered = dict.fromkeys((e.id for e in catalog.expectations), 0)
        self.failed: dict[str, tuple[int, dict[str, str], str]] = {}
        self.in_conflict = dict.fromkeys((c.id for c in catalog.conflicts), 0)
        self.held = held_at_neutral(catalog)
        # A question held at neutral has nothing to change a ranking with: it is not idle.
        self.unsettled = {q.id for q in engine.questions} - {q.id for q in self.held}
        # Per sliced question and values of the other sliced questions: a digest of the first
        # such slice's ranking. A digest, not the ranking itself, so that memory stays flat
        # however many slices a question that never changes a ranking is seen in.
        self.reference: dict[tuple[str, tuple[tuple[str, int], ...]], bytes] = {}

    def add(self, grid: Grid, piece: Slice) -> None:
        engine, counted = self.engine, piece.counted
        self.profiles += int(counted.sum())
        first = piece.first
        self.first += np.bincount(first[counted], minlength=len(engine.codes))
        for index, rule in enumerate(engine.rules):
            self.fires[index] += int((grid.mask(rule.compiled, piece.columns, piece.rows) & counted).sum())
        for expectation, when in self.expectations:
            where = grid.mask(when, piece.columns, piece.rows) & counted
            self.covered[expectation.id] += int(where.sum())
            allowed = np.array([expectation.allows(code) for code in engine.codes])
            bad = where & ~allowed[first]
            count = int(bad.sum())
            if count:
                row = int(np.argmax(bad))
                if expectation.id in self.failed:
                    before = self.failed[expectation.id]
                    self.failed[expectation.id] = (before[0] + count, before[1], before[2])
                else:
                    got = engine.codes[int(first[row])]
                    self.failed[expectation.id] = (count, grid.profile(piece, row), got)
        for conflict, when in engine.conflicts:
            where = grid.mask(when, piece.columns, piece.rows) & counted
            self.in_conflict[conflict.id] += int(where.sum())
        self.honesty.add(piece, first)
        if self.unsettled:
            self._settle(grid, piece)

    def _settle(self, grid: Grid, piece: Slice) -> None:
        """Drop from ``unsettled`` every question whose answer changes some ranking."""
        ranking = piece.ranking().reshape((len(self.engine.codes), *grid.shape))
        for axis, questions in enumerate(grid.inner, start=1):
            for question in questions:
                if question in self.unsettled:
                    reference = grid.reference(questions, question)
                    if np.any(ranking != ranking.take(reference, axis=axis)):
                        self.unsettled.discard(question)
        digest = None
        for question in piece.fixed:
            if question not in self.unsettled:
                continue
            if digest is None:
                digest = hashlib.blake2b(ranking.astype(np.int32).tobytes(), digest_size=16).digest()
            others = tuple(sorted((q, v) for q, v in piece.fixed.items() if q != question))
            if self.reference.setdefault((question, others), digest) != digest:
                self.unsettled.discard(question)

    def result(self, catalog: Catalog) -> Audit:
        engine = self.engine
        fired = {rule.rule.id: n for rule, n in zip(engine.rules, self.fires, strict=True)}
        first = {code: int(self.first[i]) for i, code in enumerate(engine.codes)}
        neutral = engine.neutral
        broken = tuple(
            Broken(
                id=e.id,
                why=e.why,
                count=self.failed[e.id][0],
                example={q: v for q, v in self.failed[e.id][1].items() if v != neutral[q]},
                got=self.failed[e.id][2],
            )
            for e in catalog.expectations
            if e.id in self.failed
        )
        ids = [q.id for q in engine.questions]
        honesty = self.honesty.tally
        overconfident = None
        if honesty.high:
            example = {q: v for q, v in honesty.example.items() if v != neutral[q]}
            overconfident = Overconfident(honesty.high, example, honesty.got)
        return Audit(
            profiles=self.profiles,
            first_counts={code: first[code] for code in catalog.certs},
            rule_fires=fired,
            unreachable=tuple(code for code in catalog.certs if first[code] == 0),
            dead_rules=tuple(rule for rule, n in fired.items() if n == 0),
            idle_questions=tuple(q for q in ids if q in self.unsettled),
            expectations=dict(self.covered),
            broken=broken,
            conflicts=dict(self.in_conflict),
            warnings=reason_warnings(catalog),
            unmet_requirements=honesty.unmet,
            requirement_checks=honesty.candidates,
            overconfident=overconfident,
            held=self.held,
        )
