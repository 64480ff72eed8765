"""``certadvisor form``: the questions and their choices, for building a form or spreadsheet
that ``recommend --batch FILE.csv`` reads as it is."""

from typing import Annotated

import typer

from certadvisor.cli.context import handled, resolve
from certadvisor.cli.emit import write_text
from certadvisor.cli.options import DataOption, NoPagerOption


@handled
def form_command(
    ctx: typer.Context,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print Markdown (for a document or a web page).")
    ] = False,
    csv: Annotated[
        bool,
        typer.Option("--csv", help="Print a CSV header row of the questions and one example row."),
    ] = False,
    ids: Annotated[
        bool,
        typer.Option("--ids", help="With --csv: columns named by question id, not by the question text."),
    ] = False,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Print the questions as a form (text, Markdown or CSV).

    The questions and their choices, to build a form or spreadsheet for many people: name its
    columns by the question's id or text, answer with a value or its label, then score every
    row with: certadvisor recommend --batch FILE.csv
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.present.form import form_csv, form_markdown, form_text

    if markdown and csv:
        raise typer.BadParameter("choose one of --markdown and --csv", param_hint="--markdown")
    if ids and not csv:
        raise typer.BadParameter("applies only to --csv", param_hint="--ids")
    app = resolve(ctx, data=data, no_pager=no_pager)
    questions = app.catalog().questions
    if csv:
        text = form_csv(questions, ids=ids)
    elif markdown:
        text = form_markdown(questions)
    else:
        text = form_text(questions, width=_width(app.env.variables.get("COLUMNS")))
    write_text(app, text)


def _width(columns: str | None) -> int:
    """COLUMNS when it is a sensible width, else the 80 columns a pipe or a printout suits."""
    if columns is not None and columns.strip().isdigit() and 20 <= int(columns) <= 1000:
        return int(columns)
    return 80
