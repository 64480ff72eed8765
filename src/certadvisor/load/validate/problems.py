"""The problem collector that every check writes to, and the checks of single values.

Each check records what is wrong, with the file and the dotted key, and returns None; the table
that asked then gives up on that entry, so one mistake is reported once, not again by every
check that depends on it. A missing key gives None without a message: the table's ``keys``
check has already reported it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from certadvisor.model.conditions import ALWAYS, Condition, ConditionError, parse_condition, show_value
from certadvisor.model.records import Evidence, Source
from certadvisor.text import did_you_mean, shown

# The names a data file gives things that reach screens, links and commands are plain ASCII:
# no rich markup (``[link=...]``), no look-alike letters (a Cyrillic Р beside a Latin P), nothing
# a shell, a TOML answers file or a Markdown report reads differently from what it shows.
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,15}")
CODE_RULE = (
    "1 to 16 ASCII letters, digits and hyphens, starting with a letter or digit (such as CPC or CCS-P)"
)
QUESTION_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
QUESTION_ID_RULE = "1 to 40 ASCII lower-case letters, digits and _, starting with a letter (such as held)"
CHOICE_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
CHOICE_VALUE_RULE = (
    "1 to 40 ASCII letters, digits, _ and -, starting with a letter or digit (such as under_2_years or CPC-A)"
)
# Problems listed in one message before the rest are counted (as the text checks do).
MAX_LISTED = 20
# Every date a data file gives (a day checked, the file's own date) lies in these years: far
# dates would overflow the arithmetic that adds months to them.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


class Values(tuple[str, ...]):
    """A question's values, in order, looked up in constant time: conditions, offers and
    requirements check thousands of values against them, and a tuple's ``in`` reads it all."""

    _members: frozenset[str]

    def __new__(cls, values: Iterable[str]) -> Values:
        self = super().__new__(cls, values)
        self._members = frozenset(self)
        return self

    def __contains__(self, value: object) -> bool:
        return value in self._members


class Problems:
    """Every problem found in one data file, and what later tables are checked against."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []
        self.updated: dt.date | None = None  # meta.updated: no fact may be checked after it
        self.windows: dict[str, int] = {}  # [freshness]: months a check holds, per dimension
        self._versions: dict[str, dict[str, Evidence]] = {}  # source id -> version name -> version

    def versions(self, source: Source) -> Mapping[str, Evidence]:
        """A source's versions by name, indexed once: every fact citing a version finds it at once."""
        index = self._versions.get(source.id)
        if index is None:
            index = self._versions[source.id] = {v.version: v for v in source.versions}
        return index

    def add(self, key: str, message: str) -> None:
        self.lines.append(f"{self.path}: {key}: {message}")

    def keys(
        self,
        key: str,
        table: Mapping[str, Any],
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> None:
        """Report unknown keys and missing required ones."""
        allowed = required + optional
        for name in table:
            if name not in allowed:
                self.add(
                    f"{key}.{name}" if key else name,
                    f"unknown key{did_you_mean(name, allowed)}; allowed keys: {', '.join(allowed)}",
                )
        for name in required:
            if name not in table:
                self.add(f"{key}.{name}" if key else name, "missing required key")

    def expect(self, key: str, value: Any, kind: type, expected: str) -> Any:
        """``value`` if it is a ``kind`` (a bool is not an int), else None."""
        if value is None:
            return None
        if isinstance(value, kind) and not (isinstance(value, bool) and kind is int):
            return value
        self.add(key, f"expected {expected}, got {show_value(value)}")
        return None

    def table(self, key: str, value: Any) -> dict[str, Any] | None:
        result: dict[str, Any] | None = self.expect(key, value, dict, "a table")
        return result

    def text(self, key: str, value: Any) -> str | None:
        """A non-empty string, stripped."""
        result: str | None = self.expect(key, value, str, "a string")
        if result is None:
            return None
        if not result.strip():
            self.add(key, "expected a non-empty string")
            return None
        return result.strip()

    def string_list(self, key: str, value: Any) -> list[str] | None:
        """A non-empty list of non-empty strings, each stripped."""
        items = self.expect(key, value, list, "a list of strings")
        if items is None:
            return None
        if not items or not all(isinstance(item, str) and item.strip() for item in items):
            self.add(key, f"expected a non-empty list of strings, got {show_value(value)}")
            return None
        return [item.strip() for item in items]

    def date(self, key: str, value: Any) -> dt.date | None:
        """A day from ``FIRST_DAY`` to ``LAST_DAY``."""
        if value is None:
            return None
        day: dt.date | None = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                pass
        if day is None:
            self.add(key, f"expected a date like 2026-05-01, got {show_value(value)}")
            return None
        if not FIRST_DAY <= day <= LAST_DAY:
            self.add(key, f"expected a date from {FIRST_DAY} to {LAST_DAY}, got {day.isoformat()}")
            return None
        return day

    def name(self, key: str, value: str, what: str, pattern: re.Pattern[str], rule: str) -> bool:
        """True when ``value`` (a code, an id, a choice value) follows ``pattern``; else reported
        as ``what`` it is meant to be."""
        if pattern.fullmatch(value):
            return True
        self.add(key, f"{shown(value)} is not allowed as {what}: expected {rule}")
        return False

    def condition(self, key: str, raw: Any, choices: Mapping[str, Sequence[str]]) -> Condition | None:
        try:
            return parse_condition(raw, choices, "when")
        except ConditionError as error:
            self.add(key + error.path[len("when") :], error.message)
            return None

    def when(
        self,
        key: str,
        table: Mapping[str, Any],
        choices: Mapping[str, Sequence[str]],
        name: str = "when",
        default: Condition = ALWAYS,
    ) -> Condition | None:
        """The condition under ``name`` in ``table``, or ``default`` when there is none."""
        if name not in table:
            return default
        return self.condition(f"{key}.{name}", table[name], choices)

    def named_table(self, table: str, index: int, raw: Any) -> tuple[str, dict[str, Any]] | None:
        """An array-of-tables entry, keyed by its id when it has one, else by its position."""
        key = f"{table}[{index}]"
        entry = self.table(key, raw)
        if entry is None:
            return None
        name = entry.get("id")
        if isinstance(name, str) and name.strip():
            key = f"{table}.{name}"
        return key, entry
