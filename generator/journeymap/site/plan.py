"""The site plan: every page journeymap adds to a site, decided once, for every builder.

`plan()` turns a check `Report` into a `SitePlan`, plain data: the pages (each of a
`Kind`), where each goes (`layout()` decides it, from what the builder knows of the
site), its URL, title, edit link and table of contents, the pages users' own files
displace, the navigation, and the views the templates receive (`pages/`). Nothing here
renders a page: `rendering` turns the plan into HTML and Markdown; the MkDocs plugin
hands those to MkDocs, `journeymap generate` writes them as files. Neither decides
where a page goes or what it says: the plan does.

A new kind of page: a `Kind` member, its path in `Layout`, its pages in `_pages` (the
page list, in navigation order), its view in `pages/<kind>.py`, what its template
receives in `rendering.context`, and its template `site_templates/<kind>.html`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from mkdocs.structure.files import File

from journeymap.check.findings import Severity
from journeymap.check.report import CheckedJourney, Report
from journeymap.config.settings import Settings
from journeymap.journey.model import is_slug
from journeymap.paths import resolved
from journeymap.site import anchors
from journeymap.site.context import JourneyView, Portfolio, TocEntry
from journeymap.site.memo import Memo
from journeymap.site.pages.portfolio import portfolio as portfolio_view
from journeymap.text import printable

CSS_URI = "assets/journeymap/journeymap.css"
JS_URI = "assets/journeymap/journeymap.js"
ASSETS = (CSS_URI, JS_URI)
#: Above this many journeys, journey pages stay out of the nav (the dashboard lists them).
MAX_NAV_JOURNEYS = 30
#: The pages MkDocs makes the home page of a site (README.md where there is no index.md).
HOME_PAGES = ("index.md", "README.md")


class Kind(str, Enum):
    """What a planned page shows; its template is `site_templates/<kind>.html`."""

    DASHBOARD = "dashboard"
    GAPS = "gaps"
    JOURNEY = "journey"
    UNREADABLE = "unreadable"  # a journey file that could not be read (preview only)

    @property
    def template(self) -> str:
        return f"{self.value}.html"

    @property
    def heading(self) -> str:
        """The id of the page's heading: the first entry of its table of contents, where
        Material's "Skip to content" link leads."""
        return _HEADINGS[self]

    @property
    def overview(self) -> bool:
        """A page of the whole portfolio: in the navigation however many journeys there are."""
        return self in (Kind.DASHBOARD, Kind.GAPS)


_HEADINGS = {
    Kind.DASHBOARD: anchors.JOURNEYS,
    Kind.GAPS: anchors.GAPS,
    Kind.JOURNEY: anchors.JOURNEY,
    Kind.UNREADABLE: anchors.UNREADABLE,
}


@dataclass(frozen=True)
class Layout:
    """Where the pages go, as source paths relative to the docs root (MkDocs' `src_uri`)."""

    dashboard: str = "index.md"
    gaps: str = "gaps.md"
    journeys: str = "journeys/"  # the folder of journey pages

    @property
    def home(self) -> bool:
        """The dashboard is the site's home page."""
        return self.dashboard == "index.md"

    def journey(self, journey_id: str) -> str:
        # A journey called `index` would be its folder's index page: it gets a folder.
        if journey_id == "index":
            return f"{self.journeys}index/index.md"
        return f"{self.journeys}{journey_id}.md"


def layout(*, home_page: bool = False, out: str | None = None) -> Layout:
    """Where the pages go, from the two facts that decide it.

    `out` is the name of the folder `journeymap generate --out` writes into: the pages go
    into it, the dashboard as its `index.md`, and the journey pages into it too when it
    is called `journeys` (`--out docs/journeys` gives /journeys/<id>/), else into its
    `journeys/`. Added to a site by the plugin, the dashboard is the site's home page,
    unless the docs folder has a home page of its own (`home_page`, one of HOME_PAGES):
    then the dashboard is `journeys/index.md`, beside the journey pages.
    """
    if out is not None:
        return Layout(journeys="" if out == "journeys" else "journeys/")
    return Layout(dashboard="journeys/index.md" if home_page else "index.md")


@dataclass(frozen=True)
class PlannedPage:
    """One page the plan adds."""

    key: str  # "dashboard", "gaps", "journey:<id>", "file:<path>"
    uri: str  # source path relative to the docs root
    kind: Kind
    title: str  # plain text
    nav_title: str
    journey: str | None = None  # journey id
    file: str | None = None  # the journey file it shows (display path)
    edit_url: str | None = None
    description: str | None = None

    @property
    def template(self) -> str:
        return self.kind.template


@dataclass(frozen=True)
class Site:
    """What the plan needs to know of the site it goes into."""

    use_directory_urls: bool = True
    repo_url: str | None = None
    edit_uri: str | None = None
    docs_dir_name: str = "docs"
    #: URL of a user's own page at a source path or output path, if there is one.
    existing: Callable[[str], str | None] = lambda uri: None
    #: The name of the folder `journeymap generate --out` writes the pages into (None:
    #: the plugin adds them to the site); see `layout`.
    out: str | None = None


def page_url(uri: str, use_directory_urls: bool) -> str:
    """The site-root-relative URL of a page, exactly as MkDocs computes it."""
    return File(uri, "", "", use_directory_urls).url


def edit_url(site: Site, settings: Settings, checked_path: Path) -> str | None:
    """Link to edit a journey file in the repository, or None.

    None without `repo_url`/`edit_uri`, and for a file outside the project (a journeys
    folder elsewhere, or a symlink out of it): a local path is never published.
    MkDocs' `edit_uri` points into the docs folder; journey files live next to it, so a
    trailing docs folder name is dropped.
    """
    relative = repository_path(settings, checked_path)
    if not site.repo_url or not site.edit_uri or relative is None:
        return None
    edit_uri = site.edit_uri
    if edit_uri.startswith(("http://", "https://")):
        base = edit_uri
    else:
        base = site.repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")
    trimmed = base.rstrip("/")
    docs = site.docs_dir_name
    if docs and trimmed.endswith("/" + docs):
        base = trimmed[: -len(docs)]
    if not base.endswith(("/", "=", "?")):
        base += "/"
    return base + quote(relative)  # a file name may hold anything, a URL may not


def repository_path(settings: Settings, path: Path) -> str | None:
    """`path` relative to the project (the folder of mkdocs.yml), or None outside it.

    The file itself and every folder on the way must be inside the project: a symlink
    that leads out of it is outside.
    """
    root = resolved(settings.config_dir)
    try:
        relative = path.absolute().relative_to(root)
    except ValueError:
        return None
    if not resolved(path).is_relative_to(root) or ".." in relative.parts:
        return None
    return relative.as_posix()


def page_file_name(settings: Settings, path: Path, display: str) -> str:
    """The file name a page shows: relative to the project, else the bare file name
    (findings name it as `sources.discovery.shown_path` does, `../` and all)."""
    return repository_path(settings, path) or PurePosixPath(display).name


@dataclass(frozen=True)
class SitePlan:
    """Every page journeymap adds to a site, with everything needed to write it."""

    report: Report
    settings: Settings
    site: Site
    layout: Layout
    preview: bool
    strict: bool
    pages: list[PlannedPage]
    urls: dict[str, str]  # page key -> site-root-relative URL (a user's page where it wins)
    displaced: list[str]  # source paths: a user's page took a generated page's place
    portfolio: Portfolio
    views: dict[str, JourneyView]  # journey id -> its view
    warnings: list[str] = field(default_factory=list)
    # Each path the plan asked `Site.existing` about, and the answer: the plan holds for
    # any set of files that answers the same.
    lookups: dict[str, str | None] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def by_uri(self) -> dict[str, PlannedPage]:
        return {page.uri: page for page in self.pages}

    def url(self, page: PlannedPage) -> str:
        return page_url(page.uri, self.site.use_directory_urls)

    def nav_pages(self) -> list[PlannedPage]:
        """The pages for the site's navigation, in order (journeys only up to a limit)."""
        journeys = sum(1 for page in self.pages if page.kind is Kind.JOURNEY)
        if journeys <= MAX_NAV_JOURNEYS:
            return list(self.pages)
        return [page for page in self.pages if page.kind.overview]

    def nav_signature(self) -> tuple[object, ...]:
        """What every page's navigation shows of the plan: a change rebuilds every page."""
        return (self.layout, tuple((p.uri, p.nav_title) for p in self.nav_pages()))

    def toc(self, page: PlannedPage) -> list[TocEntry]:
        """The table of contents of a page: its heading, with a journey page's sections
        below it (Material hides it; its skip link leads to the first entry)."""
        view = self.views.get(page.journey or "")
        sections = list(view.toc) if page.kind is Kind.JOURNEY and view is not None else []
        return [TocEntry(page.title, page.kind.heading, sections)]

    def meta(self, page: PlannedPage) -> dict[str, Any]:
        """Front matter of a page (title, Material's `hide`, description).

        Escaped as HTML: MkDocs' themes print page titles and descriptions unescaped
        (titles are HTML in MkDocs), so journey text must arrive as text.
        """
        meta: dict[str, Any] = {"title": escape(page.title), "hide": ["toc"]}
        if page.description:
            meta["description"] = escape(page.description, quote=True)
        return meta


def plan(
    report: Report,
    settings: Settings,
    *,
    site: Site | None = None,
    preview: bool = False,
    strict: bool = False,
    memo: Memo | None = None,
) -> SitePlan:
    """The plan for a checked portfolio.

    Diagrams are rendered here (cached on disk by content, so a rebuild with nothing
    changed starts no renderer). `memo` carries work over from the previous plan.
    """
    site = site or Site()
    memo = memo or Memo()
    diagrams, warnings = memo.diagrams(report.journeys)
    lookups: dict[str, str | None] = {}

    def existing(uri: str) -> str | None:
        if uri not in lookups:
            lookups[uri] = site.existing(uri)
        return lookups[uri]

    where = layout(home_page=any(existing(name) for name in HOME_PAGES), out=site.out)
    memo.titles.update((c.display_path, c.journey.title) for c in report.journeys)
    planned = _pages(report, settings, site, where, preview, memo.titles)
    urls: dict[str, str] = {}
    kept: list[PlannedPage] = []
    displaced: list[str] = []
    for page in planned:
        url = page_url(page.uri, site.use_directory_urls)
        theirs = existing(page.uri) or existing(
            File(page.uri, "", "", site.use_directory_urls).dest_uri
        )
        if theirs is not None:  # the user's own page wins; links still lead there
            displaced.append(page.uri)
            urls[page.key] = theirs
            continue
        urls[page.key] = url
        kept.append(page)
    journey_urls = {
        key.split(":", 1)[1]: url for key, url in urls.items() if key.startswith("journey:")
    }
    portfolio = portfolio_view(
        report,
        max_age=settings.options.max_evidence_age_days,
        urls={**journey_urls, "dashboard": urls["dashboard"], "gaps": urls["gaps"]},
        edit_url=lambda checked: _edit_link(site, settings, checked),
        diagrams=diagrams,
        # A journeys folder outside the project must not publish its local path.
        source_path=lambda checked: page_file_name(settings, checked.path, checked.display_path),
    )
    # Keyed by the journey's own id (a view shows it with control characters escaped).
    views = dict(zip((c.id for c in report.journeys), portfolio.journeys, strict=True))
    return SitePlan(
        report=report,
        settings=settings,
        site=site,
        layout=where,
        preview=preview,
        strict=strict,
        pages=kept,
        urls=urls,
        displaced=displaced,
        portfolio=portfolio,
        views=views,
        warnings=warnings,
        lookups=lookups,
    )


def _edit_link(site: Site, settings: Settings, checked: CheckedJourney) -> str | None:
    return edit_url(site, settings, checked.path)


def _pages(
    report: Report,
    settings: Settings,
    site: Site,
    layout: Layout,
    preview: bool,
    titles: dict[str, str] | None = None,
) -> list[PlannedPage]:
    """The page list, in navigation order: the overview pages, then a page per journey
    and, in a preview, a page per journey file that could not be read, in file order (a
    file broken mid-edit keeps its place, and from `titles`, the last good read's
    journey titles by file, its title)."""
    pages_: list[PlannedPage] = [
        PlannedPage("dashboard", layout.dashboard, Kind.DASHBOARD, "Customer journeys", "Overview"),
        PlannedPage("gaps", layout.gaps, Kind.GAPS, "Research gaps", "Research gaps"),
    ]
    taken = {page_url(page.uri, site.use_directory_urls) for page in pages_}
    for checked in report.journeys:
        pages_.append(
            PlannedPage(
                f"journey:{checked.id}",
                # An id that is not a slug is a file name (a schema error, shown in a
                # preview): its page path is made of its letters and digits.
                _free_uri(
                    layout,
                    checked.id if is_slug(checked.id) else _slug(checked.id),
                    taken,
                    site.use_directory_urls,
                ),
                Kind.JOURNEY,
                checked.journey.title,
                checked.journey.title,
                journey=checked.id,
                file=checked.display_path,
                edit_url=_edit_link(site, settings, checked),
                description=checked.journey.summary,
            )
        )
    if preview:
        readable = {checked.display_path for checked in report.journeys}
        unreadable = sorted({f.file for f in report.findings} - readable)
        for display in unreadable:
            name = printable(PurePosixPath(display).name)
            repeats = all(  # a second name for a journey (a copy, a link), not broken
                f.code == "duplicate-id"
                for f in report.findings
                if f.file == display and f.severity is Severity.ERROR
            )
            last_title = None if repeats else (titles or {}).get(display)
            pages_.append(
                PlannedPage(
                    f"file:{display}",
                    _free_uri(
                        layout, _slug(PurePosixPath(display).stem), taken, site.use_directory_urls
                    ),
                    Kind.UNREADABLE,
                    f"{name} repeats another journey" if repeats else f"{name} could not be read",
                    printable(last_title) if last_title else name,
                    file=display,
                )
            )
        overview, files = pages_[:2], pages_[2:]
        # by id, as journeys are listed: a broken file stays where it was
        pages_ = overview + sorted(files, key=lambda page: _file_order(report, page))
    return pages_


def _file_order(report: Report, page: PlannedPage) -> tuple[int, int, str]:
    """Where a page of a journey file goes in the navigation: the journeys in the report's
    order (by id), and an unreadable file where its name (its id to be) would put it."""
    ids = [checked.id for checked in report.journeys]
    if page.kind is Kind.JOURNEY and page.journey in ids:
        return ids.index(page.journey), 1, ""
    stem = PurePosixPath(page.file or "").stem
    return sum(1 for known in ids if known < stem), 0, stem


def _slug(name: str) -> str:
    """A page path's name for a file name: its lowercase letters and digits."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "journey"


def _free_uri(layout: Layout, slug: str, taken: set[str], directory_urls: bool) -> str:
    """The page path for `slug`, numbered (`-2`, `-3`…) if its URL is taken (a journey
    called `gaps` next to the gaps page, a broken `Billing.YML` next to `billing.yml`)."""
    candidate, number = layout.journey(slug), 2
    while page_url(candidate, directory_urls) in taken:
        candidate, number = layout.journey(f"{slug}-{number}"), number + 1
    taken.add(page_url(candidate, directory_urls))
    return candidate
