"""Getting hired (issue #24): which facts the section shows and in what order, how each reads,
the first screen's remote line, and the section in the terminal, both reports and the JSON.

A synthetic market (built here on top of the shipped catalog, whatever market facts it has)
keeps these tests independent of the data: every fact is optional, and one left out is skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Mapping

import jsonschema
import pytest
from rich.console import Console

from certadvisor.core.engine import Engine
from certadvisor.core.hiring import Topic, getting_hired, hiring_for, remote_applies
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import Condition, Kind
from certadvisor.model.records import Evidence, Fact, Money, PartialDate, Rate, Source
from certadvisor.model.results import Result
from certadvisor.present.fact_text import format_value
from certadvisor.present.hiring_text import HEADING, hiring_view, remote_line, show_view, worded
from certadvisor.present.json.documents import show_document
from certadvisor.present.json.result import result_json
from certadvisor.present.report.html import html_report
from certadvisor.present.report.markdown import markdown_report
from certadvisor.present.terminal.result import print_result
from certadvisor.present.terminal.show import print_show
from certadvisor.present.view import build

TODAY = dt.date(2026, 12, 7)
COMPARED = dt.date(2026, 12, 7)
AAPC_PAGE = Source(
    "aapc-survey",
    "AAPC salary report",
    "https://www.aapc.com/report",
    "AAPC",
    True,
    (Evidence("", "archived", None, PartialDate(2022), COMPARED),),
)
GUIDE = Source(
    "guide",
    "A <b>guide</b> [bold]to coding[/bold]",
    "https://guide.example/remote",
    "guide.example",
    False,
    (Evidence("", "third-party", None, None, COMPARED),),
)
# What a person who needs remote work answers in these tests: the shipped data need not have
# the work_arrangement question, so a question every catalog has stands in for it.
REMOTE_WHEN = Condition(Kind.EQUALS, "goal", ("outpatient_coder",))


def fact(key: str, value: object, source: Source = AAPC_PAGE, **extra: object) -> Fact:
    status = str(extra.pop("status", "known"))
    return Fact(key, value, status, source, source.versions[0], COMPARED, 12, **extra)  # type: ignore[arg-type]


MARKET = {
    f.key: f
    for f in (
        fact(
            "market.remote_share",
            Rate(55, 55),
            survey="AAPC survey respondents",
            year=2022,
            statistic="share",
        ),
        fact(
            "market.remote_for_beginners",
            "Remote jobs usually go to coders with a track record.",
            GUIDE,
            note="Third-party pages only.",
        ),
        fact("market.first_jobs", ("release of information", "charge entry"), note="A way in."),
        fact("market.postings_check", "Read ten local postings <script>x</script>."),
        fact("market.training_cost", Money(2000, 8000), GUIDE, status="range", note="Third-party estimates."),
        fact("market.funding", ("GI Bill test fees", "WIOA via the local job centre")),
        fact(
            "market.median_pay",
            Money(50250, 50250),
            survey="BLS, medical records specialists",
            year=2024,
            statistic="median",
        ),
    )
}


@pytest.fixture(scope="module")
def synthetic(catalog: Catalog) -> Catalog:
    """The shipped catalog with the market above and a remote_when the tests can meet."""
    assert catalog.advice is not None
    return dataclasses.replace(
        catalog, market=MARKET, advice=catalog.advice._replace(remote_when=REMOTE_WHEN)
    )


def recommend(catalog: Catalog, **answers: str) -> Result:
    return Engine(catalog).recommend(answers)


REMOTE = {"goal": "outpatient_coder"}
ON_SITE = {"goal": "inpatient_coder"}


# --- the core -----------------------------------------------------------------------------------


def test_the_remote_group_only_when_remote_when_holds(synthetic: Catalog) -> None:
    remote = getting_hired(synthetic, recommend(synthetic, **REMOTE))
    assert remote.remote and remote.parts[0].topic is Topic.REMOTE
    assert [f.key for f in remote.parts[0].facts] == ["market.remote_share", "market.remote_for_beginners"]
    on_site = getting_hired(synthetic, recommend(synthetic, **ON_SITE))
    assert not on_site.remote
    assert Topic.REMOTE not in [part.topic for part in on_site.parts]
    assert on_site.fact("market.remote_share") is None


def test_the_facts_come_in_the_fixed_order_and_missing_ones_are_skipped(synthetic: Catalog) -> None:
    result = recommend(synthetic, **REMOTE)
    found = getting_hired(synthetic, result)
    pick = synthetic.certs[result.recommendation]
    keys = [f.key for f in found.facts]
    expected = [
        "market.remote_share",
        "market.remote_for_beginners",
        "hiring.experience_counts",
        "market.first_jobs",
        "market.postings_check",
        "costs.training",
        "market.training_cost",
        "market.funding",
        "career.salary",
        "market.median_pay",
        "hiring.pass_rate",
    ]
    # The pick's own facts are shown where it has them (and they apply); the market's as given.
    own = {k for k in expected if not k.startswith("market.")}
    shown_own = {k for k in own if k in pick.facts and pick.facts[k].status != "not_applicable"}
    assert keys == [k for k in expected if k.startswith("market.") or k in shown_own]
    assert "market.apprenticeships" not in keys  # not in this market: skipped, its group too
    assert Topic.APPRENTICESHIPS not in [part.topic for part in found.parts]
    assert all(part.facts for part in found.parts)


def test_a_catalog_without_market_facts_or_remote_when(catalog: Catalog) -> None:
    assert catalog.advice is not None
    bare = dataclasses.replace(catalog, market={}, advice=catalog.advice._replace(remote_when=None))
    result = recommend(bare, **REMOTE)
    found = getting_hired(bare, result)
    assert not found.remote and not remote_applies(bare, result.effective)
    assert all(not f.key.startswith("market.") for f in found.facts)
    view = build(bare, result)
    assert "Remote" not in dict(view.in_short)


def test_a_fact_that_does_not_apply_is_left_out(synthetic: Catalog) -> None:
    cert = synthetic.certs["CPC"]
    salary = cert.facts["career.salary"]._replace(status="not_applicable", value=None)
    changed = cert._replace(facts={**cert.facts, "career.salary": salary})
    assert hiring_for(changed, MARKET, remote=False).fact("career.salary") is None


# --- wording -----------------------------------------------------------------------------------


def test_a_rate_reads_with_its_population_year_and_counter() -> None:
    ahima = AAPC_PAGE._replace(publisher="AHIMA")
    rate = fact("hiring.pass_rate", Rate(70, 70), ahima, survey="first-time testers", year=2022)
    assert format_value(rate) == "70% of first-time testers (2022, AHIMA)"
    spread = rate._replace(value=Rate(62, 70), status="range")
    assert format_value(spread) == "62–70% of first-time testers (2022, AHIMA) (unsettled range)"


def test_an_unknown_fact_reads_as_its_note(synthetic: Catalog) -> None:
    cert = synthetic.certs["CPC"]
    unknown = fact("hiring.pass_rate", None, status="unknown", note="not published")
    changed = cert._replace(facts={**cert.facts, "hiring.pass_rate": unknown})
    view = worded(hiring_for(changed, {}, remote=False))
    line = next(line for line in view.lines if line.key == "hiring.pass_rate")
    assert line.label == "CPC first-time pass rate"
    assert line.text == "not published" and line.note is None
    assert line.evidence == "AAPC page, undated copy (content implies 2022), compared 7 Dec 2026"
    # show labels it as its other facts, the certification being the screen's subject.
    shown = next(line for line in show_view(changed, {}).lines if line.key == "hiring.pass_rate")
    assert shown.label == "First-time pass rate"


def test_the_remote_line_fits_one_line_of_the_summary(synthetic: Catalog) -> None:
    result = recommend(synthetic, **REMOTE)
    line = remote_line(getting_hired(synthetic, result))
    assert line == "rare for beginners; 55% of AAPC's 2022 survey worked remotely"
    # 80 columns less the panel's borders and padding and the widest label ("Confidence: ").
    assert len(line) <= 80 - 4 - len("Confidence: ") - 1
    view = build(synthetic, result)
    assert dict(view.in_short)["Remote"] == line
    assert view.in_short[-1][0] == "Remote"


def test_no_remote_line_without_the_answer_or_without_facts(synthetic: Catalog) -> None:
    assert "Remote" not in dict(build(synthetic, recommend(synthetic, **ON_SITE)).in_short)
    bare = dataclasses.replace(synthetic, market={})
    assert dict(build(bare, recommend(bare, **REMOTE)).in_short)["Remote"] == "see “Getting hired” below"


# --- the presenters -----------------------------------------------------------------------------


def screen(catalog: Catalog, result: Result, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, no_color=True)
    print_result(console, catalog, result)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def squash(text: str) -> str:
    return " ".join(text.split())


def test_the_terminal_section_follows_the_path_with_sources(synthetic: Catalog) -> None:
    result = recommend(synthetic, **REMOTE)
    out = screen(synthetic, result)
    lines = out.splitlines()
    assert HEADING in lines
    if result.path is not None:
        assert out.index(f"Your path: {result.path.title}") < out.index(f"\n{HEADING}\n")
    assert out.index(f"\n{HEADING}\n") < out.index("\nWhat it takes\n")
    flat = squash(out)
    assert "Coders working remotely: 55% of AAPC survey respondents (2022, AAPC)" in flat
    assert "• release of information" in flat and "• charge entry" in flat
    # Data is never read as markup: the guide's title keeps its brackets.
    assert "A <b>guide</b> [bold]to coding[/bold]" in flat
    cited = squash("\n".join(lines[lines.index("  Pages cited above") :]))
    assert "A <b>guide</b> [bold]to coding[/bold] (guide.example, third party)" in cited
    assert f"Each fact's notes and every page's link: certadvisor show {result.recommendation}" in cited
    # A known fact's note is left to show and the reports; an unknown one reads as its note.
    assert "A way in." not in flat and "Third-party estimates." not in flat
    assert all(len(line) <= 80 for line in lines)  # no URL widens the result screen
    assert "undated third-party page, compared 7 Dec 2026" in flat
    # The first screen's box says it once, within 80 columns.
    box = lines[: lines.index("The details follow.")]
    assert all(len(line) <= 80 for line in box)
    assert sum("Remote:" in line for line in box) == 1


def test_no_remote_line_on_the_first_screen_without_the_answer(synthetic: Catalog) -> None:
    out = screen(synthetic, recommend(synthetic, **ON_SITE))
    lines = out.splitlines()
    assert not any("Remote:" in line for line in lines[: lines.index("The details follow.")])
    assert "Coders working remotely" not in out


@pytest.mark.parametrize("width", [40, 50, 80, 120])
def test_the_section_keeps_every_word_at_any_width(synthetic: Catalog, width: int) -> None:
    out = screen(synthetic, recommend(synthetic, **REMOTE), width)
    view = hiring_view(synthetic, recommend(synthetic, **REMOTE))
    printed = set(out.split())
    for line in view.lines:
        for word in (*line.label.split(), *line.evidence.split()):
            assert word in printed or any(word in p for p in printed), (width, word)
    assert "…" not in out


def test_the_reports_have_the_section_with_sources_escaped(synthetic: Catalog) -> None:
    result = recommend(synthetic, **REMOTE)
    markdown = markdown_report(synthetic, result, TODAY, "certadvisor recommend")
    assert f"## {HEADING}" in markdown and "### Working from home" in markdown
    assert "- **Coders working remotely:** 55% of AAPC survey respondents (2022, AAPC)" in markdown
    assert "[https://guide.example/remote](https://guide.example/remote)" in markdown
    assert "- **Remote:** rare for beginners" in markdown
    page = html_report(synthetic, result, TODAY, "certadvisor recommend")
    assert '<section id="getting-hired">' in page and f"<h2>{HEADING}</h2>" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    assert "A &lt;b&gt;guide&lt;/b&gt;" in page
    assert '<a href="https://guide.example/remote" rel="noreferrer">' in page
    # After the path, before the comparison.
    assert page.index('id="getting-hired"') < page.index('id="comparison"')


def test_the_json_gives_numbers_and_words(
    synthetic: Catalog, validator: jsonschema.Draft202012Validator
) -> None:
    document = json.loads(json.dumps(result_json(synthetic, recommend(synthetic, **REMOTE))))
    validator.validate(document)
    hired = document["getting_hired"]
    assert hired["remote"] is True and hired["remote_line"].startswith("rare for beginners")
    assert [s["topic"] for s in hired["sections"]][0] == "remote"
    facts = {f["key"]: f for s in hired["sections"] for f in s["facts"]}
    share = facts["market.remote_share"]
    assert (share["value"], share["low"], share["high"], share["unit"]) == (55, 55, 55, "percent")
    assert (share["year"], share["survey"], share["statistic"]) == (2022, "AAPC survey respondents", "share")
    assert share["source"]["id"] == "aapc-survey"
    assert (
        share["evidence"]["summary"] == "AAPC page, undated copy (content implies 2022), compared 7 Dec 2026"
    )
    cost = facts["market.training_cost"]
    assert (cost["value"], cost["low"], cost["high"], cost["status"]) == (None, 2000, 8000, "range")
    assert facts["market.first_jobs"]["value"] == ["release of information", "charge entry"]
    on_site = result_json(synthetic, recommend(synthetic, **ON_SITE))["getting_hired"]
    assert on_site["remote"] is False and on_site["remote_line"] is None
    assert "remote" not in [s["topic"] for s in on_site["sections"]]


def test_show_lists_the_hiring_and_market_facts(synthetic: Catalog) -> None:
    cert = synthetic.certs["CPC"]
    document = show_document(cert, TODAY, (), synthetic.market)
    keys = [f["key"] for s in document["getting_hired"]["sections"] for f in s["facts"]]
    assert [k for k in keys if k.startswith("market.")] == list(_ordered(MARKET))
    assert "career.salary" not in keys  # in the facts table already
    console = Console(file=io.StringIO(), width=160, no_color=True)
    print_show(console, cert, TODAY, (), synthetic.market)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert HEADING in out.splitlines()
    assert "https://guide.example/remote" in out  # the market's pages join the sources list
    flat = squash(out.replace("|", " "))
    assert "National median pay" in flat


def _ordered(market: Mapping[str, Fact]) -> list[str]:
    order = [
        "market.remote_share",
        "market.remote_for_beginners",
        "market.first_jobs",
        "market.apprenticeships",
        "market.postings_check",
        "market.training_routes",
        "market.training_cost",
        "market.prerequisites",
        "market.funding",
        "market.median_pay",
        "market.outlook",
    ]
    return [key for key in order if key in market]
