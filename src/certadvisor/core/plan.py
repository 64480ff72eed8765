"""The plan shown with a recommendation: the data's path, from where the person is.

A path is chosen by the recommendation (``[[paths]]``, first match); it then loses the steps
towards credentials already held, and gains the ``[[path_additions]]`` that the person's
situation calls for whatever the pick (an HIM student's RHIT or RHIA), unless the plan already
leads to what they add or the person holds it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from certadvisor.model.conditions import Predicate
from certadvisor.model.records import CareerPath, PathAddition


def from_where_they_are(
    found: CareerPath,
    held: Collection[str],
    additions: Sequence[tuple[PathAddition, Predicate]],
    effective: Mapping[str, str],
) -> CareerPath:
    """``found`` without steps towards what is held, plus the additions that apply."""
    steps = tuple(step for step in found.steps if step.cert not in held)
    for addition, holds in additions:
        leads_to = {step.cert for step in addition.steps if step.cert is not None}
        if not holds(effective) or leads_to & set(held):
            continue
        if any(found.includes(code) for code in leads_to):
            continue  # the plan already goes there: said once
        steps += addition.steps
    return found if steps == found.steps else found._replace(steps=steps)
