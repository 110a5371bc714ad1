"""`journeymap generate --out DIR`: the site plan as files any MkDocs-compatible builder builds.

The dashboard, the gaps page, a page per journey (and, for a file that cannot be read,
a page saying why) are written as Markdown files holding the page HTML, with their
stylesheet, so MkDocs without the plugin, or Zensical, builds the same pages with no
journeymap code running. The pages are written whatever the findings and show them:
`journeymap validate` (or `build`) stays the gate.

Layout under DIR: `index.md` (dashboard), `gaps.md`, and the journey pages in DIR itself
when DIR is called `journeys` (`--out docs/journeys` gives /journeys/<id>/), else in
DIR/journeys/. A manifest (`.journeymap-generated.json`, a dotfile builders ignore;
see `manifest`) lists what was written, so the next run removes pages that no longer
belong and never touches a file it did not write, and the MkDocs plugin leaves pages
still there out of its own build. Unchanged files keep their modification time, so
incremental builders rebuild only what changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from journeymap.builders import manifest
from journeymap.builders.mkdocs_options import SiteOptions
from journeymap.check.pipeline import Report, check
from journeymap.config.mkdocs_yml import read_config_file
from journeymap.config.settings import Settings
from journeymap.errors import ConfigError, UsageError
from journeymap.paths import looping_link, resolved
from journeymap.site import plan as siteplan

MANIFEST = manifest.NAME


@dataclass(frozen=True)
class Generated:
    """What one run wrote."""

    out: Path
    written: list[str]  # relative paths whose content changed (or are new)
    unchanged: list[str]
    removed: list[str]
    report: Report


def generate(out: Path, settings: Settings, today: dt.date | None = None) -> Generated:
    """Write the pages into `out`; raises `UsageError` for an unusable `out`."""
    site = _site(settings)
    out = out.absolute()
    _check_out(out, settings)
    report = check(None, settings, today=today)
    layout = siteplan.Layout(journeys="" if out.name == "journeys" else "journeys/")
    previous = set(manifest.read(out))
    plan = siteplan.plan(
        report,
        settings,
        site=site,
        layout=layout,
        preview=True,
        strict=settings.options.strict,
    )
    files: dict[str, str] = {}
    for page in plan.pages:
        files[page.uri] = plan.markdown(page, assets=True)
    files.update(plan.assets())
    foreign = [rel for rel in files if not _ours_or_free(out, rel, previous)]
    if foreign:
        names = ", ".join(str(out / rel) for rel in foreign[:5])
        more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        raise UsageError(
            f"{names}{more} {'exists' if len(foreign) == 1 else 'exist'} and "
            f"{'is' if len(foreign) == 1 else 'are'} not listed in {out / MANIFEST} as "
            "written by journeymap generate: move them away or choose another --out "
            "(generate writes only files it owns)."
        )
    written: list[str] = []
    unchanged: list[str] = []
    for rel, text in files.items():
        if _write_if_changed(out / rel, text):
            written.append(rel)
        else:
            unchanged.append(rel)
    removed = [rel for rel in sorted(previous - files.keys()) if _remove_owned(out, rel)]
    written_bytes = {rel: text.encode("utf-8") for rel, text in files.items()}
    _write_if_changed(out / MANIFEST, manifest.text(written_bytes))
    return Generated(out, written, unchanged, removed, report)


def _site(settings: Settings) -> siteplan.Site:
    """The site settings pages depend on, read from mkdocs.yml with MkDocs' own rules."""
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


def _write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file holds it already; atomic, so no builder sees half a page."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            handle.write(data)
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    return True


def _ours_or_free(out: Path, rel: str, previous: set[str]) -> bool:
    """Whether generate may write `out/rel`: nothing is there (not even a dangling link),
    or the regular file it wrote last time (a link put in its place is someone else's)."""
    path = out / rel
    if not os.path.lexists(path):
        return True
    return rel in previous and path.is_file() and not path.is_symlink()


def _remove_owned(out: Path, rel: str) -> bool:
    """Remove a page this command wrote before: a regular file in `out`, never a link (nor
    what it points to), never anything outside `out`."""
    root = resolved(out)
    path = out / rel
    parent = resolved(path.parent)
    if not parent.is_relative_to(root) or path.is_symlink() or not path.is_file():
        return False
    try:
        (parent / path.name).unlink()
    except OSError:
        return False
    with contextlib.suppress(OSError):  # folders it emptied go too
        while parent != root and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return True
