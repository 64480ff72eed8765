"""How the "Getting hired" section reads, the same in every presenter: each group's title, each
fact's label and value in words, its note and the evidence it rests on, and the one line the
first screen gives a person who needs remote work.

Built once per result (``view.build``), and once per credential for ``show``; the terminal, both
reports and the JSON all read these words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from certadvisor.core.hiring import (
    SHOW_SECTIONS,
    GettingHired,
    Topic,
    getting_hired,
    hiring_for,
)
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Cert, Fact, Rate, Source
from certadvisor.model.results import Result
from certadvisor.present.fact_text import LABELS, evidence_text, format_value

HEADING = "Getting hired"
TITLES: Mapping[Topic, str] = {
    Topic.REMOTE: "Working from home",
    Topic.EXPERIENCE: "Experience that counts",
    Topic.FIRST_JOBS: "First jobs",
    Topic.APPRENTICESHIPS: "Apprenticeships and externships",
    Topic.POSTINGS: "Before you apply",
    Topic.TRAINING: "Training",
    Topic.FUNDING: "Paying for it",
    Topic.OUTLOOK: "Pay, outlook and pass rates",
}
# The pick's own facts read with its code: "What counts as experience for CPC".
_OWN_LABELS = {
    "hiring.experience_counts": "What counts as experience for {code}",
    "hiring.pass_rate": "{code} first-time pass rate",
    "career.salary": "{code} salary",
    "costs.training": "{code} training course",
}
# The first screen's remote line, when the person needs remote work and the data says nothing
# the line could sum up.
SEE_BELOW = f"see “{HEADING}” below"


class HiringLine(NamedTuple):
    """One fact of the section in words."""

    key: str
    label: str
    text: str  # the value in words; for an unknown fact, its note (what is not known and why)
    items: tuple[str, ...]  # a list fact's items, which screens may show one a line
    note: str | None  # a known fact's note (an unknown's is its text)
    evidence: str  # "AAPC page, undated copy, compared 7 Dec 2026"
    fact: Fact


class HiringPart(NamedTuple):
    """One group of the section: its title and lines."""

    topic: Topic
    title: str
    lines: tuple[HiringLine, ...]


class HiringView(NamedTuple):
    """The section's words."""

    code: str
    remote: bool
    parts: tuple[HiringPart, ...]
    remote_line: str | None  # for the first screen: only when the person needs remote work
    sources: tuple[Source, ...]  # every page the section cites, in first-use order

    @property
    def lines(self) -> tuple[HiringLine, ...]:
        """Every line, in order."""
        return tuple(line for part in self.parts for line in part.lines)


# Worded once per catalog, credential and remote note: a batch words the same section often.
_VIEWS: dict[tuple[int, str, bool], tuple[Catalog, HiringView]] = {}


def hiring_view(catalog: Catalog, result: Result) -> HiringView:
    """The section for a result (the pick's facts, the market's, the remote note if it applies)."""
    found = getting_hired(catalog, result)
    memo = (id(catalog), found.code, found.remote)
    cached = _VIEWS.get(memo)
    if cached is None or cached[0] is not catalog:
        if len(_VIEWS) > 256:
            _VIEWS.clear()
        cached = _VIEWS[memo] = (catalog, worded(found))
    return cached[1]


def show_view(cert: Cert, market: Mapping[str, Fact]) -> HiringView:
    """The section ``show`` gives: the certification's hiring facts and every market fact,
    labelled as its other facts are (the certification is the screen's subject)."""
    return worded(hiring_for(cert, market, remote=True, sections=SHOW_SECTIONS), result=False)


def worded(found: GettingHired, *, result: bool = True) -> HiringView:
    """The section in words: for a result, the pick's facts are labelled with its code and the
    first screen gets its remote line; for ``show``, neither."""
    code = found.code if result else None
    parts = tuple(
        HiringPart(part.topic, TITLES[part.topic], tuple(line(fact, code) for fact in part.facts))
        for part in found.parts
    )
    sources: dict[str, Source] = {}
    for fact in found.facts:
        sources.setdefault(fact.source.id, fact.source)
    remote = remote_line(found) if found.remote and result else None
    return HiringView(found.code, found.remote, parts, remote, tuple(sources.values()))


def line(fact: Fact, code: str | None) -> HiringLine:
    """One fact in words, labelled for the section (a credential's own fact with ``code``)."""
    own = _OWN_LABELS.get(fact.key) if code is not None else None
    label = own.format(code=code) if own is not None else LABELS.get(fact.key, fact.key)
    unknown = fact.status == "unknown"
    text = (fact.note or format_value(fact)) if unknown else format_value(fact)
    items = fact.value if isinstance(fact.value, tuple) and not unknown else ()
    note = None if unknown else fact.note
    return HiringLine(fact.key, label, text, items, note, evidence_text(fact), fact)


def remote_line(found: GettingHired) -> str:
    """The first screen's line for a person who needs remote work, short enough for one line of
    the 80-column summary: 'rare for beginners; 55% of AAPC's 2022 survey worked remotely'."""
    said: list[str] = []
    beginners = found.fact("market.remote_for_beginners")
    if beginners is not None and beginners.status in ("known", "range"):
        said.append("rare for beginners")
    share = found.fact("market.remote_share")
    if share is not None and isinstance(share.value, Rate):
        year = f" {share.year}" if share.year is not None else ""
        said.append(f"{share.value} of {share.source.publisher}'s{year} survey worked remotely")
    return "; ".join(said) or SEE_BELOW
