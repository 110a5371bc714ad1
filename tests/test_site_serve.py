"""`journeymap serve` (and so `mkdocs serve`): the preview rebuilds when a journey file
changes; and every link on the generated pages leads somewhere, with either URL style."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from site_helpers import ALPHA, BETA, build, mkdocs_config, soup, write_site


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_journey_file_changes(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"beta": BETA})
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from journeymap.cli import main; main()",
            "serve",
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/journeys/beta/"
        assert wait_for(url, "Beta journey"), "the preview never served the journey page"
        changed = dict(BETA, title="Beta journey, renamed")
        (root / "journeys" / "beta.yml").write_text(yaml.safe_dump(changed), encoding="utf-8")
        assert wait_for(url, "Beta journey, renamed"), "editing the YAML did not rebuild"
    finally:
        server.terminate()
        try:
            _, errors = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
    assert "Traceback" not in errors


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
            target = urlsplit(urljoin("http://site/" + base, href))
            path = target.path.lstrip("/")
            file = site / path / "index.html" if path.endswith("/") or not path else site / path
            assert file.is_file(), f"{base}: {href} -> {file}"
            if target.fragment:
                assert soup(file).select_one(f"#{target.fragment}") is not None, href
            checked += 1
    assert checked > 10
