"""certadvisor: choose a medical coding certification with sourced facts and explained advice."""

from certadvisor.version import __version__

__all__ = ["__version__", "main"]


def main() -> None:
    """The console script and ``python -m certadvisor``: run the command line."""
    import gc

    # Start-up is mostly importing typer, which allocates many objects that live for the whole
    # run, and the collector would walk them again and again: pausing it for the import, then
    # parking what was built (gc.freeze) so later collections skip it, makes every command start
    # faster (figures in README, "Performance"). Collection is back on for the command itself.
    gc.disable()
    try:
        from certadvisor.cli.app import main as run
    except KeyboardInterrupt:
        # Ctrl-C while the command line is still loading: the same quiet exit as in a command.
        raise SystemExit(130) from None
    except ImportError as error:
        # The package changed under us before the command line was loaded (an upgrade in
        # progress): the same one line as for a module missing later (cli.app.main).
        import sys

        from certadvisor.errors import missing_module_message

        sys.stderr.write(missing_module_message(error) + "\n")
        raise SystemExit(1) from None
    finally:
        gc.freeze()
        # A command's objects are nearly all freed by reference counting, so collecting for
        # cycles every 700 allocations (the default) is wasted work while drawing a table; a
        # higher threshold still bounds what cyclic garbage could pile up in a long batch.
        gc.set_threshold(50_000)
        gc.enable()
    run()
