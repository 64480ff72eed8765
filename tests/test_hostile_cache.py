"""The catalog cache against hostile or careless surroundings (issue #16).

Planted FIFOs and symlinks, shared folders, odd umasks and homes: the command must still run,
never hang, and never read or create anything it should not. Anything that could hang is run
in a real process with a timeout, so a regression fails the test instead of blocking the suite.
"""

from __future__ import annotations

import json
import os
import pickle
import socket
import stat
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Parses

from certadvisor.load.cache import CACHE_ENV, MAX_ENTRIES, cache_dir, load_cached
from certadvisor.load.datafile import default_data_path, load_catalog

TIMEOUT = 60
posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs POSIX users and modes")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def run_cli(
    *args: str, env: dict[str, str], cwd: Path | None = None, umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run certadvisor in a fresh process; a hang is a TimeoutExpired failure, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-m", "certadvisor", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )


def base_env(**changes: str | None) -> dict[str, str]:
    """This process's environment with no cache settings inherited, plus ``changes``."""
    env = {k: v for k, v in os.environ.items() if k not in (CACHE_ENV, "XDG_CACHE_HOME", "HOME")}
    env["NO_COLOR"] = "1"
    env["HOME"] = os.environ.get("HOME", "/")
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def list_json(env: dict[str, str], cwd: Path | None = None, umask: int | None = None) -> object:
    """``certadvisor list --json``, which must succeed quietly whatever the cache holds."""
    result = run_cli("list", "--json", env=env, cwd=cwd, umask=umask)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["certifications"]
    return data


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("catalog-*.pickle"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def private_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    return directory


# --- planted files at the entry's name ------------------------------------------------------


@needs_fifo
def test_a_fifo_at_the_entry_name_does_not_hang(private_dir: Path) -> None:
    env = base_env(**{CACHE_ENV: str(private_dir)})
    first = list_json(env)
    [entry] = entries(private_dir)
    entry.unlink()
    os.mkfifo(entry)
    assert list_json(env) == first
    # The FIFO was replaced by a real entry, which serves the next run.
    assert stat.S_ISREG(entry.lstat().st_mode)
    assert list_json(env) == first


@pytest.mark.parametrize("kind", ["directory", "socket", "symlink to /dev/zero"])
def test_other_things_at_the_entry_name_are_skipped(private_dir: Path, kind: str) -> None:
    env = base_env(**{CACHE_ENV: str(private_dir)})
    first = list_json(env)
    [entry] = entries(private_dir)
    entry.unlink()
    if kind == "directory":
        entry.mkdir()
    elif kind == "socket":
        if not hasattr(socket, "AF_UNIX"):
            pytest.skip("needs Unix sockets")
        # Socket paths are short: bind from inside the folder with a relative name.
        here = os.getcwd()
        server = socket.socket(socket.AF_UNIX)
        try:
            os.chdir(private_dir)
            server.bind(entry.name)
        finally:
            os.chdir(here)
    else:
        entry.symlink_to("/dev/zero")
    try:
        assert list_json(env) == first
        assert list_json(env) == first
    finally:
        if kind == "socket":
            server.close()


@posix_only
def test_a_symlinked_entry_is_not_followed(tmp_path: Path, private_dir: Path, parses: Parses) -> None:
    # A valid, private entry reached through a symlink someone planted is still not read:
    # the link is replaced by a real entry, and what it pointed to is left alone.
    data = default_data_path()
    load_cached(data, private_dir)
    [entry] = entries(private_dir)
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    assert load_cached(data, private_dir) == load_catalog(data)
    assert parses.count == 2
    assert not entry.is_symlink()
    assert stat.S_ISREG(entry.lstat().st_mode)
    assert elsewhere.read_bytes() == before


# --- the folder itself -----------------------------------------------------------------------


@posix_only
@needs_fifo
def test_a_shared_sticky_folder_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    env = base_env(**{CACHE_ENV: str(shared)})
    first = list_json(env)
    assert entries(shared) == []
    # A FIFO another user plants at the entry's name is never opened.
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    list_json(base_env(**{CACHE_ENV: str(private)}))
    [name] = [p.name for p in entries(private)]
    os.mkfifo(shared / name)
    assert list_json(env) == first
    assert stat.S_ISFIFO((shared / name).lstat().st_mode)


@posix_only
def test_a_folder_owned_by_someone_else_is_not_used(tmp_path: Path, parses: Parses) -> None:
    if os.getuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o755)
    os.chown(theirs, 65534, 65534)
    data = default_data_path()
    load_cached(data, theirs)
    load_cached(data, theirs)
    assert parses.count == 2
    assert entries(theirs) == []


@posix_only
def test_folders_are_created_private_whatever_the_umask(tmp_path: Path) -> None:
    directory = tmp_path / "parent" / "cache"
    list_json(base_env(**{CACHE_ENV: str(directory)}), umask=0)
    assert mode(directory.parent) == 0o700
    assert mode(directory) == 0o700
    [entry] = entries(directory)
    assert mode(entry) == 0o600


def test_no_folder_is_created_above_the_cache_folders_parent(tmp_path: Path) -> None:
    directory = tmp_path / "a" / "b" / "cache"
    list_json(base_env(**{CACHE_ENV: str(directory)}))
    assert not (tmp_path / "a").exists()


# --- planted pickles (issue #26) ----------------------------------------------------------------


class _Planted:
    """A pickle that runs a command when it is unpickled: it touches ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _plant(folder: Path, marker: Path) -> Path:
    """A crafted pickle at the name the shipped data file's entry has in ``folder``: a
    private regular file of this user's, so that only what it holds can stop it."""
    name = f"catalog-{zlib.crc32(str(default_data_path().resolve()).encode()):08x}.pickle"
    entry = folder / name
    entry.write_bytes(pickle.dumps(_Planted(marker)))
    entry.chmod(0o600)
    return entry


@posix_only
def test_a_planted_pickle_never_runs(tmp_path: Path) -> None:
    # The round-three attack: $XDG_CACHE_HOME in a folder another user controls, holding a
    # symlink named certadvisor to a folder with a crafted pickle. The symlinked folder is not
    # used; and a crafted pickle in the user's own private folder (planted there some other
    # way) is refused by what it names, then replaced by a real entry.
    marker = tmp_path / "ran"
    planted = tmp_path / "planted"
    planted.mkdir(mode=0o700)
    _plant(planted, marker)
    xdg = tmp_path / "xdg"
    xdg.mkdir(mode=0o700)
    (xdg / "certadvisor").symlink_to(planted)
    env = base_env(XDG_CACHE_HOME=str(xdg))
    first = list_json(env)
    assert not marker.exists()
    assert (xdg / "certadvisor").is_symlink()
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    entry = _plant(private, marker)
    assert list_json(base_env(**{CACHE_ENV: str(private)})) == first
    assert not marker.exists()
    assert b"os" not in entry.read_bytes()[:64] and entries(private) == [entry]
    assert list_json(base_env(**{CACHE_ENV: str(private)})) == first


@posix_only
def test_a_folder_below_one_others_can_write_is_not_used(tmp_path: Path) -> None:
    # Others could rename the private cache folder away and put their own in its place.
    open_to_all = tmp_path / "open"
    open_to_all.mkdir()
    open_to_all.chmod(0o777)
    private = open_to_all / "cache"
    private.mkdir(mode=0o700)
    list_json(base_env(**{CACHE_ENV: str(private)}))
    assert entries(private) == []
    # Sticky, as /tmp is: others cannot rename what is not theirs, so the folder is used.
    open_to_all.chmod(0o1777)
    list_json(base_env(**{CACHE_ENV: str(private)}))
    assert len(entries(private)) == 1


# --- where the cache lives -------------------------------------------------------------------


def test_a_home_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    home = tmp_path / "nonexistent"
    list_json(base_env(HOME=str(home)), cwd=tmp_path)
    assert not home.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "relative-home"},
        {CACHE_ENV: "relative-cache"},
        {CACHE_ENV: "./cache"},
    ],
)
def test_relative_locations_write_nothing_in_the_current_folder(tmp_path: Path, env: dict[str, str]) -> None:
    list_json(base_env(**env), cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    list_json(base_env(HOME=str(home), XDG_CACHE_HOME="xdg"), cwd=work)
    assert list(work.iterdir()) == []
    assert len(entries(home / ".cache" / "certadvisor")) == 1


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"HOME": "/home/me"}, "/home/me/.cache/certadvisor"),
        ("linux", {"HOME": "/home/me", "XDG_CACHE_HOME": "/xdg"}, "/xdg/certadvisor"),
        ("linux", {"HOME": "/home/me", "XDG_CACHE_HOME": "xdg"}, "/home/me/.cache/certadvisor"),
        ("linux", {"HOME": ""}, None),
        ("linux", {"HOME": "   "}, None),
        ("linux", {"HOME": "home/me"}, None),
        ("darwin", {"HOME": "/Users/me"}, "/Users/me/Library/Caches/certadvisor"),
        ("darwin", {"HOME": "/Users/me", "XDG_CACHE_HOME": "/xdg"}, "/xdg/certadvisor"),
        (
            "win32",
            {"LOCALAPPDATA": "/c/Users/me/AppData/Local"},
            "/c/Users/me/AppData/Local/certadvisor/Cache",
        ),
        ("win32", {"LOCALAPPDATA": ""}, None),
        ("win32", {"LOCALAPPDATA": "AppData"}, None),
        ("linux", {CACHE_ENV: "/given", "HOME": ""}, "/given"),
        ("linux", {CACHE_ENV: "given", "HOME": "/home/me"}, None),
    ],
)
def test_the_platforms_cache_folder(platform: str, env: dict[str, str], expected: str | None) -> None:
    assert cache_dir(env, platform) == (None if expected is None else Path(expected))


# --- staying small ---------------------------------------------------------------------------


def test_entries_are_bounded_and_the_oldest_go(
    private_dir: Path, make_data: Callable[..., Path], parses: Parses
) -> None:
    paths = [make_data(name=f"certs-{i:02}.toml") for i in range(MAX_ENTRIES + 4)]
    for path in paths:
        load_cached(path, private_dir)
    assert len(entries(private_dir)) == MAX_ENTRIES
    parses.count = 0
    for path in paths[-MAX_ENTRIES:]:  # the newest are all still cached
        load_cached(path, private_dir)
    assert parses.count == 0
    load_cached(paths[0], private_dir)  # the oldest was evicted
    assert parses.count == 1
    assert len(entries(private_dir)) == MAX_ENTRIES


def test_temporary_files_a_killed_run_left_are_removed(
    private_dir: Path, make_data: Callable[..., Path]
) -> None:
    old = private_dir / ".catalog-0badf00d.pickle.abcd1234.tmp"
    fresh = private_dir / ".catalog-0badf00d.pickle.efgh5678.tmp"
    unrelated = private_dir / "notes.txt"
    for path in (old, fresh, unrelated):
        path.write_bytes(b"partial")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(unrelated, (hours_ago, hours_ago))
    load_cached(make_data(), private_dir)
    assert not old.exists()
    assert fresh.exists()
    assert unrelated.exists()


# --- never a failure -------------------------------------------------------------------------


@pytest.mark.parametrize("setup", ["cache dir is a file", "cache dir is a fifo", "entry is garbage"])
def test_a_broken_cache_never_fails_a_command(tmp_path: Path, setup: str) -> None:
    directory = tmp_path / "cache"
    if setup == "cache dir is a file":
        directory.write_text("in the way")
    elif setup == "cache dir is a fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs FIFOs")
        os.mkfifo(directory)
    else:
        directory.mkdir(mode=0o700)
        list_json(base_env(**{CACHE_ENV: str(directory)}))
        [entry] = entries(directory)
        entry.write_bytes(b"\x80\x05garbage")
    result = run_cli("list", "--json", env=base_env(**{CACHE_ENV: str(directory)}))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["certifications"]
