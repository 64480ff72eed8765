"""Cost sheets start from what the person has: dues they pay already, a programme they have done;
the worded totals name only the parts they price; cost points compare known totals only."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from certadvisor.core.cost import (
    Estimate,
    Programme,
    Standing,
    compared_first_year,
    first_year_items,
    has_cheaper_route,
    measure,
    scaled_points,
    sheet,
    usual_items,
)
from certadvisor.core.engine import Engine
from certadvisor.core.points import resolved_rules
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Body, Cert, Evidence, Fact, Money, Months, Source
from certadvisor.model.results import Situation
from certadvisor.present.cost_text import summary_lines

CHECKED = dt.date(2026, 11, 29)
READ = Evidence("", "archived", None, None, CHECKED)
SOURCE = Source("page", "A page", "https://example.org/page", "Example", True, (READ,))
PAYS_AAPC = Situation(members=frozenset({"AAPC"}))


def fact(key: str, value: object = None, status: str = "known") -> Fact:
    note = "note" if status != "known" else None
    return Fact(key, value, status, SOURCE, READ, CHECKED, 12, note)  # type: ignore[arg-type]


def make_cert(code: str, body: str, facts: list[Fact]) -> Cert:
    owner = Body(body, body, "https://example.org", SOURCE, READ, CHECKED, 36)
    return Cert(code, f"Cert {code}", owner, "summary", ("physician",), {f.key: f for f in facts}, ())


def aapc_like(code: str, exam: Fact, dues: Fact) -> Cert:
    """A credential of a body that requires membership, with the given exam fee and dues."""
    return make_cert(
        code,
        "AAPC",
        [
            exam,
            fact("fees.exam_non_member", None, "not_applicable"),
            fact("fees.membership_required", True),
            dues,
            fact("costs.code_books", None, "unknown"),
            fact("costs.training", None, "unknown"),
            fact("renewal.cycle_years", 2),
            fact("renewal.fee_member", None, "not_applicable"),
            fact("costs.ceus", Money(0, 0)),
            fact("time.study_months", Months(4, 12)),
            fact("time.education_months", None, "not_applicable"),
        ],
    )


def degree_cert(code: str, training: Fact, education: Fact, exam: Fact | None = None) -> Cert:
    """An AHIMA-like credential whose way in may go through a programme."""
    return make_cert(
        code,
        "AHIMA",
        [
            exam or fact("fees.exam_non_member", Money(299, 299)),
            fact("fees.membership_required", False),
            fact("costs.code_books", None, "not_applicable"),
            training,
            education,
            fact("time.study_months", Months(2, 3)),
            fact("time.apprentice_months", None, "not_applicable"),
        ],
    )


DUES = fact("fees.membership_dues", Money(190, 222), "range")
UNKNOWN_DUES = fact("fees.membership_dues", None, "unknown")
AAPC_PRICED = aapc_like("AAA", fact("fees.exam_member", Money(399, 425), "range"), DUES)
AAPC_NO_EXAM = aapc_like("NOX", fact("fees.exam_member", None, "unknown"), DUES)
DEGREE = degree_cert(
    "DEG", fact("costs.training", Money(2880, 17800), "range"), fact("time.education_months", Months(24, 24))
)


# -- dues paid already ------------------------------------------------------------------------


def test_a_member_already_is_not_charged_dues_in_the_first_year_or_the_upkeep() -> None:
    plain, member = sheet(AAPC_PRICED), sheet(AAPC_PRICED, situation=PAYS_AAPC)
    assert (plain.first_year_cheapest.low, plain.first_year_cheapest.high) == (399 + 190, 425 + 222)
    assert member.member and (member.first_year_cheapest.low, member.first_year_cheapest.high) == (399, 425)
    dues = next(i for i in member.items if i.role == "dues")
    assert not dues.counted and dues.standing is Standing.PAID
    assert dues.label == "AAPC membership dues (you pay them already)"
    assert dues.estimate == Estimate(190, 222)  # still shown, for reference
    # The upkeep is what the credential adds: the dues are paid anyway.
    assert (plain.upkeep.low, plain.upkeep.high) == (380, 444)
    assert member.upkeep == Estimate(0, 0)
    cycle_dues = next(i for i in member.items if i.role == "cycle_dues")
    assert not cycle_dues.counted and cycle_dues.standing is Standing.PAID
    assert "pay AAPC dues already" in member.membership


def test_a_cpc_a_holder_sees_other_aapc_credentials_without_the_dues(catalog: Catalog) -> None:
    situation = Engine(catalog).recommend({"held": "CPC-A"}).situation
    assert "AAPC" in situation.members
    coc = catalog.certs["COC"]
    plain, held = sheet(coc), sheet(coc, situation=situation)
    dues = next(i for i in plain.items if i.role == "dues").estimate
    exam = next(i for i in held.items if i.role == "exam").estimate
    assert dues is not None and exam is not None and exam.complete
    assert (held.first_year_cheapest.low, held.first_year_cheapest.high) == (exam.low, exam.high)
    assert held.first_year_cheapest.low == plain.first_year_cheapest.low - dues.low
    paid = next(i for i in held.items if i.role == "dues")
    assert not paid.counted and paid.standing is Standing.PAID
    line = summary_lines(held)["first_year"]
    assert line.startswith(f"${exam.low}–${exam.high} on the usual route (exam), plus ")
    assert "a COC course" in line, "the usual route includes the course, named when unpriced"
    assert line.endswith("; not counted: the membership dues you pay already")
    # The situation is per body: an AHIMA credential's sheet is the same as without it.
    assert sheet(catalog.certs["CCS"], situation=situation) is sheet(catalog.certs["CCS"])


def test_a_cpc_a_holder_has_passed_the_cpc_exam(catalog: Catalog) -> None:
    situation = Engine(catalog).recommend({"held": "CPC-A"}).situation
    assert "CPC" in situation.exam_passed
    cpc = catalog.certs["CPC"]
    held = sheet(cpc, situation=situation)
    assert held.first_year_cheapest == Estimate(0, 0)
    standing = {i.role: i.standing for i in held.items if not i.counted}
    assert standing["exam"] is standing["books"] is standing["study"] is Standing.PASSED
    assert standing["dues"] is Standing.PAID
    apprentice = next(i for i in held.items if i.role == "apprentice").estimate
    assert apprentice is not None and held.months_full == apprentice
    lines = summary_lines(held)
    # The preparation is behind them too: no course on the usual route, so no cheaper one.
    assert lines["first_year"] == (
        "$0 on the usual route; not counted: the exam you have passed and the membership dues you pay already"
    )
    assert not has_cheaper_route(held)
    assert lines["first_year_cheapest"] == lines["first_year"].replace("usual", "cheapest")
    assert lines["time"] == f"{apprentice.low}–{apprentice.high} months to the full credential"


def test_the_sheet_is_cached_per_situation_part_that_concerns_it() -> None:
    one = sheet(AAPC_PRICED, situation=PAYS_AAPC)
    other = Situation(frozenset({"AAPC"}), frozenset({"RHIA"}))
    assert sheet(AAPC_PRICED, situation=other) is one
    assert sheet(AAPC_PRICED) is not one


# -- a programme done -------------------------------------------------------------------------


def test_a_programme_done_is_not_charged_and_the_months_start_from_the_exam() -> None:
    plain = sheet(DEGREE)
    done = sheet(DEGREE, situation=Situation(education_done=frozenset({"DEG"})))
    assert plain.programme is Programme.REQUIRED and done.programme is Programme.DONE
    assert (plain.first_year_cheapest.low, plain.first_year_cheapest.high) == (299 + 2880, 299 + 17800)
    assert done.first_year_cheapest == Estimate(299, 299) == done.first_year_usual
    programme = next(i for i in done.items if i.role == "training")
    assert programme.label == "Required programme (done, or in its final term)"
    assert not programme.counted and programme.standing is Standing.DONE
    assert (plain.months_first.low, plain.months_first.high) == (24 + 2, 24 + 3)
    assert (done.months_first.low, done.months_first.high) == (2, 3)
    education = next(i for i in done.items if i.role == "education")
    assert not education.counted and education.standing is Standing.DONE
    lines = summary_lines(done)
    assert lines["first_year"] == (
        "$299 on the usual route (exam); not counted: the required programme, done or in its final term"
    )
    assert not has_cheaper_route(done)
    assert lines["time"] == "2–3 months to the credential"


def test_an_him_graduate_is_not_charged_the_degree_for_rhia(catalog: Catalog) -> None:
    answers = {"background": "him_degree", "him_status": "completed", "goal": "him_manager"}
    situation = Engine(catalog).recommend(answers).situation
    assert "RHIA" in situation.education_done
    rhia = catalog.certs["RHIA"]
    plain, done = sheet(rhia), sheet(rhia, situation=situation)
    programme = next(i for i in plain.items if i.role == "training").estimate
    assert programme is not None and plain.first_year_cheapest.low >= programme.low
    assert done.first_year_cheapest.high < programme.low  # the exam alone
    assert done.months_first.low < 48 <= plain.months_first.low
    assert "the required programme)" not in summary_lines(done)["first_year"]


# -- the worded totals --------------------------------------------------------------------------


def test_an_unknown_exam_fee_is_named_not_counted() -> None:
    lines = summary_lines(sheet(AAPC_NO_EXAM))
    assert lines["first_year"] == (
        "$190–$222 on the usual route (membership), plus NOX exam fee (member), code books, "
        "an NOX course (not known)"
    )
    assert lines["first_year_cheapest"] == (
        "$190–$222 on the cheapest route, without a course (membership), plus NOX exam fee (member), "
        "code books (not known)"
    )
    assert "exam," not in lines["first_year"] and "(exam" not in lines["first_year"]


def test_parts_already_had_are_named_even_when_nothing_is_priced() -> None:
    line = summary_lines(sheet(AAPC_NO_EXAM, situation=PAYS_AAPC))["first_year"]
    assert line == (
        "not known (NOX exam fee (member), code books, an NOX course); not counted: the membership dues "
        "you pay already"
    )


SITUATIONS = (
    Situation(),
    Situation(frozenset({"AAPC"})),
    Situation(frozenset({"AAPC"}), exam_passed=frozenset({"CPC", "COC"})),
    Situation(education_done=frozenset({"RHIT", "RHIA"})),
)


def test_every_shipped_first_year_line_names_only_priced_parts(catalog: Catalog) -> None:
    for cert in catalog.certs.values():
        for situation in SITUATIONS:
            current = sheet(cert, situation=situation)
            training = "course" if current.programme is Programme.NONE else "the required programme"
            names = {"exam": "exam", "dues": "membership", "books": "books", "training": training}
            lines = summary_lines(current)
            for key, route, items, value in (
                ("first_year", "usual route", usual_items(current), current.first_year_usual),
                (
                    "first_year_cheapest",
                    "cheapest route",
                    first_year_items(current),
                    current.first_year_cheapest,
                ),
            ):
                line = lines[key]
                found = re.search(rf"on the {route}(?:, without a course)? \(([^)]*)\)", line)
                covered = found.group(1).split(", ") if found else []
                priced = [
                    names[item.role]
                    for item in items
                    if item.counted and item.estimate is not None and item.estimate.complete
                ]
                assert covered == priced, (cert.code, situation, line)
                for unknown in value.unknown:
                    assert unknown.label in line, (cert.code, line)


def test_the_summary_is_the_usual_route_and_names_an_unpriced_course(catalog: Catalog) -> None:
    # Issue 24: a course is most of what a beginner pays; the first-year figure includes it, as
    # not known when no source prices it, and never leaves it out.
    for cert in catalog.certs.values():
        current = sheet(cert)
        training = next(i for i in current.items if i.role == "training")
        line = summary_lines(current)["first_year"]
        assert current.first_year_usual == current.first_year_cheapest.plus(
            training.estimate or Estimate()
        ) or (
            current.programme is not Programme.NONE
            and current.first_year_usual == current.first_year_cheapest
        ), cert.code
        if training.estimate is not None and not training.estimate.complete:
            assert training.estimate.unknown[0].label in line, (cert.code, line)
    cpc = summary_lines(sheet(catalog.certs["CPC"]))
    assert "a CPC course (not known)" in cpc["first_year"]
    assert "course" not in cpc["first_year_cheapest"].replace("without a course", "")


def test_a_priced_course_is_counted_in_the_usual_route_only() -> None:
    priced = aapc_like("PRC", fact("fees.exam_member", Money(399, 399)), DUES)
    priced = priced._replace(
        facts={**priced.facts, "costs.training": fact("costs.training", Money(1000, 3000), "range")}
    )
    current = sheet(priced)
    assert has_cheaper_route(current)
    assert current.first_year_usual == current.first_year_cheapest.plus(Estimate(1000, 3000))
    lines = summary_lines(current)
    assert lines["first_year"].startswith("$1,589–$3,621 on the usual route (exam, membership, course)")
    assert lines["first_year_cheapest"].startswith(
        "$589–$621 on the cheapest route, without a course (exam, membership)"
    )
    # The low-cost rule still compares the exam and the required dues only (module docstring).
    assert measure(priced, "first_year_cost") == 399 + 190


# -- cost points --------------------------------------------------------------------------------


def test_measure_needs_a_complete_compared_total() -> None:
    assert measure(AAPC_PRICED, "first_year_cost") == 399 + 190  # books unknown: not compared
    assert measure(AAPC_NO_EXAM, "first_year_cost") is None
    unpriced_dues = aapc_like("UDU", fact("fees.exam_member", Money(399, 399)), UNKNOWN_DUES)
    assert measure(unpriced_dues, "first_year_cost") is None  # a known exam beside unknown dues
    unpriced_degree = degree_cert(
        "UDG", fact("costs.training", None, "unknown"), fact("time.education_months", Months(24, 24))
    )
    assert measure(unpriced_degree, "first_year_cost") is None
    assert measure(DEGREE, "first_year_cost") == 299 + 2880


def test_an_unsettled_programme_is_named_but_not_compared() -> None:
    unsettled = degree_cert(
        "UNS", fact("costs.training", None, "unknown"), fact("time.education_months", None, "unknown")
    )
    current = sheet(unsettled)
    assert current.programme is Programme.UNSETTLED
    assert not current.first_year_cheapest.complete  # the sheet still names it
    assert compared_first_year(current) == Estimate(299, 299)
    assert measure(unsettled, "first_year_cost") == 299


@st.composite
def certs(draw: st.DrawFn) -> Cert:
    def money_fact(key: str) -> Fact:
        kind = draw(st.sampled_from(["known", "unknown"]))
        if kind == "unknown":
            return fact(key, None, "unknown")
        low = draw(st.integers(0, 3000))
        return fact(key, Money(low, low + draw(st.integers(0, 500))), "range")

    code = draw(st.text("ABCDEFGH", min_size=3, max_size=3))
    if draw(st.booleans()):
        return aapc_like(code, money_fact("fees.exam_member"), money_fact("fees.membership_dues"))
    education = draw(st.sampled_from([Months(24, 24), None]))
    education_fact = (
        fact("time.education_months", education)
        if education
        else fact("time.education_months", None, draw(st.sampled_from(["not_applicable", "unknown"])))
    )
    return degree_cert(code, money_fact("costs.training"), education_fact, money_fact("fees.exam_non_member"))


@given(st.lists(certs(), min_size=1, max_size=6, unique_by=lambda c: c.code))
def test_scaled_points_never_reward_an_unknown(drawn: list[Cert]) -> None:
    points = scaled_points({c.code: c for c in drawn}, "first_year_cost", 6)
    known = {}
    for one in drawn:
        compared = compared_first_year(sheet(one))
        if compared is not None and compared.complete:
            known[one.code] = compared.low
    assert set(points) <= set(known)  # an unknown total gets neither bonus nor penalty
    assert all(0 < value <= 6 for value in points.values())
    if known:
        assert points[min(known, key=known.__getitem__)] == 6


def test_ccs_p_has_a_cost_figure_once_its_exam_fee_is_known(
    make_data: Callable[..., Path], catalog: Catalog
) -> None:
    low_cost = {r.id: r for r in resolved_rules(catalog)}["priority-low-cost"].points
    assert "CCS-P" not in low_cost and "CIC" not in low_cost  # exam fees not known: no points
    # CPB's figure is a known total, dues included: it is scored on it, behind CCA.
    cpb = catalog.certs["CPB"]
    assert measure(cpb, "first_year_cost") == sheet(cpb).first_year_cheapest.low
    assert 0 < low_cost["CPB"] < low_cost["CCA"] == 6
    start = 'exam_non_member = { status = "unknown", source = "ahima-ccs-faq-old", note = "No current price'
    known = 'exam_non_member = { value = 399, source = "ahima-ccs-faq-old", note = "No current price'
    priced = load_catalog(make_data((start, known)))
    # Its unsettled programme is named on the sheet but not compared: the exam fee is the figure.
    assert measure(priced.certs["CCS-P"], "first_year_cost") == 399
    # It still earns no cost points: its eligibility is unknown ([requires]), and only
    # credentials open to everyone compete on cost (core.points).
    assert priced.certs["CCS-P"].requires is not None
    assert "CCS-P" not in {r.id: r for r in resolved_rules(priced)}["priority-low-cost"].points


def test_the_cost_command_keeps_its_sheets_without_a_situation(runner) -> None:  # type: ignore[no-untyped-def]
    from certadvisor.cli.app import app

    shown = json.loads(runner.invoke(app, ["cost", "CPC", "--json"]).stdout)["certifications"][0]
    dues = next(i for i in shown["items"] if i["role"] == "dues")
    assert dues["counted"] is True and dues["label"] == "AAPC membership dues"
    assert shown["summary"]["first_year"].startswith("$589–$647 on the usual route (exam, membership)")
    assert shown["summary"]["first_year_cheapest"].startswith(
        "$589–$647 on the cheapest route, without a course (exam, membership)"
    )
    assert shown["totals"]["first_year_usual"]["unknown"][-1]["component"] == "a CPC course"


def test_the_cost_table_labels_what_the_person_has_without_a_second_aside(catalog: Catalog) -> None:
    import io

    from rich.console import Console

    from certadvisor.present.terminal.costs import print_costs

    console = Console(file=io.StringIO(), width=200)
    cpc = catalog.certs["CPC"]
    situation = Situation(frozenset({"AAPC"}), exam_passed=frozenset({"CPC"}))
    print_costs(console, [(cpc, sheet(cpc, situation=situation))])
    out = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    assert "AAPC membership dues (you pay them already)" in out
    assert "Exam, one attempt (member) (exam passed already)" in out
    assert "already) (not in the totals)" not in out
    assert "Retake, if needed (not in the totals)" in out  # other uncounted lines still say so
