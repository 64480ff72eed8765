"""Getting hired (issue 24): the [market] facts, each certification's hiring facts and the
work-arrangement question. A figure without a source, a survey, a year or a statistic is refused
at load with its key named; the shipped facts rest on evidence; and the question changes no advice."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from certadvisor.errors import DataError
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import Condition
from certadvisor.model.records import Money, Rate
from certadvisor.model.schema import MARKET_FIELDS, OPTIONAL_SECTIONS

# The shipped remote-share fact, which the broken copies below edit.
REMOTE_SHARE = (
    'remote_share = { value = 55, survey = "respondents to AAPC\'s salary survey", year = 2022, '
    'statistic = "share", source = "aapc-salary-report-2023", '
)
CCA_SURVEY = 'survey = "2,261 first-time testers in the US and Canada", '
CCA_PASS_RATE = "pass_rate = { value = 70, " + CCA_SURVEY
BLS_SURVEY = 'survey = "BLS Occupational Outlook Handbook, medical records specialists", '
MEDIAN_PAY = "median_pay = { value = 50250, " + BLS_SURVEY + 'year = 2024, statistic = "median", '
AAPC_CODES = ("CPC", "COC", "CIC", "CRC", "CPB", "CPMA")
QUESTION = "work_arrangement"


def refusal(path: Path) -> str:
    """The problems a broken copy has, without the file name in front of each."""
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    return str(caught.value).replace(f"{path}: ", "")


# -- what the loader refuses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            REMOTE_SHARE,
            REMOTE_SHARE.replace('source = "aapc-salary-report-2023", ', ""),
            "market.remote_share.source: missing required key",
            id="no-source",
        ),
        pytest.param(
            REMOTE_SHARE,
            REMOTE_SHARE.replace("year = 2022, ", ""),
            "market.remote_share: a rate needs the survey it comes from (its population), its year and "
            "its statistic (pass_rate or share); missing: year",
            id="rate-without-a-year",
        ),
        pytest.param(
            REMOTE_SHARE,
            REMOTE_SHARE.replace('statistic = "share", ', ""),
            "market.remote_share: a rate needs the survey",
            id="rate-without-a-statistic",
        ),
        pytest.param(
            REMOTE_SHARE,
            REMOTE_SHARE.replace("value = 55", "value = 120"),
            "market.remote_share: expected a whole percent from 0 to 100 or a range { low, high } with "
            "low < high, got 120",
            id="rate-over-100",
        ),
        pytest.param(
            REMOTE_SHARE,
            REMOTE_SHARE.replace("value = 55", "value = { low = 50, high = 60 }"),
            'market.remote_share: a range { low, high } needs status = "range"',
            id="rate-range-without-status",
        ),
        pytest.param(
            REMOTE_SHARE,
            REMOTE_SHARE.replace('statistic = "share"', 'statistic = "shares"'),
            "market.remote_share.statistic: expected one of pass_rate or share, got 'shares' "
            "(did you mean share?)",
            id="unknown-statistic",
        ),
        pytest.param(
            "remote_share = {",
            "remote_shares = {",
            "market.remote_shares: unknown key (did you mean remote_share?)",
            id="unknown-market-key",
        ),
        pytest.param(
            MEDIAN_PAY,
            MEDIAN_PAY.replace(BLS_SURVEY, ""),
            "market.median_pay: a salary needs the survey it comes from (its population), its year and its "
            "statistic (median or average); missing: survey",
            id="salary-without-a-survey",
        ),
        pytest.param(
            MEDIAN_PAY,
            MEDIAN_PAY.replace('statistic = "median"', 'statistic = "share"'),
            "market.median_pay.statistic: expected one of median or average, got 'share'",
            id="salary-called-a-share",
        ),
        pytest.param(
            CCA_PASS_RATE,
            CCA_PASS_RATE.replace(CCA_SURVEY, ""),
            "certs.CCA.hiring.pass_rate: a rate needs the survey it comes from",
            id="pass-rate-without-its-population",
        ),
        pytest.param(
            CCA_PASS_RATE,
            CCA_PASS_RATE.replace("value = 70", "value = -5"),
            "certs.CCA.hiring.pass_rate: expected a whole percent from 0 to 100",
            id="negative-pass-rate",
        ),
        pytest.param(
            'remote_when = { work_arrangement = "remote_only" }',
            'remote_when = { work_arrangement = "remote" }',
            "advice.remote_when.work_arrangement: ",
            id="remote-when-names-an-unknown-value",
        ),
    ],
)
def test_a_market_or_hiring_figure_missing_what_it_needs_is_refused_naming_the_key(
    make_data: Callable[..., Path], old: str, new: str, expected: str
) -> None:
    assert expected in refusal(make_data((old, new)))


def test_without_the_market_facts_their_sources_are_uncited(
    make_data: Callable[..., Path], shipped_text: str
) -> None:
    start = shipped_text.index("\n[market]\n")
    end = shipped_text.index("\n\n", start + 1)
    block = shipped_text[start:end]
    # The sources only market facts cite would be uncited without them: refused, by name.
    message = refusal(make_data((block, "")))
    assert "sources.aapc-salary-report-2023: declared but cited by no fact or body" in message


def test_a_market_source_nothing_cites_is_refused(make_data: Callable[..., Path]) -> None:
    path = make_data((REMOTE_SHARE, REMOTE_SHARE.replace("aapc-salary-report-2023", "aapc-salary-2018")))
    assert "sources.aapc-salary-report-2023: declared but cited by no fact or body" in refusal(path)


# -- the shipped facts ------------------------------------------------------------------------


def test_every_shipped_market_fact_is_known_by_name_and_rests_on_evidence(catalog: Catalog) -> None:
    assert list(catalog.market) == [f"market.{name}" for name in MARKET_FIELDS]
    for key, fact in catalog.market.items():
        assert fact.key == key and fact.dimension == "market"
        assert fact.evidence in fact.source.versions, key
        assert fact.fresh_months == catalog.freshness["market"]
        assert fact.status in ("known", "range"), key
        assert fact.note, key  # every market figure says what it covers and where to confirm it


def test_the_remote_share_is_aapcs_2022_survey_figure(catalog: Catalog) -> None:
    share = catalog.market["market.remote_share"]
    assert share.value == Rate(55, 55) and str(share.value) == "55%"
    assert (share.year, share.statistic) == (2022, "share")
    assert share.source.official and share.source.url.startswith("https://www.aapc.com/")
    assert share.note and "not of beginners" in share.note


def test_bls_figures_are_labelled_third_party_with_the_official_page_beside_them(catalog: Catalog) -> None:
    pay = catalog.market["market.median_pay"]
    assert pay.value == Money(50250, 50250)
    assert (pay.year, pay.statistic) == (2024, "median")
    assert not pay.source.official and pay.evidence.kind == "third-party"
    official = [also for also in pay.also if also.source.official]
    assert [also.source.url for also in official] == [
        "https://www.bls.gov/ooh/healthcare/medical-records-and-health-information-technicians.htm"
    ]
    assert official[0].evidence.note and "2021-22 edition" in official[0].evidence.note
    outlook = catalog.market["market.outlook"]
    assert isinstance(outlook.value, str) and "7%" in outlook.value and "14,200" in outlook.value
    assert not outlook.source.official


def test_a_training_price_only_third_parties_give_is_a_range_due_at_once(catalog: Catalog) -> None:
    from certadvisor.core.freshness import THIRD_PARTY_PRICE, due_reason

    cost = catalog.market["market.training_cost"]
    assert cost.status == "range" and cost.value == Money(2000, 7500)
    assert due_reason(cost) == THIRD_PARTY_PRICE


def shipped_hiring(catalog: Catalog) -> Iterator[tuple[str, str]]:
    for code in catalog.certs:
        for name in OPTIONAL_SECTIONS["hiring"]:
            yield code, f"hiring.{name}"


def test_every_certification_says_what_counts_as_experience_and_how_many_pass(catalog: Catalog) -> None:
    for code, key in shipped_hiring(catalog):
        fact = catalog.certs[code].fact(key)
        assert fact.evidence in fact.source.versions, (code, key)
        assert fact.dimension == "hiring" and fact.fresh_months == catalog.freshness["hiring"]
        if fact.status == "unknown":
            assert fact.note, (code, key)


def test_aapc_pass_rates_are_unknown_because_aapc_does_not_publish_them(catalog: Catalog) -> None:
    for code in AAPC_CODES:
        rate = catalog.certs[code].fact("hiring.pass_rate")
        assert rate.status == "unknown" and rate.value is None, code
        assert rate.note and rate.note.startswith("AAPC does not publish pass rates"), code


def test_the_cca_pass_rate_is_the_latest_year_of_ahimas_table(catalog: Catalog) -> None:
    rate = catalog.certs["CCA"].fact("hiring.pass_rate")
    assert rate.value == Rate(70, 70)
    assert (rate.year, rate.statistic) == (2022, "pass_rate")
    assert rate.survey and "first-time testers" in rate.survey and "2,261" in rate.survey
    # Read on a copy of AHIMA's page held elsewhere: the link stays AHIMA's, the host is recorded.
    assert rate.source.official and rate.source.url == "https://www.ahima.org/certification/cca.aspx"
    assert rate.evidence.kind == "archived" and rate.evidence.capture_host == "saviorquiz.com"
    assert rate.evidence.implied is not None and rate.evidence.implied.year == 2022


def test_no_pass_rate_rests_on_an_exam_prep_page(catalog: Catalog) -> None:
    for code, cert in catalog.certs.items():
        rate = cert.fact("hiring.pass_rate")
        if rate.status != "unknown":
            assert rate.source.official, code


# -- the work-arrangement question --------------------------------------------------------------


def every_condition(catalog: Catalog) -> Iterator[tuple[str, Condition]]:
    """Every condition that scores, plans or advises: all but [advice] remote_when."""
    for rule in catalog.rules:
        yield f"rules.{rule.id}", rule.when
    for question in catalog.questions:
        yield f"questions.{question.id}", question.when
    for path in catalog.paths:
        yield f"paths.{path.id}", path.when
    for addition in catalog.path_additions:
        yield f"path_additions.{addition.id}", addition.when
    for expectation in catalog.expectations:
        yield f"expectations.{expectation.id}", expectation.when
    for conflict in catalog.conflicts:
        yield f"conflicts.{conflict.id}", conflict.when
    for offer in catalog.offers:
        yield f"offers.{offer.id}", offer.when
    for code, cert in catalog.certs.items():
        yield from ((f"certs.{code}.next_steps", step.when) for step in cert.next_steps)
        if cert.requires is not None:
            yield f"certs.{code}.requires", cert.requires.met
    advice = catalog.advice
    assert advice is not None and advice.standing is not None
    yield from ((f"starting_points.{p.cert}", p.when) for p in advice.starting_points)
    for table in (advice.standing.member_of, advice.standing.education_done, advice.standing.exam_passed):
        yield from ((f"standing.{name}", when) for name, when in table.items())


def test_work_arrangement_is_a_fact_question_asked_once_after_experience(catalog: Catalog) -> None:
    ids = [question.id for question in catalog.questions]
    assert ids.count(QUESTION) == 1 and ids.index(QUESTION) == ids.index("experience") + 1
    question = catalog.question(QUESTION)
    assert question.kind == "fact" and question.when.always and not question.multiple
    assert question.values == ("remote_only", "hybrid_ok", "no_preference")
    assert question.neutral == "no_preference"
    labels = [choice.label for choice in question.choices]
    assert labels == ["I need to work from home", "Hybrid or on-site is fine", "No preference"]


def test_no_rule_or_advice_reads_work_arrangement_except_the_remote_note(catalog: Catalog) -> None:
    readers = [key for key, when in every_condition(catalog) if QUESTION in when.questions()]
    assert readers == []
    assert all(offer.question != QUESTION for offer in catalog.offers)
    assert catalog.advice is not None and QUESTION not in catalog.advice.signal_questions
    remote = catalog.advice.remote_when
    assert remote is not None and remote.questions() == {QUESTION}
    assert remote.holds({QUESTION: "remote_only"})
    assert not remote.holds({QUESTION: "hybrid_ok"}) and not remote.holds({})


def test_the_readme_lists_the_question_and_its_values() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^\| `work_arrangement` \| `remote_only`, `hybrid_ok`, `no_preference` ", readme, re.M)


def test_the_credential_pay_ladder_is_one_survey_year_and_statistic(catalog: Catalog) -> None:
    # Issue #24: certified against uncertified, and two or three credentials, on one basis,
    # from AAPC's own page (an archived copy), never mixed with the 2025 medians per credential.
    ladder = [
        catalog.market[f"market.pay_{name}"]
        for name in ("uncertified", "certified", "two_credentials", "three_credentials")
    ]
    assert {(f.year, f.statistic, f.source.id) for f in ladder} == {
        (2019, "average", "aapc-salary-survey-2019")
    }
    assert all(f.source.official and f.evidence.kind == "archived" for f in ladder)
    lows = [f.value.low for f in ladder if isinstance(f.value, Money)]
    assert len(lows) == 4 and lows == sorted(lows), "each step up the ladder pays more in this survey"
