"""The `journeymap` command: a thin shell over the core (check, report, site build)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from journeymap.check.formats import NAMES as FORMAT_NAMES
from journeymap.errors import ExitStatus

if TYPE_CHECKING:
    from journeymap.check.report import Report
    from journeymap.config.settings import Settings

DEBUG_ENV = "JOURNEYMAP_DEBUG"


class _Group(click.Group):
    """The command group; an unexpected error is one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from journeymap.errors import JourneymapError

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except JourneymapError as error:  # the one place errors become exit statuses
            click.echo(f"journeymap: error: {_printable(str(error))}", err=True)
            raise SystemExit(error.exit_status) from None
        except BrokenPipeError:  # `journeymap validate | head`: the reader went away
            sys.stderr.close()
            raise SystemExit(ExitStatus.FAILED) from None
        except OSError as error:  # e.g. output to a full disk
            where = f"{os.fsdecode(error.filename)}: " if error.filename is not None else ""
            reason = error.strerror or type(error).__name__
            click.echo(f"journeymap: error: {_printable(where + reason)}", err=True)
            raise SystemExit(ExitStatus.USAGE) from None
        except Exception as error:
            if os.environ.get(DEBUG_ENV):
                raise
            click.echo(
                f"journeymap: internal error: {type(error).__name__}: {error}\n"
                f"This is a bug; please report it with the input that caused it "
                f"(set {DEBUG_ENV}=1 for the details).",
                err=True,
            )
            raise SystemExit(ExitStatus.USAGE) from None


def _printable(message: str) -> str:
    """A message whose lines may hold names from files (paths, options), safe on a terminal."""
    from journeymap.text import printable

    return "\n".join(printable(line) for line in message.split("\n"))


def _codes_epilog() -> str:
    from journeymap.check.rules import RULES

    width = max(len(code) for code in RULES)
    lines = [
        f"  {code:<{width}}  {doc.severity.value:<7}  {doc.summary}" for code, doc in RULES.items()
    ]
    return (
        "\b\nFinding codes:\n"
        + "\n".join(lines)
        + (
            "\n\n\bExit status: 0 nothing fails; 1 findings fail the run; 2 usage or "
            "configuration error."
        )
    )


def _settings(config_file: Path | None) -> Settings:
    """The policy from mkdocs.yml; a note on stderr when the default policy applies."""
    from journeymap.config.settings import load_settings

    settings = load_settings(config_file)
    if settings.defaults_because:
        click.echo(
            f"journeymap: note: {settings.defaults_because}; using the default policy "
            f"(max_evidence_age_days {settings.options.max_evidence_age_days}, warn_days "
            f"{settings.options.warn_days}, strict false).",
            err=True,
        )
    return settings


config_option = click.option(
    "-c",
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=(
        "The mkdocs.yml whose journeymap plugin entry holds the policy "
        "[default: ./mkdocs.yml, else ./mkdocs.yaml]."
    ),
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "-V", "--version", package_name="journeymap", prog_name="journeymap")
def main() -> None:
    """Customer-journey maps in YAML, checked against customer evidence.

    Validate journey files in CI, and publish them as a MkDocs site.
    """


class _ValidateCommand(click.Command):
    """`validate`, whose help lists the finding codes (read from the rules only for --help)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.epilog = _codes_epilog()
        super().format_epilog(ctx, formatter)


@main.command("validate", cls=_ValidateCommand)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Output format [default: github when GITHUB_ACTIONS=true, else text]; weekly is "
    "the early-warnings list (what ends or goes stale within warn_days) in Markdown, for "
    "$GITHUB_STEP_SUMMARY.",
)
@click.option("-s", "--strict", is_flag=True, help="Warnings fail the run too.")
@click.option(
    "--min-severity",
    type=click.Choice(["info", "warning", "error"]),
    default=None,
    help="Show only findings of this severity or higher [default: warning with --format "
    "github, where GitHub shows only about ten notices a step; else info]. Hidden findings "
    "still count: a hidden error (or, with --strict, a hidden warning) still fails the "
    "run, and the summary says how many were left out.",
)
@config_option
@click.option(
    "--changed-since",
    metavar="REF",
    default=None,
    help="Report only findings in files changed since the merge-base of REF and HEAD "
    "(working tree and new untracked files included); rules that span files still see all.",
)
@click.option(
    "--write-baseline",
    is_flag=True,
    help="Record today's failing findings as known gaps in the baseline file (the "
    "configured `baseline`, default journeymap-baseline.yml): they fail nothing while "
    "listed. Only ever removes entries from an existing file (closed gaps, journeys and "
    "stages that are gone) unless --grow is given. Exits 0.",
)
@click.option(
    "--grow",
    is_flag=True,
    help="With --write-baseline: add today's new failing findings to an existing baseline.",
)
def validate_command(
    paths: tuple[Path, ...],
    output_format: str | None,
    strict: bool,
    min_severity: str | None,
    config_file: Path | None,
    changed_since: str | None,
    write_baseline: bool,
    grow: bool,
) -> None:
    """Check journey files or folders (default: the configured journeys folder).

    Reports every finding at file:line:column, then a summary. With --format json,
    the output also lists every journey that could be read, each stage with the line
    it starts at and its status (null for a stage with schema errors). While the
    baseline file exists, the failing findings it lists are infos, "known since" the
    day they were recorded, and fail nothing.
    """
    from journeymap.check.findings import Severity
    from journeymap.check.formats import renderer
    from journeymap.check.pipeline import check

    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if min_severity is None:
        min_severity = "warning" if output_format == "github" else "info"
    settings = _settings(config_file)
    strict = strict or settings.options.strict
    if grow and not write_baseline:
        from journeymap.errors import UsageError

        raise UsageError("--grow adds to the baseline --write-baseline writes: pass both")
    if write_baseline:
        _write_baseline(paths, changed_since, settings, strict=strict, grow=grow)
        return
    if changed_since is not None:
        report = _changed_since(list(paths) or None, settings, changed_since)
    else:
        report = check(list(paths) or None, settings)
    report = report.showing(Severity(min_severity))
    colour = False if os.environ.get("NO_COLOR") else None
    click.echo(renderer(output_format)(report, strict), nl=False, color=colour)
    raise SystemExit(ExitStatus.FAILED if report.failed(strict) else ExitStatus.OK)


def _write_baseline(
    paths: tuple[Path, ...],
    changed_since: str | None,
    settings: Settings,
    *,
    strict: bool,
    grow: bool,
) -> None:
    """`validate --write-baseline`: today's failing findings of the whole folder recorded."""
    import datetime as dt

    from journeymap.check import baseline
    from journeymap.check.pipeline import check
    from journeymap.errors import UsageError

    if paths or changed_since is not None:
        raise UsageError(
            "--write-baseline records the whole journeys folder: pass no PATH and no "
            "--changed-since"
        )
    old = baseline.configured(settings)  # a broken baseline is an error, never overwritten
    today = dt.date.today()
    report = check(None, settings, today, use_baseline=False)
    written = baseline.next_entries(report.findings, old, today, strict=strict, grow=grow)
    _write_text(settings.baseline_file, baseline.text_of(written.entries))
    click.echo(baseline.summary(written, baseline.shown(settings)), err=True)
    raise SystemExit(ExitStatus.OK)


def _write_text(path: Path, text: str) -> None:
    """Replace a file's text in one rename (`nofollow.replace`: no reader sees half a file)."""
    from journeymap import nofollow
    from journeymap.errors import UsageError

    try:
        nofollow.replace(path.parent, path.name, text.encode("utf-8"))
    except OSError as error:
        raise UsageError(
            f"cannot write the baseline {path}: {error.strerror or error}; check that its "
            "folder exists and can be written"
        ) from None


def _changed_since(paths: list[Path] | None, settings: Settings, ref: str) -> Report:
    """`validate --changed-since REF`: every file checked, findings of changed files kept."""
    import datetime as dt

    from journeymap.check.pipeline import check_sources
    from journeymap.diff.changed_since import changed_only
    from journeymap.sources.discovery import discover

    sources = discover(paths, settings)
    report = check_sources(sources, settings, dt.date.today())
    filtered, changed, base = changed_only(report, sources, settings, ref, paths)
    click.echo(
        f"journeymap: --changed-since {ref}: findings of the {changed} of {len(sources)} "
        f"journey files that differ from the merge-base {base.short}",
        err=True,
    )
    return filtered


@main.command("diff")
@click.option(
    "--base",
    "base_ref",
    metavar="REF",
    default=None,
    help="Compare with the merge-base of REF and HEAD, as `git diff REF...` does "
    "[default: the first of origin/main, origin/master, main, master].",
)
@click.option(
    "--base-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Compare with a folder laid out like the project (no git needed).",
)
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown is for $GITHUB_STEP_SUMMARY or a pull-request comment.",
)
@click.option("-s", "--strict", is_flag=True, help="Warnings the change introduces fail it too.")
@config_option
def diff_command(
    base_ref: str | None,
    base_dir: Path | None,
    output_format: str,
    strict: bool,
    config_file: Path | None,
) -> None:
    """What the working tree changes in customer knowledge, against a base.

    Per journey and stage: status before and after, evidence added and removed
    (disagreement removed is called out), waivers added, removed or extended,
    coverage. Both sides are checked with the same configuration and today.

    \b
    Exit status: 0 the change introduces no failing finding; 1 it does (findings
    that time alone caused on untouched stages are reported, not counted); 2 usage,
    configuration or git error.
    """
    from journeymap.diff.command import diff_against
    from journeymap.diff.formats.registry import DIFF_FORMATS
    from journeymap.errors import UsageError

    if base_ref is not None and base_dir is not None:
        raise UsageError("--base and --base-dir name two bases: pass one of them")
    result = diff_against(
        _settings(config_file), base_ref=base_ref, base_dir=base_dir, strict=strict
    )
    colour = False if os.environ.get("NO_COLOR") else None
    click.echo(DIFF_FORMATS[output_format](result), nl=False, color=colour)
    raise SystemExit(ExitStatus.FAILED if result.failed else ExitStatus.OK)


@main.command("schema")
@click.option(
    "--study",
    is_flag=True,
    help="The schema of study files (the research folder's) instead of journey files.",
)
def schema_command(study: bool) -> None:
    """Print the JSON Schema of the journey file format (draft-07).

    Save it as journey.schema.json and point editors at it with the modeline
    `# yaml-language-server: $schema=../journey.schema.json`; with --study, the
    schema of study files, for study.schema.json and `$schema=../study.schema.json`.
    """
    from journeymap.journey.schema import schema_text

    click.echo(schema_text(study=study), nl=False)


@main.command("new")
@click.argument("journey_id", metavar="ID")
@config_option
def new_command(journey_id: str, config_file: Path | None) -> None:
    """Write a commented journey skeleton to <journeys folder>/ID.yml.

    Never overwrites a file. The skeleton's one stage has no evidence yet, so
    validating it reports one unvalidated-stage error: add what customers said.
    """
    from journeymap.journey.schema import SCHEMA_FILE
    from journeymap.project.new import write_skeleton

    settings = _settings(config_file)
    path = write_skeleton(journey_id, settings.journeys, settings.config_dir)
    click.echo(f"wrote {os.path.relpath(path)}")
    if not (settings.config_dir / SCHEMA_FILE).is_file():
        schema = os.path.relpath(settings.config_dir / SCHEMA_FILE)
        click.echo(
            f"Its first line points editors at {schema}, which does not exist yet: "
            f"`journeymap schema > {schema}` writes it (completion and checks as you type)."
        )
    click.echo("Next: fill in the stages, add customer evidence, then run `journeymap validate`.")


@main.command("init")
@click.argument(
    "directory",
    required=False,
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--existing",
    type=click.Choice(["add", "skip"]),
    default=None,
    help="What to do with a .gitignore or requirements.txt that exists: add the lines "
    "it lacks at its end (no line of it changes), or skip it.",
)
def init_command(directory: Path | None, existing: Literal["add", "skip"] | None) -> None:
    """Start a journey repository in DIRECTORY (default: here).

    Writes mkdocs.yml, an example journey, the JSON Schema, a pre-commit config, a
    GitHub Actions workflow, a .gitignore and a requirements.txt. Never overwrites a
    file nor writes through a link: if anything is in the way, writes nothing. An
    existing .gitignore or requirements.txt is added to (--existing add) or left
    alone (--existing skip).
    """
    from journeymap.project import init as scaffold

    result = scaffold.init(directory or Path("."), existing=existing)
    for what, path in result:
        click.echo(what if what.startswith("left ") else f"{what} {path}")
    click.echo(scaffold.next_steps(directory))


@main.command("build")
@click.option("-s", "--strict", is_flag=True, help="Warnings fail the build too.")
@click.option(
    "--preview",
    is_flag=True,
    help="Build the site whatever the findings; every page shows its findings "
    "(exit 0 when the site was written).",
)
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site [default: the config's site_dir, ./site].",
)
@config_option
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' debug messages.")
def build_command(
    strict: bool, preview: bool, site_dir: Path | None, config_file: Path | None, verbose: bool
) -> None:
    """Validate the journeys, then build the site.

    The site is built into a temporary folder next to the target and swapped into
    place only when the build succeeds: a failed build leaves the previous site as it was.
    The hidden files at the top of the site folder (.git, .nojekyll, .well-known/) are
    kept, as MkDocs keeps them; a folder that neither journeymap nor MkDocs built is
    refused, never replaced.
    """
    from journeymap.builders import build as sitebuild

    with sitebuild.mkdocs_logging(verbose):
        target = sitebuild.build_site(config_file, site_dir, strict, preview)
    click.echo(f"journeymap: site built in {target}", err=True)


def _address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """IP:PORT, checked as MkDocs checks dev_addr, with the port in range."""
    if value is None:
        return None
    from mkdocs.config.base import ValidationError
    from mkdocs.config.config_options import IpAddress

    try:
        port = IpAddress().validate(value).port  # type: ignore[no-untyped-call]
    except ValidationError as error:
        raise click.BadParameter(f"{value!r}: {error} (e.g. 127.0.0.1:8000)") from None
    if not 0 < port < 65536:
        raise click.BadParameter(f"{value!r}: the port must be 1 to 65535")
    return value


@main.command("serve")
@config_option
@click.option(
    "-a",
    "--dev-addr",
    "address",
    metavar="IP:PORT",
    default=None,
    callback=_address,
    help="Where to serve [default: the config's dev_addr, 127.0.0.1:8000].",
)
def serve_command(config_file: Path | None, address: str | None) -> None:
    """Live preview of the site; editing a journey file rebuilds and reloads the page."""
    from journeymap.builders import build as sitebuild

    with sitebuild.mkdocs_logging():
        sitebuild.serve_site(config_file, address)


@main.command("generate")
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the pages into, e.g. docs/journeys.",
)
@config_option
def generate_command(out: Path, config_file: Path | None) -> None:
    """Write the generated pages as Markdown files, for any MkDocs-compatible builder.

    The dashboard, the gaps page and a page per journey, with their stylesheet, so
    MkDocs without the plugin (or Zensical) builds them with no journeymap code
    running. Pages are written whatever the findings and show them: run
    `journeymap validate` as the gate. Files this command wrote before that no
    longer belong are removed; files it did not write, or that were edited since,
    are never touched, and nothing is written or removed through a link inside DIR.
    An interrupted run is taken over by the next.
    """
    from journeymap.builders.generate import generate
    from journeymap.text import plural

    result = generate(out, _settings(config_file))
    for rel, why in result.kept.items():
        click.echo(
            f"journeymap: kept {result.out / rel}: it is no longer generated, but {why}; "
            "generate leaves it to you from now on (delete it if you do not need it).",
            err=True,
        )
    click.echo(
        f"journeymap: {plural(len(result.written), 'file')} written, "
        f"{len(result.unchanged)} unchanged, {len(result.removed)} removed in {result.out}",
        err=True,
    )
    failing = sum(1 for f in result.report.findings if f.severity.fails(False))
    if failing:
        click.echo(
            f"journeymap: {plural(failing, 'error')} in the journey files; the pages show them, "
            "and `journeymap validate` fails until they are fixed.",
            err=True,
        )
