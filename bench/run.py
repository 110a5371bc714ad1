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
11. How fast journeymap starts: `journeymap validate` of the example project and
    `journeymap --help`, vs `python -c pass`. Goals: <= 0.25 s and <= 0.15 s wall.
    Run only this one with `--only start`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measures.browser import measure_labels
from measures.build import measure_build, measure_rebuild, measure_search_index
from measures.common import REPO, Row, portfolio
from measures.diff import measure_diff
from measures.serve import SERVE_GOALS, measure_serve
from measures.start import measure_start
from measures.validate import measure_validate


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
        "--only",
        choices=["diff", "start"],
        default=None,
        help="run only this measurement (10: diff, 11: start)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    largest = max(sizes)
    rows: list[Row] = []
    started = time.perf_counter()
    if args.only in (None, "start"):
        rows += measure_start(args.runs)
    for size in [] if args.only == "start" else sizes:
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
            rows += measure_serve(portfolio(workdir, serve_size), args.runs, serve_size)
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
