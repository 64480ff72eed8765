"""The command line: parse options, call the core, hand results to a renderer.

This is the only module that imports typer. Rich (``render``) and questionary (``quiz``) are
imported inside the commands that draw or prompt, so ``--json`` paths stay fast and light.
"""

import datetime as dt
import functools
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from certadvisor import __version__
from certadvisor.env import Environment
from certadvisor.errors import CertAdvisorError, ExitStatus
from certadvisor.load.datafile import DATA_ENV, load_catalog, resolve_data_path
from certadvisor.model.catalog import Catalog
from certadvisor.text import plural

if TYPE_CHECKING:
    from rich.console import Console

    from certadvisor.core.engine import Result
    from certadvisor.fast.audit import Audit

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
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager", help="Never page long output (also: CERTADVISOR_PAGER=cat).", show_default=False
    ),
]
# Options given before the command name, kept for the command (which may also take its own).
GLOBAL_DATA = "certadvisor.data"
GLOBAL_NO_PAGER = "certadvisor.no_pager"


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


def _data(ctx: typer.Context, data: Path | None) -> Path | None:
    """``--data`` after the command name wins over ``--data`` before it."""
    given: Path | None = ctx.meta.get(GLOBAL_DATA)
    return data if data is not None else given


def _catalog(ctx: typer.Context, data: Path | None) -> Catalog:
    """The data for a command, from the catalog cache when the file has not changed."""
    from certadvisor.load.cache import cache_dir, load_cached

    return load_cached(resolve_data_path(_data(ctx, data)), cache_dir())


def _env(ctx: typer.Context) -> Environment:
    """The environment read once at start-up (or the one a test passed as ``obj``)."""
    env = ctx.find_root().obj
    assert isinstance(env, Environment), "the root callback sets it"
    return env


def emit(
    ctx: typer.Context,
    *,
    json: bool,
    document: Callable[[], Mapping[str, Any]],
    draw: Callable[[ModuleType, "Console"], None],
    no_pager: bool = False,
) -> None:
    """The one output path: a versioned JSON document on stdout, or a screen drawn with rich,
    through a pager on a terminal (see ``pager``).

    Both are built only when chosen. A failed write to stdout becomes one clear error.
    """
    from certadvisor.io.output import emit_text, stdout_errors
    from certadvisor.present.json.encode import dumps

    if json:
        emit_text(dumps(document()) + "\n")
        return
    # Imported only here: JSON output never pays for rich.
    from certadvisor.present.terminal import render

    env = _env(ctx)
    if env.stdout is None:  # started with stdout closed (`>&-`): say so, as --json does
        from certadvisor.errors import StdoutError

        raise StdoutError("cannot write to standard output: it is closed")
    pager = None
    if env.stdout_isatty:
        from certadvisor.io.pager import choose_pager

        skip = no_pager or bool(ctx.meta.get(GLOBAL_NO_PAGER))
        pager = choose_pager(env.variables, stdout_is_tty=True, json=False, no_pager=skip)
    console = render.make_console(env)
    with stdout_errors():
        if pager is None:
            draw(render, console)
            return
        from certadvisor.io.pager import page

        with console.capture() as captured:
            draw(render, console)
        page(captured.get(), pager)


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
    ctx.meta[GLOBAL_DATA] = data
    ctx.meta[GLOBAL_NO_PAGER] = no_pager
    if callable(ctx.obj):  # a test's factory, called once the streams are the ones in use
        ctx.obj = ctx.obj()
    if not isinstance(ctx.obj, Environment):
        ctx.obj = Environment.from_process()


@app.command("list")
@_handled
def list_command(
    ctx: typer.Context,
    body: Annotated[
        str | None,
        typer.Option("--body", help="Only this credentialing body, e.g. AAPC or AHIMA.", show_default=False),
    ] = None,
    setting: Annotated[
        str | None,
        typer.Option(
            "--setting",
            help="Only this setting: inpatient, outpatient, or a tag such as physician or payer.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """List certifications, optionally by body or setting.

    One line each: the code, name, credentialing body and a short focus (show CODE has the rest).
    """
    from certadvisor.core.compare import filter_certs

    catalog = _catalog(ctx, data)
    certs = filter_certs(catalog, body=body, setting=setting)
    from certadvisor.present.json.documents import list_document

    emit(
        ctx,
        no_pager=no_pager,
        json=json,
        document=lambda: list_document(certs),
        draw=lambda render, console: render.print_list(console, certs),
    )


@app.command("show")
@_handled
def show_command(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Certification code, e.g. CPC (any case).")],
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Show every fact about one certification.

    Each fact comes with its source and its dates, followed by the career paths that include
    the certification and its next steps.
    """
    catalog = _catalog(ctx, data)
    cert = catalog.lookup(code)
    today = _env(ctx).today
    paths = [p for p in catalog.paths if p.includes(cert.code)]

    def document() -> dict[str, Any]:
        # Imported here: drawing does not need it (it brings in the engine's result types).
        from certadvisor.present.json.documents import show_document

        return show_document(cert, today, paths)

    emit(
        ctx,
        no_pager=no_pager,
        json=json,
        document=document,
        draw=lambda render, console: render.print_show(console, cert, today, paths),
    )


@app.command("glossary")
@_handled
def glossary_command(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        typer.Argument(
            help="One term, e.g. CEU or facility (any case); none lists every term.", show_default=False
        ),
    ] = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Explain the jargon: one term, or all of them.

    Plain-word explanations of the terms the screens use (CEU, facility, ICD-10-PCS, ...), each
    with the page that defines it where there is one.
    """
    from certadvisor.core.glossary import lookup
    from certadvisor.present.json.documents import glossary_document

    catalog = _catalog(ctx, data)
    entries = [lookup(catalog, term)] if term is not None else list(catalog.glossary.values())
    emit(
        ctx,
        no_pager=no_pager,
        json=json,
        document=lambda: glossary_document(entries),
        draw=lambda render, console: render.print_glossary(console, entries),
    )


@app.command("compare")
@_handled
def compare_command(
    ctx: typer.Context,
    codes: Annotated[
        list[str] | None,
        typer.Argument(
            help="Certification codes to compare (any case); none compares CPC and CCS.",
            show_default=False,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Compare every certification in the data.")] = False,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Compare certifications side by side.

    One row per fact and one column per certification, with sources listed under the table.
    """
    from certadvisor.core.compare import resolve_codes
    from certadvisor.present.json.documents import compare_document

    if all_ and codes:
        raise typer.BadParameter("give certification codes or --all, not both", param_hint="--all")
    catalog = _catalog(ctx, data)
    certs = tuple(catalog.certs.values()) if all_ else resolve_codes(catalog, codes or [])
    from certadvisor.core.compare import compare

    today = _env(ctx).today
    emit(
        ctx,
        no_pager=no_pager,
        json=json,
        document=lambda: compare_document(catalog, certs, today),
        draw=lambda render, console: render.print_comparison(console, compare(certs, today)),
    )


@app.command("cost")
@_handled
def cost_command(
    ctx: typer.Context,
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="Certification codes (any case); none shows CPC and CCS.", show_default=False),
    ] = None,
    member: Annotated[
        bool | None,
        typer.Option(
            "--member/--non-member",
            help="Price as a member of the credentialing body, or not (default: the cheaper, "
            "or membership where it is required).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """What it costs and how long it takes: every line item with its source, and the totals.

    Totals are ranges; a component no source settles is named, never guessed or left out.
    """
    from certadvisor.core.compare import resolve_codes
    from certadvisor.core.cost import sheet
    from certadvisor.present.json.documents import cost_document

    catalog = _catalog(ctx, data)
    sheets = [(cert, sheet(cert, member)) for cert in resolve_codes(catalog, codes or [])]
    emit(
        ctx,
        no_pager=no_pager,
        json=json,
        document=lambda: cost_document(sheets, member),
        draw=lambda render, console: render.print_costs(console, sheets),
    )


@app.command("recommend")
@_handled
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
            help="Answer one question, e.g. --set setting=inpatient (repeatable; wins over the file).",
            show_default=False,
        ),
    ] = None,
    batch: Annotated[
        str | None,
        typer.Option(
            "--batch",
            metavar="FILE.jsonl",
            help="JSON Lines file, one answers object per line (- for stdin); one result per line out.",
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
    force: Annotated[bool, typer.Option("--force", help="Overwrite a --report file that exists.")] = False,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Score answers without prompting (one person or a batch).

    Ranks every certification against the answers and explains the result.
    """
    from certadvisor.core.engine import Engine
    from certadvisor.errors import AnswersError
    from certadvisor.load.answers import load_answers, parse_sets

    if batch is not None:
        if answers is not None or set_ or report is not None:
            raise typer.BadParameter(
                "cannot be combined with --answers, --set or --report", param_hint="--batch"
            )
        _run_batch(_catalog(ctx, data), batch, jobs)
        return
    if jobs:
        raise typer.BadParameter("applies only to --batch", param_hint="--jobs")
    if report is not None:
        _check_report(report, json=json, force=force)
    if answers is None and not set_:
        raise AnswersError(
            "no answers given: use --answers FILE (or - for JSON on stdin) and/or "
            "--set QUESTION=VALUE; for many people at once use --batch FILE.jsonl"
        )
    catalog = _catalog(ctx, data)
    given: dict[str, str] = {}
    if answers is not None:
        given.update(load_answers(catalog, answers))
    given.update(parse_sets(catalog, set_ or []))
    given = {q.id: given[q.id] for q in catalog.questions if q.id in given}  # question order
    result = Engine(catalog).recommend(given)
    if report is not None:
        from certadvisor.present.markdown import reproduce_command

        command = reproduce_command(result.answers, _data(ctx, data))
        if _write_report(catalog, result, _env(ctx).today, command, report, force=force):
            return  # `--report -`: the report is the output
    from certadvisor.present.json.result import result_json

    emit(
        ctx,
        no_pager=no_pager,
        json=json,
        document=lambda: result_json(catalog, result),
        draw=lambda render, console: render.print_result(console, catalog, result),
    )


def _run_batch(catalog: Catalog, source: str, jobs: int) -> None:
    """Stream JSON Lines: one result (or {"line", "error"}) per input line, in order."""
    from certadvisor.batch import default_jobs, run_batch

    failed = run_batch(catalog, source, sys.stdout, jobs or default_jobs())
    if failed:
        typer.echo(
            f'{plural(failed, "line")} failed; see the "error" objects in the output',
            err=True,
        )
        raise typer.Exit(ExitStatus.FAILURE)


@app.command("check-data")
@_handled
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
    dead rules and idle questions. With --stale, lists what needs re-checking instead.
    """
    import time

    from certadvisor.core.freshness import count_stale
    from certadvisor.fast.audit import audit

    if due_within and not stale:
        raise typer.BadParameter("--due-within goes with --stale", param_hint="--due-within")
    catalog = load_catalog(path if path is not None else resolve_data_path(_data(ctx, data)))
    if stale:
        _print_stale(catalog, due_within, json, _env(ctx))
        return
    started = time.perf_counter()
    report = audit(catalog, sample=sample) if catalog.rules else None
    seconds = time.perf_counter() - started
    problems = report.problems if report else []
    warnings = [*(report.warnings if report else ()), *_glossary_warnings(catalog)]
    due, total = count_stale(catalog, _env(ctx).today)
    if json:
        from certadvisor.io.output import emit_text
        from certadvisor.present.json.documents import audit_document
        from certadvisor.present.json.encode import dumps

        emit_text(dumps(audit_document(catalog, report, warnings, due, seconds)) + "\n")
    else:
        _print_audit(catalog, report, seconds)
        typer.echo(
            f"Freshness: {due} of {total} facts due for a re-check"
            + (" (list them: certadvisor check-data --stale)" if due else "")
        )
        for warning in warnings:
            typer.echo(f"warning: {warning}", err=True)
        if problems:
            typer.echo(f"{plural(len(problems), 'problem')}:", err=True)
            for problem in problems:
                typer.echo(f"  - {problem}", err=True)
        else:
            typer.echo("No problems found.")
    if problems:
        raise typer.Exit(ExitStatus.FAILURE)


def _glossary_warnings(catalog: Catalog) -> list[str]:
    """A warning for each watched jargon term the text uses without a glossary entry."""
    from certadvisor.core.glossary import missing_terms

    warnings = []
    for term, where in missing_terms(catalog):
        more = f" and {len(where) - 3} more" if len(where) > 3 else ""
        warnings.append(
            f"glossary term {term!r} (in [glossary_watch]) is used without a [glossary] entry: "
            f"{', '.join(where[:3])}{more}"
        )
    return warnings


def _print_audit(catalog: Catalog, report: "Audit | None", seconds: float) -> None:
    """``check-data``'s summary of the file and of the audit, as plain lines."""
    facts = sum(len(c.facts) for c in catalog.certs.values())
    typer.echo(
        f"{catalog.path}: valid: {len(catalog.certs)} certifications, {facts} facts, "
        f"{len(catalog.sources)} sources, {len(catalog.questions)} questions, "
        f"{len(catalog.rules)} rules, {len(catalog.expectations)} expectations, "
        f"{len(catalog.conflicts)} conflicts"
    )
    if report is None:
        return
    if report.sampled:
        typer.echo(
            f"Audit: a random SAMPLE of {report.profiles:,} profiles scored in {seconds:.2f} s "
            "(not exhaustive: only failing expectations are reported as problems)."
        )
    else:
        typer.echo(f"Audit: every one of {report.profiles:,} profiles scored in {seconds:.2f} s.")
    typer.echo("Ranked first:")
    for code, count in sorted(report.first_counts.items(), key=lambda item: -item[1]):
        share = 100 * count / report.profiles if report.profiles else 0
        typer.echo(f"  {code:<6} {count:>8,} profiles ({share:.1f}%)")
    quiet = sorted(report.rule_fires.items(), key=lambda item: item[1])[:3]
    typer.echo("Least-used rules: " + ", ".join(f"{rule} ({n:,})" for rule, n in quiet))
    if report.expectations:
        held = len(report.expectations) - len(report.broken)
        typer.echo(f"Expectations: {held} of {len(report.expectations)} hold on every profile they cover")
        for name, covered in report.expectations.items():
            mark = "FAILS" if any(b.id == name for b in report.broken) else "holds"
            typer.echo(f"  {mark:<5} {name} ({covered:,} profiles)")
    if report.conflicts:
        typer.echo("Conflicts (profiles covered):")
        for name, covered in report.conflicts.items():
            typer.echo(f"  {name} ({covered:,})")


def _print_stale(catalog: Catalog, within_months: int, json: bool, env: Environment) -> None:
    """The re-check list of ``check-data --stale``."""
    from certadvisor.core.freshness import due_by_source

    today = env.today
    groups = due_by_source(catalog, today, within_months)
    if json:
        from certadvisor.core.freshness import next_due
        from certadvisor.io.output import emit_text
        from certadvisor.present.json.documents import stale_document
        from certadvisor.present.json.encode import dumps

        document = stale_document(catalog, groups, today, within_months, next_due(catalog))
        emit_text(dumps(document) + "\n")
        return
    from certadvisor.core.freshness import next_due
    from certadvisor.present.terminal.render import make_console, print_stale

    print_stale(make_console(env), groups, today, within_months, next_due(catalog))


@app.command("quiz")
@_handled
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
    json: JsonOption = False,
) -> None:
    """Answer a few questions; get explained advice.

    The guided walk-through: questions with Back and a review, then the ranked result, your path
    and next steps.
    """
    from certadvisor.core.engine import Engine
    from certadvisor.errors import AnswersError
    from certadvisor.io.output import check_writable
    from certadvisor.load.answers import load_answers

    if save_answers is not None and report is not None and save_answers.resolve() == report.resolve():
        raise AnswersError(f"--save-answers and --report both name {save_answers}; give two files")
    if report is not None:
        _check_report(report, json=json, force=force)
    for path, option in ((save_answers, "--save-answers"), (report, "--report")):
        if path is not None:
            if option == "--save-answers" and path.suffix.lower() not in (".toml", ".json"):
                raise AnswersError(f"{option} {path}: the file name must end in .toml or .json")
            if option == "--save-answers":
                check_writable(path, force=force)  # refuse before a single question is asked
    catalog = _catalog(ctx, data)
    prefilled: dict[str, str] = {}
    if answers is not None:
        prefilled = load_answers(catalog, answers)
    engine = Engine(catalog)
    # A question hidden by its `when` (PCS comfort for an outpatient) is not missing.
    effective = engine.effective(prefilled)
    needs_prompt = any(q.id not in prefilled and engine.asked(q.id, effective) for q in catalog.questions)
    env = _env(ctx)
    # With --json the prompts go to stderr, so stdout carries the JSON document alone.
    if needs_prompt and not env.can_prompt(prompts_to_stderr=json):
        shown_on = "stderr (where --json shows the questions)" if json else "stdout"
        raise AnswersError(
            f"the quiz needs a terminal to ask questions, and stdin or {shown_on} is not one. "
            "Give every answer with --answers FILE, or use `certadvisor recommend --answers FILE "
            "--json` in scripts."
        )
    final = dict(prefilled)
    if needs_prompt:
        final = _ask(
            catalog,
            prefilled,
            env,
            plain=plain or env.accessible,
            json=json,
            save_answers=save_answers,
            force=force,
        )
    result = engine.recommend(final)
    _finish(
        catalog,
        result,
        env,
        save_answers=save_answers,
        report=report,
        force=force,
        data=data,
        json=json,
    )


def _ask(
    catalog: Catalog,
    prefilled: dict[str, str],
    env: Environment,
    *,
    plain: bool,
    json: bool,
    save_answers: Path | None,
    force: bool,
) -> dict[str, str]:
    """Run the prompts; on Ctrl-C or EOF save what we have (if asked to) and exit 130.

    ``plain`` asks numbered line prompts (also for screen readers and dumb terminals, which
    cannot redraw a menu). With ``json`` every prompt goes to stderr, keeping stdout for JSON.
    """
    from certadvisor.core.interview import LinePrompter, MenuPrompter, Prompter, Quiz, line_reader
    from certadvisor.present.terminal.render import make_console, print_intro

    console = make_console(env, stderr=json)
    shown_on = env.stderr if json else env.stdout

    def say(text: str, style: str) -> None:
        console.print(text, style=style or None, markup=False, highlight=False)

    prompter: Prompter = (
        LinePrompter(say, line_reader(env.stdin, shown_on)) if plain else MenuPrompter(say, shown_on)
    )
    quiz = Quiz(catalog, prefilled, prompter, say)
    print_intro(console, len(quiz.to_ask()), len(prefilled))
    try:
        return quiz.run()
    except (KeyboardInterrupt, EOFError):
        if save_answers is not None and quiz.answers:
            _save(catalog, quiz.answers, save_answers, force=force)
            count = len(quiz.answers)
            where = shlex.quote(str(save_answers))
            typer.echo(
                f"\nQuiz cancelled; your {plural(count, 'answer')} so far "
                f"{'was' if count == 1 else 'were'} saved to {save_answers}. Resume with: "
                f"certadvisor quiz --answers {where} --save-answers {where} --force",
                err=True,
            )
        else:
            typer.echo("\nQuiz cancelled; nothing was saved.", err=True)
        raise typer.Exit(ExitStatus.INTERRUPTED) from None


def _check_report(report: Path, *, json: bool, force: bool) -> None:
    """Refuse a report that cannot be written, before any work: its format, or an existing file."""
    from certadvisor.io.output import check_writable, is_stdout_path
    from certadvisor.present.markdown import check_report_name

    if is_stdout_path(report):
        if json:
            raise typer.BadParameter(
                "- (stdout) cannot be combined with --json: both write to stdout", param_hint="--report"
            )
        return
    check_report_name(report)
    check_writable(report, force=force)


def _write_report(
    catalog: Catalog, result: "Result", today: dt.date, command: str, report: Path, *, force: bool
) -> bool:
    """Write the report; True when it went to stdout (``--report -``, Markdown) as the output."""
    from certadvisor.io.output import is_stdout_path, stdout_errors, write_atomic
    from certadvisor.present.markdown import markdown_report, report_text

    if is_stdout_path(report):
        with stdout_errors():
            sys.stdout.write(markdown_report(catalog, result, today, command))
            sys.stdout.flush()
        return True
    write_atomic(report, report_text(catalog, result, today, command, report), force=force)
    typer.echo(f"Report written to {report}", err=True)
    return False


def _save(catalog: Catalog, answers: dict[str, str], path: Path, *, force: bool) -> None:
    from certadvisor.io.output import write_atomic
    from certadvisor.present.markdown import saved_answers_text

    write_atomic(
        path,
        saved_answers_text(catalog, answers, path, dt.datetime.now().astimezone()),
        force=force,
    )


def _finish(
    catalog: Catalog,
    result: "Result",
    env: Environment,
    *,
    save_answers: Path | None,
    report: Path | None,
    force: bool,
    data: Path | None,
    json: bool,
) -> None:
    from certadvisor.errors import OutputError
    from certadvisor.io.output import is_stdout_path
    from certadvisor.present.markdown import reproduce_command

    today = env.today

    command = reproduce_command(result.answers, data)
    to_stdout = report is not None and is_stdout_path(report)
    # The result comes first: a file that cannot be written at the end (a full disk, a folder
    # made read-only meanwhile) must not cost the person the answer they just worked through.
    if to_stdout:
        assert report is not None
        _write_report(catalog, result, today, command, report, force=force)
    elif json:
        from certadvisor.io.output import emit_text
        from certadvisor.present.json.encode import dumps
        from certadvisor.present.json.result import result_json

        emit_text(dumps(result_json(catalog, result)) + "\n")
    else:
        from certadvisor.present.terminal.render import make_console, print_quiz_result

        shown = reproduce_command(result.answers, data, multiline=True)
        print_quiz_result(make_console(env), catalog, result, shown, today)
    failed = False
    try:
        if save_answers is not None:
            _save(catalog, dict(result.answers), save_answers, force=force)
            typer.echo(f"Answers saved to {save_answers}", err=True)
    except OutputError as error:
        typer.echo(f"Error: {error}", err=True)
        failed = True
    try:
        if report is not None and not to_stdout:
            _write_report(catalog, result, today, command, report, force=force)
    except OutputError as error:
        typer.echo(f"Error: {error}", err=True)
        failed = True
    if failed:
        raise typer.Exit(ExitStatus.FAILURE)


def main() -> None:
    """Console-script entry point (typer's click already exits quietly on a closed pipe)."""
    from certadvisor.io.output import use_fallback_characters

    # A terminal that cannot show "–" or "†" (LANG=C) gets plain stand-ins, not a crash.
    use_fallback_characters()
    app()
