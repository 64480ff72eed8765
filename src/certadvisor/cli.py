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
