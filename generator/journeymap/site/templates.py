"""The page templates: a Jinja environment over the team's overrides and the shipped
`site_templates/`, rendering, and the static assets (stylesheet, script) they need.

The template context is typed in `views`.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

#: Static files the pages need, by name in `site_templates/` (or an overrides folder).
ASSETS = ("journeymap.css", "journeymap.js")

#: Templates mark parts that search must not index (they repeat the journeys' text) with
#: these comments, so that the search plugin need not read through them (`search_view`).
DEFER_START = "<!-- journeymap:defer -->"
DEFER_END = "<!-- /journeymap:defer -->"
#: What search reads of a journey page (see `search_view`).
JOURNEY_SEARCH = "_search.html"


def shipped() -> Path:
    """The folder of the shipped templates."""
    return Path(str(importlib.resources.files("journeymap.site_templates")))


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """Jinja with autoescaping, loading the team's overrides first, then the shipped pages."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None:
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.FileSystemLoader(shipped()))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg", "j2"), default_for_string=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(
    env: jinja2.Environment,
    template: str,
    href: Callable[[str], str],
    **context: Any,
) -> str:
    """Render one page template; `href(site_url)` makes a link relative to the current page."""
    return env.get_template(template).render(href=href, **context)


def asset_text(name: str, overrides: Path | None = None) -> str:
    """The text of a static asset (one of ASSETS): the team's copy if it has one."""
    if overrides is not None and (overrides / name).is_file():
        return (overrides / name).read_text(encoding="utf-8")
    return (shipped() / name).read_text(encoding="utf-8")


def search_view(html: str) -> str:
    """A page's HTML without the parts its template marked between DEFER_START and
    DEFER_END: what the search plugin has to read of it.

    Material's search parses the whole HTML of every page, the parts it then skips
    (`data-search-exclude`) included: on the dashboard and the gaps page most of the
    markup is such parts. Search gives the same entries for the page and for this view.
    """
    kept: list[str] = []
    position = 0
    while (start := html.find(DEFER_START, position)) != -1:
        end = html.find(DEFER_END, start)
        if end == -1:
            break
        kept.append(html[position:start])
        position = end + len(DEFER_END)
    kept.append(html[position:])
    return "".join(kept)
