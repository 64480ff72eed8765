"""From a ranking to advice: confidence, near-ties, conflicts, prerequisites and the what-ifs.

The principles are data (``[advice]`` in the data file): the near-tie margin, the margin below
which a lead is narrow, the questions that carry the main signal, the order that settles exact
ties and the usual first step when the answers say nothing. This module only applies them.
"""

from __future__ import annotations

from collections.abc import Mapping

from certadvisor.core.engine import BASE_SCORE, Confidence, Deciding, Engine, Ranked, Result
from certadvisor.core.whatif import what_ifs

LOW, MEDIUM, HIGH = "low", "medium", "high"
# Confidence reason codes; the view model words them.
NOTHING_ANSWERED = "nothing_answered"
LITTLE_SIGNAL = "little_signal"
CLOSE_CALL = "close_call"
CONFLICT = "conflict"
NARROW_LEAD = "narrow_lead"
MAX_DECIDING = 2


def assess(engine: Engine, answers: Mapping[str, str], *, searches: bool = True) -> Result:
    """The full, explained result for one set of answers.

    ``searches=False`` leaves ``what_if`` and ``deciding`` empty, for a caller that runs those
    searches for many results at once (the batch, with ``whatif_bulk.recommend_many``).
    """
    advice = engine.catalog.advice
    effective = engine.effective(answers)
    ranking = engine.rank(effective)
    starting = None
    if not any(r.matched for r in ranking) and advice is not None:
        # Nothing speaks for any credential: say so, and give the usual first step by principle.
        starting = next(p for p in advice.starting_points if p.when.holds(effective))
        ranking = _first(ranking, starting.cert)
    top, second = ranking[0], ranking[1] if len(ranking) > 1 else None
    # Leads are measured on the uncapped totals that set the order: two credentials both past
    # 100 are not a tie if one is well ahead.
    margin = min(100, max(0, top.total - second.total)) if second else top.score
    near = advice.near_tie if advice else 0
    tied = tuple(r.code for r in ranking[1:] if top.matched and r.matched and top.total - r.total <= near)
    tie_break = None
    if second is not None and second.total == top.total and starting is None:
        principle = advice.tie_principle if advice else "it comes first in the data file"
        tie_break = (
            f"{top.code} and {second.code} scored the same; {top.code} is listed first because {principle}."
        )
    conflicts = engine.conflicts_in(effective)
    reasons = _confidence_reasons(
        engine, answers, effective, starting is not None, bool(tied), bool(conflicts)
    )
    level = LOW if reasons else HIGH
    if not reasons and advice is not None and margin < advice.clear_margin:
        reasons, level = (NARROW_LEAD,), MEDIUM
    deciding = deciding_questions(engine, answers, effective, top.code) if level == LOW and searches else ()
    return Result(
        answers=dict(answers),
        effective=effective,
        ranking=ranking,
        recommendation=top.code,
        margin=margin,
        tie_break=tie_break,
        tied_with=tied,
        confidence=Confidence(level, reasons),
        conflicts=conflicts,
        deciding=deciding,
        requirement=engine.unmet_requirement(top.code, effective),
        starting_point=starting,
        what_if=what_ifs(engine, answers, effective, top.code) if searches else (),
        next_steps=engine.next_steps(top.code, effective),
        ignored=tuple(
            q.id for q in engine.questions if q.id in answers and not engine.asked(q.id, effective)
        ),
        path=engine.path(top.code, effective),
    )


def _confidence_reasons(
    engine: Engine,
    answers: Mapping[str, str],
    effective: Mapping[str, str],
    unmatched: bool,
    tied: bool,
    conflicted: bool,
) -> tuple[str, ...]:
    advice = engine.catalog.advice
    reasons: list[str] = []
    if all(effective[q] == engine.neutral[q] for q in effective):
        reasons.append(NOTHING_ANSWERED)
    elif unmatched or (advice and all(effective[q] == engine.neutral[q] for q in advice.signal_questions)):
        reasons.append(LITTLE_SIGNAL)
    if conflicted:
        reasons.append(CONFLICT)
    if tied:
        reasons.append(CLOSE_CALL)
    return tuple(reasons)


def deciding_questions(
    engine: Engine, answers: Mapping[str, str], effective: Mapping[str, str], top: str
) -> tuple[Deciding, ...]:
    """The one or two unanswered preference questions whose answer would most change the pick.

    Each asked, unanswered preference question is tried with every value; the ones that lead to
    the most different first places come first (then the earlier question).
    """
    found: list[tuple[int, int, Deciding]] = []
    totals = engine.totals(effective)
    for index, q in enumerate(engine.preferences):
        if effective[q.id] != q.neutral or not engine.asked(q.id, effective):
            continue
        leaders: dict[str, None] = {}
        for value in q.values:
            _after, moved = engine.change(answers, effective, totals, q.id, value)
            # max() keeps the first of equal totals, as the stable ranking does: the tie order.
            leader = max(engine.codes, key=moved.__getitem__)
            if moved[leader] > BASE_SCORE:
                leaders[leader] = None
        if len(leaders) > 1 or (leaders and top not in leaders):
            found.append((-len(leaders), index, Deciding(q.id, tuple(leaders))))
    found.sort()
    return tuple(entry for _n, _i, entry in found[:MAX_DECIDING])


def _first(ranking: tuple[Ranked, ...], code: str) -> tuple[Ranked, ...]:
    chosen = next(r for r in ranking if r.code == code)
    return (chosen, *(r for r in ranking if r.code != code))
