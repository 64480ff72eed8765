"""Reading and checking answers: files (TOML or JSON), stdin, ``--set`` and batch lines.

The answers format is a public interface: a table of question id to value, either at the top
level or under an ``answers`` key (the form ``quiz --save-answers`` writes, with metadata).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .errors import AnswersError, did_you_mean, one_of

# Keys allowed next to `answers` in a saved answers file; they are informational only.
META_KEYS = ("schema_version", "saved", "data_updated", "tool")


def validate(catalog: Catalog, raw: Any, where: str = "answers") -> dict[str, str]:
    """Check a mapping of answers against the questions; return it in question order."""
    if isinstance(raw, Mapping) and "answers" in raw:
        extra = [key for key in raw if key != "answers" and key not in META_KEYS]
        if extra:
            raise AnswersError(
                f"{_at(where)}unknown key {extra[0]!r}{did_you_mean(extra[0], META_KEYS)}; next to "
                f"'answers' only {one_of(META_KEYS)} are allowed"
            )
        raw = raw["answers"]
    if not isinstance(raw, Mapping):
        raise AnswersError(f"{_at(where)}expected a table of question ids to values, got {_kind(raw)}")
    ids = [q.id for q in catalog.questions]
    for key, value in raw.items():
        if key not in ids:
            raise AnswersError(
                f"{_at(where)}unknown question {key!r}{did_you_mean(str(key), ids)}; "
                f"known questions: {', '.join(ids)}"
            )
        question = catalog.question(key)
        if not isinstance(value, str):
            raise AnswersError(
                f"{_at(where)}{key}: expected one of {one_of(question.values)}, got {_kind(value)}"
            )
        if value not in question.values:
            raise AnswersError(
                f"{_at(where)}{key}: {value!r} is not allowed{did_you_mean(value, question.values)}; "
                f"allowed values: {one_of(question.values)}"
            )
    return {qid: raw[qid] for qid in ids if qid in raw}


def parse_sets(catalog: Catalog, items: Iterable[str]) -> dict[str, str]:
    """Parse ``--set id=value`` options (validated like a file)."""
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AnswersError(
                f"--set {item!r}: expected QUESTION=VALUE, for example --set setting=inpatient"
            )
        pairs[key.strip()] = value.strip()
    return validate(catalog, pairs, "--set")


def load_answers(catalog: Catalog, path: str) -> dict[str, str]:
    """Read and validate an answers file (``-`` is JSON on stdin)."""
    return validate(catalog, read_answers_file(path), "<stdin>" if path == "-" else path)


def read_answers_file(path: str) -> Any:
    """Read an answers file: TOML or JSON chosen by extension; ``-`` is JSON on stdin."""
    if path == "-":
        return parse_json(sys.stdin.read(), "<stdin>")
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise AnswersError(f"{path}: answers files must end in .toml or .json (or use - for JSON on stdin)")
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise AnswersError(f"{path}: cannot read: {error}") from None
    if suffix == ".json":
        return parse_json(text, path)
    import tomllib  # only for TOML answers: JSON and --set runs skip its import

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AnswersError(f"{path}: not valid TOML: {error}") from None


def parse_json(text: str, where: str) -> Any:
    """Parse JSON text, turning every way it can fail into one ``AnswersError``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise AnswersError(
            f"{_at(where)}not valid JSON: {error.msg} (at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise AnswersError(f"{_at(where)}not valid answers: the JSON is nested too deeply") from None
    except ValueError as error:  # e.g. an integer too long to convert
        raise AnswersError(f"{_at(where)}not valid JSON: {error}") from None


def _at(where: str) -> str:
    """Message prefix naming the input; batch lines pass "" since the line number says it."""
    return f"{where}: " if where else ""


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if value is None:
        return "null"
    return repr(value)
