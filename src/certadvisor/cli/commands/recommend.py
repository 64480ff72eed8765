"""``certadvisor recommend``: score answers without prompting, for one person or a batch."""

from pathlib import Path
from typing import Annotated, Any

import typer

from certadvisor.cli.advisor import AdvisorOptions, BatchFormat, needs_advisor, run_advisor_batch
from certadvisor.cli.completion import set_answers
from certadvisor.cli.context import AppContext, handled, resolve
from certadvisor.cli.emit import emit
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption
from certadvisor.errors import AnswersError, ExitStatus
from certadvisor.model.catalog import Catalog
from certadvisor.text import plural

# A batch shows its progress (on a terminal's stderr) from this many lines on: a shorter one is
# done in well under a second (about 3,500 lines a second on one core).
BATCH_PROGRESS_AFTER = 1000


@handled
def recommend_command(
    ctx: typer.Context,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Answers file: .toml or .json (or - for JSON on stdin).",
            show_default=False,
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            metavar="QUESTION=VALUE",
            help="Answer one question, e.g. --set setting=inpatient (repeatable; wins over the file). "
            "Every question and value: certadvisor questions.",
            show_default=False,
            autocompletion=set_answers,
        ),
    ] = None,
    batch: Annotated[
        str | None,
        typer.Option(
            "--batch",
            metavar="FILE",
            help="JSON Lines (.jsonl) or CSV (.csv) file, one person a line or row (- for stdin); "
            "one result per line out.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            # 61: the most worker processes Windows allows one process to wait on.
            max=61,
            help="With --batch: worker processes to score with (0, the default: one per CPU, up to 4).",
            show_default=False,
        ),
    ] = 0,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Also write a report: FILE.html (a page anyone can open) or FILE.md.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    format_: Annotated[
        BatchFormat | None,
        typer.Option("--format", help="With --batch: the input's format (default: by extension)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="With --batch: one results row a person to FILE.csv (a spreadsheet) or FILE.jsonl.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="With --batch: print a summary of the whole group.")
    ] = False,
    summary_report: Annotated[
        Path | None,
        typer.Option(
            "--summary-report",
            help="With --batch: write the group's summary as a page, FILE.html.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    reports_dir: Annotated[
        Path | None,
        typer.Option(
            "--reports-dir",
            metavar="DIR",
            help="With --batch: write one HTML report a person in DIR, named from the id column.",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files (and reports in --reports-dir) that exist.")
    ] = False,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Score answers without prompting (one person or a batch).

    Ranks every certification against the answers and explains the result.
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.engine import Engine

    app = resolve(ctx, data=data, no_pager=no_pager)
    if batch is not None:
        if answers is not None or set_ or report is not None:
            raise typer.BadParameter(
                "cannot be combined with --answers, --set or --report", param_hint="--batch"
            )
        advisor = AdvisorOptions(format_, output, summary, summary_report, reports_dir)
        if needs_advisor(batch, advisor):
            run_advisor_batch(app, batch, jobs, advisor, json=json, force=force)
            return
        _run_batch(app, batch, jobs)
        return
    if jobs:
        raise typer.BadParameter("applies only to --batch", param_hint="--jobs")
    for name in AdvisorOptions(format_, output, summary, summary_report, reports_dir).given():
        raise typer.BadParameter("applies only to --batch", param_hint=name)
    if report is not None:
        # Imported only with --report: the report builders cost start-up time.
        from certadvisor.cli import reports

        reports.check_report(report, json=json, force=force)
    if answers is None and not set_:
        raise AnswersError(
            "no answers given: use --answers FILE (or - for JSON on stdin) and/or "
            "--set QUESTION=VALUE; for many people at once use --batch FILE.jsonl"
        )
    catalog = app.catalog()
    result = Engine(catalog).recommend(_given(app, catalog, answers, set_ or []))
    if report is not None and reports.write_report(app, catalog, result, report, force=force):
        return  # `--report -`: the report is the output

    def draw(console: Any) -> None:
        # Imported here: JSON output never pays for rich.
        from certadvisor.present.terminal.result import print_result

        print_result(console, catalog, result)

    def document() -> dict[str, Any]:
        # Imported here: a drawn result does not need the JSON shapes.
        from certadvisor.present.json.result import result_json

        return result_json(catalog, result)

    emit(app, json=json, document=document, draw=draw)


def _given(app: AppContext, catalog: Catalog, answers: str | None, sets: list[str]) -> dict[str, str]:
    """The answers from the file (or stdin) and ``--set``, which wins, in question order."""
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.load.answers import load_answers, parse_sets

    given: dict[str, str] = {}
    if answers is not None:
        given.update(load_answers(catalog, answers, stdin=app.env.stdin))
    given.update(parse_sets(catalog, sets))
    return {q.id: given[q.id] for q in catalog.questions if q.id in given}


def _run_batch(app: AppContext, source: str, jobs: int) -> None:
    """Stream JSON Lines: one result (or {"line", "error"}) per input line, in order."""
    # Imported here: only --batch needs the batch machinery (and numpy).
    from certadvisor.batch import default_jobs, run_batch
    from certadvisor.io.progress import Tally

    env = app.env
    catalog = app.catalog()
    # Results stream to stdout; a terminal's stderr is shown the count once the run is long.
    progress = app.progress(beside_output=False)
    tally = Tally(progress, "Scored {:,} lines...", after=BATCH_PROGRESS_AFTER)
    try:
        failed = run_batch(
            catalog,
            source,
            env.stdout,
            jobs or default_jobs(env.cpus),
            stdin=env.stdin,
            done=tally.add if progress.enabled else None,
        )
    finally:
        progress.clear()
    if failed:
        app.note(f'{plural(failed, "line")} failed; see the "error" objects in the output')
        raise typer.Exit(ExitStatus.FAILURE)
