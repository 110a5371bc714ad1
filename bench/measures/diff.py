"""Measurement 10: `journeymap diff` with 10 journeys changed vs `journeymap validate`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from measures.common import Row, median, paired, run, tool

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
