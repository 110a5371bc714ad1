"""WCAG 2.1 AA on every kind of page, in real Chromium: axe-core (pinned in
tests/browser/package.json, installed with `npm ci`) finds no violation of the WCAG 2.0
and 2.1 A and AA rules in either colour scheme at 1440 and 390 px; the keyboard reaches
every control with a visible focus ring of sufficient contrast; the skip link lands on
the content; the diagram's links follow the journey's order; the diagram has a dark
palette; status is never told by colour alone.

A new kind of page is one line of PAGE_TYPES."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from commands import require_tool
from journeymap.builders.build import build_site
from playwright.sync_api import Browser, Page, sync_playwright
from repo_paths import REPO
from site_helpers import (
    ALPHA,
    BETA,
    CHROMIUM_FLAGS,
    DELTA,
    GAMMA,
    STALE,
    build,
    evidence,
    journey,
    long_journey,
    mkdocs_config,
    stage,
    write_site,
)

AXE_FOLDER = REPO / "tests" / "browser"
AXE_SCRIPT = AXE_FOLDER / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [1440, 390]
SCHEMES = {"light": "default", "dark": "slate"}

#: Every kind of page: (site, path in it). The research pages of issue 19 are one line
#: each here once they exist.
PAGE_TYPES: dict[str, tuple[str, str]] = {
    "dashboard": ("site", "index.html"),
    "gaps": ("site", "gaps/index.html"),
    "journey": ("site", "journeys/long/index.html"),
    "journey-waivers-links": ("site", "journeys/alpha/index.html"),
    "hand-written": ("site", "about/index.html"),
    "preview-dashboard": ("preview", "index.html"),
    "preview-gaps": ("preview", "gaps/index.html"),
    "preview-journey": ("preview", "journeys/bare/index.html"),
    "preview-warnings": ("preview", "journeys/stale/index.html"),
    "unreadable": ("preview", "journeys/broken/index.html"),
}

#: The example site's palette: light and dark, each with its toggle (a control to check).
PALETTE = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"},
    },
]
BROKEN = "title: Broken\nstages:\n  - id: one\n    title: One\n    asumption: typo\n"


def _config() -> dict[str, Any]:
    config = mkdocs_config(
        theme={
            "name": "material",
            "palette": PALETTE,
            "font": False,
            "features": ["navigation.sections", "search.highlight"],
        }
    )
    del config["repo_url"], config["edit_uri"]  # Material would ask GitHub for its stars
    return config


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    journeys = {"long": long_journey(), "alpha": ALPHA, "beta": BETA, "gamma": GAMMA}
    journeys["delta"] = DELTA
    site = build(write_site(tmp_path_factory.mktemp("a11y-site"), journeys, _config()))
    # A preview over errors (a stage without evidence, a file that cannot be read) and
    # warnings (stale evidence).
    bare = journey("Bare", stage("one", evidence("supports")), stage("two"))
    failing = {"alpha": ALPHA, "bare": bare, "stale": STALE, "broken": BROKEN}
    root = write_site(tmp_path_factory.mktemp("a11y-preview"), failing, _config())
    preview = build_site(root / "mkdocs.yml", root / "site", preview=True)
    return {"site": site, "preview": preview}


@pytest.fixture(scope="module")
def axe() -> Path:
    """axe-core as the lock file pins it (`npm ci`, as .ci/run does, when not installed)."""
    if not AXE_SCRIPT.is_file():
        npm = require_tool("npm")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=AXE_FOLDER,
            check=True,
            capture_output=True,
            timeout=300,
        )
    lock = json.loads((AXE_FOLDER / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads((AXE_SCRIPT.parent / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == lock["packages"]["node_modules/axe-core"]["version"]
    return AXE_SCRIPT


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = require_tool("chromium")
    flags = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=flags)
        yield launched
        launched.close()


def open_page(browser: Browser, url: str, width: int, scheme: str) -> Page:
    """The page at `width` px, in the colour scheme the reader's system asks for (Material
    picks its palette from that); fails unless Material really shows that scheme."""
    dark = scheme == "dark"
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme="dark" if dark else "light"
    )
    page = context.new_page()
    page.goto(url)
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme]
    return page


def page_url(sites: dict[str, Path], kind: str) -> str:
    site, path = PAGE_TYPES[kind]
    file = sites[site] / path
    assert file.is_file(), f"no {kind} page at {path}"
    return file.as_uri()


def axe_violations(page: Page, axe: Path) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules on the page as shown."""
    page.add_script_tag(path=str(axe))
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
             .then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n =>
               ({target: n.target.join(' '), summary: n.failureSummary}))})))""",
        WCAG_TAGS,
    )
    return list(result)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({len(violation['nodes'])}): {violation['help']}")
        for node in violation["nodes"][:4]:
            summary = " ".join(str(node["summary"]).split())[:240]
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_wcag_violation(
    sites: dict[str, Path], browser: Browser, axe: Path, kind: str, scheme: str, width: int
) -> None:
    page = open_page(browser, page_url(sites, kind), width, scheme)
    try:
        violations = axe_violations(page, axe)
        count = sum(len(v["nodes"]) for v in violations)
        assert violations == [], f"{kind}, {scheme}, {width} px: {count}\n{describe(violations)}"
    finally:
        page.context.close()
