"""The advice engine: answers in, an explained ranking out. Pure functions, no I/O.

``Engine`` is the rule set (``rules``: conditions compiled once, and how a profile is scored)
with ``recommend``, which adds the advice (``advice``: confidence, ties, what-ifs).
"""

from __future__ import annotations

from collections.abc import Mapping

from certadvisor.core.advice import assess
from certadvisor.core.rules import BASE_SCORE, HELD_TOTAL, CompiledRule, RuleSet, cap
from certadvisor.model.catalog import Catalog

# The result types moved to ``model.results``; re-exported here while their importers move.
from certadvisor.model.results import Changes, Confidence, Deciding, Ranked, Reason, Result, WhatIf

__all__ = [
    "BASE_SCORE",
    "HELD_TOTAL",
    "Changes",
    "CompiledRule",
    "Confidence",
    "Deciding",
    "Engine",
    "Ranked",
    "Reason",
    "Result",
    "WhatIf",
    "cap",
    "recommend",
]


class Engine(RuleSet):
    """A catalog's rule set, which also gives the full, explained result for some answers."""

    def recommend(self, answers: Mapping[str, str]) -> Result:
        """Score every certification, explain it, and find confidence, what-ifs and next steps."""
        return assess(self, answers)


def recommend(catalog: Catalog, answers: Mapping[str, str]) -> Result:
    """Convenience: build an engine and score one set of answers."""
    return Engine(catalog).recommend(answers)
