"""The site in a real browser (the system's headless Chromium, driven by Playwright and by
its own command line): at 1440 and 390 px no page scrolls sideways and every generated
label is readable; the dashboard sorts and filters with its script and is most urgent
first without it; a journey page prints as a landscape map without the navigation; the
pages follow the light and dark palette."""

from __future__ import annotations

import struct
import subprocess
import zlib
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from commands import require_tool
from journeymap.journey.status import Status
from playwright.sync_api import Browser, Page, sync_playwright
from pypdf import PdfReader
from repo_paths import README, REPO
from site_helpers import (
    ALPHA,
    BETA,
    CHROMIUM_FLAGS,
    DELTA,
    GAMMA,
    LONG_TITLES,
    build,
    long_journey,
    mkdocs_config,
    write_site,
)

PAGES = ["index.html", "journeys/long/index.html", "gaps/index.html", "about/index.html"]
WIDTHS = [1440, 390]
SITE_NAME = "Customer journeys of the billing team"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    palette = [
        {"media": "(prefers-color-scheme: light)", "scheme": "default"},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
    ]
    config = mkdocs_config(
        site_name=SITE_NAME, theme={"name": "material", "palette": palette, "font": False}
    )
    del config["repo_url"], config["edit_uri"]  # Material would ask GitHub for its stars
    journeys = {
        "long": long_journey(),
        "alpha": ALPHA,
        "beta": BETA,
        "gamma": GAMMA,
        "delta": DELTA,
    }
    return build(write_site(tmp_path_factory.mktemp("browser"), journeys, config))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = require_tool("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


def open_page(browser: Browser, url: str, width: int, **options: Any) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways(site: Path, browser: Browser, name: str, width: int) -> None:
    page = open_page(browser, (site / name).as_uri(), width)
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
        # What is wider than the screen scrolls inside its own box instead.
        boxes = page.evaluate(
            """[...document.querySelectorAll('.jm-scroll')].map(box =>
                 [box.scrollWidth > box.clientWidth, getComputedStyle(box).overflowX])"""
        )
        for wider, overflow_x in boxes:
            if wider:
                assert overflow_x == "auto"
        if name.startswith("journeys/") and width == 390:
            assert [wider for wider, _ in boxes] == [True, True, True]  # diagram, map, curve
    finally:
        page.context.close()


# Rendered size of SVG text = computed font size x the scale of getScreenCTM().
LABEL_SIZES = """selector => [...document.querySelectorAll(selector)].map(text =>
  parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""


@pytest.mark.parametrize("width", WIDTHS)
def test_diagram_and_curve_labels_are_never_smaller_than_the_text(
    site: Path, browser: Browser, width: int
) -> None:
    page = open_page(browser, (site / "journeys/long/index.html").as_uri(), width)
    try:
        body = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.jm-cell--assumption')).fontSize)"
        )
        diagram = page.evaluate(LABEL_SIZES, "figure.jm-diagram svg text")
        curve = page.evaluate(LABEL_SIZES, "svg.jm-emotion text")
        assert len(diagram) >= 20 and len(curve) == 20 + 5  # stage labels, level labels
        assert min(diagram) >= max(12, body) - 0.01, (min(diagram), body)
        assert min(curve) >= max(12, body) - 0.01, (min(curve), body)
        # The curve's labels are whole titles, wrapped, never cut.
        labels = page.evaluate(
            """[...document.querySelectorAll('svg.jm-emotion .jm-emotion__label')].map(text =>
                 [...text.childNodes].map(node => node.textContent).join(' '))"""
        )
        assert ["".join(label.split()) for label in labels] == [
            "".join(title.split()) for title in LONG_TITLES
        ]
        # ... and they do not run into each other.
        boxes = page.evaluate(
            """[...document.querySelectorAll('svg.jm-emotion .jm-emotion__label')].map(text => {
                 const box = text.getBoundingClientRect(); return [box.left, box.right]; })"""
        )
        for (_, right), (left, _) in pairwise(boxes):
            assert right <= left + 1
    finally:
        page.context.close()


WORD_LINES = """() => [...document.querySelectorAll('.jm-map__lanes .jm-lane-name')].map(lane => {
  const text = lane.firstChild, words = [], pattern = /\\S+/g;
  let match;
  while ((match = pattern.exec(text.data))) {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    words.push([match[0], new Set([...range.getClientRects()].map(r => Math.round(r.left) + ',' + Math.round(r.top))).size]);
  }
  return words;
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_lane_names_and_the_site_name_are_whole(site: Path, browser: Browser, width: int) -> None:
    page = open_page(browser, (site / "journeys/long/index.html").as_uri(), width)
    try:
        lanes = page.evaluate(WORD_LINES)
        assert [word for lane in lanes for word, _ in lane][:3] == ["Phase", "Stage", "Assumption"]
        for lane in lanes:
            for word, lines in lane:
                assert lines == 1, f"{word!r} is broken over {lines} lines at {width} px"
        name = page.evaluate(
            """(() => {
                 const el = document.querySelector('.md-header__topic .md-ellipsis');
                 const box = el.getBoundingClientRect();
                 return [el.textContent.trim(), el.scrollWidth - el.clientWidth,
                         el.scrollHeight - el.clientHeight, box.left >= 0 && box.right <= innerWidth];
               })()"""
        )
        assert name[0] == SITE_NAME
        assert name[1] <= 0 and name[2] <= 0 and name[3], f"the site name is cut at {width} px"
    finally:
        page.context.close()


def visible_rows(page: Page) -> list[str]:
    return list(
        page.evaluate(
            """[...document.querySelectorAll('table.jm-journeys tbody tr')]
                 .filter(row => !row.hidden).map(row => row.dataset.journey)"""
        )
    )


# gamma: 3 contradicted; alpha: 1; long: none, but 10 contested; delta: numbers only and
# waivers; beta: all confirmed
URGENT_FIRST = ["gamma", "alpha", "long", "delta", "beta"]


def test_the_dashboard_sorts_and_filters_with_its_script(site: Path, browser: Browser) -> None:
    requests: list[str] = []
    page = open_page(browser, "about:blank", 1440)
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto((site / "index.html").as_uri())
        assert page.locator("form.jm-filters").is_visible()
        assert visible_rows(page) == URGENT_FIRST
        count = page.locator(".jm-filters__count")
        assert count.text_content() == "5 of 5 journeys"

        page.select_option('select[name="owner"]', label="Team A (2)")
        assert visible_rows(page) == ["alpha", "delta"]
        assert count.text_content() == "2 of 5 journeys"
        page.select_option('select[name="sort"]', "title")
        assert visible_rows(page) == ["alpha", "delta"]
        page.select_option('select[name="owner"]', "")
        assert visible_rows(page) == ["alpha", "beta", "delta", "gamma", "long"]

        page.select_option('select[name="status"]', label="Waived (3)")
        assert visible_rows(page) == ["alpha", "delta", "long"]
        page.select_option('select[name="tag"]', label="b (2)")
        assert visible_rows(page) == ["alpha"]
        page.click("form.jm-filters button[type=reset]")
        page.wait_for_function(
            "document.querySelector('.jm-filters__count').textContent.startsWith('5 ')"
        )
        assert visible_rows(page) == URGENT_FIRST

        page.select_option('select[name="sort"]', "contested")
        assert visible_rows(page) == ["long", "alpha", "gamma", "delta", "beta"]  # 10, 2, 0…
        page.select_option('select[name="sort"]', "persona")
        # Finance manager, Owner, Reseller; then the rows without one, most urgent first
        assert visible_rows(page) == ["long", "alpha", "gamma", "delta", "beta"]
        page.select_option('select[name="sort"]', "complaints")
        assert visible_rows(page)[0] == "alpha"

        # The choice is kept in the address, so a filtered view can be shared.
        page.select_option('select[name="owner"]', label="Team C (1)")
        shared = page.url
        assert "owner=" in shared and "sort=complaints" in shared
        other = open_page(browser, shared, 1440)
        try:
            assert visible_rows(other) == ["gamma"]
            assert other.locator('select[name="sort"]').input_value() == "complaints"
        finally:
            other.context.close()
    finally:
        page.context.close()
    outside = [url for url in requests if not url.startswith(("file:", "data:", "about:"))]
    assert outside == []  # no CDN, no fonts, nothing fetched from elsewhere


def test_without_javascript_the_dashboard_is_most_urgent_first(
    site: Path, browser: Browser
) -> None:
    page = open_page(browser, (site / "index.html").as_uri(), 1440, java_script_enabled=False)
    try:
        assert not page.locator("form.jm-filters").is_visible()
        assert visible_rows(page) == URGENT_FIRST
    finally:
        page.context.close()


def test_a_journey_page_prints_as_a_landscape_map_without_navigation(
    site: Path, tmp_path: Path
) -> None:
    chromium = require_tool("chromium")
    pdf = tmp_path / "map.pdf"
    result = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            (site / "journeys/long/index.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and pdf.is_file(), result.stderr[-2000:]
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    for sheet in reader.pages:
        assert float(sheet.mediabox.width) > float(sheet.mediabox.height)  # landscape
    text = " ".join(sheet.extract_text() for sheet in reader.pages)
    flat = " ".join(text.split())
    # The map: diagram, then the lanes, then the details.
    assert flat.index("Stage flow") < flat.index("Journey map") < flat.index("Stages in detail")
    assert "OPPORTUNITIES" in flat.upper() and "Discover" in flat
    first = flat.index("Stage flow")
    assert "Find the invoice" in flat[first : flat.index("Journey map")]  # the diagram's text
    # No navigation chrome: the site name (header), the nav's entries, the footer.
    for chrome in (SITE_NAME, "Overview", "About", "Made with"):
        assert chrome not in flat, chrome


def test_on_paper_every_map_column_fits_the_sheet(site: Path, browser: Browser) -> None:
    # A4 landscape less the 10 mm margins: 277 mm = 1047 CSS px.
    page = open_page(browser, (site / "journeys/long/index.html").as_uri(), 1047)
    try:
        page.emulate_media(media="print")
        columns = page.evaluate(
            """[...document.querySelectorAll('.jm-map a.jm-map__stage')].map(cell => {
                 const box = cell.getBoundingClientRect();
                 return [box.left, box.right, getComputedStyle(cell).display];
               })"""
        )
        assert len(columns) == 20
        for left, right, display in columns:
            assert display != "none"
            assert left >= 0 and right <= 1047, (left, right)
            assert right - left >= 120  # readable columns, not slivers
        chrome = page.evaluate(
            """['.md-header', '.md-sidebar--primary', '.md-footer'].map(selector =>
                 getComputedStyle(document.querySelector(selector)).display)"""
        )
        assert chrome == ["none", "none", "none"]
        kept = page.evaluate(
            "getComputedStyle(document.querySelector('.jm-map__stage')).printColorAdjust"
        )
        assert kept == "exact"
    finally:
        page.context.close()


def read_png(path: Path) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and RGB pixels of an 8-bit, non-interlaced RGB(A) PNG (what Chromium
    writes), decoded with zlib alone so the tests need no imaging library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    position = 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1 : position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                pick = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pick) & 0xFF
        pixels.extend(
            (line[i], line[i + 1], line[i + 2]) for i in range(0, stride, channels * 4)
        )  # every 4th pixel of a row is plenty for averages and colour counts
        previous = line
    return width, height, pixels


def test_screenshots_in_light_and_dark(site: Path, tmp_path: Path) -> None:
    chromium = require_tool("chromium")
    page = (site / "journeys" / "alpha" / "index.html").as_uri()
    shots = {}
    for mode, flags in (("light", []), ("dark", ["--force-dark-mode"])):
        shot = tmp_path / f"{mode}.png"
        subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / mode}",
             "--window-size=1400,1800", *flags, f"--screenshot={shot}", page],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
        assert shot.stat().st_size > 20_000
        shots[mode] = read_png(shot)
    (width, height, light), (_, _, dark) = shots["light"], shots["dark"]
    assert (width, height) == (1400, 1800)

    def brightness(pixels: list[tuple[int, int, int]]) -> float:
        return sum(sum(p) for p in pixels) / (3 * len(pixels))

    assert brightness(dark) < brightness(light) - 60
    # The diagram's nodes are filled with the stylesheet's status backgrounds, the light
    # palette's in light mode and the dark palette's in dark mode.
    for pixels, scheme in ((light, ":root"), (dark, '[data-md-color-scheme="slate"]')):
        fills = {
            palette_colour(scheme, f"--jm-{s.value}-bg")
            for s in (Status.CONFIRMED, Status.CONTESTED)
        }
        assert sum(1 for p in pixels if p in fills) > 100, scheme


def palette_colour(selector: str, name: str) -> tuple[int, int, int]:
    """An opaque colour (#rrggbb) of journeymap.css's palette block `selector`, as RGB."""
    css = (REPO / "site_templates" / "journeymap.css").read_text(encoding="utf-8")
    block = css[css.index(selector + " {") :].split("}", 1)[0]
    value = block.split(name + ":", 1)[1].split(";", 1)[0].strip()
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


@pytest.mark.parametrize(
    ("name", "width"),
    [("journey-page.png", 1440), ("dashboard.png", 1440), ("journey-phone.png", 390)],
)
def test_readme_screenshots_exist_and_are_shown(name: str, width: int) -> None:
    shot = REPO / "docs-assets" / name
    assert shot.is_file()
    shot_width, height, _ = read_png(shot)
    assert shot_width == width and height >= 700
    assert f"docs-assets/{name}" in README.read_text(encoding="utf-8")
