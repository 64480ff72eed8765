"""The glossary: the data's [glossary] and [glossary_watch], the `glossary` command, the terms a
result explains, and check-data's warning for watched terms used without an entry."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core.engine import Engine
from certadvisor.core.glossary import lookup, missing_terms, terms_in, uses
from certadvisor.errors import DataError, UnknownCodeError
from certadvisor.load.datafile import load_catalog
from certadvisor.present.view import build

# The terms issue #15 names: a beginner meets them on the screens.
REQUIRED = (
    "professional-fee facility CPC-A Practicode CEU ICD-10-PCS ICD-10-CM CPT HCPCS HCC DRG APC CDI "
    "HIM CAHIIM AHIMA AAPC OnVUE"
).split() + ["risk adjustment"]


def _error(path: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    return str(caught.value)


def test_the_shipped_glossary_covers_the_required_terms() -> None:
    glossary = load_catalog().glossary
    assert set(REQUIRED) <= set(glossary)
    for entry in glossary.values():
        assert entry.text and all(other in glossary for other in entry.see)
    assert glossary["CEU"].source is not None and glossary["CEU"].source.id == "aapc-ceu"


def test_the_shipped_data_uses_no_watched_term_without_an_entry() -> None:
    assert missing_terms(load_catalog()) == []


def test_every_watched_term_has_an_entry_or_an_alias() -> None:
    """Watching a term only warns where the data uses it; the watch list itself should name no
    term the glossary cannot explain, used yet or not."""
    catalog = load_catalog()
    names = {name.casefold() for entry in catalog.glossary.values() for name in (entry.term, *entry.aliases)}
    assert [term for term in catalog.glossary_watch if term.casefold() not in names] == []
    assert len(set(catalog.glossary_watch)) == len(catalog.glossary_watch)


# Jargon found on the 80-column screens (show, compare --all --full, cost, recommend, questions)
# that had no entry: each screen's "Terms used above" now explains it.
SCREEN_TERMS = [
    (["show", "CCDS"], ["CCDS-O", "RN", "MD", "DO", "acute care", "allied health", "ICD"]),
    (["show", "CRC"], ["HMO", "managed care", "accountable care organisation", "COC-A", "MLN"]),
    (["show", "CPC"], ["O*NET", "SOC", "charge entry", "release of information", "MyCAA"]),
    (["show", "COC"], ["CPC-H", "COC-A"]),
    (["show", "CIC"], ["critical access hospital", "acute care"]),
    (["show", "CCS-P"], ["ICD-9-CM"]),
    (["show", "CPB"], ["ICD-9"]),
    (["show", "RHIT"], ["ICD-10"]),
    (["compare", "--all", "--full"], ["ICD", "ICD-10", "ICD-9", "CPC-H", "COC-A", "CCDS-O", "HMO"]),
    (["cost"], ["MLN"]),
]


@pytest.mark.parametrize(("args", "terms"), SCREEN_TERMS, ids=lambda value: " ".join(value))
def test_screens_explain_the_jargon_they_use(args: list[str], terms: list[str], runner: CliRunner) -> None:
    result = runner.invoke(app, [*args, "--no-pager"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    block = result.stdout[result.stdout.index("Terms used above") :]
    assert [term for term in terms if f"• {term}: " not in block] == []


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("CEU", "36 CEUs every two years", True),
        ("DRG", "MS-DRG weights", False),
        ("APC", "AAPC's exam", False),
        ("CPC-A", "pass as CPC-A first", True),
        ("CAHIIM", "a CAHIIM-accredited programme", True),
        ("ICD-10-CM", "ICD-10-CM and ICD-10-PCS", True),
        ("HIM", "ask him", False),
        ("facility", "The Facility claim", True),
        ("professional-fee", "professional fee coding", True),
        ("risk adjustment", "risk-adjustment coders", True),
        ("ICD", "basic ICD and CPT coding", True),
        ("ICD", "ICD-10-CM and ICD-9", False),
        ("ICD-10", "basic ICD-10 and CPT work", True),
        ("ICD-10", "ICD-10-PCS", False),
        ("ICD-9", "the ICD-9 era", True),
        ("ICD-9", "ICD-9-CM in place of ICD-10-CM", False),
        ("O*NET", "O*NET's titles for the occupation", True),
        ("HMO", "HMOs and other managed-care organisations", True),
        ("managed care", "HMOs and other managed-care organisations", True),
        ("accountable care organisation", "accountable care organisations", True),
        ("DO", "an RN, RHIA, RHIT, MD or DO", True),
    ],
)
def test_what_counts_as_a_use(term: str, text: str, found: bool) -> None:
    assert uses(term, text) is found


def test_terms_come_in_order_of_first_use() -> None:
    glossary = load_catalog().glossary
    found = terms_in(glossary, ["Join AAPC first.", "Then earn CEUs; AAPC counts them."])
    assert [entry.term for entry in found] == ["AAPC", "CEU"]


# -- the command -------------------------------------------------------------------------------


def test_one_term_any_case(runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary", "ceu"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "CEU"
    assert "Continuing education unit" in result.stdout
    assert "    https://www.aapc.com/medical-coding-education/help/" in lines


def test_every_term_a_to_z(runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary"])
    assert result.exit_code == 0, result.output
    glossary = load_catalog().glossary
    listed = [line for line in result.stdout.splitlines() if line in glossary]
    assert listed == sorted(glossary, key=str.casefold)
    assert "certadvisor glossary TERM" in result.stdout


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("PCS", ["ICD-10-PCS"]),  # an alias, not a did-you-mean to HCPCS
        ("pcs", ["ICD-10-PCS"]),
        ("CM", ["ICD-10-CM"]),
        ("evaluation and management", ["E/M"]),
        ("e&m", ["E/M"]),
        ("risk", ["risk adjustment"]),  # the start of a term
        ("adjust", ["risk adjustment"]),  # a part of one
        ("HCC", ["HCC"]),  # its own entry wins over risk adjustment, which it is part of
        ("ICD", ["ICD"]),  # its own entry, for ICD written alone
        ("ICD-10-", ["ICD-10-CM", "ICD-10-PCS"]),  # several: all of them, A to Z
        ("icd-9", ["ICD-9"]),  # exact beats the ICD-9-CM that starts with it
        ("Medicare Learning Network", ["MLN"]),
        ("drg", ["DRG"]),  # exact beats the MS-DRG that contains it
        ("prospective payment", ["IPPS", "OPPS"]),  # through their aliases
    ],
)
def test_aliases_starts_and_parts_find_terms(query: str, terms: list[str], runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary", query, "--json"])
    assert result.exit_code == 0, result.output
    assert [t["term"] for t in json.loads(result.stdout)["terms"]] == terms


def test_several_matches_are_all_shown(runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary", "icd-10-"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "ICD-10-CM" and "ICD-10-PCS" in lines
    assert "  Also called: PCS, ICD-PCS" in lines


def test_aliases_are_suggested_too(runner: CliRunner) -> None:
    # PSC is as close to SOC as to PCS, so a typo of an alias that has no equal rival.
    result = runner.invoke(app, ["glossary", "PCZ"])
    assert result.exit_code == 2
    assert "did you mean PCS?" in result.stderr
    result = runner.invoke(app, ["glossary", "ICD-PSC"])
    assert "did you mean ICD-PCS?" in result.stderr


def test_an_unknown_term_exits_2_with_a_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary", "CUE"])
    assert result.exit_code == 2
    assert "unknown term 'CUE'" in result.stderr and "did you mean CEU?" in result.stderr
    assert result.stdout == ""
    with pytest.raises(UnknownCodeError):
        lookup(load_catalog(), "no such thing")


def test_json_one_and_all(runner: CliRunner) -> None:
    one = json.loads(runner.invoke(app, ["glossary", "OnVUE", "--json"]).stdout)
    assert one["schema_version"] == 2
    (entry,) = one["terms"]
    assert entry["term"] == "OnVUE" and entry["see"] == ["Pearson VUE"]
    assert entry["source"]["url"].startswith("https://")
    every = json.loads(runner.invoke(app, ["glossary", "--json"]).stdout)
    assert [t["term"] for t in every["terms"]] == sorted(load_catalog().glossary, key=str.casefold)
    assert next(t for t in every["terms"] if t["term"] == "payer")["source"] is None


# -- the result screen and the reports -----------------------------------------------------------


def test_the_result_explains_the_terms_it_uses(runner: CliRunner, tmp_path: Path) -> None:
    catalog = load_catalog()
    result = Engine(catalog).recommend({"goal": "inpatient_coder"})
    view = build(catalog, result)
    terms = [entry.term for entry in view.terms]
    assert "ICD-10-PCS" in terms and "CEU" in terms
    assert len(terms) == len(set(terms))
    out = runner.invoke(app, ["recommend", "--set", "goal=inpatient_coder"]).stdout
    block = out[out.index("Terms used above") :]
    assert "ICD-10-PCS:" in block and "certadvisor glossary" in block
    md = tmp_path / "r.md"
    html = tmp_path / "r.html"
    for report in (md, html):
        done = runner.invoke(app, ["recommend", "--set", "goal=inpatient_coder", "--report", str(report)])
        assert done.exit_code == 0, done.output
    assert "## Terms" in md.read_text() and "- **ICD-10-PCS**:" in md.read_text()
    assert '<section id="terms">' in html.read_text() and "<dt>ICD-10-PCS</dt>" in html.read_text()


# -- the loader ---------------------------------------------------------------------------------


def test_the_loader_rejects_an_unknown_glossary_key(make_data: Callable[..., Path]) -> None:
    path = make_data(("[glossary.proctor]\n", '[glossary.proctor]\nsources = "x"\n'))
    assert "glossary.proctor.sources: unknown key (did you mean source?)" in _error(path)


def test_the_loader_needs_glossary_text_and_a_known_source(make_data: Callable[..., Path]) -> None:
    path = make_data(
        ('[glossary.payer]\ntext = "Whoever', '[glossary.payer]\nsource = "nowhere"\ntxt = "Whoever'),
    )
    message = _error(path)
    assert "glossary.payer.text: missing required key" in message
    assert "glossary.payer.txt: unknown key" in message


def test_the_loader_checks_see_and_source(make_data: Callable[..., Path]) -> None:
    path = make_data(
        ('see = ["Pearson VUE"]\n', 'see = ["Pearson VUU"]\n'),
        ("[glossary.proctor]\n", '[glossary.proctor]\nsource = "aapc-cpx"\n'),
    )
    message = _error(path)
    assert "glossary.OnVUE.see: unknown term 'Pearson VUU' (did you mean Pearson VUE?)" in message
    assert "glossary.proctor.source: unknown source 'aapc-cpx'" in message


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ('["HCC"]', "glossary.risk adjustment.aliases: alias 'HCC' is already the term 'HCC'"),
        ('["pcs"]', "glossary.risk adjustment.aliases: alias 'pcs' is already an alias of 'ICD-10-PCS'"),
        ('"RA"', "glossary.risk adjustment.aliases: expected a list of strings"),
        ('["RA", ""]', "glossary.risk adjustment.aliases: expected a non-empty list of strings"),
    ],
)
def test_the_loader_checks_aliases(aliases: str, message: str, make_data: Callable[..., Path]) -> None:
    path = make_data(('aliases = ["RA", "risk adjustment coding"]', f"aliases = {aliases}"))
    assert message in _error(path)


def test_the_loader_rejects_a_term_defined_twice_in_two_cases(make_data: Callable[..., Path]) -> None:
    path = make_data(("[glossary.payer]\n", '[glossary.PAYER]\ntext = "x"\n\n[glossary.payer]\n'))
    assert "duplicate term" in _error(path)


def test_the_loader_checks_the_short_focus(make_data: Callable[..., Path]) -> None:
    long = make_data(('short = "medical billing"', f'short = "{"x" * 41}"'))
    assert "certs.CPB.short: expected at most 40 characters" in _error(long)
    missing = make_data(('short = "medical billing"\n', ""))
    assert "certs.CPB.short: missing required key" in _error(missing)
    wrong = make_data(('short = "medical billing"', "short = 3"))
    assert "certs.CPB.short: expected a string, got 3" in _error(wrong)


# -- check-data ---------------------------------------------------------------------------------


def test_check_data_warns_about_a_watched_term_without_an_entry(
    runner: CliRunner, make_data: Callable[..., Path], shipped_text: str
) -> None:
    start = shipped_text.index("[glossary.Prometric]")
    end = shipped_text.index("[glossary.", start + 1)
    path = make_data((shipped_text[start:end], ""))
    result = runner.invoke(app, ["check-data", str(path)])
    assert result.exit_code == 0, result.output  # a warning, not a problem
    assert "warning: glossary term 'Prometric' (in [glossary_watch]) is used without a [glossary] entry" in (
        result.stderr
    )
    assert "certs.CCDS.exam.delivery" in result.stderr
    assert "No problems found." in result.stdout
    data = json.loads(runner.invoke(app, ["check-data", str(path), "--json"]).stdout)
    assert any("'Prometric'" in warning for warning in data["warnings"])
    clean = runner.invoke(app, ["check-data"])
    assert "glossary term" not in clean.stderr


def test_finding_every_term_at_once_matches_searching_one_by_one() -> None:
    """terms_in's single pass gives what one search per term gives (the simple oracle)."""
    import random

    from certadvisor.core import glossary
    from certadvisor.core.engine import Engine
    from certadvisor.load.datafile import load_catalog
    from certadvisor.present.view import build, screen_texts

    catalog = load_catalog()
    engine = Engine(catalog)
    rng = random.Random(3)
    for _ in range(150):
        answers = {q.id: rng.choice(q.values) for q in catalog.questions if rng.random() < 0.7}
        result = engine.recommend(answers)
        texts = screen_texts(build(catalog, result, terms=False), result)
        whole = "\n".join(texts)
        hits = []
        for order, entry in enumerate(catalog.glossary.values()):
            found = glossary.pattern(entry.term).search(whole)
            if found is not None:
                hits.append((found.start(), order, entry))
        expected = tuple(entry for _start, _order, entry in sorted(hits, key=lambda hit: hit[:2]))
        assert glossary.terms_in(catalog.glossary, texts) == expected, answers
