"""`journeymap diff` says when a change edits the journeymap policy (the plugin's options in
mkdocs.yml). Both sides are checked with the head's options (SPEC "Changes"), so a
looser policy shows in no status and no finding: the diff must say it in words.

The base's mkdocs.yml is read as the base has it. What each format says of a policy
edit is in the golden files (test_diff_golden: policy-loosened, configuration-added,
inherited-configuration-edited, ...); here, what git's base holds that cannot be read.
Real git repositories, in this process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_helpers import Shown, git_diff
from git_helpers import RECENT, commit_all, git, init_repo, write

pytestmark = pytest.mark.usefixtures("git_environment")

JOURNEY = f"""
title: Invoices
stages:
  - id: pay
    title: Pay
    assumption: Customers pay on time.
    evidence:
      - {{kind: survey, summary: Most paid, source: Survey 3, date: {RECENT}, stance: supports}}
"""
STRICT_YEAR = """
site_name: Journeys
plugins:
  - journeymap:
      max_evidence_age_days: 365
      strict: true
"""
LOOSE = """
site_name: Journeys
plugins:
  - journeymap:
      max_evidence_age_days: 9999
      strict: false
"""


def repo_with(tmp_path: Path, base: dict[str, str], head: dict[str, str]) -> Path:
    """main holds `base` (path -> text) and a journey; the branch commits `head` over it
    (an empty text deletes the file)."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/invoices.yml", JOURNEY)
    for path, text in base.items():
        write(root, path, text)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    for path, text in head.items():
        if text:
            write(root, path, text)
        else:
            (root / path).unlink()
    commit_all(root, "feature")
    return root


def test_a_base_configuration_that_cannot_be_read_is_said_and_runs_nothing(
    tmp_path: Path,
) -> None:
    root = repo_with(
        tmp_path,
        {"mkdocs.yml": "site_name: S\nplugins: [journeymap\n"},
        {"mkdocs.yml": STRICT_YEAR},
    )
    shown = Shown.of(diff := git_diff(root))
    assert not diff.failed
    assert shown.json["policy_changes"] == []
    note = shown.json["policy_note"]
    assert note.startswith(
        "The base's journeymap policy could not be read, so it is not compared: "
    )
    assert "mkdocs.yml:" in note
    assert note + "." in shown.text

    # a tag that would run Python in a loader that allowed it: read as a plain value
    pwned = tmp_path / "pwned"
    evil = f"site_name: !!python/object/apply:os.system ['touch {pwned}']\n" + LOOSE
    root = repo_with(tmp_path / "evil", {"mkdocs.yml": evil}, {"mkdocs.yml": STRICT_YEAR})
    diff = git_diff(root)
    assert not diff.failed
    assert not pwned.exists()
    assert Shown.of(diff).json["policy_changes"] == [
        {"option": "max_evidence_age_days", "before": 9999, "after": 365},
        {"option": "strict", "before": False, "after": True},
    ]
