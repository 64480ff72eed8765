"""Options before or after the command name, the pager for long screens, and report formats."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import CLI_ENV, EnvRunner, error_message

from certadvisor.cli.app import app

TERMINAL = {"stdout_isatty": True}


def fake_pager(out: Path) -> str:
    """A pager command that copies what it is given to a file."""
    script = f"import sys; open({str(out)!r}, 'w', encoding='utf-8').write(sys.stdin.read())"
    return f"{sys.executable} -c {json.dumps(script)}"


# -- --data and --no-pager before or after the command --------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_data_works_before_or_after_the_command(where: str, tmp_path: Path, make_data) -> None:  # type: ignore[no-untyped-def]
    broken = make_data(("[meta]\nschema = 3\n", "[meta]\nschema = 99\n"), name="broken.toml")
    args = ["--data", str(broken), "list"] if where == "before" else ["list", "--data", str(broken)]
    result = EnvRunner(env=CLI_ENV).invoke(app, args)
    assert result.exit_code == 2
    assert "meta.schema: expected 3, got 99" in error_message(result.stderr)


def test_data_after_the_command_wins(make_data) -> None:  # type: ignore[no-untyped-def]
    broken = make_data(("[meta]\nschema = 3\n", "[meta]\nschema = 99\n"), name="broken.toml")
    good = make_data(name="good.toml")
    result = EnvRunner(env=CLI_ENV).invoke(
        app, ["--data", str(broken), "list", "--json", "--data", str(good)]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["certifications"]) == 13


# -- the pager ------------------------------------------------------------------------------------


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    out = tmp_path / "paged.txt"
    runner = EnvRunner(env={**CLI_ENV, "CERTADVISOR_PAGER": fake_pager(out)}, overrides=TERMINAL)
    result = runner.invoke(app, ["show", "CPC"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # it all went to the pager
    assert "CPC Certified Professional Coder" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["--no-pager", "show", "CPC"],
        ["show", "CPC", "--no-pager"],
        ["show", "CPC", "--json"],
    ],
)
def test_no_pager_and_json_never_page(args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "paged.txt"
    runner = EnvRunner(env={**CLI_ENV, "CERTADVISOR_PAGER": fake_pager(out)}, overrides=TERMINAL)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not out.exists()
    assert "CPC" in result.stdout


def test_no_pager_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "paged.txt"
    result = EnvRunner(env={**CLI_ENV, "CERTADVISOR_PAGER": fake_pager(out)}).invoke(app, ["show", "CPC"])
    assert result.exit_code == 0
    assert not out.exists() and "Certified Professional Coder" in result.stdout


def test_pager_cat_means_no_pager(tmp_path: Path) -> None:
    runner = EnvRunner(env={**CLI_ENV, "CERTADVISOR_PAGER": "cat"}, overrides=TERMINAL)
    result = runner.invoke(app, ["compare"])
    assert result.exit_code == 0 and "Certified Coding Specialist" in result.stdout


# -- reports --------------------------------------------------------------------------------------


def test_recommend_writes_an_html_report(tmp_path: Path) -> None:
    report = tmp_path / "advice.html"
    result = EnvRunner(env=CLI_ENV).invoke(
        app, ["recommend", "--set", "goal=inpatient_coder", "--report", str(report), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["recommendation"] == "CCS"
    assert f"Report written to {report}" in result.stderr
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text and "CCS" in text


def test_recommend_writes_a_markdown_report(tmp_path: Path) -> None:
    report = tmp_path / "advice.md"
    result = EnvRunner(env=CLI_ENV).invoke(
        app, ["recommend", "--set", "goal=billing_specialist", "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert report.read_text(encoding="utf-8").startswith("# certadvisor report")


@pytest.mark.parametrize("command", [["recommend", "--set", "goal=inpatient_coder"], ["quiz"]])
def test_an_unknown_report_format_exits_2_before_anything(command: list[str], tmp_path: Path) -> None:
    report = tmp_path / "advice.pdf"
    result = EnvRunner(env=CLI_ENV).invoke(app, [*command, "--report", str(report)])
    assert result.exit_code == 2
    message = error_message(result.stderr)
    assert "unknown report format '.pdf'" in message and ".md" in message and ".html" in message
    assert not report.exists()
    assert result.stdout == ""


def test_an_existing_report_is_not_overwritten_without_force(tmp_path: Path) -> None:
    report = tmp_path / "advice.html"
    report.write_text("mine", encoding="utf-8")
    args = ["recommend", "--set", "goal=inpatient_coder", "--report", str(report)]
    result = EnvRunner(env=CLI_ENV).invoke(app, args)
    assert result.exit_code == 2
    assert report.read_text(encoding="utf-8") == "mine"
    again = EnvRunner(env=CLI_ENV).invoke(app, [*args, "--force"])
    assert again.exit_code == 0 and report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_to_stdout_replaces_the_screen() -> None:
    result = EnvRunner(env=CLI_ENV).invoke(
        app, ["recommend", "--set", "goal=inpatient_coder", "--report", "-"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# certadvisor report\n")
    assert "In short" not in result.stdout.split("## In short", 1)[0]  # no screen before it
    assert "Report written" not in result.stderr


def test_report_to_stdout_cannot_go_with_json() -> None:
    result = EnvRunner(env=CLI_ENV).invoke(
        app, ["recommend", "--set", "goal=inpatient_coder", "--report", "-", "--json"]
    )
    assert result.exit_code == 2
    assert "cannot be combined with --json" in error_message(result.stderr)
    assert result.stdout == ""


def test_a_report_that_fails_at_the_end_still_shows_the_result(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The quiz checks the files up front; if writing still fails at the end (a full disk), the
    result is shown anyway, then the failed write is reported, and the exit code is 1."""
    import certadvisor.cli.reports
    from certadvisor.errors import OutputError

    answers = tmp_path / "me.json"
    answers.write_text(
        json.dumps(
            {
                "goal": "outpatient_coder",
                "held": "none",
                "setting": "outpatient",
                "employer": "physician_practice",
                "experience": "none",
                "work_arrangement": "remote_only",
                "background": "coding_course",
                "body_preference": "aapc",
                "priority": "start_soon",
            }
        ),
        encoding="utf-8",
    )

    def full_disk(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OutputError("cannot write report.html: no space left on device")

    monkeypatch.setattr(certadvisor.cli.reports, "write_atomic", full_disk)
    report = tmp_path / "report.html"
    result = EnvRunner(env=CLI_ENV).invoke(
        app, ["quiz", "--answers", str(answers), "--report", str(report), "--json"]
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["recommendation"] == "CPC"  # the result came first
    assert "no space left on device" in result.stderr
    assert not report.exists()
