"""How to get a result again: the command that replays it, and the saved-answers file.

Both are plain text the CLI writes: the command on the quiz's result screen and in reports, the
answers to a file ``recommend --answers`` reads back.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from collections.abc import Mapping
from pathlib import Path

from certadvisor.model.catalog import Catalog

# The shape of a saved answers file: the questions' answers and a few informational keys. It has
# not changed since the first version, whatever the JSON documents' own schema_version says.
ANSWERS_VERSION = 1


def reproduce_command(
    answers: Mapping[str, str], data: Path | None = None, *, multiline: bool = False
) -> str:
    """The exact non-interactive command that gives the same result.

    ``multiline`` puts each option on its own continued line, so the command fits 80 columns
    and still pastes into a shell as one command.
    """
    options: list[list[str]] = []
    if data is not None:
        options.append(["--data", str(data)])
    options += [["--set", f"{qid}={value}"] for qid, value in answers.items()]
    pieces = ["certadvisor recommend"] + [" ".join(shlex.quote(p) for p in o) for o in options]
    return (" \\\n    " if multiline else " ").join(pieces)


def saved_answers_text(
    catalog: Catalog, answers: Mapping[str, str], path: Path, now: dt.datetime, data: Path | None = None
) -> str:
    """Answers in the format ``recommend --answers`` reads: TOML or JSON by the file's extension.

    A TOML file opens with the command that replays it, naming ``data`` when the answers were
    given against a data file the user chose.
    """
    meta = {
        "schema_version": ANSWERS_VERSION,
        "saved": now.isoformat(timespec="seconds"),
        "data_updated": catalog.updated.isoformat(),
    }
    if path.suffix.lower() == ".json":
        return json.dumps({**meta, "answers": dict(answers)}, indent=2, ensure_ascii=False) + "\n"
    chosen = "" if data is None else f" --data {shlex.quote(str(data))}"
    lines = [f"# certadvisor answers: replay with `certadvisor recommend{chosen} --answers THIS_FILE`"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in meta.items()]
    lines += ["", "[answers]"]
    # JSON string escapes are valid TOML basic-string escapes.
    lines += [f"{qid} = {json.dumps(value, ensure_ascii=False)}" for qid, value in answers.items()]
    return "\n".join(lines) + "\n"
