"""The policy: the `journeymap` plugin entry of `mkdocs.yml`, read by the CLI and the plugin.

One function turns the plugin's options into `Settings`; the plugin hands it the
options MkDocs parsed, the CLI hands it the options read from the file here.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG = "mkdocs.yml"
DEFAULT_JOURNEYS = "journeys"
DEFAULT_MAX_AGE = 365
OPTIONS = ("journeys", "max_evidence_age_days", "strict", "templates")


class ConfigError(Exception):
    """The configuration cannot be used; the message is a sentence for the user."""


@dataclass(frozen=True)
class Settings:
    """Where the journeys are and the policy they are checked against."""

    config_file: Path | None
    config_dir: Path
    journeys: Path
    max_evidence_age_days: int = DEFAULT_MAX_AGE
    strict: bool = False
    templates: Path | None = None


def settings_from_options(
    options: Mapping[str, Any], config_dir: Path, config_file: Path | None
) -> Settings:
    """Settings from the plugin's options; relative paths are relative to `config_dir`."""
    where = config_file.name if config_file else "the configuration"
    unknown = [key for key in options if key not in OPTIONS]
    if unknown:
        hints = [f"{key!r}" + _did_you_mean(str(key), OPTIONS) for key in sorted(unknown, key=str)]
        raise ConfigError(
            f"{where}: unknown journeymap option {', '.join(hints)}; "
            f"the options are {', '.join(OPTIONS)}."
        )
    journeys = _option(options, "journeys", DEFAULT_JOURNEYS)
    if not isinstance(journeys, str) or not journeys.strip():
        raise ConfigError(f"{where}: journeymap option 'journeys' must be a folder name.")
    max_age = _option(options, "max_evidence_age_days", DEFAULT_MAX_AGE)
    if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0:
        raise ConfigError(
            f"{where}: journeymap option 'max_evidence_age_days' must be a whole number of "
            f"days, 0 or more (got {max_age!r})."
        )
    strict = _option(options, "strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(
            f"{where}: journeymap option 'strict' must be true or false (got {strict!r})."
        )
    templates = options.get("templates")
    if templates is not None and (not isinstance(templates, str) or not templates.strip()):
        raise ConfigError(f"{where}: journeymap option 'templates' must be a folder name.")
    config_dir = config_dir.resolve()
    if templates is not None and not (config_dir / templates).is_dir():
        raise ConfigError(
            f"{where}: journeymap option 'templates' names {templates!r}, which is not a "
            "folder; create it with your template overrides, or remove the option."
        )
    return Settings(
        config_file=config_file.resolve() if config_file else None,
        config_dir=config_dir,
        journeys=(config_dir / journeys).resolve(),
        max_evidence_age_days=max_age,
        strict=strict,
        templates=(config_dir / templates).resolve() if templates else None,
    )


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings from `mkdocs.yml` (or `config_file`).

    Without `config_file`, a missing `./mkdocs.yml` means the defaults, relative
    to the current folder; a named file that cannot be read is a `ConfigError`.
    """
    if config_file is None:
        candidate = Path(DEFAULT_CONFIG)
        if not candidate.exists():
            return settings_from_options({}, Path.cwd(), None)
        config_file = candidate
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{config_file}: no such configuration file.") from None
    except IsADirectoryError:
        raise ConfigError(f"{config_file} is a folder, not a configuration file.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{config_file}: cannot be read ({error}).") from None
    try:
        data = yaml.load(text, Loader=_ConfigLoader)
    except RecursionError:
        raise ConfigError(f"{config_file}: nested too deeply to be a configuration.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ConfigError(f"{config_file}{where}: {problem}.") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: the configuration must be a mapping of keys.")
    options = _plugin_options(data.get("plugins"), config_file)
    return settings_from_options(options, config_file.parent, config_file)


def _plugin_options(plugins: Any, config_file: Path) -> Mapping[str, Any]:
    entries: list[tuple[Any, Any]]
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [
            next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, {})
            for item in plugins
        ]
    else:
        entries = []
    for name, options in entries:
        if name == "journeymap":
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise ConfigError(
                    f"{config_file}: the journeymap plugin's options must be a mapping."
                )
            return {str(key): value for key, value in options.items()}
    return {}


def _option(options: Mapping[str, Any], key: str, default: Any) -> Any:
    """An option's value; absent or empty (`strict:` with nothing after it) means the default."""
    value = options.get(key)
    return default if value is None else value


def _did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: MkDocs' tags become plain values."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`, as MkDocs resolves it."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        for name in items[:-1]:
            if str(name) in os.environ:
                return os.environ[str(name)]
        if items and str(items[-1]) in os.environ:
            return os.environ[str(items[-1])]
        return items[-1] if len(items) > 1 else None
    return None


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Any other tag (`!relative`, `!!python/name:…`): keep the plain value, run nothing."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("!", _other_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)
