"""One module per command; ``cli.app`` registers each command function with the typer app.

Every module is imported at start-up (typer reads the signatures to parse the command line and
to show ``--help``), so what only one command needs is imported inside that command.
"""
