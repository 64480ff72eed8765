"""Hostile data files, round three (issue #26): what the loader refuses, and how fast it checks.

Each class is refused at load, with one message naming the file, the table and key, and what is
allowed, and exit 2; never a traceback later, in front of a user. The hostile files are built by
``hostile_builders`` from the shipped one.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path

import hostile_builders as hb
import pytest
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core.findings import Audit, Broken, example_command
from certadvisor.core.freshness import add_months
from certadvisor.errors import AnswersError
from certadvisor.load.answers import load_answers, validate
from certadvisor.load.datafile import DATA_ENV, load_catalog
from certadvisor.load.validate.problems import LAST_DAY
from certadvisor.model.catalog import Catalog

ESC = "\x1b"


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80", DATA_ENV: None})


def refused(cli: CliRunner, path: Path, *fragments: str, args: tuple[str, ...] = ("check-data",)) -> str:
    """``args`` on the data file ``path`` end in exit 2 and one error naming the file and every
    fragment, with nothing on stdout and no traceback."""
    result = cli.invoke(app, ["--data", str(path), *args])
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stdout == ""
    stderr = result.stderr
    assert stderr.startswith(f"Error: {path}: ") and stderr.count("Error: ") == 1, stderr
    assert "Traceback" not in stderr and ESC not in stderr
    for fragment in fragments:
        assert fragment in stderr, (fragment, stderr)
    return stderr


def write(tmp_path: Path, text: str, name: str = "hostile.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- items 2 and 17: certification and body codes are short ASCII names -------------------------

CODE_RULE = "1 to 16 ASCII letters, digits and hyphens"


@pytest.mark.parametrize(
    "code",
    [
        "[link=file:///etc/passwd]ZZ[/link]",  # rich markup
        "[blink]CCS[/blink]",
        "CРC",  # a Cyrillic Р beside the Latin CPC
        "ＣＰＣ",  # full-width letters
        "C P C",
        "A" * 17,
        "-CPC",
    ],
)
@pytest.mark.parametrize("args", [("check-data",), ("compare", "CPC", "CCS")])
def test_a_code_that_is_not_short_ascii_is_refused(
    cli: CliRunner, shipped_text: str, tmp_path: Path, code: str, args: tuple[str, ...]
) -> None:
    path = write(tmp_path, hb.with_code(shipped_text, code))
    stderr = refused(cli, path, "certs: ", "as a certification code", CODE_RULE, args=args)
    assert stderr.count("\n") == 1, stderr  # one problem: the rules and paths naming it are not piled on


def test_a_body_code_that_is_not_short_ascii_is_refused(
    cli: CliRunner, shipped_text: str, tmp_path: Path
) -> None:
    text = shipped_text.replace("[bodies.ACDIS]", '[bodies."[link=https://x.example]ACDIS[/link]"]', 1)
    refused(cli, write(tmp_path, text), "bodies: ", "as a body code", CODE_RULE)


def test_the_shipped_codes_follow_the_rule(cli: CliRunner, shipped_text: str, tmp_path: Path) -> None:
    """CCS-P, CPC-A and every shipped code load, and so does a new code of the same shape."""
    result = cli.invoke(app, ["--data", str(write(tmp_path, hb.with_code(shipped_text, "ZZ-9"))), "list"])
    assert result.exit_code == 0, result.stderr
    assert "ZZ-9" in result.stdout and "CCS-P" in result.stdout


# --- items 8 and 16: question ids and choice values are ASCII names; example commands quoted ----


@pytest.mark.parametrize("qid", ["café", "Setting", "x-y", "_x", "9x", "x" * 41, "[b]x[/b]"])
def test_a_question_id_that_is_not_ascii_is_refused(
    cli: CliRunner, shipped_text: str, tmp_path: Path, qid: str
) -> None:
    path = write(tmp_path, hb.with_question(shipped_text, qid, ["n", "a"], rules=0))
    refused(cli, path, f"questions.{qid}.id: ", "as a question id", "ASCII lower-case letters, digits and _")


@pytest.mark.parametrize("value", ["a;touch x;#", "$(touch x)", "a b", "CРC-A", "a+b", "-a", "a" * 41, "`x`"])
def test_a_choice_value_that_is_not_ascii_is_refused(
    cli: CliRunner, shipped_text: str, tmp_path: Path, value: str
) -> None:
    path = write(tmp_path, hb.with_question(shipped_text, "zz", ["n", value]))
    rule = "ASCII letters, digits, _ and -"
    refused(cli, path, "questions.zz.choices[1].value: ", "as a choice value", rule)


def test_the_shipped_ids_and_values_follow_the_rules(catalog: Catalog) -> None:
    """held's values are codes such as CPC-A and CCS-P; set answers join them with "+"."""
    held = catalog.question("held")
    assert "CPC-A" in held.values and "CCS-P" in held.values
    assert any("+" in value for value in held.values)  # the stacks, joined after the check


def test_saved_answers_read_back(cli: CliRunner, tmp_path: Path) -> None:
    """With ASCII ids, the TOML that --save-answers writes is a file recommend reads."""
    from certadvisor.present.replay import saved_answers_text

    catalog = load_catalog()
    answers = {q.id: q.values[-1] for q in catalog.questions if not q.multiple}
    path = tmp_path / "answers.toml"
    path.write_text(saved_answers_text(catalog, answers, path, dt.datetime(2026, 12, 7)), encoding="utf-8")
    assert load_answers(catalog, str(path)) == answers


def test_the_example_command_is_shell_quoted_and_names_the_data(tmp_path: Path) -> None:
    data = tmp_path / "my data $(touch x).toml"
    command = example_command({"setting": "in patient;touch x", "held": "CPC+CIC"}, data)
    assert shlex.split(command) == [
        "certadvisor",
        "recommend",
        "--data",
        str(data),
        "--set",
        "setting=in patient;touch x",
        "--set",
        "held=CPC+CIC",
    ]
    assert example_command({"setting": "inpatient"}) == "certadvisor recommend --set setting=inpatient"


def test_the_audits_examples_name_the_data_file_checked() -> None:
    broken = Broken("e", "why", 3, {"setting": "inpatient"}, "CPC")
    report = Audit(1, {}, {}, (), (), (), {"e": 3}, (broken,), {}, (), data=Path("my data.toml"))
    assert report.problems == [
        "expectation 'e' fails for 3 profiles (CPC came first); for example: "
        "certadvisor recommend --data 'my data.toml' --set setting=inpatient"
    ]


# --- item 9: money, months and counts have ceilings ----------------------------------------------

COMMANDS = [
    ("check-data",),
    ("cost", "CCS"),
    ("compare", "CPC", "CCS"),
    ("recommend", "--set", "setting=inpatient"),
]
HUGE = "9" * 4300  # the most digits Python reads: one more in a sum and it cannot be printed


@pytest.mark.parametrize(
    ("cert", "fact", "amount", "message"),
    [
        ("CCS", "exam_member", HUGE, "certs.CCS.fees.exam_member: "),
        ("CCS", "exam_member", "1_000_001", "(from 0 to 1,000,000 dollars)"),
        ("CPC", "minutes", "10_001", "certs.CPC.exam.minutes: expected a positive integer of at most 10,000"),
        ("CPC", "minutes", HUGE, "certs.CPC.exam.minutes: expected a positive integer of at most 10,000"),
        ("CPC", "ceus", "0", "certs.CPC.renewal.ceus: expected a positive integer"),
        ("CPC", "salary", "1_000_001", "certs.CPC.career.salary: "),
        ("RHIT", "education_months", "601", "certs.RHIT.time.education_months: "),
        ("RHIT", "education_months", "601", "(from 0 to 600 months)"),
    ],
)
def test_figures_past_their_ceiling_are_refused(
    cli: CliRunner, shipped_text: str, tmp_path: Path, cert: str, fact: str, amount: str, message: str
) -> None:
    path = write(tmp_path, hb.with_fact_value(shipped_text, cert, fact, amount))
    for args in COMMANDS:
        refused(cli, path, message, args=args)


def test_a_survey_year_past_2100_is_refused(cli: CliRunner, shipped_text: str, tmp_path: Path) -> None:
    old = 'year = 2025, statistic = "median", source = "pcg-aapc-medians", also = [{ source = "mbc-cpc" }'
    text = shipped_text.replace(old, old.replace("2025", "99999"), 1)
    refused(cli, write(tmp_path, text), "certs.CPC.career.salary.year: expected a year from 1900 to 2100")


def test_the_shipped_figures_are_under_their_ceilings(catalog: Catalog) -> None:
    assert catalog.certs["CPC"].facts["exam.minutes"].value == 240


# --- item 10: every date lies in 1900 to 2100 ----------------------------------------------------


def test_adding_months_to_a_far_date_was_the_assertion() -> None:
    """The class: months added to 9999-12-31 have no date; no date past 2100 now loads."""
    with pytest.raises(AssertionError):
        add_months(dt.date(9999, 12, 31), 12)
    assert add_months(LAST_DAY, 120) == dt.date(2110, 12, 31)


@pytest.mark.parametrize("args", [*COMMANDS, ("show", "CPC")])
def test_a_far_file_date_is_refused(
    cli: CliRunner, shipped_text: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    text = hb.with_updated(shipped_text, "9999-12-31")
    text = text.replace("compared = 2026-12-07", "compared = 9999-12-31")
    message = "meta.updated: expected a date from 1900-01-01 to 2100-12-31, got 9999-12-31"
    stderr = refused(cli, write(tmp_path, text), message, args=args)
    assert ".compared: expected a date from 1900-01-01 to 2100-12-31, got 9999-12-31" in stderr


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("compared = 2026-12-07", "compared = 2101-01-01", ".compared: expected a date from 1900-01-01"),
        ("compared = 2026-12-07", "compared = 1899-12-31", ".compared: expected a date from 1900-01-01"),
        ('date = "2026-02"', 'date = "9999-02"', ".date: expected a date as precise as the page gives it"),
        ('date = "2026-02"', "date = 9999-12-31", ".date: expected a date as precise as the page gives it"),
    ],
)
def test_far_fact_and_evidence_dates_are_refused(
    cli: CliRunner, shipped_text: str, tmp_path: Path, old: str, new: str, key: str
) -> None:
    assert old in shipped_text
    stderr = refused(cli, write(tmp_path, shipped_text.replace(old, new, 1)), key)
    assert "from 1900" in stderr


# --- items 11 and 12: every address is a plain https URL with a host ----------------------------

URL_RULE = "is not allowed in a URL: only ASCII letters, digits and -._~:/?#[]@!$&'()*+,;=% (RFC 3986)"
BAD_URLS = {
    "quote": ('https://evil.example/"><script>alert(1)</script>', "'\"' at character 22 " + URL_RULE),
    "angle": ("https://evil.example/> [x](javascript:alert(1)) <", "'>' at character 22 "),
    "newline": ('https://evil.example/\n<script>alert("nl")</script>', "'\\n' at character 22 "),
    "space": ("https://evil.example/ space", "' ' at character 22 "),
    "tab": ("https://evil.example/a\tb", "'\\t' at character 23 "),
    "backslash": ("https://evil.example/a\\b", "'\\\\' at character 23 "),
    "line-separator": ("https://evil.example/a\u2028b", "at character 23 " + URL_RULE),
    "non-ascii-host": ("https://évil.example/", "'é' at character 9 "),
    "no-host": ("https:///etc/passwd", "expected an https:// URL with a host"),
    "unclosed-ipv6": ("https://[evil.example/", "not a valid URL"),
    "javascript": ("javascript:alert(1)", "expected an https:// URL with a host"),
    "file": ("file:///etc/passwd", "expected an https:// URL with a host"),
    "other-scheme": ("x-hostile-scheme://run?cmd=calc", "expected an https:// URL with a host"),
}


@pytest.mark.parametrize(("url", "message"), list(BAD_URLS.values()), ids=list(BAD_URLS))
def test_a_source_url_that_could_break_out_is_refused(
    cli: CliRunner, shipped_text: str, tmp_path: Path, url: str, message: str
) -> None:
    refused(cli, write(tmp_path, hb.with_source_url(shipped_text, url)), "sources.aapc-cpc.url: ", message)


@pytest.mark.parametrize(("url", "message"), list(BAD_URLS.values()), ids=list(BAD_URLS))
def test_a_body_website_gets_the_same_check(
    cli: CliRunner, shipped_text: str, tmp_path: Path, url: str, message: str
) -> None:
    refused(cli, write(tmp_path, hb.with_website(shipped_text, url)), "bodies.AAPC.website: ", message)


@pytest.mark.parametrize("url", [url for url, _ in BAD_URLS.values() if url.startswith("https://")])
def test_a_next_steps_link_gets_the_same_check(
    cli: CliRunner, shipped_text: str, tmp_path: Path, url: str
) -> None:
    refused(cli, write(tmp_path, hb.with_step_url(shipped_text, url)), "certs.CPC.next_steps[0].url: ")


def test_plain_addresses_still_load(cli: CliRunner, shipped_text: str, tmp_path: Path) -> None:
    """Percent-encoding, a query, a fragment and an xn-- host are the way to write the rest."""
    url = "https://xn--vil-bma.example/a%20b?x=1&y=(2)#part"
    path = write(tmp_path, hb.with_step_url(shipped_text, url))
    result = cli.invoke(app, ["--data", str(path), "show", "CPC"])
    assert result.exit_code == 0, result.stderr


# --- item 14: a question with many values makes short error lines -------------------------------

MANY_VALUES = ["n", *(f"v{index}" for index in range(20_000))]


@pytest.fixture(scope="module")
def many_values(shipped_text: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("many") / "many.toml"
    path.write_text(hb.with_question(shipped_text, "zz", MANY_VALUES), encoding="utf-8")
    return path


def test_batch_lines_against_many_values_fail_with_short_lines(cli: CliRunner, many_values: Path) -> None:
    lines = "".join(json.dumps({"zz": f"v1x{index}"}) + "\n" for index in range(256))
    result = cli.invoke(app, ["--data", str(many_values), "recommend", "--batch", "-"], input=lines)
    assert result.exit_code == 1, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 256
    for record in records:
        assert len(record["error"]) < 200, record
        assert "did you mean" not in record["error"] and "v19999" not in record["error"]
    assert (
        "allowed values: 20,001, too many to list here (certadvisor questions lists them)"
        in records[0]["error"]
    )


def test_set_against_many_values_is_one_short_line(cli: CliRunner, many_values: Path) -> None:
    result = cli.invoke(app, ["--data", str(many_values), "recommend", "--set", "zz=v1"])
    assert result.exit_code == 0, result.stderr
    result = cli.invoke(app, ["--data", str(many_values), "recommend", "--set", "zz=v1x"])
    assert result.exit_code == 2 and len(result.stderr) < 200, result.stderr
    assert result.stderr.startswith(
        "Error: --set: zz: 'v1x' is not allowed; allowed values: 20,001, too many"
    )


def test_few_values_are_still_listed_with_a_suggestion(catalog: Catalog) -> None:
    with pytest.raises(AnswersError) as caught:
        validate(catalog, {"setting": "inpatiant"})
    assert str(caught.value) == (
        "answers: setting: 'inpatiant' is not allowed (did you mean inpatient?); "
        "allowed values: inpatient, outpatient or no_preference"
    )


def test_a_data_file_offering_an_unknown_value_among_many_is_one_short_line(
    cli: CliRunner, shipped_text: str, tmp_path: Path
) -> None:
    text = hb.with_question(shipped_text, "zz", MANY_VALUES)
    text += '\n[[offers]]\nid = "o"\nquestion = "zz"\nvalues = ["v1x"]\n'
    text += 'when = { setting = "inpatient" }\nwhy = "w"\n'
    message = "offers.o.values: 'v1x' is not a value of question 'zz'; allowed: 20,001, too many to list here"
    stderr = refused(cli, write(tmp_path, text), message)
    assert stderr.count("\n") == 1 and len(stderr) < 300, stderr


# --- item 5: duplicate checks take constant time per entry ---------------------------------------

TABLES = ("paths", "expectations", "conflicts")


@pytest.fixture(scope="module")
def large_file(shipped_text: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 2.7 MB: 9,000 each of paths, expectations and conflicts, all with distinct ids (with
    the checks quadratic, such a file took minutes to load)."""
    text = shipped_text
    for table in TABLES:
        text = hb.many(text, table, 9_000)
    path = tmp_path_factory.mktemp("large") / "large.toml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 2_500_000
    return path


def test_a_large_file_of_distinct_ids_loads(large_file: Path) -> None:
    catalog = load_catalog(large_file)
    assert len(catalog.conflicts) > 9_000 and len(catalog.expectations) > 9_000 and len(catalog.paths) > 9_000


@pytest.mark.parametrize("table", TABLES)
def test_a_duplicate_id_is_still_found(cli: CliRunner, shipped_text: str, tmp_path: Path, table: str) -> None:
    singular = {"paths": "path", "expectations": "expectation", "conflicts": "conflict"}[table]
    refused(cli, write(tmp_path, hb.with_duplicate(shipped_text, table)), f"duplicate {singular} id")


def test_many_rules_on_a_question_of_many_values_load(shipped_text: str, tmp_path: Path) -> None:
    """Each condition's value is looked up at once, not read against every value."""
    values = ["n", *(f"v{index}" for index in range(5_000))]
    catalog = load_catalog(write(tmp_path, hb.with_question(shipped_text, "zz", values, rules=5_000)))
    assert len(catalog.question("zz").values) == 5_001


def test_a_file_of_many_problems_lists_twenty_and_counts_the_rest(
    cli: CliRunner, shipped_text: str, tmp_path: Path
) -> None:
    text = shipped_text + "".join(f'\n[[conflicts]]\nid = "c{index}"\nnote = "n"\n' for index in range(500))
    # Two problems each: the missing key, and the missing condition.
    stderr = refused(cli, write(tmp_path, text), "1,000 problems in the data file", "\n... and 980 more\n")
    assert stderr.count("\n") == 22, stderr
