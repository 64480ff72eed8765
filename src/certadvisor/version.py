"""The version, in a module of its own so that the CLI and the cache can read it without
importing the package root (which imports the CLI)."""

# The single source of the version (hatchling reads it from here). Kept literal rather than read
# through importlib.metadata, which is slow to import on every start-up (README, "Performance").
__version__ = "0.1.0"
