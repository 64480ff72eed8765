"""The command line (typer, and only here): global options, one module per command."""
