"""Hostile input against every reader (issue #16): answers files, ``--set``, batch lines, data files.

Each class of input ends in one clear line and exit 2 (or a failed batch line and exit 1), never
a traceback, a hang, all of memory, or an escape code on the screen. Oversized and hostile
inputs are generated here, not checked in. Anything that could hang runs in a real process with
a timeout, so a regression fails the test instead of blocking the suite.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from certadvisor import batch
from certadvisor.cli.app import app
from certadvisor.errors import AnswersError, CertAdvisorError, DataError, StdoutError
from certadvisor.io.output import use_fallback_characters, write_utf8
from certadvisor.load import answers, datafile
from certadvisor.load.answers import MAX_ANSWERS_BYTES, load_answers, parse_sets
from certadvisor.load.datafile import DATA_ENV, catalog_from_text, load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.text import did_you_mean, escape_controls, shown

TIMEOUT = 60
ESC = "\x1b"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /dev/full and /dev/zero")
GOOD = {"setting": "inpatient"}


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80", DATA_ENV: None})


def run_cli(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """certadvisor in a fresh process; a hang is a TimeoutExpired failure, not a stuck suite."""
    if "input" not in kwargs:
        kwargs.setdefault("stdin", subprocess.DEVNULL)
    if "stdout" not in kwargs and "stderr" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(
        [sys.executable, "-m", "certadvisor", *args],
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=TIMEOUT,
        **kwargs,
    )


def one_error(result: Any, *fragments: str, code: int = 2) -> str:
    """Exit ``code``, nothing on stdout, and one plain "Error:" line naming every fragment."""
    stderr = result.stderr
    code_seen = result.returncode if hasattr(result, "returncode") else result.exit_code
    assert code_seen == code, (code_seen, stderr)
    assert result.stdout == ""
    assert "Traceback" not in stderr
    assert stderr.startswith("Error: ") and stderr.count("Error: ") == 1, stderr
    assert ESC not in stderr
    for fragment in fragments:
        assert fragment in stderr, (fragment, stderr)
    return str(stderr)


# --- TOML the parser cannot take: deep nesting, huge integers ------------------------------------

DEEP_TOML = "x = " + "[" * 1000 + "]" * 1000 + "\n"
BIG_INT_TOML = "x = " + "9" * 5000 + "\n"
DEEP_INLINE_TOML = "x = " + "{a = " * 600 + "1" + "}" * 600 + "\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (DEEP_TOML, "nested too deeply"),
        (DEEP_INLINE_TOML, "nested too deeply"),
        (BIG_INT_TOML, "4300 digits"),
    ],
    ids=["deep-array", "deep-table", "huge-integer"],
)
@pytest.mark.parametrize("route", ["answers", "data", "env", "check-data"])
def test_toml_beyond_the_parser_is_one_error(
    cli: CliRunner, tmp_path: Path, text: str, reason: str, route: str
) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    env: dict[str, str | None] = {}
    if route == "answers":
        args = ["recommend", "--answers", str(path)]
    elif route == "data":
        args = ["recommend", "--data", str(path), "--set", "setting=inpatient"]
    elif route == "env":
        args, env = ["list", "--json"], {DATA_ENV: str(path)}
    else:
        args = ["check-data", str(path)]
    result = cli.invoke(app, args, env=env)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: not valid TOML: ")
    assert reason in result.stderr


@pytest.mark.parametrize("text", [DEEP_TOML, BIG_INT_TOML])
def test_the_quizs_answers_file_reads_the_same_way(catalog: Catalog, tmp_path: Path, text: str) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError, match="not valid TOML"):
        load_answers(catalog, str(path))  # what `quiz --answers` calls


def test_conditions_nested_past_the_stack_are_one_data_error(shipped_text: str, tmp_path: Path) -> None:
    # Dotted keys nest without nesting the TOML syntax, so only the loader's own checks recurse.
    marker = "[[rules]]\n"
    at = shipped_text.index(marker) + len(marker)
    nested = "when." + ".".join(["not"] * 3000) + '.setting = "inpatient"\n'
    path = tmp_path / "nested.toml"
    path.write_text(shipped_text[:at] + nested + shipped_text[at:], encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    assert str(path) in str(caught.value)


# --- sizes ------------------------------------------------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that costs no disk (NUL bytes, as /dev/zero gives)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_an_answers_file_over_the_cap_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = sparse(tmp_path / "big.json", MAX_ANSWERS_BYTES + 1)
    result = cli.invoke(app, ["recommend", "--answers", str(path)])
    assert result.exit_code == 2
    assert "larger than 1 MiB" in result.stderr


def test_an_answers_file_at_the_cap_is_read(catalog: Catalog, tmp_path: Path) -> None:
    text = json.dumps(GOOD)
    path = tmp_path / "padded.json"
    path.write_text(text + " " * (MAX_ANSWERS_BYTES - len(text)), encoding="utf-8")
    assert load_answers(catalog, str(path)) == GOOD


def test_answers_on_stdin_over_the_cap_are_refused(cli: CliRunner) -> None:
    result = cli.invoke(app, ["recommend", "--answers", "-"], input=" " * (MAX_ANSWERS_BYTES + 1))
    assert result.exit_code == 2
    assert "<stdin>" in result.stderr and "larger than 1 MiB" in result.stderr


def test_a_data_file_over_the_cap_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = sparse(tmp_path / "big.toml", datafile.MAX_DATA_BYTES + 1)
    for args in (["list", "--data", str(path)], ["check-data", str(path)]):
        result = cli.invoke(app, args)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: {path}: cannot read data file: it is larger than 8 MiB")


def test_a_batch_line_over_the_cap_fails_alone(cli: CliRunner) -> None:
    huge = '{"setting": "' + "x" * (batch.MAX_LINE_BYTES + 10) + '"}'
    text = "\n".join([json.dumps(GOOD), huge, json.dumps(GOOD)]) + "\n"
    result = cli.invoke(app, ["recommend", "--batch", "-"], input=text)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert json.loads(lines[1]) == {"line": 2, "error": json.loads(lines[1])["error"]}
    assert "line too long" in json.loads(lines[1])["error"] and "1 MiB" in json.loads(lines[1])["error"]
    assert json.loads(lines[0])["recommendation"] == json.loads(lines[2])["recommendation"]


def test_an_overlong_last_line_without_a_newline_fails_alone(catalog: Catalog) -> None:
    data = json.dumps(GOOD).encode() + b"\n" + b"y" * (batch.MAX_LINE_BYTES * 2 + 3)
    lines = list(batch._lines(io.BytesIO(data), "<stdin>"))
    assert lines[0] == json.dumps(GOOD).encode() + b"\n"
    assert lines[1] == batch.MAX_LINE_BYTES * 2 + 3


def test_a_line_exactly_at_the_cap_is_kept() -> None:
    line = b"z" * batch.MAX_LINE_BYTES + b"\r\n"
    assert list(batch._lines(io.BytesIO(line + b"{}\n"), "x")) == [line, b"{}\n"]


def test_chunks_are_bounded_in_bytes_too() -> None:
    line = b"a" * (batch.CHUNK_BYTES // 4) + b"\n"
    chunks = list(batch._chunks(io.BytesIO(line * 10), "x"))
    assert [first for first, _ in chunks] == [1, 5, 9]
    assert sum(len(lines) for _, lines in chunks) == 10


@linux_only
@pytest.mark.parametrize(
    "args",
    [
        ("recommend", "--data", "/dev/zero", "--set", "setting=inpatient"),
        ("check-data", "/dev/zero"),
        ("recommend", "--batch", "/dev/zero"),
        ("recommend", "--answers", "{link}"),
    ],
    ids=["data", "check-data", "batch", "json-symlink"],
)
def test_devices_are_refused_at_once(tmp_path: Path, args: tuple[str, ...]) -> None:
    link = tmp_path / "answers.json"
    link.symlink_to("/dev/zero")
    result = run_cli(*(arg.format(link=link) for arg in args))
    one_error(result, "it is a device, not a regular file")


@linux_only
def test_answers_on_stdin_from_dev_zero_stop_at_the_cap() -> None:
    with open("/dev/zero", "rb") as zero:
        result = run_cli("recommend", "--answers", "-", stdin=zero)
    one_error(result, "<stdin>", "larger than 1 MiB")


@needs_fifo
@pytest.mark.parametrize(
    "args",
    [
        ("recommend", "--answers", "{fifo}.json"),
        ("recommend", "--data", "{fifo}.toml", "--set", "setting=inpatient"),
        ("check-data", "{fifo}.toml"),
        ("recommend", "--batch", "{fifo}.jsonl"),
    ],
    ids=["answers", "data", "check-data", "batch"],
)
def test_fifos_are_refused_without_waiting_for_a_writer(tmp_path: Path, args: tuple[str, ...]) -> None:
    fifo = tmp_path / "pipe"
    for suffix in (".json", ".toml", ".jsonl"):
        os.mkfifo(f"{fifo}{suffix}")
    result = run_cli(*(arg.format(fifo=fifo) for arg in args))
    one_error(result, "a named pipe (FIFO), not a regular file")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("recommend", "--answers", "{dir}.json"), "it is a directory"),
        (("recommend", "--batch", "{dir}"), "it is a directory"),
        (("check-data", "{dir}.toml"), "is a directory"),
    ],
    ids=["answers", "batch", "data"],
)
def test_directories_are_refused(
    cli: CliRunner, tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    folder = tmp_path / "folder"
    for name in (folder, Path(f"{folder}.json"), Path(f"{folder}.toml")):
        name.mkdir()
    result = cli.invoke(app, [arg.format(dir=folder) for arg in args])
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_open_regular_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        datafile.open_regular(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo")
        with pytest.raises(datafile.SpecialFileError, match="FIFO"):
            datafile.open_regular(tmp_path / "fifo")
    (tmp_path / "plain").write_bytes(b"ok")
    with datafile.open_regular(tmp_path / "plain") as handle:
        assert handle.read() == b"ok"


# --- values echoed in messages: short, and never an escape code ------------------------------


def test_shown_values_are_cut_and_escaped() -> None:
    assert shown("inpatient") == "'inpatient'"
    long = shown("a" * 10_000)
    assert len(long) < 70 and long.endswith("…'")
    assert shown(f"x{ESC}]52;c;AAAA{ESC}\\y") == "'x\\x1b]52;c;AAAA\\x1b\\\\y'"
    assert ESC not in shown(ESC * 100) and "\x9b" not in shown("\x9b")
    assert escape_controls("a\tb\nc\x07", keep="\n") == "a\\x09b\nc\\x07"
    assert shown(10**5000) == "<a int too long to show>"


def test_did_you_mean_skips_implausibly_long_words() -> None:
    assert did_you_mean("inpatiant", ["inpatient", "outpatient"]) == " (did you mean inpatient?)"
    assert did_you_mean("inpatient" * 1000, ["inpatient"]) == ""


def test_error_text_never_carries_a_control_character() -> None:
    error = AnswersError(f"bad {ESC}[2J value", hint="line two\tand a tab")
    assert str(error) == "bad \\x1b[2J value\nline two\tand a tab"


@pytest.mark.parametrize(
    "args",
    [
        ["--set", f"setting=in{ESC}[2Jpatient"],
        ["--set", f"sett{ESC}]0;pwned\x07ing=inpatient"],
        ["--set", f"{ESC}[31m"],
    ],
    ids=["value", "question", "malformed"],
)
def test_set_values_with_escape_codes_are_escaped(cli: CliRunner, args: list[str]) -> None:
    result = cli.invoke(app, ["recommend", *args])
    assert result.exit_code == 2
    assert ESC not in result.output and "\x07" not in result.output
    assert "\\x1b" in result.stderr


@pytest.mark.parametrize(
    "document",
    [
        {"setting": f"{ESC}]52;c;aGk={ESC}\\"},
        {f"{ESC}[2J": "inpatient"},
        {"answers": {}, f"tool{ESC}[H": 1},
        {"setting": ["\x9b31m"]},
    ],
    ids=["value", "key", "meta-key", "c1-in-a-list"],
)
def test_answers_files_with_escape_codes_are_escaped(cli: CliRunner, tmp_path: Path, document: Any) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = cli.invoke(app, ["recommend", "--answers", str(path)])
    assert result.exit_code == 2
    assert ESC not in result.output and "\x9b" not in result.output


def test_a_file_name_with_an_escape_code_is_escaped(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["recommend", "--answers", str(tmp_path / f"{ESC}[2J.json")])
    assert result.exit_code == 2
    assert ESC not in result.output and "\\x1b[2J.json: file not found" in result.stderr


def test_a_huge_unknown_value_makes_a_short_error_record(cli: CliRunner) -> None:
    value = "q" * (batch.MAX_LINE_BYTES - 100)
    result = cli.invoke(app, ["recommend", "--batch", "-"], input=json.dumps({"setting": value}) + "\n")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert len(result.stdout) < 500 and "…" in record["error"] and "did you mean" not in record["error"]


def test_a_huge_unknown_question_makes_a_short_message(catalog: Catalog) -> None:
    with pytest.raises(AnswersError) as caught:
        answers.validate(catalog, {"x" * 1_000_000: "inpatient"})
    assert len(str(caught.value)) < 500


# --- the data file: no control characters, no huge strings ------------------------------------


def first_cert_name(text: str) -> tuple[str, str]:
    """The first ``name = "..."`` line of a certification table: (the line, its value)."""
    start = text.index("\nname = ", text.index("\n[certs."))
    line = text[start + 1 : text.index("\n", start + 1)]
    return line, line.split('"')[1]


HOSTILE_ESCAPES = {
    "osc52-clipboard": "\\u001b]52;c;aGVsbG8=\\u001b\\\\",
    "clear-screen": "\\u001b[2J\\u001b[H",
    "title": "\\u001b]0;pwned\\u0007",
    "carriage-return": "\\r",
    "backspace": "\\b",
    "form-feed": "\\f",
    "c1-csi": "\\u009b31m",
    "delete": "\\u007f",
}


@pytest.mark.parametrize("escape", list(HOSTILE_ESCAPES.values()), ids=list(HOSTILE_ESCAPES))
def test_control_characters_in_data_strings_are_refused_naming_the_key(
    shipped_text: str, tmp_path: Path, escape: str
) -> None:
    line, value = first_cert_name(shipped_text)
    path = tmp_path / "hostile.toml"
    path.write_text(shipped_text.replace(line, line.replace(value, value + escape), 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: certs.") and ".name: text holds the control character" in message
    assert not any(char in message for char in "\x1b\x07\r\b\f\x9b\x7f")


def test_control_characters_in_keys_are_refused(shipped_text: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(shipped_text + '\n[zz_hostile]\n"\\u001b[2J" = 1\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"zz_hostile\.\\x1b\[2J: key holds the control character"):
        load_catalog(path)


def test_tab_and_newline_in_text_are_allowed() -> None:
    datafile.check_text({"a": "one\ttwo\nthree", "b": ["x\ty"]}, Path("x.toml"))


def test_every_problem_is_listed_up_to_a_limit() -> None:
    raw = {"t": [f"bad{ESC}" for _ in range(50)]}
    with pytest.raises(DataError) as caught:
        datafile.check_text(raw, Path("x.toml"))
    message = str(caught.value)
    assert message.startswith("x.toml: 50 problems in the data file\n")
    assert "t[0]: text holds" in message and "... and 30 more" in message


def test_an_overlong_string_is_refused(shipped_text: str, tmp_path: Path) -> None:
    line, value = first_cert_name(shipped_text)
    path = tmp_path / "long.toml"
    long = value + "z" * datafile.MAX_STRING_CHARS
    path.write_text(shipped_text.replace(line, line.replace(value, long), 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"\.name: text of 5,0\d\d characters; at most 5,000"):
        load_catalog(path)


def test_the_shipped_data_passes_the_text_checks(shipped_text: str) -> None:
    import tomllib

    datafile.check_text(tomllib.loads(shipped_text), Path("certs.toml"))


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("show", "CPC"),
        ("compare", "CPC", "CCS"),
        ("recommend", "--set", "setting=inpatient"),
        ("recommend", "--set", "setting=inpatient", "--report", "{report}"),
        ("check-data", "{data}"),
        ("list", "--json"),
    ],
)
def test_a_hostile_data_file_reaches_no_screen(
    shipped_text: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    line, value = first_cert_name(shipped_text)
    data = tmp_path / "hostile.toml"
    data.write_text(
        shipped_text.replace(line, line.replace(value, value + HOSTILE_ESCAPES["osc52-clipboard"]), 1),
        encoding="utf-8",
    )
    report = tmp_path / "report.md"
    result = run_cli(
        *(arg.format(data=data, report=report) for arg in args),
        env={DATA_ENV: str(data), "NO_COLOR": "1", "TERM": "dumb", "CERTADVISOR_CACHE_DIR": ""},
    )
    one_error(result, ".name: text holds the control character \\x1b")
    assert not report.exists()


# --- duplicate keys and repeated --set ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"setting": "inpatient", "setting": "outpatient"}',
        '{"setting": "inpatient", "setting": "inpatient"}',
        '{"answers": {"goal": "first_job", "goal": "first_job"}}',
        '{"answers": {}, "answers": {"setting": "inpatient"}}',
    ],
)
def test_duplicate_json_keys_are_refused_naming_the_key(catalog: Catalog, text: str) -> None:
    key = "setting" if text.count("setting") == 2 else ("goal" if "goal" in text else "answers")
    with pytest.raises(AnswersError, match=f"the key '{key}' is given twice"):
        answers.parse_json(text, "x.json")


def test_duplicate_keys_in_a_batch_line_fail_that_line(cli: CliRunner) -> None:
    text = json.dumps(GOOD) + '\n{"setting": "inpatient", "setting": "outpatient"}\n'
    result = cli.invoke(app, ["recommend", "--batch", "-"], input=text)
    assert result.exit_code == 1
    assert "the key 'setting' is given twice" in json.loads(result.stdout.splitlines()[1])["error"]


def test_duplicate_toml_keys_stay_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "dup.toml"
    path.write_text('setting = "inpatient"\nsetting = "outpatient"\n', encoding="utf-8")
    result = cli.invoke(app, ["recommend", "--answers", str(path)])
    assert result.exit_code == 2 and "not valid TOML" in result.stderr


def test_a_repeated_set_with_different_values_is_refused(catalog: Catalog) -> None:
    with pytest.raises(AnswersError, match="'setting' is set twice, to 'inpatient' and to 'outpatient'"):
        parse_sets(catalog, ["setting=inpatient", " setting = outpatient"])
    assert parse_sets(catalog, ["setting=inpatient", "setting = inpatient "]) == GOOD


# --- stdout that cannot be written, and a locale that is not UTF-8 ------------------------------


@linux_only
@pytest.mark.parametrize(
    "lines", [3, batch.CHUNK_LINES * (batch.SERIAL_CHUNKS + 2)], ids=["serial", "workers"]
)
def test_batch_to_a_full_disk_is_one_line_and_exit_1(lines: int) -> None:
    text = (json.dumps(GOOD) + "\n") * lines
    with open("/dev/full", "w") as full:
        result = run_cli(
            "recommend", "--batch", "-", "--jobs", "2", input=text, stdout=full, stderr=subprocess.PIPE
        )
    assert result.returncode == 1
    assert result.stderr == "Error: cannot write to standard output: No space left on device\n"


@pytest.mark.skipif(os.name != "posix", reason="needs a shell to close stdout")
def test_batch_to_a_closed_stdout_is_one_line_and_exit_1() -> None:
    result = subprocess.run(
        f"{sys.executable} -m certadvisor recommend --batch - >&-",
        shell=True,
        input=json.dumps(GOOD) + "\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 1
    assert result.stderr == "Error: cannot write to standard output: it is closed\n"


@pytest.mark.skipif(os.name != "posix", reason="needs a pipe closed early")
def test_batch_into_a_closed_pipe_stays_quiet(tmp_path: Path) -> None:
    source = tmp_path / "people.jsonl"
    source.write_text((json.dumps(GOOD) + "\n") * 2000, encoding="utf-8")
    # The input comes from a file, never a pipe this test would have to feed while reading.
    with source.open("rb") as stdin:
        process = subprocess.Popen(
            [sys.executable, "-m", "certadvisor", "recommend", "--batch", "-"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    try:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        process.wait(timeout=TIMEOUT)
    finally:
        process.kill()
        process.wait()
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr


def test_batch_write_failures_are_stdout_errors(catalog: Catalog) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    with pytest.raises(StdoutError, match="No space left on device"):
        batch._write((0, b"x\n"), Full())
    with pytest.raises(StdoutError, match="it is closed"):
        batch.run_batch(catalog, "-", None)


ASCII_ENV = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii", "CERTADVISOR_CACHE_DIR": ""}


@pytest.mark.parametrize(
    "args",
    [("list", "--json"), ("show", "CPC", "--json"), ("recommend", "--set", "setting=inpatient", "--json")],
)
def test_json_is_utf8_under_an_ascii_locale(args: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "certadvisor", *args],
        capture_output=True,
        env={**os.environ, **ASCII_ENV},
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout.decode("utf-8"))
    assert document["schema_version"] == 2


def test_batch_is_utf8_under_an_ascii_locale() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "certadvisor", "recommend", "--batch", "-"],
        input=(json.dumps(GOOD) + "\n").encode(),
        capture_output=True,
        env={**os.environ, **ASCII_ENV},
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert json.loads(text)["recommendation"]
    assert not text.isascii(), "the results hold '–' or '†'; this checks they arrive as UTF-8"


DRAWN = [("list",), ("show", "CPC"), ("compare", "CPC", "CCS"), ("recommend", "--set", "setting=inpatient")]
FALLBACK_MAIN = (
    "import sys; from certadvisor.io.output import use_fallback_characters; use_fallback_characters(); "
    "from certadvisor.cli.app import main; sys.argv[0] = 'certadvisor'; main()"
)


@pytest.mark.parametrize("args", DRAWN)
def test_drawn_screens_fall_back_to_characters_an_ascii_locale_can_show(args: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", FALLBACK_MAIN, *args],
        capture_output=True,
        env={**os.environ, **ASCII_ENV},
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.isascii() and result.stdout.strip()
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("args", DRAWN)
def test_the_command_itself_draws_under_an_ascii_locale(args: tuple[str, ...]) -> None:
    result = run_cli(*args, env=ASCII_ENV)
    assert result.returncode == 0, result.stderr


def test_the_fallback_characters() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    use_fallback_characters([stream])
    stream.write("CPC – AAPC † • … ─│┼ é → ≥ 😀\n")
    stream.flush()
    assert raw.getvalue() == b"CPC - AAPC + * ... -|+ e -> >= ?\n"
    latin_raw = io.BytesIO()
    latin = io.TextIOWrapper(latin_raw, encoding="latin-1")
    write_utf8(latin, "–")  # JSON goes to the buffer as UTF-8, whatever the stream's encoding
    latin.flush()
    assert latin.buffer is latin_raw and latin_raw.getvalue() == "–".encode()


# --- fuzzing: arbitrary bytes and JSON never end in a traceback ----------------------------------

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
question_like = st.dictionaries(
    st.sampled_from(["setting", "goal", "held", "answers", "tool", "x"]) | st.text(max_size=8),
    st.sampled_from(["inpatient", "outpatient", "no_preference", ""]) | json_values,
    max_size=5,
)


def outcome(call: Callable[[], object]) -> int:
    """0 for a result, or the exit code of the one user error it raised (never anything else)."""
    try:
        call()
    except CertAdvisorError as error:
        assert error.exit_code in (1, 2)
        assert ESC not in str(error)
        return int(error.exit_code)
    return 0


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".json", ".toml"]))
def test_fuzz_answers_files_from_bytes(catalog: Catalog, tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    assert outcome(lambda: load_answers(catalog, str(path))) in (0, 2)


@FUZZ
@given(document=question_like | json_values, suffix=st.sampled_from([".json", ".toml"]))
def test_fuzz_answers_files_from_json(catalog: Catalog, tmp_path: Path, document: Any, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    flat = isinstance(document, dict) and all(isinstance(v, str) for v in document.values())
    if suffix == ".toml" and flat:  # a flat table of strings as TOML (JSON strings are TOML's too)
        text = "".join(f"{json.dumps(k)} = {json.dumps(v)}\n" for k, v in document.items())
    else:  # anything else as JSON, which a .toml answers file must refuse cleanly
        text = json.dumps(document)
    path.write_text(text, encoding="utf-8")
    assert outcome(lambda: load_answers(catalog, str(path))) in (0, 2)


@FUZZ
@given(line=st.binary(max_size=200) | question_like.map(lambda d: json.dumps(d).encode()))
def test_fuzz_batch_lines(catalog: Catalog, line: bytes) -> None:
    failed, text = batch.Scorer(catalog).chunk(7, [line])
    [record] = [json.loads(row) for row in text.splitlines()]
    assert failed == ("error" in record)
    if failed:
        assert record["line"] == 7 and ESC not in record["error"]


@FUZZ
@given(data=st.binary(max_size=300))
def test_fuzz_data_files_from_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    assert outcome(lambda: load_catalog(path)) in (0, 2)


@settings(FUZZ, max_examples=25)  # each example parses and checks the whole shipped file
@given(cut=st.integers(min_value=0), junk=st.text(max_size=20))
def test_fuzz_data_files_from_the_shipped_text(shipped_text: str, cut: int, junk: str) -> None:
    at = cut % (len(shipped_text) + 1)
    text = shipped_text[:at] + junk + shipped_text[at:]
    assert outcome(lambda: catalog_from_text(text, Path("fuzz.toml"))) in (0, 2)


@pytest.mark.parametrize("schema", ["true", "2.0", '"2"'])
def test_meta_schema_must_be_the_integer(make_data, schema: str) -> None:  # type: ignore[no-untyped-def]
    from certadvisor.errors import DataError
    from certadvisor.load.datafile import load_catalog

    path = make_data(("[meta]\nschema = 3\n", f"[meta]\nschema = {schema}\n"))
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    assert "meta.schema: expected 3, got" in str(caught.value)


def test_a_next_step_link_must_be_http(make_data) -> None:  # type: ignore[no-untyped-def]
    from certadvisor.errors import DataError
    from certadvisor.load.datafile import load_catalog

    step = 'text = "Join AAPC: membership is required before you can book the CPC exam."\n'
    path = make_data(
        (step + 'url = "https://www.aapc.com/membership/"', step + 'url = "javascript:alert(1)"')
    )
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    assert "next_steps[0].url: expected an http(s) URL" in str(caught.value)
