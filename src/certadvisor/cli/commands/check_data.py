"""``certadvisor check-data [PATH]``: validate and audit a data file, or list what is stale."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from certadvisor.cli.context import AppContext, handled, resolve
from certadvisor.cli.emit import emit_json
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption
from certadvisor.errors import ExitStatus
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog

if TYPE_CHECKING:
    from certadvisor.core.findings import Audit


@handled
def check_data_command(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Data file to check (default: --data, $CERTADVISOR_DATA, then the shipped file).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
    stale: Annotated[
        bool,
        typer.Option(
            "--stale",
            help="List the facts due for a re-check against their sources, grouped by page, "
            "instead of auditing.",
        ),
    ] = False,
    sample: Annotated[
        int | None,
        typer.Option(
            "--sample",
            metavar="N",
            min=1,
            help="Audit a random sample of about N profiles instead of every one (not exhaustive); "
            "for answers spaces over the exhaustive limit.",
            show_default=False,
        ),
    ] = None,
    due_within: Annotated[
        int,
        typer.Option(
            "--due-within",
            metavar="MONTHS",
            min=0,
            max=120,
            help="With --stale: also list facts that fall due within this many months.",
        ),
    ] = 0,
) -> None:
    """Validate and audit a data file.

    Checks the file, then scores every possible profile to find unreachable certifications,
    dead rules, idle questions, broken expectations and any pick advised with high confidence
    though the answers do not show its requirement is met. Warns when a comparison row mixes
    survey years or statistics, and when a figure rests on a third-party page although an
    official page is cited. With --stale, lists what needs re-checking instead.
    """
    if due_within and not stale:
        raise typer.BadParameter("--due-within goes with --stale", param_hint="--due-within")
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.io.progress import spinning

    app = resolve(ctx, data=data, no_pager=no_pager)
    # The audit takes seconds: a terminal is shown that it is working, and at what.
    with spinning(app.progress(), "Reading the data file...") as stage:
        # Not through the cache: checking the file is the whole point. PATH wins over --data.
        catalog = load_catalog(path if path is not None else app.data)
        findings = None if stale else _findings(catalog, sample, stage)
    if findings is not None and findings.report is not None:
        # The example commands replay a finding against the file checked, not the shipped one.
        checked = path if path is not None else app.chosen_data
        findings = findings._replace(report=dataclasses.replace(findings.report, data=checked))
    if findings is None:
        _stale(app, catalog, due_within, json=json)
    else:
        _audit(app, catalog, findings, json=json)


class Findings(NamedTuple):
    """What the audit found: its report (None for a file with no rules), how long it took, and
    the warnings about the data."""

    report: Audit | None
    seconds: float
    warnings: list[str]


def _findings(catalog: Catalog, sample: int | None, stage: Callable[[str], None]) -> Findings:
    """Score every profile (or a sample) and gather the warnings, naming each stage."""
    # Imported here: only check-data audits (numpy and the grid).
    from certadvisor.core.data_warnings import data_warnings
    from certadvisor.fast.audit import audit
    from certadvisor.present import audit_text

    stage("Scoring a sample of the profiles..." if sample else "Scoring every possible profile...")
    started = time.perf_counter()
    report = audit(catalog, sample=sample) if catalog.rules else None
    seconds = time.perf_counter() - started
    stage("Checking the wording...")
    warnings = [
        *(report.warnings if report else ()),
        *audit_text.glossary_warnings(catalog),
        *data_warnings(catalog),
    ]
    return Findings(report, seconds, warnings)


def _audit(app: AppContext, catalog: Catalog, findings: Findings, *, json: bool) -> None:
    """Print the audit's findings; exit 1 on a problem."""
    # Imported here: only check-data audits.
    from certadvisor.core.freshness import count_stale
    from certadvisor.present import audit_text

    report, seconds, warnings = findings
    problems = report.problems if report else []
    due, total = count_stale(catalog, app.env.today)
    if json:
        # Imported here: only JSON output needs its builder.
        from certadvisor.present.json.documents import audit_document

        emit_json(app, audit_document(catalog, report, warnings, due, seconds))
    else:
        for line in [
            audit_text.file_line(catalog),
            *(audit_text.audit_lines(report, seconds) if report else []),
        ]:
            app.say(line)
        app.say(audit_text.freshness_line(due, total))
        for line in [*audit_text.warning_lines(warnings), *audit_text.problem_lines(problems)]:
            app.note(line)
        if not problems:
            app.say("No problems found.")
    if problems:
        raise typer.Exit(ExitStatus.FAILURE)


def _stale(app: AppContext, catalog: Catalog, within_months: int, *, json: bool) -> None:
    """The re-check list of ``check-data --stale``."""
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.freshness import due_by_source, next_due

    today = app.env.today
    groups = due_by_source(catalog, today, within_months)
    if json:
        # Imported here: only JSON output needs its builder.
        from certadvisor.present.json.documents import stale_document

        emit_json(app, stale_document(catalog, groups, today, within_months, next_due(catalog)))
        return
    # Imported here: JSON output never pays for rich.
    from certadvisor.present.terminal.console import make_console
    from certadvisor.present.terminal.stale import print_stale

    print_stale(make_console(app.env), groups, today, within_months, next_due(catalog))
