"""Rules that score by cost or time (``points_from``): their points worked out from the facts.

The loader only checks such a rule's measure and range; the points come from the cost model,
which is the core's, so the loader never depends on it.
"""

from __future__ import annotations

from certadvisor.core.cost import scaled_points
from certadvisor.errors import DataError
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Rule
from certadvisor.text import did_you_mean, one_of


def resolved_rules(catalog: Catalog) -> tuple[Rule, ...]:
    """The catalog's rules, each ``points_from`` worked out from the cost and time facts.

    Only credentials open without a hard prerequisite compete on cost or time: a cheap exam is
    no advantage to someone who first needs a degree or years of CDI work.
    """
    open_to_all = {code: cert for code, cert in catalog.certs.items() if cert.requires is None}
    rules: list[Rule] = []
    for rule in catalog.rules:
        if rule.points_from is None:
            rules.append(rule)
            continue
        measure, best = rule.points_from
        key = f"{catalog.path}: rules.{rule.id}"
        points = scaled_points(open_to_all, measure, best)
        if not points:
            raise DataError(
                f"{key}.points_from: no certification has a known {measure.replace('_', ' ')} to score by"
            )
        for code in rule.reasons:
            if code not in points:
                raise DataError(
                    f"{key}.reasons.{code}: no points for {code} in this rule{did_you_mean(code, points)}; "
                    f"a reason needs points: {one_of(points)}"
                )
        rules.append(rule._replace(points=points))
    return tuple(rules)
