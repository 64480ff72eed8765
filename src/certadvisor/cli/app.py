"""The command line: the typer app, its root callback and its commands.

This package is the only one that imports typer. The root callback resolves the environment and
the global options into the ``AppContext`` every command receives (``cli.context``); each
command lives in its own module under ``cli/commands``.
"""

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from certadvisor.cli.commands import (
    check_data,
    compare,
    cost,
    form,
    glossary,
    listing,
    questions,
    quiz,
    recommend,
    show,
    sources,
)
from certadvisor.cli.completion import use_bash_completion
from certadvisor.cli.context import start
from certadvisor.cli.options import DataOption, NoPagerOption
from certadvisor.errors import ExitStatus, missing_module_message
from certadvisor.io.output import use_fallback_characters
from certadvisor.version import __version__

app = typer.Typer(
    name="certadvisor",
    help=(
        "Choose a medical coding certification (CPC, CCS and more) with sourced, dated facts "
        "and a transparent, explained recommendation."
    ),
    epilog=(
        "Start with the quiz: certadvisor quiz\n\nOne command's help and examples: certadvisor COMMAND -h"
    ),
    # Bare `certadvisor` prints this help on stdout and exits 0 (see _root), not click's
    # "missing command" usage error on stderr.
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # Inherited by every command's context: `certadvisor show -h` works as well.
    context_settings={"help_option_names": ["-h", "--help"]},
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
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(ExitStatus.SUCCESS)
    ctx.obj = start(ctx.obj, data=data, no_pager=no_pager)


def examples(*lines: tuple[str, str]) -> str:
    """A command's help epilog: each example command with what it does, kept as written."""
    # "\b" stops click from re-wrapping the paragraph that follows it into one line.
    body = "\n".join(f"  certadvisor {command}\n      {what}" for command, what in lines)
    return f"Examples:\n\n\b\n{body}"


# Every example is parsed against its command by tests/test_help.py, so none can go stale.
EXAMPLES: dict[str, str] = {
    "quiz": examples(
        ("quiz", "answer the questions, then read the result"),
        ("quiz --report me.html --save-answers me.toml", "also write a report and your answers"),
        ("quiz --answers me.toml --save-answers me.toml", "resume: ask only what me.toml lacks"),
    ),
    "recommend": examples(
        ("recommend --set goal=inpatient_coder --set setting=inpatient", "two answers, the rest neutral"),
        ("recommend --answers me.toml --json", "answers from a file, the result as JSON"),
        ("recommend --batch people.jsonl > results.jsonl", "one result per line of JSON"),
        ("recommend --batch class.csv --output results.csv --summary", "a spreadsheet in and out"),
    )
    + "\n\nSee every question and value: certadvisor questions",
    "compare": examples(
        ("compare CPC CCS", "two certifications side by side"),
        ("compare --all", "one line for every certification in the data"),
        ("compare --all --full", "the same, then the whole table"),
    ),
    "cost": examples(
        ("cost CPC CCS", "the totals for two, then every line item"),
        ("cost CPC --non-member", "priced without the body's membership"),
    ),
    "show": examples(("show CPC", "every fact about the CPC"), ("show ccs --json", "the same, as JSON")),
    "list": examples(
        ("list", "every certification, one line each"),
        ("list --body AHIMA --setting inpatient", "only AHIMA's inpatient ones"),
    ),
    "glossary": examples(
        ("glossary", "every term, A to Z"),
        ("glossary risk", "every term that starts with or contains 'risk'"),
        ("glossary PCS", "aliases work too: ICD-10-PCS"),
    ),
    "questions": examples(
        ("questions", "every question, its values and what each means"),
        ("questions --json", "the same, as JSON"),
    ),
    "form": examples(
        ("form", "the questions and the words a spreadsheet may use"),
        ("form --csv > students.csv", "a header row to start a spreadsheet from"),
        ("form --markdown", "the same as Markdown, for a web form or a handout"),
    ),
    "sources": examples(
        ("sources", "every page the facts rest on, most stale first"),
        ("sources CPC", "only the pages the CPC's facts cite"),
    ),
    "check-data": examples(
        ("check-data", "validate and audit the data file in use"),
        ("check-data my-certs.toml --stale", "list what is due for a re-check"),
    ),
}

MEMORY_MESSAGE = (
    "certadvisor: ran out of memory; the data file or the input may be too large for this machine "
    "(for a batch, try --jobs 1 or split the input)"
)

# In the order `certadvisor --help` lists them: the main job first.
COMMANDS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("quiz", quiz.quiz_command),
    ("recommend", recommend.recommend_command),
    ("compare", compare.compare_command),
    ("cost", cost.cost_command),
    ("show", show.show_command),
    ("list", listing.list_command),
    ("glossary", glossary.glossary_command),
    ("questions", questions.questions_command),
    ("form", form.form_command),
    ("sources", sources.sources_command),
    ("check-data", check_data.check_data_command),
)
for _name, _command in COMMANDS:
    app.command(_name, epilog=EXAMPLES[_name])(_command)


def main() -> None:
    """Console-script entry point (typer's click already exits quietly on a closed pipe)."""
    # A terminal that cannot show "–" or "†" (LANG=C) gets plain stand-ins, not a crash.
    use_fallback_characters()
    # The command is built first: building it registers typer's shell completions, and bash's
    # is then replaced with one that understands --set QUESTION=VALUE (see cli.completion).
    command = typer.main.get_command(app)
    use_bash_completion()
    try:
        command()
    except ImportError as error:
        # A lazily imported module gone: the package was replaced while the command ran.
        sys.stderr.write(missing_module_message(error) + "\n")
        raise SystemExit(ExitStatus.FAILURE) from None
    except MemoryError:
        # A data file or an input too big for this machine: one line, never a traceback (the
        # loader's caps make this rare; a small container's memory limit can still hit it).
        sys.stderr.write(MEMORY_MESSAGE + "\n")
        raise SystemExit(ExitStatus.FAILURE) from None
