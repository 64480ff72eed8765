"""``certadvisor sources [CODE]``: every page with its publisher, kind, the versions read and the
facts that cite it, most stale first; the same records as ``check-data --stale``."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from conftest import CLI_ENV, EnvRunner, error_message
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.model.catalog import Catalog

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    return EnvRunner(env={**CLI_ENV, "COLUMNS": "100"}, overrides={"today": TODAY})


def run(cli: CliRunner, *args: str) -> Result:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def document(cli: CliRunner, *args: str) -> Any:
    return json.loads(run(cli, "sources", *args, "--json").stdout)


def blocks(out: str) -> dict[str, str]:
    """Each source's block of the screen, by source id."""
    found: dict[str, str] = {}
    for block in out.split("\n\n")[1:]:
        match = re.search(r"\[([a-z0-9-]+)\]", block)
        assert match, block
        found[match.group(1)] = block
    return found


def test_every_source_is_listed_most_stale_first(cli: CliRunner, catalog: Catalog) -> None:
    data = document(cli)
    assert data["certification"] is None and data["today"] == TODAY.isoformat()
    assert sorted(entry["id"] for entry in data["sources"]) == sorted(catalog.sources)
    # Pages with a fact due now come first; after them, the earliest due date; last, pages that
    # only back other pages up (cited as "also") or only define a glossary term.
    firsts = []
    for entry in data["sources"]:
        days = [f["recheck_due"] for f in entry["facts"] if f["cited_as"] == "main"]
        firsts.append("~" if not days else "" if None in days else min(days))
    assert firsts == sorted(firsts)
    assert firsts[0] == "" and "~" in firsts


def test_the_screen_matches_the_json_and_never_says_checked(cli: CliRunner) -> None:
    out = run(cli, "sources").stdout
    assert "checked" not in out
    assert re.match(r"96 sources behind the facts, most stale first\. \d+ of \d+ facts", out)
    assert "Facts come from copies of web pages, not the live sites" in " ".join(out.split())
    order = [entry["id"] for entry in document(cli)["sources"]]
    assert list(blocks(out)) == order


def test_aapcs_cpc_page_shows_both_versions_and_the_facts_on_each(cli: CliRunner) -> None:
    block = blocks(run(cli, "sources", "CPC").stdout)["aapc-cpc"]
    lines = [line.strip() for line in block.splitlines()]
    assert lines[1:3] == ["AAPC, official", "https://www.aapc.com/certification/cpc/"]
    flat = " ".join(block.split())
    assert "2018 version: undated copy (content implies 2018), compared 29 Nov 2026" in flat
    assert "2022 version: undated copy (content implies 2022), compared 29 Nov 2026" in flat
    assert "tracking parameters" in flat  # where the 2022 copy was read, told apart from the link
    assert re.search(r"due 2021-01-01 +certs\.CPC\.focus\.code_sets \(2018\)", block)
    assert re.search(r"due 2024-01-01 +certs\.CPC\.exam\.passing_score \(2022\)", block)
    assert re.search(r"also cites it +certs\.CPC\.career\.salary \(2022\)", block)
    assert "utm_" not in block


def test_a_certification_keeps_only_its_own_sources_and_facts(cli: CliRunner, catalog: Catalog) -> None:
    data = document(cli, "cpc")
    assert data["certification"] == "CPC"
    cert = catalog.certs["CPC"]
    cited = {cert.body.source.id} | {f.source.id for f in cert.facts.values()}
    cited |= {also.source.id for f in cert.facts.values() for also in f.also}
    assert {entry["id"] for entry in data["sources"]} == cited
    keys = {item["key"] for entry in data["sources"] for item in entry["facts"]}
    assert all(key.startswith("certs.CPC.") or key == "bodies.AAPC" for key in keys)
    assert len(keys) == len(cert.facts) + 1


def test_a_copy_read_elsewhere_names_its_host_apart_from_the_link(cli: CliRunner) -> None:
    entry = next(e for e in document(cli, "RHIA")["sources"] if e["id"] == "ahima-rhia")
    assert entry["url"] == "https://www.ahima.org/certification-careers/certification-exams/rhia"
    assert [v["capture_host"] for v in entry["versions"]] == ["conference-test.ahima.org"]
    assert entry["versions"][0]["summary"].startswith(
        "AHIMA page, undated copy from another host, unverified"
    )
    block = blocks(run(cli, "sources", "RHIA").stdout)["ahima-rhia"]
    assert "read on conference-test.ahima.org" in " ".join(block.split())


def test_check_data_stale_lists_the_same_pages_in_the_same_order(cli: CliRunner) -> None:
    stale = json.loads(run(cli, "check-data", "--stale", "--json").stdout)
    every = document(cli)
    due = [
        e["id"]
        for e in every["sources"]
        if any(f["due_for_recheck"] and f["cited_as"] == "main" for f in e["facts"])
    ]
    assert [e["id"] for e in stale["sources"]] == due
    first = stale["sources"][0]
    assert first == {**next(e for e in every["sources"] if e["id"] == first["id"]), "facts": first["facts"]}


def test_an_unknown_code_is_a_usage_error_with_a_suggestion(cli: CliRunner) -> None:
    result = cli.invoke(app, ["sources", "CPX"])
    assert result.exit_code == 2
    message = error_message(result.stderr)
    assert "'CPX'" in message and "did you mean CPC?" in message
