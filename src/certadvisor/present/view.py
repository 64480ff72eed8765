"""The words of a result, built once: the terminal, the Markdown report and the JSON all use
this view model, so a sentence is written in one place and reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from certadvisor.core.advice import (
    CLOSE_CALL,
    CONFLICT,
    LITTLE_SIGNAL,
    NARROW_LEAD,
    NOTHING_ANSWERED,
    ONLY_UNSURE,
    REQUIREMENT,
)
from certadvisor.core.cost import sheet
from certadvisor.core.glossary import terms_in
from certadvisor.core.rules import BASE_SCORE
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import SEPARATOR
from certadvisor.model.records import GlossaryEntry
from certadvisor.model.results import Ranked, Reason, Result, WhatIf
from certadvisor.present.cost_text import summary_lines
from certadvisor.present.hiring_text import HiringView, hiring_view
from certadvisor.text import plural

SCORE_MEANING = (
    "Scores are points from the rules, not a probability: every credential starts at 50, and a "
    "score of 100 means the answers point strongly to it, not that it is certain to suit you."
)
# Said under the ranking when a score is capped: the cap must not hide a lead.
CAP_NOTE = "A score past 100 is shown as 100 with its uncapped total, so the lead stays visible."


class Line(NamedTuple):
    """A signed point and the sentence it belongs to (a reason, or a why-not item)."""

    points: int
    text: str


class Takes(NamedTuple):
    """What it takes to get and keep one credential, in words (from the cost model)."""

    code: str
    first_year: str
    upkeep: str
    time: str


class ResultView(NamedTuple):
    """Every sentence a result needs, in the order the screens show them."""

    headline: str  # "CCS (Certified Coding Specialist)"
    summary: str
    lead: str  # "ahead by 22 points" or "tied with CIC"
    confidence: str  # low | medium | high
    confidence_lines: tuple[str, ...]
    cannot_advise: str | None  # nothing answered: say so plainly
    requirement: str | None  # the pick's unmet hard prerequisite
    held: str | None  # the credentials the person already holds, which are never suggested
    tie: str | None  # a tie or near-tie, and what would separate it
    conflicts: tuple[str, ...]
    why_not: tuple[Line, ...]  # why not the runner-up
    runner_up: str | None
    what_ifs: tuple[str, ...]
    matched: tuple[Ranked, ...]
    unmatched: tuple[Ranked, ...]
    what_it_takes: tuple[Takes, ...] = ()
    in_short: tuple[tuple[str, str], ...] = ()  # (label, text): the summary every screen opens with
    score_meaning: str = SCORE_MEANING
    terms: tuple[GlossaryEntry, ...] = ()  # glossary terms the result uses, in order of first use
    cap_note: str | None = None  # set when a shown score is capped at 100 (CAP_NOTE)
    getting_hired: HiringView | None = None  # "Getting hired": after the path, in every presenter


def build(catalog: Catalog, result: Result, *, terms: bool = True) -> ResultView:
    """The result's wording; ``terms=False`` skips finding glossary terms (JSON has no use)."""
    top = catalog.certs[result.recommendation]
    second = result.ranking[1] if len(result.ranking) > 1 else None
    hired = hiring_view(catalog, result)
    lead = ""
    if result.starting_point is not None:
        lead = "the usual first step"
    elif result.tied_with:
        lead = (
            "tied with " + _join(result.tied_with)
            if result.margin == 0
            else (f"ahead of {_join(result.tied_with)} by only {plural(result.margin, 'point')}")
        )
    elif second is not None:
        lead = f"ahead by {plural(result.margin, 'point')}"
    view = ResultView(
        headline=f"{top.code} ({top.name})",
        summary=top.summary,
        lead=lead,
        confidence=result.confidence.level,
        confidence_lines=confidence_lines(catalog, result),
        cannot_advise=_cannot_advise(catalog, result),
        requirement=result.requirement.text if result.requirement else None,
        held=_held(catalog, result),
        tie=_tie(catalog, result),
        conflicts=tuple(c.note for c in result.conflicts),
        why_not=why_not(result) if result.starting_point is None else (),
        runner_up=second.code if second and result.starting_point is None else None,
        what_ifs=tuple(what_if_text(catalog, w) for w in result.what_if),
        matched=tuple(r for r in result.ranking if r.matched or r.code == result.recommendation),
        unmatched=tuple(
            r for r in result.ranking if not r.matched and not r.held and r.code != result.recommendation
        ),
        what_it_takes=what_it_takes(catalog, result),
        in_short=in_short(catalog, result, hired.remote_line),
        cap_note=CAP_NOTE if any(capped(r) for r in result.ranking if r.matched) else None,
        getting_hired=hired,
    )
    if not catalog.glossary or not terms:
        return view
    return view._replace(terms=terms_in(catalog.glossary, screen_texts(view, result)))


def screen_texts(view: ResultView, result: Result) -> list[str]:
    """The words a result shows, in screen order: where the reports look for glossary terms (the
    terminal looks in what it draws: ``terminal.blocks.with_terms``)."""
    texts = [text for _, text in view.in_short]
    texts += [view.headline, view.summary, view.lead, *view.confidence_lines]
    texts += [t for t in (view.cannot_advise, view.requirement, view.held, view.tie) if t]
    texts += view.conflicts
    texts += [reason.text for ranked in view.matched for reason in ranked.reasons]
    texts += [line.text for line in view.why_not]
    texts += view.what_ifs
    if result.path is not None:
        texts.append(result.path.title)
        texts += [f"{step.text} {step.condition}" for step in result.path.steps]
    if view.getting_hired is not None:
        hired = view.getting_hired
        texts += [f"{line.label} {line.text} {line.note or ''}" for line in hired.lines]
        texts += [item for line in hired.lines for item in line.items]
        # The pages the section cites are drawn with it: their titles use terms too (GI Bill, BLS).
        texts += [f"{source.title} {source.publisher}" for source in hired.sources]
    texts += [f"{t.first_year} {t.upkeep} {t.time}" for t in view.what_it_takes]
    texts += [step.text for step in result.next_steps]
    return texts


def in_short(catalog: Catalog, result: Result, remote: str | None = None) -> tuple[tuple[str, str], ...]:
    """The result in a few lines: pick, confidence, why, runner-up, first step, cost, and the
    remote note (``remote``) when the person needs remote work."""
    top = result.ranking[0]
    cert = catalog.certs[top.code]
    lines = [("Pick", f"{cert.code} ({cert.name})")]
    level = result.confidence.level
    lines.append(
        ("Confidence", level + ("" if level == "high" else ": why is under Confidence in the details"))
    )
    best = max((r for r in top.reasons if r.points > 0), key=lambda r: r.points, default=None)
    if result.starting_point is not None:
        lines.append(("Why", result.starting_point.why))
    elif best is not None:
        lines.append(("Why", best.text))
    runner = next((r for r in result.ranking[1:] if r.matched and not r.held), None)
    if runner is not None and result.starting_point is None:
        lines.append(("Runner-up", _behind(runner, top)))
    if result.requirement is not None:
        lines.append(("Needs", result.requirement.text))
    if result.path is not None and result.path.steps:
        lines.append(("First step", result.path.steps[0].text))
    elif result.next_steps:
        lines.append(("First step", result.next_steps[0].text))
    lines.append(("First year", summary_lines(sheet(cert, situation=result.situation))["first_year"]))
    if remote is not None:
        lines.append(("Remote", remote))
    return tuple(lines)


def _behind(runner: Ranked, top: Ranked) -> str:
    """How far the runner-up is behind, not its score: two scores capped at 100 read as a tie."""
    behind = top.total - runner.total
    return (
        f"{runner.code} ({plural(behind, 'point')} behind)" if behind else f"{runner.code} (level on points)"
    )


def what_it_takes(catalog: Catalog, result: Result) -> tuple[Takes, ...]:
    """Cost and time for the pick and the runner-up (when it is matched too)."""
    codes = [result.recommendation]
    if len(result.ranking) > 1 and result.ranking[1].matched and result.starting_point is None:
        codes.append(result.ranking[1].code)
    takes = []
    for code in codes:
        lines = summary_lines(sheet(catalog.certs[code], situation=result.situation))
        takes.append(Takes(code, lines["first_year"], lines["upkeep"], lines["time"]))
    return tuple(takes)


def _held(catalog: Catalog, result: Result) -> str | None:
    """The credentials held, named as the person answered them; one that an answered credential
    covers (an RHIA covers RHIT) is said to be covered, not held in its own right."""
    held = [r.code for r in result.ranking if r.held]
    if not held:
        return None
    advice = catalog.advice
    question = advice.held_question if advice else None
    answer = result.effective.get(question, "") if question else ""
    named: list[str] = []
    said: set[str] = set()
    for member in answer.split(SEPARATOR):
        if member not in held or member in said:
            continue
        covers = [c for c in (advice.held.get(member, ()) if advice else ()) if c in held and c != member]
        covers = [c for c in covers if c not in said and c not in answer.split(SEPARATOR)]
        said.update((member, *covers))
        named.append(f"{member} (which covers {_join(covers)})" if covers else member)
    named += [code for code in held if code not in said]  # held by a value that is no credential
    count = {1: "it is not", 2: "neither is"}.get(len(held), "none of them is")
    return f"You already hold {_join(named)}, so {count} suggested again: the advice is what to add next."


def confidence_lines(catalog: Catalog, result: Result) -> tuple[str, ...]:
    """One sentence per confidence reason, then what would settle a low-confidence result."""
    lines: list[str] = []
    for code in result.confidence.reasons:
        if code == NOTHING_ANSWERED:
            lines.append(
                "None of your answers is used (see “Not used” below), so there is nothing to base advice on."
                if result.ignored
                else "No questions are answered yet, so there is nothing to base advice on."
            )
        elif code == ONLY_UNSURE:
            lines.append(_only_unsure(catalog, result))
        elif code == REQUIREMENT:
            lines.append(f"{result.recommendation} needs something your answers do not show yet: see below.")
        elif code == LITTLE_SIGNAL:
            names = (
                ", ".join(catalog.question(q).short for q in catalog.advice.signal_questions)
                if catalog.advice
                else ""
            )
            lines.append(
                f"Your answers say little about the job you want ({names}), so this is a weak signal."
            )
        elif code == CONFLICT:
            lines.append("Some answers pull in different directions (see below).")
        elif code == CLOSE_CALL:
            lines.append(f"{_join((result.recommendation, *result.tied_with))} are too close to call.")
        elif code == NARROW_LEAD:
            lines.append(f"{result.recommendation} leads, but only by {plural(result.margin, 'point')}.")
    for deciding in result.deciding:
        question = catalog.question(deciding.question)
        picks = _join(deciding.leaders)
        given = result.answers.get(deciding.question)
        # A question answered "not sure" is not unanswered: ask for a firmer answer instead.
        firmer = f" with something firmer than “{question.label(given)}”" if given is not None else ""
        lines.append(f"Answer “{question.text}”{firmer} to settle this: it decides between {picks}.")
    return tuple(lines)


def _only_unsure(catalog: Catalog, result: Result) -> str:
    """Every answer given was the neutral one: say so, rather than that nothing is answered."""
    asked = [q.id for q in catalog.questions if q.when.holds(result.effective)]
    every = "every question" if all(q in result.answers for q in asked) else "every question you answered"
    return (
        f"You answered “not sure” or “no preference” to {every}, so there is nothing yet to base advice on."
    )


def _cannot_advise(catalog: Catalog, result: Result) -> str | None:
    point = result.starting_point
    if point is None:
        return None
    return (
        f"certadvisor cannot advise you yet: none of your answers points to a credential. "
        f"The usual first step is {point.cert}. {point.why}"
    )


def _tie(catalog: Catalog, result: Result) -> str | None:
    """Why the pick is shown first in an exact tie. The rest of a tie is said once elsewhere:
    that it is too close to call (and what would settle it) with the confidence, the scores in
    the ranking, the what-ifs under "What would change the answer"."""
    if not result.tie_break:
        return None
    return f"{result.recommendation} is shown first because {tie_principle(catalog)}."


def tie_principle(catalog: Catalog) -> str:
    """Why an exact tie goes to the credential shown first: the data's stated principle, as
    ``core.advice`` gives it in ``Result.tie_break``."""
    return catalog.advice.tie_principle if catalog.advice else "it comes first in the data file"


def scores_note(result: Result) -> str:
    """The scores of the pick and those tied with it, e.g. ``CPC 62, CCS 60``."""
    ranked = {r.code: r for r in result.ranking}
    return ", ".join(
        f"{code} {score_text(ranked[code])}" for code in (result.recommendation, *result.tied_with)
    )


def capped(ranked: Ranked) -> bool:
    """True when the score shown (at most 100) hides part of the total that set the order."""
    return ranked.total > ranked.score


def score_text(ranked: Ranked, out_of: str = "") -> str:
    """``78``, or ``100 (uncapped 125)`` for a capped score: the lead stays visible.
    ``out_of="/100"`` gives ``78/100``."""
    text = f"{ranked.score}{out_of}"
    return f"{text} (uncapped {ranked.total})" if capped(ranked) else text


def why_not(result: Result) -> tuple[Line, ...]:
    """Why the runner-up is second: what counts against it, in its favour, and against the pick."""
    if len(result.ranking) < 2:
        return ()
    top, second = result.ranking[0], result.ranking[1]
    favour_ids = {r.rule for r in second.reasons if r.points > 0}
    against_top = sorted((r for r in top.reasons if r.points < 0 and r.rule not in favour_ids), key=_by_size)
    cons = sorted((r for r in second.reasons if r.points < 0), key=_by_size)
    pros = sorted((r for r in second.reasons if r.points > 0), key=_by_size)
    gained = {r.rule: r.points for r in second.reasons}
    for_top = sorted((r for r in top.reasons if r.points > gained.get(r.rule, 0)), key=_by_size)
    lines = [Line(r.points, r.text) for r in cons[:3]]
    lines += [Line(r.points, f"In its favour: {r.text}") for r in pros[:2]]
    lines += [Line(r.points, f"For {top.code}: {r.text}") for r in for_top[:2]]
    lines += [Line(r.points, f"Against {top.code}: {r.text}") for r in against_top[:2]]
    if not lines and second.total == top.total:
        lines.append(Line(0, f"{second.code} scored the same; {top.code} is first only by the tie order."))
    elif not lines:
        lines.append(
            Line(0, f"{second.code} gained fewer points ({score_text(second)} against {score_text(top)}).")
        )
    return tuple(lines)


def why_not_needed(view: ResultView, explained: Iterable[str]) -> bool:
    """True when "Why not" the runner-up says something: not when the runner-up's own reasons
    are shown (``explained``: the codes whose reasons are), as its items are those reasons and
    the pick's, sorted again."""
    return view.runner_up is not None and view.runner_up not in set(explained)


def what_if_text(catalog: Catalog, what_if: WhatIf) -> str:
    """``If your career goal were “…”, CRC would lead by 12 points.``"""
    parts = [
        f"your {catalog.question(q).short} were “{catalog.question(q).label(v)}”" for q, v in what_if.changes
    ]
    lead = f"by {plural(what_if.margin, 'point')}" if what_if.margin else "on the tie order"
    return f"If {' and '.join(parts)}, {what_if.leader} would lead {lead}."


def sorted_reasons(ranked: Ranked) -> list[Reason]:
    """A certification's reasons, biggest effect first."""
    return sorted(ranked.reasons, key=_by_size)


def unmatched_line(view: ResultView) -> str | None:
    """The one line that lists credentials the answers did not speak for."""
    if not view.unmatched:
        return None
    return (
        "Not suggested by your answers: "
        + ", ".join(f"{r.code} ({r.score})" for r in view.unmatched)
        + f" (at or below the starting {BASE_SCORE})."
    )


def _by_size(reason: Reason) -> int:
    return -abs(reason.points)


def _join(codes: tuple[str, ...] | list[str]) -> str:
    codes = list(codes)
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]
