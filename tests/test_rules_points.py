"""Points worked out from the cost facts (``points_from``): checked by the loader, resolved by the
core when it builds the rule set, so that loading a data file needs no cost model."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from certadvisor.core.cost import scaled_points
from certadvisor.core.points import resolved_rules
from certadvisor.core.rules import RuleSet
from certadvisor.errors import DataError
from certadvisor.model.catalog import Catalog
from certadvisor.model.schema import MEASURES


def test_the_loader_records_the_measure_and_the_rule_set_works_out_the_points(catalog: Catalog) -> None:
    loaded = {rule.id: rule for rule in catalog.rules}
    assert loaded["priority-low-cost"].points_from == ("first_year_cost", 6)
    assert loaded["priority-low-cost"].points == {}
    assert loaded["priority-growth"].points_from is None and loaded["priority-growth"].points
    open_to_all = {code: cert for code, cert in catalog.certs.items() if cert.requires is None}
    rules = {r.rule.id: r.rule for r in RuleSet(catalog).rules}
    assert rules["priority-low-cost"].points == scaled_points(open_to_all, "first_year_cost", 6)
    assert rules["priority-start-soon"].points == scaled_points(open_to_all, "months_to_first", 5)
    assert rules["priority-growth"] == loaded["priority-growth"]
    assert [r.id for r in resolved_rules(catalog)] == [r.id for r in catalog.rules]
    assert set(MEASURES) == {"first_year_cost", "months_to_first"}


def test_no_certification_with_a_known_figure_is_a_data_error(catalog: Catalog) -> None:
    # Only credentials open to all compete on cost or time; here none is.
    closed = {code: cert for code, cert in catalog.certs.items() if cert.requires is not None}
    with pytest.raises(DataError) as raised:
        RuleSet(dataclasses.replace(catalog, certs=closed))
    assert str(raised.value) == (
        f"{catalog.path}: rules.priority-start-soon.points_from: "
        "no certification has a known months to first to score by"
    )


def test_a_reason_for_a_certification_the_figures_give_no_points_is_a_data_error(catalog: Catalog) -> None:
    rules = tuple(
        rule._replace(reasons={"CDIP": "Quick."}) if rule.id == "priority-start-soon" else rule
        for rule in catalog.rules
    )
    with pytest.raises(DataError) as raised:
        resolved_rules(dataclasses.replace(catalog, rules=rules))
    assert str(raised.value).startswith(
        f"{catalog.path}: rules.priority-start-soon.reasons.CDIP: no points for CDIP in this rule"
    )


def test_loading_a_data_file_imports_nothing_of_the_core() -> None:
    code = (
        "import sys\n"
        "from certadvisor.load.datafile import load_catalog\n"
        "load_catalog()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('certadvisor.core', 'certadvisor.fast'))))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
