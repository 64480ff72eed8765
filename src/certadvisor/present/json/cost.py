"""The JSON shapes of cost sheets and estimates."""

from __future__ import annotations

from certadvisor.core.cost import Estimate, Sheet, once_per_sheet
from certadvisor.present.cost_text import summary_lines
from certadvisor.present.json.evidence import evidence_json


def estimate_json(value: Estimate | None, unit: str) -> dict[str, object] | None:
    """An estimate as numbers: low, high, the unit (USD or months) and the unknown parts."""
    if value is None:
        return None
    return {
        "low": value.low,
        "high": value.high,
        "unit": unit,
        "complete": value.complete,
        "unknown": [{"component": u.label, "check": u.where} for u in value.unknown],
    }


def sheet_json(current: Sheet) -> dict[str, object]:
    """A cost sheet as JSON: every line with its source, then the totals."""
    return {
        "code": current.code,
        "member_prices": current.member,
        "membership": current.membership,
        "items": [
            {
                "role": item.role,
                "label": item.label,
                "when": item.when,
                "counted": item.counted,
                "estimate": estimate_json(item.estimate, "months" if item.when == "months" else "USD"),
                "status": item.fact.status if item.fact else "not_recorded",
                "source": {"id": item.fact.source.id, "url": item.fact.source.url} if item.fact else None,
                "evidence": evidence_json(item.fact.source, item.fact.evidence, item.fact.compared)
                if item.fact
                else None,
                "note": item.fact.note if item.fact else None,
            }
            for item in current.items
        ],
        "totals": {
            "first_year_cheapest": estimate_json(current.first_year_cheapest, "USD"),
            "first_year_usual": estimate_json(current.first_year_usual, "USD"),
            "upkeep_per_cycle": estimate_json(current.upkeep, "USD"),
            "cycle_years": current.cycle_years,
            "months_to_first_credential": estimate_json(current.months_first, "months"),
            "months_to_full_credential": estimate_json(current.months_full, "months"),
        },
        "summary": summary_lines(current),
    }


# The same for the totals as numbers.
_TAKES: dict[int, tuple[Sheet, dict[str, object]]] = {}


def takes_json(current: Sheet) -> dict[str, object]:
    """The totals as JSON numbers: what a result's ``what_it_takes`` gives per credential."""
    # The inner tables are shared by every result for this credential: read, never change, them.
    found: dict[str, object] = once_per_sheet(_TAKES, current, _takes_json)
    return dict(found)


def _takes_json(current: Sheet) -> dict[str, object]:
    return {
        "member_prices": current.member,
        # The usual route (with the usual training) is the figure the text gives; the cheapest
        # route (no course) is kept for scripts that compare it.
        "first_year_usual": estimate_json(current.first_year_usual, "USD"),
        "first_year_cheapest": estimate_json(current.first_year_cheapest, "USD"),
        "upkeep_per_cycle": estimate_json(current.upkeep, "USD"),
        "cycle_years": current.cycle_years,
        "months_to_first_credential": estimate_json(current.months_first, "months"),
        "months_to_full_credential": estimate_json(current.months_full, "months"),
    }
