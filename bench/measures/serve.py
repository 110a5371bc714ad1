"""Measurement 6: `journeymap serve` from saving an edit to the changed page served, and
how long a request waits while the preview rebuilds."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import threading
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
#: The longest a request may wait while the preview rebuilds everything.
DURING_REBUILD_GOAL = 0.5
#: After a save, the rebuild has started by then (polling every 0.2 s, 0.1 s of quiet).
REBUILD_STARTED = 0.6
_EPOCH = re.compile(r"livereload\((\d+),")


def timed(url: str) -> tuple[float, float, str | None]:
    """(when the request was sent, how long its answer took, the page)."""
    started = time.perf_counter()
    page = fetch(url)
    return started, time.perf_counter() - started, page


def rebuilt(base: str, page: str | None, done: list[float]) -> threading.Thread:
    """Appends to `done` when the next build is shown: MkDocs' live-reload request for
    the epoch `page` shows returns as soon as a newer one is."""
    found = _EPOCH.search(page or "")

    def wait() -> None:
        if found is not None:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{base}livereload/{found.group(1)}/1", timeout=120).read()
        done.append(time.perf_counter())

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return thread


def during_rebuild(root: Path, base: str, runs: int, size: int) -> Row | None:
    """Save mkdocs.yml (a full rebuild), then time requests for the dashboard sent while
    the rebuild runs; the floor: the same requests when idle. None when every rebuild
    was over before the first request (a small portfolio)."""
    name = f"6. serve {size} journeys: a request during a full rebuild"
    config = root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    idle: list[float] = []
    during: list[float] = []
    try:
        for index in range(runs):
            time.sleep(2)
            before = [timed(base) for _ in range(10)]
            idle.append(max(seconds for _, seconds, _ in before))
            done: list[float] = []
            thread = rebuilt(base, before[-1][2], done)
            config.write_text(f"{original}\n# rebuild {index}\n", encoding="utf-8")
            time.sleep(REBUILD_STARTED)
            answers = [timed(base) for _ in range(10)]
            thread.join(timeout=120)
            sent = [seconds for at, seconds, _ in answers if done and at < done[0]]
            if sent:  # else the rebuild was over before the first request
                during.append(max(sent))
    finally:
        config.write_text(original, encoding="utf-8")
    if not during:
        return None
    slowest = max(during)
    return Row(
        name,
        slowest,
        max(idle),
        "s",
        f"<= {DURING_REBUILD_GOAL:g} s",
        slowest <= DURING_REBUILD_GOAL,
        note=f"the slowest answer to a request sent during {len(during)} rebuilds",
        runs={"ours": during, "floor": idle},
    )


def search_pages(index: str | None) -> set[str]:
    """The pages a search_index.json holds entries for."""
    if index is None:
        return set()
    return {doc["location"].split("#")[0] for doc in json.loads(index)["docs"]}


def measure_serve(root: Path, runs: int, size: int) -> list[Row]:
    """Save an edit, then time until the served page shows it; alternately a journey's
    title (on the dashboard, the gaps page and, up to 30 journeys, every page's navigation)
    and a stage's assumption. Afterwards the search index must still hold every page.
    Then `during_rebuild`."""
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
                return [Row(name, 0, None, "s", "-", None, "no server")]
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
        waiting = during_rebuild(root, base, runs, size)
    finally:
        journey.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    median_time = statistics.median(times)
    edits = Row(
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
    return [edits] if waiting is None else [edits, waiting]
