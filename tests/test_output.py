"""JSON text: orjson must write exactly what the standard library would, byte for byte."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.present.json.encode import dumps, json_line

# What certadvisor writes: strings (any Unicode, control characters and quotes included),
# integers, booleans, null, lists and string-keyed objects. No floats but a rounded duration.
scalars = (
    st.text()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.booleans()
    | st.none()
    | st.sampled_from([0.0, 1.5, 12.345, 0.001])
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)


def stdlib_pretty(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def stdlib_line(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@given(documents)
def test_dumps_is_the_standard_librarys_indented_json(data: Any) -> None:
    assert dumps(data) == stdlib_pretty(data)


@given(documents)
def test_json_line_is_the_standard_librarys_compact_json(data: Any) -> None:
    text = json_line(data)
    assert text == stdlib_line(data)
    assert "\n" not in text


def test_text_that_is_not_valid_unicode_is_still_written() -> None:
    # A file name with undecodable bytes reaches Python as a lone surrogate; orjson refuses it.
    data = {"path": "/tmp/report\udcff.toml", "count": 1}
    assert dumps(data) == stdlib_pretty(data)
    assert json_line(data) == stdlib_line(data)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["show", "CCS", "--json"],
        ["compare", "--all", "--json"],
        ["recommend", "--set", "setting=inpatient", "--set", "goal=coding_manager", "--json"],
        ["check-data", "--json"],
    ],
    ids=" ".join,
)
def test_every_json_command_prints_canonical_json(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert result.stdout == stdlib_pretty(document) + "\n"


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_check_data_json_with_an_undecodable_file_name(tmp_path: Path, shipped_path: Path) -> None:
    name = os.fsdecode(b"certs-\xff.toml")
    shutil.copy(shipped_path, tmp_path / name)
    proc = subprocess.run(
        [sys.executable, "-m", "certadvisor", "check-data", name, "--json"],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:surrogateescape"},
        timeout=120,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")
    assert proc.returncode == 0
    assert json.loads(proc.stdout.decode("utf-8", "surrogateescape"))["path"] == name


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "CCS"],
        ["compare", "CPC", "CCS"],
        ["compare", "--all"],
        ["recommend", "--set", "setting=inpatient", "--set", "background=him_degree"],
    ],
    ids=" ".join,
)
def test_piped_tables_and_text_have_no_trailing_spaces(runner: CliRunner, args: list[str]) -> None:
    # rich pads table cells and keeps the space a line wrapped at; a pipe or file gets neither.
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 10
    assert [line for line in lines if line.endswith(" ")] == []
    # Only a URL alone on its line may pass 80 columns: it is never cut.
    assert max(len(line) for line in lines if not re.fullmatch(r" *https?://\S+", line)) <= 80


def test_values_the_standard_library_refuses_are_refused() -> None:
    # orjson would quietly write a dataclass or a date; an unconverted value is a bug to surface.
    import datetime as dt

    from certadvisor.model.records import Money

    for value in (Money(1, 2), dt.date(2026, 1, 1)):
        with pytest.raises(TypeError):
            dumps({"value": value})
        with pytest.raises(TypeError):
            json_line([value])


DRAWN = [["list"], ["show", "CPC"], ["compare"], ["recommend", "--set", "goal=undecided"]]


@pytest.mark.parametrize("args", DRAWN)
def test_a_closed_stdout_is_one_line_and_exit_1_for_drawn_screens_too(args: list[str]) -> None:
    # `certadvisor list >&-`: Python starts with sys.stdout set to None; --json already said so.
    proc = subprocess.run(
        [sys.executable, "-m", "certadvisor", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    assert proc.stderr.strip() == "Error: cannot write to standard output: it is closed"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", DRAWN)
def test_a_drawn_screen_to_a_full_disk_is_one_line_and_exit_1(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "certadvisor", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=60,
        )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 and "No space left on device" in proc.stderr
