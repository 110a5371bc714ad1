"""A site plan in MkDocs' terms: files, navigation, tables of contents, the search index.

What the plugin hands to MkDocs, kept out of the plugin so each piece is plain code:
`Builds` (the check, the plan rendered, and what carries over from one build to the next),
`PlannedFile` (a generated page that knows whether it changed since the last build),
`navigation` (the plan's pages as a "Journeys" section), `toc` (the plan's tables of
contents as MkDocs' `TableOfContents`), `SearchIndex`, which keeps the search
index whole when a preview rebuilds only the pages that changed, and
`set_aside_generated`, which keeps pages `journeymap generate` left in the docs folder
out of the plugin's build.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from journeymap.builders import manifest
from journeymap.builders import site_folder as sitefiles
from journeymap.check.findings import Severity, format_line
from journeymap.check.pipeline import FileCache, check
from journeymap.check.report import Report
from journeymap.config.settings import Settings
from journeymap.errors import JourneymapError
from journeymap.paths import resolved
from journeymap.site import plan as siteplan
from journeymap.site.context import TocEntry
from journeymap.site.memo import Memo
from journeymap.site.plan import PlannedPage, SitePlan
from journeymap.site.rendering import PageRenderer
from journeymap.text import json_text, plural

log = get_plugin_logger("journeymap")

#: The Markdown of a generated page: the page HTML replaces it after Markdown ran, so
#: journey text never passes through Markdown, whatever extensions the site enables.
PLACEHOLDER = "<!-- journeymap:page -->\n\n# journeymap\n"


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, so a rebuild does not compile the theme again
    (Jinja recompiles a template whose source changed: the key holds its checksum)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class PlannedFile(File):
    """A generated page; `changed` says whether its content differs from the last build."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


def planned_file(config: MkDocsConfig, page: PlannedPage, changed: bool) -> PlannedFile:
    file = PlannedFile.generated(
        config, page.uri, content=PLACEHOLDER, inclusion=InclusionLevel.NOT_IN_NAV
    )
    assert isinstance(file, PlannedFile)
    file.changed = changed
    return file


def asset_file(config: MkDocsConfig, uri: str, text: str) -> File:
    return File.generated(config, uri, content=text)


def navigation(
    nav: Navigation, files: Files, pages: Sequence[PlannedPage], home: bool
) -> Navigation:
    """The site's navigation with the plan's pages in a "Journeys" section.

    Pages the user's own `nav:` lists keep their place and title there. The section goes
    first when the dashboard is the home page, else last.
    """
    ours: list[Page] = []
    for planned in pages:
        file = files.get_file_from_path(planned.uri)
        if file is None or file.page is None or file.page in nav.pages:
            continue
        file.page.title = escape(planned.nav_title)  # titles are HTML in MkDocs' themes
        ours.append(file.page)
    if not ours:
        return nav
    section = Section("Journeys", list(ours))
    for page in ours:
        page.parent = section
    items = [section, *nav.items] if home else [*nav.items, section]
    return _navigation(items)


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


def toc(entries: Sequence[TocEntry]) -> TableOfContents:
    """The plan's table of contents as MkDocs' (whose titles are HTML); the top entries
    are the page's h2 sections."""

    def link(entry: TocEntry, level: int) -> AnchorLink:
        anchor = AnchorLink(escape(entry.title), entry.anchor, level)
        anchor.children = [link(child, level + 1) for child in entry.children]
        return anchor

    return TableOfContents([link(entry, 2) for entry in entries])


class SearchIndex:
    """Keeps the search index whole across rebuilds that build only the changed pages.

    After each build, the index MkDocs' search plugin wrote holds the entries of the
    pages built this time. The entries of every other page come from earlier builds;
    pages that no longer exist are dropped. A full build replaces everything.
    """

    def __init__(self) -> None:
        self.entries: dict[str, list[dict[str, Any]]] = {}  # page URL -> its entries

    def update(self, site_dir: Path, built: set[str], pages: set[str], full: bool) -> None:
        """Merge the index in `site_dir` (holding the `built` pages) with earlier entries."""
        path = site_dir / "search" / "search_index.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no search plugin, or it wrote nothing: nothing to keep whole
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in data.get("docs", []):
            fresh.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
        if full:
            self.entries = fresh
            return
        for url in built:
            self.entries[url] = fresh.get(url, [])
        self.entries = {url: entries for url, entries in self.entries.items() if url in pages}
        data["docs"] = [entry for entries in self.entries.values() for entry in entries]
        path.write_text(json_text(data, compact=True), encoding="utf-8")


def set_aside_generated(files: Files, docs_dir: Path) -> dict[str, int]:
    """Remove from `files` the pages `journeymap generate` wrote into the docs folder
    (listed in its manifest, and unchanged since): they are journeymap's pages as they
    were then, and the plugin's fresh pages take their place. A file not listed, or
    edited since, is the user's and stays. Returns how many went, per folder (relative
    to `docs_dir`, "" for the docs folder itself).

    The manifest is a dotfile, which MkDocs may leave out of `files`: it is looked for on
    disk in the docs folder and every folder that holds (or is above) one of `files`.
    """
    folders = {""}
    for file in files:
        for parent in PurePosixPath(file.src_uri).parents:
            folders.add("" if str(parent) == "." else parent.as_posix())
    set_aside: dict[str, int] = {}
    for folder in sorted(folders):
        if not (docs_dir / folder / manifest.NAME).is_file():
            continue
        for rel in manifest.unchanged(docs_dir / folder):
            listed = files.get_file_from_path(f"{folder}/{rel}" if folder else rel)
            if listed is not None and not listed.generated_by:
                files.remove(listed)
                set_aside[folder] = set_aside.get(folder, 0) + 1
    return set_aside


def set_aside_message(set_aside: dict[str, int], docs_dir_name: str) -> str:
    """One sentence for the log: what `set_aside_generated` left out, and what to do."""
    count = sum(set_aside.values())
    where = ", ".join("/".join(filter(None, (docs_dir_name, folder))) for folder in set_aside)
    return (
        f"set aside {plural(count, 'file')} `journeymap generate` wrote in {where}: "
        "the plugin builds these pages itself, from the journeys as they are now. "
        "Delete them, or turn the plugin off to build them instead."
    )


def invalidate(files: Files) -> None:
    """Make an incremental build rebuild every page: remove what the last build wrote."""
    for file in files.documentation_pages():
        _remove(file.abs_dest_path)


def remove_pages(config: MkDocsConfig, uris: set[str]) -> None:
    """Remove the built pages of planned pages that are gone (a journey was removed)."""
    for uri in uris:
        dest = File(uri, "", config.site_dir, config.use_directory_urls).abs_dest_path
        _remove(dest)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):  # never built, or already gone
        os.remove(path)


class Builds:
    """The work of one build, and what carries over to the next (the live preview).

    A plain build runs once; the preview's rebuilds reuse per-file check results,
    diagrams, page HTML and compiled templates, and mark only changed pages modified.
    """

    def __init__(self) -> None:
        self.check_cache: FileCache = {}
        self.memo = Memo()
        self.bytecode = MemoryBytecodeCache()
        self.index = SearchIndex()
        self.digests: dict[str, str] = {}  # page source path -> digest at the last build
        self.report: Report | None = None
        self.pages: PageRenderer | None = None  # this build's plan, rendered
        self.trial: PageRenderer | None = None  # planned in `check`, reused if it holds
        self.files = Files([])
        self.built: set[str] = set()  # URLs of the pages this build wrote
        self.full: dict[str, str] = {}  # a page's content while search reads the lean one

    def check(
        self, config: MkDocsConfig, settings: Settings, *, preview: bool, strict: bool
    ) -> str | None:
        """Check the journeys and render every page once; the reason the build must stop,
        or None. Runs before MkDocs cleans the site folder, so that neither a failing
        journey nor a failing template override ever costs the previous site."""
        self.memo.failed.clear()  # each build tries a renderer that failed before again
        self.trial = None
        self.report = report = check(None, settings, cache=self.check_cache)
        for finding in report.findings:
            # A preview shows findings on its pages; as warnings they would abort
            # `mkdocs serve --strict` and leave the preview stuck.
            if finding.severity is Severity.WARNING and not preview:
                log.warning(format_line(finding))
            elif finding.severity is not Severity.ERROR or preview:
                log.info(format_line(finding))
        if preview:
            return None
        failing = [f for f in report.findings if f.severity.fails(strict)]
        if failing:
            return (
                f"{plural(len(failing), 'finding')} "
                f"{'fails' if len(failing) == 1 else 'fail'} the build; fix them and build again "
                "(`journeymap validate` lists them too):\n"
                + "\n".join(format_line(f) for f in failing)
            )
        if not report.journeys:
            return (
                f"no journey in {settings.journeys} could be read; add a journey file "
                "(journeymap new ID) and build again."
            )
        # A trial of the pages with the docs as they are now: a template that fails,
        # fails here (on_files comes after the clean); its work is reused there.
        files = get_files(config)
        set_aside_generated(files, Path(config.docs_dir))
        self.trial = trial = self._pages(files, config, settings, preview=preview, strict=strict)
        for page in trial.plan.pages:
            trial.html(page)
            trial.search_html(page)
        return None

    def _pages(
        self, files: Files, config: MkDocsConfig, settings: Settings, *, preview: bool, strict: bool
    ) -> PageRenderer:
        assert self.report is not None
        existing = url_lookup(files)
        trial, self.trial = self.trial, None
        if (  # the trial's plan holds when the files other plugins added change nothing
            trial is not None
            and all(existing(uri) == url for uri, url in trial.plan.lookups.items())
        ):
            return trial
        site = siteplan.Site(
            use_directory_urls=config.use_directory_urls,
            repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            docs_dir_name=Path(config.docs_dir).name,
            existing=existing,
        )
        plan = siteplan.plan(
            self.report, settings, site=site, preview=preview, strict=strict, memo=self.memo
        )
        for message in plan.warnings:
            log.warning(message)
        return PageRenderer(plan, self.memo)

    @property
    def plan(self) -> SitePlan | None:
        """This build's plan (once `add_pages` ran)."""
        return self.pages.plan if self.pages is not None else None

    def add_pages(
        self, files: Files, config: MkDocsConfig, settings: Settings, *, preview: bool, strict: bool
    ) -> SitePlan:
        """Plan the pages and add them (and their assets) to `files`, in place of pages
        `journeymap generate` left in the docs folder."""
        set_aside = set_aside_generated(files, Path(config.docs_dir))
        if set_aside:
            log.info(set_aside_message(set_aside, Path(config.docs_dir).name))
        pages = self._pages(files, config, settings, preview=preview, strict=strict)
        plan = pages.plan
        digests = {page.uri: pages.digest(page) for page in plan.pages}  # renders each once
        for uri in plan.displaced:
            log.warning(
                f"docs/{uri} is where journeymap would put a generated page, so journeymap "
                "leaves it out."
            )
        remove_pages(config, set(self.digests) - set(digests))
        nav_changed = plan.nav_signature() != (self.plan.nav_signature() if self.plan else None)
        for page in plan.pages:
            changed = nav_changed or digests[page.uri] != self.digests.get(page.uri)
            files.append(planned_file(config, page, changed))
        if nav_changed:
            invalidate(files)  # every page shows the navigation
        for uri, text in pages.assets().items():
            files.append(asset_file(config, uri, text))
        self.pages, self.digests, self.files, self.built = pages, digests, files, set()
        return plan

    def _planned(self, page: Page) -> tuple[PageRenderer, PlannedPage] | None:
        """The renderer and the planned page of a page MkDocs builds, if it is one."""
        planned = self.pages.plan.by_uri.get(page.file.src_uri) if self.pages else None
        if planned is None or self.pages is None:
            return None
        return self.pages, planned

    def set_meta(self, page: Page) -> None:
        """A planned page's front matter (title, hide, description) and edit link."""
        if (found := self._planned(page)) is not None:
            pages, planned = found
            page.meta.update(pages.plan.meta(planned))
            page.edit_url = planned.edit_url

    def content(self, page: Page, html: str) -> str:
        """A planned page's HTML (instead of the placeholder's) and its TOC; else `html`."""
        if (found := self._planned(page)) is None:
            return html
        pages, planned = found
        page.toc = toc(pages.plan.toc(planned))
        return pages.html(planned)  # rendered (and so checked) in add_pages

    def lean_for_search(self, page: Page) -> None:
        """Give the search plugin the lean view of a planned page: the same entries from
        far less HTML to parse (Material's search parses all of it)."""
        if (found := self._planned(page)) is not None:
            pages, planned = found
            self.full[page.url] = page.content or ""
            with plugin_errors():
                page.content = pages.search_html(planned)

    def full_for_theme(self, page: Page) -> None:
        """Put the page back once search has read it."""
        if page.url in self.full:
            page.content = self.full.pop(page.url)

    def finish(self, site_dir: Path) -> None:
        """After the search plugin wrote its index: keep the pages not rebuilt in it."""
        pages = {file.page.url for file in self.files.documentation_pages() if file.page}
        self.index.update(site_dir, self.built, pages, full=self.built >= pages)


def url_lookup(files: Files) -> Callable[[str], str | None]:
    """The URL of a file of `files` at a source path or an output path, if there is one."""
    by_dest: dict[str, File] = {}
    for file in files:
        by_dest.setdefault(file.dest_uri, file)

    def url_of(uri: str) -> str | None:
        file = files.get_file_from_path(uri) or by_dest.get(uri)
        return file.url if file is not None else None

    return url_of


@contextlib.contextmanager
def plugin_errors() -> Iterator[None]:
    """journeymap's errors as MkDocs' PluginError: a sentence, never a traceback."""
    try:
        yield
    except JourneymapError as error:
        raise PluginError(f"journeymap: {error}") from None


def check_site_dir(config: MkDocsConfig, settings: Settings) -> None:
    """Refuse a `site_dir` that MkDocs' clean would delete the journeys (or the project,
    the docs, the templates) with; `journeymap build` refuses it the same way."""
    docs = resolved(Path(config.docs_dir))
    sitefiles.check_clear_of_sources(resolved(Path(config.site_dir)), settings, docs)


def register(config: MkDocsConfig, settings: Settings) -> None:
    """Add journeymap's stylesheet and script to the site, and have `serve` rebuild when a
    journey file or a template override changes."""
    for folder in (settings.journeys, settings.templates):
        if folder is not None and folder.is_dir() and str(folder) not in config.watch:
            config.watch.append(str(folder))
    if siteplan.CSS_URI not in config.extra_css:
        config.extra_css.append(siteplan.CSS_URI)
    if siteplan.JS_URI not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(siteplan.JS_URI)
