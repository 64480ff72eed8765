"""[certs.*]: each certification, its sourced facts, next steps and requirements."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from certadvisor.load.validate.evidence import check_also, cite
from certadvisor.load.validate.problems import CODE, CODE_RULE, FIRST_DAY, LAST_DAY, Problems
from certadvisor.load.validate.sources import window
from certadvisor.load.validate.urls import text_problem, url_problem
from certadvisor.model.conditions import ALWAYS, Condition, Kind, show_value
from certadvisor.model.records import (
    Body,
    Cert,
    Citation,
    Fact,
    FactValue,
    Money,
    Months,
    Rate,
    Requirement,
    Source,
    Step,
)
from certadvisor.model.schema import (
    BOOL,
    EXPECTED,
    FACT_FIELDS,
    INT,
    LIST,
    MONEY,
    MONTHS,
    OPTIONAL_FACTS,
    OPTIONAL_SECTIONS,
    RATE,
    SALARY,
    SETTINGS,
    SHORT_MAX,
    STATISTICS,
    STATUSES,
    TEXT,
)
from certadvisor.text import did_you_mean, one_of

Choices = Mapping[str, tuple[str, ...]]


def check_certs(
    p: Problems, raw: Any, sources: Mapping[str, Source], bodies: Mapping[str, Body]
) -> dict[str, Cert] | None:
    """Every certification, in file order; next steps and requirements come later."""
    table = p.table("certs", raw)
    if table is None:
        return None
    result: dict[str, Cert] = {}
    seen: dict[str, str] = {}
    for code, value in table.items():
        # A refused code is still checked and kept (the catalog is refused as a whole), so the
        # rules and paths naming it are not reported again as naming an unknown certification.
        p.name("certs", code, "a certification code", CODE, CODE_RULE)
        if code.upper() in seen:
            # TOML itself rejects exact duplicates; codes are case-insensitive, so CPC and
            # cpc would be two tables for one certification.
            p.add(f"certs.{code}", f"duplicate certification code (already defined as {seen[code.upper()]})")
            continue
        seen[code.upper()] = code
        cert = check_cert(p, code, value, sources, bodies)
        if cert is not None:
            result[code] = cert
    if not table:
        p.add("certs", "expected at least one certification")
    return result


def check_cert(
    p: Problems, code: str, raw: Any, sources: Mapping[str, Source], bodies: Mapping[str, Body]
) -> Cert | None:
    key = f"certs.{code}"
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(
        key,
        entry,
        ("name", "body", "short", "summary", "settings", *FACT_FIELDS),
        ("next_steps", "requires", *OPTIONAL_SECTIONS),
    )
    body_code = p.text(f"{key}.body", entry.get("body"))
    if body_code is None:
        return None
    if body_code not in bodies:
        p.add(
            f"{key}.body",
            f"unknown body {body_code!r}{did_you_mean(body_code, bodies)}; known: {one_of(bodies)}",
        )
        return None
    settings = p.string_list(f"{key}.settings", entry.get("settings"))
    if settings is None:
        return None
    for setting in settings:
        if setting not in SETTINGS:
            p.add(
                f"{key}.settings",
                f"unknown setting {setting!r}{did_you_mean(setting, SETTINGS)}; allowed: {one_of(SETTINGS)}",
            )
    facts = check_facts(p, key, entry, sources)
    name = p.text(f"{key}.name", entry.get("name"))
    if name is None:
        return None
    summary = p.text(f"{key}.summary", entry.get("summary"))
    if summary is None:
        return None
    short = p.text(f"{key}.short", entry.get("short"))
    if short is None:
        return None
    if len(short) > SHORT_MAX:
        p.add(
            f"{key}.short",
            f"expected at most {SHORT_MAX} characters (a few words for `list`), got {len(short)}: "
            f"{short!r}; the full text belongs in summary or focus.setting",
        )
        return None
    return Cert(code, name, bodies[body_code], summary, tuple(settings), facts, next_steps=(), short=short)


def check_facts(
    p: Problems, key: str, entry: Mapping[str, Any], sources: Mapping[str, Source]
) -> dict[str, Fact]:
    """The facts of every section a certification has, keyed "section.name"."""
    facts: dict[str, Fact] = {}
    for section, fields in {**FACT_FIELDS, **OPTIONAL_SECTIONS}.items():
        if section not in entry:
            continue  # a missing required section was reported by `keys`
        section_key = f"{key}.{section}"
        table = p.table(section_key, entry[section])
        if table is None:
            continue
        required, optional = fields, OPTIONAL_FACTS.get(section, {})
        if section in OPTIONAL_SECTIONS:
            required, optional = {}, OPTIONAL_SECTIONS[section]
        p.keys(section_key, table, tuple(required), tuple(optional))
        for name, kind in {**required, **optional}.items():
            if name in table:
                fact = check_fact(p, f"{section}.{name}", f"{section_key}.{name}", table[name], kind, sources)
                if fact is not None:
                    facts[fact.key] = fact
    return facts


def check_fact(
    p: Problems, dotted: str, key: str, raw: Any, kind: str, sources: Mapping[str, Source]
) -> Fact | None:
    """One fact: the evidence it rests on, its status, and a value of its kind unless it is unknown."""
    entry = p.table(key, raw)
    if entry is None:
        return None
    optional: tuple[str, ...] = ("value", "status", "note", "version", "compared", "also")
    optional += ("survey", "year", "statistic") if kind in STATISTICS else ()
    p.keys(key, entry, ("source",), (*optional, "stated", "checked", "as_of"))
    cited = cite(p, key, entry, sources)
    if cited is None:
        return None
    also: tuple[Citation, ...] = ()
    if "also" in entry:
        found = check_also(p, f"{key}.also", entry["also"], sources)
        if found is None:
            return None
        also = found
    status = entry.get("status", "known")
    if status not in STATUSES:
        p.add(
            f"{key}.status",
            f"expected one of {one_of(STATUSES)}, got {show_value(status)}"
            f"{did_you_mean(str(status), STATUSES)}",
        )
        return None
    note = None
    if "note" in entry and (note := p.text(f"{key}.note", entry["note"])) is None:
        return None
    if note is not None and (problem := text_problem(note)) is not None:
        p.add(f"{key}.note", problem)
    value = check_status_value(p, key, entry, kind, status, note)
    surveyed = check_survey(p, key, entry, kind, status)
    if value is None and status in ("known", "range") or surveyed is None:
        return None
    source, evidence, compared = cited
    fresh = window(p, dotted.split(".", 1)[0])
    survey, year, statistic = surveyed
    return Fact(dotted, value, status, source, evidence, compared, fresh, note, survey, year, also, statistic)


def check_status_value(
    p: Problems, key: str, entry: Mapping[str, Any], kind: str, status: str, note: str | None
) -> FactValue:
    """The value a known or range fact has, and none for an unknown or not-applicable one."""
    if status in ("unknown", "not_applicable"):
        if "value" in entry:
            p.add(f"{key}.value", f"a fact with status {status!r} must not have a value")
        if note is None:
            # An unknown fact is only useful if it says where to look.
            p.add(f"{key}.note", f"a fact with status {status!r} needs a note saying why and where to check")
        return None
    if "value" not in entry:
        p.add(f"{key}.value", 'missing required key (or set status = "unknown" with a note)')
        return None
    # The message names the fact itself (certs.CCS.exam.minutes), the thing a maintainer edits.
    value = check_value(p, key, entry["value"], kind)
    if value is not None:
        check_range(p, key, value, status, note)
    return value


# What a figure from a survey is missing, named by kind, for the message.
SURVEY_NEEDS = {SALARY: "a salary", RATE: "a rate"}


def check_survey(
    p: Problems, key: str, entry: Mapping[str, Any], kind: str, status: str
) -> tuple[str | None, int | None, str | None] | None:
    """A salary's or a rate's survey (its population), year and statistic; a known or range one
    without all three is refused, so that no comparison row can mix years or statistics."""
    survey = year = statistic = None
    if "survey" in entry and (survey := p.text(f"{key}.survey", entry["survey"])) is None:
        return None
    if "year" in entry and (year := p.expect(f"{key}.year", entry["year"], int, "an integer")) is None:
        return None
    if year is not None and not FIRST_DAY.year <= year <= LAST_DAY.year:
        span = f"{FIRST_DAY.year} to {LAST_DAY.year}"
        p.add(f"{key}.year", f"expected a year from {span}, got {show_value(year)}")
        return None
    if "statistic" in entry and (statistic := p.text(f"{key}.statistic", entry["statistic"])) is None:
        return None
    allowed = STATISTICS.get(kind, ())
    if statistic is not None and statistic not in allowed:
        p.add(
            f"{key}.statistic",
            f"expected one of {one_of(allowed)}, got {statistic!r}{did_you_mean(statistic, allowed)}",
        )
        return None
    given = {"survey": survey, "year": year, "statistic": statistic}
    missing = [name for name, got in given.items() if got is None]
    if kind in STATISTICS and status in ("known", "range") and missing:
        p.add(
            key,
            f"{SURVEY_NEEDS[kind]} needs the survey it comes from (its population), its year and its "
            f"statistic ({one_of(allowed)}); missing: {', '.join(missing)}",
        )
        return None
    return survey, year, statistic


def check_range(p: Problems, key: str, value: FactValue, status: str, note: str | None) -> None:
    """A money or rate range goes with status "range"; a range of any kind needs a note."""
    if isinstance(value, Money | Rate) and (status == "range") != (value.low != value.high):
        p.add(key, 'a range { low, high } needs status = "range", and status "range" needs a range')
    elif status == "range" and not isinstance(value, Money | Months | Rate):
        p.add(f"{key}.status", "only money, months and rate facts can be ranges")
    if status == "range" and note is None:
        p.add(f"{key}.note", "a range needs a note saying why it is not settled and where to check")


# The largest figure of each kind: far above any real one (the dearest exam is under $1,000, a
# degree takes 48 months, an exam has 150 questions), and small enough that no sum of them
# grows past what Python will print.
MAX_FIGURE = {MONEY: 1_000_000, SALARY: 1_000_000, MONTHS: 600, RATE: 100, INT: 10_000}
UNITS = {MONEY: "dollars", SALARY: "dollars", MONTHS: "months", RATE: "percent", INT: ""}


def check_value(p: Problems, key: str, value: Any, kind: str) -> FactValue:
    """A fact's value as its kind; None when it is not one."""
    expected = EXPECTED[kind]
    if kind == TEXT:
        return p.text(key, value)
    if kind == INT:
        number: int | None = p.expect(key, value, int, expected)
        if number is not None and not 0 < number <= MAX_FIGURE[INT]:
            top = MAX_FIGURE[INT]
            p.add(key, f"expected a positive integer of at most {top:,}, got {show_value(number)}")
            return None
        return number
    if kind == BOOL:
        flag: bool | None = p.expect(key, value, bool, expected)
        return flag
    if kind == LIST:
        items = p.string_list(key, value)
        return None if items is None else tuple(items)
    # MONEY / SALARY / MONTHS / RATE: one figure or a range. A span of months (12 or 24, by
    # route) is a known range; a money or rate range means the sources disagree (status = "range").
    make: type[Money] | type[Months] | type[Rate] = (
        Months if kind == MONTHS else Rate if kind == RATE else Money
    )
    ranged = isinstance(value, dict) and set(value) == {"low", "high"}
    low, high = (value["low"], value["high"]) if ranged else (value, value)
    whole = all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high))
    # A percent of a population cannot pass 100; no other figure comes near its ceiling.
    top = MAX_FIGURE[kind]
    if whole and 0 <= low and (low < high or not ranged) and high <= top:
        return make(low, high)
    # A rate's expected form names its bounds already.
    bounds = "" if kind == RATE else f" (from 0 to {top:,} {UNITS[kind]})"
    p.add(key, f"expected {expected} with low < high, got {show_value(value)}{bounds}")
    return None


def attach_steps(p: Problems, raw_certs: Any, certs: dict[str, Cert], choices: Choices) -> None:
    """Next steps and requirements carry conditions, so they are read once the questions are known."""
    if not isinstance(raw_certs, dict):
        return
    for code, cert in list(certs.items()):
        entry = raw_certs[code]
        key = f"certs.{code}.next_steps"
        items = p.expect(key, entry.get("next_steps", []), list, "a list of tables ([[...next_steps]])")
        if items is None:
            continue
        steps = [check_step(p, f"{key}[{index}]", item, choices) for index, item in enumerate(items)]
        requires = None
        if "requires" in entry:
            requires = check_requirement(p, f"certs.{code}.requires", entry["requires"], choices)
        else:
            check_unknown_eligibility(p, code, cert)
        certs[code] = cert._replace(
            next_steps=tuple(step for step in steps if step is not None), requires=requires
        )


def check_unknown_eligibility(p: Problems, code: str, cert: Cert) -> None:
    """A certification whose eligibility rules we could not read has a [requires] table.

    Without one the advice treats it as open to anyone, with nothing to check before booking,
    and may call it a confident pick; with one, the result states what to check and is never
    advised with high confidence until the answers show the requirement is met.
    """
    required = cert.facts.get("eligibility.required")
    if required is not None and required.status == "unknown":
        p.add(
            f"certs.{code}.requires",
            f'missing: eligibility.required is "unknown", so {code} needs a [certs.{code}.requires] '
            "table saying what to check before booking (text), with met_when if some answers show "
            "it is met; otherwise it is advised as open to anyone",
        )


def check_step(p: Problems, key: str, raw: Any, choices: Choices) -> Step | None:
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(key, entry, ("text",), ("url", "when"))
    url = None
    if "url" in entry and (url := p.text(f"{key}.url", entry["url"])) is None:
        return None
    if url is not None and not url.startswith(("https://", "http://")):
        # A step's link is shown and, in the HTML report, clicked: never javascript: or file:.
        p.add(f"{key}.url", f"expected an http(s) URL, got {show_value(url)}")
        return None
    if url is not None and (problem := url_problem(url)) is not None:
        p.add(f"{key}.url", problem)
        return None
    text = p.text(f"{key}.text", entry.get("text"))
    if text is None:
        return None
    when = p.when(key, entry, choices)
    if when is None:
        return None
    return Step(text, url, when)


# Without met_when no answer can show a requirement is met (such as current work in a role the
# questions do not ask about), so it is always stated.
NEVER = Condition(Kind.NOT, parts=(ALWAYS,))


def check_requirement(p: Problems, key: str, raw: Any, choices: Choices) -> Requirement | None:
    entry = p.table(key, raw)
    if entry is None:
        return None
    p.keys(key, entry, ("text",), ("met_when",))
    text = p.text(f"{key}.text", entry.get("text"))
    if text is None:
        return None
    met = p.when(key, entry, choices, name="met_when", default=NEVER)
    if met is None:
        return None
    return Requirement(text, met)
