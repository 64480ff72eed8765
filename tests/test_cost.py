"""The cost model: interval sums that carry unknowns, membership routes, and computed points."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from certadvisor.core.cost import Estimate, Unknown, estimate, scaled_points, sheet, total
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Body, Cert, Evidence, Fact, Money, Months, Source
from certadvisor.present.cost_text import money, months, summary_lines, with_unknowns

CHECKED = dt.date(2026, 11, 29)
READ = Evidence("", "archived", None, None, CHECKED)
SOURCE = Source("page", "A page", "https://example.org/page", "Example", True, (READ,))


def fact(key: str, value: object = None, status: str = "known") -> Fact:
    return Fact(key, value, status, SOURCE, READ, CHECKED, 12, "note" if status != "known" else None)  # type: ignore[arg-type]


def unknown(key: str) -> Fact:
    return fact(key, None, "unknown")


def cert(code: str, body: str, facts: list[Fact]) -> Cert:
    owner = Body(body, body, "https://example.org", SOURCE, READ, CHECKED, 36)
    return Cert(code, f"Cert {code}", owner, "summary", ("physician",), {f.key: f for f in facts}, ())


AAPC_LIKE = cert(
    "AAA",
    "AAPC",
    [
        fact("fees.exam_member", Money(399, 425), "range"),
        fact("fees.exam_non_member", None, "not_applicable"),
        fact("fees.exam_member_two_attempts", Money(499, 499)),
        fact("fees.membership_required", True),
        fact("fees.membership_dues", Money(190, 222), "range"),
        unknown("costs.code_books"),
        unknown("costs.training"),
        fact("renewal.cycle_years", 2),
        fact("renewal.fee_member", None, "not_applicable"),
        unknown("costs.ceus"),
        fact("time.study_months", Months(4, 12)),
        fact("time.education_months", None, "not_applicable"),
        fact("time.apprentice_months", Months(12, 24)),
    ],
)

AHIMA_LIKE = cert(
    "BBB",
    "AHIMA",
    [
        fact("fees.exam_member", Money(299, 299)),
        fact("fees.exam_non_member", Money(399, 399)),
        fact("fees.membership_required", False),
        unknown("fees.membership_dues"),
        fact("costs.code_books", Money(300, 450), "range"),
        fact("renewal.cycle_years", 2),
        fact("renewal.fee_member", Money(100, 100)),
        fact("renewal.fee_non_member", Money(218, 249), "range"),
        fact("time.study_months", Months(3, 3)),
        fact("time.education_months", None, "not_applicable"),
        fact("time.apprentice_months", None, "not_applicable"),
        fact("costs.training", None, "not_applicable"),
        fact("costs.ceus", Money(0, 0)),
    ],
)


# -- interval arithmetic ----------------------------------------------------------------------


def test_a_range_plus_a_range_is_a_range() -> None:
    assert Estimate(100, 200).plus(Estimate(50, 75)) == Estimate(150, 275)


def test_unknowns_are_carried_never_dropped() -> None:
    dues = Unknown("dues", "https://example.org/dues")
    books = Unknown("code books", "https://example.org/books")
    summed = total([Estimate(100, 200), Estimate(unknown=(dues,)), Estimate(10, 10, (books,))])
    assert (summed.low, summed.high) == (110, 210)
    assert summed.unknown == (dues, books)
    assert not summed.complete
    assert with_unknowns(money(summed), summed) == "$110–$210, plus dues, code books (not known)"


def test_times_repeats_the_known_part_and_keeps_the_unknowns() -> None:
    dues = Unknown("dues", "x")
    assert Estimate(190, 222, (dues,)).times(2) == Estimate(380, 444, (dues,))


def test_formatting() -> None:
    assert money(Estimate(499, 499)) == "$499"
    assert money(Estimate(1200, 1500)) == "$1,200–$1,500"
    assert money(Estimate(unknown=(Unknown("x", "y"),))) == "not known"
    assert months(Estimate(12, 24)) == "12–24 months"
    assert months(Estimate(1, 1)) == "1 month"


def test_an_unknown_fact_is_an_unknown_and_not_applicable_is_nothing() -> None:
    assert estimate(unknown("costs.training"), "training") == Estimate(
        unknown=(Unknown("training", "https://example.org/page"),)
    )
    assert estimate(fact("fees.exam_non_member", None, "not_applicable"), "exam") is None
    assert estimate(None, "anything") is None


amounts = st.integers(min_value=0, max_value=5000)


@st.composite
def money_facts(draw: st.DrawFn) -> Fact:
    kind = draw(st.sampled_from(["known", "range", "unknown", "not_applicable"]))
    if kind == "known":
        return fact("costs.training", Money(*(2 * [draw(amounts)])))
    if kind == "range":
        low = draw(amounts)
        return fact("costs.training", Money(low, low + draw(st.integers(1, 5000))), "range")
    return fact("costs.training", None, kind)


@given(st.lists(money_facts(), max_size=8))
def test_every_total_has_low_at_most_high(facts: list[Fact]) -> None:
    summed = total(e for f in facts if (e := estimate(f, "part")) is not None)
    assert 0 <= summed.low <= summed.high
    assert len(summed.unknown) == sum(f.status == "unknown" for f in facts)


# -- sheets -----------------------------------------------------------------------------------


def test_a_body_that_requires_membership_prices_the_member_route_with_dues() -> None:
    result = sheet(AAPC_LIKE)
    assert result.member and "requires membership" in result.membership
    assert (result.first_year_cheapest.low, result.first_year_cheapest.high) == (399 + 190, 425 + 222)
    assert [u.label for u in result.first_year_cheapest.unknown] == ["code books"]
    # Usual route adds the (unknown) training.
    assert [u.label for u in result.first_year_usual.unknown] == ["code books", "an AAA course"]
    # Upkeep: two years of dues, CEUs unknown, no recertification fee.
    assert (result.upkeep.low, result.upkeep.high) == (380, 444)
    assert [u.label for u in result.upkeep.unknown] == ["CEU courses"]
    assert (result.months_first.low, result.months_first.high) == (4, 12)
    assert (result.months_full.low, result.months_full.high) == (16, 36)
    # The two-attempt package and retake are shown but not counted.
    two = next(i for i in result.items if i.role == "two_attempts")
    assert not two.counted and two.estimate == Estimate(499, 499)


def test_unknown_dues_mean_non_member_prices_and_say_why() -> None:
    result = sheet(AHIMA_LIKE)
    assert not result.member
    assert "cannot be fully priced" in result.membership and "--member" in result.membership
    assert (result.first_year_cheapest.low, result.first_year_cheapest.high) == (399 + 300, 399 + 450)
    assert result.first_year_cheapest.complete
    assert (result.upkeep.low, result.upkeep.high) == (218, 249)
    assert result.first_year_usual == result.first_year_cheapest  # no training applies


def test_a_required_degree_is_part_of_even_the_cheapest_route() -> None:
    degree = cert(
        "GGG",
        "AHIMA",
        [
            fact("fees.exam_non_member", Money(299, 299)),
            fact("costs.code_books", None, "not_applicable"),
            fact("costs.training", Money(2880, 17800), "range"),
            fact("time.education_months", Months(24, 24)),
        ],
    )
    result = sheet(degree, member=False)
    assert (result.first_year_cheapest.low, result.first_year_cheapest.high) == (299 + 2880, 299 + 17800)
    assert result.first_year_usual == result.first_year_cheapest
    assert next(i for i in result.items if i.role == "training").label == "Required programme"


def test_a_component_the_data_does_not_record_is_unknown_not_zero() -> None:
    bare = cert("FFF", "AHIMA", [fact("fees.exam_non_member", Money(399, 399))])
    result = sheet(bare, member=False)
    assert (result.first_year_cheapest.low, result.first_year_cheapest.high) == (399, 399)
    assert [u.label for u in result.first_year_cheapest.unknown] == ["code books"]
    assert "not recorded" in result.first_year_cheapest.unknown[0].where


def test_asking_for_member_prices_shows_the_unknown_dues() -> None:
    result = sheet(AHIMA_LIKE, member=True)
    assert result.member
    assert (result.first_year_cheapest.low, result.first_year_cheapest.high) == (299 + 300, 299 + 450)
    assert "AHIMA membership dues" in [u.label for u in result.first_year_cheapest.unknown]
    assert (result.upkeep.low, result.upkeep.high) == (100, 100)


def test_known_dues_choose_the_cheaper_route() -> None:
    dues_facts = [f for f in AHIMA_LIKE.facts.values() if f.key != "fees.membership_dues"]
    cheap_dues = cert("CCC", "AHIMA", [*dues_facts, fact("fees.membership_dues", Money(50, 50))])
    dear_dues = cert("DDD", "AHIMA", [*dues_facts, fact("fees.membership_dues", Money(300, 300))])
    assert sheet(cheap_dues).member  # 299 + 50 < 399
    assert not sheet(dear_dues).member  # 299 + 300 > 399


# -- computed points ----------------------------------------------------------------------------


def test_scaled_points_favour_the_cheapest_and_skip_the_unknown() -> None:
    no_price = cert("EEE", "AHIMA", [unknown("fees.exam_member"), unknown("fees.exam_non_member")])
    points = scaled_points({"AAA": AAPC_LIKE, "BBB": AHIMA_LIKE, "EEE": no_price}, "first_year_cost", 6)
    # Books are left out of the comparison (no source prices them for any shipped credential):
    # AAA: 399 + 190 = 589 (exam and required dues); BBB: 399 (non-member exam).
    assert points == {"BBB": 6, "AAA": round(6 * 399 / 589)}
    assert "EEE" not in points


def test_scaled_points_for_time() -> None:
    points = scaled_points({"AAA": AAPC_LIKE, "BBB": AHIMA_LIKE}, "months_to_first", 4)
    assert points == {"BBB": 4, "AAA": 3}  # 3 months against 4: three quarters of the points


# -- the shipped data -----------------------------------------------------------------------------


def test_every_shipped_certification_has_a_total_or_says_what_is_missing() -> None:
    from certadvisor.load.datafile import load_catalog

    for code, one in load_catalog().certs.items():
        result = sheet(one)
        for value in (result.first_year_cheapest, result.upkeep):
            assert 0 <= value.low <= value.high
            # A total is either a known figure, or names every part that is not known.
            assert value.high > 0 or value.unknown, code
            assert all(u.label and u.where for u in value.unknown), code
        assert with_unknowns(money(result.first_year_cheapest), result.first_year_cheapest), code


def test_the_low_cost_advice_follows_a_fee_change(make_data, runner) -> None:  # type: ignore[no-untyped-def]
    import json

    from certadvisor.cli.app import app
    from certadvisor.core.engine import Engine
    from certadvisor.core.points import resolved_rules
    from certadvisor.load.datafile import load_catalog

    before = Engine(load_catalog()).recommend({"priority": "low_cost"})
    assert before.recommendation == "CCA"  # $299 for a non-member: the cheapest first year
    line = 'exam_non_member = { value = 299, source = "mbct-cca" }'
    dearer = make_data((line, line.replace("value = 299", "value = 899")))
    after = Engine(load_catalog(dearer)).recommend({"priority": "low_cost"})
    assert after.recommendation != "CCA"
    points = {r.id: r.points for r in resolved_rules(load_catalog(dearer))}["priority-low-cost"]
    assert points.get("CCA", 0) < 6 and max(points.values()) == 6
    shown = json.loads(runner.invoke(app, ["cost", "CCA", "--json", "--data", str(dearer)]).stdout)
    first = shown["certifications"][0]["totals"]["first_year_cheapest"]
    assert first["low"] == 899


def test_cost_command_json_and_errors(runner) -> None:  # type: ignore[no-untyped-def]
    import json

    from certadvisor.cli.app import app

    result = runner.invoke(app, ["cost", "CPC", "CCS", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["code"] for c in data["certifications"]] == ["CPC", "CCS"]
    cpc = data["certifications"][0]
    assert cpc["member_prices"] is True  # AAPC requires membership
    assert cpc["totals"]["first_year_cheapest"]["unit"] == "USD"
    exam = next(i for i in cpc["items"] if i["role"] == "exam")
    assert exam["source"]["url"].startswith("https://")
    member = json.loads(runner.invoke(app, ["cost", "CCS", "--member", "--json"]).stdout)
    assert member["assumption"] == "member" and member["certifications"][0]["member_prices"] is True
    bad = runner.invoke(app, ["cost", "CSS"])
    assert bad.exit_code == 2
    assert "did you mean CCS?" in bad.stderr
    assert bad.stdout == ""


def test_cost_table_lists_items_sources_and_totals(runner) -> None:  # type: ignore[no-untyped-def]
    from certadvisor.cli.app import app

    result = runner.invoke(app, ["cost", "CCA"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    # The totals first (issue #25), then the line items.
    assert flat.startswith("In short CCA (Certified Coding Associate) First year:")
    assert flat.index("Staying certified:") < flat.index("CCA, line by line")
    # The usual route first, its course named as not known; then the cheapest, without it.
    assert "First year: $299 on the usual route (exam), plus code books, a CCA course (not known)" in flat
    assert "$299 on the cheapest route, without a course (exam), plus code books (not known)" in flat
    assert "(not known)" in flat  # code books: no source gives a price
    assert "Sources" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines() if "://" not in line) <= 80


def test_the_first_year_line_never_counts_books_it_cannot_price(catalog: Catalog) -> None:
    for cert in catalog.certs.values():
        current = sheet(cert)
        line = summary_lines(current)["first_year"]
        if "on the usual route (" not in line:  # nothing priced: "not known (…)" lists it all
            continue
        covered = line.split("on the usual route (", 1)[1].split(")", 1)[0]
        books = next(i.estimate for i in current.items if i.role == "books")
        # Named only when priced: not when unknown, nor when the exam needs none (RHIT, RHIA).
        assert ("books" in covered) == (books is not None and books.complete), (cert.code, line)
