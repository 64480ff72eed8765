"""The advice engine: answers in, an explained ranking out. Pure functions, no I/O.

``Engine`` is the rule set (``rules``: conditions compiled once, and how a profile is scored)
with ``recommend``, which adds the advice (``advice``: confidence, ties, what-ifs).
"""

from __future__ import annotations

from collections.abc import Mapping

from certadvisor.core.advice import assess
from certadvisor.core.rules import RuleSet
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result


class Engine(RuleSet):
    """A catalog's rule set, which also gives the full, explained result for some answers."""

    def recommend(self, answers: Mapping[str, str]) -> Result:
        """Score every certification, explain it, and find confidence, what-ifs and next steps."""
        return assess(self, answers)


def recommend(catalog: Catalog, answers: Mapping[str, str]) -> Result:
    """Convenience: build an engine and score one set of answers."""
    return Engine(catalog).recommend(answers)
