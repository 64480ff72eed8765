"""``certadvisor quiz``: the guided walk-through, then the result, and the files asked for.

Ctrl-C or EOF while a question is shown cancels the quiz: the answers so far are saved when
``--save-answers`` was given, and the command exits 130.
"""

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from certadvisor.cli.context import AppContext, handled, resolve
from certadvisor.cli.emit import emit_json
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption
from certadvisor.errors import AnswersError, ExitStatus, OutputError
from certadvisor.model.catalog import Catalog
from certadvisor.text import plural

if TYPE_CHECKING:
    from certadvisor.model.results import Result


class Outputs(NamedTuple):
    """What the quiz writes besides its screen: the files asked for, and whether it is JSON."""

    save_answers: Path | None
    report: Path | None
    force: bool
    json: bool


@handled
def quiz_command(
    ctx: typer.Context,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Pre-fill answers from a .toml/.json file; only the rest are asked.",
            show_default=False,
        ),
    ] = None,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            help="Write your answers (.toml or .json) for `recommend --answers` to replay.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write a report to share: FILE.html (a page anyone can open) or FILE.md.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --save-answers / --report files that exist.")
    ] = False,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Numbered line prompts with no redrawn menus (also: ACCESSIBLE=1)."),
    ] = False,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Answer a few questions; get explained advice.

    The guided walk-through: questions with Back and a review, then the ranked result, your path
    and next steps.
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.engine import Engine
    from certadvisor.load.answers import load_answers

    app = resolve(ctx, data=data, no_pager=no_pager)
    outputs = Outputs(save_answers, report, force, json)
    _check_outputs(outputs)  # refuse before a single question is asked
    catalog = app.catalog()
    prefilled = load_answers(catalog, answers, stdin=app.env.stdin) if answers is not None else {}
    engine = Engine(catalog)
    # A question hidden by its `when` (PCS comfort for an outpatient) is not missing.
    effective = engine.effective(prefilled)
    needs_prompt = any(q.id not in prefilled and engine.asked(q.id, effective) for q in catalog.questions)
    # With --json the prompts go to stderr, so stdout carries the JSON document alone.
    if needs_prompt and not app.env.can_prompt(prompts_to_stderr=json):
        shown_on = "stderr (where --json shows the questions)" if json else "stdout"
        raise AnswersError(
            f"the quiz needs a terminal to ask questions, and stdin or {shown_on} is not one. "
            "Give every answer with --answers FILE, or use `certadvisor recommend --answers FILE "
            "--json` in scripts."
        )
    final = (
        _ask(app, catalog, prefilled, outputs, plain=plain or app.env.accessible)
        if needs_prompt
        else prefilled
    )
    _finish(app, catalog, engine.recommend(final), outputs)


def _check_outputs(outputs: Outputs) -> None:
    """Refuse files that cannot be written: two of one name, a report's format, existing files."""
    save_answers, report = outputs.save_answers, outputs.report
    if save_answers is not None and report is not None and save_answers.resolve() == report.resolve():
        raise AnswersError(f"--save-answers and --report both name {save_answers}; give two files")
    if report is not None:
        # Imported only with --report: the report builders cost start-up time.
        from certadvisor.cli.reports import check_report

        check_report(report, json=outputs.json, force=outputs.force)
    if save_answers is not None:
        # Imported only with --save-answers: most quizzes write no file.
        from certadvisor.io.files import check_writable

        if save_answers.suffix.lower() not in (".toml", ".json"):
            raise AnswersError(f"--save-answers {save_answers}: the file name must end in .toml or .json")
        check_writable(save_answers, force=outputs.force)


def _ask(
    app: AppContext, catalog: Catalog, prefilled: dict[str, str], outputs: Outputs, *, plain: bool
) -> dict[str, str]:
    """Run the prompts; on Ctrl-C or EOF save what we have (if asked to) and exit 130.

    ``plain`` asks numbered line prompts (also for screen readers and dumb terminals, which
    cannot redraw a menu). With ``--json`` every prompt goes to stderr, keeping stdout for JSON.
    """
    # Imported here: only a quiz that asks questions needs the prompts (and rich).
    from certadvisor.cli.prompts import LinePrompter, MenuPrompter, line_reader
    from certadvisor.core.interview import Prompter, Quiz
    from certadvisor.present.terminal.console import make_console
    from certadvisor.present.terminal.quiz import print_intro

    env = app.env
    shown = make_console(env, stderr=outputs.json)
    shown_on = env.stderr if outputs.json else env.stdout

    def say(text: str, style: str) -> None:
        shown.print(text, style=style or None, markup=False, highlight=False)

    prompter: Prompter = (
        LinePrompter(say, line_reader(env.stdin, shown_on))
        if plain
        else MenuPrompter(say, env.stderr if outputs.json else None)
    )
    quiz = Quiz(catalog, prefilled, prompter, say)
    print_intro(shown, len(quiz.to_ask()), len(prefilled), plain=plain)
    try:
        return quiz.run()
    except (KeyboardInterrupt, EOFError):
        _cancelled(app, catalog, quiz.answers, outputs)
        raise typer.Exit(ExitStatus.INTERRUPTED) from None


def _cancelled(app: AppContext, catalog: Catalog, answers: dict[str, str], outputs: Outputs) -> None:
    """Save the answers so far, if asked to, and say how to resume."""
    path = outputs.save_answers
    if path is None or not answers:
        app.note("\nQuiz cancelled; nothing was saved.")
        return
    # Imported here: only a cancelled quiz with --save-answers writes them now.
    from certadvisor.cli.reports import save_answers

    save_answers(app, catalog, answers, path, force=outputs.force)
    count = len(answers)
    where = shlex.quote(str(path))
    # The data file the answers were given against, or the resumed quiz would ask about another.
    data = f"--data {shlex.quote(str(app.chosen_data))} " if app.chosen_data is not None else ""
    app.note(
        f"\nQuiz cancelled; your {plural(count, 'answer')} so far "
        f"{'was' if count == 1 else 'were'} saved to {path}. Resume with: "
        f"certadvisor quiz {data}--answers {where} --save-answers {where} --force"
    )


def _finish(app: AppContext, catalog: Catalog, result: "Result", outputs: Outputs) -> None:
    """Show the result, then write the files asked for; exit 1 if one could not be written.

    The result comes first: a file that cannot be written at the end (a full disk, a folder made
    read-only meanwhile) must not cost the person the answer they just worked through.
    """
    # Imported here: the report and answers builders, needed only once the quiz is done.
    from certadvisor.cli import reports
    from certadvisor.io.files import is_stdout_path

    report = outputs.report
    if report is not None and is_stdout_path(report):
        reports.write_report(app, catalog, result, report, force=outputs.force)
        report = None  # written: it was the output
    elif outputs.json:
        # Imported here: only the JSON result needs its builder.
        from certadvisor.present.json.result import result_json

        emit_json(app, result_json(catalog, result))
    else:
        # Imported here: JSON output never pays for rich.
        from certadvisor.present.terminal.console import make_console
        from certadvisor.present.terminal.quiz import print_quiz_result

        shown = reports.reproduce(app, result, multiline=True)
        print_quiz_result(make_console(app.env), catalog, result, shown, app.env.today)
    failed = False
    if outputs.save_answers is not None:
        try:
            reports.save_answers(
                app, catalog, dict(result.answers), outputs.save_answers, force=outputs.force
            )
            app.note(f"Answers saved to {outputs.save_answers}")
        except OutputError as error:
            app.error(error)
            failed = True
    if report is not None:
        try:
            reports.write_report(app, catalog, result, report, force=outputs.force)
        except OutputError as error:
            app.error(error)
            failed = True
    if failed:
        raise typer.Exit(ExitStatus.FAILURE)
