"""Compare the start-up of two certadvisor installs, command by command, in one interleaved run.

For a refactor that must not slow anything down: install the old code in a second venv (for
example a `git worktree` of the old commit with its own `pip install -e .`), then

    python bench/ab.py --before /path/to/old/venv/bin/certadvisor --runs 21

Each round runs every command once with each install, in an order that alternates, so load from
elsewhere on the machine hits both alike. It prints the median wall time and the median CPU time
(user + system of the child, steadier than wall time on a shared machine) of each, and the ratio
after/before. Nothing here asserts a time: it prints.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

AFTER = str(Path(sys.executable).parent / "certadvisor")
SAMPLE = {"goal": "inpatient_coder", "setting": "inpatient", "employer": "hospital", "experience": "none"}
# Children run as on a user's machine (see startup.py): no forced bytecode or buffering settings.
CHILD_ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")},
    "NO_COLOR": "1",
    "COLUMNS": "80",
}


def run_once(argv: Sequence[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=CHILD_ENV)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime


def commands(answers: Path) -> dict[str, list[str]]:
    return {
        "--help": ["--help"],
        "list --json": ["list", "--json"],
        "show CCS": ["show", "CCS"],
        "compare CPC CCS": ["compare", "CPC", "CCS"],
        "compare CPC CCS --json": ["compare", "CPC", "CCS", "--json"],
        "cost CPC CCS": ["cost", "CPC", "CCS"],
        "glossary": ["glossary"],
        "recommend --answers F --json": ["recommend", "--answers", str(answers), "--json"],
        "recommend --answers F": ["recommend", "--answers", str(answers)],
        "check-data": ["check-data"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the other install's certadvisor executable")
    parser.add_argument("--after", default=AFTER, help="this one's (default: beside this Python)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.json"
        answers.write_text(json.dumps(SAMPLE), encoding="utf-8")
        table = commands(answers)
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for argv in table.values():  # warm both installs' caches once, untimed
            run_once([args.before, *argv])
            run_once([args.after, *argv])
        for round_ in range(args.runs):
            for name, argv in table.items():
                order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
                for which in order:
                    binary = args.before if which == "before" else args.after
                    samples.setdefault((name, which), []).append(run_once([binary, *argv]))
    header = ("command", "wall before", "after", "ratio", "cpu before", "after", "ratio")
    print("{:<30} {:>11} {:>7} {:>6} {:>11} {:>7} {:>6}".format(*header))
    for name in table:
        before, after = samples[(name, "before")], samples[(name, "after")]
        wall = [statistics.median(w for w, _ in s) for s in (before, after)]
        cpu = [statistics.median(c for _, c in s) for s in (before, after)]
        print(
            f"{name:<30} {wall[0]:>11.3f} {wall[1]:>7.3f} {wall[1] / wall[0]:>6.2f} "
            f"{cpu[0]:>11.3f} {cpu[1]:>7.3f} {cpu[1] / cpu[0]:>6.2f}"
        )


if __name__ == "__main__":
    main()
