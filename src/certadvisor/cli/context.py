"""The context every command receives: the environment and the global options, resolved once.

``certadvisor [--data FILE] [--no-pager] COMMAND [--data FILE] [--no-pager] ...``: the root
callback (``cli.app``) reads the process's ``Environment`` and the options given before the
command name into an ``AppContext`` (``start``); a command then applies the ones given after its
name, which win (``resolve``). Commands get everything outside them from it: the data file, the
cache folder, the streams, the variables and today (gh's factory, httpie's ``Environment``).
Nothing else reads ``ctx.obj``, ``os.environ`` or ``sys.std*``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import typer

from certadvisor.env import Environment
from certadvisor.errors import CertAdvisorError
from certadvisor.load.datafile import default_data_path, given_data_path

if TYPE_CHECKING:
    from certadvisor.io.progress import Progress
    from certadvisor.model.catalog import Catalog

F = TypeVar("F", bound=Callable[..., Any])


class AppContext(NamedTuple):
    """What a command runs with, resolved from the environment and the global options."""

    env: Environment
    # The data file to read: --data, else $CERTADVISOR_DATA, else the shipped file.
    data: Path
    # The data file as the user chose it (--data or $CERTADVISOR_DATA), None for the shipped one.
    # A "reproduce this result" command carries it as --data even when it came from the
    # variable: the command is replayed later, or in another shell, that may not have it set.
    chosen_data: Path | None
    no_pager: bool
    # The catalog cache's folder; None when the cache is off or has no safe place.
    cache: Path | None

    def with_options(self, *, data: Path | None, no_pager: bool) -> AppContext:
        """This context with the options given after the command name, which win."""
        chosen = self._replace(data=data, chosen_data=data) if data is not None else self
        return chosen._replace(no_pager=self.no_pager or no_pager)

    def catalog(self) -> Catalog:
        """The data, from the catalog cache when the file has not changed."""
        # Imported here: `certadvisor --help` and `--version` never load data.
        from certadvisor.load.cache import load_cached

        return load_cached(self.data, self.cache)

    def progress(self, *, beside_output: bool = True) -> Progress:
        """A progress indicator on stderr, shown only when stderr is a terminal.

        ``beside_output`` false: also not when stdout is that terminal, for a command that
        prints as it goes (a batch), whose lines the indicator would otherwise cut into.
        """
        # Imported here: only the commands that take long need it.
        from certadvisor.io.progress import Progress

        env = self.env
        shown = env.stderr_isatty and (beside_output or not env.stdout_isatty)
        return Progress(env.stderr, enabled=shown)

    def say(self, text: str) -> None:
        """One line on standard output (plain text, not a drawn screen)."""
        typer.echo(text, file=self.env.stdout)

    def note(self, text: str) -> None:
        """One line on standard error: progress and warnings."""
        typer.echo(text, file=self.env.stderr, err=True)

    def error(self, error: CertAdvisorError) -> None:
        """A user error, as every command reports one: "Error: ..." on standard error."""
        self.note(f"Error: {error}")


def start(obj: object, *, data: Path | None, no_pager: bool) -> AppContext:
    """The context from the options given before the command name (by the root callback).

    ``obj`` is what the command line was invoked with: normally nothing, so the process's own
    environment is read; a test hands an ``Environment``, or a function making one, called here
    once the streams are the ones the command will use.
    """
    # Imported here: the root's --help and --version never reach this, and skip pickle.
    from certadvisor.load.cache import cache_dir

    if callable(obj):
        obj = obj()
    env = obj if isinstance(obj, Environment) else Environment.from_process()
    chosen = given_data_path(data, env.variables)
    return AppContext(
        env=env,
        data=chosen if chosen is not None else default_data_path(),
        chosen_data=chosen,
        no_pager=no_pager,
        cache=cache_dir(env.variables),
    )


def resolve(ctx: typer.Context, *, data: Path | None, no_pager: bool) -> AppContext:
    """A command's context: the root's, with the command's own ``--data`` and ``--no-pager``."""
    return _root(ctx).with_options(data=data, no_pager=no_pager)


def _root(ctx: typer.Context) -> AppContext:
    root = ctx.find_root().obj
    assert isinstance(root, AppContext), "the root callback makes it"
    return root


def handled(command: F) -> F:
    """The one error handler: a ``CertAdvisorError`` becomes "Error: ..." on stderr and its
    exit code."""

    @functools.wraps(command)
    def run(ctx: typer.Context, **options: Any) -> Any:
        try:
            return command(ctx, **options)
        except CertAdvisorError as error:
            _root(ctx).error(error)
            raise typer.Exit(error.exit_code) from None

    return run  # type: ignore[return-value]
