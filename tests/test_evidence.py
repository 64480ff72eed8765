"""Evidence and canonical sources: what the loader refuses (with the key and the rule, in one line,
exit 2), how evidence reads on the screen, and the shipped data's corrections (issue 23)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLI_ENV, EnvRunner

from certadvisor.cli.app import app
from certadvisor.core.freshness import THIRD_PARTY_PRICE, due_reason, is_stale
from certadvisor.errors import DataError
from certadvisor.load.datafile import load_catalog
from certadvisor.load.validate.urls import canonical, host_problem, text_problem, url_problem
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Evidence, Money, PartialDate, Source
from certadvisor.present.fact_text import evidence_text, evidence_words

FAQ = 'url = "https://www.aapc.com/resources/cpc-exam-faqs"\npublisher = "AAPC"\nofficial = true\n'
FAQ_READ = FAQ + 'evidence = [{ kind = "archived", date = "undated", compared = 2026-11-29 }]'
MBC_READ = (
    'publisher = "mbc-bv6.pages.dev"\nofficial = false\n'
    'evidence = [{ kind = "third-party", date = "2026-02", compared = 2026-11-29 }]'
)
MINUTES = 'minutes = { value = 240, source = "mbc-ccs" }'
STEP = 'text = "Join AAPC: membership is required before you can book the CPC exam."\n'
STEP_URL = 'url = "https://www.aapc.com/membership/"'
TODAY = dt.date(2026, 12, 7)


def refusal(path: Path) -> str:
    """The one problem a broken copy has: the loader's message, which must be a single line."""
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: ")
    return message[len(f"{path}: ") :]


# -- missing or wrong evidence ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            FAQ_READ,
            FAQ.rstrip("\n"),
            "sources.aapc-cpc-faq.evidence: missing required key: what was read",
            id="no-evidence",
        ),
        pytest.param(
            FAQ_READ,
            FAQ + 'evidence = [{ kind = "archived", date = "undated" }]',
            "sources.aapc-cpc-faq.evidence[0].compared: missing required key",
            id="no-compared-day",
        ),
        pytest.param(
            FAQ_READ,
            FAQ + 'evidence = [{ date = "undated", compared = 2026-11-29 }]',
            "sources.aapc-cpc-faq.evidence[0].kind: missing required key",
            id="no-kind",
        ),
        pytest.param(
            FAQ_READ,
            FAQ + 'evidence = [{ kind = "archived", compared = 2026-11-29 }]',
            "sources.aapc-cpc-faq.evidence[0].date: missing required key",
            id="no-date-not-even-undated",
        ),
        pytest.param(
            FAQ_READ,
            FAQ + 'evidence = [{ kind = "checked", date = "undated", compared = 2026-11-29 }]',
            "sources.aapc-cpc-faq.evidence[0].kind: expected one of live, archived or third-party",
            id="unknown-kind",
        ),
        pytest.param(
            FAQ_READ,
            FAQ_READ.replace('"archived"', '"third-party"'),
            "sources.aapc-cpc-faq.evidence[0].kind: the source is official, so its evidence is live or "
            "archived",
            id="official-page-called-third-party",
        ),
        pytest.param(
            MBC_READ,
            MBC_READ.replace('"third-party"', '"live"'),
            "sources.mbc-ccs.evidence[0].kind: the source is not official, so its evidence is third-party",
            id="third-party-page-called-the-bodys",
        ),
        pytest.param(
            MBC_READ,
            MBC_READ.replace('"2026-02"', '"Feb 2026"'),
            "sources.mbc-ccs.evidence[0].date: expected a date as precise as the page gives it",
            id="date-in-words",
        ),
        pytest.param(
            MBC_READ,
            MBC_READ.replace('date = "2026-02"', 'date = "2026-02", implies = 2026'),
            "sources.mbc-ccs.evidence[0].implies: only an undated page implies a date",
            id="implies-beside-a-page-date",
        ),
        pytest.param(
            MBC_READ,
            MBC_READ.replace("compared = 2026-11-29", "compared = 2026-01-15"),
            "sources.mbc-ccs.evidence[0].compared: 2026-01-15 is before the evidence date 2026-02",
            id="version-compared-before-its-date",
        ),
        pytest.param(
            MINUTES,
            MINUTES.replace(" }", ", compared = 2026-01-31 }"),
            "certs.CCS.exam.minutes.compared: 2026-01-31 is before the evidence date 2026-02: a fact "
            "cannot be compared with a page before the page's date",
            id="fact-newer-than-its-evidence",
        ),
        pytest.param(
            MINUTES,
            MINUTES.replace(" }", ", compared = 2062-01-01 }"),
            "certs.CCS.exam.minutes.compared: 2062-01-01 is after meta.updated (2026-12-07)",
            id="fact-compared-after-the-file",
        ),
        pytest.param(
            MINUTES,
            MINUTES.replace(" }", ", checked = 2026-11-29 }"),
            "certs.CCS.exam.minutes.checked: schema 3 records what was read on the source",
            id="old-checked-key",
        ),
        pytest.param(
            MINUTES,
            MINUTES.replace(" }", ', version = "2019" }'),
            "certs.CCS.exam.minutes.version: unknown version '2019' of mbc-ccs",
            id="unknown-version",
        ),
        pytest.param(
            'source = "aapc-cpc", version = "2018" }',
            'source = "aapc-cpc" }',
            "version: missing required key: aapc-cpc has several versions (2018 or 2022)",
            id="several-versions-and-none-named",
        ),
        pytest.param(
            FAQ_READ,
            FAQ_READ.replace(" }]", ', capture_host = "https://cms-test.ahima.org/faq" }]'),
            "sources.aapc-cpc-faq.evidence[0].capture_host: expected a bare host name",
            id="capture-host-is-a-url",
        ),
        pytest.param(
            FAQ_READ,
            FAQ_READ.replace(" }]", ', capture_host = "aapc.com" }]'),
            "capture_host: aapc.com is the citation's own host",
            id="capture-host-is-the-citations",
        ),
        pytest.param(
            "[meta]\nschema = 3\n",
            "[meta]\nschema = 2\n",
            "meta.schema: this file uses schema 2 (facts dated with stated and checked); schema 3",
            id="schema-2-file",
        ),
    ],
)
def test_missing_or_wrong_evidence_is_refused_naming_the_key_and_the_rule(
    make_data: Callable[..., Path], old: str, new: str, expected: str
) -> None:
    message = refusal(make_data((old, new)))
    assert expected in message


# -- canonical addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            FAQ,
            FAQ.replace("cpc-exam-faqs", "cpc-exam-faqs?utm_source=adwords&gclid=x"),
            "sources.aapc-cpc-faq.url: tracking parameter utm_source (rule: no tracking parameters",
            id="tracking-parameter",
        ),
        pytest.param(
            FAQ,
            FAQ.replace("cpc-exam-faqs", "cpc-exam-faqs?hsa_cam=1"),
            "tracking parameter hsa_cam",
            id="hsa-parameter",
        ),
        pytest.param(
            FAQ,
            FAQ.replace("cpc-exam-faqs", "cpc-exam-faqs?fbclid=1"),
            "tracking parameter fbclid",
            id="fbclid",
        ),
        pytest.param(
            FAQ,
            FAQ.replace("https://", "http://"),
            "sources.aapc-cpc-faq.url: plain http:// address (rule: https only)",
            id="plain-http",
        ),
        pytest.param(
            FAQ,
            FAQ.replace("www.aapc.com", "cms-qa.aapc.com"),
            "sources.aapc-cpc-faq.url: cms-qa.aapc.com is a test or staging host (rule: no test, QA, "
            "staging or load-balancer hosts)",
            id="qa-host",
        ),
        pytest.param(
            FAQ,
            FAQ.replace("www.aapc.com", "conference-test.aapc.com"),
            "conference-test.aapc.com is a test or staging host",
            id="test-host",
        ),
        pytest.param(
            FAQ,
            FAQ.replace("www.aapc.com", "acdis.static.hcprostage.com"),
            "acdis.static.hcprostage.com is a test or staging host",
            id="staging-host",
        ),
        pytest.param(
            FAQ,
            FAQ.replace("www.aapc.com", "aapc-1.us-east-1.elb.amazonaws.com"),
            "is a load-balancer host",
            id="load-balancer-host",
        ),
        pytest.param(
            FAQ,
            FAQ.replace(
                "https://www.aapc.com/resources/cpc-exam-faqs", "https://aapc.com/membership/faq.aspx/"
            ),
            "sources.aapc-membership-faq.url: the same page as sources.aapc-cpc-faq (rule: one page, "
            "one source id)",
            id="two-ids-for-one-page",
        ),
        pytest.param(
            STEP + STEP_URL,
            STEP + STEP_URL.replace("https://", "http://"),
            "certs.CPC.next_steps[0].url: plain http:// address (rule: https only)",
            id="step-url-http",
        ),
        pytest.param(
            STEP + STEP_URL,
            STEP + STEP_URL.replace("/membership/", "/membership/?utm_campaign=x"),
            "certs.CPC.next_steps[0].url: tracking parameter utm_campaign",
            id="step-url-tracking",
        ),
        pytest.param(
            MINUTES,
            MINUTES.replace(" }", ', note = "Seen on cms-test.ahima.org in 2021." }'),
            "certs.CCS.exam.minutes.note: cms-test.ahima.org is a test or staging host (rule: no test, "
            "QA, staging or load-balancer hosts); record it as capture_host on the source",
            id="test-host-in-a-note",
        ),
        pytest.param(
            MINUTES,
            MINUTES.replace(" }", ', note = "See https://www.aapc.com/cpc/?gclid=abc." }'),
            "certs.CCS.exam.minutes.note: tracking parameter gclid",
            id="tracking-url-in-a-note",
        ),
        pytest.param(
            'website = "https://www.aapc.com"',
            'website = "http://www.aapc.com"',
            "bodies.AAPC.website: plain http:// address",
            id="body-website-http",
        ),
    ],
)
def test_a_forbidden_address_is_refused_naming_the_key_and_the_rule(
    make_data: Callable[..., Path], old: str, new: str, expected: str
) -> None:
    assert expected in refusal(make_data((old, new)))


def test_the_refusal_reaches_the_command_line_as_one_line_and_exit_2(make_data: Callable[..., Path]) -> None:
    path = make_data((FAQ, FAQ.replace("https://", "http://")))
    result = EnvRunner(env=CLI_ENV).invoke(app, ["check-data", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"Error: {path}: sources.aapc-cpc-faq.url: plain http:// address (rule: https only); "
        "write https://www.aapc.com/resources/cpc-exam-faqs"
    ]


@pytest.mark.parametrize(
    "host",
    [
        "test.example.org",
        "qa.example.org",
        "stage.example.org",
        "staging.example.org",
        "cms-test.ahima.org",
        "cms-qa.ahima.org",
        "www-staging.example.org",
        "x.elb.amazonaws.com",
    ],
)
def test_deployment_hosts_are_recognised(host: str) -> None:
    assert host_problem(host)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.ahima.org/certification/Recertification",
        "https://my2.ahima.org/x",
        "https://intercom.help/a",
        "https://acdis.org/faq/208",
        "https://www.aapc.com/a?page=2",
    ],
)
def test_public_addresses_pass(url: str) -> None:
    assert url_problem(url) is None


def test_duplicates_are_found_across_host_and_slash_forms() -> None:
    assert canonical("https://www.aapc.com/certification/cpc/") == canonical(
        "https://aapc.com/certification/cpc"
    )
    assert canonical("https://aapc.com/a#part") == canonical("https://aapc.com/a")
    assert canonical("https://aapc.com/A") != canonical("https://aapc.com/a")


def test_prose_about_a_test_host_passes_but_its_name_does_not() -> None:
    assert text_problem("read only on a test host, about 2021") is None
    assert text_problem("apprentice_status.aspx, e.g. the U.S. page on ahima.org") is None
    assert text_problem("on conference-test.ahima.org") is not None


# -- how evidence reads ------------------------------------------------------------------------


def _page(official: bool, *versions: Evidence) -> Source:
    return Source("p", "P", "https://example.org/p", "AAPC" if official else "Guide", official, versions)


@pytest.mark.parametrize(
    ("official", "read", "words"),
    [
        (True, Evidence("", "archived", None, None, TODAY), "AAPC page, undated copy"),
        (
            True,
            Evidence("", "archived", None, PartialDate(2022), TODAY),
            "AAPC page, undated copy (content implies 2022)",
        ),
        (
            True,
            Evidence("", "archived", PartialDate(2021, 12, 23), None, TODAY),
            "AAPC page dated 23 Dec 2021, copy",
        ),
        (
            True,
            Evidence("", "archived", None, None, TODAY, "cms-test.ahima.org"),
            "AAPC page, undated copy from another host, unverified",
        ),
        (True, Evidence("", "live", None, None, TODAY), "AAPC live page"),
        (True, Evidence("", "live", PartialDate(2024, 6), None, TODAY), "AAPC live page dated Jun 2024"),
        (
            False,
            Evidence("", "third-party", PartialDate(2026, 2), None, TODAY),
            "third-party page dated Feb 2026",
        ),
        (False, Evidence("", "third-party", None, None, TODAY), "undated third-party page"),
        (
            False,
            Evidence("", "third-party", None, PartialDate(2025, 5), TODAY),
            "undated third-party page (content implies May 2025)",
        ),
    ],
)
def test_evidence_reads_as_what_was_read_never_a_bare_checked(
    official: bool, read: Evidence, words: str
) -> None:
    assert evidence_words(_page(official, read), read) == words


def test_the_capture_host_is_never_in_the_link_or_the_words(catalog: Catalog) -> None:
    rhia = catalog.sources["ahima-rhia"]
    assert rhia.url == "https://www.ahima.org/certification-careers/certification-exams/rhia"
    assert rhia.versions[0].capture_host == "conference-test.ahima.org"
    fact = catalog.certs["RHIA"].fact("focus.setting")
    assert "conference-test" not in evidence_text(fact) and "unverified" in evidence_text(fact)


# -- the shipped data ----------------------------------------------------------------------------


def test_every_shipped_address_is_canonical_and_every_page_has_one_id(catalog: Catalog) -> None:
    pages = [source.url for source in catalog.sources.values()]
    assert not [url for url in pages if url_problem(url)]
    assert len({canonical(url) for url in pages}) == len(pages)
    steps = [step.url for cert in catalog.certs.values() for step in cert.next_steps if step.url]
    assert not [url for url in steps if url_problem(url)]
    assert all(source.versions for source in catalog.sources.values())


def test_no_shipped_date_is_a_day_the_page_did_not_give(catalog: Catalog) -> None:
    # A survey year stays a year: the CPC and CIC salaries once carried invented 1 January dates.
    implied_days = [
        (source.id, v.version)
        for source in catalog.sources.values()
        for v in source.versions
        if v.implied is not None and v.implied.day is not None
    ]
    assert implied_days == []
    assert catalog.sources["aapc-salary-2018"].versions[0].implied == PartialDate(2018)
    assert {v.version: v.implied for v in catalog.sources["aapc-cpc"].versions} == {
        "2018": PartialDate(2018),
        "2022": PartialDate(2022),
    }


def test_one_survey_and_one_statistic_for_every_salary(catalog: Catalog) -> None:
    salaries = [
        cert.fact("career.salary") for cert in catalog.certs.values() if cert.fact("career.salary").value
    ]
    assert {(fact.year, fact.survey) for fact in salaries} == {
        (2025, "AAPC salary survey, median, as reproduced by a third party")
    }
    assert sorted(cert.code for cert in catalog.certs.values() if cert.fact("career.salary").value) == [
        "CIC",
        "COC",
        "CPB",
        "CPC",
        "CPMA",
        "CRC",
    ]


def test_ahima_exams_are_test_centre_only_and_online_is_marked_unsettled(catalog: Catalog) -> None:
    for code in ("CCS", "CCA", "CCS-P", "RHIT", "CDIP"):
        delivery = catalog.certs[code].fact("exam.delivery")
        assert delivery.value == ("Pearson VUE test centre",), code
        assert delivery.note and "unsettled" in delivery.note, code
        assert delivery.source.id != "ahima-announcements", code
    announcement = catalog.sources["ahima-announcements"].versions[0]
    assert announcement.kind == "archived" and announcement.implied == PartialDate(2020)


def test_the_ahima_renewal_fee_is_a_range_of_both_sources(catalog: Catalog) -> None:
    for cert in catalog.certs.values():
        if cert.body.code != "AHIMA":
            continue
        fee = cert.fact("renewal.fee_non_member")
        assert fee.status == "range" and fee.value == Money(218, 249), cert.code
        assert {fee.source.id, *(also.source.id for also in fee.also)} == {"oep-cca-guide-2026", "mbct-cca"}
        assert due_reason(fee) == THIRD_PARTY_PRICE


def test_retake_waits_rhia_and_rhit_are_unsettled_and_no_fact_cites_an_unreadable_page(
    catalog: Catalog,
) -> None:
    for code in ("RHIA", "RHIT"):
        note = catalog.certs[code].fact("costs.retake").note or ""
        assert "unsettled" in note and "30 days" in note and "90 days" in note, code
    assert "himp-cca" not in catalog.sources


def test_cpb_fee_follows_the_one_rule_for_retired_formats(catalog: Catalog) -> None:
    cpb = catalog.certs["CPB"]
    assert cpb.fact("fees.exam_member").source.id == "mbc-guide"
    assert cpb.fact("fees.exam_member_two_attempts").status == "unknown"
    citing = [f.key for f in cpb.facts.values() if f.source.id == "mbct-cpb"]
    assert citing == []  # the page describing the retired exam backs no CPB fact
    assert cpb.fact("renewal.ceus").source.id == "aapc-ceu"


def test_the_cpc_apprentice_removal_says_what_is_read_and_what_is_not(catalog: Catalog) -> None:
    removal = catalog.certs["CPC"].fact("apprentice.removal")
    assert removal.evidence.version == "newer"
    assert removal.note and "third is not visible" in removal.note and "unsettled" in removal.note


def test_most_shipped_facts_are_due_under_the_evidence_model(catalog: Catalog) -> None:
    items = [f for cert in catalog.certs.values() for f in cert.facts.values()]
    assert sum(is_stale(f, TODAY) for f in items) > len(items) / 2
