"""The JSON shape of a "Getting hired" section: ``getting_hired`` in ``recommend --json`` (and the
quiz's and the batch's lines) and in ``show --json``; the words are ``hiring_text``'s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from certadvisor.model.records import Cert, Fact, Money, Months, Rate
from certadvisor.present.hiring_text import HiringLine, HiringView, show_view
from certadvisor.present.json.evidence import evidence_json, source_json

# The unit of a numeric fact's figures.
_UNITS: dict[type, str] = {Money: "USD", Months: "months", Rate: "percent"}

# Worded once per section: the batch writes the same section for many profiles.
_JSON: dict[int, tuple[HiringView, dict[str, Any]]] = {}


def hiring_json(view: HiringView) -> dict[str, Any]:
    """The section as JSON: whether the remote note applies, then each group and its facts as
    numbers and words. The tables are shared between results: read, never change, them."""
    found = _JSON.get(id(view))
    if found is None or found[0] is not view:
        if len(_JSON) > 256:
            _JSON.clear()
        found = _JSON[id(view)] = (view, _hiring_json(view))
    return found[1]


def show_hiring_json(cert: Cert, market: Mapping[str, Fact]) -> dict[str, Any]:
    """``show --json``'s section: the certification's hiring facts and every market fact."""
    return _hiring_json(show_view(cert, market))


def _hiring_json(view: HiringView) -> dict[str, Any]:
    return {
        "code": view.code,
        "remote": view.remote,
        "remote_line": view.remote_line,
        "sections": [
            {"topic": str(part.topic), "title": part.title, "facts": [line_json(line) for line in part.lines]}
            for part in view.parts
        ],
    }


def line_json(line: HiringLine) -> dict[str, Any]:
    """One fact: its key and label, its figures (value, or low and high, and their unit), the
    words the screens print, the survey and year a figure comes from, and its page."""
    fact = line.fact
    return {
        "key": fact.key,
        "label": line.label,
        "status": fact.status,
        **_figures(fact),
        "text": line.text,
        "statistic": fact.statistic,
        "survey": fact.survey,
        "year": fact.year,
        "note": fact.note,
        "source": source_json(fact.source),
        "evidence": evidence_json(fact.source, fact.evidence, fact.compared),
    }


def _figures(fact: Fact) -> dict[str, Any]:
    """``value`` (a figure, words or a list; null for a range or an unknown), ``low`` and
    ``high`` (a numeric fact's span; equal for one figure) and ``unit``."""
    value = fact.value
    if fact.status in ("unknown", "not_applicable"):
        return {"value": None, "low": None, "high": None, "unit": None}
    if isinstance(value, Money | Months | Rate):
        unit = _UNITS[type(value)]
        single = value.low if value.low == value.high else None
        return {"value": single, "low": value.low, "high": value.high, "unit": unit}
    shown: Any = list(value) if isinstance(value, tuple) else value
    return {"value": shown, "low": None, "high": None, "unit": None}
