"""The data loader: the shipped file is valid, and every class of mistake is named precisely."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from certadvisor.errors import DataError, UnknownCodeError
from certadvisor.load.datafile import default_data_path, load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Money
from certadvisor.model.schema import FACT_FIELDS, OPTIONAL_FACTS, OPTIONAL_SECTIONS

ALL_FACT_KEYS = [f"{section}.{name}" for section, fields in FACT_FIELDS.items() for name in fields]
OPTIONAL_KEYS = {
    f"{section}.{name}"
    for section, fields in (*OPTIONAL_FACTS.items(), *OPTIONAL_SECTIONS.items())
    for name in fields
}

# A line of the shipped file that the broken copies below edit.
CCS_MINUTES = 'minutes = { value = 240, source = "mbc-ccs" }'
CCS_DUES = (
    'membership_dues = { status = "unknown", source = "oep-cca-guide-2026", '
    'note = "No AHIMA page with current dues was found. A 2026 third-party exam guide puts '
    "professional membership at $149 a year; check AHIMA's membership page on ahima.org and weigh "
    'the dues against the member discounts on the exam and on recertification." }'
)
# CCA's dues line is the same, so edits to CCS's are anchored on the line before it.
CCS_MEMBERSHIP = (
    'membership_required = { value = false, source = "mbc-ccs", '
    'note = "Member and non-member prices both exist." }\n'
)
INPATIENT_RULE = (
    'id = "setting-inpatient"\nwhen = { held = { one_of = ["none", "CPC-A"] }, setting = "inpatient" }'
)
INPATIENT_POINTS = "points = { CCS = 20, CIC = 14, CPC = -10, COC = -10, CCS-P = -10 }"
CODES = "CPC, CCS, COC, CIC, CRC, CCA, CCS-P, RHIT, CPB, CPMA, RHIA, CDIP, CCDS"


# ---------------------------------------------------------------------------------------------
# The shipped data
# ---------------------------------------------------------------------------------------------


def test_shipped_data_loads_with_cpc_and_ccs(catalog: Catalog) -> None:
    assert catalog.path == default_data_path()
    assert {"CPC", "CCS"} <= set(catalog.certs)
    assert catalog.certs["CPC"].body.code == "AAPC"
    assert catalog.certs["CCS"].body.code == "AHIMA"
    # The neighbouring certifications follow, in this order (also the tie-break order).
    assert ", ".join(catalog.certs) == CODES
    assert {code: cert.body.code for code, cert in catalog.certs.items()} == {
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
    # The quiz data is part of the same file and must load with it.
    assert catalog.questions and catalog.rules


def test_load_catalog_without_a_path_reads_the_shipped_file(catalog: Catalog) -> None:
    assert set(load_catalog().certs) == set(catalog.certs)


@pytest.mark.parametrize("code", CODES.split(", "))
def test_every_fact_is_present_sourced_and_rests_on_evidence(catalog: Catalog, code: str) -> None:
    cert = catalog.certs[code]
    assert set(ALL_FACT_KEYS) <= set(cert.facts) <= set(ALL_FACT_KEYS) | OPTIONAL_KEYS
    for key in cert.facts:
        fact = cert.fact(key)
        assert fact.key == key
        assert fact.source.url.startswith("https://"), (key, fact.source.url)
        assert fact.evidence in fact.source.versions, key
        assert fact.compared <= catalog.updated, f"{code} {key} is compared after meta.updated"
        if fact.evidence.date is not None:
            assert fact.evidence.date.first_day() <= fact.compared, key
        assert fact.status in ("known", "range", "unknown", "not_applicable"), key
        if fact.status in ("known", "range"):
            assert fact.value is not None, key
        else:
            assert fact.value is None and fact.note, key


def test_cpc_exam_fee_is_an_unsettled_range_with_a_note(catalog: Catalog) -> None:
    fee = catalog.certs["CPC"].fact("fees.exam_member")
    assert fee.status == "range"
    assert isinstance(fee.value, Money) and fee.value.low < fee.value.high
    assert fee.note and fee.note.strip()


def test_one_and_two_attempt_prices_are_separate_facts(catalog: Catalog) -> None:
    for code in ("CPC", "COC", "CRC"):
        one = catalog.certs[code].fact("fees.exam_member")
        two = catalog.certs[code].fact("fees.exam_member_two_attempts")
        assert isinstance(one.value, Money) and isinstance(two.value, Money)
        assert one.value.high < two.value.low, code  # never one range that mixes the two


def test_ahima_credentials_carry_the_recertification_fee(catalog: Catalog) -> None:
    for cert in catalog.certs.values():
        if cert.body.code == "AHIMA":
            assert "renewal.fee_non_member" in cert.facts, cert.code
            assert "renewal.fee_member" in cert.facts, cert.code


def test_ccs_membership_dues_are_unknown_with_a_note(catalog: Catalog) -> None:
    dues = catalog.certs["CCS"].fact("fees.membership_dues")
    assert dues.status == "unknown"
    assert dues.value is None
    assert dues.note and "ahima.org" in dues.note


def test_ccs_exam_minutes(catalog: Catalog) -> None:
    minutes = catalog.certs["CCS"].fact("exam.minutes")
    assert minutes.value == 240
    assert minutes.status == "known"


@pytest.mark.parametrize("typed", ["CPC", "cpc", " Cpc "])
def test_lookup_is_case_insensitive(catalog: Catalog, typed: str) -> None:
    assert catalog.lookup(typed).code == "CPC"


def test_lookup_of_an_unknown_code_suggests_the_closest(catalog: Catalog) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        catalog.lookup("CSS")
    message = str(caught.value)
    assert "'CSS'" in message
    assert "did you mean CCS?" in message
    assert "CPC" in message and "CCS" in message


# ---------------------------------------------------------------------------------------------
# Broken copies: one case per class of mistake, each naming the file and the dotted key
# ---------------------------------------------------------------------------------------------

BROKEN = [
    pytest.param(
        [(CCS_MINUTES, CCS_MINUTES.replace("minutes", "minutse"))],
        "certs.CCS.exam.minutse",
        ["unknown key", "did you mean minutes"],
        id="unknown-key",
    ),
    pytest.param(
        # A second table for CPC, spelt in lower case, next to the real one.
        [("\n[certs.CCS]\n", '\n[certs.cpc]\nname = "A second CPC"\n\n[certs.CCS]\n')],
        "certs.cpc",
        ["duplicate certification code", "CPC"],
        id="duplicate-code-any-case",
    ),
    pytest.param(
        [(CCS_MINUTES, CCS_MINUTES.replace("value = 240", 'value = "four"'))],
        "certs.CCS.exam.minutes",
        ['expected an integer, got "four"'],
        id="wrong-type",
    ),
    pytest.param(
        [(CCS_MINUTES, CCS_MINUTES.replace(" }", ', compared = "last spring" }'))],
        "certs.CCS.exam.minutes.compared",
        ["expected a date", '"last spring"'],
        id="unparseable-date",
    ),
    pytest.param(
        [(CCS_MINUTES + "\n", "")],
        "certs.CCS.exam.minutes",
        ["missing required key"],
        id="missing-fact",
    ),
    pytest.param(
        [(CCS_MINUTES, CCS_MINUTES.replace('"mbc-ccs"', '"mbc-css"'))],
        "certs.CCS.exam.minutes.source",
        ["unknown source 'mbc-css'", "did you mean mbc-ccs"],
        id="unknown-source",
    ),
    pytest.param(
        [
            (
                CCS_MEMBERSHIP + CCS_DUES,
                CCS_MEMBERSHIP + CCS_DUES.replace('status = "unknown"', 'status = "unkown"'),
            )
        ],
        "certs.CCS.fees.membership_dues.status",
        ['"unkown"', "did you mean unknown", "known, range, unknown or not_applicable"],
        id="unknown-status",
    ),
    pytest.param(
        [(CCS_MEMBERSHIP + CCS_DUES, CCS_MEMBERSHIP + CCS_DUES.split(", note = ")[0] + " }")],
        "certs.CCS.fees.membership_dues.note",
        ["status 'unknown' needs a note"],
        id="unknown-fact-without-note",
    ),
    pytest.param(
        [(INPATIENT_RULE, INPATIENT_RULE.replace(", setting =", ", seting ="))],
        "rules.setting-inpatient.when.seting",
        ["unknown question or operator 'seting'", "did you mean setting"],
        id="rule-unknown-question",
    ),
    pytest.param(
        [(INPATIENT_RULE, INPATIENT_RULE.replace('"inpatient" }', '"inpatent" }'))],
        "rules.setting-inpatient.when.setting",
        ["'inpatent' is not a value of question 'setting'", "did you mean inpatient"],
        id="rule-unknown-value",
    ),
    pytest.param(
        [
            (
                INPATIENT_RULE,
                INPATIENT_RULE.replace('"inpatient" }', '{ one_off = ["inpatient"] } }'),
            )
        ],
        "rules.setting-inpatient.when.setting",
        ["unknown test 'one_off'", "did you mean one_of"],
        id="rule-unknown-test-operator",
    ),
    pytest.param(
        [
            (
                INPATIENT_RULE,
                INPATIENT_RULE.replace('setting = "inpatient" }', 'anyy = [{ setting = "inpatient" }] }'),
            )
        ],
        "rules.setting-inpatient.when.anyy",
        ["unknown question or operator 'anyy'", "did you mean any"],
        id="rule-unknown-combinator",
    ),
    pytest.param(
        [(INPATIENT_POINTS, INPATIENT_POINTS.replace("CCS = 20", "CSS = 20"))],
        "rules.setting-inpatient.points.CSS",
        ["unknown certification", "did you mean CCS", f"known: {CODES}"],
        id="rule-points-unknown-certification",
    ),
]


@pytest.mark.parametrize(("replacements", "key", "fragments"), BROKEN)
def test_data_error_names_file_and_key(
    make_data: Callable[..., Path], replacements: list[tuple[str, str]], key: str, fragments: list[str]
) -> None:
    path = make_data(*replacements)
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    message = str(caught.value)
    prefix = f"{path}: {key}: "
    lines = [line for line in message.splitlines() if line.startswith(prefix)]
    assert lines, f"no problem line starts with {prefix!r}:\n{message}"
    for fragment in fragments:
        assert any(fragment in line for line in lines), f"{fragment!r} not in {lines}"


def test_wrong_type_message_is_exactly_one_line(make_data: Callable[..., Path]) -> None:
    path = make_data((CCS_MINUTES, CCS_MINUTES.replace("value = 240", 'value = "four"')))
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    assert str(caught.value) == f'{path}: certs.CCS.exam.minutes: expected an integer, got "four"'


def test_every_problem_is_reported_together(make_data: Callable[..., Path]) -> None:
    path = make_data(
        (CCS_MINUTES, CCS_MINUTES.replace("value = 240", 'value = "four"')),
        (INPATIENT_POINTS, INPATIENT_POINTS.replace("CCS = 20", "CSS = 20")),
    )
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert message.splitlines()[0] == f"{path}: 2 problems in the data file"
    assert f"{path}: certs.CCS.exam.minutes: expected an integer" in message
    assert f"{path}: rules.setting-inpatient.points.CSS: unknown certification" in message


def test_malformed_toml_names_line_and_column(make_data: Callable[..., Path], shipped_text: str) -> None:
    broken = CCS_MINUTES.replace("value = 240,", "value = 240")  # a missing comma
    path = make_data((CCS_MINUTES, broken))
    line = shipped_text[: shipped_text.index(CCS_MINUTES)].count("\n") + 1
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not valid TOML")
    assert f"line {line}," in message
    assert "column" in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "certs.toml"
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    assert str(caught.value) == f"{path}: data file not found"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load_catalog(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path}: ")
    assert "directory" in str(caught.value)


def test_data_error_is_a_usage_error() -> None:
    # The CLI maps this exit code; a bad data file must not look like a crash (exit 1).
    assert DataError("x").exit_code == 2


# The CCS-P requirement table as shipped: removing it leaves an unknown eligibility unexplained.
CCS_P_REQUIRES_HEAD = '[certs."CCS-P".requires]\ntext = "CCS-P\'s eligibility rules were not found'


def test_unknown_eligibility_without_a_requirement_table_is_refused(
    make_data: Callable[..., Path], shipped_text: str
) -> None:
    start = shipped_text.index(CCS_P_REQUIRES_HEAD)
    end = shipped_text.index('[certs."CCS-P".eligibility]')
    path = make_data((shipped_text[start:end], ""))
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    line = f'{path}: certs.CCS-P.requires: missing: eligibility.required is "unknown"'
    assert str(caught.value).startswith(line)
    assert "[certs.CCS-P.requires]" in str(caught.value)


def test_every_certification_with_unknown_eligibility_states_what_to_check(catalog: Catalog) -> None:
    unknown = [c for c in catalog.certs.values() if c.facts["eligibility.required"].status == "unknown"]
    assert {c.code for c in unknown} >= {"CDIP", "CCS-P"}
    assert all(c.requires is not None and c.requires.text for c in unknown)
