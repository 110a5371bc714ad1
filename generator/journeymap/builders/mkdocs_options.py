"""The options table in MkDocs' terms: `mkdocs build` validates the plugin's entry with
the very checks `journeymap validate` uses (`config.options`), and `journeymap generate`
reads the few site-wide settings its pages depend on with MkDocs' own option types."""

from __future__ import annotations

import dataclasses
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from journeymap.config.options import OptionError, check_of, option_fields


class TableOption(BaseConfigOption[Any]):
    """One option of the table, validated by its own check."""

    def __init__(self, field: dataclasses.Field[Any]) -> None:
        super().__init__()
        self.default = field.default
        self._check = check_of(field)

    def run_validation(self, value: object) -> Any:
        try:
            return self._check(value)
        except OptionError as error:
            raise ValidationError(str(error)) from None


#: The plugin's options as MkDocs validates them: one `TableOption` per field of the table.
PluginConfig: type[Config] = type(
    "PluginConfig", (Config,), {field.name: TableOption(field) for field in option_fields()}
)


class SiteOptions(Config):  # type: ignore[no-untyped-call]
    """The few site-wide MkDocs settings the pages depend on, read with MkDocs' own rules
    (for `journeymap generate`, which runs without MkDocs' build)."""

    use_directory_urls = c.Type(bool, default=True)
    repo_url = c.Optional(c.URL())
    edit_uri = c.Optional(c.EditURI("repo_url"))
    docs_dir = c.Type(str, default="docs")
