"""Helpers for diff tests that run in this process: `journeymap diff` as its core does it
(the sides checked, then compared), the three formats of the result, and the command
itself through click's runner."""

from __future__ import annotations

import datetime as dt
import json as jsonlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner
from commands import Ran
from journey_helpers import REAL_TODAY
from journeymap.cli import main
from journeymap.config.mkdocs_yml import default_config
from journeymap.config.settings import Settings, load_settings, settings_from_options
from journeymap.diff.changes import Diff
from journeymap.diff.command import diff_against
from journeymap.diff.formats import json, markdown, text


def settings_at(root: Path, config: str | None = None) -> Settings:
    """The settings `journeymap` reads in `root` (or from `config`, relative to it)."""
    found = root / config if config is not None else default_config(root)
    return load_settings(found) if found is not None else settings_from_options({}, root, None)


def git_diff(
    root: Path,
    base: str | None = "main",
    *,
    config: str | None = None,
    strict: bool = False,
    today: dt.date = REAL_TODAY,
) -> Diff:
    """`journeymap diff --base BASE` (no `--base` for None) run in the git work tree `root`."""
    return diff_against(settings_at(root, config), base_ref=base, strict=strict, today=today)


def folder_diff(
    head: Path, base: Path, *, strict: bool = False, today: dt.date = REAL_TODAY
) -> Diff:
    """`journeymap diff --base-dir BASE` run in the project folder `head`."""
    return diff_against(settings_at(head), base_dir=base, strict=strict, today=today)


@dataclass(frozen=True)
class Shown:
    """A diff in each format, as `journeymap diff` prints it without colour."""

    json: dict[str, Any]
    text: str
    markdown: str

    @classmethod
    def of(cls, diff: Diff) -> Shown:
        shown = jsonlib.loads(json.render(diff))
        return cls(shown, click.unstyle(text.render(diff)), markdown.render(diff))


def journeymap_here(*args: str, cwd: Path) -> Ran:
    """`journeymap ARGS` in `cwd`, run by click's test runner in this process: for what
    the command prints around the core's result. The terminal is the one `commands` gives
    a process (no GitHub Actions, no colour); git's environment is the test's
    (`git_environment`)."""
    runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})
    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), prog_name="journeymap")
    finally:
        os.chdir(before)
    return Ran(("journeymap", *args), result.exit_code, result.stdout, result.stderr)
