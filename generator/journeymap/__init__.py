"""journeymap: customer-journey maps in YAML, checked against customer evidence."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("journeymap")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
