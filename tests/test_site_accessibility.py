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


#: The focused element: None for none; else its description, whether it is visible (in
#: the viewport, not hidden), its outline's style and width, and the contrast of its
#: outline's colour with what the outline is drawn on (the element's own background for
#: a ring drawn inside it, its parent's otherwise). Marks it as reached.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  el.setAttribute('data-jm-reached', '');
  const rgba = text => {
    const m = /rgba?\\(([^)]+)\\)/.exec(text);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const behind = node => {
    const layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let rgb = [255, 255, 255];
    for (const c of layers.reverse()) rgb = rgb.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return rgb;
  };
  const luminance = rgb => {
    const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const seen = node => node.checkVisibility({opacityProperty: true, visibilityProperty: true});
  // A visually hidden radio button (Material's palette toggle) shows its focus on the
  // label of the toggle that is shown.
  const labels = [...(el.closest('form') || el).querySelectorAll('label')].filter(seen);
  const shown = !seen(el) && el.type === 'radio' && labels.length ? labels[0] : el;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  const ring = rgba(style.outlineColor) || [0, 0, 0, 0];
  const ground = behind(parseFloat(style.outlineOffset) < 0 ? shown : shown.parentElement);
  const drawn = ring.slice(0, 3).map((v, i) => v * ring[3] + ground[i] * (1 - ring[3]));
  const [hi, lo] = [luminance(drawn), luminance(ground)].sort((a, b) => b - a);
  const name = (el.tagName + '.' + [...el.classList].join('.') + ' ' +
    (el.getAttribute('href') || el.getAttribute('aria-label') || el.textContent.trim())).slice(0, 90);
  return {
    name,
    visible: seen(shown) && box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight &&
      box.right > 0 && box.left < innerWidth,
    outline: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    contrast: (hi + 0.05) / (lo + 0.05),
  };
}"""

#: Controls a reader can see that the keyboard never reached.
UNREACHED = """() => [...document.querySelectorAll(
    'a[href], button, select, input:not([type=hidden]), textarea, summary, ' +
    'label.md-header__button:is([for="__drawer"], [for="__search"]), [tabindex]')]
  .filter(el => el.tabIndex >= 0 && !el.hasAttribute('data-jm-reached') && !el.disabled &&
    el.checkVisibility({opacityProperty: true, visibilityProperty: true}) &&
    el.getBoundingClientRect().width > 0)
  .map(el => el.tagName + ' ' + (el.getAttribute('href') || el.className))"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_the_keyboard_reaches_every_control_with_a_visible_focus_ring(
    sites: dict[str, Path], browser: Browser, kind: str, scheme: str, width: int
) -> None:
    page = open_page(browser, page_url(sites, kind), width, scheme)
    try:
        seen: list[dict[str, Any]] = []
        for _ in range(600):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is not None and not focused["visible"]:
                page.wait_for_timeout(400)  # a skip link fades in
                focused = page.evaluate(FOCUSED)
            if focused is None or (seen and focused["name"] == seen[0]["name"]):
                break
            seen.append(focused)
        assert len(seen) >= 4, f"{kind}: the keyboard reaches {len(seen)} controls"
        faults = [
            f"{f['name']}: visible={f['visible']} outline={f['outline']} {f['width']}px "
            f"contrast={f['contrast']:.2f}"
            for f in seen
            if not f["visible"] or f["outline"] == "none" or f["width"] < 2 or f["contrast"] < 3
        ]
        where = f"{kind}, {scheme}, {width} px"
        assert faults == [], f"{where}: {len(faults)} of {len(seen)}\n" + "\n".join(faults[:20])
        assert page.evaluate(UNREACHED) == [], where
    finally:
        page.context.close()


#: Every generated kind of page (the hand-written one has Material's own heading).
GENERATED = [kind for kind in PAGE_TYPES if kind != "hand-written"]


@pytest.mark.parametrize("kind", GENERATED)
def test_the_skip_link_is_the_first_stop_and_lands_on_the_page_heading(
    sites: dict[str, Path], browser: Browser, kind: str
) -> None:
    page = open_page(browser, page_url(sites, kind), 1440, "light")
    try:
        page.keyboard.press("Tab")
        skip = page.evaluate(
            "[document.activeElement.className, document.activeElement.getAttribute('href')]"
        )
        assert "md-skip" in skip[0], f"{kind}: the first Tab stops at {skip}"
        page.keyboard.press("Enter")
        landed = page.evaluate(
            """(() => { const target = document.querySelector(':target');
                 return target && [target.tagName, !!target.closest('.md-content'),
                   target.getBoundingClientRect().top < innerHeight]; })()"""
        )
        assert landed == ["H1", True, True], (kind, skip, landed)
    finally:
        page.context.close()


def test_the_diagrams_links_follow_the_journeys_order(sites: dict[str, Path]) -> None:
    from bs4 import BeautifulSoup

    html = (sites["site"] / "journeys/long/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    stages = [str(section["data-stage"]) for section in page.select("section.jm-stage")]
    diagram = page.select_one(".jm-diagram__svg svg")
    assert diagram is not None
    links = [str(a.get("xlink:href") or a.get("href")) for a in diagram.find_all("a")]
    assert links == [f"#stage-{stage}" for stage in stages]
    assert len(stages) == 20  # its third stage branches: Graphviz writes s6 before s3


#: Each diagram node: its status class, its fill, its text's colour and the page's
#: background, as computed RGB.
DIAGRAM_COLOURS = """() => [...document.querySelectorAll('.jm-diagram__svg .jm-node')].map(node => [
  [...node.classList].find(c => c.startsWith('jm-status--')),
  getComputedStyle(node.querySelector('path, polygon')).fill,
  getComputedStyle(node.querySelector('text')).fill,
  getComputedStyle(document.body).backgroundColor])"""


def _rgb(text: str) -> tuple[float, ...]:
    parts = text[text.index("(") + 1 : text.index(")")].replace(",", " ").split()
    return tuple(float(part) for part in parts[:3])


def _contrast(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    def luminance(rgb: tuple[float, ...]) -> float:
        linear = [
            v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
            for v in (c / 255 for c in rgb)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(one), luminance(other)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_diagram_has_a_dark_palette_with_the_same_contrast(
    sites: dict[str, Path], browser: Browser
) -> None:
    fills: dict[str, set[tuple[float, ...]]] = {}
    for scheme in SCHEMES:
        page = open_page(browser, page_url(sites, "journey"), 1440, scheme)
        try:
            nodes = page.evaluate(DIAGRAM_COLOURS)
        finally:
            page.context.close()
        assert len(nodes) == 20
        assert len({status for status, *_ in nodes}) >= 4
        for status, fill, text, background in nodes:
            assert _contrast(_rgb(text), _rgb(fill)) >= 4.5, (scheme, status, fill, text)
            # A dark node on the dark page, a light one on the light page.
            assert _contrast(_rgb(fill), _rgb(background)) < 1.6, (scheme, status, fill)
        fills[scheme] = {_rgb(fill) for _, fill, _, _ in nodes}
    assert not fills["light"] & fills["dark"]


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("kind", ["dashboard", "journey", "gaps", "preview-journey"])
def test_status_is_never_told_by_colour_alone(
    sites: dict[str, Path], browser: Browser, kind: str, scheme: str
) -> None:
    page = open_page(browser, page_url(sites, kind), 390, scheme)
    try:
        # Everything painted in a status's colours shows words or a symbol too.
        bare = page.evaluate(
            """[...document.querySelectorAll('[class*="jm-status--"], [class*="jm-badge--"], [class*="jm-swatch--"]')]
                 .filter(el => el.checkVisibility() && !el.textContent.trim() &&
                   ['none', 'normal', ''].includes(getComputedStyle(el, '::before').content))
                 .map(el => el.className)"""
        )
        assert bare == [], f"{kind}, {scheme}: only colour says the status of {bare[:5]}"
        # A bar segment's symbol is the one its status shows in the legend.
        symbols = page.evaluate(
            """[...document.querySelectorAll('.jm-mix__seg, .jm-swatch')].map(el =>
                 [[...el.classList].find(c => c.startsWith('jm-status--') || c.startsWith('jm-swatch--')).split('--')[1],
                  getComputedStyle(el, '::before').content])"""
        )
        by_status: dict[str, set[str]] = {}
        for status, symbol in symbols:
            by_status.setdefault(status, set()).add(symbol)
        assert by_status or kind not in ("dashboard", "journey")
        assert all(len(found) == 1 for found in by_status.values()), by_status
        assert len({next(iter(found)) for found in by_status.values()}) == len(by_status)
    finally:
        page.context.close()


def test_the_search_dialog_is_named_after_its_field(
    sites: dict[str, Path], browser: Browser
) -> None:
    # Lighthouse's aria-dialog-name: Material's dialog (role="dialog") has no name of its own.
    page = open_page(browser, page_url(sites, "journey"), 1440, "light")
    try:
        names = page.evaluate(
            """[document.querySelector('.md-search[role=dialog]').getAttribute('aria-label'),
                document.querySelector('.md-search input[aria-label]').getAttribute('aria-label')]"""
        )
        assert names[0] and names[0] == names[1]
    finally:
        page.context.close()
