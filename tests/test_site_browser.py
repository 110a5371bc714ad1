"""A journey page in a real browser (headless Chromium), light and dark: the map grid and
the diagram are laid out and visible, and the page really changes with the palette."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import require_tool
from journeymap.diagram import STATUS_COLOURS
from journeymap.status import Status
from site_helpers import ALPHA, BETA, CHROMIUM_FLAGS, build, mkdocs_config, write_site

WINDOW = "--window-size=1400,1800"

# Runs after load in a copy of the page and writes what it measured onto <html>, for
# --dump-dom to report: the box and visibility of the map grid and the diagram.
MEASURE = """<script>
addEventListener('load', () => {
  const measure = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return 'missing';
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return [Math.round(box.width), Math.round(box.height), Math.round(box.top),
            style.visibility, style.display, style.opacity].join(',');
  };
  const root = document.documentElement;
  root.setAttribute('data-map', measure('.jm-map'));
  root.setAttribute('data-diagram', measure('figure.jm-diagram svg'));
  root.setAttribute('data-columns',
    getComputedStyle(document.querySelector('.jm-map')).gridTemplateColumns.split(' ').length);
  root.setAttribute('data-scheme', document.body.getAttribute('data-md-color-scheme'));
});
</script>"""


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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    palette = [
        {"media": "(prefers-color-scheme: light)", "scheme": "default"},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
    ]
    config = mkdocs_config(theme={"name": "material", "palette": palette})
    return build(
        write_site(tmp_path_factory.mktemp("browser"), {"alpha": ALPHA, "beta": BETA}, config)
    )


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    binary = require_tool("chromium")
    result = subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", WINDOW, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_map_grid_and_diagram_are_laid_out_and_visible(
    site: Path, tmp_path: Path, dark: bool
) -> None:
    page = site / "journeys" / "alpha" / "index.html"
    probe = page.with_name("probe.html")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"),
        encoding="utf-8",
    )
    flags = ["--force-dark-mode"] if dark else []
    result = chromium(
        *flags, "--virtual-time-budget=3000", "--dump-dom", probe.as_uri(), profile=tmp_path
    )
    root = BeautifulSoup(result.stdout, "html.parser").html
    assert root is not None
    assert root.get("data-scheme") == ("slate" if dark else "default")
    for name in ("data-map", "data-diagram"):
        width, height, top, visibility, display, opacity = str(root.get(name)).split(",")
        assert int(width) > 200 and int(height) > 50, (name, width, height)
        assert int(top) < 1800, f"{name} is below the first screen"
        assert visibility == "visible" and display != "none" and float(opacity) > 0.9
    assert root.get("data-columns") == str(1 + 6)  # the lane names, then one per stage


def test_screenshots_in_light_and_dark(site: Path, tmp_path: Path) -> None:
    page = (site / "journeys" / "alpha" / "index.html").as_uri()
    shots = {}
    for mode, flags in (("light", []), ("dark", ["--force-dark-mode"])):
        shot = tmp_path / f"{mode}.png"
        chromium(*flags, f"--screenshot={shot}", page, profile=tmp_path / mode)
        assert shot.stat().st_size > 20_000
        shots[mode] = read_png(shot)
    (width, height, light), (_, _, dark) = shots["light"], shots["dark"]
    assert (width, height) == (1400, 1800)

    def brightness(pixels: list[tuple[int, int, int]]) -> float:
        return sum(sum(p) for p in pixels) / (3 * len(pixels))

    assert brightness(dark) < brightness(light) - 60
    # The diagram's node fills are drawn in the SVG's own colours, in both palettes.
    fills = {
        tuple(int(STATUS_COLOURS[s][0][i : i + 2], 16) for i in (1, 3, 5))
        for s in (Status.CONFIRMED, Status.CONTESTED)
    }
    assert sum(1 for p in dark if p in fills) > 100
    assert sum(1 for p in light if p in fills) > 100


def test_readme_screenshot_exists_and_is_a_real_png() -> None:
    shot = Path(__file__).resolve().parent.parent / "docs-assets" / "journey-page.png"
    assert shot.is_file()
    width, height, _ = read_png(shot)
    assert width >= 1000 and height >= 800
