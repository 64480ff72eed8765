"""JSON text: the schema version, indented documents and one-line records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

SCHEMA_VERSION = 2  # 2: facts carry their evidence (kind, date, the day compared), not checked dates

# orjson writes the same text as the standard library's ``json.dumps(data, ensure_ascii=False,
# indent=2)`` (or, for lines, with ``separators=(",", ":")``), as the tests check, at a fraction
# of the cost: the standard library's indented output is pure Python, and a batch line is 5 KB.
# orjson refuses a string that is not valid Unicode, which a file name with undecodable bytes
# can be; the standard library then writes it as Python holds it, as before. Dataclasses and
# dates, which orjson would write and the standard library refuses, are passed through to that
# refusal too, so a value that should have been converted fails loudly rather than quietly.
_STRICT = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def dumps(data: Any) -> str:
    """Stable, indented JSON text: keys in insertion order, UTF-8 kept readable."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | _STRICT).decode()
    except orjson.JSONEncodeError:
        import json

        return json.dumps(data, ensure_ascii=False, indent=2)


def json_line_bytes(data: Any) -> bytes:
    """``json_line`` as UTF-8 bytes, the form a batch passes between processes and writes."""
    try:
        return orjson.dumps(data, option=_STRICT)
    except orjson.JSONEncodeError:
        return json_line(data).encode("utf-8", "backslashreplace")


def json_line(data: Any) -> str:
    """The same JSON on one line with no spaces: one JSON Lines record."""
    try:
        return orjson.dumps(data, option=_STRICT).decode()
    except orjson.JSONEncodeError:
        import json

        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def versioned(document: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON document with ``schema_version`` first: the one place the wrapper is built."""
    return {"schema_version": SCHEMA_VERSION, **{k: v for k, v in document.items() if k != "schema_version"}}
