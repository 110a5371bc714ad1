"""A plan's pages rendered: the HTML of each page (its findings banner, then its
template), the lean view search reads, the Markdown file `journeymap generate` writes,
a fingerprint for incremental rebuilds, and the static assets.

`PageRenderer` renders each page once per plan, and reuses a journey page's HTML from
the memo while everything it shows is unchanged (the live preview). `context` says what
each kind of page's template receives.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from html import escape
from pathlib import PurePosixPath
from typing import Any

from mkdocs.utils import get_relative_url

from journeymap.check.report import CheckedJourney
from journeymap.site import templates
from journeymap.site.banners import Banner, Banners
from journeymap.site.memo import Memo
from journeymap.site.plan import ASSETS, CSS_URI, JS_URI, Kind, PlannedPage, SitePlan, page_url
from journeymap.text import printable


def context(plan: SitePlan, page: PlannedPage, banner: Banner) -> dict[str, Any]:
    """What the page's template receives besides `href`: `portfolio` on every page, and
    the view of what the page shows (`journey` on a journey page; on the page of a file
    that could not be read, its `file`, `title` and the `notes` of its findings)."""
    values: dict[str, Any] = {"portfolio": plan.portfolio}
    if page.kind is Kind.JOURNEY and page.journey is not None:
        values["journey"] = plan.views[page.journey]
    elif page.kind is Kind.UNREADABLE:
        values.update(file=printable(page.file or ""), title=page.title, notes=banner.notes)
    return values


class PageRenderer:
    """The pages of one plan as HTML and Markdown, each rendered once.

    A broken template (a team's override) is `templates.TemplateFailed`, naming the
    template file and line.
    """

    def __init__(self, plan: SitePlan, memo: Memo | None = None) -> None:
        self.plan = plan
        self.memo = memo or Memo()
        self.env = self.memo.environment(plan.settings.templates)
        self.banners = Banners(plan)
        self._html: dict[str, str] = {}

    @functools.cached_property
    def _checked(self) -> dict[str, CheckedJourney]:
        return {checked.id: checked for checked in self.plan.report.journeys}

    @functools.cached_property
    def _links(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.plan.portfolio.links.items()))

    def _href(self, page: PlannedPage) -> Callable[[str], str]:
        """Links from `page`: a site-root-relative URL made relative to the page's own."""
        here = self.plan.url(page)
        return lambda url: get_relative_url(url or ".", here)

    def html(self, page: PlannedPage) -> str:
        """The page's HTML: the findings it shows, then the page itself (links relative
        to the page's own URL)."""
        cached = self._html.get(page.uri)
        inputs = self._inputs(page)
        remembered = self.memo.html.get(page.uri)
        if cached is None and inputs is not None and remembered and remembered[0] == inputs:
            cached = self._html[page.uri] = remembered[1]
        if cached is None:
            try:
                cached = self._render(page)
            except Exception as error:  # a team's override can fail in any way
                raise templates.template_failed(page.template, error) from None
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
        plan = self.plan
        view = plan.views[page.journey]
        checked = self._checked[page.journey]
        return (
            id(checked),
            checked.statuses,
            plan.report.today,
            plan.settings.options.max_evidence_age_days,
            plan.urls[page.key],
            view.edit_url,
            view.source_path,
            view.diagram,
            self._links,
            repr(self.banners.of(page)),
            id(self.env),
        )

    def _render(self, page: PlannedPage) -> str:
        href = self._href(page)
        banner = self.banners.of(page)
        parts = []
        if not banner.empty:
            parts.append(templates.render(self.env, templates.FINDINGS, href, banner=banner))
        values = context(self.plan, page, banner)
        parts.append(templates.render(self.env, page.template, href, **values))
        return "\n".join(parts)

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
        try:
            html = templates.render(
                self.env,
                templates.JOURNEY_SEARCH,
                self._href(page),
                portfolio=self.plan.portfolio,
                journey=self.plan.views[page.journey],
            )
        except Exception as error:  # a team's override can fail in any way
            raise templates.template_failed(templates.JOURNEY_SEARCH, error) from None
        self.memo.search[page.uri] = (inputs, html)
        return html

    def markdown(self, page: PlannedPage, *, assets: bool = False) -> str:
        """The page as a Markdown file any MkDocs-compatible builder turns into the page.

        With `assets`, the page links journeymap.css and journeymap.js itself (a builder
        without the plugin does not add them to the site's `extra_css`/`extra_javascript`).
        """
        links = ""
        if assets:
            here = self.plan.url(page)
            css = get_relative_url(page_url(CSS_URI, False), here)
            js = get_relative_url(page_url(JS_URI, False), here)
            links = (
                f'<link rel="stylesheet" href="{escape(css)}">\n'
                f'<script src="{escape(js)}" defer></script>\n'
            )
        # One block element around everything: Markdown keeps it whole as raw HTML.
        body = f'<div class="jm-page">\n{links}{self.html(page)}\n</div>\n'
        return front_matter(self.plan.meta(page)) + body

    def digest(self, page: PlannedPage) -> str:
        """A fingerprint of everything the page shows (for incremental rebuilds)."""
        plan = self.plan
        material = "\0".join([repr(plan.meta(page)), repr(plan.toc(page)), self.html(page)])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def assets(self) -> dict[str, str]:
        """Files besides the pages (the team's copies where it has them): path -> text."""
        overrides = self.plan.settings.templates
        return {uri: templates.asset_text(PurePosixPath(uri).name, overrides) for uri in ASSETS}


def front_matter(meta: Mapping[str, Any]) -> str:
    """YAML front matter; every value quoted as JSON (valid YAML), so no text is read
    as YAML syntax whatever it holds."""
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
