"""Safe per-student report names (issue #27, item 5): an id never names a path, a device or a
hidden file; duplicates get a suffix; an empty id gives the row's name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from certadvisor.errors import OutputError
from certadvisor.io.report_names import (
    MAX_NAME_BYTES,
    ReportNames,
    check_reports_dir,
    make_reports_dir,
    safe_stem,
)


@pytest.mark.parametrize(
    ("ident", "stem"),
    [
        ("Ana Torres", "Ana-Torres"),
        ("../../etc/passwd", "etc-passwd"),
        ("/etc/passwd", "etc-passwd"),
        ("..", "row-7"),
        ("", "row-7"),
        ("   ", "row-7"),
        ('a\\b:c*d?e"f<g>h|i', "a-b-c-d-e-f-g-h-i"),
        ("tab\there\x1b[31mred", "tab-here-[31mred"),
        (".hidden", "hidden"),
        ("a...b", "a.b"),
        ("CON", "CON_"),
        ("nul.txt", "nul.txt_"),
        ("com1", "com1_"),
        ("console", "console"),
        ("Zoë", "Zoë"),
    ],
)
def test_safe_stems(ident: str, stem: str) -> None:
    assert safe_stem(ident, 7) == stem


def test_names_are_capped_in_bytes_never_inside_a_character() -> None:
    stem = safe_stem("é" * 200, 1)
    assert len(stem.encode("utf-8")) <= MAX_NAME_BYTES
    assert stem == "é" * (MAX_NAME_BYTES // 2)


def test_every_name_is_one_path_component() -> None:
    for ident in ["a/b", "a\\b", "../", "~/x", "C:\\x", "\x00", "a\nb"]:
        stem = safe_stem(ident, 1)
        assert Path(stem).name == stem
        assert stem not in ("", ".", "..")
        assert not any(char in stem for char in "/\\\x00\n")


def test_duplicates_get_suffixes_ignoring_case_and_never_collide() -> None:
    names = ReportNames()
    given = [
        names.name(ident, row) for row, ident in enumerate(["Ann", "ann", "Ann-2", "ANN", "", ""], start=2)
    ]
    assert given == ["Ann.html", "ann-2.html", "Ann-2-2.html", "ANN-3.html", "row-6.html", "row-7.html"]
    assert len({name.casefold() for name in given}) == len(given)


def test_the_folder_checks(tmp_path: Path) -> None:
    check_reports_dir(tmp_path / "new", force=False)  # made later
    with pytest.raises(OutputError, match="does not exist"):
        check_reports_dir(tmp_path / "no" / "such", force=False)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="it is not a folder"):
        check_reports_dir(tmp_path / "file", force=False)
    folder = tmp_path / "reports"
    make_reports_dir(folder)
    check_reports_dir(folder, force=False)
    (folder / "Ann.html").write_text("old")
    with pytest.raises(OutputError, match="already holds reports \\(such as Ann.html\\); use --force"):
        check_reports_dir(folder, force=False)
    check_reports_dir(folder, force=True)


def test_a_made_folder_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        make_reports_dir(tmp_path / "r")
    finally:
        os.umask(old)
    assert (tmp_path / "r").stat().st_mode & 0o777 == 0o750
