"""Shared fixtures: the shipped data text, broken copies of it, the loaded catalog and engine,
the result schema's validator, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer import Typer
from typer.testing import CliRunner, Result

from certadvisor.core.engine import Engine
from certadvisor.env import Environment
from certadvisor.load import cache
from certadvisor.load.cache import CACHE_ENV
from certadvisor.load.datafile import DATA_ENV, catalog_from_text, default_data_path, load_catalog
from certadvisor.model.catalog import Catalog

# Environment for rendering tests: 80 columns, no colour, and nothing inherited from the
# developer's shell that could redirect the data or force rich into terminal mode.
CLI_ENV: dict[str, str | None] = {
    "COLUMNS": "80",
    "LINES": "50",
    "NO_COLOR": "1",
    DATA_ENV: None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}


def replace_once(text: str, old: str, new: str) -> str:
    """Replace ``old``, which must occur exactly once, so no test can pass on an unchanged file."""
    count = text.count(old)
    assert count == 1, f"expected exactly one {old!r} in the shipped data, found {count}"
    changed = text.replace(old, new)
    assert changed != text
    return changed


@pytest.fixture(scope="session", autouse=True)
def catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test, and every process a test starts, caches catalogs in a private directory,
    never in the developer's ~/.cache."""
    directory = tmp_path_factory.mktemp("catalog-cache")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(directory)
    yield directory
    if before is None:
        del os.environ[CACHE_ENV]
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture(scope="session")
def shipped_path() -> Path:
    return default_data_path()


@pytest.fixture(scope="session")
def shipped_text(shipped_path: Path) -> str:
    return shipped_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def catalog(shipped_path: Path) -> Catalog:
    """The shipped catalog, loaded once per test module."""
    return load_catalog(shipped_path)


@pytest.fixture(scope="module")
def engine(catalog: Catalog) -> Engine:
    return Engine(catalog)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """A validator for the shipped result schema (itself checked first), with formats checked."""
    schema = json.loads(
        (resources.files("certadvisor") / "schemas" / "result.schema.json").read_text("utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="session")
def two_cert_head(shipped_text: str) -> str:
    """The shipped sources, bodies and certifications up to the questions, with only CPC and CCS.

    Tiny test catalogs append their own questions and rules to this, so that the tie-break and
    audit logic can be worked out by hand on two certifications. CPC and CCS come first in the
    file; everything from the next certification's table on is dropped. Conditional next steps
    read questions these catalogs do not have, so their `when` lines are dropped too.
    """
    head = shipped_text[: shipped_text.index("[[questions]]")]
    codes = re.findall(r"^\[certs\.([^\].]+)\]$", head, re.M)
    assert codes[:2] == ["CPC", "CCS"], codes
    if len(codes) > 2:
        head = head[: head.index(f"\n[certs.{codes[2]}]\n") + 1]
    head = "\n".join(line for line in head.splitlines() if not line.startswith("when = ")) + "\n"
    return _without_uncited_sources(head)


def _without_uncited_sources(text: str) -> str:
    """Drop the [sources.*] tables that nothing left in ``text`` cites (the loader rejects them)."""
    blocks = re.findall(r"^\[sources\.([^\]]+)\]\n(?:[^\[\n][^\n]*\n)*\n?", text, re.M)
    for sid in blocks:
        if not re.search(rf'source = "{re.escape(sid)}"', text):
            text = re.sub(rf"^\[sources\.{re.escape(sid)}\]\n(?:[^\[\n][^\n]*\n)*\n?", "", text, flags=re.M)
    return text


@pytest.fixture
def make_data(tmp_path: Path, shipped_text: str) -> Callable[..., Path]:
    """Write a copy of the shipped data with replacements applied; return its path.

    ``make_data((old, new), ..., name="certs.toml")``: each ``old`` must occur exactly once.
    """

    def make(*replacements: tuple[str, str], name: str = "certs.toml") -> Path:
        text = shipped_text
        for old, new in replacements:
            text = replace_once(text, old, new)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


class Parses:
    """Counts how often the data file is really parsed (rather than read from the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        monkeypatch.setattr(cache, "catalog_from_text", self)

    def __call__(self, text: str, path: Path) -> Catalog:
        self.count += 1
        return catalog_from_text(text, path)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Parses:
    return Parses(monkeypatch)


class EnvRunner(CliRunner):
    """A CliRunner that hands the command an ``Environment`` with some fields set (a pretend
    terminal, a fixed today), as ``MockEnvironment`` does in httpie's tests: the real streams
    of the invocation, with ``overrides`` applied."""

    def __init__(self, *, overrides: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.overrides = dict(overrides or {})

    def invoke(
        self,
        app: Typer,
        args: str | Sequence[str] | None = None,
        input: bytes | str | None = None,
        env: Mapping[str, str | None] | None = None,
        catch_exceptions: bool = True,
        color: bool = False,
        **extra: Any,
    ) -> Result:
        overrides = self.overrides
        extra.setdefault("obj", lambda: Environment.from_process()._replace(**overrides))
        return super().invoke(app, args, input, env, catch_exceptions, color, **extra)


def tty_overrides(today: dt.date | None = None) -> dict[str, Any]:
    """Environment fields for a pretend terminal on every stream (and a fixed today)."""
    found: dict[str, Any] = {"stdin_isatty": True, "stdout_isatty": True, "stderr_isatty": True}
    if today is not None:
        found["today"] = today
    return found


@pytest.fixture
def runner() -> CliRunner:
    return EnvRunner(env=CLI_ENV)


@pytest.fixture
def aged_data(tmp_path: Path, shipped_text: str) -> Path:
    """The shipped data with every evidence date and comparison moved back two years: evidence
    dated 2026 then falls due for fees (12 months) but not for facts with longer windows."""
    text = re.sub(
        r'((?:date|implies|compared) = "?)(\d{4})',
        lambda found: f"{found.group(1)}{int(found.group(2)) - 2}",
        shipped_text,
    )
    assert text != shipped_text
    path = tmp_path / "aged.toml"
    path.write_text(text, encoding="utf-8")
    return path


USAGE_PREAMBLE = re.compile(r"\AUsage: .*\nTry '.*' for help\.\n\n")


def error_message(stderr: str) -> str:
    """The one "Error: ..." message on stderr, after click's usage lines for a bad option."""
    message = USAGE_PREAMBLE.sub("", stderr, count=1)
    assert message.startswith("Error: "), stderr
    assert message.count("Error: ") == 1, stderr
    return message
