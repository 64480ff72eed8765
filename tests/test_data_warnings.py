"""check-data's warnings about the figures: a comparison row that mixes surveys, years or
statistics, and a figure resting on a third-party page although an official page is cited.
Warnings go to stderr and the JSON's ``warnings``; they never fail the check."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core.data_warnings import data_warnings, mixed_rows, third_party_figures
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Citation, Fact, Source

SALARY = "career.salary"
PASS_RATE = "hiring.pass_rate"


def _source(catalog: Catalog, official: bool) -> Source:
    return next(s for s in catalog.sources.values() if s.official is official and s.versions)


def _fact(catalog: Catalog, key: str, *, official: bool = False, **fields: Any) -> Fact:
    """A known figure for ``key`` on a page of the kind asked for (fields as given)."""
    source = _source(catalog, official)
    base = Fact(key, 50_000, "known", source, source.versions[0], source.versions[0].compared, 12)
    return base._replace(**fields)


def _with_facts(catalog: Catalog, facts: dict[str, list[Fact]]) -> Catalog:
    """The catalog with only these facts (per certification code), so that nothing else warns."""
    certs = {
        code: cert._replace(facts={f.key: f for f in facts.get(code, [])})
        for code, cert in catalog.certs.items()
    }
    return dataclasses.replace(catalog, certs=certs, market={})


def test_salaries_of_one_survey_and_year_do_not_warn(catalog: Catalog) -> None:
    same: dict[str, Any] = {"survey": "AAPC salary survey, median", "year": 2025}
    facts = {
        "CPC": [_fact(catalog, SALARY, **same)],
        "COC": [_fact(catalog, SALARY, **same)],
        "CCS": [_fact(catalog, SALARY, status="unknown", value=None)],  # unknown: nothing compared
    }
    assert list(mixed_rows(_with_facts(catalog, facts))) == []


def test_a_salary_row_mixing_years_warns_naming_each_group(catalog: Catalog) -> None:
    facts = {
        "CPC": [_fact(catalog, SALARY, survey="AAPC salary survey", year=2025)],
        "COC": [_fact(catalog, SALARY, survey="AAPC salary survey", year=2022)],
        "CIC": [_fact(catalog, SALARY, survey="AAPC salary survey", year=2025)],
    }
    [warning] = mixed_rows(_with_facts(catalog, facts))
    assert warning.startswith("comparison row career.salary mixes surveys, years or statistics: ")
    assert warning.endswith(
        "compare figures that share their survey, year and statistic, or leave the others unknown"
    )
    assert "CPC, CIC (AAPC salary survey, 2025)" in warning
    assert "COC (AAPC salary survey, 2022)" in warning


def test_a_salary_row_mixing_surveys_warns(catalog: Catalog) -> None:
    facts = {
        "CPC": [_fact(catalog, SALARY, survey="AAPC salary survey, median", year=2025)],
        "CCS": [_fact(catalog, SALARY, survey="AHIMA salary snapshot, average", year=2025)],
    }
    [warning] = mixed_rows(_with_facts(catalog, facts))
    assert "CPC (AAPC salary survey, median, 2025)" in warning
    assert "CCS (AHIMA salary snapshot, average, 2025)" in warning


def test_a_median_beside_an_average_warns(catalog: Catalog) -> None:
    survey: dict[str, Any] = {"survey": "AAPC salary survey", "year": 2025}
    facts = {
        "CPC": [_fact(catalog, SALARY, statistic="median", **survey)],
        "COC": [_fact(catalog, SALARY, statistic="average", **survey)],
    }
    [warning] = mixed_rows(_with_facts(catalog, facts))
    assert "CPC (AAPC salary survey, 2025, median); COC (AAPC salary survey, 2025, average)" in warning


def test_pass_rates_must_share_a_year_not_a_population(catalog: Catalog) -> None:
    # Each exam's testers are its own population: only the year (and statistic) must agree.
    one_year = {
        "CCA": [_fact(catalog, PASS_RATE, value=None, survey="first-time CCA testers (2,261)", year=2023)],
        "CCS": [_fact(catalog, PASS_RATE, value=None, survey="first-time CCS testers (1,200)", year=2023)],
    }
    assert list(mixed_rows(_with_facts(catalog, one_year))) == []
    mixed = {**one_year, "RHIT": [_fact(catalog, PASS_RATE, value=None, survey="RHIT testers", year=2021)]}
    [warning] = mixed_rows(_with_facts(catalog, mixed))
    assert warning.startswith("comparison row hiring.pass_rate mixes years")
    assert "CCS, CCA (2023)" in warning and "RHIT (2021)" in warning, "no statistic named: left out"


def test_a_third_party_figure_citing_an_official_page_warns_with_its_key(catalog: Catalog) -> None:
    official = _source(catalog, True)
    cited = Citation(official, official.versions[0])
    third = Citation(_source(catalog, False), _source(catalog, False).versions[0])
    facts = {
        "CPC": [_fact(catalog, SALARY, survey="S", year=2025, also=(cited,))],
        "COC": [_fact(catalog, SALARY, survey="S", year=2025, also=(third,))],  # no official page
        "CIC": [_fact(catalog, SALARY, official=True, survey="S", year=2025, also=(cited,))],  # official
    }
    assert list(third_party_figures(_with_facts(catalog, facts))) == [
        f"certs.CPC.career.salary rests on a third-party page ({_source(catalog, False).id}) although "
        f"an official page is cited ({official.id}): prefer the official figure"
    ]


def test_market_facts_are_checked_too(catalog: Catalog) -> None:
    official = _source(catalog, True)
    fact = _fact(catalog, "market.median_pay", also=(Citation(official, official.versions[0]),))
    bare = dataclasses.replace(_with_facts(catalog, {}), market={fact.key: fact})
    [warning] = third_party_figures(bare)
    assert warning.startswith("market.median_pay rests on a third-party page")


@pytest.fixture
def mixed_salaries(tmp_path: Path, shipped_text: str) -> Path:
    """The shipped data with the first known salary moved to 1999: the row mixes years."""
    line = re.compile(r"^(salary = \{ value = \d+, .*?year = )(\d{4})", re.M)
    assert len(line.findall(shipped_text)) >= 2, "two known salaries are needed to compare"
    path = tmp_path / "mixed.toml"
    path.write_text(line.sub(r"\g<1>1999", shipped_text, count=1), encoding="utf-8")
    return path


def test_check_data_warns_on_stderr_and_in_json_without_failing(
    mixed_salaries: Path, runner: CliRunner
) -> None:
    expected = data_warnings(load_catalog(mixed_salaries))
    assert any("comparison row career.salary mixes" in w and ", 1999" in w for w in expected)
    result = runner.invoke(app, ["check-data", str(mixed_salaries)])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stderr.split())
    assert all(f"warning: {' '.join(w.split())}" in flat for w in expected)
    assert "problem" not in result.stderr
    document = json.loads(runner.invoke(app, ["check-data", str(mixed_salaries), "--json"]).stdout)
    assert [w for w in document["warnings"] if w in expected] == expected
    assert document["problems"] == []
