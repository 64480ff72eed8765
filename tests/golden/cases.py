"""Golden cases: every command and output form, run in-process, with outputs frozen as text files.

Each case is ``(name, argv, columns, kind)``; its golden file is ``expected/<name>.txt``. ``run``
is the one adapter between this harness and certadvisor (its two imports are the only project
imports here): re-point them if the command line or the environment moves. Everything else is
plain Python, so a refactor can be checked against these files byte for byte.

A case runs with a fixed today (``TODAY``), no colour, ``COLUMNS`` set (``columns=None`` marks a
form whose layout does not depend on the width; it runs at 80, so that it never reads the real
terminal), ``LINES=50``, a private catalog cache, and, as the working directory, a fresh folder
holding the input files of ``INPUT_FILES``, so that file names in the output are relative.

Normalized before comparing (see ``normalize``): the audit's timing (``<SECONDS>``), absolute
paths to the data file (``<DATA>``), and the run's temporary folders (``<TMP>``, ``<CACHE>``).

Regenerate every golden file with ``python -m tests.golden.regen`` (from the repository root).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, NamedTuple

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
REGENERATE = "python -m tests.golden.regen"

# "Today" for every case: dates shown, freshness and the re-check list depend on it.
TODAY = datetime.date(2026, 12, 7)
# COLUMNS for a case whose columns is None (a JSON document, plain lines, an error).
DEFAULT_COLUMNS = 80

Kind = Literal["text", "json", "jsonl", "report", "error"]


class Case(NamedTuple):
    """One frozen invocation. ``kind``: text (a drawn screen or plain lines), json (one JSON
    document on stdout), jsonl (JSON Lines), report (the ``--report`` file's content is frozen
    too) or error (a failing run: its stderr and exit code are the point)."""

    name: str
    argv: tuple[str, ...]
    columns: int | None
    kind: Kind


class Outcome(NamedTuple):
    stdout: str
    stderr: str
    exit_code: int
    file: str | None  # the --report file's content, for a report case


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------

# Personas answered with --set (ids and values from data/certs.toml [[questions]]). A question
# hidden by its `when` for a persona (pcs_comfort for an outpatient, background for a holder of
# a full credential) is left out.
PERSONAS: dict[str, dict[str, str]] = {
    "inpatient-beginner": {
        "goal": "inpatient_coder",
        "held": "none",
        "setting": "inpatient",
        "employer": "hospital",
        "pcs_comfort": "keen",
        "experience": "none",
        "work_arrangement": "hybrid_ok",
        "background": "coding_course",
        "body_preference": "no_preference",
        "priority": "start_soon",
    },
    "office-career-changer": {
        "goal": "outpatient_coder",
        "held": "none",
        "setting": "outpatient",
        "employer": "physician_practice",
        "experience": "none",
        "background": "other",
        "body_preference": "aapc",
        "priority": "start_soon",
    },
    "nurse-into-cdi": {
        "goal": "cdi_specialist",
        "held": "none",
        "setting": "inpatient",
        "employer": "hospital",
        "pcs_comfort": "unsure",
        "experience": "none",
        "background": "clinical",
        "body_preference": "no_preference",
        "priority": "growth",
    },
    "biller": {
        "goal": "billing_specialist",
        "held": "none",
        "setting": "outpatient",
        "employer": "physician_practice",
        "experience": "under_2_years",
        "background": "coding_course",
        "body_preference": "no_preference",
        "priority": "low_cost",
    },
    "holds-cpc": {
        "goal": "coding_auditor",
        "held": "CPC",
        "setting": "outpatient",
        "employer": "physician_practice",
        "experience": "2_years_plus",
        "body_preference": "aapc",
        "priority": "growth",
    },
    # Issue #24: a career changer who must work from home (the remote line and section).
    "remote-career-changer": {
        "goal": "outpatient_coder",
        "held": "none",
        "setting": "outpatient",
        "employer": "not_sure",
        "experience": "none",
        "work_arrangement": "remote_only",
        "background": "none",
        "priority": "low_cost",
    },
    # Issue #22: a CPC-A without a coding job yet (no exam to book again; a first job first).
    "cpc-a-without-a-job": {
        "goal": "outpatient_coder",
        "held": "CPC-A",
        "employer": "physician_practice",
        "experience": "none",
        "priority": "start_soon",
    },
    # Issue #22: an HIM associate student in the final term (RHIT now; the programme is not charged).
    "him-student-final-term": {
        "held": "none",
        "experience": "none",
        "background": "him_associate",
        "him_status": "final_term",
    },
    "all-unsure": {
        "goal": "undecided",
        "held": "none",
        "setting": "no_preference",
        "employer": "not_sure",
        "pcs_comfort": "unsure",
        "experience": "unsure",
        "background": "other",
        "body_preference": "no_preference",
        "priority": "no_priority",
    },
}

# Files written into each case's working directory before it runs.
QUIZ_ANSWERS = "answers.toml"
BATCH_INPUT = "people.jsonl"
CLASS_CSV = "class.csv"
INPUT_FILES: dict[str, str] = {
    # Every question answered (none hidden for this persona), so the quiz asks nothing.
    QUIZ_ANSWERS: "".join(f'{qid} = "{value}"\n' for qid, value in PERSONAS["inpatient-beginner"].items()),
    # Three people and, third, one line with a value no question allows.
    BATCH_INPUT: "".join(
        json.dumps(line) + "\n"
        for line in (
            PERSONAS["office-career-changer"],
            PERSONAS["holds-cpc"],
            {"goal": "astronaut", "setting": "inpatient"},
            PERSONAS["all-unsure"],
        )
    ),
    # An advisor's spreadsheet: columns by question text or id, cells by label or value, an id
    # column passed through, a column no question matches, and one row with a value not allowed.
    CLASS_CSV: (
        "Student,Which job are you aiming for first?,held,employer,experience,Comments\r\n"
        "Ana,Outpatient or physician-practice coder,None yet,physician_practice,none,likes clinics\r\n"
        "Ben,Hospital inpatient coder,none,Hospital,none,\r\n"
        "Cy,astronaut,none,hospital,none,\r\n"
        'Dee,"Risk adjustment (HCC) coder, often for a health plan",CPC,payer,2_years_plus,\r\n'
    ),
}


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


def _forms(name: str, argv: Sequence[str], widths: Sequence[int] = (50, 80, 120)) -> list[Case]:
    """A command as text at each width and as --json."""
    cases = [Case(f"{name}-{width}", tuple(argv), width, "text") for width in widths]
    return [*cases, Case(f"{name}-json", (*argv, "--json"), None, "json")]


def _sets(persona: str) -> tuple[str, ...]:
    return tuple(arg for qid, value in PERSONAS[persona].items() for arg in ("--set", f"{qid}={value}"))


def _cases() -> list[Case]:
    cases: list[Case] = [
        Case("version", ("--version",), None, "text"),
        Case("help", ("--help",), 80, "text"),
    ]
    for command in (
        "list",
        "show",
        "glossary",
        "compare",
        "cost",
        "sources",
        "recommend",
        "check-data",
        "quiz",
        "questions",
        "form",
    ):
        cases.append(Case(f"help-{command}", (command, "--help"), 80, "text"))

    cases += _forms("list", ["list"])
    cases += _forms("list-body-aapc", ["list", "--body", "AAPC"], widths=(80,))
    cases += _forms("list-setting-inpatient", ["list", "--setting", "inpatient"], widths=(80,))

    cases += _forms("show-cpc", ["show", "CPC"])
    cases += _forms("show-ccs", ["show", "CCS"])

    cases += _forms("glossary", ["glossary"], widths=(80,))
    cases += _forms("glossary-ceu", ["glossary", "CEU"], widths=(80,))
    cases += _forms("glossary-alias-pcs", ["glossary", "PCS"], widths=(80,))
    cases += _forms("glossary-part-risk", ["glossary", "risk"], widths=(80,))

    cases += _forms("questions", ["questions"], widths=(80,))
    cases += [
        Case("form-80", ("form",), 80, "text"),
        Case("form-markdown", ("form", "--markdown"), None, "text"),
        Case("form-csv", ("form", "--csv"), None, "text"),
    ]

    cases += _forms("compare", ["compare"])
    cases.append(Case("compare-cpc-ccs-crc-80", ("compare", "CPC", "CCS", "CRC"), 80, "text"))
    cases += _forms("compare-all", ["compare", "--all"], widths=(80, 120))
    cases.append(Case("compare-all-full-120", ("compare", "--all", "--full"), 120, "text"))

    cases += _forms("cost", ["cost"])
    cases += _forms("cost-cpc-ccs-member", ["cost", "CPC", "CCS", "--member"])
    cases += _forms("cost-crc-non-member", ["cost", "CRC", "--non-member"])

    cases.append(Case("sources-80", ("sources",), 80, "text"))
    cases.append(Case("sources-json", ("sources", "--json"), None, "json"))
    cases += _forms("sources-cpc", ["sources", "CPC"], widths=(50, 80))
    cases.append(Case("error-sources-unknown-code", ("sources", "CPX"), None, "error"))

    for persona in PERSONAS:
        argv = ("recommend", *_sets(persona))
        cases += _forms(f"recommend-{persona}", argv)
        for suffix in ("md", "html"):
            report = ("--report", f"report.{suffix}")
            cases.append(Case(f"recommend-{persona}-report-{suffix}", (*argv, *report), 80, "report"))
    cases.append(Case("recommend-batch", ("recommend", "--batch", BATCH_INPUT), None, "jsonl"))
    cases += [
        Case("recommend-batch-csv", ("recommend", "--batch", CLASS_CSV), None, "jsonl"),
        Case("recommend-batch-csv-summary-80", ("recommend", "--batch", CLASS_CSV, "--summary"), 80, "text"),
        Case(
            "recommend-batch-csv-summary-json",
            ("recommend", "--batch", CLASS_CSV, "--summary", "--json"),
            None,
            "json",
        ),
    ]

    cases += [
        Case("check-data", ("check-data",), None, "text"),
        Case("check-data-json", ("check-data", "--json"), None, "json"),
        Case("check-data-stale-80", ("check-data", "--stale"), 80, "text"),
        Case("check-data-stale-json", ("check-data", "--stale", "--json"), None, "json"),
        Case("check-data-stale-due-12-80", ("check-data", "--stale", "--due-within", "12"), 80, "text"),
        Case(
            "check-data-stale-due-12-json",
            ("check-data", "--stale", "--due-within", "12", "--json"),
            None,
            "json",
        ),
    ]

    quiz = ("quiz", "--answers", QUIZ_ANSWERS)
    cases += [
        Case("quiz-answers-80", quiz, 80, "text"),
        Case("quiz-answers-json", (*quiz, "--json"), None, "json"),
        Case("quiz-answers-report-md", (*quiz, "--report", "report.md"), 80, "report"),
        Case("quiz-answers-report-html", (*quiz, "--report", "report.html"), 80, "report"),
    ]

    cases += [
        Case("error-show-unknown-code", ("show", "CPX"), None, "error"),
        Case("error-cost-unknown-code", ("cost", "CPC", "XYZ"), None, "error"),
        Case("error-glossary-unknown-term", ("glossary", "nosuchterm"), None, "error"),
        Case("error-recommend-bad-set-value", ("recommend", "--set", "setting=hospital"), None, "error"),
        Case("error-recommend-unknown-question", ("recommend", "--set", "colour=blue"), None, "error"),
        Case("error-recommend-no-answers", ("recommend",), None, "error"),
        Case("error-compare-codes-and-all", ("compare", "CPC", "--all"), None, "error"),
        Case("error-check-data-due-within-alone", ("check-data", "--due-within", "3"), None, "error"),
        Case("error-unknown-command", ("frobnicate",), None, "error"),
    ]
    return cases


CASES: list[Case] = _cases()


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


def run(argv: Sequence[str], columns: int | None) -> tuple[str, str, int]:
    """Run certadvisor in-process with typer's CliRunner: (stdout, stderr, exit code).

    The only place that knows the project: after a refactor, re-point these two imports.
    Uses the process's current directory and CERTADVISOR_CACHE_DIR (``capture`` sets both).
    """
    from typer.testing import CliRunner

    from certadvisor.cli.app import app
    from certadvisor.env import Environment

    env: dict[str, str | None] = {
        "COLUMNS": str(columns or DEFAULT_COLUMNS),
        "LINES": "50",
        "NO_COLOR": "1",
        "CERTADVISOR_DATA": None,
        "CERTADVISOR_PAGER": None,
        "PAGER": None,
        "LESS": None,
        "TERM": None,
        "ACCESSIBLE": None,
        "FORCE_COLOR": None,
        "TTY_COMPATIBLE": None,
        "TTY_INTERACTIVE": None,
        "COLORTERM": None,
        "JUPYTER_COLUMNS": None,
        "JUPYTER_LINES": None,
    }
    result = CliRunner().invoke(
        app,
        list(argv),
        env=env,
        catch_exceptions=False,  # a crash fails loudly; it is never frozen as "expected"
        obj=lambda: Environment.from_process()._replace(today=TODAY),
    )
    return result.stdout_bytes.decode("utf-8"), result.stderr_bytes.decode("utf-8"), result.exit_code


@contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _report_name(case: Case) -> str:
    return case.argv[case.argv.index("--report") + 1]


def capture(case: Case, workdir: Path, cache_dir: Path) -> Outcome:
    """Run one case in ``workdir`` (an empty folder) with ``cache_dir`` as the catalog cache."""
    for name, text in INPUT_FILES.items():
        (workdir / name).write_text(text, encoding="utf-8", newline="")
    before = os.environ.get("CERTADVISOR_CACHE_DIR")
    os.environ["CERTADVISOR_CACHE_DIR"] = str(cache_dir)
    try:
        with _working_directory(workdir):
            stdout, stderr, code = run(case.argv, case.columns)
    finally:
        if before is None:
            del os.environ["CERTADVISOR_CACHE_DIR"]
        else:
            os.environ["CERTADVISOR_CACHE_DIR"] = before
    _check_kind(case, stdout, code)
    file = None
    if case.kind == "report":
        file = read_exact(workdir / _report_name(case))

    def clean(text: str) -> str:
        return normalize(text, workdir=workdir, cache_dir=cache_dir)

    return Outcome(clean(stdout), clean(stderr), code, None if file is None else clean(file))


def _check_kind(case: Case, stdout: str, code: int) -> None:
    """Refuse to freeze an output that is not of its case's kind (checked before normalizing)."""
    if case.kind == "json":
        json.loads(stdout)
    elif case.kind == "jsonl":
        for line in stdout.splitlines():
            json.loads(line)
    elif case.kind == "error" and code == 0:
        raise AssertionError(f"{case.name}: an error case exited 0")


# The audit's duration: "scored in 2.04 s" in text, "seconds": 2.036 in JSON.
_SECONDS = (
    (re.compile(r"(scored in )\d+(?:\.\d+)?( s\b)"), r"\g<1><SECONDS>\g<2>"),
    (re.compile(r'("seconds": )\d+(?:\.\d+)?(?:[eE][-+]?\d+)?'), r"\g<1><SECONDS>"),
)
# An absolute path to the data file (the shipped one lives in the checkout, or in site-packages).
_DATA_PATH = re.compile(r"""(?<![\w.~-])/[^\s"'`<>:]*/certs\.toml\b""")


def normalize(text: str, *, workdir: Path, cache_dir: Path) -> str:
    """Replace what differs between runs and machines with placeholders."""
    folders = {str(cache_dir): "<CACHE>", str(workdir): "<TMP>"}
    folders |= {str(cache_dir.resolve()): "<CACHE>", str(workdir.resolve()): "<TMP>"}
    for folder in sorted(folders, key=len, reverse=True):
        text = text.replace(folder, folders[folder])
    for pattern, replacement in _SECONDS:
        text = pattern.sub(replacement, text)
    return _DATA_PATH.sub("<DATA>", text)


# --------------------------------------------------------------------------------------------
# Golden files
# --------------------------------------------------------------------------------------------


def read_exact(path: Path) -> str:
    """A file's text as written: UTF-8, with no newline translation."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def golden_path(case: Case) -> Path:
    return EXPECTED_DIR / f"{case.name}.txt"


def _section(title: str, text: str) -> str:
    if not text or text.endswith("\n"):
        return f"--- {title} ---\n{text}"
    return f"--- {title} ---\n{text}\n\\ No newline at end of {title}\n"


def render(case: Case, outcome: Outcome) -> str:
    """The golden file's text: a header, then stdout, stderr and any report file, verbatim."""
    columns = "unset (runs at 80)" if case.columns is None else str(case.columns)
    header = (
        f"# case: {case.name}\n"
        f"# argv: certadvisor {shlex.join(case.argv)}\n"
        f"# columns: {columns}\n"
        f"# kind: {case.kind}\n"
        f"# exit code: {outcome.exit_code}\n"
    )
    parts = [header, _section("stdout", outcome.stdout), _section("stderr", outcome.stderr)]
    if outcome.file is not None:
        parts.append(_section(f"file {_report_name(case)}", outcome.file))
    return "".join(parts)
