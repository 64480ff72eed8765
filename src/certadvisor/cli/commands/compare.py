"""``certadvisor compare [CODES]``: certifications side by side."""

from typing import Annotated, Any

import typer

from certadvisor.cli.completion import cert_codes
from certadvisor.cli.context import handled, resolve
from certadvisor.cli.emit import emit
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption


@handled
def compare_command(
    ctx: typer.Context,
    codes: Annotated[
        list[str] | None,
        typer.Argument(
            help="Certification codes to compare (any case); none compares CPC and CCS.",
            show_default=False,
            autocompletion=cert_codes,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Compare every certification in the data.")] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="With --all: the whole table after the one-line digest."),
    ] = False,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Compare certifications side by side.

    How they differ first, then one row per fact and one column per certification, with sources
    listed under the table. --all gives one line per certification (--full adds the table).
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.compare import compare, resolve_codes

    if full and not all_:
        raise typer.BadParameter(
            "applies only to --all (a few codes always show the table)", param_hint="--full"
        )
    if all_ and codes:
        raise typer.BadParameter("give certification codes or --all, not both", param_hint="--all")
    app = resolve(ctx, data=data, no_pager=no_pager)
    catalog = app.catalog()
    certs = tuple(catalog.certs.values()) if all_ else resolve_codes(catalog, codes or [])
    today = app.env.today

    def draw(console: Any) -> None:
        # Imported here: JSON output never pays for rich.
        from certadvisor.present.terminal.comparison import print_comparison

        # Every credential side by side runs to well over a thousand lines: --all opens on a
        # digest, and the table follows only when asked for.
        print_comparison(console, compare(certs, today), catalog=catalog, table=not all_ or full)

    def document() -> dict[str, Any]:
        # Imported here: a drawn screen does not need the JSON shapes.
        from certadvisor.present.json.documents import compare_document

        return compare_document(catalog, certs, today)

    emit(app, json=json, document=document, draw=draw)
