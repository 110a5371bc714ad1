"""`journeymap diff` where the journeys folder holds symbolic links or entries git cannot
give as a file, on either side: a link is compared as what it leads to, a second name of
a journey is its duplicate (never a journey added or removed), and entries that cannot be
read compare as unchanged when the change leaves them alone, as `validate` sees them on
each side.

Real git repositories (and a base folder), in this process; every expectation is worked
out by hand from the files below.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from diff_cases import BILLING, billing_after
from diff_helpers import Shown, folder_diff, git_diff, settings_at
from git_helpers import BILLING_STAGES, RECENT, commit_all, finding_keys, git, init_repo, write
from journey_helpers import REAL_TODAY
from journeymap.check.pipeline import check
from journeymap.diff.changes import Diff
from journeymap.diff.formats import json as json_format

pytestmark = pytest.mark.usefixtures("git_environment")

SUPPORTS = (
    f"{{kind: interview, summary: Read it at once, source: Notes 1, date: {RECENT}, "
    "stance: supports}"
)
FINE = f"title: Fine\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n      - {SUPPORTS}\n"
UNVALIDATED = "title: Shared\nstages:\n  - id: s\n    title: S\n    assumption: x\n"


def test_a_linked_journey_is_compared_with_what_the_link_pointed_to(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "shared/billing-source.yml", BILLING)
    (root / "journeys").mkdir()
    (root / "journeys" / "billing.yml").symlink_to("../shared/billing-source.yml")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    # the link is untouched; the file it points to (outside the journeys folder) changes
    write(root, "shared/billing-source.yml", billing_after())
    diff = git_diff(root)
    assert diff.failed
    [journey] = diff.journeys
    assert [(s.id, s.before, s.after) for s in journey.stages] == [
        ("invoice-email", "contested", "confirmed"),
        ("pay", "unvalidated", "confirmed"),
        ("remind", "waived", "waived"),
        ("refund", None, "unvalidated"),
    ]


def test_entries_git_cannot_give_as_a_file_compare_as_unchanged(tmp_path: Path) -> None:
    """A link out of the tree (to a journey with an unvalidated stage), a folder named
    like a journey file and a dangling link, on both sides; the branch only edits
    fine.yml. validate fails alike on both sides; diff blames the branch for nothing."""
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere, "shared.yml", UNVALIDATED)
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", FINE)
    (root / "journeys" / "shared.yml").symlink_to(elsewhere / "shared.yml")
    write(root, "journeys/archive.yml/old.txt", "kept for the record\n")
    (root / "journeys" / "draft.yml").symlink_to("old-draft.yml")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/fine.yml", FINE.replace("assumption: x", "assumption: y"))
    commit_all(root, "reword")

    validated = check(None, settings_at(root), REAL_TODAY)  # `journeymap validate`
    assert validated.failed(strict=False)
    failing = sorted((f.file, f.code) for f in validated.findings)
    assert [file for file, _ in failing] == [
        "journeys/archive.yml",
        "journeys/draft.yml",
        "journeys/shared.yml",
    ]
    shown = Shown.of(diff := git_diff(root))
    assert not diff.failed
    result = shown.json
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("fine", "changed")]
    assert result["findings"]["introduced"] == []
    assert sorted((f["file"], f["code"]) for f in result["findings"]["pre_existing"]) == failing
    assert "1 journey changed." in shown.markdown and "added" not in shown.markdown


def test_a_second_link_to_one_file_is_the_same_finding_on_both_sides(tmp_path: Path) -> None:
    """validate checks a file once however many links lead to it, and names the second
    link as a second name: the base does the same, so the change introduces nothing."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", FINE)
    (root / "journeys" / "same.yml").symlink_to("fine.yml")
    write(root, "journeys/other.yml", FINE)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/other.yml", FINE.replace("assumption: x", "assumption: y"))
    commit_all(root, "reword")
    diff = git_diff(root)
    assert not diff.failed
    assert [(j.id, j.change) for j in diff.journeys] == [("other", "changed")]


def test_a_dangling_link_the_branch_makes_readable_is_a_new_journey(tmp_path: Path) -> None:
    """The link is unchanged, but the file it points to is new: its stage is the branch's."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", FINE)
    (root / "journeys" / "draft.yml").symlink_to("../drafts/draft.yml")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "drafts/draft.yml", UNVALIDATED)
    commit_all(root, "write the draft")
    result = Shown.of(diff := git_diff(root)).json
    assert diff.failed
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("draft", "added")]
    assert finding_keys(result["findings"]["introduced"]) == [
        ("unvalidated-stage", "journeys/draft.yml", "draft", "s")
    ]


# --- a second name of a journey: a duplicate, added or removed ---------------------------

# `invoice-email`: a contradicting ticket and a supporting interview -> contested;
# `pay`: no evidence -> unvalidated. 1 of 2 stages with customer evidence.
TWO_STAGES = "\ntitle: First invoice\nstages:" + BILLING_STAGES
# `call`: supported -> confirmed. 1 of 1 stage with customer evidence.
SUPPORT = f"""
title: Contact support
stages:
  - id: call
    title: Call the helpline
    assumption: Customers find the number.
    evidence:
      - kind: interview
        summary: All five found it.
        source: Support interviews
        date: {RECENT}
        stance: supports
"""


def repo(tmp_path: Path) -> Path:
    """main holds billing and support; a branch `feature` is checked out."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/support.yml", SUPPORT)
    write(root, "journeys/billing.yml", TWO_STAGES)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def with_alias(tmp_path: Path) -> Path:
    """main: billing.yml, alias.yml -> billing.yml (a link: validate's duplicate-id)."""
    root = repo(tmp_path)
    git(root, "checkout", "-q", "main")
    (root / "journeys" / "alias.yml").symlink_to("billing.yml")
    commit_all(root, "a second name")
    git(root, "checkout", "-q", "feature")
    git(root, "reset", "-q", "--hard", "main")
    return root


def no_journey_changes(diff: Diff) -> None:
    summary = json_format.document(diff)["summary"]
    assert diff.journeys == ()
    assert (summary["journeys_removed"], summary["journeys_added"]) == (0, 0)
    assert (summary["disagreement_removed"], summary["stages_changed"]) == (0, 0)
    # billing (1 of 2) and support (1 of 1), the duplicate not counted twice
    assert (summary["coverage_before"], summary["coverage_after"]) == (0.6667, 0.6667)


@pytest.mark.parametrize("base", ["git", "folder"])
def test_removing_a_link_to_a_journey_removes_a_duplicate(tmp_path: Path, base: str) -> None:
    root = with_alias(tmp_path)
    if base == "folder":  # the same base as a folder: its link is a link there too
        shutil.copytree(root / "journeys", tmp_path / "base" / "journeys", symlinks=True)
    (root / "journeys" / "alias.yml").unlink()
    diff = folder_diff(root, tmp_path / "base") if base == "folder" else git_diff(root)
    assert not diff.failed
    no_journey_changes(diff)
    shown = Shown.of(diff)
    result: dict[str, Any] = shown.json
    assert result["duplicates"] == [
        {
            "file": "journeys/alias.yml",
            "change": "removed",
            "of": {"id": "billing", "file": "journeys/billing.yml"},
            "file_kept": False,
        }
    ]
    assert result["summary"]["duplicates_removed"] == 1
    assert finding_keys(result["findings"]["resolved"]) == [
        ("duplicate-id", "journeys/alias.yml", "alias", None)
    ]
    assert (
        "No journey changed; duplicate of billing removed: journeys/alias.yml (billing stays, "
        "read from journeys/billing.yml)."
    ) in shown.text
    assert (
        "**No stage changes status.** No journey changed; duplicate of billing removed: "
        "journeys\\/alias\\.yml (billing stays, read from journeys\\/billing\\.yml)."
    ) in shown.markdown
    for out in (shown.text, shown.markdown):
        assert "Disagreement removed" not in out
        assert "journey removed" not in out
        assert "alias / " not in out
        assert "Fixed: 1 failing finding of the base no longer occur" in out


def test_adding_a_link_to_a_journey_adds_a_duplicate(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "journeys" / "alias.yml").symlink_to("billing.yml")
    shown = Shown.of(diff := git_diff(root))
    assert diff.failed  # a duplicate-id error, new: the gate fails
    no_journey_changes(diff)
    assert shown.json["duplicates"] == [
        {
            "file": "journeys/alias.yml",
            "change": "added",
            "of": {"id": "billing", "file": "journeys/billing.yml"},
            "file_kept": False,
        }
    ]
    assert finding_keys(shown.json["findings"]["introduced"]) == [
        ("duplicate-id", "journeys/alias.yml", "alias", None)
    ]
    told = (
        "No journey changed; duplicate of billing added: {} repeats the journey read from {} "
        "(a duplicate-id error)."
    )
    assert told.format("journeys/alias.yml", "journeys/billing.yml") in shown.text
    assert told.format("journeys\\/alias\\.yml", "journeys\\/billing\\.yml") in shown.markdown
    for out in (shown.text, shown.markdown):
        assert "journey added" not in out
        assert "alias / " not in out
