"""``certadvisor sources [CODE]``: every page the facts rest on, and what was read of it."""

from typing import Annotated, Any

import typer

from certadvisor.cli.completion import cert_codes
from certadvisor.cli.context import handled, resolve
from certadvisor.cli.emit import emit
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption


@handled
def sources_command(
    ctx: typer.Context,
    code: Annotated[
        str | None,
        typer.Argument(
            help="Only the sources one certification cites, e.g. CPC (any case).",
            show_default=False,
            autocompletion=cert_codes,
        ),
    ] = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """List the sources behind the facts, most stale first.

    Each page with its publisher, whether it is the body's own, every version of it that was
    read (the page's date, or undated, and the day a person compared it with the facts) and the
    facts that cite it, each with when it falls due for a re-read.
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.freshness import by_source

    app = resolve(ctx, data=data, no_pager=no_pager)
    catalog = app.catalog()
    cert = catalog.lookup(code).code if code is not None else None
    groups = by_source(catalog, cert, every=cert is None)
    today = app.env.today

    def document() -> dict[str, Any]:
        # Imported here: drawing does not need it.
        from certadvisor.present.json.documents import sources_document

        return sources_document(groups, today, cert)

    def draw(console: Any) -> None:
        # Imported here: JSON output never pays for rich.
        from certadvisor.present.terminal.sources import print_sources

        print_sources(console, groups, today, cert)

    emit(app, json=json, document=document, draw=draw)
