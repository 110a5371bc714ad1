"""The MkDocs plugin `journeymap`: a thin adapter between MkDocs' events and the site plan.

The core checks the journeys (`check`), the plan decides every page (`siteplan`),
`mkdocs_site.Builds` speaks MkDocs' types and carries work from one build to the next.
The check runs in `on_pre_build`, before MkDocs cleans the site folder, so a failing
build never deletes the previous site. Under `mkdocs serve` / `journeymap serve` and
`journeymap build --preview` the site is built whatever the findings, which the pages
then show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from journeymap import mkdocs_site, siteplan
from journeymap.config import Settings, settings_from
from journeymap.options import PluginConfig


class JourneymapPlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    """Journey map pages, a dashboard and a research backlog from `journeys/*.yml`."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False  # build whatever the findings (serve, build --preview)
        self.serving = False  # between on_startup(serve) and on_shutdown
        self.preview_config: MkDocsConfig | None = None  # set by enable_preview()
        self.settings: Settings | None = None
        self.project = ""
        self.builds = mkdocs_site.Builds()
        self.full: dict[str, str] = {}  # a page's content while search reads the lean one

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
            raise PluginError(
                "journeymap is listed more than once under plugins in mkdocs.yml; keep one entry."
            )
        with mkdocs_site.plugin_errors():
            path = Path(config.config_file_path) if config.config_file_path else None
            self.settings = settings = settings_from(self.config, path)
        for folder in (settings.journeys, settings.templates):  # serve rebuilds on edits
            if folder is not None and folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        if siteplan.CSS_URI not in config.extra_css:
            config.extra_css.append(siteplan.CSS_URI)
        if siteplan.JS_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(siteplan.JS_URI)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Check the journeys before MkDocs cleans the site folder: a failure keeps it."""
        assert self.settings is not None
        with mkdocs_site.plugin_errors():
            failure = self.builds.check(
                self.settings, preview=self.preview, strict=self._strict(config)
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
        home = plan.layout.dashboard == "index.md"
        return mkdocs_site.navigation(nav, files, plan.nav_pages(), home)

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        env.bytecode_cache = self.builds.bytecode  # the theme compiles once per preview
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        planned = self._plan().by_uri.get(page.file.src_uri)
        if planned is not None:
            page.meta.update(self._plan().meta(planned))
            page.edit_url = planned.edit_url
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        plan = self._plan()
        planned = plan.by_uri.get(page.file.src_uri)
        if planned is None:
            return html
        page.toc = mkdocs_site.toc(plan.toc(planned))
        return plan.html(planned)  # rendered (and so checked) in on_files

    @event_priority(50)  # before the search plugin reads page.content
    def _lean_for_search(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        planned = self._plan().by_uri.get(page.file.src_uri)
        if planned is not None:  # the same entries, from far less HTML to parse
            self.full[page.url] = page.content or ""
            with mkdocs_site.plugin_errors():
                page.content = self._plan().search_html(planned)
        return context

    @event_priority(-50)  # after it, before the theme renders the page
    def _full_for_theme(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        if page.url in self.full:
            page.content = self.full.pop(page.url)
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
        return bool(self.settings and self.settings.strict) or bool(config.strict)


def enable_preview(config: MkDocsConfig) -> None:
    """Build `config`'s site whatever the findings (the pages show them)."""
    plugin = config.plugins.get("journeymap")
    if isinstance(plugin, JourneymapPlugin):
        plugin.preview_config = config
