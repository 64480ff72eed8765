"""The advisor's batch options of ``recommend`` (issue #27): a CSV input, a results file
(``--output``), a cohort summary (``--summary``, ``--summary-report``) and one report a student
(``--reports-dir``). Imported only when one of them is given: plain JSON Lines runs never pay.

Every target is checked before any work, and the input's whole-file faults are found before
anything is written (``load.csv_answers``), so a run that fails at the start leaves nothing.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

import typer

from certadvisor.cli.context import AppContext
from certadvisor.cli.emit import emit
from certadvisor.errors import ExitStatus
from certadvisor.text import plural

# A batch's progress count shows once this many rows are scored (as ``recommend``'s own).
BATCH_PROGRESS_AFTER = 1000


class BatchFormat(StrEnum):
    """A batch input's format: by the file's extension unless ``--format`` says."""

    JSONL = "jsonl"
    CSV = "csv"


class AdvisorOptions(NamedTuple):
    """The advisor's options as given (all empty for a plain JSON Lines batch)."""

    format: BatchFormat | None = None
    output: Path | None = None
    summary: bool = False
    summary_report: Path | None = None
    reports_dir: Path | None = None

    def given(self) -> list[str]:
        """The options given, by name, for a message."""
        pairs = [
            ("--format", self.format is not None),
            ("--output", self.output is not None),
            ("--summary", self.summary),
            ("--summary-report", self.summary_report is not None),
            ("--reports-dir", self.reports_dir is not None),
        ]
        return [name for name, given in pairs if given]


def csv_input(source: str, options: AdvisorOptions) -> bool:
    """Whether the batch input is CSV: ``--format csv``, or a file name ending in .csv."""
    if options.format is not None:
        return options.format is BatchFormat.CSV
    return source.lower().endswith(".csv")


def needs_advisor(source: str, options: AdvisorOptions) -> bool:
    """Whether the batch takes this path rather than the plain JSON Lines stream."""
    return csv_input(source, options) or bool(options.given())


def check_targets(options: AdvisorOptions, *, json: bool, force: bool) -> None:
    """Refuse, before any work, a target that cannot or must not be written."""
    from certadvisor.io.csv_out import check_results_name
    from certadvisor.io.files import check_writable
    from certadvisor.io.report_names import check_reports_dir

    if json and not options.summary:
        raise typer.BadParameter("with --batch, applies only to --summary", param_hint="--json")
    if options.output is not None:
        check_results_name(options.output)
        check_writable(options.output, force=force)
    if options.summary_report is not None:
        if options.summary_report.suffix.lower() not in (".html", ".htm"):
            raise typer.BadParameter("the file name must end in .html", param_hint="--summary-report")
        check_writable(options.summary_report, force=force)
    if options.reports_dir is not None:
        check_reports_dir(options.reports_dir, force=force)


def run_advisor_batch(
    app: AppContext, source: str, jobs: int, options: AdvisorOptions, *, json: bool, force: bool
) -> None:
    """Score the batch into the outputs asked for; then the summary, and exit 1 if a row failed."""
    from certadvisor.batch import default_jobs
    from certadvisor.batch_csv import Outputs
    from certadvisor.batch_csv import run_advisor_batch as run
    from certadvisor.io.progress import Tally

    check_targets(options, json=json, force=force)
    env = app.env
    cohort = options.summary or options.summary_report is not None
    outputs = Outputs(
        stream=options.output is None and not options.summary,
        rows=options.output is not None,
        cohort=cohort,
        reports=options.reports_dir,
        today=env.today,
        data=app.chosen_data,
        force=force,
    )
    catalog = app.catalog()
    # Streamed results share the terminal with the count only when stdout is elsewhere.
    progress = app.progress(beside_output=not outputs.stream)
    tally = Tally(progress, "Scored {:,} rows...", after=BATCH_PROGRESS_AFTER)
    try:
        finished = run(
            catalog,
            source,
            env.stdout,
            outputs,
            csv_input=csv_input(source, options),
            output=options.output,
            jobs=jobs or default_jobs(env.cpus),
            stdin=env.stdin,
            note=app.note,
            done=tally.add if progress.enabled else None,
        )
    finally:
        progress.clear()
    if finished.cohort is not None:
        _summaries(app, finished.cohort.summary(catalog), options, json=json, force=force)
    if options.output is not None:
        app.note(f"Results written to {options.output}")
    if options.reports_dir is not None:
        app.note(f"Reports written to {options.reports_dir}")
    if finished.failed:
        where = f'the "error" column of {options.output}' if options.output else 'the "error" objects'
        if options.output is None and (options.summary or options.summary_report is not None):
            where = "the errors above (--output FILE.csv keeps them beside every row)"
        app.note(f"{plural(finished.failed, 'row')} failed; see {where}")
        raise typer.Exit(ExitStatus.FAILURE)


def _summaries(app: AppContext, summary: Any, options: AdvisorOptions, *, json: bool, force: bool) -> None:
    """The summary on stdout (``--summary``) and as a page (``--summary-report``)."""
    from certadvisor.present.cohort_text import cohort_view

    catalog = app.catalog()
    view = cohort_view(catalog, summary)
    if options.summary_report is not None:
        from certadvisor.io.files import write_atomic
        from certadvisor.present.report.cohort_html import cohort_html

        write_atomic(options.summary_report, cohort_html(view, app.env.today, catalog.updated), force=force)
        app.note(f"Summary written to {options.summary_report}")
    if not options.summary:
        return

    def draw(console: Any) -> None:
        from certadvisor.present.terminal.cohort import print_cohort

        print_cohort(console, view)

    def document() -> dict[str, Any]:
        from certadvisor.present.json.cohort import cohort_document

        return cohort_document(view, catalog.updated.isoformat())

    emit(app, json=json, document=document, draw=draw)
