"""The page templates: a Jinja environment over the team's overrides and the shipped
`site_templates/`, rendering, and the static assets (stylesheet, script) they need.

The template context is typed in `views`.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

#: Static files the pages need, by name in `site_templates/` (or an overrides folder).
ASSETS = ("journeymap.css", "journeymap.js")

#: Templates mark parts that search must not index (the diagram, the map, the curve: they
#: repeat the stages' text) with these comments, so a builder can hold them back while
#: its search plugin reads the page (see `defer`).
DEFER_START = "<!-- journeymap:defer -->"
DEFER_END = "<!-- /journeymap:defer -->"
_PLACEHOLDER = re.compile(r"<!-- journeymap:deferred (\d+) -->")


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


def defer(html: str) -> tuple[str, list[str]]:
    """The page without its marked parts (each left as a placeholder comment), and the parts.

    Material's search parses the whole HTML of every page, parts it then skips
    (`data-search-exclude`) included; most of a journey page's markup is such parts.
    Held back until search has read the page, they cost it nothing; `restore` puts them
    back into the finished page.
    """
    parts: list[str] = []
    kept: list[str] = []
    position = 0
    while (start := html.find(DEFER_START, position)) != -1:
        end = html.find(DEFER_END, start)
        if end == -1:
            break
        kept.append(html[position:start])
        kept.append(f"<!-- journeymap:deferred {len(parts)} -->")
        parts.append(html[start + len(DEFER_START) : end])
        position = end + len(DEFER_END)
    kept.append(html[position:])
    return "".join(kept), parts


def restore(html: str, parts: list[str]) -> str:
    """Put the parts `defer` held back into the finished page, where they were."""
    if not parts:
        return html
    return _PLACEHOLDER.sub(lambda match: parts[int(match.group(1))], html)
