"""From a ranking to advice: confidence, near-ties, conflicts, prerequisites and the what-ifs.

The principles are data (``[advice]`` in the data file): the near-tie margin, the margin below
which a lead is narrow, the questions that carry the main signal, the order that settles exact
ties and the usual first step when the answers say nothing. This module only applies them, and
one principle of its own: a pick whose hard prerequisite the answers do not show is never
advised with high confidence (the person may not be able to sit it).
"""

from __future__ import annotations

from collections.abc import Mapping

from certadvisor.core.rules import RuleSet
from certadvisor.core.whatif import deciding_questions, what_ifs
from certadvisor.model.results import Confidence, Ranked, Result

LOW, MEDIUM, HIGH = "low", "medium", "high"
# Confidence reason codes; the view model words them.
NOTHING_ANSWERED = "nothing_answered"  # no question that counts was answered at all
ONLY_UNSURE = "only_unsure"  # every answer given was the neutral one ("not sure", "no preference")
LITTLE_SIGNAL = "little_signal"
CLOSE_CALL = "close_call"
CONFLICT = "conflict"
NARROW_LEAD = "narrow_lead"
REQUIREMENT = "requirement"  # the pick has a hard prerequisite the answers do not show is met


def assess(rules: RuleSet, answers: Mapping[str, str], *, searches: bool = True) -> Result:
    """The full, explained result for one set of answers.

    ``searches=False`` leaves ``what_if`` and ``deciding`` empty, for a caller that runs those
    searches for many results at once (the batch, with ``whatif_bulk.recommend_many``).
    """
    advice = rules.catalog.advice
    effective = rules.effective(answers)
    ranking = rules.rank(effective)
    starting = None
    if not any(r.matched for r in ranking) and advice is not None:
        # Nothing speaks for any credential: say so, and give the usual first step by principle
        # (the data's last starting point always holds, so there is one unless it is held).
        starting = rules.starting_point(effective)
        if starting is not None:
            ranking = _first(ranking, starting.cert)
    top, second = ranking[0], ranking[1] if len(ranking) > 1 else None
    # Leads are measured on the uncapped totals that set the order: two credentials both past
    # 100 are not a tie if one is well ahead.
    margin = max(0, top.total - second.total) if second else top.score
    near = advice.near_tie if advice else 0
    tied = tuple(r.code for r in ranking[1:] if top.matched and r.matched and top.total - r.total <= near)
    tie_break = None
    if second is not None and second.total == top.total and starting is None:
        principle = advice.tie_principle if advice else "it comes first in the data file"
        tie_break = (
            f"{top.code} and {second.code} scored the same; {top.code} is listed first because {principle}."
        )
    conflicts = rules.conflicts_in(effective)
    requirement = rules.unmet_requirement(top.code, effective)
    reasons = _confidence_reasons(rules, answers, effective, not top.matched, bool(tied), bool(conflicts))
    level = LOW if reasons else HIGH
    if not reasons and advice is not None and margin < advice.clear_margin:
        reasons, level = (NARROW_LEAD,), MEDIUM
    if requirement is not None:
        # However clear the lead, a credential the person may not be able to sit yet is not a
        # confident pick: at most medium, and the reason says why.
        reasons, level = (*reasons, REQUIREMENT), LOW if level == LOW else MEDIUM
    deciding = deciding_questions(rules, answers, effective, top.code) if level == LOW and searches else ()
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
        requirement=requirement,
        starting_point=starting,
        what_if=what_ifs(rules, answers, effective, top.code) if searches else (),
        next_steps=rules.next_steps(top.code, effective),
        ignored=tuple(q.id for q in rules.questions if q.id in answers and not rules.asked(q.id, effective)),
        path=rules.path(top.code, effective),
        situation=rules.situation(effective),
    )


def _confidence_reasons(
    rules: RuleSet,
    answers: Mapping[str, str],
    effective: Mapping[str, str],
    unmatched: bool,
    tied: bool,
    conflicted: bool,
) -> tuple[str, ...]:
    advice = rules.catalog.advice
    reasons: list[str] = []
    if all(effective[q] == rules.neutral[q] for q in effective):
        # Nothing to go on either way; but someone who said "not sure" to every question did
        # answer, and is told so rather than that nothing is answered.
        answered = any(q in answers and rules.asked(q, effective) for q in effective)
        reasons.append(ONLY_UNSURE if answered else NOTHING_ANSWERED)
    elif unmatched or (advice and all(effective[q] == rules.neutral[q] for q in advice.signal_questions)):
        reasons.append(LITTLE_SIGNAL)
    if conflicted:
        reasons.append(CONFLICT)
    if tied:
        reasons.append(CLOSE_CALL)
    return tuple(reasons)


def _first(ranking: tuple[Ranked, ...], code: str) -> tuple[Ranked, ...]:
    chosen = next(r for r in ranking if r.code == code)
    return (chosen, *(r for r in ranking if r.code != code))
