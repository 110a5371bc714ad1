"""The MkDocs plugin `journeymap`: checks the journeys, then adds their pages to the site.

Thin wiring: the core checks (`check`), `diagram` and `pages` make the views and HTML.
Generated Markdown is only a placeholder: the page HTML is rendered from the Jinja
templates and swapped in after Markdown, so journey text never passes through Markdown
(whatever extensions the site enables).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

from journeymap import diagram, pages, renderer, templates, views
from journeymap.check import CheckedJourney, Report, check
from journeymap.config import Settings, settings_from
from journeymap.errors import JourneymapError
from journeymap.findings import Finding, Severity
from journeymap.options import PluginConfig

log = get_plugin_logger(__name__)

CSS_URI = "assets/journeymap/journeymap.css"
JS_URI = "assets/journeymap/journeymap.js"
PLACEHOLDER = "<!-- journeymap:page -->"
#: Above this many journeys, journey pages stay out of the nav (the dashboard lists them).
MAX_NAV_JOURNEYS = 30


@dataclass
class _Generated:
    """One page this plugin adds: which template renders it and for which journey."""

    template: str
    title: str
    nav_title: str
    journey: CheckedJourney | None = None


def finding_line(finding: Finding) -> str:
    """`file:line:col: code message`, as compilers print it."""
    where = finding.file
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.column is not None:
            where += f":{finding.column}"
    return f"{where}: {finding.code} {finding.message}"


def edit_url(config: MkDocsConfig, path: str) -> str | None:
    """Link to edit `path` (relative to the repository root) or None without `repo_url`.

    MkDocs' `edit_uri` points into the docs folder (GitHub's default ends in `docs/`);
    journey files live next to it, so a trailing docs folder name is dropped.
    """
    repo_url = config.repo_url
    edit_uri = config.edit_uri
    # Like MkDocs' own pages: no edit_uri (unknown host, or `edit_uri: ''`), no link.
    if not repo_url or not edit_uri or PurePosixPath(path).parts[:1] == ("..",):
        return None
    if edit_uri.startswith(("http://", "https://")):
        base = edit_uri
    else:
        base = repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")
    docs = Path(config.docs_dir).name
    trimmed = base.rstrip("/")
    if docs and trimmed.endswith("/" + docs):
        base = trimmed[: -len(docs)]
    if not base.endswith(("/", "=", "?")):
        base += "/"
    return base + path


class JourneymapPlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    """Journey map pages, a dashboard and a research backlog from `journeys/*.yml`."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.generated: dict[str, _Generated] = {}
        self.portfolio: views.Portfolio | None = None
        self.views: dict[str, views.JourneyView] = {}
        self.env: jinja2.Environment | None = None
        self.search: dict[str, str] = {}  # what the search plugin reads of each page
        self.shown: dict[str, str] = {}  # the page's own content, while it does

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_file = Path(config.config_file_path) if config.config_file_path else None
        try:
            self.settings = settings_from(self.config, config_file)
        except JourneymapError as error:
            raise PluginError(str(error)) from None
        # `mkdocs serve` rebuilds when a journey file or a template override changes.
        for folder in (self.settings.journeys, self.settings.templates):
            if folder is not None and folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        settings = self._settings()
        try:
            report = check(None, settings)
        except JourneymapError as error:
            raise PluginError(f"journeymap: {error}") from None
        # `mkdocs build --strict` (and `journeymap build --strict`) fail on warnings too.
        self._log(report, strict=settings.strict or bool(config.strict))
        if not report.journeys:
            raise PluginError(
                f"journeymap: no journey in {settings.journeys} could be read; "
                "add a journey file (journeymap new ID) and build again."
            )
        plan = self._plan(files, report)
        urls: dict[str, str] = {}
        self.generated = {}
        # A user's page wins over a generated one at the same source path or output path
        # (docs/gaps.md and docs/gaps/index.md both become /gaps/).
        by_dest = {file.dest_uri: file for file in files}
        for uri, generated in plan.items():
            key = generated.journey.id if generated.journey else generated.template
            heading = generated.journey.id if generated.journey else "journeymap"
            file = File.generated(
                config,
                uri,
                content=f"{PLACEHOLDER}\n\n# {heading}\n",
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            existing = files.get_file_from_path(uri) or by_dest.get(file.dest_uri)
            if existing is not None:  # the user's own page wins; links still lead there
                log.warning(
                    f"docs/{existing.src_uri} is where journeymap would put a generated "
                    "page, so journeymap leaves it out."
                )
                urls[key] = existing.url
                continue
            files.append(file)
            urls[key] = file.url
            self.generated[uri] = generated
        urls["dashboard"] = urls.pop("dashboard.html")
        urls["gaps"] = urls.pop("gaps.html")
        sources = [
            diagram.journey_dot(checked.journey, checked.statuses) for checked in report.journeys
        ]
        rendering = renderer.render_svgs(sources)
        for warning in rendering.warnings:
            log.warning(warning)
        svgs = {
            checked.id: svg or ""
            for checked, svg in zip(report.journeys, rendering.svgs, strict=True)
        }
        self.portfolio = pages.portfolio(
            report,
            max_age=settings.max_evidence_age_days,
            urls=urls,
            edit_url=lambda checked: edit_url(config, checked.display_path),
            diagrams=svgs,
        )
        self.views = {view.id: view for view in self.portfolio.journeys}
        self.env = templates.environment(settings.templates)  # one per build: compile once
        for uri in (CSS_URI, JS_URI):
            name = PurePosixPath(uri).name
            text = templates.asset_text(name, settings.templates)
            files.append(File.generated(config, uri, content=text))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        ours: list[StructureItem] = []
        journeys = [uri for uri, g in self.generated.items() if g.journey is not None]
        for uri, generated in self.generated.items():
            if generated.journey is not None and len(journeys) > MAX_NAV_JOURNEYS:
                continue  # reached from the dashboard; keeps the nav small
            file = files.get_file_from_path(uri)
            if file is None or file.page is None:
                continue
            if file.page not in nav.pages:  # the user's own `nav:` may list it already
                file.page.title = escape(generated.nav_title)
                ours.append(file.page)
        if not ours:
            return nav
        section = Section("Journeys", ours)
        for item in ours:
            item.parent = section
        home = self.generated.get("index.md")
        items = [section, *nav.items] if home is not None else [*nav.items, section]
        return _navigation(items)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            # Page titles are HTML in MkDocs and themes print them unescaped.
            page.meta["title"] = escape(generated.title)
            # Material: the map needs the width more than a second sidebar does.
            page.meta["hide"] = ["toc"]
            if generated.journey is not None:
                view = self.views[generated.journey.id]
                page.edit_url = view.edit_url
                if view.summary:  # Material prints it unescaped into an attribute
                    page.meta["description"] = escape(view.summary, quote=True)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is None or self.portfolio is None or self.env is None:
            return html

        def href(url: str) -> str:
            return get_relative_url(url, page.url) if url else get_relative_url(".", page.url)

        context: dict[str, Any] = {"portfolio": self.portfolio}
        if generated.journey is not None:
            view = self.views[generated.journey.id]
            context["journey"] = view
            page.toc = _journey_toc(view)
        else:
            page.toc = TableOfContents([])
        # Search reads the same entries from a lean view of the page (Material's search
        # parses all of a page's HTML, most of which it then skips).
        lean = templates.JOURNEY_SEARCH if generated.journey is not None else None
        template = generated.template
        try:
            html = templates.render(self.env, template, href, **context)
            if lean is not None:
                template = lean
                search = templates.render(self.env, lean, href, **context)
            else:
                search = templates.search_view(html)
        except Exception as error:  # a broken template override must not be a traceback
            raise PluginError(
                f"journeymap: the page template {template!r} failed: "
                f"{type(error).__name__}: {error}"
            ) from None
        self.search[page.file.src_uri] = search
        return html

    @event_priority(50)  # before the search plugin reads page.content
    def _show_search_view(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        view = self.search.pop(page.file.src_uri, None)
        if view is not None:
            self.shown[page.file.src_uri] = page.content or ""
            page.content = view
        return context

    @event_priority(-50)  # after it, before the theme renders the page
    def _show_page(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        shown = self.shown.pop(page.file.src_uri, None)
        if shown is not None:
            page.content = shown
        return context

    on_page_context = CombinedEvent(_show_search_view, _show_page)

    # helpers

    def _settings(self) -> Settings:
        if self.settings is None:  # on_config always runs first
            raise PluginError("journeymap: the plugin was not configured.")
        return self.settings

    def _log(self, report: Report, *, strict: bool) -> None:
        for finding in report.findings:
            if finding.severity is Severity.INFO:
                log.info(finding_line(finding))
            elif finding.severity is Severity.WARNING:
                log.warning(finding_line(finding))
        failing = [f for f in report.findings if f.severity.fails(strict)]
        if failing:
            errors = sum(1 for f in failing if f.severity is Severity.ERROR)
            warnings = len(failing) - errors
            counted = [f"{errors} error(s)"] + ([f"{warnings} warning(s)"] if warnings else [])
            raise PluginError(
                f"journeymap: {' and '.join(counted)} in the journey files; fix them and "
                "build again (`journeymap validate` lists them too):\n"
                + "\n".join(finding_line(f) for f in failing)
            )

    def _plan(self, files: Files, report: Report) -> dict[str, _Generated]:
        """Where each generated page goes; the user's own index.md keeps the home page."""
        user_home = any(files.get_file_from_path(name) for name in ("index.md", "README.md"))
        dashboard = "journeys/index.md" if user_home else "index.md"
        plan = {
            dashboard: _Generated("dashboard.html", "Customer journeys", "Overview"),
            "gaps.md": _Generated("gaps.html", "Research gaps", "Research gaps"),
        }
        for checked in report.journeys:
            title = checked.journey.title
            # A journey called "index" gets a folder of its own: journeys/index.md is
            # the folder's index page (and may be the dashboard's place).
            uri = (
                f"journeys/{checked.id}/index.md"
                if checked.id == "index"
                else (f"journeys/{checked.id}.md")
            )
            plan[uri] = _Generated("journey.html", title, title, checked)
        return plan


def _navigation(items: list[Any]) -> Navigation:
    """A navigation from items, with previous/next links in reading order."""
    ordered: list[Page] = []

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, Page):
                ordered.append(entry)
            elif isinstance(entry, Section):
                walk(entry.children)

    walk(items)
    for index, page in enumerate(ordered):
        page.previous_page = ordered[index - 1] if index else None
        page.next_page = ordered[index + 1] if index + 1 < len(ordered) else None
    return Navigation(items, ordered)


def _journey_toc(view: views.JourneyView) -> TableOfContents:
    """The journey page's table of contents as MkDocs' (whose titles are HTML)."""

    def link(entry: views.TocEntry, level: int) -> AnchorLink:
        anchor = AnchorLink(escape(entry.title), entry.anchor, level)
        anchor.children = [link(child, level + 1) for child in entry.children]
        return anchor

    return TableOfContents([link(entry, 2) for entry in view.toc])
