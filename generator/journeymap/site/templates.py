"""The page templates: a Jinja environment over the team's overrides and the shipped
`site_templates/`, rendering one template, what a template that fails says, the static
assets (stylesheet, script) the pages need, and what search reads of a page.

Text from journey files stays text in every template: Jinja autoescapes it, and
`text.inert_html` (the environment's `finalize`) also keeps it inert as Markdown. The
template context is typed in `site.context`; `rendering` renders a plan's pages.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from journeymap.errors import ConfigError
from journeymap.text import inert_html

#: Templates mark parts that search must not index (they repeat the journeys' text) with
#: these comments, so that the search plugin need not read through them (`search_view`).
DEFER_START = "<!-- journeymap:defer -->"
DEFER_END = "<!-- /journeymap:defer -->"
#: What search reads of a journey page (see `search_view`).
JOURNEY_SEARCH = "_search.html"
#: What a page says about the findings, at its top (`banners.Banner`).
FINDINGS = "findings.html"


class TemplateFailed(ConfigError):
    """A page template (a team's override, usually) failed to render."""


def shipped() -> Path:
    """The folder of the shipped templates."""
    return Path(str(importlib.resources.files("journeymap.site_templates")))


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """Jinja with autoescaping, loading the team's overrides first, then the shipped pages;
    every value printed is also made inert as Markdown (`text.inert_html`)."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None:
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.FileSystemLoader(shipped()))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg", "j2"), default_for_string=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.finalize = inert_html
    return env


def render(
    env: jinja2.Environment,
    template: str,
    href: Callable[[str], str],
    **context: Any,
) -> str:
    """Render one page template; `href(site_url)` makes a link relative to the current page."""
    return env.get_template(template).render(href=href, **context)


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


def asset_text(name: str, overrides: Path | None = None) -> str:
    """The text of a static asset the pages need (`journeymap.css`, `journeymap.js`; where
    they go in a site is the plan's `ASSETS`): the team's copy if it has one."""
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
