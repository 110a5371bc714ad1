"""The benchmark script runs end to end on a tiny portfolio and reports every measurement.

Figures are not asserted (speed is measured by `bench/run.py`, not by tests);
this only keeps the script working.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from repo_paths import REPO


def test_bench_runs_every_measurement_on_a_small_portfolio(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    completed = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--sizes",
            "10",
            "--runs",
            "1",
            "--workdir",
            str(tmp_path / "work"),
            "--json",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    rows = json.loads(results.read_text())["rows"]
    names = [row["name"] for row in rows]
    for number in [str(n) for n in range(1, 11)]:
        assert any(name.startswith(f"{number}. ") for name in names), names
    for row in rows:
        assert row["ours"] >= 0
        if row["floor"] is not None:
            assert row["floor"] > 0
    assert "measurement" in completed.stdout and "cores" in completed.stdout
    generated = sorted((tmp_path / "work" / "p10" / "journeys").glob("*.yml"))
    assert len(generated) == 10
