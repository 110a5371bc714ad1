"""Helpers for tests that build real git repositories and run the real `journeymap`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

TODAY = dt.date.today()  # the CLI checks as of today: journey dates are relative to it
RECENT = (TODAY - dt.timedelta(days=30)).isoformat()
OLDER = (TODAY - dt.timedelta(days=60)).isoformat()
LATER = (TODAY + dt.timedelta(days=200)).isoformat()
LATER_STILL = (TODAY + dt.timedelta(days=300)).isoformat()
EXPIRED = (TODAY - dt.timedelta(days=10)).isoformat()

#: A developer's own git configuration (aliases, diff.renames, hooks…) cannot change results.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_TERMINAL_PROMPT": "0",
}


def environment() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "GITHUB_ACTIONS"
    }
    env.update(GIT_ENV)
    env["NO_COLOR"] = "1"
    return env


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=environment(), timeout=60
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def init_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def short(root: Path, revision: str) -> str:
    return git(root, "rev-parse", "--short", revision).strip()


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def journeymap(cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run the real command in a subprocess, as a user in a terminal or CI would."""
    result = subprocess.run(
        [sys.executable, "-m", "journeymap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


def diff_json(cwd: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = journeymap(cwd, "diff", "--format", "json", *args)
    assert code in (0, 1), err
    return code, json.loads(out), err


def finding_keys(findings: list[dict[str, Any]], *extra: str) -> list[tuple[Any, ...]]:
    """(code, file, journey, stage, *extra) of each finding, sorted: messages are the rules'."""
    return sorted(
        tuple(f[key] for key in ("code", "file", "journey", "stage", *extra)) for f in findings
    )
