"""Issue #26 items 13 and 15: an endless batch line, and ``--data`` before the quiz's name.

13. ``recommend --batch - < /dev/zero`` read one endless line for ever, writing nothing, so not
    even a reader gone away stopped it. A line still without its end after
    ``batch.MAX_SKIPPED_BYTES`` now fails the input in one line (exit 2, as any input that
    cannot be read); the CSV path already refused a row past its cap. The streams here are finite
    (a little past the bound), so a regression fails rather than hangs for long.
15. The quiz's reproduce command keeps a ``--data`` given before the command's name, quoted, and
    pasting it gives the same result against the same data.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from certadvisor import batch
from certadvisor.errors import AnswersError
from certadvisor.load.csv_answers import MAX_ROW_BYTES
from certadvisor.load.datafile import DATA_ENV

# A little past the bound: one line of zeros with no end, as /dev/zero gives.
ZEROS = batch.MAX_SKIPPED_BYTES + 4 * 1024 * 1024
ANSWERS = {
    "goal": "inpatient_coder",
    "held": "none",
    "setting": "inpatient",
    "employer": "hospital",
    "pcs_comfort": "keen",
    "experience": "none",
    "work_arrangement": "no_preference",
    "background": "coding_course",
    "body_preference": "no_preference",
    "priority": "start_soon",
}


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (DATA_ENV, "COLUMNS", "FORCE_COLOR")}
    return {**env, "NO_COLOR": "1"}


def certadvisor(
    *args: str, stdin: Path | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    with open(stdin if stdin is not None else os.devnull, "rb") as handle:
        return subprocess.run(
            [sys.executable, "-m", "certadvisor", *args],
            stdin=handle,
            capture_output=True,
            text=True,
            env=environment(),
            cwd=cwd,
            check=False,
        )


@pytest.fixture(scope="module")
def endless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good line, then zeros past the bound with no end of line."""
    path = tmp_path_factory.mktemp("zeros") / "zeros.jsonl"
    with path.open("wb") as out:
        out.write(b"{}\n")
        block = bytes(1024 * 1024)
        for _ in range(ZEROS // len(block)):
            out.write(block)
    return path


@pytest.mark.parametrize("how", ["stdin", "file"])
def test_an_endless_line_fails_the_input_in_one_line(endless: Path, how: str) -> None:
    if how == "stdin":
        done = certadvisor("recommend", "--batch", "-", stdin=endless)
        name = "<stdin>"
    else:
        done = certadvisor("recommend", "--batch", str(endless), "--jobs", "2")
        name = str(endless)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"Error: {name}: line 2 runs past 16 MiB with no end of line; stopped reading: "
        "is it a JSON Lines file (one JSON object a line)?"
    ]


def test_a_long_line_short_of_the_bound_still_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"{}\n" + b" " * (3 * batch.MAX_LINE_BYTES) + b"\n" + b'{"goal": "inpatient_coder"}\n')
    done = certadvisor("recommend", "--batch", "-", stdin=path)
    assert done.returncode == 1, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 3 and "error" not in lines[0] and "error" not in lines[2]
    assert lines[1] == {"line": 2, "error": f"line too long ({3 * batch.MAX_LINE_BYTES + 1:,} bytes); "
                        "a batch line may be at most 1 MiB"}  # fmt: skip


@pytest.mark.parametrize("fill", [b"\0", b"a"])
def test_an_endless_csv_row_fails_the_input_in_one_line(tmp_path: Path, fill: bytes) -> None:
    """The CSV reader stops at its row cap, a read away: no skipping, so no bound is needed."""
    path = tmp_path / "endless.csv"
    path.write_bytes(b"goal\n" + fill * (2 * MAX_ROW_BYTES))
    done = certadvisor("recommend", "--batch", "-", "--format", "csv", stdin=path)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "row 2 is longer than 1 MiB" in done.stderr
    assert done.stdout == ""
    assert MAX_ROW_BYTES == batch.MAX_LINE_BYTES


def test_each_skipped_line_is_a_chunk_of_its_own() -> None:
    """A run of over-long lines is written one at a time, so a reader that went away is noticed
    at once instead of after a chunk's 128 lines of a megabyte or more each."""
    long_line = b"x" * (batch.MAX_LINE_BYTES + 10) + b"\n"
    chunks = list(batch._chunks(io.BytesIO(long_line * 3 + b"{}\n"), "<test>"))
    assert [(first, len(lines)) for first, lines in chunks] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert chunks[0][1] == [len(long_line)]


def test_the_bound_stops_the_skip_without_reading_on(tmp_path: Path) -> None:
    """The reader stops at the bound: what lies past it is never read."""
    stream = io.BytesIO(bytes(batch.MAX_SKIPPED_BYTES * 3))
    with pytest.raises(AnswersError, match="line 1 runs past 16 MiB"):
        list(batch._lines(stream, "<test>"))
    assert stream.tell() <= batch.MAX_SKIPPED_BYTES + batch.MAX_LINE_BYTES + 64 * 1024


# -- item 15: --data before the quiz's name, in the reproduce command ----------------------------


def test_the_quiz_reproduce_command_keeps_data_given_before_the_name(
    tmp_path: Path, make_data: Callable[..., Path]
) -> None:
    given = make_data(
        ('name = "Certified Coding Specialist"', 'name = "Specialist From The Given Data"'),
        name="given data; $(x).toml",
    )
    answers = tmp_path / "answers.toml"
    answers.write_text("".join(f'{q} = "{v}"\n' for q, v in ANSWERS.items()), encoding="utf-8")
    done = certadvisor(
        "--data", str(given), "quiz", "--answers", str(answers), "--report", "report.md", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    command = report.split("## Reproduce this result\n\n```\n", 1)[1].split("\n```", 1)[0]
    argv = shlex.split(command)
    assert argv[:3] == ["certadvisor", "recommend", "--data"] and argv[3] == str(given)
    replayed = certadvisor(*argv[1:], "--json", cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stderr
    result = json.loads(replayed.stdout)
    assert "Specialist From The Given Data" in json.dumps(result)
    assert f"--data {shlex.quote(str(given))}" in command
