"""Reading and checking answers: files (TOML or JSON), stdin, ``--set`` and batch lines.

The answers format is a public interface: a table of question id to value, either at the top
level or under an ``answers`` key (the form ``quiz --save-answers`` writes, with metadata).

An answers file must be a regular file of at most ``MAX_ANSWERS_BYTES`` (1 MiB; a real one is
under 2 KB); standard input (``-``) is read up to the same size. A key given twice (in a JSON
object, or as two ``--set`` of one question with different values) is refused rather than the
last one silently winning, as TOML already does. Values quoted in messages are cut short and
their control characters escaped.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from certadvisor.errors import AnswersError
from certadvisor.load.datafile import (
    SpecialFileError,
    TooLargeError,
    decode_text,
    open_regular,
    parse_toml,
    read_capped,
    size_text,
)
from certadvisor.load.listing import MAX_LISTED_VALUES, allowed_values, suggest
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import SEPARATOR
from certadvisor.model.records import Question
from certadvisor.text import did_you_mean, escape_controls, one_of, shown

# The largest answers file (or standard input) read: a real one is under 2 KB.
MAX_ANSWERS_BYTES = 1024 * 1024

# Keys allowed next to `answers` in a saved answers file; they are informational only.
META_KEYS = ("schema_version", "saved", "data_updated", "tool")


def validate(catalog: Catalog, raw: Any, where: str = "answers") -> dict[str, str]:
    """Check a mapping of answers against the questions; return it in question order."""
    if isinstance(raw, Mapping) and "answers" in raw:
        extra = [key for key in raw if key != "answers" and key not in META_KEYS]
        if extra:
            raise AnswersError(
                f"{_at(where)}unknown key {shown(extra[0])}{did_you_mean(str(extra[0]), META_KEYS)}; next to "
                f"'answers' only {one_of(META_KEYS)} are allowed"
            )
        raw = raw["answers"]
    if not isinstance(raw, Mapping):
        raise AnswersError(f"{_at(where)}expected a table of question ids to values, got {_kind(raw)}")
    ids = [q.id for q in catalog.questions]
    for key, value in raw.items():
        if key not in ids:
            raise AnswersError(
                f"{_at(where)}unknown question {shown(key)}{suggest(str(key), ids)}; "
                f"known questions: {allowed_values(ids, ', ')}"
            )
        question = catalog.question(key)
        if question.multiple:
            continue  # checked and spelt once by ``_set_answer``
        if not isinstance(value, str):
            raise AnswersError(
                f"{_at(where)}{key}: expected one of {_listed(question.values)}, got {_kind(value)}"
            )
        if value not in question.values:
            raise AnswersError(
                f"{_at(where)}{key}: {shown(value)} is not allowed{suggest(value, question.values)}; "
                f"allowed values: {_answerable(question.values)}"
            )
    return {qid: _answer(catalog.question(qid), raw[qid], where) for qid in ids if qid in raw}


def _answer(question: Question, value: Any, where: str) -> str:
    return _set_answer(question, value, where) if question.multiple else str(value)


def _set_answer(question: Question, value: Any, where: str) -> str:
    """A set question's answer, from a list of its values or a string of them joined by "," or
    "+", in its one spelling (its members in the question's order, joined by "+")."""
    parts: Any = value.replace(",", SEPARATOR).split(SEPARATOR) if isinstance(value, str) else value
    singles = tuple(v for v in question.values if SEPARATOR not in v)
    if not isinstance(parts, list) or not parts or not all(isinstance(part, str) for part in parts):
        raise AnswersError(
            f"{_at(where)}{question.id}: expected one or more of {_listed(singles)}, got {_kind(value)}"
        )
    chosen = [part.strip() for part in parts]
    for part in chosen:
        if part not in singles:
            raise AnswersError(
                f"{_at(where)}{question.id}: {shown(part)} is not allowed{suggest(part, singles)}; "
                f"allowed values: {_answerable(singles)} (several joined by commas)"
            )
    if question.neutral in chosen and len(set(chosen)) > 1:
        raise AnswersError(
            f"{_at(where)}{question.id}: {shown(question.neutral)} cannot be given with other values"
        )
    return SEPARATOR.join(v for v in singles if v in chosen)


def parse_sets(catalog: Catalog, items: Iterable[str]) -> dict[str, str]:
    """Parse ``--set id=value`` options (validated like a file).

    The same question set twice to the same value is harmless; to two different values it is
    refused, naming the question, since one of them would otherwise be silently dropped.
    """
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AnswersError(
                f"--set {shown(item)}: expected QUESTION=VALUE, for example --set setting=inpatient"
            )
        key, value = key.strip(), value.strip()
        if key in pairs and pairs[key] != value:
            raise AnswersError(
                f"--set: {shown(key)} is set twice, to {shown(pairs[key])} and to {shown(value)}; "
                "give it once"
            )
        pairs[key] = value
    return validate(catalog, pairs, "--set")


def load_answers(catalog: Catalog, path: str, *, stdin: TextIO | None = None) -> dict[str, str]:
    """Read and validate an answers file (``-`` is JSON on ``stdin``)."""
    return validate(catalog, read_answers_file(path, stdin=stdin), "<stdin>" if path == "-" else path)


def read_answers_file(path: str, *, stdin: TextIO | None = None) -> Any:
    """Read an answers file: TOML or JSON chosen by extension; ``-`` is JSON on ``stdin``.

    ``stdin`` is the caller's standard input (the CLI's ``Environment``); None reads as closed.
    """
    if path == "-":
        return parse_json(_read_stdin(stdin), "<stdin>")
    shown_path = escape_controls(path)
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise AnswersError(
            f"{shown_path}: answers files must end in .toml or .json (or use - for JSON on stdin)"
        )
    try:
        with open_regular(file) as handle:
            text = decode_text(read_capped(handle, MAX_ANSWERS_BYTES))
    except FileNotFoundError:
        raise AnswersError(f"{shown_path}: file not found") from None
    except IsADirectoryError:
        raise AnswersError(f"{shown_path}: cannot read: it is a directory, not an answers file") from None
    except (SpecialFileError, TooLargeError) as error:
        raise AnswersError(f"{shown_path}: cannot read: {_refusal(error)}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise AnswersError(f"{shown_path}: cannot read: {error}") from None
    if suffix == ".json":
        return parse_json(text, path)
    # tomllib is imported only for TOML answers: JSON and --set runs skip its import.
    return parse_toml(text, shown_path, AnswersError)


def _read_stdin(stdin: TextIO | None) -> str:
    """Standard input's text, up to ``MAX_ANSWERS_BYTES`` (``< /dev/zero`` is one error)."""
    if stdin is None:  # started with stdin closed (``<&-``)
        raise AnswersError("<stdin>: cannot read: standard input is closed")
    try:
        text = stdin.read(MAX_ANSWERS_BYTES + 1)
    except (OSError, UnicodeDecodeError) as error:
        raise AnswersError(f"<stdin>: cannot read: {error}") from None
    if len(text) > MAX_ANSWERS_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_ANSWERS_BYTES:
        raise AnswersError(f"<stdin>: cannot read: {_refusal(TooLargeError())}")
    return text


def _refusal(error: OSError) -> str:
    if isinstance(error, TooLargeError):
        return f"it is larger than {size_text(MAX_ANSWERS_BYTES)}, far more than any answers file"
    return str(error.strerror)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict, refusing a key given twice (JSON allows it; TOML and
    certadvisor do not, since the last one would silently win)."""
    table = dict(pairs)
    if len(table) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return table


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_json(text: str, where: str) -> Any:
    """Parse JSON text, turning every way it can fail into one ``AnswersError``."""
    where = escape_controls(where)
    # A byte-order mark, as Windows tools often write one, is not part of the JSON.
    text = text.removeprefix("\ufeff")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as error:
        raise AnswersError(
            f"{_at(where)}not valid answers: the key {shown(error.key)} is given twice; give it once"
        ) from None
    except json.JSONDecodeError as error:
        raise AnswersError(
            f"{_at(where)}not valid JSON: {error.msg} (at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise AnswersError(f"{_at(where)}not valid answers: the JSON is nested too deeply") from None
    except ValueError as error:  # "Exceeds the limit (4300 digits) for integer string conversion"
        # The rest of Python's message is advice to the programmer (sys.set_int_max_str_digits).
        reason = str(error).split(";")[0]
        raise AnswersError(f"{_at(where)}not valid JSON: {reason}") from None


def _answerable(values: Collection[str]) -> str:
    """The allowed values of an answer, or where to find them when there are too many to list."""
    many = len(values) > MAX_LISTED_VALUES
    return allowed_values(values) + (" (certadvisor questions lists them)" if many else "")


def _listed(values: Collection[str]) -> str:
    """What follows "one of": "a, b or c", or "its N values" when there are many."""
    return one_of(values) if len(values) <= MAX_LISTED_VALUES else f"its {len(values):,} values"


def _at(where: str) -> str:
    """Message prefix naming the input; batch lines pass "" since the line number says it."""
    return f"{where}: " if where else ""


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({shown(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if value is None:
        return "null"
    return shown(value)
