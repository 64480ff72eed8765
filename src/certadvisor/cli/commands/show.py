"""``certadvisor show CODE``: every fact about one certification."""

from typing import Annotated, Any

import typer

from certadvisor.cli.completion import cert_codes
from certadvisor.cli.context import handled, resolve
from certadvisor.cli.emit import emit
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption


@handled
def show_command(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(help="Certification code, e.g. CPC (any case).", autocompletion=cert_codes)
    ],
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Show every fact about one certification.

    Each fact comes with its source and its dates, followed by the career paths that include
    the certification and its next steps.
    """
    app = resolve(ctx, data=data, no_pager=no_pager)
    catalog = app.catalog()
    cert = catalog.lookup(code)
    today = app.env.today
    paths = [p for p in catalog.paths if p.includes(cert.code)]

    def document() -> dict[str, Any]:
        # Imported here: drawing does not need it (it brings in the engine's result types).
        from certadvisor.present.json.documents import show_document

        return show_document(cert, today, paths, catalog.market)

    def draw(console: Any) -> None:
        # Imported here: JSON output never pays for rich.
        from certadvisor.present.terminal.show import print_show

        print_show(console, cert, today, paths, catalog.market, catalog=catalog)

    emit(app, json=json, document=document, draw=draw)
