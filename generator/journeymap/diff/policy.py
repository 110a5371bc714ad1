"""The base's journeymap policy, and what the change edits in it.

Both sides are checked with the head's options (SPEC "Changes"), so a looser policy
shows in no status and no finding: the diff says it in words. The base's options are
read from its own configuration file (through the reader each side has: git at the
merge-base, or the base folder), as data: nothing in it is run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeymap.config.mkdocs_yml import (
    CONFIG_NAMES,
    DEFAULT_CONFIG,
    Reader,
    options_in,
    read_config_bytes,
)
from journeymap.config.options import Options
from journeymap.config.settings import Settings
from journeymap.diff.changes import OptionChange
from journeymap.errors import ConfigError


@dataclass(frozen=True)
class BasePolicy:
    """The base's configuration file and the journeymap options in it; `options` is None
    (and `note` says why) when they cannot be read."""

    file: Path
    options: Options | None
    note: str | None = None

    def edits(self, head: Options) -> tuple[OptionChange, ...]:
        """The options whose value the head changes (none when the base's are unknown)."""
        if self.options is None:
            return ()
        before, after = self.options.values(), head.values()
        return tuple(
            OptionChange(name, before[name], after[name])
            for name in before
            if before[name] != after[name]
        )


def config_path(settings: Settings) -> Path:
    """The configuration file: the one in use, else where the default one would be."""
    return settings.config_file or settings.config_dir / DEFAULT_CONFIG


def base_policy(config_file: Path, read: Reader) -> BasePolicy:
    """The base's policy, from `config_file` as the base has it: `read` gives a file of
    the base side (git at the merge-base, or the base folder), None where it has none."""
    found, data = _base_config(config_file, read)
    options, note = _base_options(data, found, read)
    return BasePolicy(found, options, note)


def _base_config(config_file: Path, read: Reader) -> tuple[Path, bytes | None]:
    """The base's configuration file and its bytes: the head's, or (for a file under
    MkDocs' default names) the one MkDocs would read at the base, mkdocs.yml else
    mkdocs.yaml, so renaming one to the other is no policy change."""
    names = CONFIG_NAMES if config_file.name in CONFIG_NAMES else (config_file.name,)
    for name in names:
        candidate = config_file.with_name(name)
        data = read(candidate)
        if data is not None:
            return candidate, data
    return config_file, None


def _base_options(
    data: bytes | None, config_file: Path, read: Reader
) -> tuple[Options | None, str | None]:
    """The base's journeymap options (the defaults when it has no configuration file or no
    journeymap entry), or None and why when they cannot be read. Nothing in it is run."""
    try:
        config = read_config_bytes(data, config_file, read) if data is not None else {}
        return Options.read(options_in(config, config_file) or {}, config_file.name), None
    except ConfigError as error:
        return None, (
            f"The base's journeymap policy could not be read, so it is not compared: {error}"
        ).rstrip(".")
