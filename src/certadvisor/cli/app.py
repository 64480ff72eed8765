"""The command line: the typer app, its root callback and its commands.

This package is the only one that imports typer. The root callback resolves the environment and
the global options into the ``AppContext`` every command receives (``cli.context``); each
command lives in its own module under ``cli/commands``.
"""

from typing import Annotated

import typer

from certadvisor.cli.commands import (
    check_data,
    compare,
    cost,
    glossary,
    listing,
    quiz,
    recommend,
    show,
    sources,
)
from certadvisor.cli.context import start
from certadvisor.cli.options import DataOption, NoPagerOption
from certadvisor.io.output import use_fallback_characters
from certadvisor.version import __version__

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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"certadvisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Choose a medical coding certification with sourced facts and explained advice."""
    ctx.obj = start(ctx.obj, data=data, no_pager=no_pager)


# In the order `certadvisor --help` lists them.
app.command("list")(listing.list_command)
app.command("show")(show.show_command)
app.command("glossary")(glossary.glossary_command)
app.command("compare")(compare.compare_command)
app.command("cost")(cost.cost_command)
app.command("recommend")(recommend.recommend_command)
app.command("sources")(sources.sources_command)
app.command("check-data")(check_data.check_data_command)
app.command("quiz")(quiz.quiz_command)


def main() -> None:
    """Console-script entry point (typer's click already exits quietly on a closed pipe)."""
    # A terminal that cannot show "–" or "†" (LANG=C) gets plain stand-ins, not a crash.
    use_fallback_characters()
    app()
