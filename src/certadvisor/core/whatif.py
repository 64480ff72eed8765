"""What-ifs: the smallest changes to *preference* answers that put a different, sensible
credential first.

- Only questions of kind ``preference`` change: a what-if never asks someone to have less
  experience or another education; what time would change belongs in the path.
- A change to a neutral value ("no preference") is not suggested: it is not something to act on.
- *Sensible*: the new leader is matched, a rule that reads a changed answer speaks for it (so it
  is not reached only by pushing others down through an unrelated answer), and the change brings
  in no conflict the answers did not already have. Overturning an answer the person gave (rather
  than filling in one they left open) is suggested only towards a credential for the same kind
  of work (they share a setting in the data).
- One what-if per new leader, single changes before pairs (pairs are tried only when no single
  change works); per leader, a change that fills in an unanswered question beats one that
  overturns an answer. At most three, the credentials ranked closest to the pick first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import combinations

from certadvisor.core.engine import BASE_SCORE, Changes, Engine, WhatIf

MAX_WHAT_IFS = 3


def single_changes(engine: Engine, effective: Mapping[str, str]) -> Iterator[Changes]:
    """Every one-answer change to an asked preference question, to a value other than neutral."""
    for q in engine.preferences:
        if not engine.asked(q.id, effective):
            continue
        for value in q.values:
            if value != effective[q.id] and value != q.neutral:
                yield ((q.id, value),)


def outcome(
    engine: Engine, answers: Mapping[str, str], changes: Changes
) -> tuple[dict[str, str], list[str], dict[str, int]]:
    """The effective answers, ranked codes and totals once ``changes`` are applied."""
    effective = engine.effective({**answers, **dict(changes)})
    totals = engine.totals(effective)
    return effective, engine.order(totals), totals


class _Base:
    """One profile's answers, effective answers and totals, from which changes are scored.

    Changes are applied one answer at a time with ``Engine.change``, so a pair costs two small
    updates rather than a full scoring (same figures: ``change`` has its own oracle test).
    """

    def __init__(self, engine: Engine, answers: Mapping[str, str], effective: Mapping[str, str]) -> None:
        self.engine, self.answers, self.effective = engine, answers, effective
        self.totals = engine.totals(effective)
        self._singles: dict[tuple[str, str], tuple[dict[str, str], dict[str, str], dict[str, int]]] = {}

    def _single(self, question: str, value: str) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
        # A pair search reuses each single change many times: keep them.
        key = (question, value)
        if key not in self._singles:
            effective, totals = self.engine.change(self.answers, self.effective, self.totals, question, value)
            self._singles[key] = ({**self.answers, question: value}, effective, totals)
        return self._singles[key]

    def outcome(self, changes: Changes) -> tuple[Mapping[str, str], dict[str, int]]:
        """The effective answers and totals once ``changes`` are applied."""
        answers, effective, totals = self._single(*changes[0])
        for question, value in changes[1:]:
            effective, totals = self.engine.change(answers, effective, totals, question, value)
            answers = {**answers, question: value}
        return effective, totals


def what_ifs(
    engine: Engine, answers: Mapping[str, str], effective: Mapping[str, str], top: str
) -> tuple[WhatIf, ...]:
    """Up to three sensible what-ifs, each reaching a different credential (see the module doc)."""
    base = _Base(engine, answers, effective)
    singles = list(single_changes(engine, effective))
    found = _search(engine, base, top, singles)
    if not found:
        pairs = [a + b for a, b in combinations(singles, 2) if a[0][0] != b[0][0]]
        found = _search(engine, base, top, pairs)
    return found


def _search(engine: Engine, base: _Base, top: str, candidates: list[Changes]) -> tuple[WhatIf, ...]:
    answers = base.answers
    before = {c.id for c in engine.conflicts_in(base.effective)}
    # Per new leader, the best candidate: one that fills in an unanswered question beats one that
    # overturns an answer, then the wider lead, then the earlier question.
    best: dict[str, tuple[tuple[int, int, int], Changes, int]] = {}
    codes = engine.codes
    for position, changes in enumerate(candidates):
        after, totals = base.outcome(changes)
        # max() keeps the first of equal totals, as the stable ranking does: the tie order.
        leader = max(codes, key=totals.__getitem__)
        if leader == top or not sensible(engine, answers, top, changes, after, leader, totals, before):
            continue
        runner_up = engine.order(totals)[1]
        # Measured like a result's margin: uncapped, at most 100.
        lead = min(100, totals[leader] - totals[runner_up])
        overturned = sum(q in answers for q, _value in changes)
        key = (overturned, -lead, position)
        if leader not in best or key < best[leader][0]:
            best[leader] = (key, changes, lead)
    # The credentials closest to the pick now come first: the runner-up before the fifth.
    place = {code: index for index, code in enumerate(engine.order(base.totals))}
    chosen = sorted(best.items(), key=lambda item: (place[item[0]], item[1][0]))[:MAX_WHAT_IFS]
    return tuple(WhatIf(changes, leader, lead) for leader, (_key, changes, lead) in chosen)


def sensible(
    engine: Engine,
    answers: Mapping[str, str],
    top: str,
    changes: Changes,
    after: Mapping[str, str],
    leader: str,
    totals: Mapping[str, int],
    conflicts_before: set[str],
) -> bool:
    """True when the change itself speaks for the new leader, which the answers then support."""
    # The cheap tests first: most changes fail one of them.
    if totals[leader] <= BASE_SCORE:
        return False
    changed = {q for q, _value in changes}
    if any(q in answers for q in changed) and not same_kind_of_work(engine, leader, top):
        # Overturning a stated preference is worth suggesting only between credentials for the
        # same kind of work; "if your goal were billing" is no help to a would-be inpatient coder.
        return False
    if not any(holds(after) for q in changed for holds in engine.speaking_for(q, leader)):
        return False
    return all(c.id in conflicts_before for c in engine.conflicts_in(after))


def same_kind_of_work(engine: Engine, one: str, other: str) -> bool:
    """True when two credentials share a setting in the data: the same kind of work."""
    certs = engine.catalog.certs
    return bool(set(certs[one].settings) & set(certs[other].settings))
