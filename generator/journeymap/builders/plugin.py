"""The MkDocs plugin `journeymap`: a thin adapter between MkDocs' events and the site plan.

The core checks the journeys (`check`), the plan decides every page (`site.plan`),
`site.rendering` renders them, and `mkdocs_site.Builds` speaks MkDocs' types and
carries work from one build to the next.
The check runs in `on_pre_build`, before MkDocs cleans the site folder, so a failing
build never deletes the previous site. Under `mkdocs serve` / `journeymap serve` and
`journeymap build --preview` the site is built whatever the findings, which the pages
then show.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import jinja2
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from journeymap.builders import mkdocs_site
from journeymap.builders.mkdocs_options import PluginConfig
from journeymap.config.mkdocs_yml import listed_twice
from journeymap.config.options import Options
from journeymap.config.settings import Settings, settings_from
from journeymap.site import plan as siteplan

if TYPE_CHECKING:
    _Plugin = BasePlugin[Config]
else:  # the options class is made from the table, so it is named here, not as BasePlugin[…]
    _Plugin = BasePlugin


class JourneymapPlugin(_Plugin):  # type: ignore[no-untyped-call]
    """Journey map pages, a dashboard and a research backlog from `journeys/*.yml`."""

    config_class = PluginConfig

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False  # build whatever the findings (serve, build --preview)
        self.serving = False  # between on_startup(serve) and on_shutdown
        self.preview_config: MkDocsConfig | None = None  # set by enable_preview()
        self.settings: Settings | None = None
        self.project = ""
        self.builds = mkdocs_site.Builds()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining this event also keeps one plugin instance across serve's rebuilds.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.serving = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs keeps one instance per process; work carries over only between the
        # rebuilds of one live preview, never into another build or project.
        self.preview = self.serving or self.preview_config is config
        if not self.serving or config.config_file_path != self.project:
            self.project, self.builds = config.config_file_path, mkdocs_site.Builds()
        if "journeymap #2" in config.plugins:
            raise PluginError(listed_twice(config.config_file_path or "mkdocs.yml"))
        with mkdocs_site.plugin_errors():
            self.settings = settings = plugin_settings(config)
            mkdocs_site.check_site_dir(config, settings)
        mkdocs_site.register(config, settings)  # assets, and the folders serve watches
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Check the journeys before MkDocs cleans the site folder: a failure keeps it."""
        assert self.settings is not None
        with mkdocs_site.plugin_errors():
            failure = self.builds.check(
                config, self.settings, preview=self.preview, strict=self._strict(config)
            )
        if failure is not None:
            raise PluginError(f"journeymap: {failure}")

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        with mkdocs_site.plugin_errors():
            self.builds.add_pages(
                files, config, self.settings, preview=self.preview, strict=self._strict(config)
            )
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        plan = self._plan()
        return mkdocs_site.navigation(nav, files, plan.nav_pages(), plan.layout.home)

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        env.bytecode_cache = self.builds.bytecode  # the theme compiles once per preview
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.builds.set_meta(page)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self.builds.content(page, html)

    @event_priority(50)  # before the search plugin reads page.content
    def _lean_for_search(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        self.builds.lean_for_search(page)
        return context

    @event_priority(-50)  # after it, before the theme renders the page
    def _full_for_theme(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        self.builds.full_for_theme(page)
        return context

    on_page_context = CombinedEvent(_lean_for_search, _full_for_theme)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.builds.built.add(page.url)
        return output

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.builds.finish(Path(config.site_dir))

    def _plan(self) -> siteplan.SitePlan:
        assert self.builds.plan is not None  # on_files ran
        return self.builds.plan

    def _strict(self, config: MkDocsConfig) -> bool:
        return bool(self.settings and self.settings.options.strict) or bool(config.strict)


def plugin_settings(config: MkDocsConfig) -> Settings:
    """The settings of the journeymap entry in a configuration MkDocs has loaded."""
    path = Path(config.config_file_path) if config.config_file_path else None
    options = dict(config.plugins["journeymap"].config)
    return settings_from(Options.read(options, path.name if path else "mkdocs.yml"), path)


def enable_preview(config: MkDocsConfig) -> None:
    """Build `config`'s site whatever the findings (the pages show them)."""
    plugin = config.plugins.get("journeymap")
    if isinstance(plugin, JourneymapPlugin):
        plugin.preview_config = config
