"""What every measurement shares: timing whole processes, rows of figures, portfolios."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


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
