"""Every ``--json`` document validates against its JSON Schema in ``certadvisor/schemas``, and the
schemas are strict: an undocumented key, a missing key or a wrong type fails validation.

The schemas refer to one another by ``$id`` (``show`` uses ``cost``'s sheet, ``compare`` uses
``show``'s certification, ...), so the validators share one registry of every schema file.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib
from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import CLI_ENV, EnvRunner
from referencing import Registry, Resource
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core.findings import Audit, Broken
from certadvisor.core.freshness import DueItem, DueSource
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import EVIDENCE_KINDS
from certadvisor.model.schema import (
    FACT_FIELDS,
    FRESHNESS_DIMENSIONS,
    OPTIONAL_FACTS,
    OPTIONAL_SECTIONS,
    SETTINGS,
    SHORT_MAX,
    STATUSES,
)
from certadvisor.present.json.documents import audit_document, stale_document
from certadvisor.present.json.encode import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://certadvisor.invalid/schemas/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# One schema file per document kind; "result" is recommend --json and quiz --json.
KINDS = (
    "list",
    "show",
    "glossary",
    "compare",
    "cost",
    "sources",
    "check-data",
    "stale",
    "result",
    "batch-line",
    "questions",
)
Schema = dict[str, Any]
Check = Callable[[str, Any], None]


def schema_files() -> dict[str, Schema]:
    folder = resources.files("certadvisor") / "schemas"
    return {
        entry.name: json.loads(entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".schema.json")
    }


@pytest.fixture(scope="module")
def schemas() -> dict[str, Schema]:
    return schema_files()


@pytest.fixture(scope="module")
def registry(schemas: dict[str, Schema]) -> Registry[Any]:
    return Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )


class Validators:
    """One validator per document kind, made on first use; ``result`` alone is the result object
    (the file also admits a batch line's error object, which recommend --json never prints)."""

    def __init__(self, registry: Registry[Any]) -> None:
        self.registry = registry
        self.made: dict[str, Any] = {}

    def __call__(self, kind: str) -> Any:
        if kind not in self.made:
            target = (
                f"{BASE}result.schema.json#/$defs/result" if kind == "result" else f"{BASE}{kind}.schema.json"
            )
            self.made[kind] = jsonschema.Draft202012Validator(
                {"$ref": target},
                registry=self.registry,
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
            )
        return self.made[kind]


@pytest.fixture(scope="module")
def validators(registry: Registry[Any]) -> Validators:
    return Validators(registry)


@pytest.fixture(scope="module")
def check(validators: Validators) -> Check:
    """Validate a document against its kind's schema, failing with the most telling error."""

    def validate(kind: str, document: Any) -> None:
        error = jsonschema.exceptions.best_match(validators(kind).iter_errors(document))
        if error is not None:
            where = "/".join(str(part) for part in error.absolute_path)
            pytest.fail(f"{kind} document does not match its schema at /{where}: {error.message[:500]}")

    return validate


# A fixed day, so that what is due for a re-check does not change with the calendar.
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    return EnvRunner(env=CLI_ENV, overrides={"today": TODAY})


def json_of(cli: CliRunner, *args: str) -> Any:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------------------------
# The schemas themselves
# ---------------------------------------------------------------------------------------------


def test_there_is_one_schema_per_document_kind(schemas: dict[str, Schema]) -> None:
    assert set(schemas) == {f"{kind}.schema.json" for kind in KINDS}


@pytest.mark.parametrize("name", sorted(schema_files()))
def test_each_schema_is_a_draft_2020_12_schema_with_its_own_id(name: str, schemas: dict[str, Schema]) -> None:
    schema = schemas[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT
    assert schema["$id"] == BASE + name
    assert schema["title"] and schema["description"]


def references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def test_every_reference_resolves(schemas: dict[str, Schema], registry: Registry[Any]) -> None:
    for schema in schemas.values():
        resolver = registry.resolver(base_uri=schema["$id"])
        for target in references(schema):
            resolver.lookup(target)  # raises when the file or the definition is missing


def test_the_result_schema_stands_alone_for_the_shared_validator_fixture(schemas: dict[str, Schema]) -> None:
    # conftest's `validator` loads result.schema.json without a registry.
    assert all(target.startswith("#") for target in references(schemas["result.schema.json"]))


def test_closed_sets_follow_the_data_model(schemas: dict[str, Schema]) -> None:
    show = schemas["show.schema.json"]["$defs"]
    assert show["setting"]["enum"] == list(SETTINGS)
    assert show["fact_fields"]["properties"]["status"]["enum"] == list(STATUSES)
    item = schemas["cost.schema.json"]["$defs"]["item"]
    assert item["properties"]["status"]["enum"] == [*STATUSES, "not_recorded"]
    windows = schemas["compare.schema.json"]["$defs"]["windows"]
    assert list(windows["properties"]) == windows["required"] == list(FRESHNESS_DIMENSIONS)
    assert schemas["sources.schema.json"]["$defs"]["dimension"]["enum"] == list(FRESHNESS_DIMENSIONS)
    evidence = schemas["cost.schema.json"]["$defs"]["evidence"]
    assert evidence["properties"]["kind"]["enum"] == list(EVIDENCE_KINDS)
    entry = schemas["list.schema.json"]["$defs"]["entry"]
    assert entry["properties"]["short"]["maxLength"] == SHORT_MAX


def test_the_fact_sections_follow_the_data_model(schemas: dict[str, Schema]) -> None:
    facts = schemas["show.schema.json"]["$defs"]["facts"]
    sections = {**FACT_FIELDS, **OPTIONAL_SECTIONS}
    assert set(facts["properties"]) == set(sections)
    assert facts["required"] == list(FACT_FIELDS)
    for name, section in facts["properties"].items():
        fields = {**sections[name], **OPTIONAL_FACTS.get(name, {})}
        kinds = {key: value["$ref"] for key, value in section["properties"].items()}
        assert kinds == {key: f"#/$defs/{kind}_fact" for key, kind in fields.items()}, name
        assert section["required"] == list(FACT_FIELDS.get(name, {})), name
        assert section["additionalProperties"] is False


def test_the_wheel_ships_every_schema() -> None:
    # hatch packages the whole of src/certadvisor (files git does not ignore): the schemas live
    # there, and nothing in the wheel's configuration leaves files out.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["src/certadvisor"]
    assert not {"exclude", "only-include", "only-packages"} & set(wheel)
    shipped = {path.name for path in (ROOT / "src" / "certadvisor" / "schemas").glob("*.schema.json")}
    assert shipped == {f"{kind}.schema.json" for kind in KINDS}
    # hatch also leaves out what git ignores.
    ignored = [line.strip() for line in (ROOT / ".gitignore").read_text("utf-8").splitlines()]
    patterns = [line.rstrip("/") for line in ignored if line and not line.startswith("#")]
    names = [*shipped, "schemas", "certadvisor", "src"]
    assert not [(name, pattern) for name in names for pattern in patterns if fnmatch(name, pattern)]


# ---------------------------------------------------------------------------------------------
# Every --json output
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [[], ["--body", "AHIMA"], ["--body", "aapc", "--setting", "outpatient"], ["--setting", "payer"]],
)
def test_list(cli: CliRunner, check: Check, args: list[str]) -> None:
    document = json_of(cli, "list", *args, "--json")
    check("list", document)
    assert document["certifications"]


def test_show_for_every_certification(cli: CliRunner, check: Check, catalog: Catalog) -> None:
    for code in catalog.certs:
        document = json_of(cli, "show", code, "--json")
        check("show", document)
        assert document["code"] == code
    assert len(catalog.certs) >= 13


def test_glossary_every_term_and_one(cli: CliRunner, check: Check, catalog: Catalog) -> None:
    every = json_of(cli, "glossary", "--json")
    check("glossary", every)
    assert len(every["terms"]) == len(catalog.glossary)
    term = next(iter(catalog.glossary))
    one = json_of(cli, "glossary", term.lower(), "--json")
    check("glossary", one)
    assert [entry["term"] for entry in one["terms"]] == [term]


@pytest.mark.parametrize("args", [[], ["cpc", "CCS-P", "rhia", "CDIP"], ["--all"]])
def test_compare(cli: CliRunner, check: Check, args: list[str]) -> None:
    check("compare", json_of(cli, "compare", *args, "--json"))


@pytest.mark.parametrize(
    ("args", "assumption"),
    [
        ([], "cheaper"),
        (["--member"], "member"),
        (["--non-member"], "non_member"),
        (["CPC", "RHIA", "CCA"], "cheaper"),
    ],
)
def test_cost(cli: CliRunner, check: Check, args: list[str], assumption: str) -> None:
    document = json_of(cli, "cost", *args, "--json")
    check("cost", document)
    assert document["assumption"] == assumption


@pytest.mark.parametrize("prices", ["--member", "--non-member"])
def test_cost_of_every_certification_on_each_assumption(
    cli: CliRunner, check: Check, catalog: Catalog, prices: str
) -> None:
    document = json_of(cli, "cost", prices, *catalog.certs, "--json")
    check("cost", document)
    assert [sheet["code"] for sheet in document["certifications"]] == list(catalog.certs)


@pytest.fixture(scope="module")
def audit_json(cli: CliRunner) -> Any:
    """``check-data --json`` on the shipped data: the whole audit, run once for this module."""
    return json_of(cli, "check-data", "--json")


def test_check_data(audit_json: Any, check: Check) -> None:
    check("check-data", audit_json)
    assert audit_json["profiles"] > 0 and audit_json["problems"] == []


def test_check_data_with_a_broken_expectation_and_without_an_audit(check: Check, catalog: Catalog) -> None:
    # The shipped data breaks nothing, so the failing shapes are built directly.
    broken = Broken("cpc-first", "why it should hold", 3, {"goal": "billing_specialist"}, "CPB")
    report = Audit(
        profiles=10,
        first_counts={"CPC": 7, "CPB": 3},
        rule_fires={"goal-billing": 3},
        unreachable=("CCS",),
        dead_rules=(),
        idle_questions=("priority",),
        expectations={"cpc-first": 10},
        broken=(broken,),
        conflicts={},
        warnings=("a warning",),
    )
    document = json.loads(json.dumps(audit_document(catalog, report, ["a warning"], 2, 0.5)))
    check("check-data", document)
    assert document["broken_expectations"] and document["problems"]
    check("check-data", json.loads(json.dumps(audit_document(catalog, None, [], 0, 0.0))))


@pytest.mark.parametrize("args", [[], ["--due-within", "24"]])
def test_stale_on_the_shipped_data(cli: CliRunner, check: Check, args: list[str]) -> None:
    document = json_of(cli, "check-data", "--stale", *args, "--json")
    check("stale", document)
    # Most of the shipped evidence is undated or old: the list is long by design.
    assert document["sources"] and document["facts_due"] > 100


@pytest.mark.parametrize("args", [[], ["--due-within", "24"]])
def test_stale_on_aged_data(cli: CliRunner, check: Check, aged_data: Path, args: list[str]) -> None:
    document = json_of(cli, "check-data", str(aged_data), "--stale", *args, "--json")
    check("stale", document)
    assert document["sources"] and document["facts_due"] > 0


def test_stale_with_a_fact_due_now(check: Check, catalog: Catalog) -> None:
    source = next(iter(catalog.sources.values()))
    item = DueItem("certs.CPC.fees.exam_member", "fees", 12, source.versions[0], TODAY, None, "undated")
    document = stale_document(catalog, [DueSource(source, (item,))], TODAY, 0, None)
    check("stale", json.loads(json.dumps(document)))


@pytest.mark.parametrize("args", [[], ["CPC"], ["ccs-p"], ["RHIA"]])
def test_sources(cli: CliRunner, check: Check, args: list[str]) -> None:
    document = json_of(cli, "sources", *args, "--json")
    check("sources", document)
    assert document["sources"]
    assert document["certification"] == (args[0].upper() if args else None)


def test_sources_reach_the_optional_parts(cli: CliRunner) -> None:
    # So that the test above checks the shapes of what is often null or empty.
    entries = json_of(cli, "sources", "--json")["sources"]
    versions = [version for entry in entries for version in entry["versions"]]
    assert any(v["capture_host"] for v in versions) and any(v["note"] for v in versions)
    assert {v["date_basis"] for v in versions} == {"page", "content", None}
    assert any(len(entry["versions"]) > 1 for entry in entries)
    citations = [item for entry in entries for item in entry["facts"]]
    assert {item["cited_as"] for item in citations} == {"main", "also"}


ANSWER_SETS: dict[str, dict[str, str]] = {
    "inpatient": {"goal": "inpatient_coder", "setting": "inpatient", "background": "him_degree"},
    "holds a credential": {"held": "CCS", "goal": "cdi_specialist"},
    "nothing to go on": {"goal": "undecided"},
    "needs a degree": {"goal": "him_manager", "background": "none"},
    "tie and conflict": {
        "goal": "inpatient_coder",
        "employer": "payer",
        "pcs_comfort": "keen",
        "body_preference": "aapc",
    },
    "ignored answer": {"setting": "outpatient", "pcs_comfort": "keen"},
}


@pytest.fixture(scope="module")
def recommendations(cli: CliRunner) -> dict[str, Any]:
    return {
        name: json_of(cli, "recommend", *(f"--set={q}={v}" for q, v in answers.items()), "--json")
        for name, answers in ANSWER_SETS.items()
    }


def test_recommend(recommendations: dict[str, Any], check: Check) -> None:
    for document in recommendations.values():
        check("result", document)


def test_the_recommendations_reach_the_optional_parts_of_a_result(recommendations: dict[str, Any]) -> None:
    # So that the test above checks the shapes of what is often null or empty.
    documents = list(recommendations.values())
    assert any(d["tie_break"] for d in documents) and any(d["tied_with"] for d in documents)
    assert any(d["requirement"] for d in documents) and any(d["cannot_advise"] for d in documents)
    assert any(d["conflicts"] for d in documents) and any(d["held"] for d in documents)
    assert any(d["ignored_answers"] for d in documents) and any(d["what_if"] for d in documents)
    assert any(d["confidence"]["deciding_questions"] for d in documents)
    assert any(d["why_not_runner_up"] is None for d in documents)
    assert any(
        estimate["unknown"]
        for d in documents
        for e in d["what_it_takes"]
        for estimate in (e["first_year_cheapest"], e["upkeep_per_cycle"])
        if estimate
    )


def test_quiz_with_every_answer_given(cli: CliRunner, check: Check, catalog: Catalog, tmp_path: Path) -> None:
    answers = {question.id: question.values[0] for question in catalog.questions}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    document = json_of(cli, "quiz", "--answers", str(path), "--json")
    check("result", document)
    assert document["answers"] == answers


BATCH = [
    json.dumps({"setting": "inpatient", "goal": "inpatient_coder"}),
    '{"setting": "inpatient",',
    json.dumps({"settting": "inpatient"}),
    "",
    json.dumps({"schema_version": 1, "answers": {"goal": "billing_specialist"}}),
    json.dumps(["setting"]),
]


def test_batch_lines(cli: CliRunner, check: Check) -> None:
    result = cli.invoke(app, ["recommend", "--batch", "-"], input="\n".join(BATCH) + "\n")
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(BATCH)
    for number, line in enumerate(lines, start=1):
        check("batch-line", line)
        if "error" in line:
            assert line["line"] == number
        else:
            check("result", line)
    assert sum("error" in line for line in lines) == 4


# ---------------------------------------------------------------------------------------------
# The schemas are not vacuous
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(cli: CliRunner, audit_json: Any, recommendations: dict[str, Any]) -> dict[str, Any]:
    """One valid document of each kind, for the tests that break them."""
    return {
        "list": json_of(cli, "list", "--json"),
        "show": json_of(cli, "show", "CPC", "--json"),
        "glossary": json_of(cli, "glossary", "--json"),
        "compare": json_of(cli, "compare", "--json"),
        "cost": json_of(cli, "cost", "--json"),
        "check-data": audit_json,
        "stale": json_of(cli, "check-data", "--stale", "--due-within", "24", "--json"),
        "sources": json_of(cli, "sources", "CPC", "--json"),
        "result": recommendations["tie and conflict"],
        "batch-line": {"line": 2, "error": "not valid JSON"},
        "questions": json_of(cli, "questions", "--json"),
    }


DELETE = object()
Where = tuple[str | int, ...]

# (kind, where, new value or DELETE): each change must make the document invalid.
BREAKS: list[tuple[str, Where, Any]] = [
    # Another schema version.
    *((kind, ("schema_version",), SCHEMA_VERSION + 1) for kind in KINDS if kind != "batch-line"),
    # An undocumented key, at the top and deep down.
    *((kind, ("surprise",), 1) for kind in KINDS),
    ("list", ("certifications", 0, "surprise"), 1),
    ("show", ("body", "surprise"), 1),
    ("show", ("facts", "exam", "minutes", "surprise"), 1),
    ("show", ("facts", "exam", "surprise"), {}),
    ("show", ("facts", "surprise"), {}),
    ("show", ("cost", "totals", "surprise"), 1),
    ("show", ("cost", "name"), "a name belongs to the cost document's sheets only"),
    ("show", ("paths", 0, "steps", 0, "surprise"), 1),
    ("show", ("facts", "exam", "minutes", "survey"), "only salaries name a survey"),
    ("compare", ("freshness_months", "surprise"), 12),
    ("compare", ("certifications", 0, "paths"), []),
    ("cost", ("certifications", 0, "items", 0, "surprise"), 1),
    ("cost", ("certifications", 0, "summary", "surprise"), "words"),
    ("glossary", ("terms", 0, "source", "surprise"), 1),
    ("stale", ("sources", 0, "facts", 0, "surprise"), 1),
    ("stale", ("sources", 0, "versions", 0, "surprise"), 1),
    ("sources", ("sources", 0, "surprise"), 1),
    ("sources", ("sources", 0, "facts", 0, "surprise"), 1),
    ("show", ("facts", "exam", "minutes", "evidence", "surprise"), 1),
    ("show", ("facts", "career", "salary", "also", 0, "surprise"), 1),
    ("result", ("ranking", 0, "surprise"), 1),
    ("batch-line", ("recommendation",), "CPC"),
    # A required key missing.
    ("list", ("certifications",), DELETE),
    ("list", ("certifications", 0, "short"), DELETE),
    ("show", ("facts",), DELETE),
    ("show", ("facts", "fees", "exam_member"), DELETE),
    ("show", ("facts", "exam", "minutes", "evidence"), DELETE),
    ("show", ("facts", "exam", "minutes", "evidence", "compared_on"), DELETE),
    ("show", ("facts", "exam", "minutes", "due_basis"), DELETE),
    ("show", ("facts", "exam", "minutes", "also"), DELETE),
    ("show", ("body", "evidence"), DELETE),
    ("cost", ("certifications", 0, "items", 0, "evidence"), DELETE),
    ("sources", ("sources", 0, "versions"), DELETE),
    ("sources", ("certification",), DELETE),
    ("show", ("facts", "career", "salary", "survey"), DELETE),
    ("show", ("paths",), DELETE),
    ("glossary", ("terms", 0, "see"), DELETE),
    ("compare", ("freshness_months", "fees"), DELETE),
    ("cost", ("assumption",), DELETE),
    ("cost", ("certifications", 0, "name"), DELETE),
    ("cost", ("certifications", 0, "totals", "cycle_years"), DELETE),
    ("check-data", ("problems",), DELETE),
    ("stale", ("sources", 0, "facts", 0, "recheck_due"), DELETE),
    ("result", ("what_it_takes",), DELETE),
    ("batch-line", ("error",), DELETE),
    # A wrong type, value or format.
    ("list", ("certifications", 0, "settings"), "physician"),
    ("list", ("certifications", 0, "settings", 0), "office"),
    ("show", ("facts", "exam", "minutes", "value"), "240"),
    ("show", ("facts", "exam", "minutes", "status"), "guessed"),
    ("show", ("facts", "exam", "minutes", "status"), "unknown"),  # with its value still there
    ("show", ("facts", "exam", "minutes", "evidence", "compared_on"), "2026-13-01"),
    ("show", ("facts", "exam", "minutes", "evidence", "kind"), "checked"),
    ("show", ("facts", "exam", "minutes", "evidence", "date"), "Feb 2026"),
    ("show", ("facts", "exam", "minutes", "evidence", "date_basis"), "guessed"),
    ("show", ("facts", "exam", "books", "recheck_due"), None),  # due now, yet not due for a re-read
    ("show", ("facts", "exam", "minutes", "source", "url"), "http://www.aapc.com/"),
    ("show", ("facts", "exam", "open_book", "value"), "yes"),
    ("show", ("facts", "focus", "code_sets", "value"), "CPT"),
    ("show", ("body", "due_for_recheck"), "no"),
    ("show", ("cost", "items", 0, "estimate", "unit"), "EUR"),
    ("show", ("cost", "totals", "first_year_cheapest", "unit"), "months"),
    ("show", ("cost", "totals", "first_year_cheapest", "complete"), True),  # unknowns remain
    ("glossary", ("terms", 0, "see"), "facility"),
    ("compare", ("freshness_months", "fees"), 0),
    ("cost", ("assumption",), "members"),
    ("cost", ("certifications", 0, "items", 0, "role"), "tip"),
    ("cost", ("certifications", 0, "items", 0, "when"), "monthly"),
    ("check-data", ("valid",), False),
    ("check-data", ("first_counts", "CPC"), -1),
    ("check-data", ("seconds",), "3"),
    ("stale", ("today",), "07/12/2026"),
    ("stale", ("sources", 0, "facts", 0, "dimension"), "salary"),
    ("stale", ("sources", 0, "facts", 0, "cited_as"), "also"),
    ("sources", ("sources", 0, "versions"), []),
    ("sources", ("sources", 0, "facts", 0, "cited_as"), "aside"),
    ("stale", ("next_due", "facts"), 0),
    ("result", ("ranking", 0, "score"), 101),
    ("result", ("confidence", "level"), "certain"),
    ("batch-line", ("line",), 0),
]


def changed(document: Any, where: Where, value: Any) -> Any:
    found = copy.deepcopy(document)
    parent = found
    for key in where[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[where[-1]]
    else:
        parent[where[-1]] = value
    return found


@pytest.mark.parametrize(
    ("kind", "where", "value"),
    BREAKS,
    ids=[
        f"{kind}:{'/'.join(map(str, where))}={'DELETE' if v is DELETE else v!r}" for kind, where, v in BREAKS
    ],
)
def test_a_broken_document_fails(
    samples: dict[str, Any], validators: Validators, kind: str, where: Where, value: Any
) -> None:
    document = samples[kind]
    assert validators(kind).is_valid(document), "the sample itself must be valid"
    assert not validators(kind).is_valid(changed(document, where, value))


def test_a_result_and_an_error_are_told_apart(samples: dict[str, Any], validators: Validators) -> None:
    error = samples["batch-line"]
    assert validators("batch-line").is_valid(error) and not validators("result").is_valid(error)
    assert not validators("batch-line").is_valid({**samples["result"], **error})
