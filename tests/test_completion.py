"""Shell completion of the data's words: certification codes, glossary terms, and --set's
questions and values, as bash and zsh ask for them (through the console script's entry point,
in a child process, as a shell runs it)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLI_ENV

SCRIPT = "import sys; sys.argv[0] = 'certadvisor'; import certadvisor; certadvisor.main()"


def complete(line: str, *, shell: str = "bash", env: dict[str, str] | None = None) -> list[str]:
    """What the shell is offered for the last word of ``line`` (a trailing space starts a new
    word). For bash, the line is split as bash splits it, at "=" too (COMP_WORDBREAKS)."""
    variables = {**os.environ, **{k: v for k, v in CLI_ENV.items() if v is not None}, **(env or {})}
    if "CERTADVISOR_DATA" not in (env or {}):
        variables.pop("CERTADVISOR_DATA", None)
    variables["_CERTADVISOR_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        words = shlex.split(line.replace("=", " = ")) + ([""] if line.endswith((" ", "=")) else [])
        if line.endswith("="):
            words.pop()  # the "=" is the word being completed
        variables["COMP_WORDS"] = "\n".join(words)
        variables["COMP_CWORD"] = str(len(words) - 1)
    else:
        variables["_TYPER_COMPLETE_ARGS"] = line
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=variables, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [word for word in done.stdout.splitlines() if word]


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("certadvisor show CP", ["CPC", "CPB", "CPMA"]),
        ("certadvisor show cp", ["cpc", "cpb", "cpma"]),  # typed in lower case: offered so
        ("certadvisor cost CPC CC", ["CCS", "CCA", "CCS-P", "CCDS"]),
        (
            "certadvisor compare CPC C",
            ["CCS", "COC", "CIC", "CRC", "CCA", "CCS-P", "CPB", "CPMA", "CDIP", "CCDS"],
        ),
        ("certadvisor sources RH", ["RHIT", "RHIA"]),
        ("certadvisor glossary ICD-10-", ["ICD-10-CM", "ICD-10-PCS"]),
        ("certadvisor glossary PC", ["PCAP", "PCS"]),  # an alias too
    ],
)
def test_codes_and_terms(line: str, offered: list[str]) -> None:
    assert complete(line) == offered


def test_set_offers_questions_then_values() -> None:
    questions = complete("certadvisor recommend --set ")
    assert "goal=" in questions and "held=" in questions and "cdi_standing=" in questions
    assert complete("certadvisor recommend --set pcs") == ["pcs_comfort="]
    # bash replaces only what follows the "=": it is offered the values alone.
    assert complete("certadvisor recommend --set goal=inp") == ["inpatient_coder"]
    assert complete("certadvisor recommend -s setting=") == ["=inpatient", "=outpatient", "=no_preference"]


def test_a_set_question_offers_the_next_member() -> None:
    offered = complete("certadvisor recommend --set held=CPC,C")
    assert "CPC,CRC" in offered and "CPC,CCS" in offered
    assert "CPC,CPC" not in offered and not any(o.endswith(",none") for o in offered)


def test_zsh_gets_whole_words_with_their_meaning() -> None:
    out = "\n".join(complete("certadvisor recommend --set goal=cdi", shell="zsh"))
    assert '"goal=cdi_specialist":"Clinical documentation integrity (CDI) specialist"' in out
    assert '"CPC":"Certified Professional Coder"' in "\n".join(complete("certadvisor show CPC", shell="zsh"))


def test_completion_reads_the_data_given(make_data: Callable[..., Path]) -> None:
    given = make_data(('aliases = ["RA", "risk adjustment coding"]', 'aliases = ["RA", "XYZZY"]'))
    assert complete("certadvisor glossary XY") == []
    assert complete(f"certadvisor --data {given} glossary XY") == ["XYZZY"]
    assert complete(f"certadvisor glossary --data {given} XY") == ["XYZZY"]
    assert complete("certadvisor glossary XY", env={"CERTADVISOR_DATA": str(given)}) == ["XYZZY"]


def test_a_broken_data_file_gives_no_completions(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("this is not [toml", encoding="utf-8")
    assert complete(f"certadvisor --data {broken} show C") == []
    assert complete(f"certadvisor --data {tmp_path / 'missing.toml'} recommend --set g") == []
    assert complete("certadvisor glossary ", env={"CERTADVISOR_DATA": str(broken)}) == []
