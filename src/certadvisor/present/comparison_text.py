"""How a comparison cell reads: the body and its site, a fact's value, or a cost total in words.

Apart from ``fact_text`` because only the comparison words cost totals: ``show`` does without
the cost model.
"""

from __future__ import annotations

from certadvisor.core.compare import COST_ROWS, Cell, Row
from certadvisor.core.cost import sheet
from certadvisor.present.cost_text import summary_lines
from certadvisor.present.fact_text import format_value

# The cost sheet's summary line each cost row shows.
_COST_LINES = {key: line for key, _label, line in COST_ROWS}
# A fact row whose optional fact the data does not have for this certification.
NOT_RECORDED = "Not recorded"


def cell_text(row: Row, cell: Cell) -> str:
    """A comparison cell in words: the body and its site, a fact's value, or a cost total."""
    if row.key == "body":
        return f"{cell.cert.body.name} — {cell.cert.body.website}"
    if cell.fact is not None:
        return format_value(cell.fact)
    if row.key not in _COST_LINES:
        return NOT_RECORDED
    return summary_lines(sheet(cell.cert))[_COST_LINES[row.key]]
