"""The journeymap plugin's options: the one table MkDocs and the CLI both validate.

Declared with MkDocs' own option types, so `mkdocs build` validates the plugin entry
exactly as `journeymap validate` does, with the same defaults and the same messages.
Each option's docstring is its documentation (README "Configuration").
"""

from __future__ import annotations

import os

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

#: The most days an option may count: a century is more than any policy needs, and it
#: keeps every date computed from it (today plus the days) a real calendar day.
MAX_DAYS = 36_500


class Days(c.Type[int]):
    """A whole number of days, 0 to MAX_DAYS (a YAML `true` is not a number here)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
            raise ValidationError(
                f"must be a whole number of days from 0 to {MAX_DAYS} (100 years), "
                f"not {_shown(value)}"
            )
        return value


class Flag(c.Type[bool]):
    """true or false."""

    def __init__(self, default: bool) -> None:
        super().__init__(bool, default=default)

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"must be true or false, not {_shown(value)}")
        return value


class Folder(c.Type[str]):
    """A folder name, relative to mkdocs.yml (resolved by `config.settings_from`)."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"must be a folder name, not {_shown(value)}")
        problem = _unusable_path(value)
        if problem:
            raise ValidationError(f"must be a folder name, not {_shown(value)}: {problem}")
        return value


#: Longest name of one file or folder, and of a whole path, in bytes (Linux, macOS).
_NAME_MAX = 255
_PATH_MAX = 4096


def _unusable_path(value: str) -> str | None:
    """Why no file system can have a folder called `value`, or None."""
    if "\0" in value:
        return "it holds a NUL character (\\x00), which no file name can hold"
    try:
        encoded = os.fsencode(value)
    except UnicodeEncodeError:
        return "it holds a character that cannot be part of a file name here"
    if len(encoded) > _PATH_MAX or any(len(part) > _NAME_MAX for part in encoded.split(b"/")):
        return (
            f"it is longer than a path may be ({_NAME_MAX} bytes a name, {_PATH_MAX} bytes in all)"
        )
    return None


def _shown(value: object) -> str:
    """A value as an error message shows it: its repr, clipped."""
    try:
        text = repr(value)
    except ValueError:  # an int of more digits than Python converts to text
        return "a number of thousands of digits"
    return text if len(text) <= 60 else text[:57] + "..."


class PluginConfig(Config):  # type: ignore[no-untyped-call]
    """The options of the `journeymap` entry under `plugins:` in mkdocs.yml."""

    journeys = Folder(default="journeys")
    """Folder of journey files (`<id>.yml`), relative to mkdocs.yml."""

    max_evidence_age_days = Days(default=365)
    """Evidence older than this many days is stale (0 to 36500)."""

    warn_days = Days(default=30)
    """Early warning: waivers that end, and evidence that goes stale, within this many days
    (0 to 36500)."""

    strict = Flag(default=False)
    """true: warnings fail the build too."""

    templates = c.Optional(Folder())
    """Folder of template overrides (same names as the shipped templates)."""


class SiteOptions(Config):  # type: ignore[no-untyped-call]
    """The few site-wide MkDocs settings the pages depend on, read with MkDocs' own rules
    (for `journeymap generate`, which runs without MkDocs)."""

    use_directory_urls = c.Type(bool, default=True)
    repo_url = c.Optional(c.URL())
    edit_uri = c.Optional(c.EditURI("repo_url"))
    docs_dir = c.Type(str, default="docs")
