"""Build the site safely: into a staging folder, then put it into place (`site_folder`).

A failed build leaves the previous site exactly as it was; a successful one replaces
it in two renames, so nothing ever serves a half-written site.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from journeymap.builders.plugin import enable_preview, plugin_settings
from journeymap.builders.site_folder import check_target, staging, unchanged_note
from journeymap.check import baseline
from journeymap.config.mkdocs_yml import (
    DEFAULT_CONFIG,
    default_config,
    listed_twice,
    plugin_options,
    recursion_message,
)
from journeymap.errors import BuildFailed, ConfigError, JourneymapError, UsageError
from journeymap.paths import resolved
from journeymap.sources.discovery import discover

QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1"}  # Material's notice is not the user's problem


@contextlib.contextmanager
def mkdocs_logging(verbose: bool = False) -> Iterator[None]:
    """Print MkDocs' log records (findings among them) the way `mkdocs build` does."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    if not verbose:  # the build writes into a temporary folder swapped into place: its
        # name is noise (journeymap says where the site went once it is there)
        handler.addFilter(lambda r: "Building documentation to directory" not in str(r.msg))
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
    path = config_file or default_config(Path()) or Path(DEFAULT_CONFIG)
    if not path.is_file():
        raise ConfigError(
            f"{path}: no such configuration file (journeymap init writes one, "
            "or pass --config FILE)."
        )
    return resolved(path)


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
    settings = plugin_settings(config)
    discover(None, settings)  # no journey files is a usage error, before any build
    baseline.configured(settings)  # and so is a baseline file that cannot be used
    target = resolved(site_dir or Path(config.site_dir))
    check_target(target, settings, resolved(Path(config.docs_dir)))
    with staging(target) as building:  # the lock, leftovers, signals, the swap
        before = unchanged_note(target)  # once leftovers are restored, before the build
        config["site_dir"] = str(building)
        try:
            build(config)
        except (MkDocsException, OSError, JourneymapError) as error:
            message = str(error) if not isinstance(error, Abort) else ""
            raise BuildFailed(
                (f"{message}\n" if message else "") + f"the site was not built; {before}."
            ) from None
    return target


def _load_config(path: Path, strict: bool = False, dev_addr: str | None = None) -> Any:
    """MkDocs' configuration (the one parse of mkdocs.yml), with the plugin enabled."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    options = {"dev_addr": dev_addr} if dev_addr else {}
    try:
        config = load_config(config_file=str(path), strict=strict or None, **options)
    except (ConfigurationError, Abort) as error:
        plugin_options(path)  # journeymap's own sentence, where its entry is the problem
        raise ConfigError(f"{path}: {error}") from None
    except RecursionError:  # MkDocs' reader follows an INHERIT chain that loops forever
        raise ConfigError(recursion_message(path)) from None
    except ValueError as error:  # a value PyYAML cannot build (an int of 5,000 digits)
        raise ConfigError(f"{path}: cannot be read ({error}).") from None
    if "journeymap" not in config.plugins:
        raise ConfigError(
            f"{path}: the journeymap plugin is not enabled; add it under plugins "
            "(plugins: [search, journeymap])."
        )
    if "journeymap #2" in config.plugins:
        raise ConfigError(listed_twice(path))
    return config


def serve_site(config_file: Path | None = None, address: str | None = None) -> None:
    """Live preview (see `journeymap.builders.serve`); configuration errors before it starts."""
    from journeymap.builders.serve import serve

    os.environ.update(QUIET_ENV)
    path = config_path(config_file)
    config = _load_config(path, dev_addr=address)
    plugin_settings(config)  # a bad option is a configuration error, before serving
    _check_free(*config.dev_addr)
    serve(path, address)


def _check_free(host: str, port: int) -> None:
    """Fail before the first build when the address cannot be served."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(
                f"cannot serve on {host}:{port} ({error.strerror or error}): another "
                "preview may be running; pass another address, e.g. -a 127.0.0.1:8001."
            ) from None
