"""Option declarations that several commands share (pip-tools' ``options.py``).

``--data`` and ``--no-pager`` are global: every command takes them after its name, and the root
callback before it (``cli.context`` resolves the two places into one ``AppContext``).
"""

from pathlib import Path
from typing import Annotated

import typer

from certadvisor.load.datafile import DATA_ENV

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help=f"Use this data file instead of the shipped one (also: ${DATA_ENV}).",
        show_default=False,
        dir_okay=False,
    ),
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager", help="Never page long output (also: CERTADVISOR_PAGER=cat).", show_default=False
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout instead of a table.")]
