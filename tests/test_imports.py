"""Start-up guard that does not depend on timing: which heavy modules each command imports.

Each command runs in a fresh interpreter that reports ``sys.modules`` when it exits, so the
check sees exactly what a user's run would import, and which of our modules imported each watched
package first (the nearest certadvisor frame on the stack when Python first looked for it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

# The only module that may bring in questionary and prompt_toolkit: the quiz's menu adapter.
PROMPT_ADAPTER = "certadvisor.cli.prompts"
# numpy belongs to the fast path (check-data's audit and the batch), never to one person's run.
FAST_PATH = "certadvisor.fast"

PROBE = """
import atexit, json, os, sys
WATCHED = ("questionary", "prompt_toolkit", "rich", "pydantic", "tomllib", "numpy")
importers = {}

class Watch:
    # Asked first for every module not yet imported: records, for a watched package, our module
    # whose import statement brought it in, then lets the normal finders load it.
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in WATCHED and name not in importers:
            frame = sys._getframe(1)
            while frame is not None and not frame.f_globals.get("__name__", "").startswith("certadvisor"):
                frame = frame.f_back
            importers[name] = frame.f_globals["__name__"] if frame is not None else None
        return None

sys.meta_path.insert(0, Watch)

def report():
    names = sorted(m for m in sys.modules if m.split(".")[0] in WATCHED)
    with open(os.environ["IMPORT_REPORT"], "w") as handle:
        json.dump({"modules": names, "importers": importers}, handle)

atexit.register(report)
sys.argv = ["certadvisor", *sys.argv[1:]]
from certadvisor import main
main()
"""

ANSWERS = {"goal": "inpatient_coder", "setting": "outpatient", "employer": "hospital"}


class Imports(NamedTuple):
    modules: set[str]  # top-level names of the watched packages imported
    importers: dict[str, str | None]  # watched package: our module that imported it first


def read_report(path: Path) -> Imports:
    found = json.loads(path.read_text(encoding="utf-8"))
    return Imports({name.split(".")[0] for name in found["modules"]}, found["importers"])


def run_probe(tmp_path: Path, *args: str) -> Imports:
    report = tmp_path / "modules.json"
    env = {**os.environ, "IMPORT_REPORT": str(report), "NO_COLOR": "1"}
    env.pop("CERTADVISOR_DATA", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    # A command that stopped early (say, on an answer the data no longer knows) imports less
    # than a real run: only a clean exit counts.
    assert proc.returncode == 0, proc.stderr
    return read_report(report)


def imported(tmp_path: Path, *args: str) -> set[str]:
    return run_probe(tmp_path, *args).modules


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
        ["cost", "CPC", "--json"],
        ["glossary", "--json"],
        ["check-data", "--stale", "--json"],
        ["recommend", "--set", "setting=inpatient", "--json"],
    ],
    ids=" ".join,
)
def test_json_commands_import_neither_prompts_nor_rich_nor_numpy(tmp_path: Path, args: list[str]) -> None:
    modules = imported(tmp_path, *args)
    assert not modules & {"questionary", "prompt_toolkit"}
    assert "rich" not in modules, "--json output must not pay for rich"
    assert "numpy" not in modules, "one person's answers never need numpy"
    assert "pydantic" not in modules


def test_the_audit_imports_numpy_from_the_fast_path_alone(tmp_path: Path) -> None:
    found = run_probe(tmp_path, "check-data", "--json")
    assert not found.modules & {"questionary", "prompt_toolkit", "rich", "pydantic"}
    assert (found.importers["numpy"] or "").startswith(FAST_PATH + "."), found.importers


def test_batch_imports_no_prompts_or_rich_and_numpy_from_the_fast_path(tmp_path: Path) -> None:
    batch = tmp_path / "people.jsonl"
    batch.write_text(json.dumps(ANSWERS) + "\n", encoding="utf-8")
    found = run_probe(tmp_path, "recommend", "--batch", str(batch))
    assert not found.modules & {"questionary", "prompt_toolkit", "rich"}
    assert (found.importers["numpy"] or "").startswith(FAST_PATH + "."), found.importers


@pytest.mark.parametrize(
    "args",
    [
        ["compare"],
        ["list"],
        ["show", "CCS"],
        ["cost", "CPC"],
        ["glossary"],
        ["check-data", "--stale"],
        ["recommend", "--set", "setting=inpatient"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_rendered_commands_use_rich_but_never_prompts_or_numpy(tmp_path: Path, args: list[str]) -> None:
    modules = imported(tmp_path, *args)
    assert not modules & {"questionary", "prompt_toolkit", "numpy"}


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
        "work_arrangement": "hybrid_ok",
        "background": "none",
        "body_preference": "aapc",
        "priority": "start_soon",
    }
    answers_file.write_text(json.dumps(full), encoding="utf-8")
    modules = imported(tmp_path, "quiz", "--answers", str(answers_file), "--json")
    assert not modules & {"questionary", "prompt_toolkit", "numpy"}


@pytest.mark.slow
def test_only_the_quiz_prompt_imports_questionary(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    report = tmp_path / "modules.json"
    env = {**os.environ, "IMPORT_REPORT": str(report), "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("CERTADVISOR_DATA", None)
    # The timeout only bounds a failing run: every step waits for what the quiz draws.
    child = pexpect.spawn(
        sys.executable, ["-c", PROBE, "quiz"], env=env, encoding="utf-8", dimensions=(24, 80), timeout=300
    )
    # The first menu is drawn (its instruction is on screen): questionary and prompt_toolkit are
    # imported and the menu reads keys, so Ctrl-C is a key press it answers by cancelling.
    child.expect_exact("(arrows or number keys")
    # prompt_toolkit asks where the cursor is before drawing; answer as a terminal would, so that
    # it does not wait for the replies on its way out.
    child.send("\x1b[1;1R" * (child.before + child.after).count("\x1b[6n"))
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    found = read_report(report)
    assert {"questionary", "prompt_toolkit"} <= found.modules
    assert found.importers["questionary"] == PROMPT_ADAPTER
    assert found.importers["prompt_toolkit"] == PROMPT_ADAPTER
    assert "numpy" not in found.modules, "the quiz scores one person: it never needs numpy"
