"""certadvisor: choose a medical coding certification with sourced facts and explained advice."""

# The single source of the version (hatchling reads it from here). Kept literal rather than read
# through importlib.metadata, which costs ~50 ms on every start-up.
__version__ = "0.1.0"
