"""The site plan: every page journeymap adds to a site, decided once, for every builder.

A `SitePlan` is plain data made from a check `Report`: where each page goes, its URL,
its title, its edit link, the pages users' own files displace, the navigation, the
tables of contents, the findings each page shows, and the page HTML itself. The MkDocs
plugin turns it into MkDocs files and pages; `journeymap generate` writes it out as
Markdown files any MkDocs-compatible builder can build with no journeymap code running.
Neither knows where a page goes or what it says: the plan does.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from journeymap.site import diagram

from journeymap.site import graphviz as renderer

from journeymap.site import templates
from journeymap.check.report import CheckedJourney, Report
from journeymap.config.settings import Settings
from journeymap.errors import ConfigError
from journeymap.check.findings import Finding, Severity
from journeymap.text import inert_html, printable
from journeymap.paths import resolved
from journeymap.journey.model import is_slug
from journeymap.site.pages import portfolio as portfolio_view
from journeymap.site.context import JourneyView, Portfolio, TocEntry

CSS_URI = "assets/journeymap/journeymap.css"
JS_URI = "assets/journeymap/journeymap.js"
ASSETS = (CSS_URI, JS_URI)
#: Above this many journeys, journey pages stay out of the nav (the dashboard lists them).
MAX_NAV_JOURNEYS = 30


class TemplateFailed(ConfigError):
    """A page template (a team's override, usually) failed to render."""


class Kind(str, Enum):
    """What a planned page shows."""

    DASHBOARD = "dashboard"
    GAPS = "gaps"
    JOURNEY = "journey"
    UNREADABLE = "unreadable"  # a journey file that could not be read (preview only)


TEMPLATES = {
    Kind.DASHBOARD: "dashboard.html",
    Kind.GAPS: "gaps.html",
    Kind.JOURNEY: "journey.html",
    Kind.UNREADABLE: "unreadable.html",
}


@dataclass(frozen=True)
class Layout:
    """Where the pages go, as source paths relative to the docs root (MkDocs' `src_uri`)."""

    dashboard: str = "index.md"
    gaps: str = "gaps.md"
    journeys: str = "journeys/"  # the folder of journey pages

    def journey(self, journey_id: str) -> str:
        # A journey called `index` would be its folder's index page: it gets a folder.
        if journey_id == "index":
            return f"{self.journeys}index/index.md"
        return f"{self.journeys}{journey_id}.md"


@dataclass(frozen=True)
class FindingNote:
    """A finding as a page shows it, in plain words."""

    severity: str  # error, warning, info
    label: str  # "Error (fails CI)", "Warning"
    code: str
    where: str  # "journeys/x.yml:12:5"
    message: str


@dataclass(frozen=True)
class FileFindings:
    """The findings of one journey file, and the page that shows them."""

    file: str
    url: str | None
    errors: int
    warnings: int


@dataclass(frozen=True)
class Banner:
    """What a page says about the findings at its top (rendered by `findings.html`).

    `failing_here` counts the findings of this page's own journey file that would fail
    CI; `failing_elsewhere` those of every other file (the whole portfolio's, on the
    dashboard and the gaps page); `overview` is the dashboard's URL, which lists them.
    """

    preview: bool
    strict: bool
    notes: list[FindingNote]
    failing_here: int
    failing_elsewhere: int
    overview: str
    files: list[FileFindings] = field(default_factory=list)  # dashboard only

    @property
    def alarming(self) -> bool:
        """Red: this page's file fails CI (or, on the overview pages, any file does)."""
        return self.preview and self.failing_here > 0

    @property
    def empty(self) -> bool:
        failing = self.failing_here + self.failing_elsewhere
        return not self.notes and not self.files and not (self.preview and failing)


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
        return TEMPLATES[self.kind]


@dataclass(frozen=True)
class Site:
    """What the plan needs to know of the site it goes into."""

    use_directory_urls: bool = True
    repo_url: str | None = None
    edit_uri: str | None = None
    docs_dir_name: str = "docs"
    #: URL of a user's own page at a source path or output path, if there is one.
    existing: Callable[[str], str | None] = lambda uri: None


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


class Memo:
    """What a long-lived caller (the live preview) reuses from one plan to the next.

    The check cache hands back the same `CheckedJourney` object while a file's bytes are
    unchanged; that journey's diagram (DOT and SVG) and page HTML are then reused, so a
    save re-renders only what it changed. A build that is not a preview plans once and
    needs none of this.
    """

    def __init__(self) -> None:
        self.dots: dict[int, tuple[CheckedJourney, str]] = {}  # id(checked) -> DOT
        self.svgs: dict[str, str] = {}  # DOT source -> sanitized SVG
        self.html: dict[str, tuple[tuple[object, ...], str]] = {}  # uri -> (inputs, HTML)
        self.search: dict[str, tuple[tuple[object, ...] | None, str]] = {}  # lean views
        self.env: tuple[tuple[object, ...], jinja2.Environment] | None = None
        self.failed: set[str] = set()  # DOT no renderer could draw (tried once per build)
        self.hopeless: set[str] = set()  # DOT too large or too slow to draw: never again
        self.broken: set[str] = set()  # renderers that drew nothing and went wrong

    def diagrams(self, journeys: list[CheckedJourney]) -> tuple[dict[str, str], list[str]]:
        """SVG per journey id (rendering only what is new) and the renderer's warnings."""
        dots: dict[int, tuple[CheckedJourney, str]] = {}
        for checked in journeys:
            known = self.dots.get(id(checked))
            if known is None or known[0] is not checked:
                known = (checked, diagram.journey_dot(checked.journey, checked.statuses))
            dots[id(checked)] = known
        self.dots = dots
        wanted = list(dict.fromkeys(dot for _, dot in dots.values()))
        missing = [
            dot
            for dot in wanted
            if dot not in self.svgs and dot not in self.failed and dot not in self.hopeless
        ]
        warnings: list[str] = []
        if missing:
            rendering = renderer.render_svgs(missing, avoid=frozenset(self.broken))
            warnings = rendering.warnings
            self.broken |= rendering.broken
            for index, (dot, svg) in enumerate(zip(missing, rendering.svgs, strict=True)):
                if svg:
                    self.svgs[dot] = svg
                else:
                    self.failed.add(dot)
                if index in rendering.hopeless:
                    self.hopeless.add(dot)
        self.svgs = {dot: self.svgs[dot] for dot in wanted if dot in self.svgs}
        return {checked.id: self.svgs.get(dot, "") for checked, dot in dots.values()}, warnings

    def environment(self, overrides: Path | None) -> jinja2.Environment:
        """The Jinja environment, kept while the override folder's files are unchanged."""
        signature: tuple[object, ...] = (overrides,)
        if overrides is not None and overrides.is_dir():
            signature += tuple((str(path), _mtime(path)) for path in sorted(overrides.rglob("*")))
        if self.env is None or self.env[0] != signature:
            env = templates.environment(overrides)
            env.finalize = inert_html
            self.env = (signature, env)
        return self.env[1]


def _mtime(path: Path) -> int | None:
    """A file's modification time; None for one that cannot be read (a dangling link)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


@dataclass
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
    displaced: list[str]  # messages: a user's page took a generated page's place
    portfolio: Portfolio
    views: dict[str, JourneyView]
    env: jinja2.Environment
    warnings: list[str] = field(default_factory=list)
    memo: Memo = field(default_factory=Memo, repr=False)
    # Each path the plan asked `Site.existing` about, and the answer: the plan holds for
    # any set of files that answers the same.
    lookups: dict[str, str | None] = field(default_factory=dict, repr=False)
    _html: dict[str, str] = field(default_factory=dict, repr=False)

    # --- pages --------------------------------------------------------------------------

    @functools.cached_property
    def by_uri(self) -> dict[str, PlannedPage]:
        return {page.uri: page for page in self.pages}

    def by_key(self, key: str) -> PlannedPage:
        return next(page for page in self.pages if page.key == key)

    @functools.cached_property
    def _checked(self) -> dict[str, CheckedJourney]:
        return {checked.id: checked for checked in self.report.journeys}

    @functools.cached_property
    def _findings(self) -> dict[str, list[Finding]]:
        """The report's findings by file, in the report's order (indexed once: a page
        asks for its own, and a portfolio has thousands of pages and findings)."""
        by_file: dict[str, list[Finding]] = {}
        for finding in self.report.findings:
            by_file.setdefault(finding.file, []).append(finding)
        return by_file

    @functools.cached_property
    def _failing(self) -> dict[str, int]:
        """How many findings fail the build, per file."""
        counts: dict[str, int] = {}
        for finding in self.report.findings:
            if finding.severity.fails(self.strict):
                counts[finding.file] = counts.get(finding.file, 0) + 1
        return counts

    @functools.cached_property
    def _links(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.portfolio.links.items()))

    def url(self, page: PlannedPage) -> str:
        return page_url(page.uri, self.site.use_directory_urls)

    def nav_pages(self) -> list[PlannedPage]:
        """The pages for the site's navigation, in order (journeys only up to a limit)."""
        journeys = sum(1 for page in self.pages if page.kind is Kind.JOURNEY)
        if journeys <= MAX_NAV_JOURNEYS:
            return list(self.pages)
        return [page for page in self.pages if page.kind in (Kind.DASHBOARD, Kind.GAPS)]

    def nav_signature(self) -> tuple[object, ...]:
        """What every page's navigation shows of the plan: a change rebuilds every page."""
        return (self.layout, tuple((p.uri, p.nav_title) for p in self.nav_pages()))

    def toc(self, page: PlannedPage) -> list[TocEntry]:
        """The table of contents of a page."""
        view = self.views.get(page.journey or "")
        if page.kind is not Kind.JOURNEY or view is None:
            return []
        return list(view.toc)

    def meta(self, page: PlannedPage) -> dict[str, Any]:
        """Front matter of a page (title, Material's `hide`, description).

        Escaped as HTML: MkDocs' themes print page titles and descriptions unescaped
        (titles are HTML in MkDocs), so journey text must arrive as text.
        """
        meta: dict[str, Any] = {"title": escape(page.title), "hide": ["toc"]}
        if page.description:
            meta["description"] = escape(page.description, quote=True)
        return meta

    # --- content ------------------------------------------------------------------------

    def html(self, page: PlannedPage) -> str:
        """The page's HTML: the findings it shows, then the page itself (links relative
        to the page's own URL). Rendered once per plan; a broken template override is a
        `TemplateFailed` naming the template."""
        cached = self._html.get(page.uri)
        inputs = self._inputs(page)
        remembered = self.memo.html.get(page.uri)
        if cached is None and inputs is not None and remembered and remembered[0] == inputs:
            cached = self._html[page.uri] = remembered[1]
        if cached is None:
            try:
                cached = self._render(page)
            except Exception as error:  # a team's override can fail in any way
                raise template_failed(page.template, error) from None
            self._html[page.uri] = cached
            if inputs is not None:
                self.memo.html[page.uri] = (inputs, cached)
        return cached

    def _inputs(self, page: PlannedPage) -> tuple[object, ...] | None:
        """Everything a journey page's HTML depends on, or None (always render).

        A journey page shows its journey (the checked object is the same while the file's
        bytes are), its diagram, its URL, edit link and findings, and the portfolio's
        links; nothing else of the portfolio.
        """
        if page.kind is not Kind.JOURNEY or page.journey is None:
            return None
        view = self.views[page.journey]
        checked = self._checked[page.journey]
        return (
            id(checked),
            checked.statuses,
            self.report.today,
            self.settings.options.max_evidence_age_days,
            self.urls[page.key],
            view.edit_url,
            view.source_path,
            view.diagram,
            self._links,
            repr(self.banner(page)),
            id(self.env),
        )

    def _render(self, page: PlannedPage) -> str:
        here = self.url(page)

        def href(url: str) -> str:
            return get_relative_url(url or ".", here)

        context: dict[str, Any] = {"portfolio": self.portfolio}
        if page.journey is not None:
            context["journey"] = self.views[page.journey]
        if page.kind is Kind.UNREADABLE:
            context["file"] = printable(page.file or "")
            context["title"] = page.title
        banner = self.banner(page)
        parts = []
        if not banner.empty:
            parts.append(templates.render(self.env, "findings.html", href, banner=banner))
        if page.kind is Kind.UNREADABLE:
            context["notes"] = banner.notes
        parts.append(templates.render(self.env, page.template, href, **context))
        return "\n".join(parts)

    def banner(self, page: PlannedPage) -> Banner:
        failing = sum(self._failing.values())
        overview = self.urls["dashboard"]
        if page.kind in (Kind.JOURNEY, Kind.UNREADABLE) and page.file is not None:
            shown = [
                f
                for f in self._findings.get(page.file, [])
                if f.severity is not Severity.INFO or page.kind is Kind.UNREADABLE
            ]
            here = self._failing.get(page.file, 0)
            notes = [note(f, self.strict) for f in shown]
            return Banner(self.preview, self.strict, notes, here, failing - here, overview)
        files = self.file_findings() if page.kind is Kind.DASHBOARD else []
        return Banner(self.preview, self.strict, [], failing, 0, overview, files)

    def file_findings(self) -> list[FileFindings]:
        """Files with errors or warnings, most errors first, with the page showing them."""
        urls = {page.file: self.urls[page.key] for page in self.pages if page.file}
        counts: dict[str, list[int]] = {}
        for finding in self.report.findings:
            if finding.severity is Severity.INFO:
                continue
            count = counts.setdefault(finding.file, [0, 0])
            count[0 if finding.severity is Severity.ERROR else 1] += 1
        rows = [
            FileFindings(printable(file), urls.get(file), *count) for file, count in counts.items()
        ]
        return sorted(rows, key=lambda row: (-row.errors, -row.warnings, row.file))

    def markdown(self, page: PlannedPage, *, assets: bool = False) -> str:
        """The page as a Markdown file any MkDocs-compatible builder turns into the page.

        With `assets`, the page links journeymap.css and journeymap.js itself (a builder
        without the plugin does not add them to the site's `extra_css`/`extra_javascript`).
        """
        links = ""
        if assets:
            here = self.url(page)
            css = get_relative_url(page_url(CSS_URI, False), here)
            js = get_relative_url(page_url(JS_URI, False), here)
            links = (
                f'<link rel="stylesheet" href="{escape(css)}">\n'
                f'<script src="{escape(js)}" defer></script>\n'
            )
        # One block element around everything: Markdown keeps it whole as raw HTML.
        body = f'<div class="jm-page">\n{links}{self.html(page)}\n</div>\n'
        return front_matter(self.meta(page)) + body

    def search_html(self, page: PlannedPage) -> str:
        """What the search plugin needs to read of a page: the same entries as the full
        page gives, from much less HTML (a journey page's stages from `_search.html`; the
        other pages without the parts their templates mark as deferred)."""
        if page.kind is not Kind.JOURNEY or page.journey is None:
            return templates.search_view(self.html(page))
        inputs = self._inputs(page)
        remembered = self.memo.search.get(page.uri)
        if remembered is not None and remembered[0] == inputs:
            return remembered[1]
        here = self.url(page)
        try:
            html = templates.render(
                self.env,
                templates.JOURNEY_SEARCH,
                lambda url: get_relative_url(url or ".", here),
                portfolio=self.portfolio,
                journey=self.views[page.journey],
            )
        except Exception as error:  # a team's override can fail in any way
            raise template_failed(templates.JOURNEY_SEARCH, error) from None
        self.memo.search[page.uri] = (inputs, html)
        return html

    def digest(self, page: PlannedPage) -> str:
        """A fingerprint of everything the page shows (for incremental rebuilds)."""
        material = "\0".join([repr(self.meta(page)), repr(self.toc(page)), self.html(page)])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def assets(self) -> dict[str, str]:
        """Files besides the pages (the team's copies where it has them): path -> text."""
        overrides = self.settings.templates
        return {uri: templates.asset_text(PurePosixPath(uri).name, overrides) for uri in ASSETS}


def template_failed(name: str, error: Exception) -> TemplateFailed:
    """The error of a template that failed, at the template file and line that failed."""
    where = ""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.lineno:
        where = f"{error.filename or error.name or name}:{error.lineno}: "
    else:  # Jinja rewrites tracebacks so that template frames name the template's lines
        frame = error.__traceback__
        while frame is not None:
            filename = frame.tb_frame.f_code.co_filename
            if filename.endswith((".html", ".j2", ".xml", ".svg")):
                where = f"{filename}:{frame.tb_lineno}: "
            frame = frame.tb_next
    return TemplateFailed(
        f"{where}the page template {name!r} failed: {type(error).__name__}: {error}"
    )


def note(finding: Finding, strict: bool) -> FindingNote:
    """A finding in plain words."""
    where = finding.location
    if finding.severity is Severity.ERROR:
        label = "Error (fails CI)"
    elif finding.severity is Severity.WARNING:
        label = "Warning (fails CI: strict)" if strict else "Warning"
    else:
        label = "Note"
    # The message names files and quotes values: escaped as the text format escapes it.
    message = printable(finding.message)
    return FindingNote(finding.severity.value, label, finding.code, where, message)


def front_matter(meta: Mapping[str, Any]) -> str:
    """YAML front matter; every value quoted as JSON (valid YAML), so no text is read
    as YAML syntax whatever it holds."""
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def plan(
    report: Report,
    settings: Settings,
    *,
    site: Site | None = None,
    layout: Layout | None = None,
    preview: bool = False,
    strict: bool = False,
    memo: Memo | None = None,
) -> SitePlan:
    """The plan for a checked portfolio.

    Diagrams are rendered here (cached on disk by content, so a rebuild with nothing
    changed starts no renderer). `memo` carries work over from the previous plan.
    """
    site = site or Site()
    layout = layout or Layout()
    memo = memo or Memo()
    diagrams, warnings = memo.diagrams(report.journeys)
    planned = _pages(report, settings, site, layout, preview)
    lookups: dict[str, str | None] = {}

    def existing(uri: str) -> str | None:
        if uri not in lookups:
            lookups[uri] = site.existing(uri)
        return lookups[uri]

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
        layout=layout,
        preview=preview,
        strict=strict,
        pages=kept,
        urls=urls,
        displaced=displaced,
        portfolio=portfolio,
        views=views,
        env=memo.environment(settings.templates),
        warnings=warnings,
        memo=memo,
        lookups=lookups,
    )


def _edit_link(site: Site, settings: Settings, checked: CheckedJourney) -> str | None:
    return edit_url(site, settings, checked.path)


def _pages(
    report: Report, settings: Settings, site: Site, layout: Layout, preview: bool
) -> list[PlannedPage]:
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
            pages_.append(
                PlannedPage(
                    f"file:{display}",
                    _free_uri(
                        layout, _slug(PurePosixPath(display).stem), taken, site.use_directory_urls
                    ),
                    Kind.UNREADABLE,
                    f"{name} repeats another journey" if repeats else f"{name} could not be read",
                    name,
                    file=display,
                )
            )
    return pages_


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
