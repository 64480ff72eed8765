"""Freshness: the loader's date and source rules, staleness per dimension, and check-data --stale."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core.freshness import add_months, count_stale, due, due_by_source, is_stale, next_due
from certadvisor.errors import DataError
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Body, Fact, Source

TODAY = dt.date(2026, 11, 29)
SOURCE = Source("page", "A page", "https://example.org/page", "Example", True)


def fact(key: str, checked: dt.date | None, months: int, stated: dt.date | None = None) -> Fact:
    return Fact(key, 1, "known", SOURCE, stated, checked, months)


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 11, 29), 12, dt.date(2027, 11, 29)),
        (dt.date(2026, 12, 15), 24, dt.date(2028, 12, 15)),
        (dt.date(2026, 8, 31), 18, dt.date(2028, 2, 29)),
    ],
)
def test_add_months_clamps_to_the_end_of_short_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_staleness_depends_on_the_window_of_the_facts_kind() -> None:
    checked = dt.date(2025, 10, 1)  # 14 months before TODAY
    fee = fact("fees.exam_member", checked, 12)
    rule = fact("exam.minutes", checked, 24)
    assert is_stale(fee, TODAY)
    assert not is_stale(rule, TODAY)
    assert due(fee) == dt.date(2026, 10, 1)
    assert due(rule) == dt.date(2027, 10, 1)


def test_a_fact_is_fresh_up_to_and_including_its_due_day() -> None:
    item = fact("fees.exam_member", dt.date(2025, 11, 29), 12)
    assert not is_stale(item, TODAY)
    assert is_stale(item, TODAY + dt.timedelta(days=1))


def test_a_never_checked_fact_is_due_whatever_date_its_source_states() -> None:
    item = fact("fees.exam_member", None, 12, stated=TODAY)
    assert due(item) is None
    assert is_stale(item, TODAY)


# -- the loader ---------------------------------------------------------------------------------


def _error(path: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    return str(caught.value)


def _first_fact_line(text: str) -> str:
    match = re.search(r"^minutes = \{[^\n]*checked = \d{4}-\d\d-\d\d[^\n]*\}$", text, re.M)
    assert match, "the shipped data should have a checked exam.minutes fact"
    return match.group(0)


def test_a_fact_without_any_date_is_rejected(make_data: Callable[..., Path], shipped_text: str) -> None:
    line = _first_fact_line(shipped_text)
    undated = re.sub(r", (stated|checked) = \d{4}-\d\d-\d\d", "", line)
    message = _error(make_data((line, undated)))
    assert "exam.minutes: needs a date: checked" in message


def test_an_invalid_checked_date_is_named(make_data: Callable[..., Path], shipped_text: str) -> None:
    line = _first_fact_line(shipped_text)
    bad = re.sub(r"checked = \d{4}-\d\d-\d\d", 'checked = "last spring"', line)
    message = _error(make_data((line, bad)))
    assert re.search(r"exam\.minutes\.checked: expected a date like 2026-05-01, got \"last spring\"", message)


def test_a_check_after_the_files_update_is_rejected(
    make_data: Callable[..., Path], shipped_text: str
) -> None:
    line = _first_fact_line(shipped_text)
    future = re.sub(r"checked = \d{4}-\d\d-\d\d", "checked = 2062-01-01", line)
    message = _error(make_data((line, future)))
    assert "exam.minutes.checked: 2062-01-01 is after meta.updated" in message


def test_the_old_as_of_key_gets_a_migration_hint(make_data: Callable[..., Path], shipped_text: str) -> None:
    line = _first_fact_line(shipped_text)
    message = _error(make_data((line, line.replace("source =", "as_of = 2026-01-01, source =", 1))))
    assert "exam.minutes.as_of: as_of was split in two: stated" in message
    assert "docs/data.md" in message


def test_a_schema_1_file_is_told_how_to_migrate(make_data: Callable[..., Path]) -> None:
    message = _error(make_data(("[meta]\nschema = 2\n", "[meta]\nschema = 1\n")))
    assert "meta.schema: this file uses schema 1" in message


def test_an_uncited_source_is_rejected(make_data: Callable[..., Path]) -> None:
    extra = (
        '[sources.nobody-cites-me]\ntitle = "Unused"\nurl = "https://example.org/unused"\n'
        'publisher = "Example"\nofficial = false\n\n'
    )
    path = make_data(("[bodies.AAPC]\n", extra + "[bodies.AAPC]\n"))
    assert "sources.nobody-cites-me: declared but cited by no fact or body" in _error(path)


def test_an_unknown_dimension_in_the_windows_is_rejected(make_data: Callable[..., Path]) -> None:
    message = _error(make_data(("[freshness]\nfees = 12\n", "[freshness]\nfees = 12\nfeez = 6\n")))
    assert "freshness.feez: unknown key (did you mean fees?)" in message


def test_a_missing_window_is_named(make_data: Callable[..., Path]) -> None:
    message = _error(make_data(("[freshness]\nfees = 12\n", "[freshness]\n")))
    assert "freshness.fees: missing required key" in message


def test_a_window_must_be_a_sensible_number_of_months(make_data: Callable[..., Path]) -> None:
    message = _error(make_data(("[freshness]\nfees = 12\n", "[freshness]\nfees = 0\n")))
    assert "freshness.fees: expected 1 to 120 months, got 0" in message


def test_facts_take_the_window_of_their_dimension(catalog: Catalog) -> None:
    for cert in catalog.certs.values():
        for item in cert.facts.values():
            assert item.fresh_months == catalog.freshness[item.dimension], item.key
    for body in catalog.bodies.values():
        assert body.fresh_months == catalog.freshness["bodies"]


# -- the shipped data -----------------------------------------------------------------------------


def test_shipped_windows_put_fees_before_rules(catalog: Catalog) -> None:
    windows = catalog.freshness
    assert windows["fees"] < windows["exam"] <= windows["apprentice"]
    assert windows["focus"] >= windows["eligibility"]


def test_shipped_facts_are_checked_and_few_are_due(catalog: Catalog) -> None:
    items = [f for cert in catalog.certs.values() for f in cert.facts.values()]
    checked = [f for f in items if f.checked is not None]
    assert len(checked) >= 0.9 * len(items)
    due_now, total = count_stale(catalog, dt.date(2026, 11, 29))
    assert total == len(items) + len(catalog.bodies)
    assert due_now <= total - len(checked)  # only the never-checked ones, on the day of the check


def test_every_shipped_check_falls_due_within_its_window(catalog: Catalog) -> None:
    # A year and a day after the check, every fee is due; the longer windows are not.
    later = dt.date(2027, 11, 30)
    for cert in catalog.certs.values():
        for item in cert.facts.values():
            if item.checked == dt.date(2026, 11, 29):
                assert is_stale(item, later) == (item.fresh_months <= 12), item.key


# -- due_by_source --------------------------------------------------------------------------------


def _catalog_with(facts: list[Fact], body_checked: dt.date | None) -> Catalog:
    from certadvisor.model.records import Cert

    other = Source("other", "Other page", "https://example.org/other", "Example", False)
    body = Body("B", "Body", "https://example.org", other, None, body_checked, 36)
    cert = Cert("X", "Cert X", body, "summary", ("physician",), {f.key: f for f in facts}, ())
    return Catalog(Path("x.toml"), TODAY, {"page": SOURCE, "other": other}, {"B": body}, {"X": cert})


def test_due_by_source_groups_by_page_and_puts_the_most_pressing_first() -> None:
    facts = [
        fact("exam.minutes", dt.date(2024, 1, 1), 24),  # due 2026-01-01
        fact("fees.exam_member", dt.date(2025, 6, 1), 12),  # due 2026-06-01
        fact("focus.setting", dt.date(2026, 11, 1), 36),  # fresh
    ]
    groups = due_by_source(_catalog_with(facts, body_checked=None), TODAY)
    assert [g.source.id for g in groups] == ["other", "page"]  # the never-checked body first
    page = groups[1]
    assert [i.key for i in page.items] == ["certs.X.fees.exam_member", "certs.X.exam.minutes"]
    assert page.fresh_months == 12


def test_due_within_looks_ahead() -> None:
    facts = [fact("fees.exam_member", dt.date(2026, 1, 15), 12)]  # due 2027-01-15
    catalog = _catalog_with(facts, body_checked=TODAY)
    assert due_by_source(catalog, TODAY) == ()
    ahead = due_by_source(catalog, TODAY, within_months=2)
    assert [i.key for g in ahead for i in g.items] == ["certs.X.fees.exam_member"]
    assert next_due(catalog) == (dt.date(2027, 1, 15), 1)


# -- check-data --stale ---------------------------------------------------------------------------


def test_stale_listing_names_pages_and_keys(runner: CliRunner, aged_data: Path) -> None:
    result = runner.invoke(app, ["check-data", "--stale", str(aged_data)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.match(r"\d+ facts due for a re-check by \d{4}-\d\d-\d\d, on \d+ pages", lines[0])
    assert any(line.strip().startswith("https://") for line in lines)
    assert re.search(r"due 2025-\d\d-\d\d +certs\.CPC\.fees\.exam_member \(12 months\)\n", result.stdout)
    assert max(len(line) for line in lines if "https://" not in line) <= 80


def test_stale_json_matches_the_listing(runner: CliRunner, aged_data: Path) -> None:
    path = str(aged_data)
    result = runner.invoke(app, ["check-data", "--stale", "--json", path])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["facts_due"] == sum(len(s["facts"]) for s in data["sources"]) > 0
    assert data["windows_months"]["fees"] == 12
    keys = {f["key"]: f for s in data["sources"] for f in s["facts"]}
    fee = keys["certs.CPC.fees.exam_member"]
    assert fee["dimension"] == "fees" and fee["fresh_for_months"] == 12
    assert fee["checked"].startswith("2024-") and fee["recheck_due"].startswith("2025-")
    # Most volatile first: the first page carries a 12-month fact or a never-checked one.
    first = data["sources"][0]["facts"]
    assert any(f["fresh_for_months"] == 12 or f["checked"] is None for f in first)


def test_due_within_needs_stale(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check-data", "--due-within", "3"])
    assert result.exit_code == 2
    assert "--due-within goes with --stale" in result.output


def test_check_data_reports_freshness(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check-data"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Freshness: \d+ of \d+ facts due for a re-check", result.stdout)


def test_fact_json_names_both_dates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "CPC", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    minutes = data["facts"]["exam"]["minutes"]
    assert set(minutes) >= {"stated", "checked", "fresh_for_months", "recheck_due", "possibly_out_of_date"}
    assert "as_of" not in minutes
    assert minutes["fresh_for_months"] == 24
