"""The JSON shape of a recommendation: documented in the README and in result.schema.json."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from certadvisor.core.cost import sheet
from certadvisor.core.rules import BASE_SCORE
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result, Situation
from certadvisor.present.cost_text import summary_lines
from certadvisor.present.json.cost import takes_json
from certadvisor.present.json.encode import SCHEMA_VERSION
from certadvisor.present.json.facts import path_json
from certadvisor.present.json.hiring import hiring_json
from certadvisor.present.view import build

if TYPE_CHECKING:
    from certadvisor.present.view import ResultView, Takes


def result_json(catalog: Catalog, result: Result) -> dict[str, Any]:
    """A recommendation as a JSON-ready dict (``recommend --json``, batch lines, ``quiz --json``)."""
    view = build(catalog, result, terms=False)
    return {
        "schema_version": SCHEMA_VERSION,
        "recommendation": result.recommendation,
        "margin": result.margin,
        "tie_break": result.tie_break,
        "tied_with": list(result.tied_with),
        "confidence": _confidence_json(result, view),
        "cannot_advise": view.cannot_advise,
        "requirement": (
            {"cert": result.recommendation, "text": result.requirement.text} if result.requirement else None
        ),
        "conflicts": [{"id": c.id, "note": c.note} for c in result.conflicts],
        # Credentials the person holds are listed here, not ranked: they are never suggested.
        "held": [ranked.code for ranked in result.ranking if ranked.held],
        "situation": _situation_json(result.situation),
        "what_it_takes": what_it_takes_json(catalog, view.what_it_takes, result.situation),
        "ranking": _ranking_json(catalog, result),
        "score_meaning": view.score_meaning,
        "why_not_runner_up": (
            {
                "code": view.runner_up,
                "items": [{"points": line.points, "text": line.text} for line in view.why_not],
            }
            if view.runner_up
            else None
        ),
        "what_if": [
            {"changes": dict(w.changes), "recommendation": w.leader, "margin": w.margin, "text": text}
            for w, text in zip(result.what_if, view.what_ifs, strict=True)
        ],
        "next_steps": [{"text": step.text, "url": step.url} for step in result.next_steps],
        "path": path_json(result.path) if result.path is not None else None,
        "getting_hired": hiring_json(view.getting_hired) if view.getting_hired is not None else None,
        "answers": dict(result.answers),
        "effective_answers": dict(result.effective),
        "ignored_answers": list(result.ignored),
        "data_updated": catalog.updated.isoformat(),
    }


def _confidence_json(result: Result, view: ResultView) -> dict[str, Any]:
    """How sure the advice is: the level, its reason codes and sentences, the deciding questions."""
    return {
        "level": result.confidence.level,
        "reasons": list(result.confidence.reasons),
        "text": list(view.confidence_lines),
        "deciding_questions": [{"question": d.question, "leaders": list(d.leaders)} for d in result.deciding],
    }


def _ranking_json(catalog: Catalog, result: Result) -> list[dict[str, Any]]:
    """The ranked credentials (those held left out), each with its score and reasons."""
    return [
        {
            "code": ranked.code,
            "name": catalog.certs[ranked.code].name,
            "score": ranked.score,
            # The uncapped total that sets the order: two scores of 100 are not a tie.
            "total": ranked.total,
            "points": ranked.total - BASE_SCORE,
            "matched": ranked.matched,
            "reasons": [
                {"rule": reason.rule, "reason": reason.text, "points": reason.points}
                for reason in ranked.reasons
            ],
        }
        for ranked in result.ranking
        if not ranked.held
    ]


def _situation_json(situation: Situation) -> dict[str, list[str]]:
    """What the answers show the person has already, from which costs and the plan start."""
    return {
        "member_of": sorted(situation.members),
        "education_done": sorted(situation.education_done),
        "exam_passed": sorted(situation.exam_passed),
    }


def what_it_takes_json(
    catalog: Catalog, takes: Sequence[Takes], situation: Situation
) -> list[dict[str, Any]]:
    """Cost and time for the credentials a view shows (the pick and runner-up), as numbers and words."""
    found = []
    for one in takes:
        current = sheet(catalog.certs[one.code], situation=situation)
        found.append({"code": one.code, **takes_json(current), "text": summary_lines(current)})
    return found
