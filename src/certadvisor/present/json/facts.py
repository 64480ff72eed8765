"""The JSON shapes of facts, certifications, glossary entries and career paths."""

from __future__ import annotations

import datetime as dt
from typing import Any

from certadvisor.core.cost import sheet
from certadvisor.core.freshness import due, due_reason, is_stale
from certadvisor.model.records import Body, CareerPath, Cert, Fact, GlossaryEntry, Money, Months, Rate
from certadvisor.present.fact_text import format_value
from certadvisor.present.json.cost import sheet_json
from certadvisor.present.json.evidence import evidence_json, source_json


def freshness_json(item: Fact | Body, today: dt.date) -> dict[str, Any]:
    """How long such evidence holds, when the item falls due (null: now) and why."""
    due_on = due(item)
    return {
        "fresh_for_months": item.fresh_months,
        "recheck_due": due_on.isoformat() if due_on else None,
        "due_for_recheck": is_stale(item, today),
        "due_basis": due_reason(item),
    }


def fact_json(fact: Fact, today: dt.date) -> dict[str, Any]:
    """A fact as a JSON-ready dict with its source, the evidence it rests on and its freshness."""
    value: Any = fact.value
    if isinstance(value, Money | Months | Rate):
        value = value.low if value.low == value.high else {"low": value.low, "high": value.high}
    elif isinstance(value, tuple):
        value = list(value)
    data: dict[str, Any] = {
        "value": value,
        "display": format_value(fact),
        "status": fact.status,
        "source": source_json(fact.source),
        "evidence": evidence_json(fact.source, fact.evidence, fact.compared),
        **freshness_json(fact, today),
        "also": [
            {
                **source_json(also.source),
                "evidence": evidence_json(also.source, also.evidence, also.evidence.compared),
            }
            for also in fact.also
        ],
        "note": fact.note,
    }
    if fact.survey is not None or fact.year is not None:
        data["survey"] = fact.survey
        data["year"] = fact.year
    if fact.statistic is not None:
        data["statistic"] = fact.statistic
    return data


def cert_json(cert: Cert, today: dt.date) -> dict[str, Any]:
    """A certification with every fact, grouped by section, for ``show``/``compare --json``."""
    facts: dict[str, dict[str, Any]] = {}
    for key, fact in cert.facts.items():
        section, name = key.split(".", 1)
        facts.setdefault(section, {})[name] = fact_json(fact, today)
    return {
        "code": cert.code,
        "name": cert.name,
        "body": {
            "code": cert.body.code,
            "name": cert.body.name,
            "website": cert.body.website,
            "source": source_json(cert.body.source),
            "evidence": evidence_json(cert.body.source, cert.body.evidence, cert.body.compared),
            **freshness_json(cert.body, today),
        },
        "summary": cert.summary,
        "settings": list(cert.settings),
        "facts": facts,
        "next_steps": [
            {
                "text": step.text,
                "url": step.url,
                "when": None if step.when.always else step.when.describe(),
            }
            for step in cert.next_steps
        ],
        "cost": sheet_json(sheet(cert)),
    }


def summary_json(cert: Cert) -> dict[str, Any]:
    """The short form used by ``list --json``."""
    return {
        "code": cert.code,
        "name": cert.name,
        "body": cert.body.code,
        "settings": list(cert.settings),
        "setting_focus": format_value(cert.fact("focus.setting")),
        "summary": cert.summary,
    }


def entry_json(entry: GlossaryEntry) -> dict[str, object]:
    """One term for ``glossary --json``."""
    source = entry.source
    return {
        "term": entry.term,
        "aliases": list(entry.aliases),
        "text": entry.text,
        "source": None
        if source is None
        else {"id": source.id, "title": source.title, "url": source.url, "official": source.official},
        "see": list(entry.see),
    }


def path_json(path: CareerPath) -> dict[str, Any]:
    """A career path as a JSON-ready dict."""
    return {
        "id": path.id,
        "title": path.title,
        "steps": [{"cert": step.cert, "text": step.text, "condition": step.condition} for step in path.steps],
    }
