"""Measurement 6: `journeymap serve` from saving an edit to the changed page served."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

from measures.common import Row, tool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except OSError:
        return None


#: Goals for `journeymap serve`, save -> changed page served, by portfolio size.
SERVE_GOALS = {10: 1.0, 100: 2.0}


def search_pages(index: str | None) -> set[str]:
    """The pages a search_index.json holds entries for."""
    if index is None:
        return set()
    return {doc["location"].split("#")[0] for doc in json.loads(index)["docs"]}


def measure_serve(root: Path, runs: int, size: int) -> Row:
    """Save an edit, then time until the served page shows it; alternately a journey's
    title (on the dashboard, the gaps page and, up to 30 journeys, every page's navigation)
    and a stage's assumption. Afterwards the search index must still hold every page."""
    port = free_port()
    journey = sorted((root / "journeys").glob("*.yml"))[0]
    original = journey.read_text(encoding="utf-8")
    base = f"http://127.0.0.1:{port}/"
    url = f"{base}journeys/{journey.stem}/"
    name = f"6. serve {size} journeys: save edit -> page served"
    goal = SERVE_GOALS.get(size)
    server = subprocess.Popen(
        [tool("journeymap"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    times: list[float] = []
    try:
        deadline = time.time() + 600
        while fetch(url) is None:
            if time.time() > deadline or server.poll() is not None:
                return Row(name, 0, None, "s", "-", None, "no server")
            time.sleep(0.2)
        pages = search_pages(fetch(base + "search/search_index.json"))
        marker = ""
        for index in range(runs):
            marker = f"Edited {index} {time.time_ns()}"
            key = "title: " if index % 2 == 0 else "assumption: "
            edited = original.replace(key, f"{key}{marker} ", 1)
            saved = time.perf_counter()
            journey.write_text(edited, encoding="utf-8")
            while True:
                page = fetch(url)
                if page is not None and marker in page:
                    break
                if time.perf_counter() - saved > 300:
                    raise SystemExit("serve never showed the edit")
                time.sleep(0.05)
            times.append(time.perf_counter() - saved)
            time.sleep(1)
        index_after = fetch(base + "search/search_index.json")
        whole = bool(pages) and search_pages(index_after) == pages
        found = index_after is not None and marker in index_after
    finally:
        journey.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    median_time = statistics.median(times)
    return Row(
        name,
        median_time,
        None,
        "s",
        f"<= {goal:g} s" if goal else "-",
        (median_time <= goal and whole and found) if goal else None,
        note=(
            f"slowest {max(times):.2f} s; search index after the edits: "
            f"{len(search_pages(index_after))} of {len(pages)} pages"
            f"{', the edit found' if found else ', the edit MISSING'}"
        ),
        runs={"ours": times},
    )
