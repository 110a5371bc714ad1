"""A journey site makes no outside request: the example site and a site made by
`journeymap init`, loaded in real headless Chromium from a local HTTP server, ask for
nothing from any other host (no Google Fonts, no GitHub API, no CDN).

Why Playwright's routing rather than Chromium's `--log-net-log`: every request the pages
make, their scripts' fetches and the search worker's included, passes through
`BrowserContext.route`, which records it and aborts it before it leaves the machine, so
the test is the same offline and online; a net log would also hold Chromium's own
background traffic (updates, safe browsing), which says nothing about the site.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from commands import environment, journeymap, require_tool
from repo_paths import copy_example

CHROMIUM = "/usr/bin/chromium"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) for the duration; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def example_site(work: Path) -> tuple[Path, str]:
    """This repository's example site, built from a copy (the checkout stays untouched)."""
    env = environment(JOURNEYMAP_CACHE_DIR=str(work / "cache"))
    journeymap("build", cwd=copy_example(work), env=env).ok()
    return work / "site", "phishing"


def init_site(work: Path) -> tuple[Path, str]:
    """The site of a repository exactly as `journeymap init` writes it."""
    env = environment(JOURNEYMAP_CACHE_DIR=str(work / "cache"))
    journeymap("init", "team", cwd=work, env=env).ok()
    journeymap("build", cwd=work / "team", env=env).ok()
    return work / "team" / "site", "sign"


class Requests:
    """Every request the browser context makes: local ones go through, others are
    recorded and aborted, so nothing leaves the machine."""

    def __init__(self, base: str) -> None:
        self.origin = urlsplit(base)[:2]
        self.local: list[str] = []
        self.outside: list[str] = []

    def handle(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url)[:2] == self.origin:
            self.local.append(url)
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.mark.parametrize("make_site", [example_site, init_site], ids=["example", "init"])
def test_the_site_makes_no_request_to_another_host(make_site: Any, tmp_path: Path) -> None:
    require_tool("chromium")
    from playwright.sync_api import sync_playwright

    site, query = make_site(tmp_path)
    pages = sorted(path.relative_to(site).parent.as_posix() for path in site.rglob("index.html"))
    assert len(pages) >= 3, pages  # the dashboard, the gaps page and a journey at least
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            context = browser.new_context()
            requests = Requests(base)
            context.route("**/*", requests.handle)
            page = context.new_page()

            # The recorder sees a request to another host (so the test can fail).
            page.set_content(
                '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
            )
            page.wait_for_load_state("load")
            assert requests.outside == ["https://fonts.googleapis.com/css?family=Roboto"]
            requests.outside.clear()

            for path in pages:
                url = base if path == "." else f"{base}{path}/"
                response = page.goto(url, wait_until="networkidle")
                assert response is not None and response.ok, url
            # Search: the worker starts and loads the index; typing shows results.
            page.goto(base, wait_until="networkidle")
            search = page.locator("input.md-search__input")
            search.focus()
            page.wait_for_function(
                "() => !/Initializing/.test("
                "document.querySelector('.md-search-result__meta').textContent)",
                timeout=20_000,
            )
            search.press_sequentially(query)
            page.locator(".md-search-result__item").first.wait_for(timeout=20_000)
            page.wait_for_load_state("networkidle")
            browser_outside = list(requests.outside)
        finally:
            browser.close()

    assert browser_outside == [], f"requests to other hosts: {browser_outside}"
    loaded = {urlsplit(url).path for url in requests.local}
    assert any(path.endswith("search_index.json") for path in loaded), sorted(loaded)
    assert any(path.endswith(".css") for path in loaded)
    assert any(path.endswith(".js") for path in loaded)
