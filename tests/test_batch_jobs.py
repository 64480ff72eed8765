"""Batch mode with worker processes: same output as one process, in order, and a clean stop."""

from __future__ import annotations

import json
import os
import select
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest
from typer.testing import CliRunner

from certadvisor import batch
from certadvisor.cli.app import app
from certadvisor.env import available_cpus
from certadvisor.load.datafile import DATA_ENV

PEOPLE = [
    {"setting": "inpatient", "goal": "inpatient_coder"},
    {"goal": "outpatient_coder", "experience": "none"},
    {"employer": "hospital", "setting": "outpatient"},
    {},
    {"goal": "risk_adjustment_coder", "employer": "payer"},
]
# More lines than the serial threshold, so --jobs 2 really starts workers.
LINES = batch.CHUNK_LINES * (batch.SERIAL_CHUNKS + 3) + 17
# Bad lines in the first chunk, on chunk boundaries and in the last chunk.
BAD = {
    2: '{"goal": "astronaut"}',
    batch.CHUNK_LINES: "not json",
    batch.CHUNK_LINES + 1: "",
    LINES - 1: '{"setting": 5}',
}


def big_batch() -> str:
    lines = [json.dumps(PEOPLE[i % len(PEOPLE)]) for i in range(LINES)]
    for number, text in BAD.items():
        lines[number - 1] = text
    return "\n".join(lines) + "\n"


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != DATA_ENV}
    env.update({"COLUMNS": "80", "NO_COLOR": "1"})
    return env


@pytest.fixture(scope="module")
def serial_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("batch") / "people.jsonl"
    path.write_text(big_batch(), encoding="utf-8")
    result = CliRunner().invoke(app, ["recommend", "--batch", str(path), "--jobs", "1"])
    assert result.exit_code == 1
    return path, result.stdout


@pytest.mark.parametrize("jobs", ["2", "3", "0"])
def test_workers_write_what_one_process_writes(serial_output: tuple[Path, str], jobs: str) -> None:
    path, expected = serial_output
    result = CliRunner().invoke(app, ["recommend", "--batch", str(path), "--jobs", jobs])
    assert result.exit_code == 1
    assert result.stdout == expected
    assert f"{len(BAD)} lines failed" in result.stderr


def test_serial_output_numbers_bad_lines_across_chunks(serial_output: tuple[Path, str]) -> None:
    _path, output = serial_output
    documents = [json.loads(line) for line in output.splitlines()]
    assert len(documents) == LINES
    for number, document in enumerate(documents, start=1):
        if number in BAD:
            assert document["line"] == number
            assert set(document) == {"line", "error"}
        else:
            assert document["answers"] == PEOPLE[(number - 1) % len(PEOPLE)]


def test_workers_read_stdin_too(serial_output: tuple[Path, str]) -> None:
    path, expected = serial_output
    result = CliRunner().invoke(
        app, ["recommend", "--batch", "-", "-j", "2"], input=path.read_text(encoding="utf-8")
    )
    assert result.exit_code == 1
    assert result.stdout == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "setting=inpatient", "--jobs", "2"], "Invalid value for --jobs: applies only to --batch"),
        (["--batch", "-", "--jobs", "-1"], "-1"),
        (["--batch", "-", "--jobs", "many"], "many"),
    ],
)
def test_bad_jobs(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["recommend", *args], input="{}\n")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_available_cpus_is_at_least_one() -> None:
    assert available_cpus() >= 1


def workers_of(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


# Bounds on a failing run only: every wait below ends on an event (output, a process ending).
PATIENCE = 120

LINUX = pytest.mark.skipif(
    not Path("/proc/self/task").exists() or not hasattr(os, "pidfd_open"),
    reason="needs Linux /proc and pidfd",
)


def wait_for_output(stream: IO[bytes] | None) -> None:
    """Wait for the batch's first output: it has scored a chunk, so its workers are running (with
    fork, the executor starts all of them at the first submission, before any result)."""
    assert stream is not None
    assert select.select([stream], [], [], PATIENCE)[0], "no output"
    assert os.read(stream.fileno(), 1), "the batch ended before writing anything"


def ended(pid: int, seconds: float = PATIENCE) -> bool:
    """Wait for ``pid`` (any process, not only a child of ours) to end: a pidfd becomes readable
    when the process exits. True if it has ended (a zombie counts: it runs no more)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([handle], [], [], seconds)[0])
    finally:
        os.close(handle)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_closed_pipe_stops_the_workers_quietly(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(big_batch() * 4, encoding="utf-8")
    command = f"{shlex.quote(sys.executable)} -m certadvisor recommend --batch {path} -j 2 | head -c 100"
    proc = subprocess.run(
        ["bash", "-c", command], capture_output=True, env=subprocess_env(), timeout=PATIENCE
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr
    assert len(proc.stdout) == 100


@LINUX
def test_ctrl_c_exits_130_and_stops_the_workers(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(big_batch() * 20, encoding="utf-8")
    # Its own process group, like a terminal's foreground job: Ctrl-C reaches every process.
    proc = subprocess.Popen(
        [sys.executable, "-m", "certadvisor", "recommend", "--batch", str(path), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
        start_new_session=True,
    )
    try:
        wait_for_output(proc.stdout)
        workers = workers_of(proc.pid)
        assert len(workers) >= 2, workers
        os.killpg(proc.pid, signal.SIGINT)
        # Read to the end of the output: the workers hold it open too, so this also waits for them.
        _out, err = proc.communicate(timeout=PATIENCE)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    stderr = err.decode("utf-8", "replace")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "KeyboardInterrupt" not in stderr
    assert all(ended(worker) for worker in workers)


SPAWNED = """
import io, sys
sys.platform = "darwin"  # as on macOS: workers are spawned, not forked
from certadvisor.batch import run_batch
from certadvisor.load.datafile import load_catalog
out = io.StringIO()
failed = run_batch(load_catalog(), sys.argv[1], out, jobs=2)
sys.stdout.write(out.getvalue())
sys.exit(1 if failed else 0)
"""


def test_spawned_workers_write_what_one_process_writes(serial_output: tuple[Path, str]) -> None:
    path, expected = serial_output
    proc = subprocess.run(
        [sys.executable, "-c", SPAWNED, str(path)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=PATIENCE,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    assert proc.stdout == expected


def test_default_jobs_is_one_per_cpu_up_to_four() -> None:
    assert batch.default_jobs() == min(available_cpus(), 4)


def test_too_many_jobs_is_refused() -> None:
    result = CliRunner().invoke(app, ["recommend", "--batch", "-", "--jobs", "62"], input="{}\n")
    assert result.exit_code == 2
    assert "62" in result.stderr and "61" in result.stderr


def test_an_integer_too_long_to_read_is_one_bad_line() -> None:
    # Python refuses to convert integers of more than 4,300 digits: a ValueError that is not a
    # JSONDecodeError. It must fail that line only.
    text = json.dumps(PEOPLE[0]) + "\n" + '{"goal": ' + "9" * 5000 + "}\n" + json.dumps(PEOPLE[1]) + "\n"
    result = CliRunner().invoke(app, ["recommend", "--batch", "-"], input=text)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    first, bad, last = (json.loads(line) for line in result.stdout.splitlines())
    assert bad["line"] == 2
    assert bad["error"].startswith("not valid JSON")
    assert first["answers"] == PEOPLE[0] and last["answers"] == PEOPLE[1]


@LINUX
def test_workers_leave_when_the_parent_is_killed_outright(tmp_path: Path) -> None:
    # kill -9 gives the parent no chance to stop its workers: they must notice and leave.
    path = tmp_path / "people.jsonl"
    path.write_text(big_batch() * 20, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "certadvisor", "recommend", "--batch", str(path), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=subprocess_env(),
    )
    workers: list[int] = []
    try:
        wait_for_output(proc.stdout)
        workers = workers_of(proc.pid)
        assert len(workers) >= 2, workers
    finally:
        proc.kill()
        proc.wait(timeout=PATIENCE)
        assert proc.stdout is not None
        proc.stdout.close()
    left = [worker for worker in workers if not ended(worker)]
    for worker in left:  # leave nothing behind, even when the test fails
        os.kill(worker, signal.SIGKILL)
    assert left == []


LATE_WORKER = """
import multiprocessing, os, sys, threading
from certadvisor import batch
from certadvisor.load.datafile import load_catalog

def late(parent_alive: int, parent_end: int) -> None:
    os.close(parent_end)
    os.read(parent_alive, 1)  # end of file: the parent below is gone, and its end of the pipe
    batch._start_worker(load_catalog())  # set up as a batch worker only now
    threading.Event().wait()  # the worker's watch ends the process; nothing else would

if __name__ == "__main__":
    parent_alive, parent_end = os.pipe()
    child = multiprocessing.get_context("fork").Process(target=late, args=(parent_alive, parent_end))
    child.start()
    print(child.pid, flush=True)
    os._exit(0)  # the parent goes at once, without waiting for its child
"""


@LINUX
def test_a_worker_that_starts_after_its_parent_died_still_leaves() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", LATE_WORKER],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    worker = int(proc.stdout.readline())
    proc.stdout.close()
    proc.wait(timeout=PATIENCE)
    if not ended(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the late worker is still waiting for a parent that is gone")
    # Both processes are gone, so this reads to the end: the worker left through its watch, not
    # on an error of its own.
    assert "Traceback" not in proc.stderr.read()
    proc.stderr.close()


DYING = """
import os, sys
from certadvisor import batch
from certadvisor.cli.app import main

scored = batch._score_in_worker

def score_or_die(first, lines):
    if first > batch.CHUNK_LINES * 3:  # a worker dies in the middle of the batch
        os._exit(9)
    return scored(first, lines)

batch._score_in_worker = score_or_die
sys.argv = ["certadvisor", "recommend", "--batch", sys.argv[1], "-j", "2"]
main()
"""


def test_a_worker_that_dies_fails_the_batch(serial_output: tuple[Path, str]) -> None:
    path, _expected = serial_output
    proc = subprocess.run(
        [sys.executable, "-c", DYING, str(path)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=PATIENCE,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "worker process stopped unexpectedly" in proc.stderr
