"""The advisor's batch, end to end (issue #27): a spreadsheet in; the JSON Lines stream, a results
file, a cohort summary (screen, JSON, page) and one report a student out; in input order whatever
the number of jobs; one-line fatal errors that leave nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from conftest import CLI_ENV, EnvRunner
from typer.testing import CliRunner

from certadvisor import batch
from certadvisor.cli.app import app
from certadvisor.core.engine import Engine
from certadvisor.load.csv_answers import CsvReader
from certadvisor.model.catalog import Catalog
from certadvisor.present.replay import reproduce_command
from certadvisor.present.report.html import html_report

COHORT = Path(__file__).parent / "data" / "cohort30.csv"
TODAY = dt.date(2026, 12, 7)
IDS = ["Ana Torres", "Ben Okafor", "Jamal Wright", "Xavier Ortiz", "../../etc/passwd"]


@pytest.fixture
def cli() -> CliRunner:
    return EnvRunner(env=CLI_ENV, overrides={"today": TODAY})


def results_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def test_a_csv_batch_streams_json_lines_in_order_with_row_numbers(cli: CliRunner) -> None:
    result = cli.invoke(app, ["recommend", "--batch", str(COHORT)])
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 30
    errors = [line for line in lines if "error" in line]
    assert [e["line"] for e in errors] == [11, 26]
    assert "column C (goal): 'inpatent' is not allowed" in errors[0]["error"]
    assert "Ignored columns (not questions): 'Timestamp', 'Comments'" in result.stderr
    assert "2 rows failed" in result.stderr


def test_the_results_file_one_row_a_student_in_input_order(
    cli: CliRunner, tmp_path: Path, catalog: Catalog
) -> None:
    out = tmp_path / "results.csv"
    result = cli.invoke(app, ["recommend", "--batch", str(COHORT), "--output", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""  # the rows go to the file, not the stream
    rows = results_rows(out)
    assert list(rows[0]) == [
        "id", "pick", "confidence", "runner_up", "first_step",
        "first_year_low", "first_year_high", "conflict", "error",
    ]  # fmt: skip
    with COHORT.open("rb") as handle:
        expected_ids = [row.id for row in CsvReader(catalog, handle, COHORT.name)]
    assert [row["id"] for row in rows] == expected_ids
    failed = {row["id"]: row for row in rows if row["error"]}
    assert sorted(failed) == ["Jamal Wright", "Xavier Ortiz"]
    assert failed["Jamal Wright"]["pick"] == ""
    assert rows[0]["pick"] and rows[0]["confidence"] in ("high", "medium", "low")
    assert f'see the "error" column of {out}' in result.stderr


def big_csv(tmp_path: Path) -> Path:
    """More rows than the serial threshold, so --jobs 2 really starts workers."""
    count = batch.CHUNK_LINES * (batch.SERIAL_CHUNKS + 2) + 5
    body = COHORT.read_text("utf-8-sig").splitlines(keepends=True)
    header, rows = body[0], [row for row in body[1:] if row.strip(",\r\n")]
    lines = [header] + [rows[i % 20].replace(",", f",{i}-", 1) if i % 20 else rows[0] for i in range(count)]
    path = tmp_path / "big.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_the_same_output_whatever_the_number_of_jobs(cli: CliRunner, tmp_path: Path) -> None:
    source = big_csv(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        result = cli.invoke(
            app,
            [
                "recommend",
                "--batch",
                str(source),
                "--jobs",
                jobs,
                "--output",
                str(out),
                "--summary",
                "--json",
            ],
        )
        assert result.exit_code in (0, 1), result.output
        outputs.append((out.read_bytes(), result.stdout))
    assert outputs[0] == outputs[1]


def test_the_summary_as_json_holds_no_id(cli: CliRunner) -> None:
    result = cli.invoke(app, ["recommend", "--batch", str(COHORT), "--summary", "--json"])
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert (document["students"], document["scored"], document["failed"]) == (30, 28, 2)
    for ident in IDS:
        assert ident not in result.stdout


def test_the_summary_screen(cli: CliRunner) -> None:
    result = cli.invoke(app, ["recommend", "--batch", str(COHORT), "--summary", "--no-pager"])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("Cohort summary: 30 students")
    assert "Questions most often left open" in result.stdout
    for ident in IDS:
        assert ident not in result.stdout
    # With no stream and no results file, each failed row's error is said on stderr (by row
    # number, never by id), so no failure goes unexplained.
    errors = [line for line in result.stderr.splitlines() if line.startswith("row ")]
    assert [line.split(":")[0] for line in errors] == ["row 11", "row 26"]
    assert "2 rows failed; see the errors above" in result.stderr


def test_the_summary_page_and_one_report_a_student(
    cli: CliRunner, tmp_path: Path, catalog: Catalog, engine: Engine
) -> None:
    page, reports = tmp_path / "summary.html", tmp_path / "reports"
    args = ["recommend", "--batch", str(COHORT), "--summary-report", str(page), "--reports-dir", str(reports)]
    result = cli.invoke(app, [*args, "--output", str(tmp_path / "r.csv")])
    assert result.exit_code == 1, result.output
    assert "<svg" in page.read_text("utf-8")
    names = sorted(path.name for path in reports.iterdir())
    assert len(names) == 28  # the two failed rows get none
    assert {"Ana-Torres.html", "Ana-Torres-2.html", "etc-passwd.html", "CON_.html", "row-31.html"} <= set(
        names
    )
    # The same page as `recommend --report` for the same answers.
    with COHORT.open("rb") as handle:
        first = next(iter(CsvReader(catalog, handle, "cohort30.csv")))
    assert isinstance(first.answers, dict)
    expected = html_report(catalog, engine.recommend(first.answers), TODAY, reproduce_command(first.answers))
    assert (reports / "Ana-Torres.html").read_text("utf-8") == expected
    # A second run refuses to overwrite, before any work; --force does.
    again = cli.invoke(app, [*args[:3], "--reports-dir", str(reports)])
    assert again.exit_code == 2
    assert "already holds reports" in again.stderr
    forced = cli.invoke(
        app, [*args[:3], "--reports-dir", str(reports), "--force", "--output", str(tmp_path / "f.csv")]
    )
    assert forced.exit_code == 1


def test_a_fatal_input_error_is_one_line_and_leaves_nothing(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "late.csv"
    source.write_bytes(b"goal,id\n" + b"undecided,a\n" * 300 + b"caf\xe9,b\n")
    out, page, reports = tmp_path / "out.csv", tmp_path / "s.html", tmp_path / "reports"
    result = cli.invoke(
        app,
        ["recommend", "--batch", str(source), "--output", str(out), "--summary-report", str(page),
         "--reports-dir", str(reports)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f'Error: {source}: line 302 is not UTF-8 text; save the spreadsheet as "CSV UTF-8" and try again'
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.csv"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("name,email\nx,y\n", "no column of the header row is a question"),
        ('{"goal": "undecided"}\n', "it looks like JSON"),
    ],
)
def test_whole_file_faults(cli: CliRunner, tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(text, encoding="utf-8")
    result = cli.invoke(app, ["recommend", "--batch", str(source)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_csv_on_standard_input_with_format(cli: CliRunner) -> None:
    result = cli.invoke(app, ["recommend", "--batch", "-", "--format", "csv"], input="goal\nundecided\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["recommendation"]


def test_a_json_lines_batch_can_have_the_outputs_too(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "p.jsonl"
    source.write_text('{"goal": "coding_auditor"}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = cli.invoke(app, ["recommend", "--batch", str(source), "--output", str(out)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["", ""]
    assert rows[0]["pick"] and rows[1]["error"].startswith("not valid JSON")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "goal=undecided", "--summary"], "applies only to --batch"),
        (["--set", "goal=undecided", "--output", "x.csv"], "applies only to --batch"),
        (["--batch", str(COHORT), "--json"], "applies only to --summary"),
        (["--batch", str(COHORT), "--output", "x.xlsx"], "must end in .csv (for a spreadsheet) or .jsonl"),
        (["--batch", str(COHORT), "--summary-report", "x.pdf"], "must end in .html"),
    ],
)
def test_options_that_do_not_go_together(cli: CliRunner, args: list[str], message: str) -> None:
    result = cli.invoke(app, ["recommend", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_an_existing_output_is_refused_before_any_work(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("mine")
    result = cli.invoke(app, ["recommend", "--batch", str(COHORT), "--output", str(out)])
    assert result.exit_code == 2
    assert "already exists; use --force" in result.stderr
    assert out.read_text() == "mine"


def test_the_form_command_is_registered(cli: CliRunner) -> None:
    result = cli.invoke(app, ["form", "--csv", "--ids"])
    assert result.exit_code == 0
    assert result.stdout.startswith("id,goal,")
