"""`journeymap generate --out DIR`: the site plan as files any MkDocs-compatible builder builds.

The dashboard, the gaps page, a page per journey (and, for a file that cannot be read,
a page saying why) are written as Markdown files holding the page HTML, with their
stylesheet, so MkDocs without the plugin, or Zensical, builds the same pages with no
journeymap code running. The pages are written whatever the findings and show them:
`journeymap validate` (or `build`) stays the gate.

Layout under DIR (`site.plan.layout` decides it): `index.md` (dashboard), `gaps.md`, and
the journey pages in DIR itself when DIR is called `journeys` (`--out docs/journeys`
gives /journeys/<id>/), else in DIR/journeys/. A manifest (`.journeymap-generated.json`,
a dotfile builders ignore; see `manifest`) lists what was written, so the next run
removes pages that no longer belong and never touches a file it did not write or that
was edited since, and the MkDocs plugin leaves pages still there out of its own build;
`outfolder` writes them (never through a link, and so that a killed run is taken over
by the next). Unchanged files keep their modification time, so incremental builders
rebuild only what changed.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from journeymap.builders import outfolder
from journeymap.builders.mkdocs_options import SiteOptions
from journeymap.check.pipeline import check
from journeymap.check.report import Report
from journeymap.config.mkdocs_yml import read_config_file
from journeymap.config.settings import Settings
from journeymap.errors import ConfigError, UsageError
from journeymap.paths import looping_link, resolved
from journeymap.site import plan as siteplan
from journeymap.site.rendering import PageRenderer


@dataclass(frozen=True)
class Generated:
    """What one run wrote."""

    out: Path
    written: list[str]  # relative paths whose content changed (or are new)
    unchanged: list[str]
    removed: list[str]
    kept: dict[str, str]  # no longer generated, but not generate's to remove: path -> why
    report: Report


def generate(out: Path, settings: Settings, today: dt.date | None = None) -> Generated:
    """Write the pages into `out`; raises `UsageError` for an unusable `out`, or when a
    file it would write is not its own (see `outfolder`), before anything is written."""
    out = out.absolute()
    site = _site(settings, out)
    _check_out(out, settings)
    report = check(None, settings, today=today)
    plan = siteplan.plan(report, settings, site=site, preview=True, strict=settings.options.strict)
    pages = PageRenderer(plan)
    files: dict[str, str] = {}
    for page in plan.pages:
        files[page.uri] = pages.markdown(page, assets=True)
    files.update(pages.assets())
    done = outfolder.write(out, {rel: text.encode("utf-8") for rel, text in files.items()})
    return Generated(out, done.written, done.unchanged, done.removed, done.kept, report)


def _site(settings: Settings, out: Path) -> siteplan.Site:
    """The site the pages go into: the settings they depend on, read from mkdocs.yml with
    MkDocs' own rules, and the `out` folder they are written into."""
    raw = read_config_file(settings.config_file) if settings.config_file else {}
    options = SiteOptions(config_file_path=str(settings.config_file or ""))
    options.load_dict({key: raw[key] for key in dict(options) if key in raw})
    errors, _ = options.validate()
    if errors:
        key, error = errors[0]
        where = settings.config_file.name if settings.config_file else "mkdocs.yml"
        raise ConfigError(f"{where}: {key!r}: {error}.")
    return siteplan.Site(
        use_directory_urls=options.use_directory_urls,
        repo_url=options.repo_url,
        edit_uri=options.edit_uri,
        docs_dir_name=Path(options.docs_dir).name,
        out=out.name,
    )


def _check_out(out: Path, settings: Settings) -> None:
    """Refuse an --out that is, holds or sits in the project's own folders."""
    real = resolved(out)
    project, journeys = settings.config_dir, settings.journeys
    if project.is_relative_to(real) or journeys.is_relative_to(real):
        what = "the project" if project.is_relative_to(real) else "the journeys folder"
        raise UsageError(
            f"--out {out} holds {what}; choose a folder of its own, e.g. docs/journeys."
        )
    if real.is_relative_to(journeys):
        raise UsageError(
            f"--out {out} is inside the journeys folder; choose a folder of its own, "
            "e.g. docs/journeys."
        )
    looping = looping_link(real)
    if looping is not None:
        raise UsageError(
            f"--out {out} cannot be reached: {looping} is a symbolic link that loops back "
            "on itself; remove it, or choose another folder."
        )
    if os.path.islink(out) and not out.exists():
        raise UsageError(
            f"--out {out} is a symbolic link that leads nowhere; remove it, or choose "
            "another folder."
        )
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; choose a folder.")
