"""``certadvisor recommend``: answers from files, stdin and --set; human and JSON output; batches;
and every kind of bad input ending in exit 2 with a message instead of a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import CLI_ENV, error_message
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.load.datafile import DATA_ENV, load_catalog
from certadvisor.model.catalog import Catalog

INPATIENT = {"setting": "inpatient", "goal": "inpatient_coder", "background": "him_degree"}
# In the data file's order, as the message lists them.
KNOWN_IDS = ", ".join(q.id for q in load_catalog().questions)


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env=CLI_ENV)


def run(cli: CliRunner, *args: str, input: str | None = None) -> Result:
    return cli.invoke(app, ["recommend", *args], input=input)


def details(stdout: str) -> str:
    """The screen after its "In short" summary (tested in test_summary.py)."""
    marker = "The details follow.\n"
    assert marker in stdout, stdout
    return stdout.split(marker, 1)[1].lstrip("\n")


def ok_json(result: Result, validator: jsonschema.Draft202012Validator) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    document: dict[str, Any] = json.loads(result.stdout)
    validator.validate(document)
    assert "error" not in document
    return document


def usage_error(result: Result, *fragments: str) -> str:
    """Exit 2, nothing on stdout, one 'Error:' message on stderr naming every fragment."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    error_message(result.stderr)
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for fragment in fragments:
        assert fragment in result.stderr
    return result.stderr


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def toml_of(answers: dict[str, str]) -> str:
    return "".join(f'{key} = "{value}"\n' for key, value in answers.items())


# ---------------------------------------------------------------------------------------------
# Where answers come from
# ---------------------------------------------------------------------------------------------


def test_answers_from_a_toml_file(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    path = write(tmp_path, "me.toml", "# my answers\n" + toml_of(INPATIENT))
    document = ok_json(run(cli, "--answers", path, "--json"), validator)
    assert document["recommendation"] == "CCS"
    assert document["answers"] == INPATIENT
    # CCS 50 + 20 + 22 + 8 = 100; CIC 50 + 14 + 14; RHIA 50 + 15 (the HIM degree); COC
    # 50 - 10 - 8; CPC and CCS-P 50 - 10 - 10. Equal scores are in the tie order (CCA, CRC, RHIT,
    # CPB, CPMA, CDIP, CCDS; CPC before CCS-P), not the file order.
    assert [(r["code"], r["score"], r["matched"]) for r in document["ranking"]] == [
        ("CCS", 100, True),
        ("CIC", 78, True),
        ("RHIA", 65, True),
        ("CCA", 50, False),
        ("CRC", 50, False),
        ("RHIT", 50, False),
        ("CPB", 50, False),
        ("CPMA", 50, False),
        ("CDIP", 50, False),
        ("CCDS", 50, False),
        ("COC", 32, False),
        ("CPC", 30, False),
        ("CCS-P", 30, False),
    ]
    assert document["margin"] == 22
    assert document["confidence"]["level"] == "high"
    assert document["tied_with"] == [] and document["tie_break"] is None
    # 100 is capped, and the result says it is not certainty.
    assert document["ranking"][0]["points"] == 50
    assert "not a probability" in document["score_meaning"]


def test_answers_from_a_json_file(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    answers = {"setting": "outpatient", "experience": "none", "goal": "outpatient_coder"}
    path = write(tmp_path, "me.json", json.dumps(answers, indent=2))
    document = ok_json(run(cli, "-a", path, "--json"), validator)
    assert document["recommendation"] == "CPC"
    assert document["answers"] == answers
    # CPC 50 + 8 + 22 + 6; COC 50 + 8 + 10; CCS-P 50 + 4 + 8 - 4; CCA 50 + 4; CCS 50 - 6;
    # CIC 50 - 12 - 8 - 4.
    assert [(r["code"], r["score"], r["matched"]) for r in document["ranking"]] == [
        ("CPC", 86, True),
        ("COC", 68, True),
        ("CCS-P", 58, True),
        ("CCA", 54, True),
        ("CRC", 50, False),
        ("RHIT", 50, False),
        ("CPB", 50, False),
        ("CPMA", 50, False),
        ("RHIA", 50, False),
        ("CDIP", 50, False),
        ("CCDS", 50, False),
        ("CCS", 44, False),
        ("CIC", 26, False),
    ]
    assert document["margin"] == 18


def test_uppercase_extension_is_accepted(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    path = write(tmp_path, "ME.JSON", json.dumps(INPATIENT))
    assert ok_json(run(cli, "--answers", path, "--json"), validator)["recommendation"] == "CCS"


@pytest.mark.parametrize("name", ["saved.json", "saved.toml"])
def test_saved_answers_format(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator, name: str
) -> None:
    saved = {
        "schema_version": 1,
        "saved": "2026-06-01T10:00:00",
        "data_updated": "2026-11-29",
        "tool": "certadvisor 0.1.0",
        "answers": INPATIENT,
    }
    if name.endswith(".json"):
        text = json.dumps(saved)
    else:
        meta = {k: v for k, v in saved.items() if k != "answers"}
        text = (
            "".join(f"{k} = {json.dumps(v)}\n" for k, v in meta.items())
            + "\n[answers]\n"
            + toml_of(INPATIENT)
        )
    document = ok_json(run(cli, "--answers", write(tmp_path, name, text), "--json"), validator)
    assert document["answers"] == INPATIENT
    assert document["recommendation"] == "CCS"


def test_saved_format_rejects_unknown_keys_next_to_answers(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "saved.json", json.dumps({"answers": INPATIENT, "sved": "x"}))
    usage_error(
        run(cli, "--answers", path),
        "unknown key 'sved' (did you mean saved?)",
        "schema_version, saved, data_updated or tool",
    )


def test_answers_from_stdin(cli: CliRunner, validator: jsonschema.Draft202012Validator) -> None:
    document = ok_json(run(cli, "--answers", "-", "--json", input=json.dumps(INPATIENT)), validator)
    assert document["answers"] == INPATIENT
    assert document["recommendation"] == "CCS"


def test_set_wins_over_the_file(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    path = write(tmp_path, "me.toml", toml_of(INPATIENT))
    document = ok_json(
        run(cli, "--answers", path, "--set", "setting=outpatient", "-s", "goal=outpatient_coder", "--json"),
        validator,
    )
    assert document["answers"] == {
        "setting": "outpatient",
        "goal": "outpatient_coder",
        "background": "him_degree",
    }
    assert document["effective_answers"]["setting"] == "outpatient"
    assert document["recommendation"] == "CPC"


def test_set_wins_over_stdin(cli: CliRunner, validator: jsonschema.Draft202012Validator) -> None:
    document = ok_json(
        run(
            cli,
            "-a",
            "-",
            "--set",
            "goal=billing_specialist",
            "--json",
            input=json.dumps({"goal": "inpatient_coder"}),
        ),
        validator,
    )
    assert document["answers"] == {"goal": "billing_specialist"}


def test_set_only(cli: CliRunner, validator: jsonschema.Draft202012Validator) -> None:
    document = ok_json(
        run(
            cli,
            "--set",
            "employer=physician_practice",
            "--set",
            "body_preference=aapc",
            "--set",
            "goal=billing_specialist",
            "--json",
        ),
        validator,
    )
    assert document["answers"] == {
        "goal": "billing_specialist",
        "employer": "physician_practice",
        "body_preference": "aapc",
    }
    assert document["recommendation"] == "CPB"
    cpb = document["ranking"][0]
    # The practice rule leaves billing goals alone, and a body preference alone lifts no
    # specialty: 50 + 50 = 100, exactly the cap (nothing hidden by it).
    assert {r["rule"] for r in cpb["reasons"]} == {"goal-billing"}
    assert cpb["points"] == 50 and cpb["score"] == cpb["total"] == 100
    assert cpb["matched"] is True
    # CPC 50 + 12 + 12 = 74.
    assert (document["ranking"][1]["code"], document["ranking"][1]["score"]) == ("CPC", 74)
    assert document["margin"] == 26
    assert document["confidence"]["level"] == "high"


def test_a_held_credential_is_never_recommended(
    cli: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    document = ok_json(run(cli, "--set", "held=CPC", "--set", "goal=coding_auditor", "--json"), validator)
    assert document["held"] == ["CPC"]
    assert document["recommendation"] == "CPMA"
    # The ranking leaves out what is held: twelve credentials, CPC not among them.
    codes = [r["code"] for r in document["ranking"]]
    assert "CPC" not in codes and len(codes) == 12
    # CPMA 50 + 6 (auditing goal) + 35 (CPC and auditing) = 91; CCS and CRC 58, COC 56;
    # CCA 50 - 40 = 10, beyond any CPC holder's next step.
    cpma = document["ranking"][0]
    assert cpma["points"] == 41
    assert {r["rule"]: r["points"] for r in cpma["reasons"]} == {"goal-auditor": 6, "held-cpc-auditor": 35}
    assert [(r["code"], r["score"]) for r in document["ranking"][:4]] == [
        ("CPMA", 91),
        ("CCS", 58),
        ("CRC", 58),
        ("COC", 56),
    ]
    assert (codes[-1], document["ranking"][-1]["score"]) == ("CCA", 10)
    assert document["margin"] == 33
    # No experience is reported, which CPMA expects: a clear lead, but not a confident pick.
    assert document["requirement"]["cert"] == "CPMA"
    assert document["confidence"]["level"] == "medium"
    assert document["confidence"]["reasons"] == ["requirement"]
    assert all(what_if["recommendation"] != "CPC" for what_if in document["what_if"])
    human = run(cli, "--set", "held=CPC", "--set", "goal=coding_auditor")
    assert human.exit_code == 0, human.output
    flat = " ".join(details(human.stdout).split())
    assert flat.startswith("Recommendation: CPMA (Certified Professional Medical Auditor), ahead by 33")
    assert "You already hold CPC, so it is not suggested again" in flat
    assert not re.search(r"^  CPC ", human.stdout, flags=re.MULTILINE)
    assert "Why CPC scored" not in flat
    assert all(len(line) <= 80 for line in human.stdout.splitlines())


@pytest.mark.parametrize("held", ["CPB", "CPMA", "RHIA", "CDIP", "CCDS", "CCS", "RHIT"])
def test_each_held_credential_is_left_out(
    cli: CliRunner, validator: jsonschema.Draft202012Validator, held: str
) -> None:
    # The goal that would otherwise put each one first.
    goal = {
        "CPB": "billing_specialist",
        "CPMA": "coding_auditor",
        "RHIA": "him_manager",
        "CDIP": "cdi_specialist",
        "CCDS": "cdi_specialist",
        "CCS": "inpatient_coder",
        "RHIT": "him_manager",
    }[held]
    document = ok_json(run(cli, "--set", f"held={held}", "--set", f"goal={goal}", "--json"), validator)
    # An RHIA covers RHIT (AHIMA keeps only the higher of the two): both are held, in tie order.
    also = {"RHIA": ["RHIT", "RHIA"]}.get(held, [held])
    assert document["held"] == also
    codes = [r["code"] for r in document["ranking"]]
    assert document["recommendation"] not in also
    assert not set(also) & set(codes)
    assert len(codes) == 13 - len(also)


def test_cpc_a_holders_are_pointed_to_the_full_cpc(
    cli: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    # CPC-A is the CPC with an apprentice mark: nothing is held outright, and removing the A is
    # the step in reach.
    document = ok_json(run(cli, "--set", "held=CPC-A", "--json"), validator)
    assert document["held"] == []
    assert document["recommendation"] == "CPC"
    assert len(document["ranking"]) == 13


def test_set_spaces_are_trimmed_and_a_repeat_of_the_same_value_is_fine(
    cli: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    document = ok_json(
        run(cli, "--set", "setting=outpatient", "--set", " setting = outpatient ", "--json"),
        validator,
    )
    assert document["answers"] == {"setting": "outpatient"}


def test_set_of_one_question_to_two_values_is_refused(cli: CliRunner) -> None:
    # Issue #16: the last value no longer wins silently (tests/test_hostile_input.py has more).
    usage_error(run(cli, "--set", "setting=inpatient", "--set", " setting = outpatient "), "setting", "twice")


def test_neither_answers_nor_set(cli: CliRunner) -> None:
    usage_error(run(cli), "--answers", "--set")
    usage_error(run(cli, "--json"), "--answers", "--set")


def test_an_empty_answers_file_means_every_answer_neutral(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    document = ok_json(run(cli, "--answers", write(tmp_path, "none.toml", ""), "--json"), validator)
    assert document["answers"] == {}
    # Nothing answered: no credential is matched, and the result says it cannot advise yet, giving
    # the usual first step by the data's principle rather than a tie settled by any order.
    assert not any(r["matched"] for r in document["ranking"])
    assert {r["score"] for r in document["ranking"]} == {50}
    assert document["margin"] == 0
    assert document["tie_break"] is None and document["tied_with"] == []
    assert document["recommendation"] == "CPC"
    assert document["cannot_advise"].startswith("certadvisor cannot advise you yet")
    assert "The usual first step is CPC." in document["cannot_advise"]
    confidence = document["confidence"]
    assert confidence["level"] == "low"
    assert "nothing_answered" in confidence["reasons"]
    # The questions that would settle it are computed: each leads to more than one credential.
    deciding = confidence["deciding_questions"]
    assert 1 <= len(deciding) <= 2
    assert deciding[0]["question"] == "goal"
    assert all(len(d["leaders"]) > 1 for d in deciding)
    assert any("Which job are you aiming for" in line for line in confidence["text"])


# ---------------------------------------------------------------------------------------------
# Bad input: exit 2, a message that helps, never a traceback
# ---------------------------------------------------------------------------------------------


def test_unknown_question_in_a_file(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "me.toml", 'setting = "inpatient"\nsettting = "outpatient"\n')
    usage_error(
        run(cli, "--answers", path),
        path,
        "unknown question 'settting' (did you mean setting?)",
        f"known questions: {KNOWN_IDS}",
    )


def test_unknown_question_in_set(cli: CliRunner) -> None:
    usage_error(
        run(cli, "--set", "expereince=none"),
        "--set",
        "unknown question 'expereince' (did you mean experience?)",
        f"known questions: {KNOWN_IDS}",
    )


def test_unknown_value_in_a_file(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "me.json", json.dumps({"goal": "inpatient-coder"}))
    usage_error(
        run(cli, "--answers", path),
        path,
        "goal: 'inpatient-coder' is not allowed (did you mean inpatient_coder?)",
        "allowed values: outpatient_coder, billing_specialist, coding_auditor, inpatient_coder, "
        "risk_adjustment_coder, coding_manager, him_manager, cdi_specialist or undecided",
    )


def test_unknown_value_in_set(cli: CliRunner) -> None:
    usage_error(
        run(cli, "--set", "setting=inpatent"),
        "setting: 'inpatent' is not allowed (did you mean inpatient?)",
        "allowed values: inpatient, outpatient or no_preference",
    )


@pytest.mark.parametrize("item", ["setting", "=inpatient", "setting:inpatient"])
def test_set_without_question_equals_value(cli: CliRunner, item: str) -> None:
    usage_error(run(cli, "--set", item), f"--set {item!r}", "QUESTION=VALUE")


def test_malformed_toml_names_file_and_line(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "me.toml", 'setting = "inpatient"\ngoal = \n')
    usage_error(run(cli, "--answers", path), path, "not valid TOML", "line 2")


def test_malformed_json_names_file_and_line(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "me.json", '{\n  "setting": "inpatient",\n}\n')
    usage_error(run(cli, "--answers", path), path, "not valid JSON", "at line 3, column 1")


def test_malformed_json_on_stdin(cli: CliRunner) -> None:
    usage_error(run(cli, "--answers", "-", input='{"setting": '), "<stdin>", "not valid JSON", "line 1")


def test_empty_stdin(cli: CliRunner) -> None:
    usage_error(run(cli, "--answers", "-", input=""), "<stdin>", "not valid JSON")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            '{"setting": 3}',
            "setting: expected one of inpatient, outpatient or no_preference, got a number (3)",
        ),
        (
            '{"setting": ["inpatient"]}',
            "setting: expected one of inpatient, outpatient or no_preference, got a list",
        ),
        ('{"setting": true}', "got a boolean (true)"),
        ('{"setting": null}', "got null"),
        ('{"setting": {"equals": "inpatient"}}', "got a table"),
        ('["setting", "inpatient"]', "expected a table of question ids to values, got a list"),
        ("42", "expected a table of question ids to values, got a number (42)"),
        ('"inpatient"', "expected a table of question ids to values"),
        ('{"answers": ["inpatient"]}', "expected a table of question ids to values, got a list"),
    ],
)
def test_wrong_types_in_json(cli: CliRunner, tmp_path: Path, content: str, fragment: str) -> None:
    path = write(tmp_path, "me.json", content)
    usage_error(run(cli, "--answers", path), path, fragment)


def test_wrong_type_in_toml(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "me.toml", "setting = 3\n")
    usage_error(run(cli, "--answers", path), path, "setting: expected one of", "a number (3)")


@pytest.mark.parametrize("name", ["me.yaml", "me.txt", "answers"])
def test_unsupported_extension(cli: CliRunner, tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, "setting: inpatient\n")
    usage_error(run(cli, "--answers", path), path, "must end in .toml or .json")


def test_missing_answers_file(cli: CliRunner, tmp_path: Path) -> None:
    path = str(tmp_path / "absent.toml")
    usage_error(run(cli, "--answers", path), path, "file not found")


def test_answers_file_not_utf8(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_bytes(b'{"setting": "\xff"}')
    usage_error(run(cli, "--answers", str(path)), str(path), "cannot read")


def test_deeply_nested_json_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    # A malicious or corrupted file must not crash the CLI with a RecursionError traceback.
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    usage_error(run(cli, "--answers", path), path, "nested too deeply")


# ---------------------------------------------------------------------------------------------
# Human output
# ---------------------------------------------------------------------------------------------


def test_human_output(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "me.toml", toml_of(INPATIENT))
    result = run(cli, "--answers", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = details(result.stdout)
    lines = out.splitlines()
    flat = " ".join(out.split())
    # The headline comes first after the summary; confidence is high, so no confidence block.
    assert lines[0] == "Recommendation: CCS (Certified Coding Specialist), ahead by 22 points"
    assert "Confidence:" not in out
    # Only the matched credentials get bars: 30 cells, plain ASCII off a terminal.
    start = lines.index("Ranking (credentials your answers point to)")
    assert re.fullmatch(r"  CCS   #{30} 100/100", lines[start + 1]), lines[start + 1]
    assert re.fullmatch(r"  CIC   #{23}\.{7}  78/100", lines[start + 2]), lines[start + 2]
    assert re.fullmatch(r"  RHIA  #{20}\.{10}  65/100", lines[start + 3]), lines[start + 3]
    assert lines[start + 4].startswith("  Not suggested by your answers: ")
    assert (
        "Not suggested by your answers: CCA (50), CRC (50), RHIT (50), CPB (50), CPMA (50), "
        "CDIP (50), CCDS (50), COC (32), CPC (30), CCS-P (30) (at or below the starting 50)." in flat
    )
    assert "a score of 100 means the answers point strongly to it, not that it is certain" in flat
    # Reasons for matched credentials only, biggest first, each speaking of its own credential.
    assert "Why CCS scored 100" in out and "Why CIC scored 78" in out and "Why RHIA scored 65" in out
    assert "+15 An accredited HIM bachelor's or master's is what RHIA requires." in flat
    assert "Why CPC scored" not in out and "Why CRC scored" not in out
    assert "+22 Hospital inpatient coding is the job CCS is built for" in flat
    assert "+20 Coding hospital stays means ICD-10-PCS" in flat
    assert "+14 CIC is AAPC's credential for hospital inpatient coding." in flat
    assert "+8 HIM education is the coursework AHIMA recommends for CCS." in flat
    assert flat.index("+22 Hospital") < flat.index("+20 Coding") < flat.index("+8 HIM")
    # The runner-up's own reasons are listed above: no "Why not" section repeats them (#25).
    assert "Why not CIC?" not in out
    assert "What would change the answer" in out
    # The runner-up's what-if comes first: CIC is the closest credential.
    what_ifs = flat[flat.index("What would change the answer") :]
    # An AAPC preference: CIC 104 against CCS 86, counted uncapped.
    assert "CIC would lead by 18 points" in what_ifs
    # The stated inpatient goal is not overturned towards another kind of work.
    assert "RHIT would lead" not in what_ifs and "CPC would lead" not in what_ifs
    assert "Your path: Experience first, then CCS" in out
    assert "Next steps for CCS" in out
    assert "https://ahima.org/certification/recertification.aspx" in out
    assert "Tie-break" not in out and "level or nearly so" not in out
    assert all(len(line) <= 80 for line in lines), "fits 80 columns"
    assert "\x1b[" not in out, "NO_COLOR and no terminal: no escape codes"
    order = [
        out.index(h)
        for h in (
            "Recommendation:",
            "Ranking",
            "Not suggested",
            "Why CCS",
            "Why CIC",
            "What would change",
            "Your path",
            "Next steps for CCS",
        )
    ]
    assert order == sorted(order)


def test_human_output_shows_skipped_answers(cli: CliRunner) -> None:
    result = run(
        cli,
        "--set",
        "pcs_comfort=keen",
        "--set",
        "setting=outpatient",
        "--set",
        "goal=coding_manager",
        "--set",
        "employer=payer",
    )
    assert result.exit_code == 0, result.output
    out = " ".join(details(result.stdout).split())
    # A coding manager at a health plan: payer work is risk adjustment, CRC's field.
    # CRC 50 + 40 = 90 against CPC 50 + 8 + 8 = 66; pcs_comfort was skipped by setting.
    assert "Recommendation: CRC (Certified Risk Adjustment Coder), ahead by 24 points" in out
    assert "Confidence:" not in out
    assert "Not used (skipped by earlier answers): pcs_comfort" in out
    # Every preference that could move the pick was stated, and overturning a stated answer is
    # suggested only towards the same kind of work: risk adjustment has no equivalent here.
    assert "What would change the answer" not in out
    assert not re.findall(r"(CPC|CCS|COC|CIC|CCA|CCS-P|RHIT) would lead", out)


def test_human_output_shows_a_tie_settled_by_the_tie_order(cli: CliRunner) -> None:
    # "Outpatient" alone is not professional-fee work: CPC and COC both gain 8 and tie at 58.
    tie = run(cli, "--set", "setting=outpatient")
    assert tie.exit_code == 0, tie.output
    out = " ".join(details(tie.stdout).split())
    assert out.startswith("Recommendation: CPC (Certified Professional Coder), tied with COC")
    # Low confidence is shown before the ranking, with what would settle it.
    assert "Confidence: low" in out
    assert "CPC and COC are too close to call." in out
    assert "Answer “What kind of employer do you picture?” to settle this" in out
    # The tie is said once (with the confidence), the question that settles it once: the note
    # after it only says why CPC is shown first.
    assert out.count("too close to call") == 1 and "level or nearly so" not in out
    assert out.count("What kind of employer do you picture?") == 1
    assert "CPC is shown first because an exact tie goes to the credential that is open to beginners" in out
    assert "data file" not in out
    assert out.index("Confidence: low") < out.index("is shown first because") < out.index("Ranking")
    assert "Why CPC scored 58" in out and "Why COC scored 58" in out


def test_human_output_when_nothing_is_answered(cli: CliRunner) -> None:
    # A neutral answer scores as no answer: nothing to advise on, and the screen says so plainly,
    # without claiming that nothing was answered.
    result = run(cli, "--set", "priority=no_priority")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Confidence: low" in out
    assert "No questions are answered yet" not in out
    assert "You answered “not sure” or “no preference” to every question you answered" in out
    assert "certadvisor cannot advise you yet: none of your answers points to a credential." in out
    assert "The usual first step is CPC. Most people start with CPC" in out
    assert "No rule applied to your answers; it stays at the starting 50." in out
    assert "Tie-break" not in out and "level or nearly so" not in out
    assert out.index("Confidence: low") < out.index("cannot advise you yet") < out.index("Ranking")


def test_why_not_never_claims_fewer_points_for_an_equal_score(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    """With nothing answered every credential has 50: 'Why not CCS?' must not say that CCS
    'gained fewer points (50 against 50)', which is false."""
    document = ok_json(run(cli, "--answers", write(tmp_path, "none.toml", ""), "--json"), validator)
    scores = {r["code"]: r["score"] for r in document["ranking"]}
    runner_up = document["why_not_runner_up"]
    if runner_up is not None and scores[runner_up["code"]] == scores[document["recommendation"]]:
        assert not any("fewer points" in item["text"] for item in runner_up["items"]), runner_up
    human = run(cli, "--set", "priority=no_priority")
    assert "(50 against 50)" not in " ".join(human.stdout.split())


# ---------------------------------------------------------------------------------------------
# JSON output
# ---------------------------------------------------------------------------------------------


def test_json_output_fields(cli: CliRunner, validator: jsonschema.Draft202012Validator) -> None:
    document = ok_json(
        run(cli, "--set", "setting=outpatient", "--set", "pcs_comfort=keen", "--json"), validator
    )
    assert document["schema_version"] == 2
    assert document["recommendation"] == "CPC"
    assert document["ranking"][0]["code"] == "CPC"
    # "Outpatient" alone is not professional-fee work: CPC 50 + 8 and COC 50 + 8 tie; CCS-P
    # 50 + 4; CIC 50 - 12; the rest stay at 50, in the tie order.
    assert [(r["code"], r["score"], r["matched"]) for r in document["ranking"]] == [
        ("CPC", 58, True),
        ("COC", 58, True),
        ("CCS-P", 54, True),
        ("CCS", 50, False),
        ("CCA", 50, False),
        ("CRC", 50, False),
        ("RHIT", 50, False),
        ("CPB", 50, False),
        ("CPMA", 50, False),
        ("RHIA", 50, False),
        ("CDIP", 50, False),
        ("CCDS", 50, False),
        ("CIC", 38, False),
    ]
    assert document["margin"] == 0
    assert document["tied_with"] == ["COC"]
    assert document["tie_break"].startswith("CPC and COC scored the same; CPC is listed first because")
    assert document["ranking"][0]["reasons"] == [
        {
            "rule": "setting-outpatient",
            "reason": "Most outpatient coding jobs are in practices and clinics, where CPC's "
            "professional-fee coding is the daily work.",
            "points": 8,
        }
    ]
    # The same rule gives COC its own reason, which speaks of COC.
    assert document["ranking"][1]["reasons"] == [
        {
            "rule": "setting-outpatient",
            "reason": "COC certifies outpatient facility coding: hospital outpatient departments "
            "and surgery centres.",
            "points": 8,
        }
    ]
    confidence = document["confidence"]
    assert confidence["level"] == "low"
    assert confidence["reasons"] == ["close_call"]
    assert "CPC and COC are too close to call." in confidence["text"]
    assert "employer" in [d["question"] for d in confidence["deciding_questions"]]
    assert document["cannot_advise"] is None and document["requirement"] is None
    assert document["conflicts"] == []
    assert document["why_not_runner_up"]["code"] == "COC"
    assert document["why_not_runner_up"]["items"]
    # A surgery centre: COC 58 + 24 + 26 = 108 (100) against CCS 50 + 18 = 68, a lead of 40
    # counted on the uncapped totals. What-ifs change preferences only, each towards another
    # leader, and say their lead (or that the tie order settles it).
    assert document["what_if"][0]["changes"] == {"employer": "asc"}
    assert document["what_if"][0]["recommendation"] == "COC"
    assert document["what_if"][0]["margin"] == 40
    leaders = [w["recommendation"] for w in document["what_if"]]
    assert len(set(leaders)) == len(leaders) and "CPC" not in leaders
    for what_if in document["what_if"]:
        margin = what_if["margin"]
        lead = f"by {margin} point{'s' * (margin != 1)}." if margin else "on the tie order."
        assert what_if["text"].endswith(f"{what_if['recommendation']} would lead {lead}"), what_if
    assert any("Expect to pass as CPC-A" in step["text"] for step in document["next_steps"])
    assert all(step["url"].startswith("https://") for step in document["next_steps"])
    assert document["answers"] == {"setting": "outpatient", "pcs_comfort": "keen"}
    assert document["effective_answers"]["pcs_comfort"] == "unsure"
    assert document["ignored_answers"] == ["pcs_comfort"]
    assert document["data_updated"] == "2026-12-07"
    assert "not a probability" in document["score_meaning"]


def test_json_output_of_a_tie_follows_the_tie_order_not_the_file_order(
    cli: CliRunner, validator: jsonschema.Draft202012Validator, catalog: Catalog
) -> None:
    advice = catalog.advice
    assert advice is not None
    # CRC and CIC tie at 94. The data file lists CIC before CRC; the stated tie order does not.
    tie_order = list(advice.tie_order)
    assert tie_order.index("CRC") < tie_order.index("CIC")
    assert list(catalog.certs).index("CIC") < list(catalog.certs).index("CRC")
    answers = {
        "goal": "inpatient_coder",
        "employer": "payer",
        "pcs_comfort": "keen",
        "body_preference": "aapc",
    }
    document = ok_json(run(cli, *[f"--set={q}={v}" for q, v in answers.items()], "--json"), validator)
    assert document["recommendation"] == "CRC"
    assert [(r["code"], r["score"]) for r in document["ranking"][:2]] == [("CRC", 94), ("CIC", 94)]
    assert document["margin"] == 0
    assert document["tied_with"] == ["CIC"]
    assert document["tie_break"] == (
        f"CRC and CIC scored the same; CRC is listed first because {advice.tie_principle}."
    )
    assert "data file" not in document["tie_break"]
    # Inpatient work at a health plan is a declared conflict: explained, and confidence is low.
    assert [c["id"] for c in document["conflicts"]] == ["inpatient-at-a-payer"]
    assert document["confidence"]["level"] == "low"
    assert set(document["confidence"]["reasons"]) == {"conflict", "close_call"}
    assert "CRC and CIC are too close to call." in document["confidence"]["text"]


# ---------------------------------------------------------------------------------------------
# Batch
# ---------------------------------------------------------------------------------------------

GOOD_1 = {"setting": "inpatient", "goal": "inpatient_coder"}
GOOD_2 = {"schema_version": 1, "answers": {"goal": "billing_specialist"}}
# Hospital outpatient is facility work: COC 50 + 8 + 24 + 4 = 86 against CCS 50 + 18 + 12 = 80.
GOOD_3 = {"employer": "hospital", "setting": "outpatient"}


def mixed_batch() -> tuple[str, dict[int, tuple[str, ...]], dict[int, str]]:
    lines = [
        json.dumps(GOOD_1),  # 1
        '{"setting": "inpatient",',  # 2: bad JSON
        json.dumps({"settting": "inpatient"}),  # 3: unknown question
        json.dumps({"setting": 5}),  # 4: wrong type
        "",  # 5: empty
        json.dumps(GOOD_2),  # 6: saved format
        "   ",  # 7: blank
        json.dumps(["setting"]),  # 8: not an object
        json.dumps({"goal": "managr"}),  # 9: unknown value
        json.dumps(GOOD_3),  # 10
    ]
    errors = {
        2: ("not valid JSON",),
        3: ("unknown question 'settting' (did you mean setting?)", "known questions"),
        4: ("setting: expected one of", "got a number (5)"),
        5: ("empty line",),
        7: ("empty line",),
        8: ("expected a table of question ids to values, got a list",),
        9: ("goal: 'managr' is not allowed",),
    }
    # A billing goal alone: CPB 50 + 50 against CPC 50 + 12.
    recommendations = {1: "CCS", 6: "CPB", 10: "COC"}
    return "\n".join(lines) + "\n", errors, recommendations


def check_batch_output(
    stdout: str,
    errors: dict[int, tuple[str, ...]],
    recommendations: dict[int, str],
    validator: jsonschema.Draft202012Validator,
) -> None:
    out_lines = stdout.splitlines()
    assert len(out_lines) == len(errors) + len(recommendations)
    for number, text in enumerate(out_lines, start=1):
        document = json.loads(text)
        validator.validate(document)
        if number in errors:
            assert set(document) == {"line", "error"}
            assert document["line"] == number
            for fragment in errors[number]:
                assert fragment in document["error"]
        else:
            assert "error" not in document
            assert document["recommendation"] == recommendations[number]


def test_batch_file_with_good_and_bad_lines(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    text, errors, recommendations = mixed_batch()
    path = write(tmp_path, "people.jsonl", text)
    result = run(cli, "--batch", path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "7 lines failed" in result.stderr
    check_batch_output(result.stdout, errors, recommendations, validator)
    first = json.loads(result.stdout.splitlines()[0])
    assert first["answers"] == GOOD_1
    sixth = json.loads(result.stdout.splitlines()[5])
    assert sixth["answers"] == GOOD_2["answers"]


def test_batch_from_stdin(cli: CliRunner, validator: jsonschema.Draft202012Validator) -> None:
    text, errors, recommendations = mixed_batch()
    result = run(cli, "--batch", "-", input=text)
    assert result.exit_code == 1
    check_batch_output(result.stdout, errors, recommendations, validator)


def test_batch_all_good(cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator) -> None:
    people = [GOOD_1, GOOD_3, {}, {"experience": "none"}]
    path = write(tmp_path, "ok.jsonl", "\n".join(json.dumps(p) for p in people))  # no final \n
    result = run(cli, "--batch", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(people)
    for person, document in zip(people, out, strict=True):
        validator.validate(document)
        assert document["answers"] == person
    assert [d["recommendation"] for d in out] == ["CCS", "COC", "CPC", "CPC"]


def test_batch_lines_are_compact_single_lines(
    cli: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    result = run(cli, "--batch", "-", input=json.dumps(GOOD_1) + "\n")
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()
    assert line.startswith('{"schema_version":2,"recommendation":"CCS","margin":')
    validator.validate(json.loads(line))


def test_batch_line_is_the_same_text_as_recommend_json_made_compact(cli: CliRunner) -> None:
    # Batch lines come from orjson, `recommend --json` from the standard library: the two must
    # agree byte for byte, non-ASCII text (the what-if's curly quotes) included.
    single = run(cli, "--json", *[f"--set={q}={v}" for q, v in GOOD_1.items()])
    batch = run(cli, "--batch", "-", input=json.dumps(GOOD_1) + "\n")
    assert single.exit_code == batch.exit_code == 0
    document = json.loads(single.stdout)
    assert any(not w["text"].isascii() for w in document["what_if"]), "expected a non-ASCII what-if"
    assert batch.stdout == json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_batch_single_failure_says_one_line(cli: CliRunner) -> None:
    result = run(cli, "--batch", "-", input="nope\n")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"line", "error"}
    assert document["line"] == 1
    assert document["error"].startswith("not valid JSON")
    assert "1 line failed" in result.stderr


def test_batch_deeply_nested_line_is_an_error_object(
    cli: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    text = json.dumps(GOOD_1) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps(GOOD_3)
    result = run(cli, "--batch", "-", input=text + "\n")
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, RecursionError), "batch crashed on line 2"
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    error_line = json.loads(lines[1])
    assert set(error_line) == {"line", "error"} and error_line["line"] == 2
    assert "nested too deeply" in error_line["error"]
    assert json.loads(lines[2])["recommendation"] == "COC"


@pytest.mark.parametrize(
    "extra", [["--set", "setting=inpatient"], ["--answers", "me.toml"], ["-s", "goal=undecided"]]
)
def test_batch_cannot_be_combined(cli: CliRunner, extra: list[str]) -> None:
    usage_error(
        run(cli, "--batch", "-", *extra, input="{}\n"),
        "Invalid value for --batch: cannot be combined with --answers, --set or --report",
    )


def test_batch_line_that_is_not_utf8_is_one_bad_line(
    cli: CliRunner, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    # "A bad line becomes an error object; the rest continue": bytes that are not UTF-8 make
    # one bad line, not a failed batch.
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        json.dumps(GOOD_1).encode() + b"\n" + b'{"goal": "\xff"}\n' + json.dumps(GOOD_3).encode() + b"\n"
    )
    result = run(cli, "--batch", str(path))
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert json.loads(lines[0])["recommendation"] == "CCS"
    assert json.loads(lines[1])["line"] == 2
    validator.validate(json.loads(lines[2]))
    assert json.loads(lines[2])["answers"] == GOOD_3


def test_batch_missing_file(cli: CliRunner, tmp_path: Path) -> None:
    path = str(tmp_path / "absent.jsonl")
    usage_error(run(cli, "--batch", path), path, "file not found")


def test_batch_of_2000_lines_through_python_m(tmp_path: Path) -> None:
    people = [
        {"setting": "inpatient"},
        {"goal": "outpatient_coder", "experience": "none"},
        {"employer": "hospital", "setting": "outpatient", "background": "him_degree"},
        {},
    ]
    lines = [json.dumps(people[i % len(people)]) for i in range(2000)]
    lines[1234] = '{"goal": "astronaut"}'
    env = {k: v for k, v in os.environ.items() if k != DATA_ENV}
    env.update({"COLUMNS": "80", "NO_COLOR": "1"})
    completed = subprocess.run(
        [sys.executable, "-m", "certadvisor", "recommend", "--batch", "-"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr
    assert "1 line failed" in completed.stderr
    out = completed.stdout.splitlines()
    assert len(out) == 2000
    expected = ["CCS", "CPC", "CCS", "CPC"]
    for index, text in enumerate(out):
        document = json.loads(text)
        if index == 1234:
            assert document["line"] == 1235
            assert "goal: 'astronaut' is not allowed" in document["error"]
        else:
            assert document["answers"] == people[index % len(people)]
            assert document["recommendation"] == expected[index % len(people)]


# ---------------------------------------------------------------------------------------------
# Getting hired (issue #24)
# ---------------------------------------------------------------------------------------------

REMOTE_ONLY = (
    "--set",
    "goal=outpatient_coder",
    "--set",
    "experience=none",
    "--set",
    "work_arrangement=remote_only",
)


def test_needing_remote_work_brings_the_remote_facts(
    cli: CliRunner, validator: jsonschema.Draft202012Validator, catalog: Catalog
) -> None:
    document = ok_json(run(cli, *REMOTE_ONLY, "--json"), validator)
    hired = document["getting_hired"]
    assert hired["remote"] is True and hired["code"] == document["recommendation"]
    remote = [s for s in hired["sections"] if s["topic"] == "remote"]
    shown = [f["key"] for s in remote for f in s["facts"]]
    # Whatever remote facts the data has, in order, and only those.
    assert shown == [k for k in ("market.remote_share", "market.remote_for_beginners") if k in catalog.market]
    for fact in (f for s in hired["sections"] for f in s["facts"]):
        assert fact["source"]["url"].startswith("https://") and fact["evidence"]["summary"], fact["key"]
    share = next((f for s in remote for f in s["facts"] if f["key"] == "market.remote_share"), None)
    if share is not None and share["status"] != "unknown":
        assert share["unit"] == "percent" and share["year"] and share["survey"]
        assert f"{share['low']}%" in hired["remote_line"]
    # The first screen says it in one line, inside the box.
    out = run(cli, *REMOTE_ONLY).stdout
    box = out.splitlines()[: out.splitlines().index("The details follow.")]
    assert [line for line in box if "Remote:" in line] == [
        f"| Remote:     {hired['remote_line']}".ljust(79) + "|"
    ]


def test_without_the_remote_answer_there_is_no_remote_line_or_group(
    cli: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    for extra in ((), ("--set", "work_arrangement=hybrid_ok"), ("--set", "work_arrangement=no_preference")):
        args = ("--set", "goal=outpatient_coder", *extra)
        hired = ok_json(run(cli, *args, "--json"), validator)["getting_hired"]
        assert hired["remote"] is False and hired["remote_line"] is None
        assert "remote" not in [s["topic"] for s in hired["sections"]]
        out = run(cli, *args).stdout
        assert "Remote:" not in out.split("The details follow.")[0]
        assert "Getting hired" in out.splitlines()


def test_the_section_follows_the_path_with_each_fact_and_its_page(cli: CliRunner) -> None:
    document = json.loads(run(cli, *REMOTE_ONLY, "--json").stdout)
    out = run(cli, *REMOTE_ONLY).stdout
    text = details(out)
    lines = text.splitlines()
    assert lines.index("Getting hired") > next(
        i for i, line in enumerate(lines) if line.startswith("Your path: ")
    )
    assert lines.index("Getting hired") < lines.index("What it takes")
    section = " ".join(" ".join(lines[lines.index("Getting hired") : lines.index("What it takes")]).split())
    for part in document["getting_hired"]["sections"]:
        assert part["title"] in section
        for fact in part["facts"]:
            assert fact["evidence"]["summary"] in section, fact["key"]
            assert fact["source"]["title"] in section, fact["key"]
    assert f"certadvisor show {document['recommendation']}" in section
