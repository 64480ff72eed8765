"""Hostile tests of the batch (``recommend --batch``) and of drawing hostile data.

Every batch line must be byte for byte what ``Engine.recommend`` + ``result_json`` +
``json_line`` give for that line's answers, whatever the chunking and the number of jobs; and
no input, data file or signal may end in a traceback. The first tests guard against bugs that
hostile testing found (and that were fixed); the rest lock in behaviour that held up.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import pytest

from certadvisor import batch
from certadvisor.core.engine import Engine
from certadvisor.errors import AnswersError
from certadvisor.load.answers import parse_json, validate
from certadvisor.load.datafile import DATA_ENV, load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Choice
from certadvisor.present.json.encode import json_line
from certadvisor.present.json.result import result_json

LINUX_PROC = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (DATA_ENV, "COLUMNS", "FORCE_COLOR")}
    env.update({"NO_COLOR": "1", **extra})
    return env


def certadvisor(*args: str) -> list[str]:
    return [sys.executable, "-m", "certadvisor", *args]


def reference_output(catalog: Catalog, data: bytes) -> bytes:
    """What the batch must write for ``data``: each line through ``Engine.recommend``, one by one.

    Random batches repeat lines: each distinct set of answers (in its order, which the output
    keeps) is scored once."""
    engine = Engine(catalog)
    scored: dict[tuple[tuple[str, str], ...], str] = {}
    out = []
    for number, raw in enumerate(re.findall(rb"[^\n]*\n|[^\n]+$", data), start=1):
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise AnswersError(f"not UTF-8 text ({error.reason})") from None
            line = line.rstrip("\r\n")
            if len(line.encode("utf-8")) > batch.MAX_LINE_BYTES:
                raise AnswersError(f"line too long ({len(raw):,} bytes); a batch line may be at most 1 MiB")
            if not line.strip():
                raise AnswersError("empty line: expected a JSON object of answers")
            answers = validate(catalog, parse_json(line, ""), "")
            key = tuple(answers.items())
            if key not in scored:
                scored[key] = json_line(result_json(catalog, engine.recommend(answers)))
            out.append(scored[key])
        except AnswersError as error:
            out.append(json_line({"line": number, "error": str(error)}))
    return "".join(text + "\n" for text in out).encode("utf-8")


def random_lines(catalog: Catalog, count: int, seed: int) -> list[bytes]:
    """Answers to any question (skipped ones included), each answered with some probability."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        answered = rng.choice([0.0, 0.2, 0.5, 0.8, 1.0])
        given = {q.id: rng.choice(q.values) for q in catalog.questions if rng.random() < answered}
        lines.append(json.dumps(given).encode())
    return lines


def with_questions(shipped_text: str, questions: str) -> str:
    """The shipped data with more [[questions]] after its own (before the rules)."""
    at = shipped_text.index("[[rules]]")
    return shipped_text[:at] + questions + "\n" + shipped_text[at:]


def question(qid: str, kind: str, values: Sequence[str], neutral: str) -> str:
    choices = ", ".join(f'{{ value = "{v}", label = "{v}" }}' for v in values)
    return (
        f'\n[[questions]]\nid = "{qid}"\nkind = "{kind}"\nshort = "{qid}"\ntext = "{qid}?"\n'
        f'help = "A test question."\nneutral = "{neutral}"\nchoices = [{choices}]\n'
    )


# -- bugs ------------------------------------------------------------------------------------------


def test_a_question_whose_neutral_is_past_value_32767_scores_in_a_batch() -> None:
    # The loader accepts any number of choices. Value indexes were once int16, so a question
    # whose neutral sat at index 32,768 or later made every batch die with an OverflowError,
    # while `recommend --set` worked. (The catalog is built in memory, to keep the test quick.)
    shipped = load_catalog()
    template = shipped.question("experience")
    values = tuple(f"w{i}" for i in range(33_000))
    huge = template._replace(
        id="huge", choices=tuple(Choice(v, v) for v in values), values=values, neutral=values[-1], kind="fact"
    )
    questions = (*shipped.questions, huge)
    catalog = dataclasses.replace(shipped, questions=questions, _by_id={q.id: q for q in questions})
    data = b'{"goal": "coding_auditor"}\n{"huge": "w5", "setting": "inpatient"}\n{}\n'
    lines: list[bytes | int] = list(re.findall(rb"[^\n]*\n", data))
    failed, text = batch.Scorer(catalog).chunk(1, lines)
    assert failed == 0
    assert text == reference_output(catalog, data)


PEAK_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def batch_peak_mb(data: Path, people: Path) -> float:
    """Peak memory (MB) of `recommend --data DATA --batch PEOPLE -j 1`, run in a child process."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK_RSS,
            *certadvisor("recommend", "--data", str(data), "--batch", str(people), "-j", "1"),
        ],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=300,
    )
    return int(proc.stdout.strip()) / 1024


def test_batch_memory_stays_bounded_with_wide_preference_questions(shipped_text: str, tmp_path: Path) -> None:
    # Two preference questions of 300 values each (no rule reads them): about 100,000 pairs of
    # changes per profile that no single change settles. The pairs must be made and scored a
    # block at a time, not all at once for the whole chunk (which once took hundreds of MB).
    wide = "".join(question(f"wide{k}", "preference", [f"w{i}" for i in range(300)], "w0") for k in range(2))
    path = tmp_path / "wide.toml"
    path.write_text(with_questions(shipped_text, wide), encoding="utf-8")
    people = tmp_path / "people.jsonl"
    people.write_bytes(b"\n".join(random_lines(load_catalog(), batch.CHUNK_LINES, seed=7)) + b"\n")
    peak_mb = batch_peak_mb(path, people)
    assert peak_mb < 200, f"peak RSS {peak_mb:.0f} MB for one chunk of 128 lines"


def test_batch_memory_stays_bounded_with_very_many_questions(shipped_text: str, tmp_path: Path) -> None:
    # Four hundred two-value preference questions: every candidate row carries a copy of every
    # answer, so blocks must be sized by the questions as well as the rules (3 GB for 12 lines
    # when they were sized by the rules alone).
    # ...and few rules, so that the rules alone would allow blocks of nearly a million rows.
    many = "".join(question(f"many{k}", "preference", ["a", "b"], "a") for k in range(400))
    rule = '\n[[rules]]\nid = "one"\nwhen = { goal = "inpatient_coder", many0 = "b", many1 = "b" }\n'
    rule += 'points = { CCS = 10 }\nreason = "CCS: one rule."\n\n'
    head = shipped_text[: shipped_text.index("[[rules]]")]
    path = tmp_path / "many.toml"
    path.write_text(head + many + rule + shipped_text[shipped_text.index("[advice]") :], encoding="utf-8")
    people = tmp_path / "people.jsonl"
    people.write_bytes(b"{}\n" * 12)
    peak_mb = batch_peak_mb(path, people)
    assert peak_mb < 200, f"peak RSS {peak_mb:.0f} MB for 12 lines"


OUT_OF_MEMORY = """
import sys
from certadvisor import batch
from certadvisor.fast import whatif_bulk
from certadvisor.cli.app import main

many = whatif_bulk.recommend_many
calls = []

def short_of_memory(engine, bulk, answers):
    calls.append(1)
    if len(calls) > 2:  # the third chunk a process scores: numpy cannot allocate
        raise MemoryError("Unable to allocate 133. MiB for an array")
    return many(engine, bulk, answers)

whatif_bulk.recommend_many = short_of_memory
sys.argv = ["certadvisor", "recommend", "--batch", sys.argv[1], "-j", sys.argv[2]]
main()
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_running_out_of_memory_while_scoring_is_one_line_not_a_traceback(tmp_path: Path, jobs: str) -> None:
    # Out of memory often arrives as MemoryError rather than a kill (a ulimit -v, a container
    # without overcommit). In a worker or in the one process, it must be one line on stderr
    # and exit 1, not a traceback.
    people = tmp_path / "people.jsonl"
    people.write_bytes(b'{"goal": "coding_auditor"}\n' * (batch.CHUNK_LINES * (batch.SERIAL_CHUNKS + 4)))
    proc = subprocess.run(
        [sys.executable, "-c", OUT_OF_MEMORY, str(people), jobs],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=180,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr[-2000:]


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(c) for c in children.read_text().split()]
    except OSError:
        return []


# Bounds on a failing run only: every wait below ends on an event (output, a process ending).
PATIENCE = 120


def one_ends(pids: Sequence[int]) -> int:
    """Wait until one of ``pids`` (any processes, not only children of ours) has ended, and
    return it: a process's pidfd becomes readable when it exits (a zombie runs no more)."""
    handles: dict[int, int] = {}
    try:
        for pid in pids:
            try:
                handles[os.pidfd_open(pid)] = pid
            except ProcessLookupError:
                return pid
        ready = select.select(list(handles), [], [], PATIENCE)[0]
        assert ready, f"none of {list(pids)} ended"
        return handles[ready[0]]
    finally:
        for handle in handles:
            os.close(handle)


def discard(stream: IO[bytes]) -> None:
    """Read ``stream`` to its end, keeping nothing (so a writer to it never waits)."""
    while os.read(stream.fileno(), 1 << 16):
        pass


@LINUX_PROC
@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs pidfd_open")
def test_ctrl_c_pressed_three_times_exits_130_quietly_and_stops_the_workers(tmp_path: Path) -> None:
    # People press Ctrl-C more than once. The second one lands while the parent waits for the
    # executor to shut down (or in multiprocessing's exit hooks): a KeyboardInterrupt traceback
    # from multiprocessing/popen_fork.py, workers outliving the command, and in about one run
    # out of three the parent hangs for ever in waitpid on workers that were never told to stop.
    path = tmp_path / "people.jsonl"
    path.write_bytes(b"\n".join(random_lines(load_catalog(), 20_000, seed=3)) + b"\n")
    proc = subprocess.Popen(
        certadvisor("recommend", "--batch", str(path), "-j", "4"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )

    def ctrl_c() -> None:
        with contextlib.suppress(ProcessLookupError):  # the whole group may be gone already
            os.killpg(proc.pid, signal.SIGINT)

    assert proc.stdout is not None and proc.stderr is not None
    try:
        # The first output: a chunk is scored, so every worker has started (with fork, the
        # executor starts them all at the first submission).
        assert select.select([proc.stdout], [], [], PATIENCE)[0]
        assert os.read(proc.stdout.fileno(), 1), "the batch ended before writing anything"
        drain = threading.Thread(target=discard, args=(proc.stdout,), daemon=True)
        drain.start()
        workers = workers_of(proc.pid)
        assert len(workers) >= 2, workers
        ctrl_c()
        # A worker leaves only once the parent winds down: the next presses land then, one
        # after each worker that leaves.
        running = list(workers)
        for _ in range(2):
            running.remove(one_ends(running))
            ctrl_c()
        try:
            proc.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            pytest.fail("still running long after Ctrl-C")
        while running:  # none outlives the command
            running.remove(one_ends(running))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # Every process that held the output is gone: both reach their end.
    drain.join()
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stdout.close()
    proc.stderr.close()
    assert "Traceback" not in stderr, stderr[-2000:]
    assert "KeyboardInterrupt" not in stderr
    assert proc.returncode in (130, -signal.SIGINT)


# -- behaviour that held up --------------------------------------------------------------------------

ODD_LINES = [
    b'\xef\xbb\xbf{"setting": "inpatient"}',  # a BOM, as Windows tools write one: ignored
    b'{"setting": "inpatient", "setting": "outpatient"}',
    b'{"astronaut": "yes"}',
    b'{"setting": "outpatient", "pcs_comfort": "keen"}',  # an answer its `when` skips
    b'{"held": "RHIA", "background": "him_degree"}',  # background skipped for an RHIA
    b'{"held": "CPC-A"}',
    b'{"held": "CPC", "goal": "coding_auditor", "experience": "2_years_plus"}',
    b"{}",
    b"  {}  ",
    b"[]",
    b"null",
    b"1e999",
    b'{"schema_version": 1, "answers": {"goal": "coding_auditor"}}',
    b'{"goal": "coding_auditor"}\r',
    b"\xff\xfe",
    b'{"goal": "\\ud800"}',
    b'{"goal": "coding_auditor\\u0000"}',
    b"\t",
    b"",
    b'{"goal": ' + b"9" * 5000 + b"}",
    b"[" * 50_000 + b"]" * 50_000,
    b'{"goal": "' + b"x" * 600_000 + b'"}',
    b'{"goal": "' + b"x" * (1024 * 1024) + b'"}',  # over 1 MiB: fails alone
    b'{"setting": "inpatient"} {"x": 1}',
    b'{"setting": "inpatient", "employer": "physician_practice", "pcs_comfort": "avoid"}',
]


@pytest.fixture(scope="module")
def odd_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """More lines than the serial threshold: random answers, with odd lines on chunk boundaries,
    CRLF and LF mixed, several near-1 MiB lines (chunks that end by size), no final newline."""
    catalog = load_catalog()
    rng = random.Random(5)
    good = random_lines(catalog, 400, seed=1)
    lines = []
    total = batch.CHUNK_LINES * (batch.SERIAL_CHUNKS + 2) + 9
    for number in range(1, total + 1):
        if number % batch.CHUNK_LINES in (0, 1) or rng.random() < 0.04:
            lines.append(rng.choice(ODD_LINES))
        else:
            lines.append(good[number % len(good)])
    data = b"".join(line + (b"\r\n" if i % 2 else b"\n") for i, line in enumerate(lines[:-1]))
    data += b'{"goal": "coding_auditor"}'
    path = tmp_path_factory.mktemp("odd") / "people.jsonl"
    path.write_bytes(data)
    return path, reference_output(catalog, data)


@pytest.mark.parametrize("jobs", ["1", "2", "4"])
def test_odd_lines_are_scored_as_one_by_one_whatever_the_jobs(
    odd_batch: tuple[Path, bytes], jobs: str
) -> None:
    path, expected = odd_batch
    proc = subprocess.run(
        certadvisor("recommend", "--batch", str(path), "-j", jobs),
        capture_output=True,
        env=subprocess_env(),
        timeout=180,
    )
    assert proc.stdout == expected
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode().strip().endswith('see the "error" objects in the output')


def test_odd_lines_on_stdin_too(odd_batch: tuple[Path, bytes]) -> None:
    path, expected = odd_batch
    proc = subprocess.run(
        certadvisor("recommend", "--batch", "-"),
        input=path.read_bytes(),
        capture_output=True,
        env=subprocess_env(),
        timeout=180,
    )
    assert proc.stdout == expected
    assert proc.returncode == 1


ONE_CERT = """
[[questions]]
id = "pick"
short = "pick"
text = "Which way?"
help = "A test question."
kind = "{kind}"
neutral = "same"
choices = [
  {{ value = "same", label = "Same" }},
  {{ value = "cpc", label = "CPC" }},
  {{ value = "other", label = "Other" }},
]

[[questions]]
id = "years"
short = "years"
text = "How long?"
help = "A fact."
kind = "fact"
neutral = "none"
choices = [
  {{ value = "none", label = "None" }},
  {{ value = "some", label = "Some" }},
]

[[rules]]
id = "cpc"
when = {{ pick = "cpc" }}
points = {{ CPC = 20 }}
reason = "CPC picked."

[[rules]]
id = "years"
when = {{ years = "some" }}
points = {{ CPC = -12 }}
reason = "Some years."

[advice]
near_tie = 3
clear_margin = 10
signal_questions = ["pick"]
tie_order = ["CPC"]
tie_principle = "the test's principle puts it first"
starting_points = [{{ cert = "CPC", why = "The test's usual first step." }}]
"""


@pytest.mark.parametrize("kind", ["preference", "fact"])
def test_one_certification_no_conflicts_and_no_preference_questions(
    two_cert_head: str, tmp_path: Path, kind: str
) -> None:
    from conftest import _without_uncited_sources

    head = _without_uncited_sources(two_cert_head[: two_cert_head.index("\n[certs.CCS]\n") + 1])
    path = tmp_path / "one.toml"
    path.write_text(head + ONE_CERT.format(kind=kind), encoding="utf-8")
    catalog = load_catalog(path)
    assert list(catalog.certs) == ["CPC"] and not catalog.conflicts
    data = b'{}\n{"pick": "cpc"}\n{"pick": "other", "years": "some"}\n{"years": "some"}\n{"x": 1}\n'
    people = tmp_path / "people.jsonl"
    people.write_bytes(data)
    proc = subprocess.run(
        certadvisor("recommend", "--data", str(path), "--batch", str(people)),
        capture_output=True,
        env=subprocess_env(),
        timeout=120,
    )
    assert proc.stdout == reference_output(catalog, data)
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize("target", ["/dev/full", "closed"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unwritable_stdout_is_one_line_and_exit_1(
    odd_batch: tuple[Path, bytes], target: str, jobs: str
) -> None:
    if target == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    path, _expected = odd_batch
    redirect = ">/dev/full" if target == "/dev/full" else ">&-"
    command = " ".join(certadvisor("recommend", "--batch", str(path), "-j", jobs)) + " " + redirect
    proc = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=subprocess_env(), timeout=180
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: cannot write to standard output")
    assert len(proc.stderr.strip().splitlines()) == 1


MARKUP = "[bold]B1[/] :smile: [red]R2[/red] [link=https://evil.example]L3[/link] :thumbs_up:"
LONG_WORD = "W" * 150


@pytest.fixture(scope="module")
def markup_data(tmp_path_factory: pytest.TempPathFactory, shipped_text: str) -> Path:
    text = shipped_text
    for old, new in (
        ('name = "Certified Coding Specialist"', f'name = "Certified Coding Specialist {MARKUP}"'),
        (
            '"ICD-10-PCS (hospital inpatient procedures) is what sets CCS apart from CPC."',
            f'"ICD-10-PCS {MARKUP} {LONG_WORD} is what sets CCS apart."',
        ),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path_factory.mktemp("markup") / "certs.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("columns", ["20", "59", "60", "80", "200"])
@pytest.mark.parametrize("command", [["show", "CCS"], ["compare", "CCS", "CPC"], ["list"]])
def test_markup_and_long_words_in_the_data_print_literally(
    markup_data: Path, command: list[str], columns: str
) -> None:
    proc = subprocess.run(
        certadvisor("--data", str(markup_data), *command),
        capture_output=True,
        text=True,
        env=subprocess_env(COLUMNS=columns),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "\x1b" not in out and "…" not in out
    shown = out.count("B1")
    assert shown >= 1
    for piece in MARKUP.split():
        assert out.count(piece) == shown, piece
    assert all(len(run) == len(LONG_WORD) for run in re.findall("W{5,}", out))


@pytest.fixture(scope="module")
def unset_columns() -> subprocess.CompletedProcess[str]:
    """``show CCS`` with COLUMNS unset."""
    return subprocess.run(
        certadvisor("show", "CCS"), capture_output=True, text=True, env=subprocess_env(), timeout=60
    )


@pytest.mark.parametrize(
    "columns", ["0", "-1", "abc", "1e3", "80x", "1001", "9" * 30, "", "0x50", "\u0668\u0660"]
)
def test_nonsense_columns_draw_as_if_unset(
    unset_columns: subprocess.CompletedProcess[str], columns: str
) -> None:
    unset = unset_columns
    given = subprocess.run(
        certadvisor("show", "CCS"),
        capture_output=True,
        text=True,
        env=subprocess_env(COLUMNS=columns),
        timeout=60,
    )
    assert given.returncode == 0
    assert given.stdout == unset.stdout


# -- smaller findings, fixed ------------------------------------------------------------------------


def test_a_byte_order_mark_is_ignored_in_an_answers_file_and_a_batch_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_bytes(b'\xef\xbb\xbf{"setting": "inpatient"}\n')
    plain = subprocess.run(
        certadvisor("recommend", "--set", "setting=inpatient", "--json"),
        capture_output=True,
        env=subprocess_env(),
        check=True,
    ).stdout
    from_file = subprocess.run(
        certadvisor("recommend", "--answers", str(answers), "--json"),
        capture_output=True,
        env=subprocess_env(),
    )
    assert from_file.returncode == 0, from_file.stderr
    assert json.loads(from_file.stdout)["answers"] == json.loads(plain)["answers"] == {"setting": "inpatient"}
    lines = tmp_path / "people.jsonl"
    lines.write_bytes(b'\xef\xbb\xbf{"setting": "inpatient"}\n')
    batch_run = subprocess.run(
        certadvisor("recommend", "--batch", str(lines)), capture_output=True, env=subprocess_env()
    )
    assert batch_run.returncode == 0, batch_run.stderr
    assert json.loads(batch_run.stdout)["recommendation"] == json.loads(plain)["recommendation"]


def test_an_overlong_number_names_the_limit_without_pythons_advice() -> None:
    with pytest.raises(AnswersError) as caught:
        parse_json('{"goal": ' + "9" * 5000 + "}", "answers.json")
    message = str(caught.value)
    assert "4300 digits" in message and "set_int_max_str_digits" not in message


def test_an_empty_batch_name_is_named_as_such() -> None:
    proc = subprocess.run(
        certadvisor("recommend", "--batch", ""), capture_output=True, text=True, env=subprocess_env()
    )
    assert proc.returncode == 2
    assert "--batch: expected a file name, or - for standard input; got an empty name" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_glossary_of_a_data_file_without_one_says_so(shipped_text: str, tmp_path: Path) -> None:
    start = shipped_text.index("[glossary.")
    rest = shipped_text[start:]
    # Drop every [glossary.*] table and the [glossary_watch] list, whatever follows them.
    kept = re.sub(r"^\[glossary(?:\.[^\]]+|_watch)\]\n(?:[^\[\n][^\n]*\n|\n)*", "", rest, flags=re.M)
    path = tmp_path / "no-glossary.toml"
    path.write_text(shipped_text[:start] + kept, encoding="utf-8")
    assert not load_catalog(path).glossary
    proc = subprocess.run(
        certadvisor("glossary", "--data", str(path)), capture_output=True, text=True, env=subprocess_env()
    )
    assert proc.returncode == 0, proc.stderr
    assert "This data file has no glossary" in proc.stdout
