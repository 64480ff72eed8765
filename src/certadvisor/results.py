"""The JSON shape of a recommendation: documented in the README and in result.schema.json."""

from __future__ import annotations

from typing import Any

from .catalog import CareerPath, Catalog
from .engine import Result
from .output import SCHEMA_VERSION


def result_json(catalog: Catalog, result: Result) -> dict[str, Any]:
    """A recommendation as a JSON-ready dict (``recommend --json``, batch lines, ``quiz --json``)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "recommendation": result.recommendation,
        "margin": result.margin,
        "tie_break": result.tie_break,
        "ranking": [
            {
                "code": ranked.code,
                "name": catalog.certs[ranked.code].name,
                "score": ranked.score,
                "points": ranked.total - 50,
                "reasons": [
                    {"rule": reason.rule, "reason": reason.text, "points": reason.points}
                    for reason in ranked.reasons
                ],
            }
            for ranked in result.ranking
        ],
        "what_if": [
            {
                "changes": dict(what_if.changes),
                "recommendation": what_if.leader,
                "margin": what_if.margin,
                "text": what_if.text,
            }
            for what_if in result.what_if
        ],
        "next_steps": [{"text": step.text, "url": step.url} for step in result.next_steps],
        "path": path_json(result.path) if result.path is not None else None,
        "answers": dict(result.answers),
        "effective_answers": dict(result.effective),
        "ignored_answers": list(result.ignored),
        "data_updated": catalog.updated.isoformat(),
    }


def path_json(path: CareerPath) -> dict[str, Any]:
    """A career path as a JSON-ready dict."""
    return {
        "id": path.id,
        "title": path.title,
        "steps": [{"cert": step.cert, "text": step.text, "condition": step.condition} for step in path.steps],
    }
