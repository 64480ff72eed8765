"""Writing files and stdout against hostile or careless surroundings (issue #16).

Racing writers, special files, umasks, interrupted writes, and a stdout that cannot be written:
each ends in the promised file or in one clear line, never a traceback, a hang or a clobber.
"""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CLI_ENV, EnvRunner

from certadvisor.cli.app import app
from certadvisor.errors import ExitStatus, OutputError
from certadvisor.io.files import check_writable, is_stdout_path, write_atomic
from certadvisor.io.output import emit_text, stdout_errors

TIMEOUT = 60
WRITERS = 4
posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs POSIX modes")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def run_cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run certadvisor in a fresh process; a hang is a TimeoutExpired failure, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-m", "certadvisor", *args],
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        **kwargs,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the umask a test sets."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


# --- no overwrite, even when racing -----------------------------------------------------------


def _racer(path: str, text: str, barrier: object, results: object) -> None:
    barrier.wait()  # type: ignore[attr-defined]
    try:
        write_atomic(Path(path), text, force=False)
        results.put(("ok", text))  # type: ignore[attr-defined]
    except OutputError as error:
        results.put(("refused", str(error)))  # type: ignore[attr-defined]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_racing_writers_without_force_exactly_one_wins(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for round_ in range(5):
        target = tmp_path / f"report-{round_}.md"
        barrier = context.Barrier(WRITERS)
        results = context.Queue()
        texts = [f"writer {i}\n" * 20_000 for i in range(WRITERS)]
        workers = [context.Process(target=_racer, args=(str(target), t, barrier, results)) for t in texts]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=TIMEOUT) for _ in workers]
        for worker in workers:
            worker.join(TIMEOUT)
        won = [detail for outcome, detail in outcomes if outcome == "ok"]
        refused = [detail for outcome, detail in outcomes if outcome == "refused"]
        assert len(won) == 1, outcomes
        assert refused == [f"{target} already exists; use --force to overwrite it"] * (WRITERS - 1)
        assert target.read_text(encoding="utf-8") == won[0]
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_without_hard_links_exactly_one_writer_still_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FAT and some network shares have no hard links: the exclusive claim keeps the promise.
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "answers.json"
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []

    def race(text: str) -> None:
        barrier.wait()
        try:
            write_atomic(target, text, force=False)
            outcomes.append(text)
        except OutputError as error:
            outcomes.append(f"refused: {error}")

    threads = [threading.Thread(target=race, args=(f'{{"writer": {i}}}\n',)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    won = [o for o in outcomes if not o.startswith("refused")]
    assert len(won) == 1, outcomes
    assert target.read_text(encoding="utf-8") == won[0]
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, "again\n", force=False)
    write_atomic(target, "forced\n", force=True)
    assert target.read_text(encoding="utf-8") == "forced\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json"]


def test_a_dangling_symlink_counts_as_existing(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, "text\n", force=False)
    assert not (tmp_path / "nowhere").exists()


def test_force_replaces_a_symlink_not_the_file_it_points_to(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    target = tmp_path / "report.md"
    target.symlink_to(victim)
    write_atomic(target, "report\n", force=True)
    assert not target.is_symlink()
    assert target.read_text(encoding="utf-8") == "report\n"
    assert victim.read_text(encoding="utf-8") == "keep me\n"


# --- special files ---------------------------------------------------------------------------


SPECIAL = {
    "fifo": "a named pipe (FIFO)",
    "socket": "a socket",
    "device": "a device",
    "link to fifo": "a named pipe (FIFO)",
}


@pytest.fixture(params=list(SPECIAL))
def special(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A FIFO, socket, device or symlink to a FIFO, and how its refusal names it."""
    kind: str = request.param
    for path in _make_special(tmp_path, kind):
        yield path, SPECIAL[kind]


def _make_special(tmp_path: Path, kind: str) -> Iterator[Path]:
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs FIFOs")
        path = tmp_path / "pipe.md"
        os.mkfifo(path)
        yield path
    elif kind == "socket":
        if not hasattr(socket, "AF_UNIX"):
            pytest.skip("needs Unix sockets")
        path = tmp_path / "sock.md"
        server = socket.socket(socket.AF_UNIX)
        here = os.getcwd()
        try:
            os.chdir(tmp_path)  # socket paths are short: bind by a relative name
            server.bind(path.name)
        finally:
            os.chdir(here)
        try:
            yield path
        finally:
            server.close()
    elif kind == "device":
        if not Path(os.devnull).exists() or os.devnull != "/dev/null":
            pytest.skip("needs /dev/null")
        yield Path(os.devnull)
    else:  # a symlink to a FIFO is judged by the FIFO
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs FIFOs")
        os.mkfifo(tmp_path / "pipe")
        path = tmp_path / "link.md"
        path.symlink_to(tmp_path / "pipe")
        yield path


@pytest.mark.parametrize("force", [False, True])
def test_special_files_are_refused_even_with_force(
    tmp_path: Path, special: tuple[Path, str], force: bool
) -> None:
    path, kind = special
    before = path.lstat()
    expected = f"cannot write {path}: it is {kind}, not a regular file"
    with pytest.raises(OutputError) as caught:
        check_writable(path, force=force)
    assert str(caught.value) == expected
    with pytest.raises(OutputError) as caught:
        write_atomic(path, "text\n", force=force)
    assert str(caught.value) == expected
    after = path.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@needs_fifo
def test_the_quiz_refuses_a_fifo_report_in_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    result = run_cli("quiz", "--json", "--report", str(fifo), "--force", capture_output=True)
    assert result.returncode == ExitStatus.USAGE
    assert result.stdout == ""
    assert result.stderr == f"Error: cannot write {fifo}: it is a named pipe (FIFO), not a regular file\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_dash_means_stdout_to_the_caller() -> None:
    assert is_stdout_path("-")
    assert is_stdout_path(Path("-"))
    assert not is_stdout_path("report.md")
    assert not is_stdout_path("./-")


# --- permissions -----------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0, 0o666)])
def test_new_files_honour_the_umask(tmp_path: Path, umask: None, mask: int, expected: int) -> None:
    os.umask(mask)
    target = tmp_path / "report.md"
    write_atomic(target, "report\n", force=False)
    assert mode(target) == expected
    assert os.umask(mask) == mask  # left as it was


@posix_only
@pytest.mark.parametrize("existing", [0o644, 0o640, 0o600, 0o666])
def test_force_keeps_an_existing_files_mode(tmp_path: Path, umask: None, existing: int) -> None:
    os.umask(0o077)
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(existing)
    write_atomic(target, "new\n", force=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert mode(target) == existing


# --- interrupted writes ----------------------------------------------------------------------


def test_stale_temporary_files_of_the_same_target_are_cleaned_up(tmp_path: Path) -> None:
    hours_ago = time.time() - 2 * 3600
    stale = tmp_path / ".report.md.k3x9_q2z.tmp"
    fresh = tmp_path / ".report.md.a1b2c3d4.tmp"  # maybe another run's write in flight
    other_target = tmp_path / ".notes.md.k3x9_q2z.tmp"
    not_the_pattern = tmp_path / ".report.md.tmp"
    for path in (stale, fresh, other_target, not_the_pattern):
        path.write_text("partial", encoding="utf-8")
    for path in (stale, other_target, not_the_pattern):
        os.utime(path, (hours_ago, hours_ago))
    write_atomic(tmp_path / "report.md", "report\n", force=False)
    assert not stale.exists()
    assert fresh.exists() and other_target.exists() and not_the_pattern.exists()
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "report\n"


def test_a_directory_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.mkdir()
    with pytest.raises(OutputError, match="is a directory"):
        write_atomic(target, "report\n", force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


# --- stdout ----------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_json_to_a_full_disk_is_one_line_and_exit_1() -> None:
    with open("/dev/full", "w") as full:
        result = run_cli("list", "--json", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == ExitStatus.FAILURE
    assert result.stderr == "Error: cannot write to standard output: No space left on device\n"


def test_json_to_a_closed_stdout_is_one_line_and_exit_1() -> None:
    result = run_cli(
        "list",
        "--json",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == ExitStatus.FAILURE
    assert result.stderr == "Error: cannot write to standard output: it is closed\n"


def test_json_to_a_closed_pipe_stays_quiet() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write meets a broken pipe
    try:
        result = run_cli("list", "--json", stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert result.stderr == ""


class FailingStream(io.StringIO):
    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def flush(self) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ],
)
def test_emit_text_turns_write_errors_into_one_user_error(error: BaseException, message: str) -> None:
    with pytest.raises(OutputError) as caught:
        emit_text("{}\n", FailingStream(error))
    assert str(caught.value) == f"cannot write to standard output: {message}"
    assert caught.value.exit_code == ExitStatus.FAILURE


def test_emit_text_to_a_closed_stream_is_one_user_error() -> None:
    stream = io.StringIO()
    stream.close()
    with pytest.raises(OutputError) as caught:
        emit_text("{}\n", stream)
    assert str(caught.value) == "cannot write to standard output: it is closed"
    assert caught.value.exit_code == ExitStatus.FAILURE


def test_emit_text_leaves_a_broken_pipe_to_the_runner() -> None:
    with pytest.raises(BrokenPipeError):
        emit_text("{}\n", FailingStream(BrokenPipeError(errno.EPIPE, "Broken pipe")))


def test_stdout_errors_reports_only_failed_writes() -> None:
    # For other writers of stdout (tables, batch lines): the same one line for a failed write,
    # while an unrelated ValueError is not disguised as one.
    stream = FailingStream(OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="No space left on device"), stdout_errors(stream):
        stream.write("table")
        stream.flush()
    with pytest.raises(ValueError, match="a bug"), stdout_errors(io.StringIO()):
        raise ValueError("a bug")


# --- rich markup and emoji codes in a data file are text, not instructions --------------------

LITERAL_NAME = "Coder [bold red]loud[/] :smile: [link=https://example.com]x[/link]"


@pytest.mark.parametrize(
    "args",
    [["show", "CPC"], ["list"], ["compare", "CPC", "CCS"], ["recommend", "--set", "goal=outpatient_coder"]],
    ids=["show", "list", "compare", "recommend"],
)
def test_markup_and_emoji_codes_in_data_are_printed_as_written(
    make_data: Callable[..., Path], args: list[str]
) -> None:
    path = make_data(('name = "Certified Professional Coder"', f'name = "{LITERAL_NAME}"'))
    runner = EnvRunner(env={**CLI_ENV, "COLUMNS": "200"})
    result = runner.invoke(app, ["--data", str(path), *args])
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert LITERAL_NAME in flat
    assert "😄" not in result.stdout and "\x1b" not in result.stdout


# --- targets found out before any work: a read-only folder, the system's own stream links -------


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="is not writable"):
            check_writable(folder / "report.md", force=False)
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(not Path("/dev/stdout").exists() or not Path("/proc/self").exists(), reason="needs Linux")
@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/sys/kernel/x.md"])
def test_the_systems_stream_links_are_refused_with_a_pointer_to_dash(name: str) -> None:
    # With --force, writing "/dev/stdout" atomically would replace the system's own link.
    with pytest.raises(OutputError, match="use - for standard output"):
        check_writable(Path(name), force=True)


def test_a_report_in_a_system_folder_is_refused_before_scoring(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"goal": "undecided"}', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "certadvisor", "recommend", "--answers", str(answers)]
        + ["--report", "/dev/fd/report.md"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "use - for standard output" in proc.stderr and "Traceback" not in proc.stderr


# --- a hostile data file on a real terminal ----------------------------------------------------

SCREENS = [["show", "CPC"], ["list"], ["compare"], ["recommend", "--set", "goal=undecided"]]
HOSTILE_SEQUENCES = {
    "osc52-clipboard": "\x1b]52;c;aGVsbG8=\x1b\\",
    "clear-screen": "\x1b[2J",
    "title": "\x1b]0;owned\x07",
}


@pytest.mark.slow
@pytest.mark.parametrize("sequence", list(HOSTILE_SEQUENCES.values()), ids=list(HOSTILE_SEQUENCES))
@pytest.mark.parametrize("args", SCREENS)
def test_a_hostile_data_file_puts_no_escape_code_on_a_terminal(
    shipped_text: str, tmp_path: Path, sequence: str, args: list[str]
) -> None:
    pexpect = pytest.importorskip("pexpect")
    name = 'name = "Certified Professional Coder"'
    data = tmp_path / "hostile.toml"
    # Written as TOML escapes: the parser itself refuses a raw control character in a string.
    escaped = "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or c == "\\" else c for c in sequence)
    data.write_text(shipped_text.replace(name, name[:-1] + escaped + '"', 1), encoding="utf-8")
    env = {**os.environ, "TERM": "xterm-256color", "CERTADVISOR_CACHE_DIR": "", "CERTADVISOR_PAGER": "cat"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "certadvisor", "--data", str(data), *args],
        env=env,
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    screen = child.before
    assert child.exitstatus == 2
    assert sequence not in screen and "Traceback" not in screen
    # The message names the key and shows the character escaped, on the terminal too.
    assert ".name: text holds the control character \\x1b" in screen
