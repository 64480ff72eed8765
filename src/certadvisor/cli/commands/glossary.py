"""``certadvisor glossary [TERM]``: the jargon, explained."""

from typing import Annotated, Any

import typer

from certadvisor.cli.completion import glossary_terms
from certadvisor.cli.context import handled, resolve
from certadvisor.cli.emit import emit
from certadvisor.cli.options import DataOption, JsonOption, NoPagerOption


@handled
def glossary_command(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        typer.Argument(
            help="A term, another name for one, or the start or part of one, e.g. CEU, PCS or risk "
            "(any case); none lists every term.",
            show_default=False,
            autocompletion=glossary_terms,
        ),
    ] = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
    json: JsonOption = False,
) -> None:
    """Explain the jargon: one term, or all of them.

    Plain-word explanations of the terms the screens use (CEU, facility, ICD-10-PCS, ...), each
    with the page that defines it where there is one, A to Z. A term is found by its name or
    another name for it (PCS for ICD-10-PCS), in any case; failing that, every term that starts
    with or contains what you typed is shown.
    """
    # Imported here, as in every command: each command module is imported at start-up.
    from certadvisor.core.glossary import alphabetical, find

    app = resolve(ctx, data=data, no_pager=no_pager)
    catalog = app.catalog()
    entries = list(find(catalog, term) if term is not None else alphabetical(catalog.glossary))

    def draw(console: Any) -> None:
        # Imported here: JSON output never pays for rich.
        from certadvisor.present.terminal.glossary import print_glossary

        print_glossary(console, entries)

    def document() -> dict[str, Any]:
        # Imported here: a drawn screen does not need the JSON shapes.
        from certadvisor.present.json.documents import glossary_document

        return glossary_document(entries)

    emit(app, json=json, document=document, draw=draw)
