"""The `journeymap` command: a thin shell over the core (check, report, site build)."""

from __future__ import annotations

import click

from journeymap import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="journeymap")
def main() -> None:
    """Customer-journey maps in YAML, checked against customer evidence.

    Validate journey files in CI, and publish them as a MkDocs site.
    """
