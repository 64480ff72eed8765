"""The advisors' batch (issue #27): CSV in and out against the same rows as JSON Lines.

Run it from the project's virtual environment (a few minutes on 2 cores):

    python bench/startup.py --advisors            # 10,000 and 40,000 rows, 500 reports, 5 runs
    python bench/startup.py --advisors --runs 9   # more runs on a noisy machine

N random valid profiles are written twice with the same answers: as JSON Lines (ids and values)
and as a CSV an advisor's form would export (a header of question texts, cells of choice labels,
an ``id`` column). For each size the commands below run round-robin, in a different order each
round, so a burst of load from elsewhere hits them alike; the figure is the median wall time of
the whole command (start-up included). Before timing, one untimed run of each checks that the CSV
and the JSON Lines give the same results file, row for row.

Peak memory is ru_maxrss from os.wait4: the largest single process among the command and the
worker processes it waited for (Linux folds a reaped child's peak into its parent's figure), not
their sum. Nothing here asserts a time: it prints, against the issue's targets.
"""

from __future__ import annotations

import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from startup import CERTADVISOR, random_profile, run_once

SIZES = (10_000, 40_000)
REPORT_ROWS = 500
TARGET_RATIO = 1.3
TARGET_REPORTS_S = 30.0
Sample = tuple[float, float]


def write_inputs(rows: int, folder: Path, seed: int) -> tuple[Path, Path]:
    """The same ``rows`` profiles as JSON Lines and as a form's CSV export, written by a child
    process: a child's ru_maxrss starts from its parent's (the pages it inherits before its exec),
    so this process keeps the catalog, and the profiles, out of its own memory."""
    jsonl, table = folder / f"class-{rows}.jsonl", folder / f"class-{rows}.csv"
    argv = [sys.executable, __file__, "--write", str(rows), str(jsonl), str(table), str(seed)]
    subprocess.run(argv, check=True)
    return jsonl, table


def _write(rows: int, jsonl: Path, table: Path, seed: int) -> None:
    from certadvisor.load.datafile import load_catalog

    catalog = load_catalog()
    rng = random.Random(seed)
    profiles = [random_profile(catalog, rng) for _ in range(rows)]
    with jsonl.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(answers) + "\n" for answers in profiles)
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *(q.text for q in catalog.questions)])
        for number, answers in enumerate(profiles, start=1):
            cells = [q.label(answers[q.id]) if q.id in answers else "" for q in catalog.questions]
            writer.writerow([f"student-{number}", *cells])


def fresh(path: Path, argv: list[str]) -> Callable[[], Sample]:
    """A command that writes ``path``, run with the file removed first (no --force needed)."""

    def run() -> Sample:
        path.unlink(missing_ok=True)
        return run_once(argv)

    return run


def same_results(jsonl: Path, table: Path, folder: Path) -> None:
    """Untimed: the CSV and the JSON Lines give the same results rows (the id column aside),
    compared row by row: the rows held at once here would swell every later child's peak."""
    outs = [folder / f"check-{source.suffix[1:]}.csv" for source in (jsonl, table)]
    for source, out in zip((jsonl, table), outs, strict=True):
        fresh(out, [CERTADVISOR, "recommend", "--batch", str(source), "--output", str(out)])()
    with (
        outs[0].open(encoding="utf-8-sig", newline="") as a,
        outs[1].open(encoding="utf-8-sig", newline="") as b,
    ):
        for left, right in zip(csv.reader(a), csv.reader(b), strict=True):
            if left[1:] != right[1:]:
                raise SystemExit(f"{table.name} and {jsonl.name} do not give the same results")
    for out in outs:
        out.unlink()


def measure(commands: dict[str, Callable[[], Sample]], runs: int) -> dict[str, list[Sample]]:
    """Each command ``runs`` times, round-robin, in a shuffled order each round."""
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(runs):
        order = list(commands)
        random.shuffle(order)
        for name in order:
            samples[name].append(commands[name]())
    return samples


def size_commands(jsonl: Path, table: Path, folder: Path) -> dict[str, Callable[[], Sample]]:
    base = [CERTADVISOR, "recommend", "--batch"]
    out, out_j = folder / "out.csv", folder / "out-from-jsonl.csv"
    return {
        "jsonl > /dev/null": lambda: run_once([*base, str(jsonl)]),
        "csv > /dev/null": lambda: run_once([*base, str(table)]),
        "csv --output out.csv": fresh(out, [*base, str(table), "--output", str(out)]),
        "jsonl --output out.csv": fresh(out_j, [*base, str(jsonl), "--output", str(out_j)]),
        "csv --summary --json": lambda: run_once([*base, str(table), "--summary", "--json"]),
    }


def report_commands(table: Path, folder: Path) -> dict[str, Callable[[], Sample]]:
    base = [CERTADVISOR, "recommend", "--batch", str(table)]
    out, reports = folder / "out-500.csv", folder / "reports"

    def with_reports() -> Sample:
        # Removed, not --force: each run writes every report anew, as an advisor's first run does.
        if reports.exists():
            for page in reports.iterdir():
                page.unlink()
            reports.rmdir()
        out.unlink(missing_ok=True)
        return run_once([*base, "--output", str(out), "--reports-dir", str(reports)])

    return {
        "csv --output out.csv": fresh(out, [*base, "--output", str(out)]),
        "... --reports-dir DIR": with_reports,
    }


def own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(samples: list[Sample]) -> float:
    return statistics.median(wall for wall, _ in samples)


def peak(samples: list[Sample]) -> float:
    return max(mb for _, mb in samples)


def print_size(rows: int, samples: dict[str, list[Sample]]) -> tuple[float, float, float]:
    """One size's table; returns the ratios of CSV to JSON Lines: CSV --output to the JSON Lines
    stream (the issue's target), and with the same output (the input's format alone): both
    streamed, both written to a results CSV."""
    floor = median(samples["jsonl > /dev/null"])
    print(f"\n{rows:,} rows{'':<22} {'median s':>9} {'min s':>7} {'x jsonl':>8} {'peak MB':>8}")
    for name, runs in samples.items():
        walls = [wall for wall, _ in runs]
        print(
            f"  {name:<28} {median(runs):9.2f} {min(walls):7.2f} {median(runs) / floor:8.2f} "
            f"{peak(runs):8.1f}"
        )
    csv_s = median(samples["csv --output out.csv"])
    return (
        csv_s / floor,
        median(samples["csv > /dev/null"]) / floor,
        csv_s / median(samples["jsonl --output out.csv"]),
    )


def run_advisors(runs: int) -> None:
    print(f"Advisors' batch (issue #27): median of {runs} interleaved runs of the whole command")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        peaks: dict[int, float] = {}
        ratios: dict[int, tuple[float, float, float]] = {}
        for rows in SIZES:
            jsonl, table = write_inputs(rows, folder, seed=rows)
            same_results(jsonl, table, folder)  # also warms the file cache
            samples = measure(size_commands(jsonl, table, folder), runs)
            ratios[rows] = print_size(rows, samples)
            peaks[rows] = max(peak(s) for s in samples.values())
            jsonl.unlink()
            table.unlink()
        _jsonl, table = write_inputs(REPORT_ROWS, folder, seed=REPORT_ROWS)
        run_once([CERTADVISOR, "recommend", "--batch", str(table), "--summary"])  # warm, untimed
        reports = measure(report_commands(table, folder), max(3, runs // 2))
        print(f"\n{REPORT_ROWS} rows, one HTML report a student")
        print(f"  (this process's own peak, the floor of every figure: {own_peak_mb():.1f} MB)")
        for name, timed in reports.items():
            print(f"  {name:<28} {median(timed):9.2f} s, peak {peak(timed):.1f} MB")
        pages = len(list((folder / "reports").iterdir()))
    print(
        f"\nTargets: CSV at most {TARGET_RATIO:g}x JSON Lines (csv / jsonl; same output: streamed, --output)"
    )
    for rows, (target, streamed, written) in ratios.items():
        print(
            f"  {rows:>6,} rows: csv --output {target:.2f}x the stream; "
            f"same output {streamed:.2f}x, {written:.2f}x"
        )
    print(
        "  peak memory flat with the row count: "
        + ", ".join(f"{rows:,} rows {mb:.1f} MB" for rows, mb in peaks.items())
    )
    seconds = median(reports["... --reports-dir DIR"])
    print(f"  {REPORT_ROWS} reports in under {TARGET_REPORTS_S:g} s: {seconds:.2f} s ({pages} pages written)")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--write", nargs=4, help=argparse.SUPPRESS)  # the inputs' child process
    args = parser.parse_args()
    if args.write:
        rows, jsonl, table, seed = args.write
        _write(int(rows), Path(jsonl), Path(table), int(seed))
    else:
        run_advisors(args.runs)
