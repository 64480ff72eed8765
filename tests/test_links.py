"""Links whole: a URL is never split across lines, at any width, and is an OSC 8 hyperlink only
on a terminal that allows colour."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from conftest import CLI_ENV, EnvRunner
from rich.console import Console

from certadvisor.cli.app import app
from certadvisor.core.compare import compare
from certadvisor.core.cost import sheet
from certadvisor.load.datafile import load_catalog
from certadvisor.present.terminal.comparison import print_comparison
from certadvisor.present.terminal.console import links_on
from certadvisor.present.terminal.costs import print_costs
from certadvisor.present.terminal.show import print_show
from certadvisor.present.terminal.stale import print_stale

OSC8 = "\x1b]8;"
TODAY = dt.date(2026, 11, 29)
CATALOG = load_catalog()
COMMANDS = {
    "show": ["show", "CPC"],
    "compare": ["compare", "CPC", "CCS"],
    "cost": ["cost", "CPC", "CCA"],
}


def urls_expected(command: str) -> set[str]:
    """Every URL the command prints: its sources (and, for show, steps and the body's site)."""
    if command == "show":
        cert = CATALOG.certs["CPC"]
        urls = {fact.source.url for fact in cert.facts.values()} | {cert.body.website}
        return urls | {step.url for step in cert.next_steps if step.url}
    if command == "compare":
        return {s.url for s in compare((CATALOG.certs["CPC"], CATALOG.certs["CCS"]), TODAY).sources}
    return {
        item.fact.source.url
        for code in ("CPC", "CCA")
        for item in sheet(CATALOG.certs[code]).items
        if item.fact is not None and item.estimate is not None
    }


def whole(url: str, out: str) -> bool:
    """True when ``url`` is on one line, with nothing but spaces (or a panel's border) around it."""
    return re.search(rf"^[ |│]*{re.escape(url)}[ |│]*$", out, re.MULTILINE) is not None


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("columns", [40, 41, 57, 64, 80, 99, 120, 151, 200])
def test_no_url_is_split(command: str, columns: int) -> None:
    runner = EnvRunner(env={**CLI_ENV, "COLUMNS": str(columns)})
    result = runner.invoke(app, COMMANDS[command])
    assert result.exit_code == 0, result.output
    for url in urls_expected(command):
        assert whole(url, result.stdout), f"{url} is not whole on a line at {columns} columns"
    assert OSC8 not in result.stdout  # not a terminal


@pytest.mark.exhaustive  # every width; the fast tier keeps the 80-column and narrow cases
def test_every_width_from_40_to_200_keeps_show_urls_whole() -> None:
    expected = urls_expected("show")
    for columns in range(40, 201):
        console = Console(file=io.StringIO(), width=columns, no_color=True, force_terminal=False)
        cert = CATALOG.certs["CPC"]
        print_show(console, cert, TODAY, [p for p in CATALOG.paths if p.includes("CPC")])
        out = console.file.getvalue()  # type: ignore[attr-defined]
        assert all(whole(url, out) for url in expected), columns


def test_result_next_steps_and_stale_list_keep_urls_whole() -> None:
    runner = EnvRunner(env={**CLI_ENV, "COLUMNS": "40"})
    out = runner.invoke(app, ["recommend", "--set", "goal=inpatient_coder"]).stdout
    lines = {line.strip() for line in out.splitlines()}
    assert "https://ahima.org/certification-careers/certifications-overview/ccs" in lines
    console = Console(file=io.StringIO(), width=40)
    from certadvisor.core.freshness import due_by_source

    groups = due_by_source(CATALOG, dt.date(2031, 1, 1), 0)
    print_stale(console, groups, dt.date(2031, 1, 1), 0)
    printed = {line.strip() for line in console.file.getvalue().splitlines()}  # type: ignore[attr-defined]
    assert {group.source.url for group in groups} <= printed


def _terminal(**options: object) -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=80, color_system="truecolor", **options)  # type: ignore[arg-type]


def test_hyperlinks_on_a_colour_terminal() -> None:
    console = _terminal()
    assert links_on(console)
    print_show(console, CATALOG.certs["CCS"], TODAY)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    url = CATALOG.certs["CCS"].fact("exam.minutes").source.url
    assert f"{OSC8}" in out and re.search(rf"\x1b]8;[^;]*;{re.escape(url)}\x1b\\", out)


@pytest.mark.parametrize(
    "console",
    [
        pytest.param(_terminal(no_color=True), id="NO_COLOR"),
        pytest.param(Console(file=io.StringIO(), width=80), id="not-a-terminal"),
        pytest.param(
            Console(file=io.StringIO(), width=80, force_terminal=True, color_system=None), id="no-colour"
        ),
    ],
)
def test_no_hyperlinks_without_a_colour_terminal(console: Console) -> None:
    assert not links_on(console)
    print_comparison(console, compare((CATALOG.certs["CPC"], CATALOG.certs["CCS"]), TODAY))
    print_costs(console, [(CATALOG.certs["CPC"], sheet(CATALOG.certs["CPC"]))])
    assert OSC8 not in console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"NO_COLOR": None, "TERM": "xterm-256color"}])
def test_the_cli_writes_no_hyperlinks_to_a_pipe(env: dict[str, str | None]) -> None:
    runner = EnvRunner(env={**CLI_ENV, **env})
    for args in COMMANDS.values():
        assert OSC8 not in runner.invoke(app, args).stdout
    assert OSC8 not in runner.invoke(app, ["glossary"]).stdout
