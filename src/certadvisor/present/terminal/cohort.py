"""The cohort summary screen (``recommend --batch FILE --summary``): picks with their confidence,
the conflicts and questions left open most often, and the first-year cost range, for an advisor.

No student's id or name is on it: the view is made from counts (``present.cohort_text``)."""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.text import Text

from certadvisor.present.cohort_text import CohortView
from certadvisor.present.terminal.layout import BLANK, Wrapped, boxed_table, indented, show


def print_cohort(console: Console, view: CohortView) -> None:
    """The summary, in screen order."""
    parts: list[RenderableType] = [Text(view.title, style="bold"), indented(Text(view.counts))]
    parts += [BLANK, Text("Picks", style="bold")]
    if view.picks:
        rows = [
            [
                Text.assemble((pick.code, "bold"), f" ({pick.name})"),
                Text(f"{pick.students:,} ({pick.percent}%)"),
                Text(pick.levels),
                Text(pick.first_year),
            ]
            for pick in view.picks
        ]
        columns = (("Pick", 4), ("Students", 1), ("Confidence", 2), ("First year", 2))
        table = boxed_table(console, columns, rows)
        if table is not None:
            parts.append(table)
        else:
            parts += [
                _line(f"{pick.code} ({pick.name})", f"{pick.text}; first year {pick.first_year}")
                for pick in view.picks
            ]
    else:
        parts.append(indented(Text("No student was scored.", style="dim")))
    parts += [BLANK, Text("Confidence", style="bold")]
    parts += [_line(line.label, f"{line.students:,} ({line.percent}%)") for line in view.confidence]
    parts += [BLANK, Text("Conflicts that came up most", style="bold")]
    if view.conflicts:
        parts += [_line(f"{line.students:,} ({line.percent}%)", line.label) for line in view.conflicts]
    else:
        parts.append(indented(Text("None: no student's answers pulled two ways.", style="dim")))
    parts += [BLANK, Text("Questions most often left open", style="bold")]
    if view.gaps:
        parts += [_line(gap.text, gap.detail) for gap in view.gaps]
    else:
        parts.append(indented(Text("None: every student answered every question.", style="dim")))
    parts += [BLANK, Text("First-year cost across the group", style="bold")]
    parts.append(indented(Text(view.first_year or "not known: no student was scored")))
    parts.append(indented(Text(view.first_year_note, style="dim")))
    parts += [BLANK, Text(view.privacy, style="dim")]
    show(console, parts)


def _line(label: str, text: str) -> Wrapped:
    """``label: text`` with wrapped lines under the text's start."""
    return Wrapped(Text.assemble((label, "bold"), ": ", text), "  ", 4)
