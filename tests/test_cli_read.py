"""The read-only commands: --version, list, show and compare, as a user sees them."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from conftest import CLI_ENV, EnvRunner
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.core.compare import COST_ROWS, DIMENSIONS
from certadvisor.load.datafile import DATA_ENV, load_catalog
from certadvisor.model.schema import FACT_FIELDS, OPTIONAL_SECTIONS

# A fixed "today" for everything that depends on the date (the 18-month staleness window):
# its cutoff is 2024-12-01, so facts dated 2023-01-01 are stale and facts dated 2026 are not.
TODAY = dt.date(2026, 6, 1)
CPC_NAME = 'name = "Certified Professional Coder"'
# The shipped certifications in data-file order, with the body that runs each.
BODIES = {
    "CPC": "AAPC",
    "CCS": "AHIMA",
    "COC": "AAPC",
    "CIC": "AAPC",
    "CRC": "AAPC",
    "CCA": "AHIMA",
    "CCS-P": "AHIMA",
    "RHIT": "AHIMA",
    "CPB": "AAPC",
    "CPMA": "AAPC",
    "RHIA": "AHIMA",
    "CDIP": "AHIMA",
    "CCDS": "ACDIS",
}
CODES = list(BODIES)
RENDERED = [
    pytest.param(["list"], id="list"),
    pytest.param(["show", "CPC"], id="show-CPC"),
    pytest.param(["show", "CCS"], id="show-CCS"),
    pytest.param(["show", "CCDS"], id="show-CCDS"),
    pytest.param(["compare", "--all"], id="compare-all"),
    pytest.param(["compare"], id="compare"),
    pytest.param(["compare", "CPC", "CCS"], id="compare-CPC-CCS"),
]


@pytest.fixture
def runner() -> EnvRunner:
    """Staleness depends on today's date: every command here sees the same fixed today."""
    return EnvRunner(env=CLI_ENV, overrides={"today": TODAY})


def run(runner: CliRunner, args: list[str], **kwargs: Any) -> Result:
    result = runner.invoke(app, args, **kwargs)
    # Nothing we run here may crash with an unexpected exception (exit 1 + traceback).
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def ok(runner: CliRunner, args: list[str], **kwargs: Any) -> Result:
    result = run(runner, args, **kwargs)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def is_url_line(line: str) -> bool:
    """A line that is one URL alone (indented): printed whole, so it may pass 80 columns."""
    return re.fullmatch(r" *https?://\S+", line) is not None


def squash(text: str) -> str:
    """Collapse all whitespace, so text that rich wrapped can be searched for as a phrase."""
    return " ".join(text.split())


def table_rows(table: str) -> list[list[str]]:
    """The rows of an ASCII-bordered rich table drawn with lines between rows.

    Each row is a list of cells; a cell that rich wrapped over several lines is joined back.
    """
    rows: list[list[str]] = []
    current: list[list[str]] = []
    for line in table.splitlines():
        if line.startswith("+"):
            if current:
                rows.append([" ".join(part for part in cell if part) for cell in zip(*current, strict=True)])
            current = []
        elif line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


# ---------------------------------------------------------------------------------------------
# --version
# ---------------------------------------------------------------------------------------------


def test_version(runner: CliRunner) -> None:
    result = ok(runner, ["--version"])
    assert result.stdout == f"certadvisor {version('certadvisor')}\n"
    assert re.fullmatch(r"certadvisor \d+\.\d+\.\d+\S*\n", result.stdout)


# ---------------------------------------------------------------------------------------------
# list
# ---------------------------------------------------------------------------------------------


def list_rows(out: str) -> list[list[str]]:
    """The rendered ``list``: the header and one row per certification, cells cut at the header's
    column starts, and a cell wrapped onto further lines (which start with a space) joined back."""
    lines = out.splitlines()
    end = lines.index("")  # the hint follows a blank line
    starts = [match.start() for match in re.finditer(r"\S+", lines[0])]
    rows: list[list[str]] = []
    for line in lines[:end]:
        cells = [line[start:stop].strip() for start, stop in zip(starts, [*starts[1:], None], strict=True)]
        if line.startswith(" "):
            rows[-1] = [f"{before} {after}".strip() for before, after in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def test_list_table(runner: CliRunner) -> None:
    out = ok(runner, ["list"]).stdout
    header, *rows = list_rows(out)
    assert header == ["Code", "Name", "Body", "Focus"]
    by_code = {row[0]: row for row in rows}
    assert by_code["CPC"] == ["CPC", "Certified Professional Coder", "AAPC", "professional-fee coding"]
    assert by_code["CCS"][1:3] == ["Certified Coding Specialist", "AHIMA"]
    assert "certadvisor compare CPC CCS" in out


def test_list_json(runner: CliRunner) -> None:
    data = json.loads(ok(runner, ["list", "--json"]).stdout)
    assert data["schema_version"] == 2
    assert [c["code"] for c in data["certifications"]] == CODES
    by_code = {c["code"]: c for c in data["certifications"]}
    assert by_code["CPC"]["name"] == "Certified Professional Coder"
    assert by_code["CPC"]["body"] == "AAPC"
    assert by_code["CCS"]["body"] == "AHIMA"
    assert by_code["CCS"]["settings"] == ["hospital_inpatient", "hospital_outpatient"]
    assert len(data["certifications"]) == 13
    assert {code: c["body"] for code, c in by_code.items()} == BODIES
    assert by_code["CCDS"]["name"] == "Certified Clinical Documentation Specialist"


def test_list_table_has_every_code_with_its_body(runner: CliRunner) -> None:
    out = ok(runner, ["list"]).stdout
    _header, *rows = list_rows(out)
    assert [(row[0], row[2]) for row in rows] == list(BODIES.items())
    assert all(len(row) == 4 for row in rows)
    names = {row[0]: row[1] for row in rows}
    assert names["CPMA"] == "Certified Professional Medical Auditor"
    # 80 columns cannot hold every full name beside the focus: the longest wrap, whole.
    assert names["CCDS"] == "Certified Clinical Documentation Specialist"
    assert "…" not in out


@pytest.mark.parametrize("columns", [100, 120])
def test_list_is_one_line_per_certification(runner: CliRunner, columns: int) -> None:
    out = ok(runner, ["list"], env={"COLUMNS": str(columns)}).stdout
    lines = out.splitlines()
    assert len(lines) == 1 + len(CODES) + 2  # header, one per certification, blank, hint
    assert [line.split()[0] for line in lines[1 : 1 + len(CODES)]] == CODES
    assert max(cell_len(line) for line in lines) <= columns
    if columns >= 100:
        assert "Certified Clinical Documentation Specialist" in out


def test_list_json_has_the_short_focus(runner: CliRunner) -> None:
    data = json.loads(ok(runner, ["list", "--json"]).stdout)
    by_code = {c["code"]: c for c in data["certifications"]}
    assert by_code["CPC"]["short"] == "professional-fee coding"
    assert all(0 < len(c["short"]) <= 40 for c in data["certifications"])
    assert "setting_focus" in by_code["CPC"] and "summary" in by_code["CPC"]


# ---------------------------------------------------------------------------------------------
# show
# ---------------------------------------------------------------------------------------------


def test_show_table(runner: CliRunner) -> None:
    out = ok(runner, ["show", "CPC"]).stdout
    flat = squash(out)
    assert "CPC Certified Professional Coder" in flat
    assert "240 minutes (4 hours)" in flat
    assert "$399–$425 (unsettled range)" in flat
    assert "Sources" in out.splitlines()
    assert "https://www.aapc.com/certification/cpc/" in [line.strip() for line in out.splitlines()]
    # Each fact says what was read and when it was compared, never a bare "checked".
    # At 80 columns the evidence is under the value, in the same cell.
    cells = {row[0]: row[-1] for row in table_rows(out)[1:]}
    assert cells["Exam time"] == "240 minutes (4 hours) [3] AAPC page, undated copy, compared 29 Nov 2026 †"
    implied = "[2] AAPC page, undated copy (content implies 2018), compared 29 Nov 2026 †"
    assert cells["Code sets tested"].endswith(implied)
    assert "checked" not in flat
    # Undated copies are due at once: marked, with the legend and the line on copies.
    assert "† due for a re-read: its evidence is undated" in flat
    assert "Facts come from copies of web pages, not the live sites" in flat


def test_show_marks_facts_past_their_window(runner: CliRunner, aged_data: Path) -> None:
    out = ok(runner, ["show", "CPC", "--data", str(aged_data)]).stdout
    flat = squash(out)
    # AAPC's book rules, implied 2026, moved back to 2024: past their 24 months now.
    cells = {row[0]: row[-1] for row in table_rows(out)[1:]}
    evidence = "[4] AAPC page, undated copy (content implies 2024), compared 29 Nov 2024 †"
    assert cells["Open book"] == f"Yes {evidence}"
    assert "due for a re-read: its evidence is undated, older than" in flat


def test_show_is_case_insensitive(runner: CliRunner) -> None:
    upper = ok(runner, ["show", "CPC"]).stdout
    lower = ok(runner, ["show", "cpc"]).stdout
    assert lower == upper


def test_show_json_groups_facts_by_section_with_sources(runner: CliRunner) -> None:
    data = json.loads(ok(runner, ["show", "CPC", "--json"]).stdout)
    assert data["schema_version"] == 2
    assert data["code"] == "CPC"
    assert data["body"]["code"] == "AAPC"
    facts = data["facts"]
    # Every shipped cert records costs and time; the hiring facts are optional.
    assert [*FACT_FIELDS, "costs", "time"] == [s for s in facts if s != "hiring"]
    assert set(facts) <= {*FACT_FIELDS, *OPTIONAL_SECTIONS}
    for section, fields in FACT_FIELDS.items():
        assert set(fields) <= set(facts[section]), section
        for name, fact in facts[section].items():
            where = f"{section}.{name}"
            assert fact["source"]["url"].startswith("https://"), where
            assert fact["evidence"]["compared_on"] in ("2026-11-29", "2026-12-07"), where
            assert not {"checked", "stated", "possibly_out_of_date"} & set(fact), where
    assert facts["exam"]["minutes"]["value"] == 240
    books = facts["exam"]["books"]  # an undated AAPC page whose content implies 2026
    assert books["evidence"]["date"] == "2026" and books["evidence"]["date_basis"] == "content"
    assert books["recheck_due"] == "2028-01-01"  # exam rules: 24 months from the start of 2026
    fee = facts["fees"]["exam_member"]
    assert fee["status"] == "range"
    assert fee["value"] == {"low": 399, "high": 425}
    assert fee["recheck_due"] is None and fee["due_for_recheck"]  # a third party's price: due now
    assert fee["evidence"]["kind"] == "third-party"
    assert fee["note"]
    assert facts["fees"]["exam_member_two_attempts"]["value"] == 499


def test_show_ccds_names_its_body(runner: CliRunner) -> None:
    out = ok(runner, ["show", "CCDS"]).stdout
    flat = squash(out)
    assert "CCDS Certified Clinical Documentation Specialist" in flat
    assert "ACDIS (Association of Clinical Documentation Integrity Specialists)" in flat
    assert "Sources" in out.splitlines()
    assert ok(runner, ["show", "ccds"]).stdout == out


def test_show_ccds_json(runner: CliRunner) -> None:
    data = json.loads(ok(runner, ["show", "CCDS", "--json"]).stdout)
    assert data["code"] == "CCDS"
    assert data["name"] == "Certified Clinical Documentation Specialist"
    assert data["body"]["code"] == "ACDIS"
    assert data["body"]["website"] == "https://acdis.org"
    assert [*FACT_FIELDS, "costs", "time"] == [s for s in data["facts"] if s != "hiring"]
    for section, fields in FACT_FIELDS.items():
        assert set(fields) <= set(data["facts"][section]), section


@pytest.mark.parametrize("code", ["CPB", "CPMA", "RHIA", "CDIP"])
def test_show_each_new_credential(runner: CliRunner, code: str) -> None:
    data = json.loads(ok(runner, ["show", code.lower(), "--json"]).stdout)
    assert data["code"] == code
    assert data["body"]["code"] == BODIES[code]
    assert squash(ok(runner, ["show", code]).stdout).startswith(f"+- {code} {data['name']}")


def test_show_unknown_code(runner: CliRunner) -> None:
    result = run(runner, ["show", "CSS"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'CSS'" in result.stderr
    assert "did you mean CCS?" in result.stderr


# ---------------------------------------------------------------------------------------------
# compare
# ---------------------------------------------------------------------------------------------


def test_compare_defaults_to_cpc_and_ccs(runner: CliRunner) -> None:
    data = json.loads(ok(runner, ["compare", "--json"]).stdout)
    assert [c["code"] for c in data["certifications"]] == ["CPC", "CCS"]
    assert ok(runner, ["compare"]).stdout == ok(runner, ["compare", "CPC", "CCS"]).stdout


def test_compare_table_has_every_dimension_in_order(runner: CliRunner) -> None:
    out = ok(runner, ["compare", "CPC", "CCS"]).stdout
    header, *rows = table_rows(out)
    assert header == ["", "CPC", "CCS"]
    assert [row[0] for row in rows] == [
        "Name",
        *(label for _, label in DIMENSIONS),
        *(label for _key, label, _line in COST_ROWS),
    ]
    assert rows[0][1:] == ["Certified Professional Coder", "Certified Coding Specialist"]
    cells = {row[0]: row[1:] for row in rows}
    assert re.fullmatch(r"240 minutes \(4 hours\) \[\d+\]( †)?", cells["Exam time"][0])
    assert re.fullmatch(r"240 minutes \(4 hours\) \[\d+\]( †)?", cells["Exam time"][1])
    assert cells["Membership dues (yearly)"][1].startswith("Unknown [")


def test_compare_table_lists_sources_and_the_stale_legend(runner: CliRunner, aged_data: Path) -> None:
    out = ok(runner, ["compare", "CPC", "CCS", "--data", str(aged_data)]).stdout
    lines = [line.strip() for line in out.splitlines()]
    assert "Sources" in lines
    listing = lines[lines.index("Sources") + 1 :]
    catalog = load_catalog(aged_data)
    sources = {}
    for code in ("CPC", "CCS"):
        cert = catalog.certs[code]
        sources[cert.body.source.id] = cert.body.source
        sources.update((fact.source.id, fact.source) for fact in cert.facts.values())
    numbered = [line for line in listing if re.match(r"\[\d+\] ", line)]
    assert len(numbered) == len(sources)
    # Whitespace removed, so the check holds whether or not a long URL is folded over lines.
    joined = "".join("".join(listing).split())
    missing = sorted(s.url for s in sources.values() if s.url not in joined)
    assert not missing, f"source URLs not listed: {missing}"
    flat = squash(out)
    assert "† due for a re-read: its evidence is undated, older than such facts stay reliable" in flat
    assert "†" in out.split("Sources")[0]  # stale cells carry the mark in the table itself


def test_compare_has_the_hiring_rows(runner: CliRunner) -> None:
    """A pass rate where a body publishes one (with its population, year and counter), and the
    body's own note where it does not; what counts as experience, per credential."""
    _header, *rows = table_rows(ok(runner, ["compare", "CPC", "CCA"]).stdout)
    cells = {row[0]: row[1:] for row in rows}
    cpc, cca = cells["First-time pass rate"]
    assert cpc.startswith("Unknown [") and "AAPC does not publish pass rates" in cpc
    assert cca.startswith("70% of 2,261 first-time testers in the US and Canada (2022, AHIMA) [")
    experience = cells["What counts as experience"]
    assert all(cell and not cell.startswith("Not recorded") for cell in experience)
    data = json.loads(ok(runner, ["compare", "CPC", "CCA", "--json"]).stdout)
    rate = data["certifications"][1]["facts"]["hiring"]["pass_rate"]
    assert (rate["value"], rate["year"], rate["statistic"]) == (70, 2022, "pass_rate")
    assert rate["survey"] == "2,261 first-time testers in the US and Canada"


def test_compare_says_when_an_optional_row_is_not_recorded(
    runner: CliRunner, make_data: Callable[..., Path]
) -> None:
    text = load_catalog().path.read_text(encoding="utf-8")
    prefix = 'pass_rate = { status = "unknown", source = "aapc-coc"'
    line = next(line for line in text.splitlines() if line.startswith(prefix))
    data = make_data((line + "\n", ""))
    _header, *rows = table_rows(ok(runner, ["compare", "COC", "CCS", "--data", str(data)]).stdout)
    assert {row[0]: row[1:] for row in rows}["First-time pass rate"][0] == "Not recorded"


def test_show_has_a_getting_hired_section(runner: CliRunner) -> None:
    out = ok(runner, ["show", "CPC"]).stdout
    assert "Getting hired" in out.splitlines()
    _header, *rows = table_rows(out.split("\nGetting hired\n", 1)[1])
    cells = {row[0]: row[1:] for row in rows}
    assert cells["First-time pass rate"][0].startswith("Unknown AAPC does not publish pass rates")
    assert "What counts as experience" in cells
    data = json.loads(ok(runner, ["show", "CPC", "--json"]).stdout)
    hired = data["getting_hired"]
    assert hired["code"] == "CPC" and hired["remote_line"] is None
    facts = {f["key"]: f for s in hired["sections"] for f in s["facts"]}
    rate = facts["hiring.pass_rate"]
    assert rate["status"] == "unknown" and rate["value"] is None
    assert rate["text"].startswith("AAPC does not publish pass rates")
    assert rate["source"]["url"].startswith("https://") and rate["evidence"]["summary"]
    assert "hiring.experience_counts" in facts


def test_compare_json(runner: CliRunner) -> None:
    data = json.loads(ok(runner, ["compare", "CPC", "CCS", "--json"]).stdout)
    assert data["schema_version"] == 2
    assert data["freshness_months"]["fees"] == 12
    certs = data["certifications"]
    assert [c["code"] for c in certs] == ["CPC", "CCS"]
    ccs = certs[1]
    assert ccs["facts"]["exam"]["minutes"]["value"] == 240
    assert ccs["facts"]["fees"]["membership_dues"]["status"] == "unknown"
    assert ccs["facts"]["fees"]["membership_dues"]["value"] is None


def test_compare_all_json_has_the_13_certifications(runner: CliRunner) -> None:
    data = json.loads(ok(runner, ["compare", "--all", "--json"]).stdout)
    certs = data["certifications"]
    assert len(certs) == 13
    assert [c["code"] for c in certs] == CODES
    assert {c["code"]: c["body"]["code"] for c in certs} == BODIES


def test_compare_codes_are_case_insensitive(runner: CliRunner) -> None:
    data = json.loads(ok(runner, ["compare", "ccs", "Cpc", "--json"]).stdout)
    assert [c["code"] for c in data["certifications"]] == ["CCS", "CPC"]


def test_compare_unknown_code(runner: CliRunner) -> None:
    result = run(runner, ["compare", "CPC", "CSS"])
    assert result.exit_code == 2
    assert result.stdout == ""
    err = result.stderr
    assert err.startswith("Error: ")
    assert "'CSS'" in err
    assert f"known codes: {', '.join(CODES)}" in err
    assert "did you mean CCS?" in err
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------
# Rendering: 80 columns, no escape codes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", RENDERED)
def test_rendered_lines_fit_80_columns(runner: CliRunner, args: list[str]) -> None:
    out = ok(runner, args).stdout
    assert out.strip()
    # A URL is never cut: it stands alone on its line, however long.
    wide = [
        (cell_len(line), line) for line in out.splitlines() if cell_len(line) > 80 and not is_url_line(line)
    ]
    assert not wide, "lines wider than 80 columns:\n" + "\n".join(f"{n}: {s}" for n, s in wide)


@pytest.mark.parametrize("args", RENDERED)
@pytest.mark.parametrize(
    "env",
    [
        pytest.param({}, id="NO_COLOR"),
        pytest.param({"NO_COLOR": None, "TERM": "xterm-256color"}, id="colour-terminal-type"),
    ],
)
def test_no_escape_codes_when_not_a_terminal(
    runner: CliRunner, args: list[str], env: dict[str, str | None]
) -> None:
    result = ok(runner, args, env=env)
    assert "\x1b" not in result.output


# ---------------------------------------------------------------------------------------------
# Choosing the data file: --data, $CERTADVISOR_DATA, and a bad file
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def renamed(make_data: Callable[..., Path]) -> Callable[[str], Path]:
    """A copy of the shipped data in which CPC is called ``name``."""

    def make(name: str) -> Path:
        return make_data((CPC_NAME, f'name = "{name}"'), name=f"{name.replace(' ', '-')}.toml")

    return make


def cpc_name(runner: CliRunner, args: list[str], env: Mapping[str, str | None]) -> str:
    data = json.loads(ok(runner, ["show", "CPC", "--json", *args], env=env).stdout)
    name = data["name"]
    assert isinstance(name, str)
    return name


def test_data_option(runner: CliRunner, renamed: Callable[[str], Path]) -> None:
    path = renamed("Coder From Option")
    assert cpc_name(runner, ["--data", str(path)], {}) == "Coder From Option"
    out = ok(runner, ["list", "--data", str(path)]).stdout
    assert "Coder From Option" in squash(out)


def test_data_env(runner: CliRunner, renamed: Callable[[str], Path]) -> None:
    path = renamed("Coder From Env")
    assert cpc_name(runner, [], {DATA_ENV: str(path)}) == "Coder From Env"
    out = ok(runner, ["compare", "CPC", "CCS"], env={DATA_ENV: str(path)}).stdout
    assert "Coder From Env" in squash(out)


def test_data_option_wins_over_env(runner: CliRunner, renamed: Callable[[str], Path]) -> None:
    from_env = renamed("Coder From Env")
    from_option = renamed("Coder From Option")
    env = {DATA_ENV: str(from_env)}
    assert cpc_name(runner, ["--data", str(from_option)], env) == "Coder From Option"


def test_blank_env_means_the_shipped_data(runner: CliRunner) -> None:
    assert cpc_name(runner, [], {DATA_ENV: "  "}) == "Certified Professional Coder"


BAD_DATA = [
    pytest.param(
        (
            'minutes = { value = 240, source = "mbc-ccs"',
            'minutes = { value = "four", source = "mbc-ccs"',
        ),
        'certs.CCS.exam.minutes: expected an integer, got "four"',
        id="wrong-type",
    ),
    pytest.param(
        (
            'minutes = { value = 240, source = "mbc-ccs"',
            'minutes = { value = 240 source = "mbc-ccs"',
        ),
        "not valid TOML",
        id="malformed-toml",
    ),
]


@pytest.mark.parametrize(("replacement", "expected"), BAD_DATA)
@pytest.mark.parametrize("via", ["option", "env"])
@pytest.mark.parametrize("args", [["list"], ["show", "CPC", "--json"], ["compare"]])
def test_bad_data_file_is_a_clean_usage_error(
    runner: CliRunner,
    make_data: Callable[..., Path],
    replacement: tuple[str, str],
    expected: str,
    via: str,
    args: list[str],
) -> None:
    path = make_data(replacement)
    if via == "option":
        result = run(runner, [*args, "--data", str(path)])
    else:
        result = run(runner, args, env={DATA_ENV: str(path)})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: ")
    assert expected in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("via", ["option", "env"])
def test_missing_data_file(runner: CliRunner, tmp_path: Path, via: str) -> None:
    path = tmp_path / "missing.toml"
    if via == "option":
        result = run(runner, ["compare", "--data", str(path)])
    else:
        result = run(runner, ["compare"], env={DATA_ENV: str(path)})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {path}: data file not found\n"


def test_data_option_rejects_a_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, ["list", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "directory" in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------
# The real process: python -m certadvisor, and a reader that goes away early
# ---------------------------------------------------------------------------------------------


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != DATA_ENV}
    env.update(COLUMNS="80", NO_COLOR="1")
    return env


def test_python_m_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "certadvisor", "--version"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"certadvisor {version('certadvisor')}\n"
    assert proc.stderr == ""


@pytest.mark.parametrize(
    ("args", "reader"),
    [
        pytest.param("compare CPC CCS --json", "head -c 20", id="json-head"),
        pytest.param("compare CPC CCS", "head -c 20", id="table-head"),
        # `true` exits without reading, so the first write hits a closed pipe.
        pytest.param("compare CPC CCS --json", "true", id="json-closed"),
        pytest.param("show CCS", "true", id="table-closed"),
    ],
)
def test_closed_pipe_is_quiet(args: str, reader: str) -> None:
    command = f"{shlex.quote(sys.executable)} -m certadvisor {args} | {reader}"
    proc = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr
    assert stderr == ""
    if reader.startswith("head"):
        assert len(proc.stdout) == 20
        if "--json" in args:
            assert proc.stdout.startswith(b'{\n  "schema_version"')
