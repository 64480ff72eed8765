"""Finding and reading the data file; checking it is ``validate``'s work."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError

if TYPE_CHECKING:
    from .catalog import Catalog

DATA_ENV = "CERTADVISOR_DATA"


def default_data_path() -> Path:
    """The shipped data: inside the installed package, else ``data/`` of the checkout."""
    # Plain paths rather than importlib.resources: the wheel installs files on disk, and the
    # resources machinery costs start-up time on every run.
    packaged = Path(__file__).resolve().parent / "data" / "certs.toml"
    if packaged.is_file():
        return packaged
    # An editable install or a plain checkout: src/certadvisor/datafile.py -> ../../data
    return Path(__file__).resolve().parents[2] / "data" / "certs.toml"


def resolve_data_path(option: Path | None) -> Path:
    """``--data`` wins over ``CERTADVISOR_DATA``, which wins over the shipped file."""
    if option is not None:
        return option
    env = os.environ.get(DATA_ENV, "").strip()
    return Path(env) if env else default_data_path()


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate a data file; raise ``DataError`` naming every problem found."""
    path = path if path is not None else default_data_path()
    return catalog_from_text(read_data_text(path), path)


def read_data_text(path: Path) -> str:
    """The data file's text; a missing or unreadable file is a ``DataError`` naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: data file not found") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, expected a TOML data file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: cannot read data file: {error}") from None


def catalog_from_text(text: str, path: Path) -> Catalog:
    """Parse and validate the text of a data file read from ``path``."""
    # Imported here: a run that finds the catalog in the cache neither parses TOML nor checks it.
    import tomllib

    from .validate import parse_catalog

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message already ends "(at line L, column C)"
        raise DataError(f"{path}: not valid TOML: {error}") from None
    return parse_catalog(raw, path)
