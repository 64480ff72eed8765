"""Every result screen opens with a short summary that fits one 80x24 screen."""

from __future__ import annotations

import pytest
from conftest import CLI_ENV, EnvRunner

from certadvisor.cli.app import app

CASES = [
    ["--set", "goal=inpatient_coder", "--set", "employer=hospital"],
    ["--set", "goal=billing_specialist"],
    ["--set", "held=CPC", "--set", "goal=coding_auditor", "--set", "experience=2_years_plus"],
    ["--set", "goal=him_manager", "--set", "background=none"],
    ["--set", "priority=low_cost"],
    ["--set", "goal=outpatient_coder", "--set", "experience=none", "--set", "work_arrangement=remote_only"],
    ["--set", "held=CPC-A", "--set", "goal=outpatient_coder", "--set", "work_arrangement=remote_only"],
]


def first_block(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    return lines[: lines.index("The details follow.") + 1]


@pytest.mark.parametrize("answers", CASES)
def test_the_summary_comes_first_and_fits_one_screen(answers: list[str]) -> None:
    result = EnvRunner(env=CLI_ENV).invoke(app, ["recommend", *answers])
    assert result.exit_code == 0, result.output
    block = first_block(result.stdout)
    assert block[0].startswith("+- In short")
    assert len(block) <= 24
    assert all(len(line) <= 80 for line in block)
    text = " ".join(" ".join(block).split())
    for label in ("Pick:", "Confidence:", "First year:"):
        assert label in text
    # The pick in the summary is the recommendation that follows.
    pick = text.split("Pick: ", 1)[1].split(" ", 1)[0]
    assert f"Recommendation: {pick} (" in result.stdout


def test_the_summary_names_the_requirement_first_when_one_is_unmet() -> None:
    result = EnvRunner(env=CLI_ENV).invoke(app, ["recommend", *CASES[3]])
    text = " ".join(" ".join(first_block(result.stdout)).split())
    # A "Needs:" line on the first screen, and the first step towards it after it.
    assert "Needs: RHIA requires" in text
    assert text.index("Needs: RHIA requires") < text.index("First step: Enrol in")


def test_the_summary_is_in_the_reports_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in ("r.md", "r.html"):
        report = tmp_path / name
        result = EnvRunner(env=CLI_ENV).invoke(app, ["recommend", *CASES[0], "--report", str(report)])
        assert result.exit_code == 0, result.output
        text = report.read_text(encoding="utf-8")
        assert "In short" in text
        assert text.index("In short") < text.index("Answers")


@pytest.mark.parametrize("answers", CASES)
def test_the_remote_line_only_for_a_person_who_needs_remote_work(answers: list[str]) -> None:
    result = EnvRunner(env=CLI_ENV).invoke(app, ["recommend", *answers])
    block = first_block(result.stdout)
    remote = [line for line in block if line.startswith("| Remote:")]
    # One line, inside the box's 80 columns, and only when the answers ask for it.
    assert len(remote) == ("work_arrangement=remote_only" in answers)
    assert all(len(line) <= 80 for line in remote)
    if remote:  # the last line of the box, not wrapped onto a second
        assert block[block.index(remote[0]) + 1].startswith("+--")
