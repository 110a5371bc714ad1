"""Measurement 9: the smallest label of a 20-stage journey page as drawn in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from measures.common import Row

#: Runs in a copy of a journey page and writes the smallest rendered SVG label onto <html>.
MEASURE_LABELS = """<script>
addEventListener('load', () => {
  const sizes = [...document.querySelectorAll('figure.jm-diagram svg text, svg.jm-emotion text')]
    .map(text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a);
  document.documentElement.setAttribute('data-labels', sizes.length);
  document.documentElement.setAttribute('data-smallest', sizes.length ? Math.min(...sizes) : 0);
});
</script>"""


def measure_labels(root: Path, workdir: Path) -> Row:
    name = "9. 20-stage journey page at 1440 px: smallest label"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pages = sorted((root / "site" / "journeys").glob("*/index.html"))
    if chromium is None or not pages:
        return Row(name, 0, None, "px", ">= 12 px", None, "chromium not installed")
    page = pages[0]
    probe = page.with_name("label-probe.html")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", MEASURE_LABELS + "</body>"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={workdir / 'chromium'}", "--window-size=1440,900",
         "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    probe.unlink()
    smallest = re.search(r'data-smallest="([\d.]+)"', result.stdout)
    labels = re.search(r'data-labels="(\d+)"', result.stdout)
    if smallest is None or labels is None:
        return Row(name, 0, None, "px", ">= 12 px", None, "no measurement")
    value = float(smallest.group(1))
    return Row(
        name, value, 12.0, "px", ">= 12 px", value >= 12,
        note=f"{labels.group(1)} labels on {page.parent.name}",
    )  # fmt: skip
