"""The catalog cache: used only while the data and the code are unchanged, never a failure."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Parses
from typer.testing import CliRunner

import certadvisor.version
from certadvisor.cli.app import app
from certadvisor.errors import DataError
from certadvisor.load import cache
from certadvisor.load.cache import CACHE_ENV, FORMAT, cache_dir, load_cached
from certadvisor.load.datafile import load_catalog

CPC_NAME = 'name = "Certified Professional Coder"'


@pytest.fixture
def data(make_data: Callable[..., Path]) -> Path:
    return make_data()


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("catalog-*.pickle"))


def test_second_load_comes_from_the_cache(tmp_path: Path, data: Path, parses: Parses) -> None:
    first = load_cached(data, tmp_path)
    second = load_cached(data, tmp_path)
    assert parses.count == 1
    assert second == first == load_catalog(data)
    assert len(entries(tmp_path)) == 1


def test_an_edited_data_file_is_parsed_again(
    tmp_path: Path, make_data: Callable[..., Path], parses: Parses
) -> None:
    path = make_data()
    assert load_cached(path, tmp_path).certs["CPC"].name == "Certified Professional Coder"
    make_data((CPC_NAME, 'name = "Certified Professional Coder (edited)"'))
    assert load_cached(path, tmp_path).certs["CPC"].name == "Certified Professional Coder (edited)"
    assert parses.count == 2
    # Still one entry for the one path: the new catalog replaced the old one.
    assert len(entries(tmp_path)) == 1


def test_a_broken_data_file_is_never_cached(
    tmp_path: Path, make_data: Callable[..., Path], parses: Parses
) -> None:
    path = make_data((CPC_NAME, "name = 5"))
    for _ in range(2):
        with pytest.raises(DataError, match=r"certs\.CPC\.name"):
            load_cached(path, tmp_path)
    assert parses.count == 2
    assert entries(tmp_path) == []


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps(["a", "list"]), pickle.dumps((FORMAT + 1, (), "", None))],
    ids=["empty", "garbage", "wrong type", "other format"],
)
def test_an_unusable_entry_is_rebuilt(tmp_path: Path, data: Path, parses: Parses, content: bytes) -> None:
    load_cached(data, tmp_path)
    [entry] = entries(tmp_path)
    entry.write_bytes(content)
    assert load_cached(data, tmp_path) == load_catalog(data)
    assert parses.count == 2
    # ...and the rebuilt entry serves the next run.
    load_cached(data, tmp_path)
    assert parses.count == 2


def test_an_entry_from_other_code_is_not_trusted(tmp_path: Path, data: Path, parses: Parses) -> None:
    catalog = load_cached(data, tmp_path)
    [entry] = entries(tmp_path)
    stored = pickle.loads(entry.read_bytes())
    assert stored[1] == cache._code_stamp()
    # Same text and a valid catalog, but written by other code (here: another Python).
    entry.write_bytes(pickle.dumps((FORMAT, ((3, 0), *stored[1][1:]), stored[2], catalog)))
    load_cached(data, tmp_path)
    assert parses.count == 2


def test_a_new_version_is_other_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The version is part of the stamp, so an upgrade never reuses an entry."""
    before = cache._code_stamp()
    assert before[0] == certadvisor.version.__version__
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache._code_stamp() != before


def test_the_same_file_by_another_path_names_that_path(
    tmp_path: Path, data: Path, parses: Parses, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_cached(data, tmp_path)
    monkeypatch.chdir(data.parent)
    relative = Path(data.name)
    assert relative != data
    assert load_cached(relative, tmp_path).path == relative
    assert parses.count == 1


def test_an_unwritable_cache_is_skipped(tmp_path: Path, data: Path, parses: Parses) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    for _ in range(2):
        assert load_cached(data, blocked / "certadvisor") == load_catalog(data)
    assert parses.count == 2


def test_no_directory_means_no_cache(data: Path, parses: Parses) -> None:
    load_cached(data, None)
    load_cached(data, None)
    assert parses.count == 2


def test_missing_data_file_is_the_usual_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="data file not found"):
        load_cached(tmp_path / "nowhere.toml", tmp_path)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({CACHE_ENV: "/somewhere/else", "XDG_CACHE_HOME": "/xdg"}, Path("/somewhere/else")),
        ({CACHE_ENV: "", "XDG_CACHE_HOME": "/xdg"}, None),
        ({CACHE_ENV: "  ", "XDG_CACHE_HOME": "/xdg"}, None),
        ({CACHE_ENV: None, "XDG_CACHE_HOME": "/xdg"}, Path("/xdg/certadvisor")),
        (
            {CACHE_ENV: None, "XDG_CACHE_HOME": "", "HOME": "/home/someone"},
            Path("/home/someone/.cache/certadvisor"),
        ),
    ],
)
def test_where_the_cache_lives(env: dict[str, str | None], expected: Path | None) -> None:
    variables = {name: value for name, value in env.items() if value is not None}
    assert cache_dir(variables, "linux") == expected


def test_commands_use_the_cache_and_print_the_same(
    runner: CliRunner, tmp_path: Path, data: Path, parses: Parses, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    outputs = []
    for _ in range(2):
        result = runner.invoke(app, ["compare", "CPC", "CCS", "--json", "--data", str(data)])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert parses.count == 1
    assert len(entries(tmp_path / "cache")) == 1


def test_check_data_reads_the_file_itself(
    runner: CliRunner, tmp_path: Path, make_data: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Plant an entry that claims the broken file is fine: the cache is for speed, and
    # check-data's verdict must come from the file.
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(directory))
    path = make_data()
    good = load_cached(path, directory)
    broken = make_data((CPC_NAME, "name = 5"))
    assert broken == path
    [entry] = entries(directory)
    entry.write_bytes(pickle.dumps((FORMAT, cache._code_stamp(), broken.read_text(encoding="utf-8"), good)))
    result = runner.invoke(app, ["check-data", str(broken)])
    assert result.exit_code == 2
    assert "certs.CPC.name" in result.stderr


def test_an_entry_others_can_write_is_not_trusted(tmp_path: Path, data: Path, parses: Parses) -> None:
    # Unpickling runs code: a cache file anyone else could have written is never read.
    load_cached(data, tmp_path)
    [entry] = entries(tmp_path)
    entry.chmod(0o666)
    load_cached(data, tmp_path)
    assert parses.count == 2
    # The entry written in its place is private again, and serves the next run.
    load_cached(data, tmp_path)
    assert parses.count == 2
