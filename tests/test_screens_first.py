"""Issue #25: a long screen opens on its answer. ``cost`` opens with the totals, ``compare`` with
how the credentials differ (one line each for many), ``show`` with the facts people ask first;
no section repeats another; "Terms used above" covers every glossary term the screen draws; no
source id from the data file reaches the prose."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from rich.console import Console

from certadvisor.core.compare import compare
from certadvisor.core.cost import sheet
from certadvisor.core.engine import Engine
from certadvisor.core.glossary import terms_in
from certadvisor.model.catalog import Catalog
from certadvisor.present.cost_text import exam_fee, summary_lines
from certadvisor.present.summary_text import differences, key_facts
from certadvisor.present.terminal.comparison import DIGEST_FROM, print_comparison
from certadvisor.present.terminal.costs import print_costs
from certadvisor.present.terminal.result import print_result
from certadvisor.present.terminal.show import print_show

TODAY = dt.date(2026, 12, 7)
# The first screen of an 80x24 terminal.
FIRST_SCREEN = 24
INPATIENT_BEGINNER = {
    "goal": "inpatient_coder",
    "held": "none",
    "setting": "inpatient",
    "employer": "hospital",
    "pcs_comfort": "keen",
    "experience": "none",
    "background": "coding_course",
    "body_preference": "no_preference",
    "priority": "start_soon",
}


def drawn(draw: Callable[[Console], None], width: int = 80) -> str:
    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, no_color=True))
    return buffer.getvalue()


def flat(text: str) -> str:
    """The text with its wrapping undone: one space between words."""
    return " ".join(text.split())


def first_lines(out: str, count: int = FIRST_SCREEN) -> str:
    return flat("\n".join(out.splitlines()[:count]))


def terms_section(out: str) -> list[str]:
    """The terms listed under "Terms used above"."""
    lines = out.splitlines()
    if "Terms used above" not in lines:
        return []
    listed = lines[lines.index("Terms used above") + 1 :]
    return [m.group(1) for m in (re.match(r"\s+• ([^:]+):", line) for line in listed) if m]


def above_terms(out: str) -> str:
    return out.split("Terms used above")[0]


def screens(catalog: Catalog, engine: Engine) -> dict[str, str]:
    cpc, ccs = catalog.certs["CPC"], catalog.certs["CCS"]
    paths = [p for p in catalog.paths if p.includes("CPC")]
    result = engine.recommend(INPATIENT_BEGINNER)
    return {
        "cost": drawn(lambda c: print_costs(c, [(cpc, sheet(cpc)), (ccs, sheet(ccs))], catalog=catalog)),
        "compare": drawn(lambda c: print_comparison(c, compare([cpc, ccs], TODAY), catalog=catalog)),
        "compare-all": drawn(
            lambda c: print_comparison(c, compare(list(catalog.certs.values()), TODAY), catalog=catalog)
        ),
        "show": drawn(lambda c: print_show(c, cpc, TODAY, paths, catalog.market, catalog=catalog)),
        "result": drawn(lambda c: print_result(c, catalog, result)),
    }


@pytest.fixture(scope="module")
def drawn_screens(catalog: Catalog, engine: Engine) -> dict[str, str]:
    return screens(catalog, engine)


def test_cost_opens_with_every_credentials_totals(catalog: Catalog, drawn_screens: dict[str, str]) -> None:
    opening = first_lines(drawn_screens["cost"])
    assert opening.startswith("In short")
    for code in ("CPC", "CCS"):
        one = sheet(catalog.certs[code])
        lines = summary_lines(one)
        for text in (lines["first_year"], lines["upkeep"], exam_fee(one) or ""):
            assert flat(text) in opening, (code, text)
    # The line items come after the totals, and the totals are not said again after them.
    out = drawn_screens["cost"]
    assert out.index("Staying certified:") < out.index("CPC, line by line")
    assert out.count("Staying certified:") == 2  # once per credential


def test_compare_opens_with_how_the_credentials_differ(
    catalog: Catalog, drawn_screens: dict[str, str]
) -> None:
    certs = [catalog.certs["CPC"], catalog.certs["CCS"]]
    differ, _alike = differences(certs)
    assert differ, "CPC and CCS differ in something"
    opening = first_lines(drawn_screens["compare"])
    assert opening.startswith("How they differ")
    for difference in differ[:3]:
        assert difference.label in opening
        for code, text in difference.values:
            assert flat(f"{code} {text}") in opening
    # Built from the data: the body's code and each one's focus.
    assert "AAPC" in opening and "AHIMA" in opening


def test_compare_all_opens_with_a_line_per_credential_and_a_pointer(
    catalog: Catalog, drawn_screens: dict[str, str]
) -> None:
    assert len(catalog.certs) >= DIGEST_FROM
    out = drawn_screens["compare-all"]
    table_at = out.index("Certifications 1-")
    digest = out[:table_at]
    for code in catalog.certs:
        assert re.search(rf"^\| {re.escape(code)}\s+\|", digest, re.MULTILINE), code
    assert "certadvisor show CODE" in flat(digest)
    assert "certadvisor compare CODE CODE" in flat(digest)


def test_compare_all_can_leave_the_table_out(catalog: Catalog) -> None:
    comparison = compare(list(catalog.certs.values()), TODAY)
    short = drawn(lambda c: print_comparison(c, comparison, table=False, catalog=catalog))
    assert "Certifications 1-" not in short and "Sources" not in short.splitlines()
    assert all(code in short for code in catalog.certs)


def test_show_opens_with_fee_eligibility_upkeep_and_time(
    catalog: Catalog, drawn_screens: dict[str, str]
) -> None:
    opening = first_lines(drawn_screens["show"], 30)
    facts = dict(key_facts(catalog.certs["CPC"]))
    assert {"Exam fee", "Before the exam", "Staying certified", "Time"} <= set(facts)
    for label, text in facts.items():
        assert flat(f"{label}: {text}") in opening, label
    assert opening.index("At a glance") < opening.index("Every fact")


def test_a_result_says_the_runner_ups_reasons_once(drawn_screens: dict[str, str]) -> None:
    out = flat(drawn_screens["result"])
    assert "Why CIC scored" in out
    assert "Why not CIC?" not in out
    assert out.count("AAPC advises inpatient training or experience before CIC.") == 1


def test_why_not_stays_when_the_runner_up_is_not_explained(catalog: Catalog, engine: Engine) -> None:
    result = engine.recommend(INPATIENT_BEGINNER)
    out = flat(drawn(lambda c: print_result(c, catalog, result, limit=1)))
    assert "Why not CIC?" in out and "Why CIC scored" not in out


@pytest.mark.parametrize("screen", ["cost", "compare", "compare-all", "show", "result"])
def test_terms_used_above_covers_every_term_the_screen_draws(
    catalog: Catalog, drawn_screens: dict[str, str], screen: str
) -> None:
    out = drawn_screens[screen]
    used = {entry.term for entry in terms_in(catalog.glossary, [above_terms(out)])}
    listed = set(terms_section(out))
    assert used, screen
    assert used <= listed, (screen, sorted(used - listed))


@pytest.mark.parametrize("screen", ["cost", "compare", "compare-all", "show", "result"])
def test_no_source_id_reaches_the_prose(catalog: Catalog, drawn_screens: dict[str, str], screen: str) -> None:
    ids = [re.escape(source_id) for source_id in catalog.sources]
    found = re.findall(rf"(?<![\w/.#-])({'|'.join(ids)})(?![\w/-])", drawn_screens[screen])
    assert not found, (screen, sorted(set(found)))


def test_every_certifications_screens_name_pages_not_ids(catalog: Catalog) -> None:
    """Every credential's notes, in show and compare, as the shipped data words them."""
    ids = [re.escape(source_id) for source_id in catalog.sources]
    pattern = re.compile(rf"(?<![\w/.#-])({'|'.join(ids)})(?![\w/-])")
    for cert in catalog.certs.values():
        out = drawn(lambda c, cert=cert: print_show(c, cert, TODAY, catalog=catalog), width=120)  # type: ignore[misc]
        assert not pattern.findall(out), cert.code
    out = drawn(
        lambda c: print_comparison(c, compare(list(catalog.certs.values()), TODAY), catalog=catalog),
        width=200,
    )
    assert not pattern.findall(out)


@pytest.mark.parametrize("width", [40, 59, 80, 200])
def test_the_openings_keep_to_the_width(catalog: Catalog, engine: Engine, width: int) -> None:
    cpc, ccs = catalog.certs["CPC"], catalog.certs["CCS"]
    for draw in (
        lambda c: print_costs(c, [(cpc, sheet(cpc)), (ccs, sheet(ccs))]),
        lambda c: print_comparison(c, compare([cpc, ccs], TODAY), table=False),
        lambda c: print_comparison(c, compare(list(catalog.certs.values()), TODAY), table=False),
    ):
        out = drawn(draw, width)
        assert "…" not in out
        for line in out.splitlines()[:40]:
            assert len(line) <= width or len(line.split()) <= 2, (width, line)
