"""The `journeymap` command: a thin shell over the core (check, report, site build)."""

from __future__ import annotations

from pathlib import Path

import click

from journeymap import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="journeymap")
def main() -> None:
    """Customer-journey maps in YAML, checked against customer evidence.

    Validate journey files in CI, and publish them as a MkDocs site.
    """


@main.command("init")
@click.argument(
    "directory",
    required=False,
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
def init_command(directory: Path) -> None:
    """Start a journey repository in DIRECTORY (default: here).

    Writes mkdocs.yml, an example journey, the JSON Schema, a pre-commit config and
    a GitHub Actions workflow. Never overwrites a file: if any exists, writes nothing.
    """
    from journeymap import scaffold

    try:
        result = scaffold.init(directory)
    except scaffold.ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    if isinstance(result, scaffold.Existing):
        click.echo("journeymap init writes nothing: these files already exist:", err=True)
        for path in result.paths:
            click.echo(f"  {path}", err=True)
        click.echo("Move them away or choose an empty folder.", err=True)
        raise SystemExit(2)
    for path in result:
        click.echo(f"wrote {path}")
    click.echo(
        f"Next: cd {directory} && journeymap validate && journeymap serve "
        "(then set repo_url in mkdocs.yml and enable GitHub Pages with source: GitHub Actions)."
    )
