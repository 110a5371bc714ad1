"""Measurements 3, 4, 5 and 7: the build vs stock MkDocs, the rebuild, memory, the search index."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from measures.common import BIN, Row, Run, median, paired, run, tool

#: Journey keys whose values are not text (slugs, enums, dates, numbers, links).
NOT_TEXT = {"id", "next", "kind", "stance", "sentiment", "url", "date", "until", "sample",
            "emotion"}  # fmt: skip


SHIM = """\
#!/bin/sh
echo "$0" >> "{counter}"
exec "{real}" "$@"
"""


def floor_site(root: Path) -> Path:
    """The very same pages as Markdown files in docs/, for mkdocs without the plugin.

    `journeymap generate` writes them (what any builder without the plugin builds); the
    floor's mkdocs.yml has Material and search, no plugin, journey pages out of the nav.
    """
    floor = root / "floor"
    shutil.rmtree(floor, ignore_errors=True)
    (floor / "docs").mkdir(parents=True)
    (floor / "mkdocs.yml").write_text(
        "site_name: Benchmark portfolio\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n"
        "nav:\n  - index.md\n  - gaps.md\n"
        "not_in_nav: |\n  /journeys/\n"
    )
    result = run(
        [tool("journeymap"), "generate", "--out", str(floor / "docs"), "-c", "mkdocs.yml"],
        root,
    )
    if result.returncode != 0:
        raise SystemExit(f"journeymap generate failed on {root}")
    return floor


def measure_build(root: Path, runs: int, size: int, workdir: Path) -> tuple[list[Row], Run, Run]:
    def ours() -> Run:
        cache = Path(tempfile.mkdtemp(dir=workdir, prefix="cache-"))
        result = run(
            [tool("journeymap"), "build", "--site-dir", "site"],
            root,
            env={"JOURNEYMAP_CACHE_DIR": str(cache)},
        )
        shutil.rmtree(cache, ignore_errors=True)
        return result

    if ours().returncode != 0:  # also warms the disk cache the floor shares
        raise SystemExit(f"journeymap build failed on {root}")
    floor = floor_site(root)
    mine, base = paired(
        runs,
        ours,
        lambda: run([tool("mkdocs"), "build", "-q", "-d", "site"], floor),
    )
    peak_ours = max(mine, key=lambda r: r.max_rss_mb)
    peak_floor = max(base, key=lambda r: r.max_rss_mb)
    row = Row(
        f"3. build {size} journeys vs mkdocs build of the same pages",
        median(mine),
        median(base),
        "s",
        "<= 1.15x",
        median(mine) <= 1.15 * median(base),
        note=f"{os.cpu_count()} cores",
        runs={"ours": [r.seconds for r in mine], "floor": [r.seconds for r in base]},
    )
    return [row], peak_ours, peak_floor


def journey_text_bytes(folder: Path) -> int:
    """UTF-8 bytes of the text values in the journey files (keys, slugs, enums, dates,
    numbers and links left out): what search has to hold."""
    import yaml

    total = 0

    def walk(value: object, key: str | None = None) -> None:
        nonlocal total
        if isinstance(value, dict):
            for name, child in value.items():
                walk(child, name)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif isinstance(value, str) and key not in NOT_TEXT:
            total += len(value.encode("utf-8"))

    for path in sorted(folder.glob("*.yml")):
        walk(yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader))
    return total


def measure_search_index(root: Path, size: int) -> Row:
    index = root / "site" / "search" / "search_index.json"
    text = journey_text_bytes(root / "journeys")
    ours = index.stat().st_size if index.is_file() else 0
    return Row(
        f"7. search index, {size} journeys, vs their text",
        ours / 1e6,
        text / 1e6,
        "MB",
        "<= 1.15x",
        bool(ours) and ours <= 1.15 * text,
        note="" if ours else "no search index written",
    )


def measure_rebuild(root: Path, workdir: Path) -> Row:
    shims = workdir / "shims"
    shutil.rmtree(shims, ignore_errors=True)
    shims.mkdir()
    counter = workdir / "renderer-calls.txt"
    for name in ("dot", "graphviz-pure"):
        real = shutil.which(name) or (str(BIN / name) if (BIN / name).exists() else None)
        if real:
            shim = shims / name
            shim.write_text(SHIM.format(counter=counter, real=real))
            shim.chmod(0o755)
    cache = workdir / "rebuild-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {"JOURNEYMAP_CACHE_DIR": str(cache), "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}"}
    build = [tool("journeymap"), "build", "--site-dir", "site"]
    cold = run(build, root, env)
    cold_calls = _count(counter)
    counter.unlink(missing_ok=True)
    warm = run(build, root, env)
    warm_calls = _count(counter)
    return Row(
        "4. rebuild, nothing changed: renderer processes",
        warm_calls,
        None,
        "processes",
        "0",
        warm_calls == 0,
        note=f"rebuild {warm.seconds:.1f} s; cold build {cold.seconds:.1f} s "
        f"started {cold_calls} renderer processes",
    )


def _count(counter: Path) -> int:
    return len(counter.read_text().splitlines()) if counter.exists() else 0
