"""certadvisor: choose a medical coding certification with sourced facts and explained advice."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("certadvisor")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
