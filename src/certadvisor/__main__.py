"""``python -m certadvisor``: the same entry point as the console script."""

from certadvisor import main

main()
