"""Help: examples in every command's help, -h, the commands' order and summaries, bare
`certadvisor`, the `questions` command, the README's question table, and a missing module."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import typer.main
from conftest import CLI_ENV
from typer.testing import CliRunner

from certadvisor.cli.app import EXAMPLES, app, main
from certadvisor.load.datafile import load_catalog

ROOT = Path(__file__).resolve().parents[1]
GROUP = typer.main.get_group(app)
ORDER = [
    "quiz",
    "recommend",
    "compare",
    "cost",
    "show",
    "list",
    "glossary",
    "questions",
    "form",
    "sources",
    "check-data",
]


def test_the_main_job_comes_first_and_no_summary_is_cut(runner: CliRunner) -> None:
    for columns in ("60", "80", "120"):
        result = runner.invoke(app, ["--help"], env={**CLI_ENV, "COLUMNS": columns})
        assert result.exit_code == 0, result.output
        listed = result.stdout[result.stdout.index("Commands:") :].split("\n\n")[0].splitlines()[1:]
        assert [line.split()[0] for line in listed if line.strip()] == ORDER
        assert "..." not in "".join(listed) and "…" not in "".join(listed)


def test_bare_certadvisor_prints_help_on_stdout_and_succeeds(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: certadvisor")
    assert "Start with the quiz: certadvisor quiz" in " ".join(result.stdout.split())
    assert "Commands:" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("command", ORDER)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_short_help_with_examples(command: str, flag: str, runner: CliRunner) -> None:
    result = runner.invoke(app, [command, flag])
    assert result.exit_code == 0, result.output
    assert "-h, --help" in result.stdout
    examples = result.stdout[result.stdout.index("Examples:") :]
    assert f"certadvisor {command}" in examples


def test_recommend_help_points_to_the_questions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend", "-h"], env={**CLI_ENV, "COLUMNS": "200"})
    assert "See every question and value: certadvisor questions" in result.stdout


def example_args() -> list[tuple[str, list[str]]]:
    """Every example in every command's help, as the arguments after `certadvisor`."""
    found = []
    for name, epilog in EXAMPLES.items():
        for line in epilog.splitlines():
            if line.strip().startswith("certadvisor "):
                words = shlex.split(line.strip().split(">")[0])
                found.append((name, words[1:]))
    return found


@pytest.mark.parametrize(("name", "args"), example_args())
def test_every_example_parses(name: str, args: list[str]) -> None:
    """Each example names its own command and only options and arguments that command takes."""
    assert args[0] == name
    with GROUP.make_context("certadvisor", list(args)) as ctx:
        found, command, rest = GROUP.resolve_command(ctx, args)
        assert found == name and command is not None
        command.make_context(name, rest, parent=ctx)


@pytest.mark.parametrize(
    ("args", "shows"),
    [
        (["show", "ccs", "--json"], '"code": "CCS"'),
        (["list", "--body", "AHIMA", "--setting", "inpatient"], "CCS"),
        (["glossary", "PCS"], "ICD-10-PCS"),
        (["glossary", "risk"], "risk adjustment"),
        (["cost", "CPC", "--non-member"], "CPC"),
        (["sources", "CPC"], "aapc"),
    ],
)
def test_examples_show_what_they_say(args: list[str], shows: str, runner: CliRunner) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert shows in result.stdout


# -- certadvisor questions ---------------------------------------------------------------------------


def test_questions_lists_every_question_and_value(runner: CliRunner) -> None:
    result = runner.invoke(app, ["questions"], env={**CLI_ENV, "COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for question in load_catalog().questions:
        assert f"\n{question.id}: {question.text}" in result.stdout
        for choice in question.choices:
            assert re.search(
                rf"^ {{4}}{re.escape(choice.value)} +{re.escape(choice.label[:20])}", result.stdout, re.M
            )
    assert "Asked only when goal is cdi_specialist." in result.stdout
    assert "--set held=A,B" in result.stdout


@pytest.mark.parametrize("columns", ["20", "40", "80"])
def test_questions_wrap_without_cutting_words(columns: str, runner: CliRunner) -> None:
    result = runner.invoke(app, ["questions"], env={**CLI_ENV, "COLUMNS": columns})
    assert result.exit_code == 0, result.output
    words = set(result.stdout.split())
    for question in load_catalog().questions:
        assert set(question.help.split()) <= words
        assert {c.value for c in question.choices} <= words


def test_questions_json_follows_its_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["questions", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    schema = json.loads(
        (resources.files("certadvisor") / "schemas" / "questions.schema.json").read_text("utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema)
    by_id = {q["id"]: q for q in document["questions"]}
    assert [q.id for q in load_catalog().questions] == list(by_id)
    assert by_id["cdi_standing"]["asked_when"] == "goal is cdi_specialist"
    assert by_id["held"]["multiple"] is True and by_id["goal"]["asked_when"] is None
    assert {"value": "cdi_specialist", "label": "Clinical documentation integrity (CDI) specialist"} in (
        by_id["goal"]["values"]
    )


def readme_questions() -> dict[str, list[str]]:
    """The README's table of question ids and values: each row's values before any note."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| id | values |") :].split("\n\n")[0]
    rows: dict[str, list[str]] = {}
    for line in table.splitlines()[2:]:
        name, values = line.split("|")[1:3]
        head = re.split(r";| \(", values)[0]
        rows[name.strip().strip("`")] = re.findall(r"`([^`]+)`", head)
    return rows


def test_the_readme_lists_every_question_and_value() -> None:
    expected = {q.id: [c.value for c in q.choices] for q in load_catalog().questions}
    assert readme_questions() == expected


# -- a missing module ---------------------------------------------------------------------------------


def test_a_module_missing_at_run_time_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As if the package were replaced while the command ran: a lazy import fails."""
    for name, value in CLI_ENV.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    # None in sys.modules makes importing that module raise ModuleNotFoundError.
    monkeypatch.setitem(sys.modules, "certadvisor.present.terminal.glossary", None)
    monkeypatch.setattr(sys, "argv", ["certadvisor", "glossary", "CEU"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "certadvisor: a part of the program is missing (module certadvisor.present.terminal.glossary); "
        "it may have been upgraded or removed while running: run the command again or reinstall\n"
    )
    assert captured.out == ""


def test_running_out_of_memory_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A MemoryError from anywhere (here: loading the data) is one line and exit 1."""
    for name, value in CLI_ENV.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)

    def exhausted(*_args: object, **_kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("certadvisor.cli.context.AppContext.catalog", exhausted)
    monkeypatch.setattr(sys, "argv", ["certadvisor", "show", "CPC"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("certadvisor: ran out of memory;")
    assert captured.err.count("\n") == 1
    assert captured.out == ""


def test_a_module_missing_in_a_child_process_is_one_line() -> None:
    """The same through the console script's entry point, with no traceback."""
    script = (
        "import sys; sys.modules['certadvisor.present.json.documents'] = None; "
        "sys.argv = ['certadvisor', 'list', '--json']; import certadvisor; certadvisor.main()"
    )
    env = {k: v for k, v in CLI_ENV.items() if v is not None}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "(module certadvisor.present.json.documents)" in done.stderr


def test_a_module_missing_before_the_command_line_loads_is_one_line() -> None:
    """The package changed under the console script before it loaded its command line."""
    script = (
        "import sys; sys.modules['certadvisor.cli.app'] = None; "
        "sys.argv = ['certadvisor', 'list']; import certadvisor; certadvisor.main()"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr == (
        "certadvisor: a part of the program is missing (module certadvisor.cli.app); it may have been "
        "upgraded or removed while running: run the command again or reinstall\n"
    )
