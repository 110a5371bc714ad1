"""The policy in use: the journeymap options of `mkdocs.yml`, with their folders resolved.

`Settings` holds the validated `Options` (the one table, `config.options`) and what is
derived from them and from where the configuration lives; it declares no option again.
The CLI reads mkdocs.yml (`config.mkdocs_yml`); MkDocs hands the plugin the same
options, validated by the same checks.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from journeymap.config.mkdocs_yml import DEFAULT_CONFIG, default_config, found_above, plugin_options
from journeymap.config.options import Options
from journeymap.errors import ConfigError
from journeymap.paths import resolved


@dataclass(frozen=True)
class Settings:
    """Where the journeys are and the policy they are checked against (absolute paths)."""

    config_file: Path | None
    config_dir: Path
    options: Options = field(default_factory=Options)
    #: Why the default policy applies (no mkdocs.yml, or no journeymap entry in it), if so.
    defaults_because: str | None = None

    @cached_property
    def journeys(self) -> Path:
        """The journeys folder, links followed."""
        return resolved(self.config_dir / self.options.journeys)

    @cached_property
    def baseline_file(self) -> Path:
        """The baseline file (known gaps), whether it exists or not."""
        return self.config_dir / self.options.baseline

    @cached_property
    def research(self) -> Path:
        """The research folder (study files), links followed."""
        return resolved(self.config_dir / self.options.research)

    @cached_property
    def segments(self) -> dict[str, str]:
        """The declared segments, id -> title, in the order written."""
        return dict(self.options.segments)

    @cached_property
    def templates(self) -> Path | None:
        """The folder of template overrides, links followed, if one is configured."""
        given = self.options.templates
        return resolved(self.config_dir / given) if given is not None else None


def settings_from(
    options: Options, config_file: Path | None, config_dir: Path | None = None
) -> Settings:
    """Settings from validated options; relative folders are relative to `config_dir`
    (default: the folder of `config_file`, else the current folder)."""
    where = config_file.name if config_file else "the configuration"
    config_dir = resolved(config_dir or (config_file.parent if config_file else Path.cwd()))
    if options.templates is not None:
        _check_templates(config_dir / options.templates, options.templates, config_dir, where)
    return Settings(
        config_file=resolved(config_file) if config_file else None,
        config_dir=config_dir,
        options=options,
    )


def _check_templates(folder: Path, given: str, config_dir: Path, where: str) -> None:
    """A templates folder journeymap can use: a readable folder of its own."""
    lead = f"{where}: journeymap option 'templates' names {given!r}, which"
    try:
        is_folder = folder.is_dir()
    except OSError as error:
        raise ConfigError(f"{lead} cannot be looked at ({error.strerror}).") from None
    if not is_folder:
        raise ConfigError(
            f"{lead} is not a folder; create it with your template overrides, or remove the option."
        )
    if config_dir.is_relative_to(resolved(folder)):
        raise ConfigError(
            f"{lead} holds the whole project; put the template overrides in a folder of "
            "their own (e.g. templates/) and name that one."
        )
    if not os.access(folder, os.R_OK | os.X_OK):
        raise ConfigError(f"{lead} cannot be read (permission denied); make it readable.")


def settings_from_options(
    options: Mapping[str, Any], config_dir: Path, config_file: Path | None
) -> Settings:
    """Settings from raw option values (tests and the CLI); relative to `config_dir`."""
    where = config_file.name if config_file else "the configuration"
    return settings_from(Options.read(options, where), config_file, config_dir)


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings from `mkdocs.yml` (or `config_file`).

    Without `config_file`, a missing `./mkdocs.yml` means the defaults, relative
    to the current folder; a named file that cannot be read is a `ConfigError`.
    """
    if config_file is None:
        candidate = default_config(Path())
        if candidate is None:  # a project without a site: the defaults, silently...
            settings = settings_from_options({}, Path.cwd(), None)
            above = found_above(Path.cwd())  # ...unless it looks like the wrong folder
            if above is None:
                return settings
            reason = (
                f"there is no {DEFAULT_CONFIG} in this folder (there is one in {above.parent}: "
                if above.name == DEFAULT_CONFIG
                else f"there is no {DEFAULT_CONFIG} in this folder ({above} is one: "
            )
            return replace(settings, defaults_because=reason + "run from there, or pass --config)")
        config_file = candidate
    options = plugin_options(config_file)
    settings = settings_from_options(options or {}, config_file.parent, config_file)
    if options is None:
        reason = f"{config_file} lists no journeymap plugin"
        return replace(settings, defaults_because=reason)
    return settings
