"""How facts read, the same in every presenter: a value in words, a fact's label, the evidence it
rests on, the mark for one due for a re-read and a source's status, so "$399–$499 (unsettled
range)" or "AAPC page, undated copy, compared 29 Nov 2026" mean the same thing on the screen, in
the reports and in the JSON."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from certadvisor.core.compare import COST_ROWS, DIMENSIONS
from certadvisor.core.freshness import THIRD_PARTY_PRICE, DueItem, is_stale
from certadvisor.model.records import Body, Cert, Evidence, Fact, Money, Rate, Source, day_words
from certadvisor.text import plural

# Facts that ``show`` and ``cost`` list but the comparison table leaves to the cost rows.
DETAIL_LABELS: tuple[tuple[str, str], ...] = (
    ("fees.exam_member_two_attempts", "Two-attempt exam fee (member)"),
    ("renewal.fee_member", "Renewal fee (member)"),
    ("renewal.fee_non_member", "Renewal fee (non-member)"),
    ("costs.training", "Training course"),
    ("costs.code_books", "Code books"),
    ("costs.retake", "Retaking the exam"),
    ("costs.ceus", "CEU courses (per cycle)"),
    ("time.study_months", "Study and exam preparation"),
    ("time.education_months", "Required education"),
    ("time.apprentice_months", "Time as an apprentice"),
)
# The job market's facts ([market]), as ``show`` and the "Getting hired" sections label them.
MARKET_LABELS: tuple[tuple[str, str], ...] = (
    ("market.remote_share", "Coders working remotely"),
    ("market.remote_for_beginners", "Remote work for beginners"),
    ("market.first_jobs", "First jobs"),
    ("market.apprenticeships", "Apprenticeships and externships"),
    ("market.postings_check", "Read local job postings"),
    ("market.training_routes", "Training routes"),
    ("market.training_cost", "Training programme prices"),
    ("market.prerequisites", "Courses that matter first"),
    ("market.funding", "Help paying"),
    ("market.median_pay", "National median pay"),
    ("market.pay_uncertified", "Pay without a credential"),
    ("market.pay_certified", "Pay with a credential"),
    ("market.pay_two_credentials", "Pay with two credentials"),
    ("market.pay_three_credentials", "Pay with three or more"),
    ("market.outlook", "Job outlook"),
)
# A reader's label for every fact key (``show`` falls back to the key for one not listed).
LABELS = (
    dict(DIMENSIONS)
    | {key: label for key, label, _line in COST_ROWS}
    | dict(DETAIL_LABELS)
    | dict(MARKET_LABELS)
)


def format_value(fact: Fact) -> str:
    """A fact as one line of plain text, e.g. '240 minutes (4 hours)' or 'Unknown'."""
    if fact.status == "unknown":
        return "Unknown"
    if fact.status == "not_applicable":
        return "Not applicable"
    value = fact.value
    text: str
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, Money):
        text = str(value)
        # Median or average, said once: many surveys' names say it already.
        if fact.statistic is not None and fact.statistic not in (fact.survey or ""):
            text = f"{text} {fact.statistic}"
        if fact.year is not None:
            text = f"{text} ({fact.survey}, {fact.year})"
    elif isinstance(value, Rate):
        text = rate_words(fact, value)
    elif isinstance(value, int):
        text = _format_int(fact.key, value)
    elif isinstance(value, tuple):
        text = "; ".join(value)
    else:
        text = str(value)
    if fact.status == "range":
        text += " (unsettled range)"
    return text


def rate_words(fact: Fact, value: Rate) -> str:
    """A rate with the population it is of, its year and who counted: '70% of first-time
    testers (2022, AHIMA)'."""
    text = str(value)
    if fact.survey:
        text = f"{text} of {fact.survey}"
    counted = ", ".join(str(part) for part in (fact.year, fact.source.publisher) if part)
    return f"{text} ({counted})"


def _format_int(key: str, value: int) -> str:
    if key.endswith("minutes"):
        hours, minutes = divmod(value, 60)
        spoken = plural(hours, "hour") + (f" {minutes} min" if minutes else "")
        return f"{value} minutes ({spoken})"
    if key.endswith("cycle_years"):
        return f"every {plural(value, 'year')}"
    if key.endswith("ceus"):
        return f"{value} CEUs"
    return str(value)


# Marks a fact due for a re-read, wherever it is shown.
STALE_MARK = "†"
STALE_LEGEND = (
    f"{STALE_MARK} due for a re-read: its evidence is undated, older than such facts stay reliable "
    "(12 months for fees, longer for exam rules), or a price only third parties give. Check with "
    "the body before relying on it."
)
# Said on every screen and report that shows facts: what they rest on.
COPIES_NOTE = (
    "Facts come from copies of web pages, not the live sites, and fees change: confirm with the "
    "credentialing body before you pay."
)


def version_words(evidence: Evidence) -> str:
    """What one version of a page was, briefly: 'undated copy', 'dated Feb 2026', 'live page'."""
    dated, implied = evidence.dated, evidence.implied
    content = f" (content implies {implied.words()})" if implied is not None else ""
    if evidence.kind == "live":
        return "live page" + (f" dated {dated.words()}" if dated else content)
    if evidence.kind == "third-party":
        return f"dated {dated.words()}" if dated else f"undated{content}"
    copy = "copy from another host, unverified" if evidence.capture_host else "copy"
    return f"page dated {dated.words()}, {copy}" if dated else f"undated {copy}{content}"


def evidence_words(source: Source, evidence: Evidence) -> str:
    """What was read, in words a reader takes at face value: 'AAPC page, undated copy',
    'third-party page dated Feb 2026', 'AHIMA live page'."""
    state = version_words(evidence)
    if evidence.kind == "third-party":
        return (
            f"third-party page {state}"
            if evidence.dated
            else state.replace("undated", "undated third-party page", 1)
        )
    if evidence.kind == "live" or evidence.dated:
        return f"{source.publisher} {state}"
    return f"{source.publisher} page, {state}"


def due_tag(item: DueItem) -> str:
    """When an item falls due, in at most 15 characters: 'third-party fee', 'undated',
    'due 2027-02-01'."""
    if item.due is not None:
        return f"due {item.due.isoformat()}"
    return "third-party fee" if item.reason == THIRD_PARTY_PRICE else "undated"


def evidence_text(item: Fact | Body) -> str:
    """A fact's evidence and the day a person compared it: 'AAPC page, undated copy, compared
    29 Nov 2026'. Never a bare "checked": a comparison with a copy is not a look at the live page."""
    return f"{evidence_words(item.source, item.evidence)}, compared {day_words(item.compared)}"


def versions_text(source: Source) -> str:
    """Every version of a source that was read, for a sources list."""
    named = len(source.versions) > 1
    return "; ".join(
        (f"{v.version}: " if named else "") + f"{version_words(v)}, compared {day_words(v.compared)}"
        for v in source.versions
    )


def source_status(source: Source, certs: Sequence[Cert], today: dt.date) -> str:
    """What was read of a source and whether its facts are due, for a sources list: 'undated
    copy, compared 29 Nov 2026; some facts due for a re-read'. Shared by the Markdown and HTML
    reports."""
    citing: list[Fact | Body] = [f for cert in certs for f in cert.facts.values() if f.source.id == source.id]
    citing += [cert.body for cert in certs if cert.body.source.id == source.id]
    read: dict[Evidence, set[dt.date]] = {}
    for item in citing:
        read.setdefault(item.evidence, set()).add(item.compared)
    named = len(source.versions) > 1
    text = "; ".join(
        (f"{version.version}: " if named else "")
        + f"{version_words(version)}, compared {_days(read[version])}"
        for version in source.versions
        if version in read
    )
    if any(is_stale(item, today) for item in citing):
        text += "; some facts due for a re-read"
    return text


def _days(days: Iterable[dt.date]) -> str:
    """Comparison days in words, oldest first: '29 Nov 2026 and 7 Dec 2026'."""
    return " and ".join(day_words(day) for day in sorted(days))


# A source id as the data's notes write one ("mbc-cpc"): lowercase words joined by hyphens,
# not part of a URL, a path or a longer word.
_SOURCE_ID = re.compile(r"(?<![\w/.-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/-])")


def source_name(source: Source) -> str:
    """A page as a reader knows it: an official page by its title, a third party's by its
    publisher (a site's name: "mbc-bv6.pages.dev")."""
    return f"“{source.title}”" if source.official else source.publisher


def known_sources(certs: Iterable[Cert]) -> dict[str, Source]:
    """Every page the certifications' facts and bodies cite (further pages included), by id:
    the pages a note may name."""
    found: dict[str, Source] = {}
    for cert in certs:
        found.setdefault(cert.body.source.id, cert.body.source)
        for fact in cert.facts.values():
            found.setdefault(fact.source.id, fact.source)
            found.update((also.source.id, also.source) for also in fact.also if also.source.id not in found)
    return found


def readable(text: str, sources: Mapping[str, Source]) -> str:
    """Prose with the source ids it names ("a guide (mbc-cpc, no date shown)") replaced by the
    pages' names: an id is for the data file, not for a reader. JSON keeps the ids."""
    if not sources:
        return text
    return _SOURCE_ID.sub(
        lambda found: source_name(sources[found.group()]) if found.group() in sources else found.group(),
        text,
    )
