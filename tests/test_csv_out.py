"""The results file (issue #27, item 2): one row a student as CSV (for a spreadsheet) or JSON
Lines, written atomically: nothing left by a run that fails, nothing replaced without force,
the umask followed."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from certadvisor.errors import OutputError
from certadvisor.io.csv_out import check_results_name, results_file, safe_cell

COLUMNS = ("id", "pick", "first_year_low", "error")


def test_csv_is_excel_friendly(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with results_file(path, COLUMNS, force=False) as out:
        out.write(("Ana, Torres", "CPC", 1200, ""))
        out.write(('two\nlines "quoted"', "", None, "column B (goal): 'x' is not allowed"))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,pick,first_year_low,error\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [
        list(COLUMNS),
        ["Ana, Torres", "CPC", "1200", ""],
        ['two\nlines "quoted"', "", "", "column B (goal): 'x' is not allowed"],
    ]
    assert out.rows == 2


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-5", "-5"),
        ("+44", "+44"),
        ("Ann", "Ann"),
        (None, ""),
        (12, "12"),
    ],
)
def test_formula_like_text_is_made_plain(cell: str | int | None, written: str) -> None:
    assert safe_cell(cell) == written


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with results_file(path, COLUMNS, force=False) as out:
        out.write(("Zoë", "CCS", 900, ""))
        out.write(("=x", None, None, "bad"))
    lines = path.read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"id": "Zoë", "pick": "CCS", "first_year_low": 900, "error": ""},
        {"id": "=x", "pick": None, "first_year_low": None, "error": "bad"},
    ]
    assert "Zoë" in lines[0]


def test_a_failed_run_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), results_file(path, COLUMNS, force=False) as out:
        out.write(("a", "CPC", 1, ""))
        raise RuntimeError("a fatal input error midway")
    assert list(tmp_path.iterdir()) == []


def test_never_replaced_without_force_and_replaced_keeping_its_mode_with_it(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    with (
        pytest.raises(OutputError, match="already exists; use --force"),
        results_file(path, COLUMNS, force=False),
    ):
        pass
    assert path.read_text() == "old"
    path.chmod(0o600)
    with results_file(path, COLUMNS, force=True) as out:
        out.write(("a", "CPC", 1, ""))
    assert path.read_text("utf-8-sig").startswith("id,pick")
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_file_made_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with pytest.raises(OutputError, match="already exists"), results_file(path, COLUMNS, force=False) as out:
        out.write(("a", "CPC", 1, ""))
        path.write_text("another run's")
    assert path.read_text() == "another run's"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        with results_file(tmp_path / "out.jsonl", COLUMNS, force=False):
            pass
    finally:
        os.umask(old)
    assert (tmp_path / "out.jsonl").stat().st_mode & 0o777 == 0o600


def test_the_format_comes_from_the_name(tmp_path: Path) -> None:
    check_results_name(tmp_path / "x.CSV")
    with pytest.raises(OutputError, match="must end in .csv .* or .jsonl"):
        check_results_name(tmp_path / "x.xlsx")


def test_a_row_of_the_wrong_width_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError), results_file(tmp_path / "x.csv", COLUMNS, force=False) as out:
        out.write(("only one",))
