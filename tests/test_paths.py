"""Career paths (``[[paths]]``): loading and validating them, choosing one for a recommendation,
and showing it in ``recommend`` (human and JSON), the quiz's Markdown report and ``show``."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support import profiles
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.core.advice import assess
from certadvisor.core.engine import Engine
from certadvisor.errors import DataError
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog

# The shipped paths, in file order.
PATH_IDS = [
    "cpc-a-finish",
    "cpc-apprentice",
    "cpc-experienced",
    "ccs-from-cca",
    "ccs-experience-first",
    "ccs-direct",
    "coc",
    "cic",
    "crc",
    "cca-then-ccs",
    "ccs-p",
    "rhit-degree-first",
    "rhit",
    "cpb",
    "cpma-from-cpc",
    "cpma",
    "rhia-from-rhit",
    "rhia-degree-first",
    "rhia",
    "cdip-from-ccs",
    "cdip",
    "ccds",
]
CODES = ["CPC", "CCS", "COC", "CIC", "CRC", "CCA", "CCS-P", "RHIT", "CPB", "CPMA", "RHIA", "CDIP", "CCDS"]


def invoke(runner: CliRunner, args: list[str], **kwargs: Any) -> Result:
    result = runner.invoke(app, args, **kwargs)
    # Nothing here may crash with an unexpected exception (exit 1 and a traceback).
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stderr
    return result


def ok(runner: CliRunner, args: list[str], **kwargs: Any) -> Result:
    result = invoke(runner, args, **kwargs)
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert result.stderr == ""
    return result


def squash(text: str) -> str:
    """Collapse whitespace, so a phrase rich wrapped over lines can still be searched for."""
    return " ".join(text.split())


def sets(answers: dict[str, str]) -> list[str]:
    return [arg for qid, value in answers.items() for arg in ("--set", f"{qid}={value}")]


# ---------------------------------------------------------------------------------------------
# Loading: the shipped paths
# ---------------------------------------------------------------------------------------------


def test_shipped_paths_load_in_file_order(catalog: Catalog) -> None:
    assert [p.id for p in catalog.paths] == PATH_IDS
    assert list(catalog.certs) == CODES


@pytest.mark.parametrize("code", CODES)
def test_every_shipped_certification_has_one_default_path_and_it_comes_last(
    catalog: Catalog, code: str
) -> None:
    mine = [p for p in catalog.paths if p.cert == code]
    defaults = [p for p in mine if p.when.kind == "always"]
    assert len(defaults) == 1, [p.id for p in defaults]
    # The first matching path wins, so a conditional path after the default could never be used.
    assert mine[-1] is defaults[0], [p.id for p in mine]


def test_shipped_path_steps_are_complete(catalog: Catalog) -> None:
    for path in catalog.paths:
        assert path.title.strip()
        assert path.steps, path.id
        for step in path.steps:
            assert step.text.strip() and step.condition.strip(), path.id
            assert step.cert is None or step.cert in catalog.certs, (path.id, step.cert)


def test_conditional_shipped_paths_read_experience_education_or_the_held_credential(
    catalog: Catalog,
) -> None:
    conditional = {p.id: p.when for p in catalog.paths if p.when.kind != "always"}
    stacking = {
        "cpc-a-finish": "CPC-A",
        "ccs-from-cca": "CCA",
        "cpma-from-cpc": "CPC",
        "rhia-from-rhit": "RHIT",
        "cdip-from-ccs": "CCS",
    }
    assert set(conditional) == {
        "cpc-apprentice",
        "ccs-experience-first",
        "rhit-degree-first",
        "rhia-degree-first",
        *stacking,
    }
    # A stacking path is for the holder of the credential it starts from.
    for path_id, held in stacking.items():
        when = conditional[path_id]
        assert (when.kind, when.question, when.values) == ("equals", "held", (held,)), path_id
    assert conditional["cpc-apprentice"].kind == "one_of"
    assert set(conditional["cpc-apprentice"].values) == {"none", "under_2_years", "unsure"}
    # Experience first is for beginners who hold no coding credential: a CCA holder has their
    # own path (ccs-from-cca, placed before it), and other holders are past the entry step.
    experience_first = conditional["ccs-experience-first"]
    assert experience_first.kind == "all"
    assert experience_first.questions() == {"experience", "held"}
    parts = {part.question: (part.kind, set(part.values)) for part in experience_first.parts}
    assert parts == {"experience": ("one_of", {"none", "unsure"}), "held": ("one_of", {"none", "CPB"})}
    assert PATH_IDS.index("ccs-from-cca") < PATH_IDS.index("ccs-experience-first")
    # RHIT needs an accredited HIM degree: everyone without HIM education gets the degree first.
    degree_first = conditional["rhit-degree-first"]
    assert degree_first.kind == "not"
    assert degree_first.questions() == {"background"}
    assert set(degree_first.parts[0].values) == {"him_associate", "him_degree"}
    # RHIA needs an HIM bachelor's or master's: an associate programme is not enough.
    rhia_first = conditional["rhia-degree-first"]
    assert rhia_first.kind == "not"
    assert rhia_first.questions() == {"background"}
    assert set(rhia_first.parts[0].values) == {"him_degree"}


def test_path_includes(catalog: Catalog) -> None:
    including_cca = [p.id for p in catalog.paths if p.includes("CCA")]
    assert including_cca == ["ccs-experience-first", "cca-then-ccs"]
    by_id = {p.id: p for p in catalog.paths}
    assert by_id["coc"].includes("COC") and by_id["coc"].includes("CCS")
    assert not by_id["coc"].includes("CPC")
    # A step without a certification does not make a path include anything.
    assert not by_id["ccs-p"].includes("CPC")


# ---------------------------------------------------------------------------------------------
# Loading: every kind of bad path is an exit-2 DataError naming the key
# ---------------------------------------------------------------------------------------------

COC_HEAD = 'id = "coc"\ncert = "COC"\n'
RHIT_HEAD = '[[paths]]\nid = "rhit"\n'
CCSP_STEP = '{ cert = "CCS-P", text = "Sit the CCS-P exam."'
# The rhit path's second step (rhit-degree-first has a step with the same text).
RHIT_STEP = 'text = "Pass the RHIT exam.", condition = "On completing'

BROKEN_PATHS = [
    pytest.param(
        (COC_HEAD, COC_HEAD.replace('"COC"', '"COX"')),
        "paths.coc.cert",
        ["unknown certification 'COX'", "(did you mean COC?)", "known: CPC, CCS, COC"],
        id="unknown-cert",
    ),
    pytest.param(
        (CCSP_STEP, CCSP_STEP.replace('cert = "CCS-P"', 'cert = "CCSP"')),
        "paths.ccs-p.steps[1].cert",
        ["unknown certification 'CCSP'", "(did you mean CCS-P?)"],
        id="unknown-step-cert",
    ),
    pytest.param(
        (', condition = "Now, or while working as a coder."', ""),
        "paths.ccs-p.steps[0].condition",
        ["missing required key"],
        id="step-without-condition",
    ),
    pytest.param(
        (RHIT_HEAD, RHIT_HEAD + 'colour = "red"\n'),
        "paths.rhit.colour",
        ["unknown key", "allowed keys: id, cert, title, steps, when"],
        id="unknown-path-key",
    ),
    pytest.param(
        (RHIT_STEP, RHIT_STEP.replace("condition = ", 'conditon = "soon", condition = ')),
        "paths.rhit.steps[1].conditon",
        ["unknown key", "(did you mean condition?)", "allowed keys: text, condition, cert"],
        id="unknown-step-key",
    ),
    pytest.param(
        (
            RHIT_HEAD,
            '[[paths]]\nid = "nothing"\ncert = "CPC"\ntitle = "No steps"\nsteps = []\n\n' + RHIT_HEAD,
        ),
        "paths.nothing.steps",
        ["expected at least one step"],
        id="empty-steps",
    ),
    pytest.param(
        (COC_HEAD, COC_HEAD + 'when = { experiance = "none" }\n'),
        "paths.coc.when.experiance",
        ["unknown question", "(did you mean experience?)"],
        id="when-unknown-question",
    ),
    pytest.param(
        ('id = "cpc-experienced"', 'id = "cpc-apprentice"'),
        "paths.cpc-apprentice.id",
        ["duplicate path id"],
        id="duplicate-id",
    ),
    pytest.param(
        (RHIT_HEAD, RHIT_HEAD + 'when = { experience = "none" }\n'),
        "paths",
        ["certification RHIT has no default path"],
        id="no-default-path",
    ),
]


@pytest.mark.parametrize(("replacement", "key", "fragments"), BROKEN_PATHS)
def test_broken_path_is_a_data_error_naming_the_key(
    make_data: Callable[..., Path],
    replacement: tuple[str, str],
    key: str,
    fragments: list[str],
) -> None:
    path = make_data(replacement)
    with pytest.raises(DataError) as caught:
        load_catalog(path)
    lines = str(caught.value).splitlines()
    named = [line for line in lines if line.startswith(f"{path}: {key}: ")]
    assert named, f"no problem at {key!r} in:\n{caught.value}"
    for fragment in fragments:
        assert any(fragment in line for line in named), (fragment, named)


@pytest.mark.parametrize(("replacement", "key", "fragments"), BROKEN_PATHS)
def test_broken_path_exits_2_on_the_command_line(
    runner: CliRunner,
    make_data: Callable[..., Path],
    replacement: tuple[str, str],
    key: str,
    fragments: list[str],
) -> None:
    path = make_data(replacement)
    for args in (["list", "--data", str(path)], ["check-data", str(path)]):
        result = invoke(runner, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == ""
        assert result.stderr.startswith("Error: ")
        assert f"{path}: {key}: " in result.stderr
        for fragment in fragments:
            assert fragment in result.stderr


def test_a_data_file_without_paths_still_works(
    runner: CliRunner, tmp_path: Path, shipped_text: str, validator: jsonschema.Draft202012Validator
) -> None:
    start = shipped_text.index("[[paths]]")
    text = shipped_text[:start]
    assert text != shipped_text and "[[paths]]" not in text
    path = tmp_path / "no-paths.toml"
    path.write_text(text, encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.paths == ()
    result = Engine(catalog).recommend({"experience": "none"})
    assert result.path is None
    document = json.loads(
        ok(runner, ["recommend", "--data", str(path), "--set", "experience=none", "--json"]).stdout
    )
    validator.validate(document)
    assert document["path"] is None
    human = ok(runner, ["recommend", "--data", str(path), "--set", "experience=none"]).stdout
    assert "Recommendation: CPC" in human
    assert "Your path" not in human
    shown = json.loads(ok(runner, ["show", "CCA", "--data", str(path), "--json"]).stdout)
    assert shown["paths"] == []


# ---------------------------------------------------------------------------------------------
# Engine: which path goes with a recommendation
# ---------------------------------------------------------------------------------------------

OUTPATIENT = {"goal": "outpatient_coder"}
INPATIENT = {"setting": "inpatient", "goal": "inpatient_coder"}


@pytest.mark.parametrize(
    ("experience", "path_id"),
    [
        ("none", "cpc-apprentice"),
        ("under_2_years", "cpc-apprentice"),
        ("unsure", "cpc-apprentice"),
        ("2_years_plus", "cpc-experienced"),
    ],
)
def test_cpc_path_follows_experience(engine: Engine, experience: str, path_id: str) -> None:
    result = engine.recommend({**OUTPATIENT, "experience": experience})
    assert result.recommendation == "CPC"
    assert result.path is not None
    assert result.path.id == path_id
    assert result.path.cert == "CPC"


@pytest.mark.parametrize(
    ("experience", "path_id"),
    [
        ("none", "ccs-experience-first"),
        # "unsure" is in the data's `when` for the experience-first path, as for CCS's next steps.
        ("unsure", "ccs-experience-first"),
        ("under_2_years", "ccs-direct"),
        ("2_years_plus", "ccs-direct"),
    ],
)
def test_ccs_path_follows_experience(engine: Engine, experience: str, path_id: str) -> None:
    result = engine.recommend({**INPATIENT, "experience": experience})
    assert result.recommendation == "CCS"
    assert result.path is not None
    assert result.path.id == path_id


def test_unanswered_experience_counts_as_neutral_for_the_path(engine: Engine) -> None:
    # No answers at all: experience is neutral ("unsure"), so CPC comes with the apprentice path.
    result = engine.recommend({})
    assert result.effective["experience"] == "unsure"
    assert result.recommendation == "CPC"
    assert result.path is not None and result.path.id == "cpc-apprentice"


PERSONAS = [
    pytest.param({"employer": "asc", "setting": "outpatient"}, "COC", "coc", id="COC"),
    pytest.param(
        {"setting": "inpatient", "body_preference": "aapc", "goal": "inpatient_coder"}, "CIC", "cic", id="CIC"
    ),
    pytest.param({"employer": "payer"}, "CRC", "crc", id="CRC"),
    pytest.param({"body_preference": "ahima", "experience": "none"}, "CCA", "cca-then-ccs", id="CCA"),
    pytest.param(
        {"employer": "physician_practice", "body_preference": "ahima"}, "CCS-P", "ccs-p", id="CCS-P"
    ),
    pytest.param({"background": "him_associate"}, "RHIT", "rhit", id="RHIT"),
    # Issue #12's credentials.
    pytest.param({"goal": "billing_specialist"}, "CPB", "cpb", id="CPB"),
    pytest.param({"goal": "coding_auditor", "experience": "2_years_plus"}, "CPMA", "cpma", id="CPMA"),
    pytest.param({"goal": "him_manager", "background": "him_degree"}, "RHIA", "rhia", id="RHIA"),
    pytest.param(
        {"goal": "cdi_specialist", "background": "clinical", "cdi_standing": "licence_cdi"},
        "CDIP",
        "cdip",
        id="CDIP",
    ),
    pytest.param({"held": "CDIP", "goal": "cdi_specialist"}, "CCDS", "ccds", id="CCDS"),
]


@pytest.mark.parametrize(("answers", "code", "path_id"), PERSONAS)
def test_each_new_certification_gets_its_own_path(
    engine: Engine, answers: dict[str, str], code: str, path_id: str
) -> None:
    result = engine.recommend(answers)
    assert result.recommendation == code
    assert result.path is not None
    assert result.path.id == path_id
    assert result.path.cert == code


@pytest.mark.parametrize(
    ("background", "code", "path_id", "requirement"),
    [
        ("none", "RHIA", "rhia-degree-first", True),
        ("clinical", "RHIA", "rhia-degree-first", True),
        ("him_associate", "RHIT", "rhit", False),
        ("him_degree", "RHIA", "rhia", False),
    ],
)
def test_him_management_path_follows_him_education(
    engine: Engine, background: str, code: str, path_id: str, requirement: bool
) -> None:
    """HIM management points to RHIA (RHIT for an HIM associate student); without an HIM
    bachelor's the plan starts with the degree and the result carries RHIA's unmet requirement,
    instead of a coding credential and a year."""
    result = engine.recommend({"goal": "him_manager", "experience": "none", "background": background})
    assert result.recommendation == code
    assert result.path is not None and result.path.id == path_id
    assert (result.requirement is not None) is requirement
    if requirement:
        assert result.requirement is not None
        assert "accredited" in result.requirement.text
        assert "CAHIIM-accredited" in result.path.steps[0].text
        assert result.path.steps[0].cert is None
        assert result.path.steps[-1].cert == "RHIA"


def test_first_matching_path_in_file_order_wins(make_data: Callable[..., Path]) -> None:
    """A conditional CPC path placed before ``cpc-apprentice`` takes over where both hold."""
    first = '[[paths]]\nid = "cpc-apprentice"\n'
    extra = (
        '[[paths]]\nid = "cpc-first"\ncert = "CPC"\ntitle = "First in file order"\n'
        'when = { experience = "none" }\n'
        'steps = [{ text = "Do the first thing.", condition = "Now." }]\n\n'
    )
    engine = Engine(load_catalog(make_data((first, extra + first))))
    assert [p.id for p in engine.catalog.paths][:3] == ["cpc-a-finish", "cpc-first", "cpc-apprentice"]
    chosen = {
        experience: engine.recommend({**OUTPATIENT, "experience": experience})
        for experience in ("none", "under_2_years", "2_years_plus")
    }
    assert {e: r.recommendation for e, r in chosen.items()} == dict.fromkeys(chosen, "CPC")
    assert {e: r.path.id for e, r in chosen.items() if r.path} == {
        "none": "cpc-first",
        "under_2_years": "cpc-apprentice",
        "2_years_plus": "cpc-experienced",
    }


def test_every_profile_gets_a_path_for_its_recommendation(catalog: Catalog, engine: Engine) -> None:
    """Every 53rd profile (the whole space is the exhaustive tier's): the path is the first one in
    file order whose cert is the recommendation and whose `when` holds for the effective answers.
    The path needs no what-if search, so none is run."""
    seen: set[str] = set()
    checked = 0
    for answers in islice(profiles(engine), 0, None, 53):
        result = assess(engine, answers, searches=False)
        assert result.path is not None, answers
        assert result.path.cert == result.recommendation, (answers, result.path.id)
        expected = next(
            p for p in catalog.paths if p.cert == result.recommendation and p.when.holds(result.effective)
        )
        assert result.path.id == expected.id, answers
        # Steps towards a credential already held are dropped; every other step stays, in order.
        held = engine.held(result.effective)
        assert result.path.steps == tuple(s for s in expected.steps if s.cert not in held), answers
        assert result.path.steps, answers
        seen.add(result.path.id)
        checked += 1
    assert checked > 10_000
    # The sample reaches every shipped path, so none of them is dead.
    assert seen == set(PATH_IDS)


# ---------------------------------------------------------------------------------------------
# Output: recommend --json and human, quiz --report, show
# ---------------------------------------------------------------------------------------------


def test_recommend_json_has_the_path(
    runner: CliRunner, catalog: Catalog, validator: jsonschema.Draft202012Validator
) -> None:
    document = json.loads(ok(runner, ["recommend", "--set", "experience=none", "--json"]).stdout)
    validator.validate(document)
    assert document["recommendation"] == "CPC"
    path = document["path"]
    assert set(path) == {"id", "title", "steps"}
    assert path["id"] == "cpc-apprentice"
    assert path["title"] == "CPC, starting as an apprentice (CPC-A)"
    expected = next(p for p in catalog.paths if p.id == "cpc-apprentice")
    assert path["steps"] == [
        {"cert": s.cert, "text": s.text, "condition": s.condition} for s in expected.steps
    ]
    assert [s["cert"] for s in path["steps"]] == ["CPC", "CPC", None]
    for step in path["steps"]:
        assert set(step) == {"cert", "text", "condition"}


@pytest.mark.parametrize(("answers", "code", "path_id"), PERSONAS)
def test_recommend_json_path_for_each_persona(
    runner: CliRunner,
    validator: jsonschema.Draft202012Validator,
    answers: dict[str, str],
    code: str,
    path_id: str,
) -> None:
    document = json.loads(ok(runner, ["recommend", *sets(answers), "--json"]).stdout)
    validator.validate(document)
    assert document["recommendation"] == code
    assert document["path"]["id"] == path_id


def test_schema_rejects_a_path_without_steps(
    runner: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    """The schema really checks the path, so the validations above can fail."""
    document = json.loads(ok(runner, ["recommend", "--set", "experience=none", "--json"]).stdout)
    del document["path"]["steps"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)
    del document["path"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)


@pytest.mark.parametrize(
    ("answers", "path_id"),
    [
        pytest.param({**OUTPATIENT, "experience": "2_years_plus"}, "cpc-experienced", id="cpc-experienced"),
        pytest.param({**INPATIENT, "experience": "none"}, "ccs-experience-first", id="ccs-experience-first"),
        pytest.param({"background": "him_associate"}, "rhit", id="rhit"),
        pytest.param(
            {"goal": "him_manager", "experience": "none", "background": "none"},
            "rhia-degree-first",
            id="rhia-degree-first",
        ),
        pytest.param({"held": "CPC-A", "goal": "outpatient_coder"}, "cpc-a-finish", id="cpc-a-finish"),
        pytest.param({"held": "RHIT", "goal": "him_manager"}, "rhia-from-rhit", id="rhia-from-rhit"),
        pytest.param(
            {"held": "CCS", "goal": "cdi_specialist", "cdi_standing": "cdi_work"},
            "cdip-from-ccs",
            id="cdip-from-ccs",
        ),
        pytest.param({"held": "CPC", "goal": "coding_auditor"}, "cpma-from-cpc", id="cpma-from-cpc"),
    ],
)
def test_recommend_human_output_shows_the_path(
    runner: CliRunner, catalog: Catalog, answers: dict[str, str], path_id: str
) -> None:
    out = ok(runner, ["recommend", *sets(answers)]).stdout
    path = next(p for p in catalog.paths if p.id == path_id)
    assert f"Your path: {path.title}" in out
    flat = squash(out)
    for number, step in enumerate(path.steps, start=1):
        assert f"{number}. {squash(step.text)}" in flat
        assert squash(step.condition) in flat
    # The path comes after the reasons and before the next steps.
    assert out.index("Your path:") < out.index("Next steps for")
    assert out.index("Why ") < out.index("Your path:")
    assert max(len(line) for line in out.splitlines()) <= 80


def test_unmet_degree_is_said_first_on_the_screen_and_in_json(
    runner: CliRunner, validator: jsonschema.Draft202012Validator
) -> None:
    answers = {"goal": "him_manager", "experience": "none", "background": "none"}
    document = json.loads(ok(runner, ["recommend", *sets(answers), "--json"]).stdout)
    validator.validate(document)
    assert document["recommendation"] == "RHIA"
    assert document["requirement"]["cert"] == "RHIA"
    assert "CAHIIM-accredited" in document["requirement"]["text"]
    assert document["path"]["id"] == "rhia-degree-first"
    out = ok(runner, ["recommend", *sets(answers)]).stdout
    flat = squash(out)
    notice = squash(document["requirement"]["text"])
    # Said before the ranking, again first under RHIA's reasons, and the path starts with the degree.
    assert flat.index(notice) < flat.index("Ranking")
    why = flat.index("Why RHIA scored")
    assert flat.index(notice, why) < flat.index("+50", why)
    assert flat.index("Your path: An accredited HIM degree, then RHIA") < flat.index("1. Enrol in a CAHIIM")


def test_quiz_report_has_the_path(runner: CliRunner, catalog: Catalog, tmp_path: Path) -> None:
    # Every question the quiz would ask is answered; pcs_comfort is hidden for outpatient,
    # him_status without an HIM programme and cdi_standing for a goal other than CDI.
    answers = {
        "goal": "outpatient_coder",
        "held": "none",
        "setting": "outpatient",
        "employer": "physician_practice",
        "experience": "2_years_plus",
        "background": "coding_course",
        "body_preference": "aapc",
        "priority": "start_soon",
    }
    assert {q.id for q in catalog.questions} - set(answers) == {"pcs_comfort", "him_status", "cdi_standing"}
    answers_file = tmp_path / "answers.toml"
    answers_file.write_text("".join(f'{k} = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    report = tmp_path / "R.md"
    result = invoke(runner, ["quiz", "--answers", str(answers_file), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert f"Report written to {report}" in result.stderr
    assert "Your path: CPC, straight to the full credential" in result.stdout
    text = report.read_text(encoding="utf-8")
    assert "## Recommendation\n\n**CPC (" in text
    assert "## Your path: CPC, straight to the full credential\n" in text
    path = next(p for p in catalog.paths if p.id == "cpc-experienced")
    for number, step in enumerate(path.steps, start=1):
        assert f"\n{number}. {step.text} *({step.condition})*\n" in text
    assert text.index("## Your path:") < text.index("## Next steps for CPC")


def test_quiz_json_has_the_path(runner: CliRunner, tmp_path: Path) -> None:
    answers_file = tmp_path / "answers.json"
    answers = {
        "goal": "inpatient_coder",
        "held": "none",
        "setting": "inpatient",
        "employer": "hospital",
        "pcs_comfort": "keen",
        "experience": "none",
        "background": "coding_course",
        "body_preference": "no_preference",
        "priority": "growth",
    }
    answers_file.write_text(json.dumps(answers), encoding="utf-8")
    document = json.loads(ok(runner, ["quiz", "--answers", str(answers_file), "--json"]).stdout)
    assert document["recommendation"] == "CCS"
    assert document["path"]["id"] == "ccs-experience-first"


def test_show_lists_the_paths_through_a_certification(runner: CliRunner) -> None:
    out = ok(runner, ["show", "CCA"]).stdout
    lines = out.splitlines()
    assert "Path: CCA, then a year of coding, then CCS" in lines
    assert "Path: Experience first, then CCS (leads to CCS)" in lines
    # CCA's own path is not marked as leading elsewhere; paths not through CCA are not shown.
    assert "Path: CCA, then a year of coding, then CCS (leads to" not in out
    assert [line for line in lines if line.startswith("Path: ")] == [
        "Path: Experience first, then CCS (leads to CCS)",
        "Path: CCA, then a year of coding, then CCS",
    ]
    flat = squash(out)
    assert "Pass AHIMA's entry-level CCA exam." in flat
    assert "About a year of coding experience." in flat
    # The paths come before the sources.
    assert out.index("Path: ") < out.rindex("Sources")


def test_show_json_lists_the_paths_through_a_certification(runner: CliRunner, catalog: Catalog) -> None:
    document = json.loads(ok(runner, ["show", "CCA", "--json"]).stdout)
    paths = document["paths"]
    assert [p["id"] for p in paths] == ["ccs-experience-first", "cca-then-ccs"]
    by_id = {p["id"]: p for p in paths}
    assert by_id["cca-then-ccs"]["cert"] == "CCA"
    assert by_id["ccs-experience-first"]["cert"] == "CCS"
    assert by_id["cca-then-ccs"]["title"] == "CCA, then a year of coding, then CCS"
    shipped = next(p for p in catalog.paths if p.id == "cca-then-ccs")
    assert by_id["cca-then-ccs"]["steps"] == [
        {"cert": s.cert, "text": s.text, "condition": s.condition} for s in shipped.steps
    ]


@pytest.mark.parametrize("code", CODES)
def test_show_json_paths_are_exactly_those_including_the_certification(
    runner: CliRunner, catalog: Catalog, code: str
) -> None:
    document = json.loads(ok(runner, ["show", code, "--json"]).stdout)
    ids = [p["id"] for p in document["paths"]]
    assert ids == [p.id for p in catalog.paths if p.includes(code)]
    # Its own default path is always among them.
    assert any(p.id in ids for p in catalog.paths if p.cert == code and p.when.kind == "always")
