"""The journeymap plugin's options: the one table MkDocs and the CLI both validate.

`Options` is the table: one field per option, with its default, its check and its
documentation (README "Configuration"). The CLI reads mkdocs.yml and calls
`Options.read`; the MkDocs plugin hands MkDocs the same checks (`builders.plugin`), so
`mkdocs build` and `journeymap validate` accept the same values with the same
messages. Nothing here imports MkDocs: `journeymap validate` starts without it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from typing import Any

from journeymap.text import did_you_mean

#: The most days an option may count: a century is more than any policy needs, and it
#: keeps every date computed from it (today plus the days) a real calendar day.
MAX_DAYS = 36_500

#: Longest name of one file or folder, and of a whole path, in bytes (Linux, macOS).
_NAME_MAX = 255
_PATH_MAX = 4096


class OptionError(ValueError):
    """A value an option does not accept; the text completes "option 'x' …"."""


Check = Callable[[object], Any]


def days(value: object) -> int:
    """A whole number of days, 0 to MAX_DAYS (a YAML `true` is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
        raise OptionError(
            f"must be a whole number of days from 0 to {MAX_DAYS} (100 years), not {shown(value)}"
        )
    return value


def flag(value: object) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise OptionError(f"must be true or false, not {shown(value)}")
    return value


def folder(value: object) -> str:
    """A folder name, relative to mkdocs.yml (resolved by `config.settings`)."""
    if not isinstance(value, str) or not value.strip():
        raise OptionError(f"must be a folder name, not {shown(value)}")
    problem = _unusable_path(value)
    if problem:
        raise OptionError(f"must be a folder name, not {shown(value)}: {problem}")
    return value


def terms(value: object) -> tuple[str, ...]:
    """A list of words or phrases, e.g. [KYC, dunning, payment run]."""
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)):  # a tuple: the default, as MkDocs passes it
        raise OptionError(
            f"must be a list of terms, e.g. [KYC, dunning, payment run], not {shown(value)}"
        )
    found: dict[str, str] = {}
    for item in value:
        if not isinstance(item, str):
            raise OptionError(
                f"must be a list of terms (text), but holds {shown(item)}: put it in quotes"
            )
        term = " ".join(item.split())
        if not any(char.isalnum() for char in term):
            raise OptionError(
                f"must be a list of terms, each with a letter or digit in it, not {shown(item)}"
            )
        found.setdefault(term.casefold(), term)  # a term written twice counts once
    return tuple(found.values())


def file_name(value: object) -> str:
    """A file name, relative to mkdocs.yml (resolved by `config.settings`)."""
    if not isinstance(value, str) or not value.strip() or value.endswith(("/", "\\")):
        raise OptionError(f"must be a file name, not {shown(value)}")
    problem = _unusable_path(value)
    if problem:
        raise OptionError(f"must be a file name, not {shown(value)}: {problem}")
    return value


def segment_table(value: object) -> tuple[tuple[str, str], ...]:
    """A mapping of segment id (a slug) to its title (text), e.g. `smb: Small businesses`."""
    from journeymap.journey.model import is_slug  # the one definition of an id

    if value is None:
        return ()
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        value = dict(value)  # already checked (MkDocs hands over the default, or the table)
    if not isinstance(value, Mapping):
        raise OptionError(
            f"must be a mapping of segment id to title (e.g. smb: Small businesses), "
            f"not {shown(value)}"
        )
    table: list[tuple[str, str]] = []
    for key, title in value.items():
        if not isinstance(key, str) or not is_slug(key):
            raise OptionError(
                f"has the segment id {shown(key)}: a segment id is lowercase letters, digits "
                "and hyphens (e.g. smb, enterprise)"
            )
        if not isinstance(title, str) or not title.strip():
            raise OptionError(
                f"gives segment {key!r} the title {shown(title)}: write its title as text "
                "(e.g. Small businesses (1-20 staff))"
            )
        table.append((key, title))
    return tuple(table)


def optional(check: Check) -> Check:
    """`check`, or nothing (the option left out, or written with no value)."""

    def optional_check(value: object) -> Any:
        return None if value is None else check(value)

    optional_check.__doc__ = check.__doc__
    return optional_check


def _option(default: Any, check: Check, doc: str) -> Any:
    return dataclasses.field(default=default, metadata={"check": check, "doc": doc})


@dataclasses.dataclass(frozen=True)
class Options:
    """The options of the `journeymap` entry under `plugins:` in mkdocs.yml, validated."""

    journeys: str = _option(
        "journeys", folder, "Folder of journey files (`<id>.yml`), relative to mkdocs.yml."
    )
    max_evidence_age_days: int = _option(
        365, days, "Evidence older than this many days is stale (0 to 36500)."
    )
    warn_days: int = _option(
        30,
        days,
        "Early warning: waivers that end, and evidence that goes stale, within this many "
        "days (0 to 36500).",
    )
    strict: bool = _option(False, flag, "true: warnings fail the build too.")
    jargon: tuple[str, ...] = _option(
        (),
        terms,
        "The team's insider terms (internal names, policy words, abbreviations) that "
        "customers would not use: `insider-jargon` warns where a stage's title, touchpoints, "
        "pain points or opportunities use one.",
    )
    personal_data: bool = _option(
        True,
        flag,
        "false: no `personal-data` warnings (for a team whose participants agreed to their "
        "contact details being shown; reports still never repeat them).",
    )
    research: str = _option(
        "research",
        folder,
        "Folder of study files (`<id>.yml`), relative to mkdocs.yml; without it, no studies.",
    )
    segments: tuple[tuple[str, str], ...] = _option(
        (),
        segment_table,
        "Customer segments, segment id -> title (e.g. `smb: Small businesses`): who said what.",
    )
    templates: str | None = _option(
        None,
        optional(folder),
        "Folder of template overrides (same names as the shipped templates).",
    )
    baseline: str = _option(
        "journeymap-baseline.yml",
        file_name,
        "The baseline: known gaps that fail nothing while listed (`journeymap validate "
        "--write-baseline` writes it), relative to mkdocs.yml.",
    )

    @classmethod
    def read(cls, raw: Mapping[str, Any], where: str) -> Options:
        """The options in `raw` (the plugin entry's mapping), checked; `where` names the
        file in messages. Unknown names and unaccepted values are a `ConfigError`."""
        from journeymap.errors import ConfigError

        names = option_names()
        unknown = sorted(str(key) for key in raw if key not in names)
        if unknown:
            hints = [f"{key!r}{_hint(did_you_mean(key, names))}" for key in unknown]
            raise ConfigError(
                f"{where}: unknown journeymap option {', '.join(hints)}; "
                f"the options are {', '.join(names)}."
            )
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            if field.name not in raw:
                continue
            try:
                values[field.name] = check_of(field)(raw[field.name])
            except OptionError as error:
                raise ConfigError(f"{where}: journeymap option {field.name!r} {error}.") from None
        return cls(**values)

    def values(self) -> dict[str, Any]:
        """Option name -> value, in the table's order."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}


def option_fields() -> tuple[dataclasses.Field[Any], ...]:
    """The table: every option, in order (name, default, `check_of`, `doc_of`)."""
    return dataclasses.fields(Options)


def option_names() -> list[str]:
    return [field.name for field in option_fields()]


def check_of(field: dataclasses.Field[Any]) -> Check:
    check: Check = field.metadata["check"]
    return check


def doc_of(field: dataclasses.Field[Any]) -> str:
    return str(field.metadata["doc"])


def _hint(close: str | None) -> str:
    return f" (did you mean {close!r}?)" if close else ""


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


def shown(value: object) -> str:
    """A value as an error message shows it: its repr, clipped."""
    try:
        text = repr(value)
    except ValueError:  # an int of more digits than Python converts to text
        return "a number of thousands of digits"
    return text if len(text) <= 60 else text[:57] + "..."
