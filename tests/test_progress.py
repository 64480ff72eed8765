"""The progress indicator on stderr: shown only on a terminal, moving while check-data audits
and while a long batch scores, and wiped before the output goes on."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest
from conftest import CLI_ENV, EnvRunner

from certadvisor.cli.app import app
from certadvisor.io.progress import INTERVAL, Progress, Tally, spinning

TTY_STDERR = {"stderr_isatty": True, "stdout_isatty": False}
BATCH_LINE = json.dumps({"goal": "inpatient_coder"})


def on_screen(text: str) -> str:
    """What a terminal would show: each "\\r" returns to the start of the line, and later
    characters overwrite earlier ones."""
    shown = []
    for line in text.split("\n"):
        cells: list[str] = []
        column = 0
        for char in line:
            if char == "\r":
                column = 0
                continue
            if column < len(cells):
                cells[column] = char
            else:
                cells.append(char)
            column += 1
        shown.append("".join(cells).rstrip())
    return "\n".join(shown)


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# -- Progress itself --------------------------------------------------------------------------------


def test_off_it_writes_nothing() -> None:
    stream = io.StringIO()
    progress = Progress(stream, enabled=False)
    progress.show("Working...", now=True)
    progress.clear()
    with spinning(progress, "Working...") as stage:
        stage("Still working...")
    assert stream.getvalue() == ""


def test_it_draws_turns_and_wipes_its_line() -> None:
    stream = io.StringIO()
    clock = Clock()
    progress = Progress(stream, enabled=True, clock=clock)
    progress.show("Scored 1,000 lines...")
    progress.show("Scored 1,100 lines...")  # too soon: not drawn
    clock.now += INTERVAL
    progress.show("Scored 2,000...")
    assert stream.getvalue() == "\r| Scored 1,000 lines...\r/ Scored 2,000..." + " " * 6
    progress.clear()
    assert on_screen(stream.getvalue()) == ""
    assert stream.getvalue().endswith("\r")


def test_a_long_line_is_cut_to_the_width_and_never_wraps() -> None:
    stream = io.StringIO()  # not a terminal: the fallback width, 80
    progress = Progress(stream, enabled=True)
    progress.show("x" * 200, now=True)
    assert len(stream.getvalue()) == 1 + 79


def test_a_broken_stderr_turns_it_off() -> None:
    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError("gone")

    progress = Progress(Broken(), enabled=True)
    progress.show("Working...", now=True)
    assert not progress.enabled
    progress.clear()


def test_spinning_wipes_its_line_when_the_work_fails() -> None:
    stream = io.StringIO()
    with pytest.raises(ValueError), spinning(Progress(stream, enabled=True), "Working..."):
        raise ValueError("failed")
    assert "Working..." in stream.getvalue()
    assert on_screen(stream.getvalue()) == ""


def test_a_tally_shows_nothing_until_there_is_enough() -> None:
    stream = io.StringIO()
    tally = Tally(Progress(stream, enabled=True, clock=Clock()), "Scored {:,} lines...", after=1000)
    tally.add(999)
    assert stream.getvalue() == ""
    tally.add(1)
    assert stream.getvalue() == "\r| Scored 1,000 lines..."


# -- check-data ------------------------------------------------------------------------------------


def test_check_data_shows_what_it_is_doing_on_a_terminal() -> None:
    result = EnvRunner(env=CLI_ENV, overrides=TTY_STDERR).invoke(app, ["check-data", "--sample", "2000"])
    assert result.exit_code == 0, result.output
    assert "\r| Reading the data file..." in result.stderr
    assert "Scoring a sample of the profiles..." in result.stderr
    assert "Scoring" not in on_screen(result.stderr)  # wiped before the warnings
    assert on_screen(result.stderr).startswith("warning: ")
    assert "\r" not in result.stdout


@pytest.mark.parametrize("args", [["check-data", "--sample", "2000"], ["check-data", "--stale", "--json"]])
def test_check_data_shows_nothing_when_stderr_is_not_a_terminal(args: list[str]) -> None:
    overrides = {"stderr_isatty": False, "stdout_isatty": True}
    result = EnvRunner(env=CLI_ENV, overrides=overrides).invoke(app, [*args, "--no-pager"])
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stderr and "Reading" not in result.stderr


# -- recommend --batch -----------------------------------------------------------------------------


def batch(lines: int, overrides: dict[str, bool]) -> tuple[str, str]:
    runner = EnvRunner(env=CLI_ENV, overrides=overrides)
    text = "\n".join([BATCH_LINE] * lines) + "\n"
    result = runner.invoke(app, ["recommend", "--batch", "-", "--jobs", "1"], input=text)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == lines
    return result.stdout, result.stderr


def test_a_long_batch_counts_its_lines_on_a_terminal() -> None:
    _, stderr = batch(1100, TTY_STDERR)
    assert "\r| Scored 1,024 lines..." in stderr
    assert on_screen(stderr) == ""


@pytest.mark.parametrize(
    "overrides",
    [
        {"stderr_isatty": False, "stdout_isatty": False},  # both redirected
        {"stderr_isatty": True, "stdout_isatty": True},  # the results come to the same terminal
    ],
)
def test_a_batch_shows_no_count_off_a_terminal_or_beside_its_results(overrides: dict[str, bool]) -> None:
    _, stderr = batch(1100, overrides)
    assert stderr == ""


def test_a_short_batch_shows_nothing() -> None:
    _, stderr = batch(200, TTY_STDERR)
    assert stderr == ""


# -- a real terminal -------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals need POSIX")
def test_check_data_in_a_real_terminal() -> None:
    """Through a pseudo-terminal: the indicator appears, then is wiped before the first line."""
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, **{k: v for k, v in CLI_ENV.items() if v is not None}}
    env.pop("CERTADVISOR_DATA", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "certadvisor", "check-data", "--sample", "2000"],
        env=env,
        encoding="utf-8",
        timeout=120,
        dimensions=(24, 80),
    )
    child.expect_exact("Reading the data file...")
    child.expect_exact("Scoring a sample of the profiles...")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    rest = child.before
    first = rest.index("valid: ")
    assert "Scoring" not in on_screen(rest[:first].replace("\r\n", "\n"))
    assert "No problems found." in rest
