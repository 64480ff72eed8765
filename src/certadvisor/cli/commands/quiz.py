"""``certadvisor quiz``: the guided walk-through, then the result, and the files asked for.

Ctrl-C or EOF while a question is shown cancels the quiz: the answers so far are saved when
``--save-answers`` was given, and the command exits 130.
"""

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from certadvisor.cli.context import AppContext, handled, resolve
from certadvisor.cli.emit import draw_screen, emit_json
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption
from certadvisor.errors import AnswersError, ExitStatus, OutputError
from certadvisor.model.catalog import Catalog
from certadvisor.text import plural

if TYPE_CHECKING:
    from certadvisor.model.results import Result


class Outputs(NamedTuple):
    """What the quiz writes besides its screen (the files asked for, whether it is JSON), and
    the options a resume command must give again (``answers``, ``plain``)."""

    save_answers: Path | None
    report: Path | None
    force: bool
    json: bool
    answers: str | None = None
    plain: bool = False

    @property
    def updating(self) -> bool:
        """True when answers are saved back to the file they were read from (a resumed quiz's
        own file): writing it needs no --force, which would also overwrite a --report."""
        read, saved = self.answers, self.save_answers
        if read is None or saved is None or read == "-":
            return False
        return Path(read).resolve() == saved.resolve()

    @property
    def answers_force(self) -> bool:
        """Whether the answers file may be overwritten."""
        return self.force or self.updating


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
    and next steps. Ctrl-C with --save-answers keeps the answers so far and prints the command
    that resumes; saving back to the --answers file it was read from needs no --force.
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.engine import Engine
    from certadvisor.load.answers import load_answers

    app = resolve(ctx, data=data, no_pager=no_pager)
    outputs = Outputs(save_answers, report, force, json, answers, plain)
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
        check_writable(save_answers, force=outputs.answers_force)


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
    count, exact = quiz.total()
    print_intro(shown, count, len(prefilled), exact=exact, plain=plain)
    try:
        return quiz.run()
    except (KeyboardInterrupt, EOFError):
        _cancelled(app, catalog, quiz.answers, outputs)
        raise typer.Exit(ExitStatus.INTERRUPTED) from None


def _cancelled(app: AppContext, catalog: Catalog, answers: dict[str, str], outputs: Outputs) -> None:
    """Save the answers so far, if asked to, and say how to resume, on stderr."""
    # Imported here: only a cancelled quiz says this (and rich is loaded by then).
    from certadvisor.present.terminal.console import make_console

    console = make_console(app.env, stderr=True)

    def wrapped(text: str) -> None:
        # Broken at spaces to the screen's width, never inside a word.
        console.print(text, markup=False, highlight=False, emoji=False)

    path = outputs.save_answers
    if path is None or not answers:
        wrapped("\nQuiz cancelled; nothing was saved.")
        return
    # Imported here: only a cancelled quiz with --save-answers writes them now.
    from certadvisor.cli.reports import save_answers

    save_answers(app, catalog, answers, path, force=outputs.answers_force)
    count = len(answers)
    wrapped(
        f"\nQuiz cancelled; your {plural(count, 'answer')} so far "
        f"{'was' if count == 1 else 'were'} saved to {path}. Resume with:"
    )
    # On a line of its own, never wrapped: it pastes into a shell whole.
    app.note(f"  {resume_command(app, outputs)}")


def resume_command(app: AppContext, outputs: Outputs) -> str:
    """The command that resumes a cancelled quiz: every option the person gave, reading the
    saved answers and saving them back to the same file (which needs no --force: see
    ``Outputs.updating``). --force is carried only when it was given: a report that existed
    before the quiz is overwritten only if the person said so."""
    assert outputs.save_answers is not None, "only saved answers can be resumed"
    where = shlex.quote(str(outputs.save_answers))
    words = ["certadvisor quiz"]
    # The data file the answers were given against, or the resumed quiz would ask about another.
    if app.chosen_data is not None:
        words.append(f"--data {shlex.quote(str(app.chosen_data))}")
    words += [f"--answers {where}", f"--save-answers {where}"]
    if outputs.report is not None:
        words.append(f"--report {shlex.quote(str(outputs.report))}")
    flags = [
        ("--force", outputs.force),
        ("--plain", outputs.plain),
        ("--no-pager", app.no_pager),
        ("--json", outputs.json),
    ]
    words += [flag for flag, given in flags if given]
    return " ".join(words)


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
        _show_result(app, catalog, result)
    failed = False
    if outputs.save_answers is not None:
        try:
            reports.save_answers(
                app, catalog, dict(result.answers), outputs.save_answers, force=outputs.answers_force
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


def _show_result(app: AppContext, catalog: Catalog, result: "Result") -> None:
    """``recommend``'s result screen and the command that replays it, paged as ``recommend``
    pages; not paged, it ends with the "In short" block again, where the eye is."""
    # Imported here: JSON output never pays for rich.
    from certadvisor.cli import reports
    from certadvisor.present.terminal.quiz import print_in_short_again, print_quiz_result

    command = reports.reproduce(app, result, multiline=True)

    def draw(console: Any) -> None:
        print_quiz_result(console, catalog, result, command)

    def again(console: Any) -> None:
        print_in_short_again(console, catalog, result)

    draw_screen(app, draw, unpaged_end=again)
