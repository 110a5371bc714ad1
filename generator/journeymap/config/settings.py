"""The policy: the `journeymap` plugin entry of `mkdocs.yml`, turned into `Settings`.

One table of options (`options.PluginConfig`) and one way to read them. MkDocs hands
the plugin its validated options; the CLI reads mkdocs.yml with MkDocs' own YAML
reader (`!ENV`, `INHERIT`) and validates the same table. Nothing the file holds
is run: tags that would import Python (`!!python/name:…`) stay plain values here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import mergedeep
import yaml
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from journeymap.config.options import PluginConfig
from journeymap.errors import ConfigError
from journeymap.paths import resolved
from journeymap.text import did_you_mean

DEFAULT_CONFIG = "mkdocs.yml"
#: The names MkDocs looks for, in its order, when no configuration file is named.
CONFIG_NAMES = (DEFAULT_CONFIG, "mkdocs.yaml")


@dataclass(frozen=True)
class Settings:
    """Where the journeys are and the policy they are checked against (absolute paths)."""

    config_file: Path | None
    config_dir: Path
    journeys: Path
    max_evidence_age_days: int = PluginConfig.max_evidence_age_days.default
    warn_days: int = PluginConfig.warn_days.default
    strict: bool = False
    templates: Path | None = None
    #: Why the default policy applies (no mkdocs.yml, or no journeymap entry in it), if so.
    defaults_because: str | None = None
    #: The journeys folder as the configuration names it (before links are followed).
    journeys_given: str = PluginConfig.journeys.default


def option_names() -> list[str]:
    return [name for name, _ in PluginConfig._schema]


def settings_from(
    options: PluginConfig, config_file: Path | None, config_dir: Path | None = None
) -> Settings:
    """Settings from validated options; relative folders are relative to `config_dir`
    (default: the folder of `config_file`, else the current folder)."""
    where = config_file.name if config_file else "the configuration"
    names = option_names()
    unknown = sorted((str(key) for key in options if key not in names), key=str)
    if unknown:
        hints = [f"{key!r}{_hint(did_you_mean(key, names))}" for key in unknown]
        raise ConfigError(
            f"{where}: unknown journeymap option {', '.join(hints)}; "
            f"the options are {', '.join(names)}."
        )
    config_dir = resolved(config_dir or (config_file.parent if config_file else Path.cwd()))
    templates = options.templates
    if templates is not None:
        _check_templates(config_dir / templates, templates, config_dir, where)
    return Settings(
        config_file=resolved(config_file) if config_file else None,
        config_dir=config_dir,
        journeys=resolved(config_dir / options.journeys),
        journeys_given=options.journeys,
        max_evidence_age_days=options.max_evidence_age_days,
        warn_days=options.warn_days,
        strict=options.strict,
        templates=resolved(config_dir / templates) if templates else None,
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


def validate_options(options: Mapping[str, Any], config_file: Path | None) -> PluginConfig:
    """The plugin's options validated against the table, as MkDocs validates them."""
    where = config_file.name if config_file else "the configuration"
    config = PluginConfig(config_file_path=str(config_file) if config_file else None)
    config.load_dict(dict(options))
    errors, _ = config.validate()
    if errors:
        key, error = errors[0]
        raise ConfigError(f"{where}: journeymap option {key!r} {error}.")
    return config


def settings_from_options(
    options: Mapping[str, Any], config_dir: Path, config_file: Path | None
) -> Settings:
    """Settings from raw option values (tests and the CLI); relative to `config_dir`."""
    return settings_from(validate_options(options, config_file), config_file, config_dir)


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings from `mkdocs.yml` (or `config_file`).

    Without `config_file`, a missing `./mkdocs.yml` means the defaults, relative
    to the current folder; a named file that cannot be read is a `ConfigError`.
    """
    if config_file is None:
        candidate = default_config(Path())
        if candidate is None:  # a project without a site: the defaults, silently...
            settings = settings_from_options({}, Path.cwd(), None)
            above = _found_above(Path.cwd())  # ...unless it looks like the wrong folder
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


def default_config(folder: Path) -> Path | None:
    """The configuration file MkDocs would read in `folder` (mkdocs.yml, else mkdocs.yaml)."""
    return next((folder / name for name in CONFIG_NAMES if (folder / name).exists()), None)


def _found_above(folder: Path) -> Path | None:
    """The configuration file of the nearest parent folder that has one, if any."""
    for parent in resolved(folder).parents:
        if (found := default_config(parent)) is not None:
            return found
    return None


def plugin_options(config_file: Path) -> Mapping[str, Any] | None:
    """The journeymap entry's options in `config_file`, read as MkDocs reads the file;
    None when the file lists no journeymap plugin."""
    return options_in(read_config_file(config_file), config_file)


def options_in(config: Mapping[str, Any], config_file: Path) -> Mapping[str, Any] | None:
    """The journeymap entry's options in a configuration read from `config_file`; None
    when it lists no journeymap plugin."""
    return _plugin_entry(config.get("plugins"), config_file)


def read_config_file(config_file: Path) -> dict[str, Any]:
    """The mapping in mkdocs.yml, read as MkDocs reads it (`!ENV`, `INHERIT`), running nothing."""
    with _config_errors(config_file), config_file.open("rb") as stream:
        data = yaml_load(stream, loader=get_yaml_loader(_SafeConfigLoader))
    return _mapping(data, config_file)


def read_config_bytes(
    data: bytes, config_file: Path, read: Callable[[Path], bytes | None]
) -> dict[str, Any]:
    """The mapping in a configuration given as bytes (e.g. mkdocs.yml as an older commit
    has it), read as `read_config_file` reads a file, running nothing; `read` gives the
    bytes of a file it names with `INHERIT` (None: there is none), merged as MkDocs does."""
    return _config_from_bytes(data, config_file, read, frozenset({config_file}))


def _config_from_bytes(
    data: bytes, config_file: Path, read: Callable[[Path], bytes | None], seen: frozenset[Path]
) -> dict[str, Any]:
    with _config_errors(config_file):
        # as text, MkDocs' reader leaves INHERIT to us: the parent comes from `read`
        config = _mapping(
            yaml_load(data.decode("utf-8-sig"), loader=get_yaml_loader(_SafeConfigLoader)),
            config_file,
        )
    name = config.pop("INHERIT", None)
    if name is None:
        return config
    parent_file = Path(os.path.normpath(config_file.parent / str(name)))
    if parent_file in seen:
        raise ConfigError(f"{config_file}: INHERIT {name!r} leads back to a file it came from.")
    parent = read(parent_file)
    if parent is None:
        raise ConfigError(f"{config_file}: the inherited file {name!r} does not exist.")
    merged: dict[str, Any] = mergedeep.merge(
        _config_from_bytes(parent, parent_file, read, seen | {parent_file}), config
    )
    return merged


@contextmanager
def _config_errors(config_file: Path) -> Iterator[None]:
    """Whatever reading `config_file` raises, as one `ConfigError` sentence."""
    try:
        yield
    except FileNotFoundError:
        raise ConfigError(f"{config_file}: no such configuration file.") from None
    except IsADirectoryError:
        raise ConfigError(f"{config_file} is a folder, not a configuration file.") from None
    except ConfigurationError as error:
        raise ConfigError(_config_message(config_file, error)) from None
    except RecursionError:
        raise ConfigError(recursion_message(config_file)) from None
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        # ValueError: a value PyYAML's constructor cannot build (an int of 5,000 digits)
        raise ConfigError(f"{config_file}: cannot be read ({error}).") from None


def _mapping(data: Any, config_file: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: the configuration must be a mapping of keys.")
    return data


def recursion_message(config_file: Path) -> str:
    """Why reading `config_file` recursed without end: an INHERIT chain that comes back to
    a file it started from (MkDocs' reader follows it forever), else nesting too deep."""
    chain = inherit_loop(config_file)
    if chain is None:
        return f"{config_file}: nested too deeply to be a configuration."
    return (
        f"{config_file}: its INHERIT chain loops ({chain}): a configuration cannot inherit "
        "from itself; remove the INHERIT that points back."
    )


def inherit_loop(config_file: Path) -> str | None:
    """The INHERIT chain from `config_file` ("mkdocs.yml → base.yml → mkdocs.yml") when it
    comes back to a file already in it, else None. Resolved as MkDocs resolves INHERIT:
    relative to the folder of the file that names it."""
    start = Path(os.path.abspath(config_file))
    chain: list[Path] = []
    path = start
    while path not in chain and len(chain) < _MAX_INHERIT:
        chain.append(path)
        try:
            with path.open("rb") as stream:
                data = yaml.load(stream, Loader=_SafeConfigLoader)
        except (OSError, ValueError, RecursionError, yaml.YAMLError):
            return None
        parent = data.get("INHERIT") if isinstance(data, dict) else None
        if not isinstance(parent, str):
            return None
        path = Path(os.path.normpath(path.parent / parent))
    if path not in chain:
        return None
    return " → ".join(os.path.relpath(step, start.parent) for step in (*chain, path))


_MAX_INHERIT = 100


def _plugin_entry(plugins: Any, config_file: Path) -> Mapping[str, Any] | None:
    entries: list[tuple[Any, Any]]
    if isinstance(plugins, dict):
        if "journeymap" in plugins and plugins["journeymap"] is None:
            beside = [str(key) for key in plugins if key in option_names()]
            if beside:  # `journeymap:` then its options at the same indent
                raise ConfigError(
                    f"{config_file}: plugins lists {', '.join(map(repr, beside))} beside "
                    "'journeymap' as if they were plugins: they are journeymap's options, "
                    "so indent them under 'journeymap:'."
                )
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, dict) and len(item) != 1:
                raise ConfigError(_entry_problem(item, config_file))
        entries = [
            next(iter(item.items())) if isinstance(item, dict) else (item, {}) for item in plugins
        ]
    else:
        entries = []
    found = [options for name, options in entries if name == "journeymap"]
    names = [name for name, _ in entries if isinstance(name, str)]
    close = did_you_mean("journeymap", [name for name in names if name != "journeymap"])
    if not found and close:
        raise ConfigError(
            f"{config_file}: plugins lists {close!r} — did you mean 'journeymap'? "
            "(no plugin entry called journeymap: the policy would be the default one)"
        )
    if not found:
        return None
    if len(found) > 1:
        raise ConfigError(
            f"{config_file}: the journeymap plugin is listed {len(found)} times under "
            "plugins; keep one entry."
        )
    if found[0] is None:
        return {}
    if not isinstance(found[0], dict):
        raise ConfigError(f"{config_file}: the journeymap plugin's options must be a mapping.")
    return {str(key): value for key, value in found[0].items()}


def _entry_problem(item: dict[Any, Any], config_file: Path) -> str:
    """Why an item of `plugins` that is a mapping of several keys (or none) is no plugin
    entry: MkDocs refuses it too ("Invalid Plugins configuration")."""
    keys = ", ".join(repr(str(key)) for key in item) or "nothing"
    named = next((str(key) for key in item if item[key] is None), None)
    hint = (
        f" (its options are written beside {named!r} instead of under it: "
        f"indent them two more spaces)"
        if named is not None
        else ""
    )
    return (
        f"{config_file}: an item under plugins holds {keys}; each item names one plugin, "
        f"with its options indented under that name{hint}."
    )


def _config_message(config_file: Path, error: ConfigurationError) -> str:
    """`file:line:col: problem` for a YAML error MkDocs' reader wrapped, else its text."""
    cause = error.__context__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        mark = cause.problem_mark
        return f"{config_file}:{mark.line + 1}:{mark.column + 1}: {cause.problem}."
    return f"{config_file}: {error}"


def _hint(close: str | None) -> str:
    return f" (did you mean {close!r}?)" if close else ""


class _SafeConfigLoader(yaml.SafeLoader):
    """MkDocs' reader minus code: tags that would import Python keep their plain value."""


def _plain_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Any other tag (`!relative`, `!!python/name:…`): keep the plain value, run nothing."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None


_SafeConfigLoader.add_multi_constructor("!", _plain_tag)
_SafeConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain_tag)
