"""The command line: parse options, call the core, hand results to a renderer.

This is the only module that imports typer. Rich (``render``) and questionary (``quiz``) are
imported inside the commands that draw or prompt, so ``--json`` paths stay fast and light.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .catalog import DATA_ENV, Catalog, load_catalog, resolve_data_path
from .errors import CertAdvisorError

app = typer.Typer(
    name="certadvisor",
    help=(
        "Choose a medical coding certification (CPC, CCS and more) with sourced, dated facts "
        "and a transparent, explained recommendation."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help=f"Use this data file instead of the shipped one (also: ${DATA_ENV}).",
        show_default=False,
        dir_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout instead of a table.")]


def _handled(command: F) -> F:
    """Turn every ``CertAdvisorError`` into one line on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CertAdvisorError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _catalog(data: Path | None) -> Catalog:
    return load_catalog(resolve_data_path(data))


def _today() -> dt.date:
    return dt.date.today()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"certadvisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Choose a medical coding certification with sourced facts and explained advice."""


@app.command("list")
@_handled
def list_command(data: DataOption = None, json: JsonOption = False) -> None:
    """List every certification: code, name, body and setting focus."""
    catalog = _catalog(data)
    certs = list(catalog.certs.values())
    if json:
        from .compare import summary_json
        from .output import SCHEMA_VERSION, emit_json

        emit_json(
            {"schema_version": SCHEMA_VERSION, "certifications": [summary_json(c) for c in certs]}
        )
        return
    from .render import make_console, print_list

    print_list(make_console(), certs)


@app.command("show")
@_handled
def show_command(
    code: Annotated[str, typer.Argument(help="Certification code, e.g. CPC (any case).")],
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Show everything known about one certification, with sources and as-of dates."""
    catalog = _catalog(data)
    cert = catalog.lookup(code)
    if json:
        from .compare import cert_json
        from .output import SCHEMA_VERSION, emit_json

        emit_json({"schema_version": SCHEMA_VERSION, **cert_json(cert, _today())})
        return
    from .render import make_console, print_show

    print_show(make_console(), cert, _today())


@app.command("compare")
@_handled
def compare_command(
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="Two or more certification codes; none compares CPC and CCS.", show_default=False),
    ] = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Compare certifications side by side: one row per fact, one column per certification."""
    from .compare import cert_json, compare, resolve_codes, stale_cutoff

    catalog = _catalog(data)
    certs = resolve_codes(catalog, codes or [])
    today = _today()
    if json:
        from .output import SCHEMA_VERSION, emit_json

        emit_json(
            {
                "schema_version": SCHEMA_VERSION,
                "as_of_cutoff": stale_cutoff(today).isoformat(),
                "certifications": [cert_json(cert, today) for cert in certs],
            }
        )
        return
    from .render import make_console, print_comparison

    print_comparison(make_console(), compare(certs, today))


@app.command("recommend")
@_handled
def recommend_command(
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            help="Answers file: .toml or .json (or - for JSON on stdin).",
            show_default=False,
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            help="Answer one question, e.g. --set setting=inpatient (repeatable; wins over the file).",
            show_default=False,
        ),
    ] = None,
    batch: Annotated[
        str | None,
        typer.Option(
            "--batch",
            help="JSON Lines file with one answers object per line (- for stdin); writes one result per line.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Score every certification against answers, without prompting, and explain the result."""
    from .answers import parse_sets, read_answers_file, validate
    from .engine import Engine
    from .errors import AnswersError

    if batch is not None:
        if answers is not None or set_:
            raise AnswersError("--batch cannot be combined with --answers or --set")
        _run_batch(_catalog(data), batch)
        return
    if answers is None and not set_:
        raise AnswersError(
            "no answers given: use --answers FILE (or - for JSON on stdin) and/or "
            "--set QUESTION=VALUE; for many people at once use --batch FILE.jsonl"
        )
    catalog = _catalog(data)
    given: dict[str, str] = {}
    if answers is not None:
        label = "<stdin>" if answers == "-" else answers
        given.update(validate(catalog, read_answers_file(answers), label))
    given.update(parse_sets(catalog, set_ or []))
    result = Engine(catalog).recommend(given)
    if json:
        from .output import emit_json
        from .results import result_json

        emit_json(result_json(catalog, result))
        return
    from .render import make_console, print_result

    print_result(make_console(), catalog, result)


def _run_batch(catalog: Catalog, source: str) -> None:
    """Stream JSON Lines: one result (or {"line", "error"}) per input line, in order."""
    from .batch import run_batch
    from .errors import FAILURE_EXIT

    failed = run_batch(catalog, source, sys.stdout)
    if failed:
        typer.echo(f"{failed} line{'s' if failed != 1 else ''} failed; see the \"error\" objects in the output", err=True)
        raise typer.Exit(FAILURE_EXIT)


@app.command("check-data")
@_handled
def check_data_command(
    path: Annotated[
        Path | None,
        typer.Argument(help="Data file to check (default: --data, $CERTADVISOR_DATA, then the shipped file).", show_default=False, dir_okay=False),
    ] = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Validate a data file, then audit its rules by scoring every possible profile."""
    import time

    from .audit import audit
    from .errors import FAILURE_EXIT

    catalog = load_catalog(path if path is not None else resolve_data_path(data))
    started = time.perf_counter()
    report = audit(catalog) if catalog.rules else None
    seconds = time.perf_counter() - started
    problems = report.problems if report else []
    if json:
        from .output import SCHEMA_VERSION, emit_json

        emit_json(
            {
                "schema_version": SCHEMA_VERSION,
                "path": str(catalog.path),
                "valid": True,
                "certifications": len(catalog.certs),
                "questions": len(catalog.questions),
                "rules": len(catalog.rules),
                "profiles": report.profiles if report else 0,
                "first_counts": report.first_counts if report else {},
                "rule_fires": report.rule_fires if report else {},
                "problems": problems,
                "seconds": round(seconds, 3),
            }
        )
    else:
        facts = sum(len(c.facts) for c in catalog.certs.values())
        typer.echo(
            f"{catalog.path}: valid: {len(catalog.certs)} certifications, {facts} facts, "
            f"{len(catalog.sources)} sources, {len(catalog.questions)} questions, {len(catalog.rules)} rules"
        )
        if report:
            typer.echo(
                f"Audit: {report.profiles:,} profiles scored twice each in {seconds:.2f} s; "
                f"{'all' if not report.unstable else 'NOT all'} scored the same way twice."
            )
            typer.echo("Ranked first:")
            for code, count in sorted(report.first_counts.items(), key=lambda item: -item[1]):
                share = 100 * count / report.profiles if report.profiles else 0
                typer.echo(f"  {code:<6} {count:>8,} profiles ({share:.1f}%)")
            quiet = sorted(report.rule_fires.items(), key=lambda item: item[1])[:3]
            typer.echo("Least-used rules: " + ", ".join(f"{rule} ({n:,})" for rule, n in quiet))
        if problems:
            typer.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:", err=True)
            for problem in problems:
                typer.echo(f"  - {problem}", err=True)
        else:
            typer.echo("No problems found.")
    if problems:
        raise typer.Exit(FAILURE_EXIT)


def main() -> None:
    """Console-script entry point: run the app and leave quietly when a pipe closes early."""
    try:
        app()
    except BrokenPipeError:
        # `certadvisor compare --json | head -c 20`: the reader went away. Point stdout at
        # devnull so the interpreter's final flush does not raise again, and exit quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
