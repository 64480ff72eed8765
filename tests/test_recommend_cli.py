"""``certadvisor recommend``: answers from files, stdin and --set; human and JSON output; batches;
and every kind of bad input ending in exit 2 with a message instead of a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner, Result

from certadvisor.catalog import DATA_ENV
from certadvisor.cli import app

ENV: dict[str, str | None] = {
    "COLUMNS": "80",
    "LINES": "50",
    "NO_COLOR": "1",
    DATA_ENV: None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}

INPATIENT = {"setting": "inpatient", "goal": "inpatient_coder", "background": "him_degree"}
KNOWN_IDS = "goal, setting, employer, pcs_comfort, experience, background, body_preference, priority"


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env=ENV)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(
        (resources.files("certadvisor") / "schemas" / "result.schema.json").read_text("utf-8")
    )
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def run(cli: CliRunner, *args: str, input: str | None = None) -> Result:
    return cli.invoke(app, ["recommend", *args], input=input)


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
    assert result.stderr.startswith("Error: ")
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


def test_answers_from_a_toml_file(cli, tmp_path, validator) -> None:
    path = write(tmp_path, "me.toml", "# my answers\n" + toml_of(INPATIENT))
    document = ok_json(run(cli, "--answers", path, "--json"), validator)
    assert document["recommendation"] == "CCS"
    assert document["answers"] == INPATIENT
    # CCS 50 + 20 + 20 + 8; CIC 50 + 12 + 14; COC 50 - 6; CPC 50 - 10 - 8; the rest stay at 50.
    assert [(r["code"], r["score"]) for r in document["ranking"]] == [
        ("CCS", 98),
        ("CIC", 76),
        ("CRC", 50),
        ("CCA", 50),
        ("CCS-P", 50),
        ("RHIT", 50),
        ("COC", 44),
        ("CPC", 32),
    ]
    assert document["margin"] == 22


def test_answers_from_a_json_file(cli, tmp_path, validator) -> None:
    answers = {"setting": "outpatient", "experience": "none", "goal": "outpatient_coder"}
    path = write(tmp_path, "me.json", json.dumps(answers, indent=2))
    document = ok_json(run(cli, "-a", path, "--json"), validator)
    assert document["recommendation"] == "CPC"
    assert document["answers"] == answers
    # CPC 50 + 15 + 6 + 20; COC 50 + 8 + 8; CCS-P 50 + 6 + 8; CCS 50 - 6 - 5; CIC 50 - 8 - 4.
    assert [(r["code"], r["score"]) for r in document["ranking"]] == [
        ("CPC", 91),
        ("COC", 66),
        ("CCS-P", 64),
        ("CRC", 50),
        ("CCA", 50),
        ("RHIT", 50),
        ("CCS", 39),
        ("CIC", 38),
    ]


def test_uppercase_extension_is_accepted(cli, tmp_path, validator) -> None:
    path = write(tmp_path, "ME.JSON", json.dumps(INPATIENT))
    assert ok_json(run(cli, "--answers", path, "--json"), validator)["recommendation"] == "CCS"


@pytest.mark.parametrize("name", ["saved.json", "saved.toml"])
def test_saved_answers_format(cli, tmp_path, validator, name: str) -> None:
    saved = {
        "schema_version": 1,
        "saved": "2026-06-01T10:00:00",
        "data_updated": "2026-11-28",
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


def test_saved_format_rejects_unknown_keys_next_to_answers(cli, tmp_path) -> None:
    path = write(tmp_path, "saved.json", json.dumps({"answers": INPATIENT, "sved": "x"}))
    usage_error(
        run(cli, "--answers", path),
        "unknown key 'sved' (did you mean saved?)",
        "schema_version, saved, data_updated or tool",
    )


def test_answers_from_stdin(cli, validator) -> None:
    document = ok_json(run(cli, "--answers", "-", "--json", input=json.dumps(INPATIENT)), validator)
    assert document["answers"] == INPATIENT
    assert document["recommendation"] == "CCS"


def test_set_wins_over_the_file(cli, tmp_path, validator) -> None:
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


def test_set_wins_over_stdin(cli, validator) -> None:
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


def test_set_only(cli, validator) -> None:
    document = ok_json(
        run(cli, "--set", "employer=physician_practice", "--set", "goal=billing_specialist", "--json"),
        validator,
    )
    assert document["answers"] == {"goal": "billing_specialist", "employer": "physician_practice"}
    assert document["recommendation"] == "CPC"
    cpc = document["ranking"][0]
    assert {r["rule"] for r in cpc["reasons"]} == {"employer-practice", "goal-billing"}
    assert cpc["points"] == 27 and cpc["score"] == 77


def test_set_later_value_wins_and_spaces_are_trimmed(cli, validator) -> None:
    document = ok_json(
        run(cli, "--set", "setting=inpatient", "--set", " setting = outpatient ", "--json"),
        validator,
    )
    assert document["answers"] == {"setting": "outpatient"}


def test_neither_answers_nor_set(cli) -> None:
    usage_error(run(cli), "--answers", "--set")
    usage_error(run(cli, "--json"), "--answers", "--set")


def test_an_empty_answers_file_means_every_answer_neutral(cli, tmp_path, validator) -> None:
    document = ok_json(run(cli, "--answers", write(tmp_path, "none.toml", ""), "--json"), validator)
    assert document["answers"] == {}
    assert document["tie_break"] is not None
    assert document["margin"] == 0


# ---------------------------------------------------------------------------------------------
# Bad input: exit 2, a message that helps, never a traceback
# ---------------------------------------------------------------------------------------------


def test_unknown_question_in_a_file(cli, tmp_path) -> None:
    path = write(tmp_path, "me.toml", 'setting = "inpatient"\nsettting = "outpatient"\n')
    usage_error(
        run(cli, "--answers", path),
        path,
        "unknown question 'settting' (did you mean setting?)",
        f"known questions: {KNOWN_IDS}",
    )


def test_unknown_question_in_set(cli) -> None:
    usage_error(
        run(cli, "--set", "expereince=none"),
        "--set",
        "unknown question 'expereince' (did you mean experience?)",
        f"known questions: {KNOWN_IDS}",
    )


def test_unknown_value_in_a_file(cli, tmp_path) -> None:
    path = write(tmp_path, "me.json", json.dumps({"goal": "inpatient-coder"}))
    usage_error(
        run(cli, "--answers", path),
        path,
        "goal: 'inpatient-coder' is not allowed (did you mean inpatient_coder?)",
        "allowed values: outpatient_coder, billing_specialist, coding_auditor, inpatient_coder, "
        "risk_adjustment_coder, coding_manager, him_manager or undecided",
    )


def test_unknown_value_in_set(cli) -> None:
    usage_error(
        run(cli, "--set", "setting=inpatent"),
        "setting: 'inpatent' is not allowed (did you mean inpatient?)",
        "allowed values: inpatient, outpatient or no_preference",
    )


@pytest.mark.parametrize("item", ["setting", "=inpatient", "setting:inpatient"])
def test_set_without_question_equals_value(cli, item: str) -> None:
    usage_error(run(cli, "--set", item), f"--set {item!r}", "QUESTION=VALUE")


def test_malformed_toml_names_file_and_line(cli, tmp_path) -> None:
    path = write(tmp_path, "me.toml", 'setting = "inpatient"\ngoal = \n')
    usage_error(run(cli, "--answers", path), path, "not valid TOML", "line 2")


def test_malformed_json_names_file_and_line(cli, tmp_path) -> None:
    path = write(tmp_path, "me.json", '{\n  "setting": "inpatient",\n}\n')
    usage_error(run(cli, "--answers", path), path, "not valid JSON", "at line 3, column 1")


def test_malformed_json_on_stdin(cli) -> None:
    usage_error(run(cli, "--answers", "-", input='{"setting": '), "<stdin>", "not valid JSON", "line 1")


def test_empty_stdin(cli) -> None:
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
def test_wrong_types_in_json(cli, tmp_path, content: str, fragment: str) -> None:
    path = write(tmp_path, "me.json", content)
    usage_error(run(cli, "--answers", path), path, fragment)


def test_wrong_type_in_toml(cli, tmp_path) -> None:
    path = write(tmp_path, "me.toml", "setting = 3\n")
    usage_error(run(cli, "--answers", path), path, "setting: expected one of", "a number (3)")


@pytest.mark.parametrize("name", ["me.yaml", "me.txt", "answers"])
def test_unsupported_extension(cli, tmp_path, name: str) -> None:
    path = write(tmp_path, name, "setting: inpatient\n")
    usage_error(run(cli, "--answers", path), path, "must end in .toml or .json")


def test_missing_answers_file(cli, tmp_path) -> None:
    path = str(tmp_path / "absent.toml")
    usage_error(run(cli, "--answers", path), path, "file not found")


def test_answers_file_not_utf8(cli, tmp_path) -> None:
    path = tmp_path / "me.json"
    path.write_bytes(b'{"setting": "\xff"}')
    usage_error(run(cli, "--answers", str(path)), str(path), "cannot read")


def test_deeply_nested_json_is_a_usage_error(cli, tmp_path) -> None:
    # A malicious or corrupted file must not crash the CLI with a RecursionError traceback.
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    usage_error(run(cli, "--answers", path), path, "nested too deeply")


# ---------------------------------------------------------------------------------------------
# Human output
# ---------------------------------------------------------------------------------------------


def test_human_output(cli, tmp_path) -> None:
    path = write(tmp_path, "me.toml", toml_of(INPATIENT))
    result = run(cli, "--answers", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == "Ranking"
    # Bars: 30 cells, plain ASCII off a terminal, '#' for the score.
    assert re.fullmatch(r"  CCS   #{29}\.{1}  98/100", lines[1]), lines[1]
    assert re.fullmatch(r"  CIC   #{23}\.{7}  76/100", lines[2]), lines[2]
    assert re.fullmatch(r"  CCS-P #{15}\.{15}  50/100", lines[5]), lines[5]
    assert re.fullmatch(r"  RHIT  #{15}\.{15}  50/100", lines[6]), lines[6]
    assert re.fullmatch(r"  COC   #{13}\.{17}  44/100", lines[7]), lines[7]
    assert re.fullmatch(r"  CPC   #{10}\.{20}  32/100", lines[8]), lines[8]
    assert lines[9] == ""
    assert "Recommendation: CCS (Certified Coding Specialist), ahead by 22 points" in out
    assert "Why CCS scored 98" in out and "Why CIC scored 76" in out and "Why CPC scored 32" in out
    assert "+20 Inpatient hospital coding uses ICD-10-PCS" in out
    assert "+12 Inpatient hospital coding uses ICD-10-PCS" in out
    assert "-10 Inpatient hospital coding uses ICD-10-PCS" in out
    assert "+8 HIM education is exactly the preparation" in out
    assert "What would change the answer" in out
    assert "CIC would lead by 10 points" in " ".join(out.split())
    assert "Next steps for CCS" in out
    assert "https://ahima.org/certification/recertification.aspx" in out
    assert "Tie-break" not in out
    assert all(len(line) <= 80 for line in lines), "fits 80 columns"
    assert "\x1b[" not in out, "NO_COLOR and no terminal: no escape codes"
    order = [
        out.index(h)
        for h in ("Ranking", "Recommendation:", "Why CCS", "What would change", "Next steps for CCS")
    ]
    assert order == sorted(order)


def test_human_output_shows_tie_break_and_skipped_answers(cli) -> None:
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
    out = " ".join(result.stdout.split())
    # CPC 50 + 15 + 5 + 4 = 74 against CRC 50 + 20 = 70 and CCS 50 + 10; pcs_comfort was skipped
    # by setting.
    assert "Recommendation: CPC (Certified Professional Coder), ahead by 4 points" in out
    assert "Not used (skipped by earlier answers): pcs_comfort" in out
    tie = run(cli, "--set", "priority=no_priority")
    assert tie.exit_code == 0
    tie_out = " ".join(tie.stdout.split())
    assert "Recommendation: CPC (Certified Professional Coder), ahead by 0 points" in tie_out
    assert "Tie-break: CPC and CCS scored the same" in tie_out
    assert "No rule applied to your answers; it stays at the starting 50." in tie_out


# ---------------------------------------------------------------------------------------------
# JSON output
# ---------------------------------------------------------------------------------------------


def test_json_output_fields(cli, validator) -> None:
    document = ok_json(
        run(cli, "--set", "setting=outpatient", "--set", "pcs_comfort=keen", "--json"), validator
    )
    assert document["schema_version"] == 1
    assert document["recommendation"] == "CPC"
    assert document["ranking"][0]["code"] == "CPC"
    # CPC 50 + 15, COC 50 + 8, CCS-P 50 + 6, CIC 50 - 8; the rest stay at 50 in data-file order.
    assert [(r["code"], r["score"]) for r in document["ranking"]] == [
        ("CPC", 65),
        ("COC", 58),
        ("CCS-P", 56),
        ("CCS", 50),
        ("CRC", 50),
        ("CCA", 50),
        ("RHIT", 50),
        ("CIC", 42),
    ]
    assert document["margin"] == 7
    assert document["ranking"][0]["reasons"] == [
        {
            "rule": "setting-outpatient",
            "reason": "Most outpatient coding jobs are in practices and clinics, where "
            "professional-fee coding (CPC's focus) is the daily work.",
            "points": 15,
        }
    ]
    # A surgery centre: COC 58 + 18 + 20 = 96 against CCS 50 + 12 + 4 = 66.
    assert document["what_if"][0]["changes"] == {"employer": "asc"}
    assert document["what_if"][0]["recommendation"] == "COC"
    assert document["what_if"][0]["margin"] == 30
    assert any("Expect to pass as CPC-A" in step["text"] for step in document["next_steps"])
    assert all(step["url"].startswith("https://") for step in document["next_steps"])
    assert document["answers"] == {"setting": "outpatient", "pcs_comfort": "keen"}
    assert document["effective_answers"]["pcs_comfort"] == "unsure"
    assert document["ignored_answers"] == ["pcs_comfort"]
    assert document["data_updated"] == "2026-11-28"
    assert document["tie_break"] is None


def test_json_output_of_a_tie(cli, validator) -> None:
    document = ok_json(run(cli, "--set", "priority=no_priority", "--json"), validator)
    assert document["recommendation"] == "CPC"
    assert document["margin"] == 0
    assert "comes first in the data file" in document["tie_break"]


# ---------------------------------------------------------------------------------------------
# Batch
# ---------------------------------------------------------------------------------------------

GOOD_1 = {"setting": "inpatient", "goal": "inpatient_coder"}
GOOD_2 = {"schema_version": 1, "answers": {"goal": "billing_specialist"}}
# Hospital outpatient: COC 50 + 8 + 18 + 4 = 80 against CCS 50 + 12 + 10 = 72.
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
    recommendations = {1: "CCS", 6: "CPC", 10: "COC"}
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


def test_batch_file_with_good_and_bad_lines(cli, tmp_path, validator) -> None:
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


def test_batch_from_stdin(cli, validator) -> None:
    text, errors, recommendations = mixed_batch()
    result = run(cli, "--batch", "-", input=text)
    assert result.exit_code == 1
    check_batch_output(result.stdout, errors, recommendations, validator)


def test_batch_all_good(cli, tmp_path, validator) -> None:
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


def test_batch_lines_are_compact_single_lines(cli, validator) -> None:
    result = run(cli, "--batch", "-", input=json.dumps(GOOD_1) + "\n")
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()
    assert line.startswith('{"schema_version":1,"recommendation":"CCS","margin":')
    validator.validate(json.loads(line))


def test_batch_line_is_the_same_text_as_recommend_json_made_compact(cli) -> None:
    # Batch lines come from orjson, `recommend --json` from the standard library: the two must
    # agree byte for byte, non-ASCII text (the what-if's curly quotes) included.
    single = run(cli, "--json", *[f"--set={q}={v}" for q, v in GOOD_1.items()])
    batch = run(cli, "--batch", "-", input=json.dumps(GOOD_1) + "\n")
    assert single.exit_code == batch.exit_code == 0
    document = json.loads(single.stdout)
    assert any(not w["text"].isascii() for w in document["what_if"]), "expected a non-ASCII what-if"
    assert batch.stdout == json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_batch_single_failure_says_one_line(cli) -> None:
    result = run(cli, "--batch", "-", input="nope\n")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"line", "error"}
    assert document["line"] == 1
    assert document["error"].startswith("not valid JSON")
    assert "1 line failed" in result.stderr


def test_batch_deeply_nested_line_is_an_error_object(cli, validator) -> None:
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
def test_batch_cannot_be_combined(cli, extra: list[str]) -> None:
    usage_error(run(cli, "--batch", "-", *extra, input="{}\n"), "--batch cannot be combined")


def test_batch_line_that_is_not_utf8_is_one_bad_line(cli, tmp_path, validator) -> None:
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


def test_batch_missing_file(cli, tmp_path) -> None:
    path = str(tmp_path / "absent.jsonl")
    usage_error(run(cli, "--batch", path), path, "file not found")


def test_batch_of_2000_lines_through_python_m(tmp_path) -> None:
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
