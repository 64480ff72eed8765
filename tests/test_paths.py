"""Career paths (``[[paths]]``): loading and validating them, choosing one for a recommendation,
and showing it in ``recommend`` (human and JSON), the quiz's Markdown report and ``show``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support import oracle_holds, profiles
from typer.testing import CliRunner, Result

from certadvisor.cli.app import app
from certadvisor.core.advice import assess
from certadvisor.core.engine import Engine
from certadvisor.errors import DataError
from certadvisor.load.datafile import default_data_path, load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import CareerPath, PathStep

# The shipped paths, in file order.
PATH_IDS = [
    "cpc-a-first-job",
    "cpc-a-finish",
    "cpc-with-him-programme",
    "cpc-apprentice",
    "cpc-experienced",
    "ccs-from-cca-experienced",
    "ccs-from-cca",
    "ccs-experience-first",
    "ccs-direct",
    "coc-a-finish",
    "coc",
    "cic-experienced",
    "cic",
    "crc",
    "cca-with-him-programme",
    "cca-then-ccs",
    "ccs-p-experienced",
    "ccs-p",
    "rhit-degree-first",
    "rhit-now",
    "rhit",
    "cpb",
    "cpma-experienced",
    "cpma-from-cpc",
    "cpma-from-credential",
    "cpma",
    "rhia-from-rhit-degree-done",
    "rhia-from-rhit",
    "rhia-degree-first",
    "rhia-finish-degree",
    "rhia",
    "cdip-from-ccs",
    "cdip-from-cdi-work",
    "cdip",
    "ccds-working",
    "ccds",
]
# The paths #22 added, so that people who have started (a CPC-A, an HIM student or graduate, an
# experienced coder, a credential holder, a CDI worker) get a plan that starts where they are.
NEW_PATH_IDS = {
    "cpc-a-first-job",
    "cpc-with-him-programme",
    "cca-with-him-programme",
    "rhit-now",
    "rhia-finish-degree",
    "cpma-experienced",
    "cpma-from-credential",
    "ccs-p-experienced",
    "cic-experienced",
    "cdip-from-cdi-work",
    "ccds-working",
    "ccs-from-cca-experienced",
    "coc-a-finish",
    "rhia-from-rhit-degree-done",
}
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


def test_conditional_shipped_paths_read_only_the_person_s_situation(catalog: Catalog) -> None:
    """A path depends on where the person is (experience, education and where they are in it,
    the credentials held, CDI standing), never on what they would like: preferences choose the
    credential, the path only how to get there from here."""
    conditional = {p.id: p.when for p in catalog.paths if p.when.kind != "always"}
    situation = {"experience", "background", "held", "him_status", "cdi_standing"}
    for path_id, when in conditional.items():
        assert when.questions() <= situation, (path_id, when.questions())
        assert all(catalog.question(q).kind == "fact" for q in when.questions()), path_id
    stacking = {
        "cpc-a-finish": "CPC-A",
        "ccs-from-cca": "CCA",
        "cpma-from-cpc": "CPC",
        "rhia-from-rhit": "RHIT",
        "cdip-from-ccs": "CCS",
    }
    assert set(conditional) == {
        "cpc-a-first-job",
        "cpc-with-him-programme",
        "cpc-apprentice",
        "ccs-experience-first",
        "cic-experienced",
        "cca-with-him-programme",
        "ccs-p-experienced",
        "rhit-degree-first",
        "rhit-now",
        "cpma-experienced",
        "cpma-from-credential",
        "rhia-degree-first",
        "rhia-finish-degree",
        "cdip-from-cdi-work",
        "ccds-working",
        "ccs-from-cca-experienced",
        "coc-a-finish",
        "rhia-from-rhit-degree-done",
        *stacking,
    }
    # A stacking path is for whoever holds the credential it starts from, alone or with others:
    # the held answer is a set, read with `includes`.
    for path_id, held in stacking.items():
        when = conditional[path_id]
        assert (when.kind, when.question, when.values) == ("includes", "held", (held,)), path_id
    # A CPC-A without coding work cannot remove the A yet: the job comes first. It is placed
    # before cpc-a-finish, which would otherwise take every CPC-A.
    first_job = conditional["cpc-a-first-job"]
    assert first_job.kind == "all"
    parts = {part.question: (part.kind, set(part.values)) for part in first_job.parts}
    assert parts == {"held": ("includes", {"CPC-A"}), "experience": ("one_of", {"none", "unsure"})}
    assert PATH_IDS.index("cpc-a-first-job") < PATH_IDS.index("cpc-a-finish")
    assert conditional["cpc-apprentice"].kind == "one_of"
    assert set(conditional["cpc-apprentice"].values) == {"none", "under_2_years", "unsure"}
    # Two years of coding: the plan for CIC, CCS-P and CPMA starts from the experience.
    for path_id in ("cic-experienced", "ccs-p-experienced", "cpma-experienced"):
        when = conditional[path_id]
        assert (when.kind, when.question, when.values) == ("equals", "experience", ("2_years_plus",)), path_id
    # An experienced CPC is past "build coding experience": cpma-experienced comes first.
    assert PATH_IDS.index("cpma-experienced") < PATH_IDS.index("cpma-from-cpc")
    assert PATH_IDS.index("cpma-from-cpc") < PATH_IDS.index("cpma-from-credential")
    from_credential = conditional["cpma-from-credential"]
    assert (from_credential.kind, from_credential.question) == ("any_of", "held")
    assert set(from_credential.values) == {"CRC", "COC", "CIC", "CCS", "CCS-P", "RHIT", "RHIA"}
    # Experience first is for beginners who hold no coding credential: a CCA holder has their
    # own path (ccs-from-cca, placed before it), and other holders are past the entry step.
    experience_first = conditional["ccs-experience-first"]
    assert experience_first.kind == "all"
    assert experience_first.questions() == {"experience", "held"}
    parts = {part.question: (part.kind, set(part.values)) for part in experience_first.parts}
    assert parts == {"experience": ("one_of", {"none", "unsure"}), "held": ("one_of", {"none", "CPB"})}
    assert PATH_IDS.index("ccs-from-cca") < PATH_IDS.index("ccs-experience-first")
    # Holders who are further on than their stacking path assumes get their own, placed first:
    # a CCA with two years sits CCS now; an RHIT whose bachelor's is done sits RHIA now.
    assert PATH_IDS.index("ccs-from-cca-experienced") < PATH_IDS.index("ccs-from-cca")
    assert PATH_IDS.index("rhia-from-rhit-degree-done") < PATH_IDS.index("rhia-from-rhit")
    assert conditional["coc-a-finish"].questions() == {"held"}
    # In an HIM programme: CPC and CCA keep the programme's own credential in view.
    for path_id in ("cpc-with-him-programme", "cca-with-him-programme"):
        when = conditional[path_id]
        assert (when.kind, when.question) == ("one_of", "background"), path_id
        assert set(when.values) == {"him_associate", "him_degree"}, path_id
    # RHIT needs an accredited HIM degree: everyone without HIM education gets the degree first;
    # in the final term or after it, RHIT is now.
    degree_first = conditional["rhit-degree-first"]
    assert degree_first.kind == "not"
    assert degree_first.questions() == {"background"}
    assert set(degree_first.parts[0].values) == {"him_associate", "him_degree"}
    rhit_now = conditional["rhit-now"]
    assert rhit_now.kind == "all"
    values = {part.question: set(part.values) for part in rhit_now.parts}
    assert values == {
        "background": {"him_associate", "him_degree"},
        "him_status": {"final_term", "completed"},
    }
    # RHIA needs an HIM bachelor's or master's: an associate programme is not enough; a student
    # in one finishes it first.
    rhia_first = conditional["rhia-degree-first"]
    assert rhia_first.kind == "not"
    assert rhia_first.questions() == {"background"}
    assert set(rhia_first.parts[0].values) == {"him_degree"}
    finish = conditional["rhia-finish-degree"]
    assert finish.kind == "all"
    assert {part.question: part.values for part in finish.parts} == {
        "background": ("him_degree",),
        "him_status": ("studying",),
    }
    # CDI work already done (or CCDS held) is where the CDI plans start.
    cdi_work = conditional["cdip-from-cdi-work"]
    assert cdi_work.kind == "any"
    assert cdi_work.questions() == {"cdi_standing", "held"}
    assert PATH_IDS.index("cdip-from-cdi-work") < PATH_IDS.index("cdip")
    working = conditional["ccds-working"]
    assert (working.kind, working.question) == ("one_of", "cdi_standing")
    assert set(working.values) == {"licence_cdi", "cdi_work"}


def test_path_includes(catalog: Catalog) -> None:
    including_cca = [p.id for p in catalog.paths if p.includes("CCA")]
    assert including_cca == ["ccs-experience-first", "cca-with-him-programme", "cca-then-ccs"]
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
    # Two years of coding are the preparation AAPC places before CPMA: no "build experience".
    pytest.param(
        {"goal": "coding_auditor", "experience": "2_years_plus"}, "CPMA", "cpma-experienced", id="CPMA"
    ),
    # An HIM bachelor's student finishes the degree; a graduate sits RHIA now.
    pytest.param(
        {"goal": "him_manager", "background": "him_degree", "him_status": "studying"},
        "RHIA",
        "rhia-finish-degree",
        id="RHIA-studying",
    ),
    pytest.param(
        {"goal": "him_manager", "background": "him_degree", "him_status": "completed"},
        "RHIA",
        "rhia",
        id="RHIA-completed",
    ),
    # A nurse already doing CDI work builds on it.
    pytest.param(
        {"goal": "cdi_specialist", "background": "clinical", "cdi_standing": "licence_cdi"},
        "CDIP",
        "cdip-from-cdi-work",
        id="CDIP",
    ),
    pytest.param(
        {"held": "CDIP", "goal": "cdi_specialist", "cdi_standing": "cdi_work"},
        "CCDS",
        "ccds-working",
        id="CCDS",
    ),
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
    ("background", "him_status", "code", "path_id", "requirement"),
    [
        ("none", None, "RHIA", "rhia-degree-first", True),
        ("clinical", None, "RHIA", "rhia-degree-first", True),
        ("him_associate", None, "RHIT", "rhit", False),
        ("him_associate", "studying", "RHIT", "rhit", False),
        ("him_associate", "final_term", "RHIT", "rhit-now", False),
        ("him_associate", "completed", "RHIT", "rhit-now", False),
        # him_status is neutral "studying" when unanswered: the degree is still to finish.
        ("him_degree", None, "RHIA", "rhia-finish-degree", False),
        ("him_degree", "studying", "RHIA", "rhia-finish-degree", False),
        ("him_degree", "final_term", "RHIA", "rhia", False),
        ("him_degree", "completed", "RHIA", "rhia", False),
    ],
)
def test_him_management_path_follows_him_education(
    engine: Engine, background: str, him_status: str | None, code: str, path_id: str, requirement: bool
) -> None:
    """HIM management points to RHIA (RHIT for an HIM associate student); without an HIM
    bachelor's the plan starts with the degree and the result carries RHIA's unmet requirement,
    instead of a coding credential and a year. Where the person is in the programme decides
    whether the exam is now (final term, completed) or the degree is to finish first."""
    answers = {"goal": "him_manager", "experience": "none", "background": background}
    if him_status is not None:
        answers["him_status"] = him_status
    result = engine.recommend(answers)
    assert result.recommendation == code
    assert result.path is not None and result.path.id == path_id
    assert (result.requirement is not None) is requirement
    if requirement:
        assert result.requirement is not None
        assert "accredited" in result.requirement.text
        assert "CAHIIM-accredited" in result.path.steps[0].text
        assert result.path.steps[0].cert is None
        assert result.path.steps[-1].cert == "RHIA"
    if path_id in ("rhit-now", "rhia"):
        # The exam is the first step: no degree left to finish or enrol in.
        assert result.path.steps[0].cert == code
        assert not re.search(r"\b(finish|enrol|complete)\b", result.path.steps[0].text, re.I)
    if path_id == "rhia-finish-degree":
        assert result.path.steps[0].text.startswith("Finish your accredited HIM")


def test_first_matching_path_in_file_order_wins(make_data: Callable[..., Path]) -> None:
    """A conditional CPC path placed before ``cpc-apprentice`` takes over where both hold."""
    first = '[[paths]]\nid = "cpc-apprentice"\n'
    extra = (
        '[[paths]]\nid = "cpc-first"\ncert = "CPC"\ntitle = "First in file order"\n'
        'when = { experience = "none" }\n'
        'steps = [{ text = "Do the first thing.", condition = "Now." }]\n\n'
    )
    engine = Engine(load_catalog(make_data((first, extra + first))))
    assert [p.id for p in engine.catalog.paths][:5] == [
        "cpc-a-first-job",
        "cpc-a-finish",
        "cpc-with-him-programme",
        "cpc-first",
        "cpc-apprentice",
    ]
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
        # Steps towards a credential already held are dropped; every other step stays, in order,
        # followed by the additions the situation calls for (docs/data.md), read independently.
        held = set(engine.held(result.effective))
        kept = tuple(s for s in expected.steps if s.cert not in held)
        assert result.path.steps == kept + additions(catalog, expected, held, result.effective), answers
        assert result.path.steps, answers
        seen.add(result.path.id)
        checked += 1
    assert checked > 10_000
    # The sample reaches every shipped path but the rare ones below, so none of them is dead.
    assert seen == set(PATH_IDS) - set(RARE_PATHS)


def additions(
    catalog: Catalog, path: CareerPath, held: set[str], effective: Mapping[str, str]
) -> tuple[PathStep, ...]:
    """The [[path_additions]] steps for this plan: their condition holds, and the credentials
    they lead to are neither held nor already on the plan (its own or a step's)."""
    added: tuple[PathStep, ...] = ()
    for addition in catalog.path_additions:
        leads_to = {step.cert for step in addition.steps if step.cert}
        on_plan = {path.cert} | {step.cert for step in path.steps if step.cert}
        if oracle_holds(addition.when, effective) and not leads_to & (held | on_plan):
            added += addition.steps
    return added


# Paths so rare that a sample misses them: a profile each shows they are not dead.
RARE_PATHS = {
    # CPMA without two years, a CPC or another coding credential: an auditor who is unsure of
    # their experience and answered little else (every holder has their own CPMA path).
    "cpma": {
        "goal": "coding_auditor",
        "setting": "inpatient",
        "pcs_comfort": "avoid",
        "experience": "unsure",
    },
}


@pytest.mark.parametrize("path_id", sorted(RARE_PATHS))
def test_rare_paths_are_reached(engine: Engine, path_id: str) -> None:
    result = engine.recommend(RARE_PATHS[path_id])
    assert result.path is not None and result.path.id == path_id


# Each new path, and a profile it describes: a CPC-A without coding work, HIM students and
# graduates, experienced coders, holders of a coding credential, people already in CDI work.
NEW_PATH_PROFILES = [
    pytest.param(
        {"held": "CPC-A", "goal": "outpatient_coder", "experience": "none"},
        "cpc-a-first-job",
        id="cpc-a-no-job",
    ),
    pytest.param(
        {"background": "him_associate", "goal": "outpatient_coder", "employer": "physician_practice"},
        "cpc-with-him-programme",
        id="him-associate-student-wants-practice-coding",
    ),
    pytest.param(
        {"background": "him_degree", "body_preference": "ahima", "experience": "none"},
        "cca-with-him-programme",
        id="him-bachelors-student-leans-to-ahima",
    ),
    pytest.param(
        {"background": "him_associate", "him_status": "final_term"}, "rhit-now", id="him-associate-final-term"
    ),
    pytest.param(
        {"goal": "him_manager", "background": "him_degree", "him_status": "studying"},
        "rhia-finish-degree",
        id="him-bachelors-student-wants-management",
    ),
    pytest.param(
        {"goal": "coding_auditor", "experience": "2_years_plus"}, "cpma-experienced", id="experienced-auditor"
    ),
    pytest.param(
        {"held": "CRC", "goal": "coding_auditor", "experience": "under_2_years"},
        "cpma-from-credential",
        id="crc-holder-wants-to-audit",
    ),
    pytest.param(
        {"employer": "physician_practice", "body_preference": "ahima", "experience": "2_years_plus"},
        "ccs-p-experienced",
        id="experienced-practice-coder-leans-to-ahima",
    ),
    pytest.param(
        {
            "setting": "inpatient",
            "body_preference": "aapc",
            "goal": "inpatient_coder",
            "experience": "2_years_plus",
        },
        "cic-experienced",
        id="experienced-inpatient-coder-leans-to-aapc",
    ),
    pytest.param(
        {"goal": "cdi_specialist", "background": "clinical", "cdi_standing": "cdi_work"},
        "cdip-from-cdi-work",
        id="clinician-in-cdi-work",
    ),
    pytest.param(
        {"held": "CDIP", "goal": "cdi_specialist", "cdi_standing": "cdi_work"},
        "ccds-working",
        id="cdip-holder-in-cdi-work",
    ),
    pytest.param(
        {"held": "CCA", "experience": "2_years_plus", "goal": "inpatient_coder", "employer": "hospital"},
        "ccs-from-cca-experienced",
        id="cca-holder-with-two-years",
    ),
    pytest.param(
        {"held": "COC-A", "goal": "outpatient_coder", "employer": "hospital", "setting": "outpatient"},
        "coc-a-finish",
        id="coc-a-in-hospital-outpatient",
    ),
    pytest.param(
        {"held": "RHIT", "background": "him_degree", "him_status": "completed", "goal": "him_manager"},
        "rhia-from-rhit-degree-done",
        id="rhit-with-bachelors-done",
    ),
]


def test_every_new_path_has_a_profile() -> None:
    assert {param.values[1] for param in NEW_PATH_PROFILES} == NEW_PATH_IDS
    assert NEW_PATH_IDS <= set(PATH_IDS)


@pytest.mark.parametrize(("answers", "path_id"), NEW_PATH_PROFILES)
def test_each_new_path_is_reached_by_a_profile_it_describes(
    runner: CliRunner,
    catalog: Catalog,
    engine: Engine,
    validator: jsonschema.Draft202012Validator,
    answers: dict[str, str],
    path_id: str,
) -> None:
    document = json.loads(ok(runner, ["recommend", *sets(answers), "--json"]).stdout)
    validator.validate(document)
    path = next(p for p in catalog.paths if p.id == path_id)
    assert document["recommendation"] == path.cert
    assert document["path"]["id"] == path_id
    assert document["path"]["title"] == path.title
    # The first step is the path's own first step that is not towards a credential held.
    held = engine.held(document["effective_answers"])
    first = next(step for step in path.steps if step.cert not in held)
    assert document["path"]["steps"][0] == {
        "cert": first.cert,
        "text": first.text,
        "condition": first.condition,
    }
    # ...and it is reached because its `when` holds, before any later path for the same cert.
    assert path.when.holds(document["effective_answers"])


def towards(code: str, text: str) -> bool:
    """Whether a step's words are towards a credential: "pass the CPC exam", "sit CCA", "take
    CCS" (not "CPC-A", and not a credential named after the end of the clause)."""
    pattern = rf"\b(?:pass|sit|take|add)\b[^.;:]*?\b{re.escape(code)}\b(?!-)"
    return re.search(pattern, text, re.I) is not None


HELD_VALUES = [
    value for value in load_catalog(default_data_path()).question("held").values if value != "none"
]


@pytest.mark.parametrize("held_value", HELD_VALUES)
def test_no_holder_s_path_starts_with_a_step_towards_a_credential_held(
    engine: Engine, held_value: str
) -> None:
    """Every 149th profile of someone holding something (a credential, a stack, or an apprentice's
    passed exam): the path's first step is not towards what they hold, neither by its
    certification nor by its words ("pass the CPC exam" to a CPC-A, "sit CCA" to a CCA holder)."""
    checked = 0
    for answers in islice(profiles(engine, {"held": (held_value,)}), 0, None, 149):
        result = assess(engine, answers, searches=False)
        assert result.path is not None, answers
        held = set(engine.held(result.effective))
        first = result.path.steps[0]
        assert first.cert not in held, (answers, result.path.id, first.text)
        for code in held | set(result.situation.exam_passed):
            assert not towards(code, first.text), (answers, result.path.id, first.text)
        checked += 1
    assert checked > 100, held_value


def test_the_words_test_can_fail() -> None:
    """The pattern above finds the steps it is there to find, and not a later credential."""
    assert towards("CPC", "Join AAPC and pass the CPC exam; you hold CPC-A at first.")
    assert towards("CCA", "Pass AHIMA's entry-level CCA exam.")
    assert towards("CCS", "Take CCS (or CCS-P for physician coding).")
    assert not towards("CPC", "Find a first job: practices hire CPC-As.")
    assert not towards("CPC", "Remove the A once you can prove two years.")
    assert not towards("CPC", "Pass the CCS exam. Add CPC later.".split(".")[0])


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
        pytest.param(
            {"held": "CPC-A", "goal": "outpatient_coder", "experience": "under_2_years"},
            "cpc-a-finish",
            id="cpc-a-finish",
        ),
        pytest.param(
            {"held": "CPC-A", "goal": "outpatient_coder", "experience": "none"},
            "cpc-a-first-job",
            id="cpc-a-first-job",
        ),
        pytest.param({"background": "him_associate", "him_status": "final_term"}, "rhit-now", id="rhit-now"),
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
    summary, details = (squash(part) for part in out.split("The details follow.", 1))
    notice = squash(document["requirement"]["text"])
    # In the summary as what the pick needs; in the details once, before the ranking (a
    # statement is made once per screen); and the path starts with the degree.
    assert "Needs: RHIA requires a CAHIIM-accredited" in summary
    assert details.count(notice) == 1
    assert details.index(notice) < details.index("Ranking")
    path = details.index("Your path: An accredited HIM degree, then RHIA")
    assert path < details.index("1. Enrol in a CAHIIM", path)


def test_quiz_report_has_the_path(runner: CliRunner, catalog: Catalog, tmp_path: Path) -> None:
    # Every question the quiz would ask is answered; pcs_comfort is hidden for outpatient,
    # him_status without an HIM programme and cdi_standing for a goal other than CDI.
    answers = {
        "goal": "outpatient_coder",
        "held": "none",
        "setting": "outpatient",
        "employer": "physician_practice",
        "experience": "2_years_plus",
        "work_arrangement": "hybrid_ok",
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
        "work_arrangement": "no_preference",
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
        "Path: CCA while your HIM programme leads to RHIT or RHIA",
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
    assert [p["id"] for p in paths] == ["ccs-experience-first", "cca-with-him-programme", "cca-then-ccs"]
    by_id = {p["id"]: p for p in paths}
    assert by_id["cca-then-ccs"]["cert"] == by_id["cca-with-him-programme"]["cert"] == "CCA"
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
