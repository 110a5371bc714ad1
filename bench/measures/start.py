"""Measurement 11: how fast journeymap starts, the cost paid on every commit and in editors.

`journeymap validate` of the example project (three journeys) and `journeymap --help`,
each a whole process, against `python -c pass` of the same interpreter as the floor.
The goals are absolute wall times: <= 0.25 s for validate, <= 0.15 s for --help.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from measures.common import REPO, Row, median, paired, run, tool

#: What the example project holds: the files `journeymap validate` reads there.
EXAMPLE = ("mkdocs.yml", "journeys")
GOALS = {"validate": 0.25, "--help": 0.15}
#: Starts are short and noisy: more runs than the other measurements, at the least.
MIN_RUNS = 15


def measure_start(runs: int) -> list[Row]:
    runs = max(runs, MIN_RUNS)
    floor = [sys.executable, "-c", "pass"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="journeymap-start-") as work:
        root = Path(work)
        for name in EXAMPLE:
            source = REPO / name
            if source.is_dir():
                (root / name).mkdir()
                for path in source.glob("*.yml"):
                    (root / name / path.name).write_bytes(path.read_bytes())
            else:
                (root / name).write_bytes(source.read_bytes())
        for command, goal in GOALS.items():
            argv = [tool("journeymap"), command]
            mine, base = paired(runs, lambda argv=argv: run(argv, root), lambda: run(floor, root))
            ours = median(mine)
            rows.append(
                Row(
                    f"11. start: journeymap {command} (example) vs python -c pass",
                    ours,
                    median(base),
                    "s",
                    f"<= {goal} s",
                    ours <= goal,
                    runs={"ours": [r.seconds for r in mine], "floor": [r.seconds for r in base]},
                )
            )
    return rows
