"""The worst shapes of data file (issue #26): how long loading, recommend and check-data take.

Run it from the project's virtual environment:

    python bench/hostile.py              # every shape, built just under the 8 MiB cap
    python bench/hostile.py --size 1     # every shape at about 1 MiB (a few minutes in all)
    python bench/hostile.py --src /path/to/old/src   # another checkout's code (and its data)

Each shape (``tests/hostile_shapes.py``) is built from the shipped data file and run in a child
process, with the catalog cache off: ``list --json`` (loading alone), ``recommend --json`` with
answers no single change helps (so the what-if search goes on to pairs), and ``check-data``.
Each command gets a time limit and a 4 GB address-space limit, so that a blow-up is reported
rather than taking the machine down. Peak memory is the child's ru_maxrss (os.wait4).

Targets: any data file under the cap loads and ``recommend`` answers in under 5 s and 1 GB;
``check-data`` finishes, or refuses in one line, in under 60 s and 2 GB. Nothing here asserts:
it prints, and marks each figure over its target.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
# The builders live with the tests, which use them too (imported by name: tests/ is not a package).
sys.path.insert(0, str(ROOT / "tests"))
shapes = importlib.import_module("hostile_shapes")

MIB = 1024 * 1024
ADDRESS_SPACE = 4 * 1024 * MIB
TARGETS = {"load": (5.0, 1024.0), "recommend": (5.0, 1024.0), "check-data": (60.0, 2048.0)}
TIME_LIMITS = {"load": 120.0, "recommend": 120.0, "check-data": 180.0}


class Run(NamedTuple):
    """One child process: wall seconds, peak MB, exit code (None: stopped at its time limit),
    and the last line of its stderr."""

    seconds: float
    megabytes: float
    code: int | None
    last_error: str


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run(argv: list[str], env: dict[str, str], limit: float) -> Run:
    """Run one command in a child, stopped after ``limit`` seconds."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env, preexec_fn=_limit
        )
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > limit:
                child.send_signal(signal.SIGKILL)
                _pid, _status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    last = next((line for line in reversed(lines) if not line.startswith("warning:")), "")
    return Run(seconds, usage.ru_maxrss / 1024, code, last[:150])


def fitted(build: Callable[[int], str], target: int) -> tuple[int, str]:
    """The largest parameter (found by doubling, then halving the step) whose file fits under
    ``target`` bytes, and that file."""
    low, step = 1, 1
    while shapes.size(build(low + step)) <= target:
        step *= 2
    while step > 1:
        step //= 2
        if shapes.size(build(low + step)) <= target:
            low += step
    return low, build(low)


def square(build: Callable[[str, int, int], str], base: str) -> Callable[[int], str]:
    return lambda n: build(base, n, n)


def shape_builders(base: str) -> dict[str, Callable[[int], str]]:
    return {
        "pairs (n questions x n values, no rule)": square(shapes.pairs, base),
        "one question (n values, n rules on it)": square(shapes.one_question, base),
        "conflicts (n)": lambda n: shapes.many(base, "conflicts", n),
        "expectations (n)": lambda n: shapes.many(base, "expectations", n),
        "paths (n)": lambda n: shapes.many(base, "paths", n),
        "certifications (n)": lambda n: shapes.certs(base, n),
    }


def commands(data: Path) -> dict[str, list[str]]:
    sets = [arg for q, v in shapes.NO_SINGLE_WHAT_IF.items() for arg in ("--set", f"{q}={v}")]
    program = [sys.executable, "-m", "certadvisor"]
    return {
        "load": [*program, "list", "--json", "--data", str(data)],
        "recommend": [*program, "recommend", "--data", str(data), *sets, "--json"],
        "check-data": [*program, "check-data", "--data", str(data)],
    }


def shown(name: str, found: Run) -> str:
    seconds, megabytes = TARGETS[name]
    over = found.code is None or found.seconds > seconds or found.megabytes > megabytes
    if found.code is None:
        outcome = "stopped"
    elif found.code == 0:
        outcome = "ok"
    else:
        outcome = f"exit {found.code}"
    mark = " OVER" if over else ""
    return f"{name:<11}{found.seconds:8.2f} s {found.megabytes:8.0f} MB  {outcome}{mark}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=float, default=7.9, help="size of each file in MiB (default 7.9)")
    parser.add_argument("--src", type=Path, help="run another checkout's src folder (PYTHONPATH)")
    parser.add_argument("--only", help="only the shapes whose name contains this")
    parser.add_argument(
        "--base", type=Path, help="the data file to build on (default: --src's ../data/certs.toml, else ours)"
    )
    args = parser.parse_args()
    base_file = args.base or ROOT / "data" / "certs.toml"
    if args.base is None and args.src is not None and (args.src / ".." / "data" / "certs.toml").exists():
        base_file = args.src / ".." / "data" / "certs.toml"  # older code reads its own data
    base = base_file.read_text(encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")}
    env.update({"CERTADVISOR_CACHE_DIR": "", "NO_COLOR": "1", "COLUMNS": "80"})
    if args.src is not None:
        env["PYTHONPATH"] = str(args.src.resolve())
    target = int(args.size * MIB)
    print(f"Worst shapes at about {args.size} MiB each (code: {args.src or ROOT / 'src'})")
    print(
        "targets: load and recommend < 5 s and 1 GB; check-data < 60 s and 2 GB "
        f"(each command limited to {ADDRESS_SPACE // MIB:,} MB)"
    )
    with tempfile.TemporaryDirectory() as folder:
        for title, build in shape_builders(base).items():
            if args.only and args.only not in title:
                continue
            n, text = fitted(build, target)
            data = Path(folder) / "hostile.toml"
            data.write_text(text, encoding="utf-8")
            print(f"\n{title}: n = {n:,}, {shapes.size(text) / MIB:.2f} MiB")
            for name, argv in commands(data).items():
                found = run(argv, env, TIME_LIMITS[name])
                print(f"  {shown(name, found)}")
                if found.code not in (0, None) and found.last_error:
                    print(f"  {'':<11}{found.last_error}")


if __name__ == "__main__":
    main()
