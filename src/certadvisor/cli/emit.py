"""The one output path of the commands: a JSON document, a drawn screen (paged on a terminal),
or text written whole, always to the context's streams. (The quiz's prompts and ``check-data
--stale`` draw as they go on a console from ``present.terminal.console.make_console``, never
paged; the quiz's result is paged as ``recommend``'s is.)

rich is imported only where a screen is drawn, so ``--json`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TextIO

from certadvisor.cli.context import AppContext
from certadvisor.errors import StdoutError
from certadvisor.io.output import emit_text, stdout_errors

# Draws a screen on the rich console it is given (typed loosely: only the terminal presenter
# imports rich, even for type checking).
Draw = Callable[[Any], None]


def emit(app: AppContext, *, json: bool, document: Callable[[], Mapping[str, Any]], draw: Draw) -> None:
    """A versioned JSON document on stdout, or a screen drawn with rich, through a pager on a
    terminal (see ``io.pager``). Only the one chosen is built."""
    if json:
        emit_json(app, document())
    else:
        draw_screen(app, draw)


def emit_json(app: AppContext, document: Mapping[str, Any]) -> None:
    """A JSON document on stdout, always as UTF-8; a failed write is one ``StdoutError``."""
    # Imported here: only JSON output needs the encoder (and orjson).
    from certadvisor.present.json.encode import dumps

    emit_text(dumps(document) + "\n", _stdout(app))


def write_text(app: AppContext, text: str) -> None:
    """Text written whole to stdout in the stream's own encoding (a Markdown report to ``-``)."""
    out = _stdout(app)
    with stdout_errors(out):
        out.write(text)
        out.flush()


def _stdout(app: AppContext) -> TextIO:
    if app.env.stdout is None:  # started with stdout closed (`>&-`)
        raise StdoutError("cannot write to standard output: it is closed")
    return app.env.stdout


def draw_screen(app: AppContext, draw: Draw, *, unpaged_end: Draw | None = None) -> None:
    """A screen drawn with rich on stdout, through a pager on a terminal unless told not to.

    ``unpaged_end`` is drawn after the screen only when it is not paged (no terminal, no pager,
    or one that is not installed): a long screen's opening has then scrolled away, and this
    says it again last. In a pager the screen opens on it.
    """
    # Imported here: JSON output never pays for rich.
    from certadvisor.present.terminal.console import make_console

    env = app.env
    stdout = _stdout(app)  # closed (`>&-`): say so, as --json does
    pager = None
    if env.stdout_isatty:
        # Imported here: only a screen on a terminal may be paged.
        from certadvisor.io.pager import choose_pager

        pager = choose_pager(env.variables, stdout_is_tty=True, json=False, no_pager=app.no_pager)
    if pager is not None and unpaged_end is not None and not _installed(pager.argv[0]):
        pager = None  # page() would print the text itself, without the end
    console = make_console(env)
    with stdout_errors(stdout):
        if pager is None:
            draw(console)
            if unpaged_end is not None:
                unpaged_end(console)
            return
        from certadvisor.io.pager import page  # (as choose_pager)

        with console.capture() as captured:
            draw(console)
        page(captured.get(), pager, stdout=stdout)


def _installed(program: str) -> bool:
    """True when ``program`` (a name on the PATH, or a path) can be run."""
    import shutil

    return shutil.which(program) is not None
