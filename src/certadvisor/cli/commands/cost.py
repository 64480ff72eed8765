"""``certadvisor cost [CODES]``: what it costs and how long it takes."""

from typing import Annotated, Any

import typer

from certadvisor.cli.completion import cert_codes
from certadvisor.cli.context import handled, resolve
from certadvisor.cli.emit import emit
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption


@handled
def cost_command(
    ctx: typer.Context,
    codes: Annotated[
        list[str] | None,
        typer.Argument(
            help="Certification codes (any case); none shows CPC and CCS.",
            show_default=False,
            autocompletion=cert_codes,
        ),
    ] = None,
    member: Annotated[
        bool | None,
        typer.Option(
            "--member/--non-member",
            help="Price as a member of the credentialing body, or not (default: the cheaper, "
            "or membership where it is required).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """What it costs and how long it takes.

    The totals first, then every line item with its source. Totals are ranges; a component no source
    settles is named, never guessed or left out.
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.compare import resolve_codes
    from certadvisor.core.cost import sheet

    app = resolve(ctx, data=data, no_pager=no_pager)
    catalog = app.catalog()
    sheets = [(cert, sheet(cert, member)) for cert in resolve_codes(catalog, codes or [])]

    def draw(console: Any) -> None:
        # Imported here: JSON output never pays for rich.
        from certadvisor.present.terminal.costs import print_costs

        print_costs(console, sheets, catalog=catalog)

    def document() -> dict[str, Any]:
        # Imported here: a drawn screen does not need the JSON shapes.
        from certadvisor.present.json.documents import cost_document

        return cost_document(sheets, member)

    emit(app, json=json, document=document, draw=draw)
