"""What was read: each source's evidence versions, and the version a fact or body rests on.

A source lists the versions of its page that someone read (``evidence``): what kind of evidence
each was, its date only as precise as the page gives it (or the date its content implies, or
none), the day a person compared facts with it, and the host a copy was read on when that is not
the citation's. A fact names the version it rests on when there are several, and its own
``compared`` day when it was compared on another day than the version's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from certadvisor.load.listing import allowed_values, suggest
from certadvisor.load.validate.problems import FIRST_DAY, LAST_DAY, Problems
from certadvisor.load.validate.urls import text_problem
from certadvisor.model.conditions import show_value
from certadvisor.model.records import EVIDENCE_KINDS, Citation, Evidence, PartialDate, Source
from certadvisor.text import did_you_mean, one_of

VERSION_KEYS = ("kind", "date", "compared")
VERSION_OPTIONAL = ("version", "implies", "capture_host", "note")
UNDATED = "undated"
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
# Schema 2's per-fact dates, and schema 1's before them: what replaced them.
OLD_DATES = (
    "schema 3 records what was read on the source: its evidence versions give the kind, the date "
    "and the day compared; a fact names its version (and compared, when it differs); see docs/data.md"
)


def partial_date(p: Problems, key: str, value: Any) -> PartialDate | None:
    """A TOML date (a day), a year (2022) or a year and month ("2026-02")."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date) and FIRST_DAY <= value <= LAST_DAY:
        return PartialDate(value.year, value.month, value.day)
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    found = _YEAR_MONTH.match(text) if isinstance(text, str) else None
    if found is not None:
        year, month = int(found.group(1)), found.group(2)
        if FIRST_DAY.year <= year <= LAST_DAY.year and (month is None or 1 <= int(month) <= 12):
            return PartialDate(year, None if month is None else int(month))
    p.add(
        key,
        f"expected a date as precise as the page gives it: a day (2026-04-23), a year and month "
        f'("2026-02") or a year (2022), from {FIRST_DAY.year} to {LAST_DAY.year}, got {show_value(value)}',
    )
    return None


def check_versions(
    p: Problems, key: str, raw: Any, source_host: str, official: bool
) -> tuple[Evidence, ...] | None:
    """A source's ``evidence``: one version or several, each named when there are several."""
    if raw is None:
        p.add(
            f"{key}.evidence",
            "missing required key: what was read (kind, date, compared) for at least one version of the page",
        )
        return None
    items = p.expect(f"{key}.evidence", raw, list, "a list of tables (evidence = [{ ... }])")
    if items is None:
        return None
    if not items:
        p.add(f"{key}.evidence", "expected at least one version")
        return None
    versions: list[Evidence] = []
    names: set[str] = set()
    for index, item in enumerate(items):
        version = check_version(p, f"{key}.evidence[{index}]", item, official, source_host, len(items) > 1)
        if version is None:
            return None
        if version.version in names:
            p.add(f"{key}.evidence[{index}].version", f"duplicate version {version.version!r}")
            return None
        names.add(version.version)
        versions.append(version)
    return tuple(versions)


def check_version(
    p: Problems, key: str, raw: Any, official: bool, source_host: str, several: bool
) -> Evidence | None:
    """One version: its kind, its date (or "undated", with what the content implies), the day
    it was compared, and the host it was read on."""
    entry = p.table(key, raw)
    if entry is None:
        return None
    before = len(p.lines)
    p.keys(key, entry, VERSION_KEYS + (("version",) if several else ()), VERSION_OPTIONAL)
    if len(p.lines) > before:
        return None
    name = p.text(f"{key}.version", entry["version"]) if "version" in entry else ""
    kind = _kind(p, f"{key}.kind", entry["kind"], official)
    compared = p.date(f"{key}.compared", entry["compared"])
    dated, implied = _dates(p, key, entry)
    host = _capture_host(p, f"{key}.capture_host", entry.get("capture_host"), source_host)
    note = p.text(f"{key}.note", entry["note"]) if "note" in entry else None
    if note is not None and (problem := text_problem(note)) is not None:
        p.add(f"{key}.note", problem)
    if name is None or kind is None or compared is None or len(p.lines) > before:
        return None
    evidence = Evidence(name, kind, dated, implied, compared, host, note)
    check_compared(p, f"{key}.compared", compared, evidence)
    return evidence


def _kind(p: Problems, key: str, value: Any, official: bool) -> str | None:
    kind = p.text(key, value)
    if kind is None:
        return None
    if kind not in EVIDENCE_KINDS:
        p.add(
            key, f"expected one of {one_of(EVIDENCE_KINDS)}, got {kind!r}{did_you_mean(kind, EVIDENCE_KINDS)}"
        )
        return None
    if (kind == "third-party") == official:
        want = "live or archived (the body's own page)" if official else "third-party"
        p.add(key, f"the source is {'official' if official else 'not official'}, so its evidence is {want}")
        return None
    return kind


def _dates(p: Problems, key: str, entry: Mapping[str, Any]) -> tuple[PartialDate | None, PartialDate | None]:
    """The page's own date and the date its content implies (a wrong one is reported)."""
    raw = entry["date"]
    if raw == UNDATED:
        implied = partial_date(p, f"{key}.implies", entry["implies"]) if "implies" in entry else None
        return None, implied
    if "implies" in entry:
        p.add(f"{key}.implies", "only an undated page implies a date: with a page date, leave implies out")
    if isinstance(raw, str) and raw.lower() == UNDATED:
        p.add(f"{key}.date", f'write "{UNDATED}" in lower case')
        return None, None
    return partial_date(p, f"{key}.date", raw), None


def _capture_host(p: Problems, key: str, value: Any, source_host: str) -> str | None:
    """The host a copy was read on, when it is not the citation's (a wrong one is reported)."""
    if value is None:
        return None
    host = p.text(key, value)
    if host is None:
        return None
    if not _HOST.match(host):
        p.add(key, f"expected a bare host name such as cms-test.ahima.org, got {host!r}")
    elif host.removeprefix("www.") == source_host.removeprefix("www."):
        p.add(
            key, f"{host} is the citation's own host: name capture_host only when a copy was read elsewhere"
        )
    return host


def check_compared(p: Problems, key: str, compared: dt.date, evidence: Evidence) -> None:
    """A comparison cannot come before the evidence's date, nor after the file's ``updated``."""
    date = evidence.date
    if date is not None and compared < date.first_day():
        p.add(
            key,
            f"{compared.isoformat()} is before the evidence date {date.iso()}: a fact cannot be compared "
            "with a page before the page's date; fix the date or the day compared",
        )
    if p.updated is not None and compared > p.updated:
        p.add(
            key,
            f"{compared.isoformat()} is after meta.updated ({p.updated.isoformat()}): "
            "a comparison cannot postdate the file; fix the date or bump meta.updated",
        )


def cite(
    p: Problems, key: str, entry: Mapping[str, Any], sources: Mapping[str, Source]
) -> tuple[Source, Evidence, dt.date] | None:
    """The source a fact or body cites, the version it rests on and the day it was compared."""
    for old in ("stated", "checked", "as_of"):
        if old in entry:
            p.add(f"{key}.{old}", OLD_DATES)
            return None
    found = resolve(p, key, entry, sources)
    if found is None:
        return None
    source, evidence = found
    compared = evidence.compared
    if "compared" in entry:
        own = p.date(f"{key}.compared", entry["compared"])
        if own is None:
            return None
        check_compared(p, f"{key}.compared", own, evidence)
        compared = own
    return source, evidence, compared


def resolve(
    p: Problems, key: str, entry: Mapping[str, Any], sources: Mapping[str, Source]
) -> tuple[Source, Evidence] | None:
    """``source`` (an id under [sources]) and ``version`` (required when it has several)."""
    sid = p.text(f"{key}.source", entry.get("source"))
    if sid is None:
        return None
    if sid not in sources:
        p.add(
            f"{key}.source", f"unknown source {sid!r}{did_you_mean(sid, sources)}; define it under [sources]"
        )
        return None
    source = sources[sid]
    if not source.versions:
        return None  # its evidence was reported as wrong, once, on the source
    names = p.versions(source)
    if "version" not in entry:
        if len(source.versions) > 1:
            p.add(
                f"{key}.version",
                f"missing required key: {sid} has several versions ({allowed_values(names)})",
            )
            return None
        return source, source.versions[0]
    name = p.text(f"{key}.version", entry["version"])
    if name is None:
        return None
    if name in names:
        return source, names[name]
    p.add(
        f"{key}.version",
        f"unknown version {name!r} of {sid}{suggest(name, names)}; known: {allowed_values(names)}",
    )
    return None


def check_also(p: Problems, key: str, raw: Any, sources: Mapping[str, Source]) -> tuple[Citation, ...] | None:
    """``also``: further pages that agree or disagree, each ``{ source = "...", version = "..." }``."""
    items = p.expect(key, raw, list, 'a list of tables (also = [{ source = "..." }])')
    if items is None:
        return None
    citations: list[Citation] = []
    for index, item in enumerate(items):
        entry = p.table(f"{key}[{index}]", item)
        if entry is None:
            return None
        p.keys(f"{key}[{index}]", entry, ("source",), ("version",))
        found = resolve(p, f"{key}[{index}]", entry, sources)
        if found is None:
            return None
        citations.append(Citation(*found))
    return tuple(citations)
