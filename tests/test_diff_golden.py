"""Golden files of `journeymap diff`: one folder per case, run in this process.

tests/golden_diff/<case>/ holds `base/` and `head/` (each laid out like a project:
journeys/, maybe mkdocs.yml), `case.yml` (what the case is about, worked out by hand,
and `strict: true` for `--strict`), and what each format prints for the change:
`expected.txt`, `expected.md`, `expected.json`, checked as of FIXED_TODAY. The head is
compared with `--base-dir ../base`, as a user in `head/` would run it; the same two
trees in git (the base committed, the head as an uncommitted working tree) must tell
the same. After an intended change of output, rewrite the expected files and review
the diff:

    JOURNEYMAP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_diff_golden.py
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from diff_helpers import git_diff
from git_helpers import commit_all, init_repo
from journey_helpers import FIXED_TODAY
from journeymap.config.settings import load_settings
from journeymap.diff.changes import Diff
from journeymap.diff.command import diff_against
from journeymap.diff.formats import json as json_format
from journeymap.diff.formats import markdown, text

GOLDEN = Path(__file__).resolve().parent / "golden_diff"
UPDATE = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"
CASES = sorted(folder.name for folder in GOLDEN.iterdir() if folder.is_dir())
FORMATS = {
    "txt": lambda diff: click.unstyle(text.render(diff)),
    "md": markdown.render,
    "json": json_format.render,
}
#: What names the base: a folder in the golden files, a commit in git.
BASE_KEYS = ("base", "base_ref", "merge_base")


def strict(case: str) -> bool:
    about: dict[str, Any] = yaml.safe_load((GOLDEN / case / "case.yml").read_text("utf-8"))
    return bool(about.get("strict", False))


def folder_diff(case: str, monkeypatch: pytest.MonkeyPatch) -> Diff:
    """`journeymap diff --base-dir ../base [--strict]` in the case's head folder."""
    monkeypatch.chdir(GOLDEN / case / "head")
    settings = load_settings()
    return diff_against(settings, base_dir=Path("../base"), strict=strict(case), today=FIXED_TODAY)


def test_every_case_says_what_it_is_about() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        about = yaml.safe_load((GOLDEN / case / "case.yml").read_text("utf-8"))
        assert set(about) <= {"about", "strict"} and about["about"].strip(), case
        assert (GOLDEN / case / "base").is_dir() and (GOLDEN / case / "head").is_dir()


@pytest.mark.parametrize("case", CASES)
def test_output_matches_the_golden_files(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    diff = folder_diff(case, monkeypatch)
    for suffix, render in FORMATS.items():
        output = render(diff)
        expected = GOLDEN / case / f"expected.{suffix}"
        if UPDATE:
            expected.write_text(output, encoding="utf-8")
        assert expected.exists(), (
            f"no {case}/{expected.name}: run JOURNEYMAP_UPDATE_GOLDEN=1 pytest {__file__}"
        )
        assert output == expected.read_text(encoding="utf-8"), (
            f"{case}: {suffix} output changed; if intended, run "
            "JOURNEYMAP_UPDATE_GOLDEN=1 pytest tests/test_diff_golden.py"
        )


@pytest.mark.usefixtures("git_environment")
@pytest.mark.parametrize("case", CASES)
def test_a_git_base_tells_the_same(case: str, tmp_path: Path) -> None:
    """The base committed on main, the head the working tree (uncommitted edits, deleted
    and untracked files): everything but the base's name is what the folders give."""
    root = init_repo(tmp_path / "repo")
    # files written now, as an editor would (a copy keeping the golden files' times could
    # look unchanged to git: same size and times, and a reused inode)
    shutil.copytree(GOLDEN / case / "base", root, dirs_exist_ok=True, copy_function=shutil.copy)
    commit_all(root, "the base")
    for entry in root.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(GOLDEN / case / "head", root, dirs_exist_ok=True, copy_function=shutil.copy)
    shown = json.loads(json_format.render(git_diff(root, strict=strict(case), today=FIXED_TODAY)))
    expected = json.loads((GOLDEN / case / "expected.json").read_text(encoding="utf-8"))
    assert shown["base_ref"] == "main"
    for key in BASE_KEYS:
        del shown[key], expected[key]
    assert shown == expected
