"""`journeymap serve` (and so `mkdocs serve`): the preview rebuilds when a journey file
changes; and every link on the generated pages leads somewhere, with either URL style."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from site_helpers import ALPHA, BETA, Serving, build, linked_file, mkdocs_config, soup, write_site


def test_serve_rebuilds_when_a_journey_file_changes(beta_project: Path) -> None:
    root = beta_project
    with Serving(root) as server:
        # Only the page itself counts (an error page's navigation names the journey too).
        server.wait_for("journeys/beta/", "Beta journey", error_pages=False)
        changed = dict(BETA, title="Beta journey, renamed")
        (root / "journeys" / "beta.yml").write_text(yaml.safe_dump(changed), encoding="utf-8")
        server.wait_for("journeys/beta/", "Beta journey, renamed", error_pages=False)
    assert "Traceback" not in server.errors


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_on_generated_pages_leads_to_a_built_file(
    tmp_path: Path, directory_urls: bool
) -> None:
    config = mkdocs_config(use_directory_urls=directory_urls)
    site = build(write_site(tmp_path, {"alpha": ALPHA, "beta": BETA}, config))
    suffix = "/index.html" if directory_urls else ".html"
    pages = [
        site / "index.html",
        site / ("gaps" + suffix),
        site / "journeys" / ("alpha" + suffix),
    ]
    checked = 0
    for page in pages:
        base = page.relative_to(site).as_posix()
        for link in soup(page).select(".jm a[href]"):
            href = str(link["href"])
            if href.startswith(("http://", "https://")):
                continue
            file = linked_file(site, page, href)
            assert file.is_file(), f"{base}: {href} -> {file}"
            fragment = urlsplit(href).fragment
            if fragment:
                assert soup(file).select_one(f"#{fragment}") is not None, href
            checked += 1
    assert checked > 10
