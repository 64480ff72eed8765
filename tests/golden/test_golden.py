"""Golden outputs: every command's stdout, stderr, exit code (and report file), byte for byte.

The cases and the harness are in ``cases.py``; the frozen outputs in ``expected/``. After an
intended change of output, regenerate them all from the repository root with

    python -m tests.golden.regen

and review ``git diff tests/golden/expected`` before committing.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from .cases import CASES, EXPECTED_DIR, REGENERATE, Case, capture, golden_path, read_exact, render

DIFF_LINES = 80


@pytest.fixture(scope="module")
def golden_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One catalog cache for every case, as one user's machine would have."""
    return tmp_path_factory.mktemp("golden-cache")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden(case: Case, tmp_path: Path, golden_cache: Path) -> None:
    outcome = capture(case, tmp_path, golden_cache)  # also checks JSON parses, errors fail
    actual = render(case, outcome)
    path = golden_path(case)
    if not path.exists():
        pytest.fail(f"no golden file {path}; create it with: {REGENERATE}")
    expected = read_exact(path)
    if actual != expected:
        diff = list(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"expected/{path.name}",
                tofile="actual",
            )
        )
        shown = "".join(diff[:DIFF_LINES])
        more = f"\n... {len(diff) - DIFF_LINES} more diff lines" if len(diff) > DIFF_LINES else ""
        pytest.fail(
            f"output of `{case.name}` differs from {path}:\n{shown}{more}\n"
            f"If the change is intended, regenerate every golden file with `{REGENERATE}` "
            "(from the repository root) and review `git diff tests/golden/expected`.",
            pytrace=False,
        )


def test_no_orphan_golden_files() -> None:
    """Every golden file belongs to a case (a renamed case leaves none behind)."""
    wanted = {golden_path(case).name for case in CASES}
    orphans = sorted(path.name for path in EXPECTED_DIR.glob("*.txt") if path.name not in wanted)
    assert not orphans, f"golden files without a case: {orphans}; remove them with `{REGENERATE}`"


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
