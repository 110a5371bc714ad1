"""Reading mkdocs.yml as MkDocs reads it (`!ENV`, `INHERIT`), running nothing, and
finding the journeymap plugin's entry in it.

MkDocs' own reader is not imported: `journeymap validate` starts without MkDocs. The
same libraries do the work MkDocs gives them (`yaml_env_tag` for `!ENV`, `mergedeep`
for `INHERIT`). Tags that would import Python (`!!python/name:…`) and MkDocs' own
(`!relative`) keep their plain value.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
import yaml_env_tag

from journeymap.config.options import option_names
from journeymap.errors import ConfigError
from journeymap.paths import resolved
from journeymap.text import did_you_mean

DEFAULT_CONFIG = "mkdocs.yml"
#: The names MkDocs looks for, in its order, when no configuration file is named.
CONFIG_NAMES = (DEFAULT_CONFIG, "mkdocs.yaml")

#: Reads the bytes of a file a configuration INHERITs; None when there is none.
Reader = Callable[[Path], "bytes | None"]


def default_config(folder: Path) -> Path | None:
    """The configuration file MkDocs would read in `folder` (mkdocs.yml, else mkdocs.yaml)."""
    return next((folder / name for name in CONFIG_NAMES if (folder / name).exists()), None)


def found_above(folder: Path) -> Path | None:
    """The configuration file of the nearest parent folder that has one, if any."""
    for parent in resolved(folder).parents:
        if (found := default_config(parent)) is not None:
            return found
    return None


def plugin_options(config_file: Path) -> Mapping[str, Any] | None:
    """The journeymap entry's options in `config_file`, read as MkDocs reads the file;
    None when the file lists no journeymap plugin."""
    return options_in(read_config_file(config_file), config_file)


def read_config_file(config_file: Path) -> dict[str, Any]:
    """The mapping in mkdocs.yml, read as MkDocs reads it (`!ENV`, `INHERIT`), running nothing."""
    with _config_errors(config_file):
        data = config_file.read_bytes()
    return read_config_bytes(data, config_file, _from_disk)


def read_config_bytes(data: bytes, config_file: Path, read: Reader) -> dict[str, Any]:
    """The mapping in a configuration given as bytes (e.g. mkdocs.yml as an older commit
    has it), running nothing; `read` gives the bytes of a file it names with `INHERIT`
    (None: there is none), merged as MkDocs merges them."""
    return _config_from_bytes(data, config_file, read, (config_file,))


def _from_disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error}).") from None


def _config_from_bytes(
    data: bytes, config_file: Path, read: Reader, chain: tuple[Path, ...]
) -> dict[str, Any]:
    with _config_errors(config_file):
        loaded = yaml.load(data.decode("utf-8-sig"), Loader=_ConfigLoader)
    config = _mapping({} if loaded is None else loaded, config_file)
    name = config.pop("INHERIT", None)
    if name is None:
        return config
    parent_file = Path(os.path.normpath(config_file.parent / str(name)))
    if parent_file in chain:
        raise ConfigError(_loop_message(chain[0], (*chain, parent_file)))
    parent = read(parent_file)
    if parent is None:
        raise ConfigError(f"{config_file}: the inherited file {name!r} does not exist.")
    import mergedeep  # only for a configuration that inherits another

    merged: dict[str, Any] = mergedeep.merge(
        _config_from_bytes(parent, parent_file, read, (*chain, parent_file)), config
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
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        if mark is None:
            raise ConfigError(f"{config_file}: cannot be read ({error}).") from None
        problem = error.problem or "not valid YAML"
        if "nesting depth" in problem:  # libyaml's own limit
            problem = "nested too deeply to be a configuration"
        raise ConfigError(f"{config_file}:{mark.line + 1}:{mark.column + 1}: {problem}.") from None
    except RecursionError:
        raise ConfigError(f"{config_file}: nested too deeply to be a configuration.") from None
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        # ValueError: a value PyYAML's constructor cannot build (an int of 5,000 digits)
        raise ConfigError(f"{config_file}: cannot be read ({error}).") from None


def _mapping(data: Any, config_file: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: the configuration must be a mapping of keys.")
    return data


def recursion_message(config_file: Path) -> str:
    """Why MkDocs' own reader recursed without end on `config_file`: an INHERIT chain that
    comes back to a file it started from (it follows one forever), else nesting too deep."""
    chain = inherit_loop(config_file)
    if chain is None:
        return f"{config_file}: nested too deeply to be a configuration."
    return _loop_message(config_file, chain)


def inherit_loop(config_file: Path) -> tuple[Path, ...] | None:
    """The INHERIT chain from `config_file` up to the file that comes back, when it comes
    back to a file already in it, else None. Resolved as MkDocs resolves INHERIT:
    relative to the folder of the file that names it."""
    path = Path(os.path.abspath(config_file))
    chain: list[Path] = []
    while path not in chain and len(chain) < _MAX_INHERIT:
        chain.append(path)
        try:
            data = yaml.load(path.read_bytes(), Loader=_ConfigLoader)
        except (OSError, ValueError, RecursionError, yaml.YAMLError):
            return None
        parent = data.get("INHERIT") if isinstance(data, dict) else None
        if not isinstance(parent, str):
            return None
        path = Path(os.path.normpath(path.parent / parent))
    return (*chain, path) if path in chain else None


_MAX_INHERIT = 100


def _loop_message(config_file: Path, chain: Sequence[Path]) -> str:
    """The sentence for an INHERIT chain from `config_file` that comes back to a file in it."""
    base = os.path.dirname(os.path.abspath(chain[0]))
    shown = " → ".join(os.path.relpath(os.path.abspath(step), base) for step in chain)
    return (
        f"{config_file}: its INHERIT chain loops ({shown}): a configuration cannot inherit "
        "from itself; remove the INHERIT that points back."
    )


def options_in(config: Mapping[str, Any], config_file: Path) -> Mapping[str, Any] | None:
    """The journeymap entry's options in a configuration read from `config_file`; None
    when it lists no journeymap plugin. Every way the entry could be silently ignored
    (listed twice, misspelt, options beside it) is a `ConfigError`: the one home of
    these checks, for the CLI and the plugin alike."""
    plugins = config.get("plugins")
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
    if not found:
        names = [name for name, _ in entries if isinstance(name, str)]
        close = did_you_mean("journeymap", [name for name in names if name != "journeymap"])
        if close:
            raise ConfigError(
                f"{config_file}: plugins lists {close!r} — did you mean 'journeymap'? "
                "(no plugin entry called journeymap: the policy would be the default one)"
            )
        return None
    if len(found) > 1:
        raise ConfigError(listed_twice(config_file, len(found)))
    if found[0] is None:
        return {}
    if not isinstance(found[0], dict):
        raise ConfigError(f"{config_file}: the journeymap plugin's options must be a mapping.")
    return {str(key): value for key, value in found[0].items()}


def listed_twice(config_file: Path | str, times: int | None = None) -> str:
    """The sentence for a journeymap plugin listed more than once under plugins."""
    many = "more than once" if times is None else f"{times} times"
    return f"{config_file}: the journeymap plugin is listed {many} under plugins; keep one entry."


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


class _ConfigLoader(yaml.CSafeLoader):
    """MkDocs' reader minus code: `!ENV` as MkDocs reads it; tags that would import Python
    and MkDocs' `!relative` keep their plain value."""


def _plain_tag(loader: yaml.CSafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Any other tag (`!relative`, `!!python/name:…`): keep the plain value, run nothing."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_ConfigLoader.add_multi_constructor("!", _plain_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain_tag)
