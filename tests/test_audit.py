"""``check-data``'s audit: every profile scored, reachability, dead rules and idle questions.

The full audit of the shipped data takes about a second, so it runs once per module fixture;
the detection logic is unit-tested on tiny catalogs whose answers can be worked out by hand.
"""

from __future__ import annotations

import json
import math
import random
import shlex
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from support import DataFile, profiles
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.core.advice import assess
from certadvisor.core.audited import HeldQuestion, held_at_neutral
from certadvisor.core.data_warnings import data_warnings
from certadvisor.core.engine import Engine
from certadvisor.core.findings import Audit, Overconfident
from certadvisor.core.rules import RuleSet
from certadvisor.fast.arrays import np
from certadvisor.fast.audit import audit
from certadvisor.fast.grid import Grid, Slice
from certadvisor.fast.honesty import Honesty
from certadvisor.load.datafile import DATA_ENV, load_catalog
from certadvisor.load.validate.certs import check_unknown_eligibility
from certadvisor.load.validate.problems import Problems
from certadvisor.model.catalog import Catalog

ENV: dict[str, str | None] = {
    "COLUMNS": "80",
    "LINES": "50",
    "NO_COLOR": "1",
    DATA_ENV: None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}

# A condition that always holds, written in the data language (which has no "always").
ALWAYS = '{ any = [ { priority = "growth" }, { not = { priority = "growth" } } ] }'
# Data-file order.
CODES = ["CPC", "CCS", "COC", "CIC", "CRC", "CCA", "CCS-P", "RHIT", "CPB", "CPMA", "RHIA", "CDIP", "CCDS"]


def check_data(*args: str) -> Result:
    return CliRunner(env=ENV).invoke(app, ["check-data", *args])


@pytest.fixture(scope="module")
def expected_profiles(catalog: Catalog) -> int:
    """The number of distinct profiles, worked out from the questions by hand.

    Every question multiplies the count by its number of values (the credentials held: each
    single credential and each stack), except the gated ones, fixed at neutral when not asked:
    pcs_comfort, asked only when setting is inpatient or no_preference; background, asked only
    when the credentials held are none, CPC-A, COC-A, CCA, RHIT, CPB or CPC-A+CPB; him_status,
    asked only after an HIM programme as background; and cdi_standing, asked only when the goal
    is CDI.
    """
    # A question no scoring condition reads (the remote-work one) is held at neutral: one value.
    held = {q.id for q in held_at_neutral(catalog)}
    sizes = {q.id: 1 if q.id in held else len(q.values) for q in catalog.questions}
    gated = {q.id: q.when for q in catalog.questions if q.when.kind != "always"}
    assert set(gated) == {"pcs_comfort", "background", "him_status", "cdi_standing"}, (
        "this count assumes these four gated questions"
    )
    asked_for = [s for s in catalog.question("setting").values if gated["pcs_comfort"].holds({"setting": s})]
    assert asked_for == ["inpatient", "no_preference"]
    setting_and_pcs = len(asked_for) * sizes["pcs_comfort"] + (sizes["setting"] - len(asked_for))
    programmes = [
        b for b in catalog.question("background").values if gated["him_status"].holds({"background": b})
    ]
    assert programmes == ["him_associate", "him_degree"]
    background_and_status = len(programmes) * sizes["him_status"] + (sizes["background"] - len(programmes))
    asked_held = [h for h in catalog.question("held").values if gated["background"].holds({"held": h})]
    assert asked_held == ["none", "CPC-A", "COC-A", "CCA", "RHIT", "CPB", "CPC-A+CPB"]
    held_and_background = len(asked_held) * background_and_status + (sizes["held"] - len(asked_held))
    assert [g for g in catalog.question("goal").values if gated["cdi_standing"].holds({"goal": g})] == [
        "cdi_specialist"
    ]
    goal_and_cdi = sizes["goal"] - 1 + sizes["cdi_standing"]
    paired = ("goal", "cdi_standing", "setting", "pcs_comfort", "held", "background", "him_status")
    others = math.prod(n for q, n in sizes.items() if q not in paired)
    count = goal_and_cdi * setting_and_pcs * held_and_background * others
    # (goal, cdi_standing) 8 + 5 x (setting, pcs_comfort) 2*3 + 1 x (held, background,
    # him_status) 7*(4 + 2*3) + 20 x employer 5 x experience 4 x body_preference 3 x priority 4
    assert count == 13 * 7 * 90 * 5 * 4 * 3 * 4 == 1_965_600
    return count


@pytest.fixture(scope="module")
def shipped_audit(catalog: Catalog) -> Audit:
    return audit(catalog)


# ---------------------------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------------------------


@pytest.mark.exhaustive
def test_profile_count_matches_the_hand_count(engine: Engine, expected_profiles: int) -> None:
    kept = held_at_neutral(engine.catalog)
    every = [p for p in profiles(engine) if all(p[q.id] == q.neutral for q in kept)]
    assert len(every) == expected_profiles
    assert len({tuple(sorted(p.items())) for p in every}) == expected_profiles, "no duplicates"
    ids = [q.id for q in engine.questions]
    for profile in every:
        assert list(profile) == ids, "one answer to every question, in question order"
        assert engine.effective(profile) == profile, "already effective: nothing is skipped"
    outpatient = [p for p in every if p["setting"] == "outpatient"]
    assert {p["pcs_comfort"] for p in outpatient} == {"unsure"}
    inpatient = [p for p in every if p["setting"] == "inpatient"]
    assert {p["pcs_comfort"] for p in inpatient} == {"keen", "unsure", "avoid"}
    # background is asked of beginners and of CPC-A, COC-A, CPB, CCA and RHIT holders only.
    for held in ("none", "CPC-A", "COC-A", "CPB", "CCA", "RHIT", "CPC-A+CPB"):
        assert {p["background"] for p in every if p["held"] == held} == set(
            engine.catalog.question("background").values
        ), held
    for held in ("CPC", "CCS", "COC", "CIC", "CRC", "CCS-P", "CPMA", "RHIA", "CDIP", "CCDS", "CPC+CRC"):
        assert {p["background"] for p in every if p["held"] == held} == {"other"}, held


@pytest.mark.exhaustive
def test_profiles_cover_every_effective_answer_set(engine: Engine) -> None:
    every = {tuple(p.values()) for p in profiles(engine)}
    samples = [
        {},
        {"setting": "outpatient", "pcs_comfort": "keen"},
        {"goal": "him_manager", "setting": "inpatient", "pcs_comfort": "avoid", "priority": "low_cost"},
        {"employer": "asc", "background": "him_associate", "body_preference": "ahima"},
    ]
    for answers in samples:
        assert tuple(engine.effective(answers).values()) in every


# ---------------------------------------------------------------------------------------------
# The shipped data
# ---------------------------------------------------------------------------------------------


def test_shipped_audit_finds_no_problems(
    catalog: Catalog, shipped_audit: Audit, expected_profiles: int
) -> None:
    report = shipped_audit
    assert report.profiles == expected_profiles
    assert set(report.first_counts) == set(catalog.certs)
    assert sum(report.first_counts.values()) == expected_profiles
    assert list(report.first_counts) == CODES
    assert all(report.first_counts[code] > 0 for code in CODES), "every certification is reachable"
    assert set(report.rule_fires) == {rule.id for rule in catalog.rules}
    assert all(n > 0 for n in report.rule_fires.values())
    assert report.unreachable == report.dead_rules == report.idle_questions == ()
    assert report.broken == ()
    assert set(report.expectations) == {e.id for e in catalog.expectations}
    assert all(n > 0 for n in report.expectations.values()), "every expectation covers someone"
    assert set(report.conflicts) == {c.id for c in catalog.conflicts}
    assert all(n > 0 for n in report.conflicts.values())
    assert report.warnings == ()
    assert report.problems == []
    # Eligibility honesty holds: many picks have a requirement the answers do not show (RHIT,
    # RHIA, CCDS...), some with a lead that would be confident, and none is advised as one.
    assert report.unmet_requirements > report.requirement_checks > 0
    assert report.overconfident is None


def test_shipped_rule_fire_counts_are_right(shipped_audit: Audit, expected_profiles: int) -> None:
    # One-question rules fire in (profiles with that answer); worked out from the hand count.
    # A goal other than CDI is one of 13 rows of (goal, cdi_standing).
    per_goal = expected_profiles // 13
    assert shipped_audit.rule_fires["goal-billing"] == per_goal
    assert shipped_audit.rule_fires["goal-risk-adjustment"] == per_goal
    # setting = outpatient: pcs_comfort fixed, so 13 x 90 x 5 x 4 x 3 x 4 profiles (90 for held,
    # background and him_status together).
    assert shipped_audit.rule_fires["setting-outpatient"] == 13 * 90 * 5 * 4 * 3 * 4
    # ...and a surgery-centre employer is a fifth of every profile.
    assert shipped_audit.rule_fires["employer-asc"] == expected_profiles // 5
    # pcs_comfort = keen is only possible for two of the three settings.
    assert shipped_audit.rule_fires["pcs-keen"] == 13 * 2 * 90 * 5 * 4 * 3 * 4
    # held includes CPC (CPC alone and its six stacks): background is skipped, so seven
    # ninetieths of every profile; and the goal is one of five of the 13 (goal, cdi_standing).
    assert shipped_audit.rule_fires["held-cpc"] == 7 * (expected_profiles // 90) * 5 // 13
    # held includes CPC-A (CPC-A, CPC-A+CPB): background is asked, so ten ninetieths each.
    assert shipped_audit.rule_fires["held-cpc-a"] == expected_profiles * 20 // 90


def test_check_data_on_the_shipped_file(catalog: Catalog, shipped_path: Path, expected_profiles: int) -> None:
    result = check_data()
    assert result.exit_code == 0, result.output
    # Only the figures' warnings (tests/test_data_warnings.py), each on its own line.
    assert result.stderr.splitlines() == [f"warning: {w}" for w in data_warnings(catalog)]
    out = result.stdout
    assert f"{shipped_path}: valid: 13 certifications" in out
    assert f"{len(catalog.questions)} questions, 60 rules, 33 expectations, 9 conflicts" in out
    assert f"Audit: every one of {expected_profiles:,} profiles scored in" in out
    assert "scored twice" not in out, "determinism belongs in the property tests"
    assert "Expectations: 33 of 33 hold on every profile they cover" in out
    assert "Conflicts (profiles covered):" in out
    assert "that would otherwise be confident); none advised with high confidence" in " ".join(out.split())
    assert "Ranked first:" in out
    ranked = out.split("Ranked first:", 1)[1]
    assert all(f"\n  {code} " in ranked for code in CODES), ranked
    assert out.rstrip().endswith("No problems found.")


def test_check_data_json(catalog: Catalog, shipped_path: Path, expected_profiles: int) -> None:
    result = check_data(str(shipped_path), "--json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    assert document["schema_version"] == 2
    assert document["valid"] is True
    assert document["path"] == str(shipped_path)
    assert (document["certifications"], document["questions"], document["rules"]) == (
        len(catalog.certs),
        len(catalog.questions),
        len(catalog.rules),
    )
    assert document["profiles"] == expected_profiles > 0
    assert list(document["first_counts"]) == CODES
    assert all(document["first_counts"][code] > 0 for code in CODES)
    assert sum(document["first_counts"].values()) == expected_profiles
    assert set(document["rule_fires"]) == {rule.id for rule in catalog.rules}
    assert document["problems"] == []
    assert document["broken_expectations"] == []
    assert document["warnings"] == data_warnings(catalog)
    assert document["not_enumerated"] == [
        {"question": q.id, "neutral": q.neutral, "read_by": list(q.read_by)} for q in held_at_neutral(catalog)
    ]
    assert all(q["read_by"] for q in document["not_enumerated"]), "a question nothing reads is a problem"
    assert isinstance(document["seconds"], int | float)


# ---------------------------------------------------------------------------------------------
# Broken copies of the shipped data
# ---------------------------------------------------------------------------------------------


def test_rule_that_can_never_fire(tmp_path: Path, shipped_text: str) -> None:
    path = tmp_path / "dead.toml"
    path.write_text(
        shipped_text
        + """
[[rules]]
id = "never-both"
when = { all = [ { setting = "inpatient" }, { setting = "outpatient" } ] }
points = { CPC = 5 }
reason = "Inpatient and outpatient at once, which no one can answer."
""",
        encoding="utf-8",
    )
    result = check_data(str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "1 problem:" in result.stderr
    assert "rule 'never-both' never fires" in result.stderr
    assert "No problems found" not in result.stdout
    assert f"{path}: valid:" in result.stdout  # valid data, failing audit


def test_cert_that_can_never_be_first(tmp_path: Path, shipped_text: str) -> None:
    # CCS's total is at most 181 (worked out over every profile), so three always-firing -50
    # rules keep it at or below 31, while CRC's total never falls below 44 and CCDS's below 50
    # (a held one is out of the ranking, but a person holds only one of the two).
    sinks = "".join(
        f"""
[[rules]]
id = "sink-{n}"
when = {ALWAYS}
points = {{ CCS = -50 }}
reason = "Test: push CCS down."
"""
        for n in range(3)
    )
    path = tmp_path / "sunk.toml"
    path.write_text(shipped_text + sinks, encoding="utf-8")
    result = check_data(str(path), "--json")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["first_counts"]["CCS"] == 0
    assert sum(document["first_counts"].values()) == document["profiles"]
    unreachable = [p for p in document["problems"] if "never ranked first" in p]
    assert unreachable == ["CCS is never ranked first by any profile"]
    assert all(document["first_counts"][code] > 0 for code in CODES if code != "CCS")

    # Pin the rest too: the n-th certification after CPC loses 300 n points (six -50 rules per
    # step, as points are capped at 50). Every total stays within -48..181, a range of less than
    # 300 points (CCS's sinks leave it above COC: -8 - 450 > 128 - 600), so CPC is first and
    # the ranking below it is fixed, except that a held credential leaves it: CCS is first for
    # the CPC holders, and only the held answer changes any ranking.
    steps = 6 * (len(CODES) - 1)
    pins = "".join(
        f"""
[[rules]]
id = "pin-{step}"
when = {ALWAYS}
points = {{ {", ".join(f'"{code}" = -50' for n, code in enumerate(CODES[1:], start=1) if 6 * n >= step)} }}
reason = "Test: fix the order of everything below CPC."
"""
        for step in range(1, steps + 1)
    )
    path = tmp_path / "pinned.toml"
    path.write_text(shipped_text + sinks + pins, encoding="utf-8")
    result = check_data(str(path), "--json")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    # CPC holders (CPC alone and its six stacks) skip background: 7 held values x 7 (setting,
    # pcs_comfort) x 13 (goal, cdi_standing) x 5 x 4 x 3 x 4.
    cpc_holders = 7 * 7 * 13 * 5 * 4 * 3 * 4
    assert document["profiles"] == 1_965_600
    assert document["first_counts"] == {
        code: {"CPC": 1_965_600 - cpc_holders, "CCS": cpc_holders}.get(code, 0) for code in CODES
    }
    assert [f"{code} is never ranked first by any profile" for code in CODES[2:]] == [
        p for p in document["problems"] if "never ranked first" in p
    ]
    pinned = load_catalog(path)
    held = {q.id for q in held_at_neutral(pinned)}  # not enumerated, so never idle
    ids = [q.id for q in pinned.questions if q.id not in held]
    assert [f"question {q!r} never changes any ranking" for q in ids if q != "held"] == [
        p for p in document["problems"] if "never changes any ranking" in p
    ]


SETTING_INPATIENT = (
    'id = "setting-inpatient"\nwhen = { held = { one_of = ["none", "CPC-A"] }, setting = "inpatient" }'
)
EMPLOYER_PAYER = (
    'id = "employer-payer"\n'
    'when = { employer = "payer", not = { goal = { one_of = ["him_manager", "billing_specialist"] } } }'
)


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        (
            SETTING_INPATIENT,
            SETTING_INPATIENT.replace(', setting = "', ', settting = "'),
            ["rules.setting-inpatient.when.settting", "did you mean setting?"],
        ),
        (
            SETTING_INPATIENT,
            SETTING_INPATIENT.replace('"inpatient" }', '"inpatiant" }'),
            ["rules.setting-inpatient.when.setting", "did you mean inpatient?"],
        ),
        (
            EMPLOYER_PAYER,
            EMPLOYER_PAYER.replace('{ employer = "payer",', '{ employer = { equal = "payer" },'),
            ["rules.employer-payer.when.employer", "unknown test 'equal' (did you mean equals?)"],
        ),
        (
            EMPLOYER_PAYER,
            EMPLOYER_PAYER.replace('{ employer = "payer",', '{ and = [ { employer = "payer" } ],'),
            ["rules.employer-payer.when.and", "did you mean any?"],
        ),
    ],
)
def test_invalid_data_exits_2_naming_the_rule(
    make_data: Callable[..., Path], old: str, new: str, fragments: list[str]
) -> None:
    path = make_data((old, new))
    result = check_data(str(path))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_missing_data_file_exits_2(tmp_path: Path) -> None:
    result = check_data(str(tmp_path / "absent.toml"))
    assert result.exit_code == 2
    assert "data file not found" in result.stderr


# ---------------------------------------------------------------------------------------------
# Detection logic on a tiny catalog
# ---------------------------------------------------------------------------------------------

TINY = """
[[questions]]
id = "lean"
short = "lean"
text = "Which way do you lean?"
help = "Test."
kind = "preference"
neutral = "none"
choices = [
  { value = "cpc", label = "CPC" },
  { value = "ccs", label = "CCS" },
  { value = "none", label = "Neither" },
]

[[questions]]
id = "depth"
short = "depth"
text = "How deep?"
help = "Only asked when leaning to CCS."
kind = "preference"
neutral = "shallow"
when = { lean = "ccs" }
choices = [
  { value = "deep", label = "Deep" },
  { value = "shallow", label = "Shallow" },
]

[[questions]]
id = "idle"
short = "idle"
text = "Does nothing."
help = "Its one rule moves both certifications alike."
kind = "preference"
neutral = "a"
choices = [
  { value = "a", label = "A" },
  { value = "b", label = "B" },
]

[[rules]]
id = "lean-cpc"
when = { lean = "cpc" }
points = { CPC = 10 }
reason = "Leans CPC."

[[rules]]
id = "lean-ccs"
when = { lean = "ccs" }
points = { CCS = 10 }
reason = "Leans CCS."

[[rules]]
id = "deep"
when = { depth = "deep" }
points = { CPC = 15 }
reason = "Deep turns it back to CPC."

[[rules]]
id = "idle-even"
when = { idle = "b" }
points = { CPC = 1, CCS = 1 }
reason = "Moves both alike: read, but never changes a ranking."

[[rules]]
id = "dead"
when = { all = [ { lean = "cpc" }, { lean = "ccs" } ] }
points = { CPC = 5 }
reason = "Cannot happen."

[advice]
near_tie = 3
clear_margin = 10
signal_questions = ["lean"]
tie_order = ["CPC", "CCS"]
tie_principle = "the test's principle puts it first"
starting_points = [{ cert = "CPC", why = "The test's usual first step." }]
"""

# Leaning to CCS should give CCS, but going deep turns it back to CPC: broken for 2 profiles.
BROKEN_EXPECTATION = """
[[expectations]]
id = "ccs-lean-is-ccs"
when = { lean = "ccs" }
top_in = ["CCS"]
why = "Test: whoever leans to CCS gets CCS."

[[expectations]]
id = "cpc-lean-is-not-ccs"
when = { lean = "cpc" }
not_top = ["CCS"]
why = "Test: whoever leans to CPC does not get CCS."
"""


@pytest.fixture
def tiny(two_cert_head: str, tmp_path: Path) -> Catalog:
    path = tmp_path / "tiny.toml"
    path.write_text(two_cert_head + TINY, encoding="utf-8")
    catalog = load_catalog(path)
    assert list(catalog.certs) == ["CPC", "CCS"]
    return catalog


def test_tiny_profiles(tiny: Catalog) -> None:
    every = list(profiles(Engine(tiny)))
    # lean: cpc (depth fixed) + ccs (2 depths) + none (depth fixed) = 4, times idle's 2.
    assert len(every) == 8
    assert sorted((p["lean"], p["depth"], p["idle"]) for p in every) == sorted(
        (lean, depth, idle)
        for lean, depths in (("cpc", ["shallow"]), ("ccs", ["deep", "shallow"]), ("none", ["shallow"]))
        for depth in depths
        for idle in ("a", "b")
    )


def test_tiny_audit(tiny: Catalog) -> None:
    report = audit(tiny)
    assert report.profiles == 8
    # lean=cpc: CPC; lean=ccs shallow: CCS; lean=ccs deep: CPC 65 > CCS 60; none: tie -> CPC.
    assert report.first_counts == {"CPC": 6, "CCS": 2}
    assert report.rule_fires == {"lean-cpc": 2, "lean-ccs": 4, "deep": 2, "idle-even": 4, "dead": 0}
    assert report.unreachable == ()
    assert report.dead_rules == ("dead",)
    assert report.idle_questions == ("idle",)  # depth flips a ranking, idle never does
    assert report.broken == ()
    assert report.problems == [
        "rule 'dead' never fires",
        "question 'idle' never changes any ranking",
    ]


def test_a_broken_expectation_is_counted_with_an_example(two_cert_head: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(two_cert_head + TINY + BROKEN_EXPECTATION, encoding="utf-8")
    report = audit(load_catalog(path))
    assert report.expectations == {"ccs-lean-is-ccs": 4, "cpc-lean-is-not-ccs": 2}
    [broken] = report.broken
    assert (broken.id, broken.count, broken.got) == ("ccs-lean-is-ccs", 2, "CPC")
    assert dict(broken.example) == {"lean": "ccs", "depth": "deep"}
    expected = (
        "expectation 'ccs-lean-is-ccs' fails for 2 profiles (CPC came first); for example: "
        "certadvisor recommend --set lean=ccs --set depth=deep"
    )
    assert expected in report.problems
    result = check_data(str(path))
    assert result.exit_code == 1
    # On the command line the example replays against the file checked.
    replay = expected.replace("recommend --set", f"recommend --data {shlex.quote(str(path))} --set")
    assert replay in " ".join(result.stderr.split())


def test_check_data_cli_on_the_tiny_catalog(tiny: Catalog) -> None:
    result = check_data(str(tiny.path))
    assert result.exit_code == 1
    assert "Audit: every one of 8 profiles scored in" in result.stdout
    assert "2 problems:" in result.stderr
    assert "  - rule 'dead' never fires" in result.stderr
    assert "  - question 'idle' never changes any ranking" in result.stderr


def _question(qid: str, values: tuple[str, ...], when: str = "") -> str:
    """A test question in the data language; its first value is neutral."""
    choices = ", ".join(f'{{ value = "{v}", label = "{v.title()}" }}' for v in values)
    condition = f"when = {when}\n" if when else ""
    return (
        f'\n[[questions]]\nid = "{qid}"\nshort = "{qid}"\ntext = "{qid}?"\nhelp = "Test."\n'
        f'kind = "fact"\nneutral = "{values[0]}"\n{condition}choices = [{choices}]\n'
    )


def _tiny_with(two_cert_head: str, tmp_path: Path, *extra: str, advice: str = "") -> Catalog:
    """TINY with more questions and tables (questions go before its rules; ``advice`` joins its
    [advice] table)."""
    at = TINY.index("[[rules]]")
    text = two_cert_head + TINY[:at] + "".join(e for e in extra if "[[questions]]" in e) + TINY[at:]
    text += advice + "".join(e for e in extra if "[[questions]]" not in e)
    path = tmp_path / "extra.toml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def test_a_question_no_condition_reads_is_held_at_neutral_and_a_problem(
    two_cert_head: str, tmp_path: Path
) -> None:
    catalog = _tiny_with(two_cert_head, tmp_path, _question("unread", ("x", "y", "z")))
    report = audit(catalog)
    assert report.profiles == 8, "the same profiles as without it"
    assert report.held == (HeldQuestion("unread", "x", ()),)
    assert report.idle_questions == ("idle",)
    assert "question 'unread' is read by no condition: it never changes anything" in report.problems
    # Known from the data alone: a sample reports it too.
    assert "question 'unread' is read by no condition: it never changes anything" in (
        audit(catalog, sample=4).problems
    )


def test_a_question_a_rule_reads_multiplies_the_profiles(two_cert_head: str, tmp_path: Path) -> None:
    rule = '\n[[rules]]\nid = "read"\nwhen = { read = "y" }\npoints = { CCS = 20 }\nreason = "Test."\n'
    catalog = _tiny_with(two_cert_head, tmp_path, _question("read", ("x", "y", "z")), rule)
    report = audit(catalog)
    assert report.profiles == 8 * 3
    assert report.held == () and report.idle_questions == ("idle",)


REMOTE_WHEN = '\nremote_when = { arrangement = "remote_only" }\n'


def test_a_question_only_a_display_condition_reads_is_held_and_named(
    two_cert_head: str, tmp_path: Path
) -> None:
    # Read by the remote-work note only, as the shipped work_arrangement is: no score reads it.
    arrangement = _question("arrangement", ("no_preference", "remote_only", "hybrid_ok"))
    catalog = _tiny_with(two_cert_head, tmp_path, arrangement, advice=REMOTE_WHEN)
    report = audit(catalog)
    assert report.profiles == 8
    assert report.held == (HeldQuestion("arrangement", "no_preference", ("advice.remote_when",)),)
    assert not any("arrangement" in problem for problem in report.problems)
    result = check_data(str(catalog.path))
    expected = (
        "arrangement is not enumerated (held at no_preference): no scoring condition reads it, "
        "only advice.remote_when"
    )
    assert expected in " ".join(result.stdout.split())
    document = json.loads(check_data(str(catalog.path), "--json").stdout)
    assert document["profiles"] == 8
    assert document["not_enumerated"] == [
        {"question": "arrangement", "neutral": "no_preference", "read_by": ["advice.remote_when"]}
    ]


def test_a_follow_up_of_a_held_question_is_held_and_a_gate_of_a_scored_one_is_not(
    two_cert_head: str, tmp_path: Path
) -> None:
    # "shown" is read only by the display question's ``when``; "gate" only by the ``when`` of a
    # question a rule reads, which decides whether that answer counts: it is enumerated.
    questions = (
        _question("shown", ("x", "y")),
        _question("display", ("x", "y"), '{ shown = "y" }'),
        _question("gate", ("x", "y")),
        _question("gated", ("x", "y"), '{ gate = "y" }'),
    )
    rule = '\n[[rules]]\nid = "gated"\nwhen = { gated = "y" }\npoints = { CCS = 20 }\nreason = "Test."\n'
    catalog = _tiny_with(two_cert_head, tmp_path, *questions, rule)
    report = audit(catalog)
    assert [(q.id, q.read_by) for q in report.held] == [
        ("shown", ("questions.display.when",)),
        ("display", ()),
    ]
    # (gate, gated): x with gated at neutral, y with either: three rows.
    assert report.profiles == 8 * 3


def test_an_answers_space_over_the_limit_is_refused_and_can_be_sampled(monkeypatch, runner) -> None:  # type: ignore[no-untyped-def]
    import certadvisor.fast.audit

    monkeypatch.setattr(certadvisor.fast.audit, "MAX_AUDIT_PROFILES", 1_000)
    refused = runner.invoke(app, ["check-data"])
    assert refused.exit_code == 2
    assert "more than the exhaustive audit's limit of 1,000" in refused.stderr
    assert "--sample N" in refused.stderr
    sampled = runner.invoke(app, ["check-data", "--sample", "20000", "--json"])
    assert sampled.exit_code == 0, sampled.output
    document = json.loads(sampled.stdout)
    assert document["sampled"] is True
    assert 0 < document["profiles"] < 1_965_600
    text = runner.invoke(app, ["check-data", "--sample", "20000"]).stdout
    assert "a random SAMPLE of" in text and "not exhaustive" in text


def test_a_sample_of_a_huge_answers_space_is_quick(shipped_text: str, tmp_path: Path) -> None:
    # Seventy more two-value questions, each read by a rule: about 2**70 slices, past what
    # random.sample can draw from, and far past what walking the slices to the chosen ones
    # could ever finish.
    extra = "".join(
        f'\n[[questions]]\nid = "big{k}"\nkind = "preference"\nshort = "big{k}"\ntext = "Big {k}?"\n'
        f'help = "A test question."\nneutral = "a"\nchoices = [{{ value = "a", label = "A" }}, '
        f'{{ value = "b", label = "B" }}]\n'
        for k in range(70)
    )
    rules = "".join(
        f'\n[[rules]]\nid = "big{k}"\nwhen = {{ big{k} = "b" }}\npoints = {{ CPC = 1 }}\nreason = "Big."\n'
        for k in range(70)
    )
    at = shipped_text.index("[[rules]]")
    path = tmp_path / "huge.toml"
    path.write_text(shipped_text[:at] + extra + "\n" + shipped_text[at:] + rules, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "certadvisor", "check-data", str(path), "--sample", "1000", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert document["sampled"] is True and document["profiles"] > 0


def test_sampled_slices_are_the_slices_a_full_walk_gives(engine: Engine) -> None:
    grid = Grid(engine)
    every = list(grid.slices())
    picked = [grid.slice_count - 1, 0, 1]
    for position, piece in zip(picked, grid.slices(only=picked), strict=True):
        assert piece.fixed == every[position].fixed
        assert (piece.totals == every[position].totals).all()


# ---------------------------------------------------------------------------------------------
# Eligibility honesty: no pick with an unmet requirement is advised with high confidence
# ---------------------------------------------------------------------------------------------

# CCS needs idle = "b" (a stand-in for a degree): leaning to CCS without it leads by a clear 10
# points, a confident pick on the scores alone.
REQUIREMENT = """
[certs.CCS.requires]
text = "Test: CCS needs the b answer."
met_when = { idle = "b" }
"""


@pytest.fixture
def required(two_cert_head: str, tmp_path: Path) -> Catalog:
    path = tmp_path / "required.toml"
    path.write_text(two_cert_head + TINY + REQUIREMENT, encoding="utf-8")
    return load_catalog(path)


def _forgetful(monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine that forgets requirements: its confidence is the one the scores alone give."""
    monkeypatch.setattr(RuleSet, "unmet_requirement", lambda self, code, effective: None)


def test_a_pick_with_an_unmet_requirement_is_not_advised_with_high_confidence(required: Catalog) -> None:
    report = audit(required)
    # lean=ccs, depth=shallow, idle=a: CCS first by 10, requirement not shown; with idle=b it is.
    assert (report.unmet_requirements, report.requirement_checks) == (1, 1)
    assert report.overconfident is None
    assert not any("eligibility" in problem for problem in report.problems)
    result = check_data(str(required.path))
    assert (
        "Eligibility: 1 profile advised a credential whose requirement the answers do not show"
        in " ".join(result.stdout.split())
    )


def test_an_engine_that_advises_it_with_high_confidence_is_a_finding(
    required: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forgetful(monkeypatch)
    assert Engine(required).recommend({"lean": "ccs"}).confidence.level == "high"
    report = audit(required)
    assert report.overconfident == Overconfident(1, {"lean": "ccs"}, "CCS")
    expected = (
        "eligibility honesty: 1 profile is advised with high confidence a credential whose "
        "requirement the answers do not show is met; for example (CCS): certadvisor recommend --set lean=ccs"
    )
    assert expected in report.problems
    sampled = audit(required, sample=8)
    assert sampled.sampled and expected in sampled.problems, "a sample proves a failure too"
    result = check_data(str(required.path))
    assert result.exit_code == 1
    replay = expected.replace("recommend --set", f"recommend --data {shlex.quote(str(required.path))} --set")
    assert replay in " ".join(result.stderr.split())
    assert "FAILS: 1 advised with high confidence" in " ".join(result.stdout.split())


@pytest.mark.parametrize("seed", range(6))
def test_the_confidence_before_requirements_is_the_engines(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    # Every profile of a part of the grid: each question at neutral or one other value.
    rng = random.Random(seed)
    grid = Grid(RuleSet(catalog), {q.id: (q.neutral, rng.choice(q.values)) for q in catalog.questions})
    levels = _compare_confidence(grid, monkeypatch, grid.slices(), rng, None)
    assert levels[True, "high"] and levels[False, "low"], levels


@pytest.mark.parametrize("seed", range(4))
def test_the_confidence_before_requirements_on_random_data_files(
    seed: int, shipped_text: str, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Random rules, margins, tie orders and conflicts (``support.DataFile``): a sample of the
    # profiles of a few slices of the whole grid.
    rng = random.Random(500 + seed)
    path = tmp_path / f"random-{seed}.toml"
    path.write_text(DataFile(rng, shipped_text, catalog).text, encoding="utf-8")
    grid = Grid(RuleSet(load_catalog(path)))
    pieces = grid.slices(only=[rng.randrange(grid.slice_count) for _ in range(3)])
    levels = _compare_confidence(grid, monkeypatch, pieces, rng, 600)
    assert sum(levels.values()) >= 100, levels


def _compare_confidence(
    grid: Grid,
    monkeypatch: pytest.MonkeyPatch,
    pieces: Iterable[Slice],
    rng: random.Random,
    sample: int | None,
) -> Counter[tuple[bool, str]]:
    """On each profile of ``pieces`` (or a sample of ``sample`` of each), the grid's "high on
    the scores alone" is the confidence of an engine that forgets requirements; how often each
    (grid, engine) pair was seen."""
    _forgetful(monkeypatch)
    honesty, engine = Honesty(grid), Engine(grid.engine.catalog)
    levels: Counter[tuple[bool, str]] = Counter()
    for piece in pieces:
        high = honesty.high_before_requirement(piece.columns, piece.totals)
        rows = np.flatnonzero(piece.counted)
        if sample is not None and len(rows) > sample:
            rows = np.array(sorted(rng.sample(rows.tolist(), sample)), dtype=np.intp)
        for row, profile in zip(rows.tolist(), honesty.profiles(piece, rows), strict=True):
            level = assess(engine, profile, searches=False).confidence.level
            levels[bool(high[row]), level] += 1
            assert bool(high[row]) == (level == "high"), profile
    return levels


def test_asking_the_engine_once_per_pick_and_totals_finds_what_asking_for_every_profile_does(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The audit asks the engine once per (pick, first total, second total) among the candidates;
    # here it is asked for every candidate, with an engine that forgets requirements (so that
    # every candidate is a finding) and with the real one (none is).
    grid = Grid(RuleSet(catalog))
    pieces = list(grid.slices(only=range(0, grid.slice_count, 7)))
    for forget in (False, True):
        if forget:
            _forgetful(monkeypatch)
        engine = RuleSet(catalog)
        honesty, high, candidates = Honesty(grid), 0, 0
        for piece in pieces:
            first = piece.first
            honesty.add(piece, first)
            rows = np.flatnonzero(honesty.unmet(piece, first) & piece.counted)
            columns = {
                q: c if isinstance(c, int) or not c.ndim else c[rows] for q, c in piece.columns.items()
            }
            rows = rows[honesty.high_before_requirement(columns, piece.totals[:, rows])]
            candidates += len(rows)
            levels = [
                assess(engine, p, searches=False).confidence.level for p in honesty.profiles(piece, rows)
            ]
            high += levels.count("high")
        assert honesty.tally.candidates == candidates > 1000
        assert honesty.tally.high == high == (candidates if forget else 0)
        assert len(honesty.levels) < candidates // 10, "far fewer engine calls than candidates"


# ---------------------------------------------------------------------------------------------
# Unknown eligibility needs a requirement
# ---------------------------------------------------------------------------------------------


def test_unknown_eligibility_without_a_requirement_is_reported_naming_the_key(tiny: Catalog) -> None:
    # Where the eligibility rules could not be read, the data must say what to check before
    # booking ([certs.X.requires]); otherwise the credential is advised as open to anyone.
    cpc = tiny.certs["CPC"]
    required = cpc.facts["eligibility.required"]
    unknown = cpc._replace(facts={**cpc.facts, required.key: required._replace(status="unknown", value=None)})
    problems = Problems(tiny.path)
    check_unknown_eligibility(problems, "CPC", unknown)
    assert problems.lines == [
        f'{tiny.path}: certs.CPC.requires: missing: eligibility.required is "unknown", so CPC needs a '
        "[certs.CPC.requires] table saying what to check before booking (text), with met_when if some "
        "answers show it is met; otherwise it is advised as open to anyone"
    ]
    known = Problems(tiny.path)
    check_unknown_eligibility(known, "CPC", cpc)
    assert required.status != "unknown" and known.lines == []
