"""``python -m certadvisor``: the same entry point as the console script."""

from certadvisor import main

# Guarded: a batch worker started by "spawn" (macOS, Windows) imports this module again as
# __mp_main__, and must not run the command a second time.
if __name__ == "__main__":
    main()
