"""Start-up guard that does not depend on timing: which heavy modules each command imports.

Each command runs in a fresh interpreter that reports ``sys.modules`` when it exits, so the
check sees exactly what a user's run would import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import atexit, json, os, sys
def report():
    watched = ("questionary", "prompt_toolkit", "rich", "pydantic", "tomllib")
    names = sorted(m for m in sys.modules if m.split(".")[0] in watched)
    with open(os.environ["IMPORT_REPORT"], "w") as handle:
        json.dump(names, handle)
atexit.register(report)
sys.argv = ["certadvisor", *sys.argv[1:]]
from certadvisor import main
main()
"""

ANSWERS = {"goal": "inpatient_coder", "setting": "outpatient", "employer": "hospital"}


def imported(tmp_path: Path, *args: str) -> set[str]:
    report = tmp_path / "modules.json"
    env = {**os.environ, "IMPORT_REPORT": str(report), "NO_COLOR": "1"}
    env.pop("CERTADVISOR_DATA", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    # A command that stopped early (say, on an answer the data no longer knows) imports less
    # than a real run: only a clean exit counts.
    assert proc.returncode == 0, proc.stderr
    return {name.split(".")[0] for name in json.loads(report.read_text(encoding="utf-8"))}


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["show", "CPC", "--json"],
        ["compare", "--json"],
        ["compare", "CPC", "CCS", "--json"],
        ["recommend", "--set", "setting=inpatient", "--json"],
        ["check-data", "--json"],
    ],
    ids=" ".join,
)
def test_json_commands_import_neither_prompts_nor_rich(tmp_path: Path, args: list[str]) -> None:
    modules = imported(tmp_path, *args)
    assert not modules & {"questionary", "prompt_toolkit"}
    assert "rich" not in modules, "--json output must not pay for rich"
    assert "pydantic" not in modules


def test_batch_imports_no_prompts_or_rich(tmp_path: Path) -> None:
    batch = tmp_path / "people.jsonl"
    batch.write_text(json.dumps(ANSWERS) + "\n", encoding="utf-8")
    assert not imported(tmp_path, "recommend", "--batch", str(batch)) & {
        "questionary",
        "prompt_toolkit",
        "rich",
    }


@pytest.mark.parametrize("args", [["compare"], ["list"], ["show", "CCS"], ["--help"]], ids=" ".join)
def test_rendered_commands_use_rich_but_never_prompts(tmp_path: Path, args: list[str]) -> None:
    modules = imported(tmp_path, *args)
    assert not modules & {"questionary", "prompt_toolkit"}


def test_a_warm_cache_skips_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CERTADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    assert "tomllib" in imported(tmp_path, "compare", "--json"), "the first run parses the data"
    assert "tomllib" not in imported(tmp_path, "compare", "--json")
    assert "tomllib" not in imported(tmp_path, "recommend", "--set", "setting=inpatient", "--json")


def test_the_entry_point_runs_the_command_with_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import certadvisor
    import certadvisor.cli.app

    seen: list[bool] = []
    monkeypatch.setattr(certadvisor.cli.app, "main", lambda: seen.append(gc.isenabled()))
    threshold = gc.get_threshold()
    try:
        certadvisor.main()
    finally:
        # Give this test process back its collector as it was.
        gc.unfreeze()
        gc.set_threshold(*threshold)
    assert seen == [True]
    assert gc.isenabled()


def test_quiz_without_prompting_does_not_import_questionary(tmp_path: Path, answers_file: Path) -> None:
    # Every question answered (pcs_comfort is hidden for outpatient; background is asked, since
    # nothing is held): nothing to ask.
    full = {
        **ANSWERS,
        "held": "none",
        "experience": "none",
        "background": "none",
        "body_preference": "aapc",
        "priority": "start_soon",
    }
    answers_file.write_text(json.dumps(full), encoding="utf-8")
    modules = imported(tmp_path, "quiz", "--answers", str(answers_file), "--json")
    assert "questionary" not in modules


@pytest.mark.slow
def test_only_the_quiz_prompt_imports_questionary(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    report = tmp_path / "modules.json"
    child = pexpect.spawn(
        sys.executable,
        ["-c", PROBE, "quiz"],
        env={**os.environ, "IMPORT_REPORT": str(report), "TERM": "xterm", "NO_COLOR": "1"},
        encoding="utf-8",
        dimensions=(24, 80),
        timeout=30,
    )
    child.expect("Question 1 of")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    modules = {name.split(".")[0] for name in json.loads(report.read_text(encoding="utf-8"))}
    assert {"questionary", "prompt_toolkit"} <= modules
