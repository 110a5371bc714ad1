"""Build the site safely: into a temporary sibling folder, then swap it into place.

A failed build leaves the previous site exactly as it was; a successful one replaces
it in two renames, so nothing ever serves a half-written site.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from journeymap.check import discover
from journeymap.config import DEFAULT_CONFIG, Settings, settings_from
from journeymap.errors import BuildFailed, ConfigError, JourneymapError
from journeymap.plugin import enable_preview

QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1"}  # Material's notice is not the user's problem


@contextlib.contextmanager
def mkdocs_logging(verbose: bool = False) -> Iterator[None]:
    """Print MkDocs' log records (findings among them) the way `mkdocs build` does."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def config_path(config_file: Path | None) -> Path:
    """The mkdocs.yml to use; a missing one is a configuration error."""
    path = config_file or Path(DEFAULT_CONFIG)
    if not path.is_file():
        raise ConfigError(
            f"{path}: no such configuration file (journeymap init writes one, "
            "or pass --config FILE)."
        )
    return path.resolve()


def build_site(
    config_file: Path | None = None,
    site_dir: Path | None = None,
    strict: bool = False,
    preview: bool = False,
) -> Path:
    """Validate and build the site into `site_dir` (default: the config's) and return it.

    With `preview`, the site is built whatever the findings, and its pages show them.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    os.environ.update(QUIET_ENV)
    path = config_path(config_file)
    config = _load_config(path, strict)
    if preview:
        enable_preview(config)
    settings = settings_from(config.plugins["journeymap"].config, path)
    discover(None, settings)  # no journey files is a usage error, before any build
    target = (site_dir or Path(config.site_dir)).resolve()
    check_target(target, settings, Path(config.docs_dir).resolve())
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    config["site_dir"] = str(building)
    try:
        build(config)
    except (MkDocsException, OSError, JourneymapError) as error:
        shutil.rmtree(building, ignore_errors=True)
        message = str(error) if not isinstance(error, Abort) else ""
        raise BuildFailed(
            (f"{message}\n" if message else "")
            + "the site was not built; the previous site is unchanged."
        ) from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _swap(building, target)
    return target


def _load_config(path: Path, strict: bool = False) -> Any:
    """MkDocs' configuration (the one parse of mkdocs.yml), with the plugin enabled."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        config = load_config(config_file=str(path), strict=strict or None)
    except (ConfigurationError, Abort) as error:
        raise ConfigError(f"{path}: {error}") from None
    if "journeymap" not in config.plugins:
        raise ConfigError(
            f"{path}: the journeymap plugin is not enabled; add it under plugins "
            "(plugins: [search, journeymap])."
        )
    return config


#: Files a built MkDocs site has; a folder with none of them is not replaced.
SITE_MARKERS = ("index.html", "404.html", "sitemap.xml")


def check_target(target: Path, settings: Settings, docs_dir: Path) -> None:
    """Refuse a site folder whose replacement would delete the project or its sources.

    The build swaps the whole folder, so it must not be (or contain) the project, the
    docs, the journeys or the templates, nor sit inside the docs or journeys; and an
    existing folder is replaced only if it looks like a built site.
    """
    sources = {
        "the project (the folder of mkdocs.yml)": settings.config_dir,
        "the docs folder": docs_dir,
        "the journeys folder": settings.journeys,
    }
    if settings.templates is not None:
        sources["the templates folder"] = settings.templates
    for what, source in sources.items():
        if source == target or source.is_relative_to(target):
            raise ConfigError(
                f"the site folder {target} would replace {what} ({source}); "
                "choose another --site-dir (default: site)."
            )
    for what, source in (("docs", docs_dir), ("journeys", settings.journeys)):
        if target.is_relative_to(source):
            raise ConfigError(
                f"the site folder {target} is inside the {what} folder ({source}); "
                "choose a folder outside it (default: site)."
            )
    if target.is_dir() and any(target.iterdir()):
        if not any((target / marker).exists() for marker in SITE_MARKERS):
            raise ConfigError(
                f"{target} is not empty and does not look like a built site (no index.html); "
                "journeymap build replaces the whole folder, so choose a new or empty one."
            )
    elif target.exists() and not target.is_dir():
        raise ConfigError(f"{target} is a file; choose a folder for the site.")


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is, with the old site removed only once the new one is in."""
    new.chmod(0o755)  # mkdtemp makes it private; a site is for sharing
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        shutil.rmtree(new, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def serve_site(config_file: Path | None = None, address: str | None = None) -> None:
    """Live preview (see `journeymap.serve`); configuration errors before it starts."""
    from journeymap.serve import serve

    os.environ.update(QUIET_ENV)
    path = config_path(config_file)
    config = _load_config(path)
    discover(None, settings_from(config.plugins["journeymap"].config, path))
    serve(path, address)
