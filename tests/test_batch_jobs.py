"""Batch mode with worker processes: same output as one process, in order, and a clean stop."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from certadvisor import batch
from certadvisor.cli.app import app
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
    assert batch.available_cpus() >= 1


def workers_of(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def wait_until(ready: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_closed_pipe_stops_the_workers_quietly(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(big_batch() * 4, encoding="utf-8")
    command = f"{shlex.quote(sys.executable)} -m certadvisor recommend --batch {path} -j 2 | head -c 100"
    proc = subprocess.run(["bash", "-c", command], capture_output=True, env=subprocess_env(), timeout=120)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr
    assert len(proc.stdout) == 100


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_exits_130_and_stops_the_workers(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(big_batch() * 20, encoding="utf-8")
    # Its own process group, like a terminal's foreground job: Ctrl-C reaches every process.
    proc = subprocess.Popen(
        [sys.executable, "-m", "certadvisor", "recommend", "--batch", str(path), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
        start_new_session=True,
    )
    try:
        wait_until(lambda: len(workers_of(proc.pid)) >= 2)
        workers = workers_of(proc.pid)
        assert len(workers) >= 2, "the workers never started"
        os.killpg(proc.pid, signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = err.decode("utf-8", "replace")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "KeyboardInterrupt" not in stderr
    for worker in workers:
        assert not Path(f"/proc/{worker}").exists() or "zombie" in Path(f"/proc/{worker}/status").read_text()


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
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    assert proc.stdout == expected


def test_default_jobs_is_one_per_cpu_up_to_four() -> None:
    assert batch.default_jobs() == min(batch.available_cpus(), 4)


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


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_leave_when_the_parent_is_killed_outright(tmp_path: Path) -> None:
    # kill -9 gives the parent no chance to stop its workers: they must notice and leave.
    path = tmp_path / "people.jsonl"
    path.write_text(big_batch() * 20, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "certadvisor", "recommend", "--batch", str(path), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=subprocess_env(),
    )
    try:
        wait_until(lambda: len(workers_of(proc.pid)) >= 2)
        workers = workers_of(proc.pid)
        assert len(workers) >= 2, "the workers never started"
    finally:
        proc.kill()
        proc.wait(timeout=60)

    def alive(pid: int) -> bool:
        status = Path(f"/proc/{pid}/status")
        try:
            return "zombie" not in status.read_text()
        except OSError:
            return False

    wait_until(lambda: not any(alive(worker) for worker in workers), seconds=30)
    assert [worker for worker in workers if alive(worker)] == []


LATE_WORKER = """
import multiprocessing, os, sys, time
from certadvisor import batch
from certadvisor.load.datafile import load_catalog

def late() -> None:
    time.sleep(1.0)  # set up as a batch worker only after the parent below is gone
    batch._start_worker(load_catalog())
    time.sleep(60)  # the worker's watch ends the process long before this

if __name__ == "__main__":
    child = multiprocessing.get_context("fork").Process(target=late)
    child.start()
    print(child.pid, flush=True)
    os._exit(0)  # the parent goes at once, without waiting for its child
"""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_worker_that_starts_after_its_parent_died_still_leaves() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", LATE_WORKER], capture_output=True, text=True, env=subprocess_env(), timeout=30
    )
    worker = int(proc.stdout.strip())

    def gone() -> bool:
        try:
            return "zombie" in Path(f"/proc/{worker}/status").read_text()
        except OSError:
            return True

    wait_until(gone, seconds=20)
    assert gone(), "the late worker is still waiting for a parent that is gone"


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
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "worker process stopped unexpectedly" in proc.stderr
