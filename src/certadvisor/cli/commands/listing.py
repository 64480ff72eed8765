"""``certadvisor list``: the certifications, optionally by body or setting."""

from typing import Annotated, Any

import typer

from certadvisor.cli.context import handled, resolve
from certadvisor.cli.emit import emit
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption


@handled
def list_command(
    ctx: typer.Context,
    body: Annotated[
        str | None,
        typer.Option("--body", help="Only this credentialing body, e.g. AAPC or AHIMA.", show_default=False),
    ] = None,
    setting: Annotated[
        str | None,
        typer.Option(
            "--setting",
            help="Only this setting: inpatient, outpatient, or a tag such as physician or payer.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """List certifications, optionally by body or setting.

    One line each: the code, name, credentialing body and a short focus (show CODE has the rest).
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.compare import filter_certs

    app = resolve(ctx, data=data, no_pager=no_pager)
    certs = filter_certs(app.catalog(), body=body, setting=setting)

    def draw(console: Any) -> None:
        # Imported here: JSON output never pays for rich.
        from certadvisor.present.terminal.listing import print_list

        print_list(console, certs)

    def document() -> dict[str, Any]:
        # Imported here: a drawn screen does not need the JSON shapes.
        from certadvisor.present.json.documents import list_document

        return list_document(certs)

    emit(app, json=json, document=document, draw=draw)
