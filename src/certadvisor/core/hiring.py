"""From a credential to a first job: which facts a "Getting hired" section shows, in what order.

Pure: the market facts the catalog has (``Catalog.market``), the pick's own hiring, salary and
training facts, and whether the person's answers ask for the remote-work note
(``[advice] remote_when``). Every fact is optional: one the data does not have is left out, and
a group with none is left out whole. How each fact reads is ``present.hiring_text``'s.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from typing import NamedTuple

from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import Predicate, compile_condition, predicate
from certadvisor.model.records import Cert, Fact
from certadvisor.model.results import Result
from certadvisor.model.schema import MARKET


class Topic(StrEnum):
    """A group of the section, in the order a job seeker meets them."""

    REMOTE = "remote"
    EXPERIENCE = "experience"
    FIRST_JOBS = "first_jobs"
    APPRENTICESHIPS = "apprenticeships"
    POSTINGS = "postings"
    TRAINING = "training"
    FUNDING = "funding"
    OUTLOOK = "outlook"


# Each group's facts by dotted key: "market.*" from the catalog's market facts, the rest the
# pick's own. The remote group is shown only when the person needs remote work.
LAYOUT: tuple[tuple[Topic, tuple[str, ...]], ...] = (
    (Topic.REMOTE, ("market.remote_share", "market.remote_for_beginners")),
    (Topic.EXPERIENCE, ("hiring.experience_counts",)),
    (Topic.FIRST_JOBS, ("market.first_jobs",)),
    (Topic.APPRENTICESHIPS, ("market.apprenticeships",)),
    (Topic.POSTINGS, ("market.postings_check",)),
    (
        Topic.TRAINING,
        ("market.training_routes", "costs.training", "market.training_cost", "market.prerequisites"),
    ),
    (Topic.FUNDING, ("market.funding",)),
    (
        Topic.OUTLOOK,
        (
            "career.salary",
            "market.pay_uncertified",
            "market.pay_certified",
            "market.pay_two_credentials",
            "market.pay_three_credentials",
            "market.median_pay",
            "market.outlook",
            "hiring.pass_rate",
        ),
    ),
)
# The sections ``show`` lists here: the certification's hiring facts and the market's (its
# salary and training price are in its own table already).
SHOW_SECTIONS = frozenset({MARKET, "hiring"})
ALL_SECTIONS = frozenset({MARKET, "hiring", "career", "costs"})


class Part(NamedTuple):
    """One group of the section and its facts, in order (never empty)."""

    topic: Topic
    facts: tuple[Fact, ...]


class GettingHired(NamedTuple):
    """What the section shows for one credential."""

    code: str  # the credential whose own facts are shown
    remote: bool  # the person needs remote work: the remote group (and the first screen's line)
    parts: tuple[Part, ...]

    def fact(self, key: str) -> Fact | None:
        """The fact at a dotted key, when the section shows it."""
        return next((f for part in self.parts for f in part.facts if f.key == key), None)

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact shown, in order."""
        return tuple(f for part in self.parts for f in part.facts)


def getting_hired(catalog: Catalog, result: Result) -> GettingHired:
    """The section for a result: the pick's facts and the market's, with the remote group when
    ``[advice] remote_when`` holds for the answers."""
    cert = catalog.certs[result.recommendation]
    return hiring_for(cert, catalog.market, remote=remote_applies(catalog, result.effective))


def hiring_for(
    cert: Cert,
    market: Mapping[str, Fact],
    *,
    remote: bool,
    sections: Collection[str] = ALL_SECTIONS,
) -> GettingHired:
    """The section for one credential: the facts of ``sections`` that exist, in LAYOUT order.
    A fact that does not apply (``not_applicable``) says nothing about getting hired: left out."""
    parts: list[Part] = []
    for topic, keys in LAYOUT:
        if topic is Topic.REMOTE and not remote:
            continue
        found = []
        for key in keys:
            section = key.split(".", 1)[0]
            fact = (market if section == MARKET else cert.facts).get(key) if section in sections else None
            if fact is not None and fact.status != "not_applicable":
                found.append(fact)
        if found:
            parts.append(Part(topic, tuple(found)))
    return GettingHired(cert.code, remote, tuple(parts))


# One compiled remote_when per catalog: a batch asks once per profile.
_REMOTE: dict[int, tuple[Catalog, Predicate | None]] = {}


def remote_applies(catalog: Catalog, effective: Mapping[str, str]) -> bool:
    """True when the data's ``[advice] remote_when`` holds for these (effective) answers."""
    found = _REMOTE.get(id(catalog))
    if found is None or found[0] is not catalog:
        advice = catalog.advice
        when = advice.remote_when if advice is not None else None
        if len(_REMOTE) > 16:
            _REMOTE.clear()
        found = _REMOTE[id(catalog)] = (catalog, None if when is None else predicate(compile_condition(when)))
    test = found[1]
    return test is not None and test(effective)
