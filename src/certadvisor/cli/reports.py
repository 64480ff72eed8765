"""The files ``recommend`` and ``quiz`` write: the report (Markdown or HTML, or Markdown to
stdout with ``--report -``) and the saved answers, each carrying the command that replays the
result.

Imported only by a command that writes one of them: the Markdown and HTML builders cost
start-up time that other runs need not pay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import typer

from certadvisor.cli.context import AppContext
from certadvisor.cli.emit import write_text
from certadvisor.io.files import check_writable, is_stdout_path, write_atomic
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result
from certadvisor.present.replay import reproduce_command, saved_answers_text
from certadvisor.present.report.formats import check_report_name, report_text
from certadvisor.present.report.markdown import markdown_report


def reproduce(app: AppContext, result: Result, *, multiline: bool = False) -> str:
    """The ``recommend`` command that gives ``result`` again, with the data file it was scored
    against when the user chose one (by --data before or after the command name, or by
    $CERTADVISOR_DATA: see ``AppContext.chosen_data``)."""
    return reproduce_command(result.answers, app.chosen_data, multiline=multiline)


def check_report(report: Path, *, json: bool, force: bool) -> None:
    """Refuse a report that cannot be written, before any work: its format, or an existing file."""
    if is_stdout_path(report):
        if json:
            raise typer.BadParameter(
                "- (stdout) cannot be combined with --json: both write to stdout", param_hint="--report"
            )
        return
    check_report_name(report)
    check_writable(report, force=force)


def write_report(app: AppContext, catalog: Catalog, result: Result, report: Path, *, force: bool) -> bool:
    """Write the report; True when it went to stdout (``--report -``, Markdown) as the output."""
    command = reproduce(app, result)
    today = app.env.today
    if is_stdout_path(report):
        write_text(app, markdown_report(catalog, result, today, command))
        return True
    write_atomic(report, report_text(catalog, result, today, command, report), force=force)
    app.note(f"Report written to {report}")
    return False


def save_answers(
    app: AppContext, catalog: Catalog, answers: Mapping[str, str], path: Path, *, force: bool
) -> None:
    """Write answers for ``recommend --answers`` (and ``quiz --answers``) to replay; a TOML
    file's replay command names the data file the user chose, as ``reproduce`` does."""
    now = dt.datetime.now().astimezone()
    write_atomic(path, saved_answers_text(catalog, answers, path, now, app.chosen_data), force=force)
