"""A site plan in MkDocs' terms: files, navigation, tables of contents, the search index.

What the plugin hands to MkDocs, kept out of the plugin so each piece is plain code:
`PlannedFile` (a generated page that knows whether it changed since the last build),
`navigation` (the plan's pages as a "Journeys" section), `toc` (the plan's tables of
contents as MkDocs' `TableOfContents`), and `SearchIndex`, which keeps the search
index whole when a preview rebuilds only the pages that changed.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from journeymap.siteplan import PlannedPage, TocEntry

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
    """The plan's table of contents as MkDocs' (whose titles are HTML)."""

    def link(entry: TocEntry) -> AnchorLink:
        anchor = AnchorLink(escape(entry.title), entry.anchor, entry.level)
        anchor.children = [link(child) for child in entry.children]
        return anchor

    return TableOfContents([link(entry) for entry in entries])


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
        path.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")


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
