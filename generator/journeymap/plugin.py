"""The MkDocs plugin `journeymap`: a thin adapter between MkDocs' events and the site plan.

The core checks the journeys (`check`), the plan decides every page (`siteplan`),
`mkdocs_site` speaks MkDocs' types. The check runs in `on_pre_build`, before MkDocs
cleans the site folder, so a failing build never deletes the previous site. Under
`mkdocs serve` / `journeymap serve` and `journeymap build --preview` the site is
built whatever the findings, which the pages then show; a rebuild only rebuilds the
pages whose content changed, and the search index stays whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from journeymap import mkdocs_site, siteplan
from journeymap.check import FileCache, Report, check
from journeymap.config import Settings, settings_from
from journeymap.errors import JourneymapError
from journeymap.findings import Severity, format_line
from journeymap.options import PluginConfig

log = get_plugin_logger(__name__)


class JourneymapPlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    """Journey map pages, a dashboard and a research backlog from `journeys/*.yml`."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False  # build whatever the findings (serve, build --preview)
        self.serving = False  # between on_startup(serve) and on_shutdown
        self.preview_config: MkDocsConfig | None = None  # set by enable_preview()
        self.settings: Settings | None = None
        self.report: Report | None = None
        self.plan: siteplan.SitePlan | None = None
        self.built: set[str] = set()  # URLs of the pages this build wrote
        self.files = Files([])
        self._reset("")

    def _reset(self, project: str) -> None:
        """Forget the previous build's work (another project in the same process)."""
        self.project = project
        # Kept across the live preview's rebuilds: only what a save changed is redone.
        self.digests: dict[str, str] = {}  # page source path -> digest at the last build
        self.index = mkdocs_site.SearchIndex()
        self.check_cache: FileCache = {}
        self.memo = siteplan.Memo()
        self.bytecode = mkdocs_site.MemoryBytecodeCache()
        self.plan = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining this event also keeps one plugin instance across serve's rebuilds.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.serving = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs keeps one instance per process (it has on_startup): a build of another
        # project, or another kind of build, starts afresh.
        self.preview = self.serving or self.preview_config is config
        if config.config_file_path != self.project:
            self._reset(config.config_file_path)
        if "journeymap #2" in config.plugins:
            raise PluginError(
                "journeymap is listed more than once under plugins in mkdocs.yml; keep one entry."
            )
        config_file = Path(config.config_file_path) if config.config_file_path else None
        try:
            self.settings = settings_from(self.config, config_file)
        except JourneymapError as error:
            raise PluginError(f"journeymap: {error}") from None
        for folder in (self.settings.journeys, self.settings.templates):  # serve rebuilds
            if folder is not None and folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        if siteplan.CSS_URI not in config.extra_css:
            config.extra_css.append(siteplan.CSS_URI)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Check the journeys before MkDocs cleans the site folder: a failure keeps it."""
        assert self.settings is not None  # on_config ran
        try:
            self.report = check(None, self.settings, cache=self.check_cache)
        except JourneymapError as error:
            raise PluginError(f"journeymap: {error}") from None
        strict = self._strict(config)
        for finding in self.report.findings:
            # A preview shows findings on its pages; as warnings they would abort
            # `mkdocs serve --strict` and leave the preview stuck.
            if finding.severity is Severity.WARNING and not self.preview:
                log.warning(format_line(finding))
            elif finding.severity is not Severity.ERROR or self.preview:
                log.info(format_line(finding))
        failing = [f for f in self.report.findings if f.severity.fails(strict)]
        if failing and not self.preview:
            raise PluginError(
                f"journeymap: {len(failing)} finding(s) fail the build; fix them and build "
                "again (`journeymap validate` lists them too):\n"
                + "\n".join(format_line(f) for f in failing)
            )
        if not self.report.journeys and not self.preview:
            raise PluginError(
                f"journeymap: no journey in {self.settings.journeys} could be read; "
                "add a journey file (journeymap new ID) and build again."
            )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None and self.report is not None
        site = siteplan.Site(
            use_directory_urls=config.use_directory_urls,
            repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            docs_dir_name=Path(config.docs_dir).name,
            existing=lambda uri: _url_of(files, uri),
        )
        home = any(files.get_file_from_path(name) for name in ("index.md", "README.md"))
        layout = siteplan.Layout(dashboard="journeys/index.md" if home else "index.md")
        try:
            plan = siteplan.plan(
                self.report,
                self.settings,
                site=site,
                layout=layout,
                preview=self.preview,
                strict=self._strict(config),
                memo=self.memo,
            )
            digests = {page.uri: plan.digest(page) for page in plan.pages}
        except JourneymapError as error:
            raise PluginError(f"journeymap: {error}") from None
        for message in plan.warnings:
            log.warning(message)
        for uri in plan.displaced:
            log.warning(
                f"docs/{uri} is where journeymap would put a generated page, so "
                "journeymap leaves it out."
            )
        mkdocs_site.remove_pages(config, set(self.digests) - set(digests))
        nav_changed = plan.nav_signature() != (self.plan.nav_signature() if self.plan else None)
        for page in plan.pages:
            changed = nav_changed or digests[page.uri] != self.digests.get(page.uri)
            files.append(mkdocs_site.planned_file(config, page, changed))
        if nav_changed:
            mkdocs_site.invalidate(files)  # every page shows the navigation
        for uri, text in plan.assets().items():
            files.append(mkdocs_site.asset_file(config, uri, text))
        self.plan, self.digests, self.built, self.files = plan, digests, set(), files
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.plan is not None
        home = self.plan.layout.dashboard == "index.md"
        return mkdocs_site.navigation(nav, files, self.plan.nav_pages(), home)

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        env.bytecode_cache = self.bytecode  # the theme compiles once per preview session
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        planned = self._planned(page)
        if planned is not None:
            assert self.plan is not None
            page.meta.update(self.plan.meta(planned))
            page.edit_url = planned.edit_url
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        planned = self._planned(page)
        if planned is None:
            return html
        assert self.plan is not None
        page.toc = mkdocs_site.toc(self.plan.toc(planned))
        return self.plan.html(planned)  # rendered (and checked) in on_files

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.built.add(page.url)
        return output

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        pages = {file.page.url for file in self.files.documentation_pages() if file.page}
        self.index.update(Path(config.site_dir), self.built, pages, full=self.built >= pages)

    # helpers

    def _planned(self, page: Page) -> siteplan.PlannedPage | None:
        return self.plan.by_uri.get(page.file.src_uri) if self.plan is not None else None

    def _strict(self, config: MkDocsConfig) -> bool:
        return bool(self.settings and self.settings.strict) or bool(config.strict)


def _url_of(files: Files, uri: str) -> str | None:
    file = files.get_file_from_path(uri)
    if file is None:
        file = next((f for f in files if f.dest_uri == uri), None)
    return file.url if file is not None else None


def enable_preview(config: MkDocsConfig) -> None:
    """Build `config`'s site whatever the findings (the pages show them)."""
    plugin = config.plugins.get("journeymap")
    if isinstance(plugin, JourneymapPlugin):
        plugin.preview_config = config
