"""The built wheel carries its data and works from any directory, with no checkout around."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from certadvisor.load.datafile import DATA_ENV

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PACKAGED_DATA = "certadvisor/data/certs.toml"


def clean_env() -> dict[str, str]:
    """The current environment without anything that could point at the checkout."""
    drop = {DATA_ENV, "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def check(command: list[str], *, timeout: float, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=clean_env(), **kwargs)
    assert proc.returncode == 0, f"{command} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    check(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir), str(ROOT)],
        timeout=600,
    )
    wheels = list(outdir.glob("certadvisor-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel (and its dependencies) installed; returns its bin/."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    check([sys.executable, "-m", "venv", str(venv)], timeout=300)
    bindir = venv / "bin"
    check([str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], timeout=900)
    return bindir


def test_wheel_contains_the_data_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert PACKAGED_DATA in names
        assert "certadvisor/py.typed" in names, "type checkers read the installed package's hints"
        data = tomllib.loads(archive.read(PACKAGED_DATA).decode("utf-8"))
    assert set(data["certs"]) == {
        *("CPC", "CCS", "COC", "CIC", "CRC", "CCA", "CCS-P", "RHIT"),
        *("CPB", "CPMA", "RHIA", "CDIP", "CCDS"),  # issue #12
    }
    assert set(data["bodies"]) == {"AAPC", "AHIMA", "ACDIS"}


def test_installed_recommend_knows_the_held_question(installed: Path, tmp_path: Path) -> None:
    # A CCS holder already doing CDI work: CDIP is the next step (without CDI work it is not).
    answers = ("held=CCS", "goal=cdi_specialist", "cdi_standing=cdi_work")
    args = ["recommend", *(part for answer in answers for part in ("--set", answer)), "--json"]
    proc = check([str(installed / "certadvisor"), *args], cwd=tmp_path, timeout=120)
    data = json.loads(proc.stdout)
    assert data["recommendation"] == "CDIP"
    assert data["held"] == ["CCS"]
    assert "CCS" not in [r["code"] for r in data["ranking"]]


def test_installed_compare_json_from_a_directory_without_data(installed: Path, tmp_path: Path) -> None:
    assert not (tmp_path / "data").exists()
    proc = check(
        [str(installed / "certadvisor"), "compare", "CPC", "CCS", "--json"],
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.stderr == ""
    data = json.loads(proc.stdout)
    certs = data["certifications"]
    assert len(certs) == 2
    assert [c["code"] for c in certs] == ["CPC", "CCS"]
    assert certs[1]["facts"]["exam"]["minutes"]["value"] == 240


def test_installed_package_reads_its_own_copy_of_the_data(installed: Path, tmp_path: Path) -> None:
    proc = check(
        [
            str(installed / "python"),
            "-c",
            "from certadvisor.load.datafile import default_data_path; print(default_data_path())",
        ],
        cwd=tmp_path,
        timeout=120,
    )
    path = Path(proc.stdout.strip())
    assert path.is_file()
    assert path.parts[-3:] == ("certadvisor", "data", "certs.toml")
    assert ROOT not in path.parents, f"the installed package read the checkout's data: {path}"


def test_installed_version_matches_the_project(installed: Path, tmp_path: Path) -> None:
    # The version lives in __init__.py (hatchling reads it from there: [tool.hatch.version]).
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["dynamic"] == ["version"]
    source = project["tool"]["hatch"]["version"]["path"]
    match = re.search(r'^__version__ = "([^"]+)"', (ROOT / source).read_text(encoding="utf-8"), re.M)
    assert match is not None
    proc = check([str(installed / "certadvisor"), "--version"], cwd=tmp_path, timeout=120)
    assert proc.stdout == f"certadvisor {match.group(1)}\n"
