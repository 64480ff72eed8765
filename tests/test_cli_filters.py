"""``list --body/--setting`` and ``compare --all``: filtering, clear errors for unknown filters,
and comparisons too wide for 80 columns split into groups."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import error_message
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.core.compare import COST_ROWS, DIMENSIONS
from certadvisor.load.datafile import load_catalog

# The shipped certifications in data-file order.
CODES = ["CPC", "CCS", "COC", "CIC", "CRC", "CCA", "CCS-P", "RHIT", "CPB", "CPMA", "RHIA", "CDIP", "CCDS"]
AAPC = ["CPC", "COC", "CIC", "CRC", "CPB", "CPMA"]
AHIMA = ["CCS", "CCA", "CCS-P", "RHIT", "RHIA", "CDIP"]
ACDIS = ["CCDS"]
COC_SETTINGS = 'settings = ["hospital_outpatient", "ambulatory_surgery"]'
ALLOWED_SETTINGS = (
    "inpatient, outpatient, physician, billing, auditing, clinical_documentation, "
    "hospital_inpatient, hospital_outpatient, ambulatory_surgery, payer, risk_adjustment or "
    "health_information"
)


def invoke(runner: CliRunner, args: list[str], **kwargs: Any) -> Result:
    result = runner.invoke(app, args, **kwargs)
    # Nothing here may crash with an unexpected exception (exit 1 and a traceback).
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stderr
    return result


def ok(runner: CliRunner, args: list[str], **kwargs: Any) -> Result:
    result = invoke(runner, args, **kwargs)
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert result.stderr == ""
    return result


def usage_error(runner: CliRunner, args: list[str], *fragments: str) -> str:
    """Exit 2, nothing on stdout, one 'Error:' message on stderr naming every fragment."""
    result = invoke(runner, args)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    error_message(result.stderr)
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    return result.stderr


def listed(runner: CliRunner, *args: str) -> list[str]:
    """The codes ``list --json`` prints for these options, in output order."""
    document = json.loads(ok(runner, ["list", *args, "--json"]).stdout)
    return [cert["code"] for cert in document["certifications"]]


def table_codes(out: str) -> list[str]:
    """The codes that start the rows of the rendered ``list`` (one line each, then a blank)."""
    lines = out.splitlines()
    return [line.split()[0] for line in lines[1 : lines.index("")]]  # skip the "Code" header


def header_codes(table: str) -> list[str]:
    """The codes heading the columns of the first comparison table in ``table``.

    A header cell is "CODE" over the name; rich aligns header cells to the bottom, so each
    column's code is its first non-blank line in the header block.
    """
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("+")) + 1
    block: list[list[str]] = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        block.append([cell.strip() for cell in line.strip("|").split("|")])
    columns = list(zip(*block, strict=True))[1:]  # the first column holds the row labels
    return [next(cell for cell in column if cell) for column in columns]


def row_labels(table: str) -> list[str]:
    """The first-column labels of the body rows of the first table in ``table`` (wraps joined)."""
    rows: list[list[str]] = []
    borders = 0
    for line in table.splitlines():
        if line.startswith("+"):
            borders += 1
            rows.append([])
        elif line.startswith("|") and borders >= 2:
            rows[-1].append(line.strip("|").split("|")[0].strip())
        elif borders and not line.startswith("|"):
            break
    return [" ".join(part for part in row if part) for row in rows if row]


def wide_lines(out: str) -> list[tuple[int, str]]:
    """Lines past 80 columns, except a URL alone on its line (never cut, however long)."""
    return [
        (cell_len(line), line)
        for line in out.splitlines()
        if cell_len(line) > 80 and re.fullmatch(r" *https?://\S+", line) is None
    ]


# ---------------------------------------------------------------------------------------------
# list --body
# ---------------------------------------------------------------------------------------------


def test_list_without_filters_lists_everything(runner: CliRunner) -> None:
    assert listed(runner) == CODES


@pytest.mark.parametrize("body", ["AAPC", "aapc", "Aapc", " aapc "])
def test_list_body_aapc(runner: CliRunner, body: str) -> None:
    assert listed(runner, "--body", body) == AAPC


@pytest.mark.parametrize("body", ["AHIMA", "ahima"])
def test_list_body_ahima(runner: CliRunner, body: str) -> None:
    assert listed(runner, "--body", body) == AHIMA


@pytest.mark.parametrize("body", ["ACDIS", "acdis"])
def test_list_body_acdis(runner: CliRunner, body: str) -> None:
    assert listed(runner, "--body", body) == ACDIS


def test_list_body_json_reports_each_body(runner: CliRunner) -> None:
    document = json.loads(ok(runner, ["list", "--body", "AHIMA", "--json"]).stdout)
    assert {cert["body"] for cert in document["certifications"]} == {"AHIMA"}


def test_list_body_rendered_table(runner: CliRunner) -> None:
    out = ok(runner, ["list", "--body", "AAPC"]).stdout
    assert table_codes(out) == AAPC
    assert not wide_lines(out)


def test_list_unknown_body_suggests_the_closest(runner: CliRunner) -> None:
    err = usage_error(runner, ["list", "--body", "AHMA"], "'AHMA'", "did you mean AHIMA?", "AAPC", "AHIMA")
    assert "known: AAPC, AHIMA or ACDIS" in err


def test_list_unknown_body_without_a_close_match(runner: CliRunner) -> None:
    err = usage_error(runner, ["list", "--body", "XYZ"], "'XYZ'", "known: AAPC, AHIMA or ACDIS")
    assert "did you mean" not in err


def test_list_unknown_body_with_json_is_still_an_error(runner: CliRunner) -> None:
    usage_error(runner, ["list", "--body", "AHMA", "--json"], "did you mean AHIMA?")


# ---------------------------------------------------------------------------------------------
# list --setting
# ---------------------------------------------------------------------------------------------


def test_list_setting_inpatient(runner: CliRunner) -> None:
    codes = listed(runner, "--setting", "inpatient")
    assert "CCS" in codes and "CIC" in codes
    assert "CPC" not in codes
    # Exactly the certifications tagged hospital_inpatient, in data-file order. The CDI
    # credentials are tagged by their own kind of work (clinical_documentation) only.
    assert codes == ["CCS", "CIC", "CCA"]
    assert "CDIP" not in codes and "CCDS" not in codes


def test_list_setting_outpatient(runner: CliRunner) -> None:
    codes = listed(runner, "--setting", "outpatient")
    assert "CPC" in codes and "COC" in codes
    assert "CIC" not in codes and "CRC" not in codes and "RHIT" not in codes
    # physician, hospital_outpatient or ambulatory_surgery. CPB (billing) and CPMA (auditing)
    # are tagged by their own kind of work only.
    assert codes == ["CPC", "CCS", "COC", "CCA", "CCS-P"]
    assert "CPB" not in codes and "CPMA" not in codes


def test_list_setting_outpatient_covers_each_outpatient_tag(
    runner: CliRunner, make_data: Callable[..., Path]
) -> None:
    """``outpatient`` means physician, hospital_outpatient or ambulatory_surgery, each alone."""
    for tag in ("physician", "hospital_outpatient", "ambulatory_surgery"):
        path = make_data((COC_SETTINGS, f'settings = ["{tag}"]'), name=f"{tag}.toml")
        assert "COC" in listed(runner, "--setting", "outpatient", "--data", str(path)), tag
        assert "COC" not in listed(runner, "--setting", "inpatient", "--data", str(path)), tag
    path = make_data((COC_SETTINGS, 'settings = ["payer"]'), name="payer.toml")
    assert "COC" not in listed(runner, "--setting", "outpatient", "--data", str(path))


def test_list_setting_payer(runner: CliRunner) -> None:
    codes = listed(runner, "--setting", "payer")
    assert codes == ["CRC"]


@pytest.mark.parametrize(
    ("setting", "codes"),
    [
        ("physician", ["CPC", "CCA", "CCS-P"]),
        ("ambulatory_surgery", ["COC"]),
        ("health_information", ["RHIT", "RHIA"]),
        ("hospital_inpatient", ["CCS", "CIC", "CCA"]),
        ("clinical_documentation", ["CDIP", "CCDS"]),
        ("billing", ["CPB"]),
        ("auditing", ["CPMA"]),
    ],
)
def test_list_setting_data_tags(runner: CliRunner, setting: str, codes: list[str]) -> None:
    assert listed(runner, "--setting", setting) == codes


def test_list_setting_matches_the_data_tags(runner: CliRunner) -> None:
    """Every tag used in the data filters to exactly the certifications that carry it."""
    catalog = load_catalog()
    tags = sorted({tag for cert in catalog.certs.values() for tag in cert.settings})
    assert tags
    for tag in tags:
        expected = [code for code, cert in catalog.certs.items() if tag in cert.settings]
        assert listed(runner, "--setting", tag) == expected, tag


@pytest.mark.parametrize(
    "setting", ["risk-adjustment", "risk_adjustment", "Risk-Adjustment", "RISK_ADJUSTMENT"]
)
def test_list_setting_spellings(runner: CliRunner, setting: str) -> None:
    assert listed(runner, "--setting", setting) == ["CRC"]


def test_list_setting_hyphen_is_the_same_as_underscore(runner: CliRunner) -> None:
    assert listed(runner, "--setting", "hospital-outpatient") == listed(
        runner, "--setting", "hospital_outpatient"
    )


def test_list_unknown_setting_suggests_the_closest(runner: CliRunner) -> None:
    err = usage_error(
        runner, ["list", "--setting", "outpatent"], "'outpatent'", "did you mean outpatient?", "allowed: "
    )
    assert ALLOWED_SETTINGS in err


def test_list_setting_rendered_table(runner: CliRunner) -> None:
    out = ok(runner, ["list", "--setting", "inpatient"]).stdout
    assert table_codes(out) == ["CCS", "CIC", "CCA"]
    assert not wide_lines(out)


# ---------------------------------------------------------------------------------------------
# list --body and --setting together
# ---------------------------------------------------------------------------------------------


def test_list_body_and_setting_combine(runner: CliRunner) -> None:
    assert listed(runner, "--body", "AAPC", "--setting", "inpatient") == ["CIC"]
    assert listed(runner, "--body", "AHIMA", "--setting", "inpatient") == ["CCS", "CCA"]
    # ACDIS's only credential is tagged clinical_documentation, not inpatient.
    assert listed(runner, "--body", "ACDIS", "--setting", "inpatient") == []
    assert listed(runner, "--body", "ACDIS", "--setting", "clinical_documentation") == ["CCDS"]
    assert listed(runner, "--setting", "outpatient", "--body", "ahima") == ["CCS", "CCA", "CCS-P"]


def test_list_body_and_setting_rendered(runner: CliRunner) -> None:
    out = ok(runner, ["list", "--body", "AAPC", "--setting", "inpatient"]).stdout
    assert table_codes(out) == ["CIC"]


def test_list_filters_matching_nothing(runner: CliRunner) -> None:
    assert listed(runner, "--body", "AAPC", "--setting", "health_information") == []


def test_list_combined_filters_report_the_bad_one(runner: CliRunner) -> None:
    usage_error(runner, ["list", "--body", "AAPC", "--setting", "outpatent"], "--setting", "outpatient?")
    usage_error(runner, ["list", "--body", "AHMA", "--setting", "inpatient"], "--body", "AHIMA?")


# ---------------------------------------------------------------------------------------------
# compare --all
# ---------------------------------------------------------------------------------------------


def test_compare_all_json_has_every_code_in_data_order(runner: CliRunner) -> None:
    document = json.loads(ok(runner, ["compare", "--all", "--json"]).stdout)
    assert [cert["code"] for cert in document["certifications"]] == CODES


def test_compare_all_opens_on_a_digest_and_leaves_the_table_to_full(runner: CliRunner) -> None:
    out = ok(runner, ["compare", "--all"]).stdout
    assert not wide_lines(out)
    assert not [line for line in out.splitlines() if line.startswith("Certifications ")]
    assert "--full" in out
    for code in ("CPC", "CCS", "CDIP", "CCDS"):
        assert re.search(rf"^\W*{re.escape(code)} ", out, re.MULTILINE), code
    refused = runner.invoke(app, ["compare", "CPC", "CCS", "--full"])
    assert refused.exit_code == 2
    assert "--full" in refused.stderr


def test_compare_all_rendered_in_groups_of_80_columns(runner: CliRunner) -> None:
    out = ok(runner, ["compare", "--all", "--full"]).stdout
    wide = wide_lines(out)
    assert not wide, "lines wider than 80 columns:\n" + "\n".join(f"{n}: {s}" for n, s in wide)
    headers = [line for line in out.splitlines() if line.startswith("Certifications ")]
    assert headers == [
        "Certifications 1-2 of 13: CPC, CCS",
        "Certifications 3-4 of 13: COC, CIC",
        "Certifications 5-6 of 13: CRC, CCA",
        "Certifications 7-8 of 13: CCS-P, RHIT",
        "Certifications 9-10 of 13: CPB, CPMA",
        "Certifications 11-12 of 13: RHIA, CDIP",
        "Certifications 13 of 13: CCDS",
    ]
    # Every certification heads a column in the group its header names.
    positions = [out.index(header) for header in headers] + [len(out)]
    for number, header in enumerate(headers):
        group = out[positions[number] : positions[number + 1]]
        assert header_codes(group) == header.split(": ", 1)[1].split(", "), header
    # Every group has every row, in order; the sources are listed once, at the end.
    labels = ["Name", *(label for _key, label in DIMENSIONS), *(label for _key, label, _line in COST_ROWS)]
    for number, header in enumerate(headers):
        group = out[positions[number] : positions[number + 1]]
        assert row_labels(group) == labels, header
    assert [line for line in out.splitlines() if line == "Sources"] == ["Sources"]
    assert out.index("Sources") > positions[-2]


def test_compare_all_shows_every_code(runner: CliRunner) -> None:
    out = ok(runner, ["compare", "--all"]).stdout
    for code in CODES:
        assert re.search(rf"\| {re.escape(code)} +\|", out), code


def test_compare_all_with_codes_is_an_error(runner: CliRunner) -> None:
    usage_error(runner, ["compare", "--all", "CPC"], "not both")
    usage_error(runner, ["compare", "CPC", "CCS", "--all", "--json"], "not both")


def test_compare_three_certifications_in_80_columns(runner: CliRunner) -> None:
    out = ok(runner, ["compare", "COC", "CIC", "CRC"]).stdout
    assert not wide_lines(out)
    headers = [line for line in out.splitlines() if line.startswith("Certifications ")]
    assert len(headers) == 2, headers
    assert headers[0] == "Certifications 1-2 of 3: COC, CIC"
    assert headers[1].startswith("Certifications 3") and headers[1].endswith("of 3: CRC")
    second = out.index(headers[1])
    assert header_codes(out[out.index(headers[0]) : second]) == ["COC", "CIC"]
    assert header_codes(out[second:]) == ["CRC"]


def test_compare_three_certifications_json(runner: CliRunner) -> None:
    document = json.loads(ok(runner, ["compare", "coc", "CIC", "crc", "--json"]).stdout)
    assert [cert["code"] for cert in document["certifications"]] == ["COC", "CIC", "CRC"]


def test_compare_two_certifications_is_one_table(runner: CliRunner) -> None:
    out = ok(runner, ["compare", "CPC", "CCS"]).stdout
    assert not any(line.startswith("Certifications ") for line in out.splitlines())
    assert header_codes(out) == ["CPC", "CCS"]
    assert not wide_lines(out)


def test_compare_three_certifications_fit_one_table_when_wide(runner: CliRunner) -> None:
    out = ok(runner, ["compare", "COC", "CIC", "CRC"], env={"COLUMNS": "120"}).stdout
    assert not any(line.startswith("Certifications ") for line in out.splitlines())
    assert header_codes(out) == ["COC", "CIC", "CRC"]
    assert max(cell_len(line) for line in out.splitlines()) <= 120
