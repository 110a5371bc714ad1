"""The preview memo: what a long-lived caller (the live preview) reuses from one plan to
the next.

The check cache hands back the same `CheckedJourney` object while a file's bytes are
unchanged; that journey's diagram (DOT and SVG) and page HTML are then reused, so a
save re-renders only what it changed. A build that is not a preview plans once, with a
memo of its own, and reuses nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from journeymap.site import diagram, templates
from journeymap.site.graphviz import render_svgs

if TYPE_CHECKING:
    from journeymap.check.report import CheckedJourney


class Memo:
    """Diagrams, page HTML, the search views and the Jinja environment of earlier plans."""

    def __init__(self) -> None:
        self.dots: dict[int, tuple[CheckedJourney, str]] = {}  # id(checked) -> DOT
        self.svgs: dict[str, str] = {}  # DOT source -> sanitized SVG
        self.html: dict[str, tuple[tuple[object, ...], str]] = {}  # uri -> (inputs, HTML)
        self.search: dict[str, tuple[tuple[object, ...] | None, str]] = {}  # lean views
        self.env: tuple[tuple[object, ...], jinja2.Environment] | None = None
        self.failed: set[str] = set()  # DOT no renderer could draw (tried once per build)
        self.hopeless: set[str] = set()  # DOT too large or too slow to draw: never again
        self.broken: set[str] = set()  # renderers that drew nothing and went wrong
        #: display path -> the journey's title at the last good read of the file: a file
        #: broken mid-edit keeps its navigation title
        self.titles: dict[str, str] = {}

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
            rendering = render_svgs(missing, avoid=frozenset(self.broken))
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
            self.env = (signature, templates.environment(overrides))
        return self.env[1]


def _mtime(path: Path) -> int | None:
    """A file's modification time; None for one that cannot be read (a dangling link)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
