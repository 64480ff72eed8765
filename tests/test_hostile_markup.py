"""Issue #26 item 2: a hostile data file cannot put rich markup or emoji codes on a terminal.

Names, summaries, the list's focus, a body's name, a source's title and note, facts' values and
notes, a fee's note, a hiring note, a glossary text, a question's text and help, a choice's
label, a rule's reasons, a path's title and step, a next step, market facts and a conflict's note
all carry console markup: a ``file://`` link, blink, a style, an emoji code and a closing tag
that opens nothing (which rich would refuse with a traceback were it parsed). Every screen is
drawn on a colour terminal with hyperlinks on; each must show the payload as typed, with no
``file://`` hyperlink, no blink and no emoji. A control character is refused at load instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CLI_ENV, EnvRunner, replace_once, tty_overrides
from typer.testing import Result

from certadvisor.cli.app import app

LINK = "[link=file:///etc/passwd]CLICK[/link]"
BLINK = "[blink]B[/blink]"
EMOJI = ":smiley:"
STRAY = "[/bold]"  # a closing tag with nothing open: parsed, it is a MarkupError
PAYLOAD = f"{LINK} {BLINK} [bold red]R[/bold red] {EMOJI} {STRAY}"
EVERY = (LINK, BLINK, EMOJI, STRAY)

# (shipped text, its place in the payload): each occurs exactly once in the shipped data.
BEFORE = [
    "summary = \"AAPC's core credential",
    'name = "AAPC (formerly',
    'value = "Multiple choice, most built around',
    'note = "Third-party articles from March 2022',
    'note = "One attempt. This guide gives $425',
    'note = "This is the experience that removes the A. A job',
    'text = "Coding for the work a physician',
    'help = "Pick the closest.',
    'reason = "Coding hospital stays means',
    'reasons.CPC = "CPC covers the physician',
    '{ text = "Find a first coding job',
    'text = "Join AAPC: membership is required before you can book the CPC exam.',
    'value = "Remote coding jobs usually go',
    '"A coding externship: AAPC counts',
    'note = "You chose hospital stays but a physician practice.',
]
AFTER = [
    'name = "Certified Professional Coder',
    'title = "Certified Professional Coder (CPC) certification exam',
    'note = "Refers to the 2026 CPC exam.',
    'text = "What kind of employer do you picture?',
    'label = "Coding manager or supervisor',
    'title = "From CPC-A to a first coding job, then the full CPC',
]


def _hostile_text(shipped: str) -> str:
    text = shipped
    for old in BEFORE:
        quote = old.index('"') + 1
        text = replace_once(text, old, f"{old[:quote]}{PAYLOAD} {old[quote:]}")
    for old in AFTER:
        text = replace_once(text, f'{old}"', f'{old} {PAYLOAD}"')
    # The list's focus is at most 40 characters: the link alone.
    return replace_once(text, 'short = "professional-fee coding"', f'short = "{LINK}"')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, shipped_text: str) -> Path:
    folder = tmp_path_factory.mktemp("hostile-markup")
    (folder / "certs.toml").write_text(_hostile_text(shipped_text), encoding="utf-8")
    answers = {
        "goal": "inpatient_coder",
        "held": "CPC-A",
        "setting": "inpatient",
        "employer": "physician_practice",
        "pcs_comfort": "unsure",
        "experience": "none",
        "work_arrangement": "remote_only",
        "background": "other",
        "body_preference": "no_preference",
        "priority": "no_priority",
    }
    (folder / "all.toml").write_text("".join(f'{k} = "{v}"\n' for k, v in answers.items()), "utf-8")
    part = {k: v for k, v in answers.items() if k not in ("goal", "employer")}
    (folder / "part.toml").write_text("".join(f'{k} = "{v}"\n' for k, v in part.items()), "utf-8")
    # A class whose rows bring the hostile conflict, the hostile label and an open question
    # (employer, whose text is hostile) to the summary; every row is valid, so it exits 0.
    (folder / "class.csv").write_text(
        "goal,held,setting,employer,experience,work_arrangement\n"
        "inpatient_coder,none,inpatient,physician_practice,none,hybrid_ok\n"
        "coding_manager,CPC,outpatient,,2_years_plus,no_preference\n"
        "outpatient_coder,none,outpatient,,none,remote_only\n",
        encoding="utf-8",
    )
    return folder


def _run(folder: Path, args: list[str], *, columns: int = 80, input: str | None = None) -> Result:
    """A command on a pretend colour terminal (hyperlinks on), with the hostile data."""
    env = {
        **CLI_ENV,
        "COLUMNS": str(columns),
        "NO_COLOR": None,
        "FORCE_COLOR": "1",
        "TERM": "xterm-256color",
        "CERTADVISOR_PAGER": "cat",
    }
    named = [arg.replace("{dir}", str(folder)) for arg in args]
    runner = EnvRunner(env=env, overrides=tty_overrides())
    return runner.invoke(app, ["--data", str(folder / "certs.toml"), *named], input=input)


_OSC8 = re.compile(r"\x1b\]8;([^;\x1b]*);([^\x1b]*)\x1b\\")
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _blinks(out: str) -> bool:
    """True when an SGR sequence turns on blink (5 or 6), a colour's own numbers apart."""
    for found in _SGR.finditer(out):
        params = found.group(1).split(";")
        index = 0
        while index < len(params):
            param = params[index]
            if param in ("38", "48", "58"):  # 38;5;N or 38;2;R;G;B: the numbers are a colour
                index += 3 if params[index + 1 : index + 2] == ["5"] else 5
                continue
            if param in ("5", "6"):
                return True
            index += 1
    return False


def _check(result: Result, expected: tuple[str, ...]) -> str:
    out = result.output
    assert result.exit_code == 0, (result.exit_code, out[-2000:])
    assert "Traceback" not in out
    for payload in expected:
        assert payload in out, f"{payload!r} is not shown as typed"
    links = [url for _params, url in _OSC8.findall(out)]
    assert all(url == "" or url.startswith("https://") for url in links), links
    assert "file://" not in "".join(links)
    assert not _blinks(out)
    assert "\N{SMILING FACE WITH OPEN MOUTH}" not in out
    return out


SCREENS = {
    "list": (["list"], (LINK,)),
    "show": (["show", "CPC"], EVERY),
    "compare": (["compare", "CPC", "CCS"], EVERY),
    "compare-all": (["compare", "--all"], (LINK,)),
    "compare-all-full": (["compare", "--all", "--full"], EVERY),
    "cost": (["cost", "CPC"], EVERY),
    "glossary": (["glossary"], EVERY),
    "glossary-term": (["glossary", "professional-fee"], EVERY),
    "questions": (["questions"], EVERY),
    "sources": (["sources"], EVERY),
    "recommend-conflict": (
        ["recommend", "--set", "goal=inpatient_coder", "--set", "setting=inpatient"]
        + ["--set", "employer=physician_practice"],
        EVERY,
    ),
    "recommend-apprentice": (["recommend", "--set", "held=CPC-A", "--set", "experience=none"], EVERY),
    "recommend-remote": (
        ["recommend", "--set", "goal=outpatient_coder", "--set", "work_arrangement=remote_only"],
        EVERY,
    ),
    "batch-summary": (["recommend", "--batch", "{dir}/class.csv", "--summary"], EVERY),
    "quiz-answers": (["quiz", "--answers", "{dir}/all.toml"], EVERY),
}


@pytest.mark.parametrize(("args", "expected"), list(SCREENS.values()), ids=list(SCREENS))
def test_markup_in_the_data_is_shown_as_typed(
    hostile: Path, args: list[str], expected: tuple[str, ...]
) -> None:
    _check(_run(hostile, args), expected)


@pytest.mark.parametrize("args", [["list"], ["show", "CPC"], ["compare", "CPC", "CCS"], ["cost", "CPC"]])
def test_wide_tables_show_markup_as_typed(hostile: Path, args: list[str]) -> None:
    """Wide enough that every screen draws its boxed tables (headers included)."""
    _check(_run(hostile, args, columns=200), (LINK,))


def test_the_screens_are_drawn_in_colour_with_links(hostile: Path) -> None:
    """The checks above mean something only where rich writes styles and hyperlinks."""
    out = _run(hostile, ["show", "CPC"]).output
    assert "\x1b[1m" in out
    assert any(url.startswith("https://") for _params, url in _OSC8.findall(out))


def test_the_quiz_asks_with_markup_shown_as_typed(hostile: Path) -> None:
    """The questions' texts, help and labels as the quiz prints them (numbered line prompts)."""
    result = _run(hostile, ["quiz", "--plain", "--answers", "{dir}/part.toml"], input="6\n1\n\n")
    out = _check(result, EVERY)
    assert f"Coding manager or supervisor {LINK}" in out
    assert f"What kind of employer do you picture? {LINK}" in out


def test_an_escape_sequence_in_the_data_is_refused_at_load(tmp_path: Path, shipped_text: str) -> None:
    """A control character never reaches rich: the loader refuses it, naming the key."""
    data = tmp_path / "certs.toml"
    # A TOML escape: the parser itself refuses a raw control character in a string.
    data.write_text(
        replace_once(shipped_text, 'name = "Certified Professional Coder"', 'name = "\\u001b[31mRED"'),
        encoding="utf-8",
    )
    result = EnvRunner(env={**CLI_ENV, "NO_COLOR": None, "FORCE_COLOR": "1"}).invoke(
        app, ["--data", str(data), "show", "CPC"]
    )
    assert result.exit_code == 2
    assert "\x1b[31m" not in result.output
    assert "certs.CPC.name: text holds the control character \\x1b" in result.stderr
