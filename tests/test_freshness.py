"""Freshness: staleness runs from the evidence date, per dimension; the windows; check-data --stale."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLI_ENV, EnvRunner
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core.freshness import (
    THIRD_PARTY_PRICE,
    add_months,
    by_source,
    count_stale,
    due,
    due_by_source,
    due_reason,
    is_stale,
    next_due,
)
from certadvisor.errors import DataError
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Body, Cert, Citation, Evidence, Fact, PartialDate, Source

TODAY = dt.date(2026, 11, 29)
COMPARED = dt.date(2026, 11, 29)


def evidence(
    kind: str = "archived", dated: PartialDate | None = None, implied: PartialDate | None = None
) -> Evidence:
    return Evidence("", kind, dated, implied, COMPARED)


def source(sid: str = "page", official: bool = True, *versions: Evidence) -> Source:
    return Source(sid, "A page", f"https://example.org/{sid}", "Example", official, versions)


def fact(key: str, months: int, read: Evidence, also: tuple[Citation, ...] = ()) -> Fact:
    page = source("page", read.kind != "third-party", read)
    return Fact(key, 1, "known", page, read, COMPARED, months, also=also)


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


# -- staleness runs from the evidence date ----------------------------------------------------


def test_staleness_depends_on_the_window_of_the_facts_kind() -> None:
    read = evidence(dated=PartialDate(2025, 10, 1))  # 14 months before TODAY
    fee, rule = fact("fees.exam_member", 12, read), fact("exam.minutes", 24, read)
    assert is_stale(fee, TODAY) and not is_stale(rule, TODAY)
    assert due(fee) == dt.date(2026, 10, 1) and due(rule) == dt.date(2027, 10, 1)


def test_a_fact_is_fresh_up_to_and_including_its_due_day() -> None:
    item = fact("exam.minutes", 12, evidence(dated=PartialDate(2025, 11, 29)))
    assert not is_stale(item, TODAY)
    assert is_stale(item, TODAY + dt.timedelta(days=1))


def test_the_day_compared_does_not_make_old_evidence_fresh() -> None:
    # Compared yesterday, but the page says 2022: the fact is as old as the page.
    item = fact("career.salary", 24, evidence(implied=PartialDate(2022)))
    assert item.compared == COMPARED
    assert due(item) == dt.date(2024, 1, 1) and is_stale(item, TODAY)
    assert due_reason(item) == "evidence from 2022 (implied), holds 24 months"


def test_a_year_or_month_counts_from_its_first_day() -> None:
    month = fact("exam.minutes", 12, evidence(kind="third-party", dated=PartialDate(2026, 2)))
    assert due(month) == dt.date(2027, 2, 1)
    year = fact("exam.minutes", 12, evidence(implied=PartialDate(2026)))
    assert due(year) == dt.date(2027, 1, 1)


def test_undated_copies_and_undated_third_party_pages_are_due_at_once() -> None:
    for read in (evidence(), evidence(kind="third-party")):
        item = fact("focus.setting", 36, read)
        assert due(item) is None and is_stale(item, TODAY)
    assert due_reason(fact("focus.setting", 36, evidence())) == "an undated copy"


def test_an_undated_live_page_counts_from_the_day_it_was_read() -> None:
    item = fact("exam.minutes", 24, evidence(kind="live"))
    assert due(item) == add_months(COMPARED, 24)
    assert not is_stale(item, TODAY)


def test_a_price_only_third_parties_give_is_due_at_once_whatever_its_date() -> None:
    fresh = evidence(kind="third-party", dated=PartialDate(2026, 11, 1))
    fee = fact("fees.exam_member", 12, fresh)
    assert due(fee) is None and due_reason(fee) == THIRD_PARTY_PRICE
    # The same date on a fact that is not a price holds for its window.
    assert due(fact("exam.minutes", 24, fresh)) == dt.date(2028, 11, 1)
    # A price the body's own page also gives is not third-party only.
    official = source("body", True, evidence(dated=PartialDate(2026, 10)))
    backed = fact("fees.exam_member", 12, fresh, also=(Citation(official, official.versions[0]),))
    assert due(backed) == dt.date(2027, 11, 1)


# -- the windows ----------------------------------------------------------------------------------


def _error(path: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    return str(caught.value)


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


def test_most_shipped_facts_are_due_because_their_evidence_is_undated_or_old(catalog: Catalog) -> None:
    # Comparing a stored copy last week does not make its content current: most evidence is an
    # undated copy, a third-party page or years old, so most facts are due. That is the point.
    items = [f for cert in catalog.certs.values() for f in cert.facts.values()]
    due_now, total = count_stale(catalog, dt.date(2026, 12, 7))
    assert total == len(items) + len(catalog.market) + len(catalog.bodies)
    assert due_now > total / 2
    undated = [f for f in items if f.evidence.date is None and f.evidence.kind != "live"]
    assert all(is_stale(f, dt.date(2026, 12, 7)) for f in undated)


def test_every_shipped_fee_from_third_parties_only_is_due(catalog: Catalog) -> None:
    fees = [
        f
        for cert in catalog.certs.values()
        for f in cert.facts.values()
        if due_reason(f) == THIRD_PARTY_PRICE
    ]
    assert fees and all(due(f) is None for f in fees)


# -- by_source and due_by_source -------------------------------------------------------------------


def _catalog_with(facts: list[Fact], body_read: Evidence) -> Catalog:
    other = source("other", body_read.kind != "third-party", body_read)
    body = Body("B", "Body", "https://example.org", other, body_read, COMPARED, 36)
    cert = Cert("X", "Cert X", body, "summary", ("physician",), {f.key: f for f in facts}, ())
    pages = {f.source.id: f.source for f in facts} | {"other": other}
    pages |= {also.source.id: also.source for f in facts for also in f.also}
    return Catalog(Path("x.toml"), TODAY, pages, {"B": body}, {"X": cert})


def test_due_by_source_groups_by_page_and_puts_the_most_stale_first() -> None:
    facts = [
        fact("exam.minutes", 24, evidence(dated=PartialDate(2024, 1, 1))),  # due 2026-01-01
        fact("fees.exam_member", 12, evidence(dated=PartialDate(2025, 6, 1))),  # due 2026-06-01
        fact("focus.setting", 36, evidence(dated=PartialDate(2026, 11, 1))),  # fresh
    ]
    groups = due_by_source(_catalog_with(facts, body_read=evidence()), TODAY)
    assert [g.source.id for g in groups] == ["other", "page"]  # the undated body first
    page = groups[1]
    assert [i.key for i in page.items] == ["certs.X.exam.minutes", "certs.X.fees.exam_member"]
    assert page.fresh_months == 12


def test_due_within_looks_ahead() -> None:
    facts = [fact("exam.minutes", 12, evidence(dated=PartialDate(2026, 1, 15)))]  # due 2027-01-15
    catalog = _catalog_with(facts, body_read=evidence(kind="live"))
    assert due_by_source(catalog, TODAY) == ()
    ahead = due_by_source(catalog, TODAY, within_months=2)
    assert [i.key for g in ahead for i in g.items] == ["certs.X.exam.minutes"]
    assert next_due(catalog) == (dt.date(2027, 1, 15), 1)


def test_by_source_lists_further_pages_but_they_do_not_count_as_due() -> None:
    official = source("body", True, evidence())
    facts = [
        fact(
            "fees.exam_member",
            12,
            evidence(kind="third-party", dated=PartialDate(2026, 11)),
            also=(Citation(official, official.versions[0]),),
        )
    ]
    catalog = _catalog_with(facts, body_read=evidence(kind="live"))
    groups = {g.source.id: g for g in by_source(catalog, every=True)}
    assert [(i.key, i.further) for i in groups["body"].items] == [("certs.X.fees.exam_member", True)]
    assert "body" not in {g.source.id for g in due_by_source(catalog, TODAY, 24)}


# -- check-data --stale ---------------------------------------------------------------------------


@pytest.fixture
def today_runner() -> CliRunner:
    return EnvRunner(env=CLI_ENV, overrides={"today": dt.date(2026, 12, 7)})


def test_stale_listing_names_pages_versions_and_keys(today_runner: CliRunner) -> None:
    result = today_runner.invoke(app, ["check-data", "--stale"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.match(r"\d+ facts due for a re-read by 2026-12-07, on \d+ pages", lines[0])
    assert any(line.strip() == "https://www.aapc.com/certification/cpc/" for line in lines)
    assert "2018 version: undated copy (content implies 2018), compared 29 Nov 2026" in result.stdout
    assert re.search(r"due 2021-01-01 +certs\.CPC\.focus\.code_sets \(2018\)\n", result.stdout)
    assert re.search(r"third-party fee +certs\.CPC\.fees\.exam_member\n", result.stdout)
    assert "checked" not in result.stdout


def test_stale_json_matches_the_listing(today_runner: CliRunner) -> None:
    data = json.loads(today_runner.invoke(app, ["check-data", "--stale", "--json"]).stdout)
    assert data["facts_due"] == sum(len(s["facts"]) for s in data["sources"]) > 0
    assert data["windows_months"]["fees"] == 12
    keys = {f["key"]: f for s in data["sources"] for f in s["facts"]}
    fee = keys["certs.CPC.fees.exam_member"]
    assert fee["dimension"] == "fees" and fee["fresh_for_months"] == 12
    assert fee["recheck_due"] is None and fee["due_basis"] == THIRD_PARTY_PRICE
    salary = keys["certs.CPC.career.salary"]
    assert salary["recheck_due"] is None and salary["due_basis"] == "an undated third-party page"


def test_due_within_needs_stale(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check-data", "--due-within", "3"])
    assert result.exit_code == 2
    assert "--due-within goes with --stale" in result.output


def test_check_data_reports_freshness(today_runner: CliRunner) -> None:
    result = today_runner.invoke(app, ["check-data"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Freshness: \d+ of \d+ facts due for a re-read of their sources", result.stdout)


def test_fact_json_gives_the_evidence_not_a_checked_date(today_runner: CliRunner) -> None:
    data = json.loads(today_runner.invoke(app, ["show", "CPC", "--json"]).stdout)
    minutes = data["facts"]["exam"]["minutes"]
    assert not {"stated", "checked", "possibly_out_of_date", "as_of"} & set(minutes)
    assert minutes["evidence"] == {
        "kind": "archived",
        "version": None,
        "date": None,
        "date_basis": None,
        "compared_on": "2026-11-29",
        "summary": "AAPC page, undated copy, compared 29 Nov 2026",
    }
    assert minutes["recheck_due"] is None and minutes["due_for_recheck"] is True
    salary = data["facts"]["career"]["salary"]
    assert salary["year"] == 2025 and salary["evidence"]["kind"] == "third-party"
    assert [page["id"] for page in salary["also"]] == ["mbc-cpc", "aapc-cpc"]
