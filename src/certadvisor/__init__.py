"""certadvisor: choose a medical coding certification with sourced facts and explained advice."""

# The single source of the version (hatchling reads it from here). Kept literal rather than read
# through importlib.metadata, which costs ~50 ms on every start-up.
__version__ = "0.1.0"


def main() -> None:
    """The console script and ``python -m certadvisor``: run the command line."""
    import gc

    # Start-up is mostly importing typer, which allocates many objects that live for the whole
    # run, and the collector would walk them again and again: pausing it for the import, then
    # parking what was built (gc.freeze) so later collections skip it, measured 20-30 ms faster
    # per command here (see README, "Performance"). Collection is back on for the command itself.
    gc.disable()
    try:
        from .cli import main as run
    finally:
        gc.freeze()
        # A command's objects are nearly all freed by reference counting; collecting for
        # cycles every 700 allocations (the default) cost ~3 ms of drawing a table. Every
        # 50,000 still bounds what cyclic garbage could pile up in a long batch.
        gc.set_threshold(50_000)
        gc.enable()
    run()
