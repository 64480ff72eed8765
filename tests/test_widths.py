"""Widths (issue #16): at any width every word of the content is printed whole, possibly wrapped.

Nothing is cut with "…", no column is dropped and nothing crashes, from 1 column to 300; below
``MIN_WIDTH`` the tables become ``label: value`` lines; a zero, nonsense or absurd COLUMNS is
treated as unset. The expected words come from the catalog (or from the command's own JSON), so
the tests follow the data.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from conftest import CLI_ENV, EnvRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from certadvisor.cli.app import app
from certadvisor.core.compare import compare
from certadvisor.core.cost import sheet
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert
from certadvisor.present.comparison_text import cell_text
from certadvisor.present.cost_text import money, months, summary_lines
from certadvisor.present.fact_text import (
    LABELS,
    evidence_text,
    format_value,
    known_sources,
    readable,
    versions_text,
)
from certadvisor.present.terminal.comparison import print_comparison
from certadvisor.present.terminal.console import MAX_COLUMNS, MIN_WIDTH, screen_width
from certadvisor.present.terminal.costs import print_costs
from certadvisor.present.terminal.listing import print_list
from certadvisor.present.terminal.show import print_show

TODAY = dt.date(2026, 11, 29)
CATALOG = load_catalog()
WIDTHS = [1, 10, 20, 39, 40, MIN_WIDTH - 1, MIN_WIDTH, 61, 80, 120, 300]
BORDER = re.compile(r"^[+|]", re.MULTILINE)  # a line of an ASCII table (off a terminal)


# The screens put words in brackets and after labels ("(once)", "Name:", "Coder):"): a word is
# compared without the punctuation around it, so only a cut or split word goes missing.
PUNCTUATION = "()[]:;,."


def words(texts: Iterable[str | None]) -> set[str]:
    """Every word of the texts: what must appear, whole, in the output."""
    return {word.strip(PUNCTUATION) for text in texts if text for word in text.split()} - {""}


def printed(out: str) -> set[str]:
    """The words of the output, compared as ``words`` makes them."""
    return words([out])


def assert_whole(out: str, expected: set[str], width: int) -> None:
    """Every expected word printed whole, nothing cut, and a line wider than the screen only
    where one word (after its indent and marker) is wider than the screen itself."""
    assert out.strip(), f"nothing printed at {width} columns"
    assert "…" not in out, f"something was cut at {width} columns"
    missing = expected - printed(out)
    assert not missing, f"at {width} columns these words are missing or split: {sorted(missing)[:10]}"
    wide = [line for line in out.splitlines() if cell_len(line) > width and len(line.split()) > 2]
    assert not wide, f"lines wider than {width} columns that could have wrapped: {wide[:3]}"


# --- what each command must print, from the data -------------------------------------------------


def list_words(catalog: Catalog) -> set[str]:
    return words(t for c in catalog.certs.values() for t in (c.code, c.name, c.body.code, c.short))


def show_words(cert: Cert) -> set[str]:
    texts: list[str | None] = [cert.code, cert.name, cert.summary, cert.body.name, cert.body.website]
    names = known_sources([cert])
    for fact in cert.facts.values():
        note = readable(fact.note, names) if fact.note else None
        texts += [LABELS.get(fact.key, fact.key), format_value(fact), note, evidence_text(fact)]
        texts += [fact.source.title, fact.source.url, versions_text(fact.source)]
    texts += [step.text for step in cert.next_steps] + [step.url for step in cert.next_steps]
    return words(texts)


def compare_words(certs: list[Cert]) -> set[str]:
    comparison = compare(certs, TODAY)
    texts: list[str | None] = [cert.name for cert in certs]
    texts += [source.title for source in comparison.sources]
    for row in comparison.rows:
        texts.append(row.label)
        for cell in row.cells:
            texts.append(cell_text(row, cell))
            if cell.fact is not None and cell.fact.status in ("unknown", "range") and cell.fact.note:
                texts.append(readable(cell.fact.note, known_sources(certs)))
    return words(texts)


def cost_words(certs: list[Cert]) -> set[str]:
    texts: list[str | None] = []
    # A note names the pages it mentions by their names, not by their ids in the data file.
    names = known_sources(certs)
    for cert in certs:
        one = sheet(cert)
        texts += [cert.code, cert.name, one.membership, *summary_lines(one).values()]
        for item in one.items:
            if item.estimate is not None:
                texts += [item.label, item.when, (months if item.when == "months" else money)(item.estimate)]
                if item.fact is not None and item.fact.status in ("unknown", "range") and item.fact.note:
                    texts.append(readable(item.fact.note, names))
    return words(texts)


def glossary_words(catalog: Catalog) -> set[str]:
    texts: list[str | None] = []
    for entry in catalog.glossary.values():
        texts += [entry.term, entry.text, *entry.see]
        if entry.source is not None:
            texts += [entry.source.title, entry.source.url]
    return words(texts)


def result_words(document: dict) -> set[str]:  # type: ignore[type-arg]
    """From ``recommend --json``: the pick's name, every reason, the what-ifs, the next steps."""
    texts = [CATALOG.certs[document["recommendation"]].name, document["score_meaning"]]
    texts += document["confidence"]["text"]
    texts += [r["reason"] for ranked in document["ranking"] if ranked["matched"] for r in ranked["reasons"]]
    # "Why not" the runner-up is drawn only when its own reasons are not: its items are the
    # reasons above, sorted again.
    texts += [change["text"] for change in document["what_if"]]
    texts += [step["text"] for step in document["next_steps"]] + [s["url"] for s in document["next_steps"]]
    texts += [
        takes["text"][key] for takes in document["what_it_takes"] for key in ("first_year", "upkeep", "time")
    ]
    for section in document["getting_hired"]["sections"]:
        texts.append(section["title"])
        for fact in section["facts"]:
            texts += [fact["label"], fact["text"], fact["evidence"]["summary"]]
            texts.append(fact["source"]["title"])
    return words(texts)


CPC, CCS, CCA = (CATALOG.certs[code] for code in ("CPC", "CCS", "CCA"))
# Needing remote work adds the remote group to "Getting hired" and a line to the first screen.
RECOMMEND = [
    "recommend",
    "--set",
    "goal=inpatient_coder",
    "--set",
    "setting=inpatient",
    "--set",
    "work_arrangement=remote_only",
]
COMMANDS: dict[str, tuple[list[str], Callable[[], set[str]]]] = {
    "list": (["list"], lambda: list_words(CATALOG)),
    "show": (["show", "CPC"], lambda: show_words(CPC)),
    "compare": (["compare", "CPC", "CCS"], lambda: compare_words([CPC, CCS])),
    "cost": (["cost", "CPC", "CCA"], lambda: cost_words([CPC, CCA])),
    "glossary": (["glossary"], lambda: glossary_words(CATALOG)),
}


def run(columns: str | None, args: list[str], **overrides: object) -> str:
    """The command's stdout at this COLUMNS (None: unset); it must exit 0."""
    runner = EnvRunner(env={**CLI_ENV, "COLUMNS": columns}, overrides={"today": TODAY, **overrides})
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (columns, args, result.output)
    return str(result.stdout)


# --- every command at every width ------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_word_is_printed_whole_at_every_width(command: str, width: int) -> None:
    args, expected = COMMANDS[command]
    assert_whole(run(str(width), args), expected(), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_result_screen_keeps_every_word_at_every_width(width: int) -> None:
    document = json.loads(run("80", [*RECOMMEND, "--json"]))
    assert_whole(run(str(width), RECOMMEND), result_words(document), width)


@pytest.mark.parametrize("width", [1, 20, MIN_WIDTH - 1, 80])
def test_the_stale_list_keeps_every_word_at_every_width(width: int) -> None:
    out = run(str(width), ["check-data", "--stale"], today=dt.date(2031, 1, 1))
    facts = [f for c in CATALOG.certs.values() for f in c.facts.values()]
    assert_whole(out, words([f.source.title for f in facts] + [f.source.url for f in facts]), width)


@settings(max_examples=40, deadline=None)
@given(width=st.integers(min_value=1, max_value=300))
@example(width=1)
@example(width=MIN_WIDTH - 1)
@example(width=MIN_WIDTH)
def test_any_width_from_1_to_300_cuts_nothing(width: int) -> None:
    screens: list[tuple[Callable[[Console], None], set[str]]] = [
        (lambda console: print_list(console, list(CATALOG.certs.values())), list_words(CATALOG)),
        (lambda console: print_show(console, CCS, TODAY), show_words(CCS)),
        (
            lambda console: print_comparison(console, compare([CPC, CCS, CCA], TODAY)),
            compare_words([CPC, CCS, CCA]),
        ),
        (lambda console: print_costs(console, [(CCS, sheet(CCS))]), cost_words([CCS])),
    ]
    for draw, expected in screens:
        console = Console(file=io.StringIO(), width=width, no_color=True)
        draw(console)
        assert_whole(console.file.getvalue(), expected, width)  # type: ignore[attr-defined]


# --- COLUMNS ----------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["0", "00", "-5", "abc", "", " ", "1e3", "99999", str(MAX_COLUMNS + 1)])
def test_a_zero_nonsense_or_absurd_columns_is_treated_as_unset(columns: str) -> None:
    for args in (["list"], ["show", "CCS"]):
        out = run(columns, args)
        assert out == run(None, args)
        assert "Certified Coding Specialist" in out


@pytest.mark.parametrize(("columns", "width"), [("1", 1), ("80", 80), (" 120 ", 120), ("1000", 1000)])
def test_a_usable_columns_is_the_width(columns: str, width: int) -> None:
    assert screen_width(columns) == width


@pytest.mark.parametrize("columns", ["0", "-1", "abc", "99999", "８０"])
def test_an_unusable_columns_gives_a_real_width(columns: str) -> None:
    width = screen_width(columns)
    assert width is not None and 1 <= width <= MAX_COLUMNS


# --- the minimum width, and tables without room -----------------------------------------------


def test_below_the_minimum_width_screens_are_label_value_lines() -> None:
    narrow = str(MIN_WIDTH - 1)
    for args in (["list"], ["show", "CCS"], ["compare", "CPC", "CCS"], ["cost", "CCS"], RECOMMEND):
        out = run(narrow, args)
        assert not BORDER.search(out), (args, out[:400])
    assert "  Name: Certified Coding Specialist" in run(narrow, ["list"]).splitlines()
    compared = run(narrow, ["compare", "CPC", "CCS"]).splitlines()
    assert compared[compared.index("Name") + 1 :][:2] == [
        "  CPC: Certified Professional Coder",
        "  CCS: Certified Coding Specialist",
    ]


def test_at_the_minimum_width_tables_are_drawn() -> None:
    width = str(MIN_WIDTH)
    for args in (["compare", "CPC", "CCS"], ["cost", "CCS"]):
        assert BORDER.search(run(width, args)), args
    assert run(width, ["list"]).splitlines()[0].split() == ["Code", "Name", "Body", "Focus"]


def test_at_80_columns_list_wraps_long_names_whole() -> None:
    out = run("80", ["list"])
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80 and "…" not in out
    # The name column, from where its header starts to where the body's does.
    start, stop = lines[0].index("Name"), lines[0].index("Body")
    names: list[str] = []
    for line in lines[1 : lines.index("")]:
        cell = line[start:stop].strip()
        if line.startswith(" "):  # the row goes on: a wrapped name
            names[-1] += f" {cell}" if cell else ""
        else:
            names.append(cell)
    assert names == [cert.name for cert in CATALOG.certs.values()]
    assert len(lines[1 : lines.index("")]) > len(names)  # some did wrap


def test_a_table_without_room_for_its_longest_word_becomes_lines(make_data: Callable[..., Path]) -> None:
    long_word = "Extra" + "long" * 20  # wider than a column of an 80-column table can be
    data = make_data(
        ('name = "Certified Professional Coder"', f'name = "Certified Professional {long_word} Coder"')
    )
    for args in (["compare", "CPC", "CCS"], ["list"], ["show", "CPC"]):
        out = run("80", ["--data", str(data), *args])
        assert long_word in out.split(), args
        assert "…" not in out
    compared = run("80", ["--data", str(data), "compare", "CPC", "CCS"])
    assert not BORDER.search(compared)
    assert f"CPC: Certified Professional {long_word} Coder" in " ".join(compared.split())
