"""Measure journeymap on synthetic portfolios, each figure next to its floor, in one run.

    python bench/run.py                      # sizes 100 and 1,000, 3 runs each
    python bench/run.py --sizes 10 --runs 1  # a quick smoke run

Every measurement runs whole processes, alternating journeymap and its floor so a
noisy machine affects both alike, and quotes the median of the runs. It prints a
table and writes the figures as JSON (`--json`, default bench/results.json).

1. `journeymap validate` vs a bare load of the same files with PyYAML's C loader
   (garbage collector paused), each a whole process. Goal <= 1.3x.
2. `journeymap validate` vs `check-jsonschema --schemafile journey.schema.json`.
   Goal: at least 3x faster.
3. `journeymap build` vs `mkdocs build` of the very same pages written to docs/ as
   Markdown (plugin off, Material and search on, journey pages out of the nav).
   Goal <= 1.15x. Diagrams render from a cold cache in every timed build.
4. A rebuild with nothing changed: renderer processes started (goal 0) and time.
5. Peak memory of the largest build vs the floor's. Goal <= 1.2x.
6. `journeymap serve` of 10 and 100 journeys: from saving an edit to the changed page
   served, and the search index still whole afterwards. Goals: <= 1 s and <= 2 s.
7. The search index the build wrote vs the bytes of text in the journey files (the
   text values: titles, assumptions, summaries, quotes, sources...). Goal <= 1.15x.
8. The largest build's wall time on its own. Goal at 1,000 journeys: <= 40 s.
9. A 20-stage journey page in headless Chromium at 1440 px: the smallest label of the
   diagram and the emotion curve, as drawn (font size x the SVG's screen scale).
   Goal >= 12 px.
10. `journeymap diff` of the portfolio with 10 journeys changed against a git base
    (the merge-base of main) vs `journeymap validate` of the same portfolio. Goal <= 2x.
    Run only this one with `--only diff`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: Journey keys whose values are not text (slugs, enums, dates, numbers, links).
NOT_TEXT = {"id", "next", "kind", "stance", "sentiment", "url", "date", "until", "sample",
            "emotion"}  # fmt: skip
#: Runs in a copy of a journey page and writes the smallest rendered SVG label onto <html>.
MEASURE_LABELS = """<script>
addEventListener('load', () => {
  const sizes = [...document.querySelectorAll('figure.jm-diagram svg text, svg.jm-emotion text')]
    .map(text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a);
  document.documentElement.setAttribute('data-labels', sizes.length);
  document.documentElement.setAttribute('data-smallest', sizes.length ? Math.min(...sizes) : 0);
});
</script>"""

FLOOR_LOAD = """\
import gc, os, sys, yaml
gc.disable()
folder = sys.argv[1]
data = []
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        data.append(yaml.load(handle, Loader=yaml.CSafeLoader))
"""

SHIM = """\
#!/bin/sh
echo "$0" >> "{counter}"
exec "{real}" "$@"
"""


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    returncode: int


@dataclass
class Row:
    name: str
    ours: float
    floor: float | None
    unit: str
    goal: str
    met: bool | None
    note: str = ""
    runs: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        return self.ours / self.floor if self.floor else None


def tool(name: str) -> str:
    """A console script of this environment (the venv running the benchmark)."""
    local = BIN / name
    return str(local) if local.exists() else (shutil.which(name) or name)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a whole process; its wall time and peak resident memory.

    The peak is the process's own high-water mark (`VmHWM`), sampled until it exits:
    `ru_maxrss` would also count the memory of this script, which the child
    inherits between fork and exec.
    """
    # stderr to a file: a pipe would fill up and stall a chatty build
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        status_file = Path(f"/proc/{process.pid}/status")
        peak_kb = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak_kb = max(peak_kb, _high_water_kb(status_file))
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        if not status_file.parent.exists() and peak_kb == 0:  # not Linux: the best available
            peak_kb = usage.ru_maxrss
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            print(f"  ! {' '.join(command[:3])}… exited {process.returncode}: {stderr[-800:]}")
    return Run(elapsed, peak_kb / 1024, process.returncode)


def _high_water_kb(status_file: Path) -> int:
    try:
        for line in status_file.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def paired(
    runs: int, ours: Callable[[], Run], floor: Callable[[], Run]
) -> tuple[list[Run], list[Run]]:
    """Alternate the two so drift on the machine hits both."""
    mine: list[Run] = []
    base: list[Run] = []
    for index in range(runs):
        if index % 2:
            base.append(floor())
            mine.append(ours())
        else:
            mine.append(ours())
            base.append(floor())
    return mine, base


def median(values: list[Run], attribute: str = "seconds") -> float:
    return statistics.median(getattr(run, attribute) for run in values)


def portfolio(workdir: Path, size: int) -> Path:
    root = workdir / f"p{size}"
    if not (root / "journeys").is_dir():
        generate(root, size)
        (root / "journey.schema.json").write_text(
            subprocess.run(
                [tool("journeymap"), "schema"], capture_output=True, text=True, check=True
            ).stdout
        )
    return root


def measure_validate(root: Path, runs: int, size: int) -> list[Row]:
    journeys = root / "journeys"
    floor_script = root / "floor_load.py"
    floor_script.write_text(FLOOR_LOAD)
    validate = [tool("journeymap"), "validate", "journeys", "--format", "json"]
    mine, base = paired(
        runs,
        lambda: run(validate, root),
        lambda: run([sys.executable, str(floor_script), str(journeys)], root),
    )
    rows = [
        Row(
            f"1. validate {size} journeys vs bare C-loader load",
            median(mine),
            median(base),
            "s",
            "<= 1.3x",
            median(mine) <= 1.3 * median(base),
            runs={"ours": [r.seconds for r in mine], "floor": [r.seconds for r in base]},
        )
    ]
    files = sorted(str(p) for p in journeys.glob("*.yml"))
    schema_check = [tool("check-jsonschema"), "--schemafile", "journey.schema.json", *files]
    if Path(schema_check[0]).exists() or shutil.which(schema_check[0]):
        mine, base = paired(runs, lambda: run(validate, root), lambda: run(schema_check, root))
        rows.append(
            Row(
                f"2. validate {size} journeys vs check-jsonschema",
                median(mine),
                median(base),
                "s",
                ">= 3x faster",
                median(base) >= 3 * median(mine),
                runs={"ours": [r.seconds for r in mine], "floor": [r.seconds for r in base]},
            )
        )
    else:
        rows.append(Row("2. check-jsonschema", 0, None, "s", ">= 3x faster", None, "not installed"))
    return rows


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


#: A benchmark's own git identity and configuration: a developer's cannot change timings.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
CHANGED = 10


def git_portfolio(root: Path, workdir: Path, size: int) -> Path:
    """The portfolio as a git repository: main holds it, the branch `change` commits
    edits to CHANGED journeys (a contradicting voice each, a new title)."""
    repo = workdir / f"git{size}"
    if (repo / ".git").is_dir():
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(root / "journeys", repo / "journeys")
    shutil.copy(root / "mkdocs.yml", repo / "mkdocs.yml")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
        )

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "portfolio")
    git("checkout", "-q", "-b", "change")
    for path in sorted((repo / "journeys").glob("*.yml"))[:CHANGED]:
        text = path.read_text(encoding="utf-8")
        text = text.replace("stance: supports", "stance: contradicts", 1)
        path.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    git("commit", "-q", "-a", "-m", "ten journeys revised")
    return repo


def measure_diff(root: Path, runs: int, size: int, workdir: Path) -> Row:
    repo = git_portfolio(root, workdir, size)
    env = GIT_ENV
    diff = [tool("journeymap"), "diff", "--base", "main", "--format", "json"]
    validate = [tool("journeymap"), "validate", "journeys", "--format", "json"]
    mine, base = paired(runs, lambda: run(diff, repo, env), lambda: run(validate, repo, env))
    return Row(
        f"10. diff {size} journeys, {CHANGED} changed (git) vs validate",
        median(mine),
        median(base),
        "s",
        "<= 2x",
        median(mine) <= 2 * median(base),
        runs={"ours": [r.seconds for r in mine], "floor": [r.seconds for r in base]},
    )


def table(rows: list[Row]) -> str:
    header = f"{'measurement':<58} {'journeymap':>11} {'floor':>9} {'ratio':>7}  {'goal':<13} met"
    lines = [header, "-" * len(header)]
    for row in rows:
        floor = f"{row.floor:.2f}" if row.floor is not None else "-"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        ours = f"{row.ours:.2f} {row.unit}" if row.unit != "processes" else f"{row.ours:.0f}"
        met = {True: "yes", False: "NO", None: "-"}[row.met]
        lines.append(f"{row.name:<58} {ours:>11} {floor:>9} {ratio:>7}  {row.goal:<13} {met}")
        if row.note:
            lines.append(f"    {row.note}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="portfolio sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument("--workdir", type=Path, default=None, help="keep portfolios here")
    parser.add_argument("--skip-serve", action="store_true", help="leave out measurement 6")
    parser.add_argument(
        "--only", choices=["diff"], default=None, help="run only this measurement (7: diff)"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    largest = max(sizes)
    rows: list[Row] = []
    started = time.perf_counter()
    for size in sizes:
        root = portfolio(workdir, size)
        print(f"== {size} journeys in {root}", flush=True)
        if size == largest:
            rows.append(measure_diff(root, args.runs, size, workdir))
        if args.only == "diff":
            continue
        if size == largest:
            rows += measure_validate(root, args.runs, size)
        build_rows, peak_ours, peak_floor = measure_build(root, args.runs, size, workdir)
        rows += build_rows
        rows.append(measure_search_index(root, size))
        if size == largest:
            seconds = build_rows[0].ours
            at_scale = size >= 1000
            rows.append(
                Row(
                    f"8. build {size} journeys, wall time",
                    seconds,
                    None,
                    "s",
                    "<= 40 s" if at_scale else "- (goal at 1000)",
                    seconds <= 40 if at_scale else None,
                )
            )
            rows.append(measure_labels(root, workdir))
        if size == largest:
            rows.append(measure_rebuild(root, workdir))
            rows.append(
                Row(
                    f"5. peak memory, build {size} journeys",
                    peak_ours.max_rss_mb,
                    peak_floor.max_rss_mb,
                    "MB",
                    "<= 1.2x",
                    peak_ours.max_rss_mb <= 1.2 * peak_floor.max_rss_mb,
                )
            )
    if not args.skip_serve and args.only is None:
        # The goals are at 10 and 100 journeys (SERVE_GOALS), whatever --sizes builds.
        for serve_size in [n for n in SERVE_GOALS if n <= largest] or [min(sizes)]:
            rows.append(measure_serve(portfolio(workdir, serve_size), args.runs, serve_size))
    rows.sort(key=lambda row: (int(row.name.split(".", 1)[0]), row.name))
    print()
    print(table(rows))
    machine = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "dot": shutil.which("dot") is not None,
    }
    print(
        f"\n{machine['cores']} cores, Python {machine['python']}, {machine['platform']}; "
        f"runs per figure: {args.runs}; total {time.perf_counter() - started:.0f} s"
    )
    results = {
        "machine": machine,
        "runs": args.runs,
        "rows": [{**asdict(row), "ratio": row.ratio} for row in rows],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
