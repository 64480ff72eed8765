"""Rewrite every golden file from the current code: ``python -m tests.golden.regen``.

Run it from the repository root, then review ``git diff tests/golden/expected``: every change
there is a change in what a command prints. Golden files of cases that no longer exist are
removed. ``--check`` writes nothing and exits 1 if any golden file would change.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .cases import CASES, EXPECTED_DIR, capture, golden_path, read_exact, render


def regenerate(*, check: bool = False) -> list[str]:
    """Write (or, with ``check``, only compare) every golden file; return the names that changed."""
    changed: list[str] = []
    EXPECTED_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="certadvisor-golden-") as temp:
        root = Path(temp)
        cache_dir = root / "cache"
        cache_dir.mkdir()
        for number, case in enumerate(CASES):
            workdir = root / f"case-{number}"
            workdir.mkdir()
            text = render(case, capture(case, workdir, cache_dir))
            path = golden_path(case)
            old = read_exact(path) if path.exists() else None
            if old != text:
                changed.append(path.name)
                if not check:
                    path.write_text(text, encoding="utf-8", newline="")
    wanted = {golden_path(case) for case in CASES}
    for orphan in sorted(set(EXPECTED_DIR.glob("*.txt")) - wanted):
        changed.append(f"{orphan.name} (no such case)")
        if not check:
            orphan.unlink()
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = regenerate(check=check)
    verb = "would change" if check else "changed"
    print(f"{len(CASES)} cases; {len(changed)} golden files {verb}")
    for name in changed:
        print(f"  {name}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
