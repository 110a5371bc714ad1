"""`validate --changed-since REF`: annotate only the files a pull request changes.

Real git repositories; every `--format` (SPEC "Command line"). The command runs in this
process (click's runner); one git error also through a process of its own, for the exit
status a workflow sees.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commands import journeymap
from diff_helpers import journeymap_here
from git_helpers import VALIDATED, commit_all, git, init_repo, write

pytestmark = pytest.mark.usefixtures("git_environment")

UNVALIDATED = """
title: Broken
stages:
  - id: a
    title: A
    assumption: x
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: old.yml already failing, fine.yml fine. The branch edits fine.yml to fail
    (committed), edits tweak.yml (uncommitted), adds new.yml untracked and scratch.yml
    ignored; both fail."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/old.yml", UNVALIDATED)
    write(root, "journeys/fine.yml", VALIDATED)
    write(root, "journeys/tweak.yml", VALIDATED)
    write(root, ".gitignore", "journeys/scratch.yml\n")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/fine.yml", UNVALIDATED.replace("Broken", "Fine"))
    commit_all(root, "break fine")
    write(
        root, "journeys/tweak.yml", VALIDATED.replace("kind: survey", "kind: metric")
    )  # a warning
    write(root, "journeys/new.yml", UNVALIDATED)
    write(root, "journeys/scratch.yml", UNVALIDATED)
    return root


def test_only_findings_of_changed_files_are_reported(repo: Path) -> None:
    code, out, err = journeymap_here(
        "validate", "--changed-since", "main", "--format", "json", cwd=repo
    )
    assert code == 1
    files = sorted({(f["file"], f["code"]) for f in json.loads(out)["findings"]})
    assert files == [
        ("journeys/fine.yml", "unvalidated-stage"),
        ("journeys/new.yml", "unvalidated-stage"),
        ("journeys/tweak.yml", "metrics-only"),
    ]
    assert "findings of the 3 of 5 journey files that differ from the merge-base" in err
    # without the option every file is reported, the ignored and the unchanged too
    _, out, _ = journeymap_here("validate", "--format", "json", cwd=repo)
    assert {f["file"] for f in json.loads(out)["findings"]} == {
        "journeys/fine.yml",
        "journeys/new.yml",
        "journeys/old.yml",
        "journeys/scratch.yml",
        "journeys/tweak.yml",
    }


def test_exit_status_comes_from_the_reported_findings(repo: Path) -> None:
    for name in ("fine.yml", "new.yml"):
        write(repo, f"journeys/{name}", VALIDATED)
    code, out, _ = journeymap_here("validate", "--changed-since", "main", cwd=repo)
    assert code == 0  # old.yml and scratch.yml still fail, but this change did not touch them
    assert "old.yml" not in out and "scratch.yml" not in out
    assert "journeys/tweak.yml:3:5: warning metrics-only" in out
    assert (
        journeymap_here("validate", "--changed-since", "main", "--strict", cwd=repo).returncode == 1
    )
    assert journeymap_here("validate", cwd=repo).returncode == 1


@pytest.mark.parametrize("output_format", ["text", "github", "json", "sarif"])
def test_every_format_shows_only_changed_files(repo: Path, output_format: str) -> None:
    code, out, _ = journeymap_here(
        "validate", "--changed-since", "main", "--format", output_format, cwd=repo
    )
    assert code == 1
    assert "fine.yml" in out and "new.yml" in out and "tweak.yml" in out
    assert "old.yml" not in out and "scratch.yml" not in out


@pytest.mark.parametrize(
    ("old", "new", "lands_on"),
    [
        # the second file in order gets the finding: here the new one...
        ("dup.yaml", "dup.yml", "journeys/dup.yml"),
        # ...and here the unchanged one, which the change made a duplicate all the same
        ("dup.yml", "dup.yaml", "journeys/dup.yml"),
    ],
)
def test_rules_that_span_files_still_see_the_whole_folder(
    tmp_path: Path, old: str, new: str, lands_on: str
) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, f"journeys/{old}", VALIDATED)
    write(root, "journeys/other.yml", UNVALIDATED)
    commit_all(root, "main")
    write(root, f"journeys/{new}", VALIDATED)  # untracked: new in this change
    code, out, _ = journeymap_here(
        "validate", "--changed-since", "main", "--format", "json", cwd=root
    )
    findings = json.loads(out)["findings"]
    assert code == 1
    assert [(f["code"], f["file"], f["journey"]) for f in findings] == [
        ("duplicate-id", lands_on, "dup")
    ]


def test_git_errors_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "journeys/fine.yml", VALIDATED)
    code, out, err = journeymap("validate", "--changed-since", "main", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert "is not in a git repository" in err
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", VALIDATED)
    commit_all(root, "main")
    code, out, err = journeymap_here("validate", "--changed-since", "origin/main", cwd=root)
    assert (code, out) == (2, "")
    assert err.strip() == (
        "journeymap: error: origin/main is not a known revision; check the name (a branch, "
        "tag or commit), or pass another one to --changed-since"
    )


def test_a_linked_journey_whose_target_changed_is_reported(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "shared/source.yml", VALIDATED)
    (root / "journeys").mkdir()
    (root / "journeys" / "linked.yml").symlink_to("../shared/source.yml")
    write(root, "journeys/other.yml", UNVALIDATED)
    commit_all(root, "main")
    write(root, "shared/source.yml", UNVALIDATED)
    code, out, _ = journeymap_here(
        "validate", "--changed-since", "main", "--format", "json", cwd=root
    )
    assert code == 1
    assert [(f["code"], f["file"]) for f in json.loads(out)["findings"]] == [
        ("unvalidated-stage", "journeys/linked.yml")
    ]


@pytest.mark.parametrize(
    ("setup", "ref", "advice"),
    [
        ("plain", "main", "or leave out --changed-since to report every file"),
        (
            "repo",
            "nope",
            "check the name (a branch, tag or commit), or pass another one to --changed-since",
        ),
        ("no-commit", "main", "main is not a known revision"),
        ("orphan", "main", "pass --changed-since with the branch this one was started from"),
    ],
)
def test_git_errors_name_the_options_of_validate(
    tmp_path: Path, setup: str, ref: str, advice: str
) -> None:
    """The advice names `validate`'s own option, never `diff`'s --base or --base-dir."""
    root = tmp_path / "plain" if setup == "plain" else init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", VALIDATED)
    if setup in ("repo", "orphan"):
        commit_all(root, "main")
    if setup == "orphan":
        git(root, "checkout", "-q", "--orphan", "other")
        commit_all(root, "unrelated history")
    code, out, err = journeymap_here("validate", "--changed-since", ref, cwd=root)
    assert (code, out) == (2, "")
    assert advice in err
    assert "--base" not in err
    assert len(err.strip().splitlines()) == 1


def test_journeys_outside_the_work_tree_are_refused_as_diff_refuses_them(tmp_path: Path) -> None:
    """Git tracks nothing there, so no file of it "differs": the code before reported
    "0 of 2 journey files differ… Passes" over a failing journey. Both commands refuse
    with the same sentence, each naming its own way out; so does a file named outside."""
    write(tmp_path / "outside", "a.yml", UNVALIDATED)
    write(tmp_path / "outside", "b.yml", UNVALIDATED)
    root = init_repo(tmp_path / "repo")
    write(
        root, "mkdocs.yml", "site_name: S\nplugins:\n  - journeymap:\n      journeys: ../outside\n"
    )
    commit_all(root, "main")
    refusal = (
        "journeymap: error: the journeys folder ../outside (set by mkdocs.yml) is outside the "
        f"git repository {root}, so git cannot tell what changed in it: move it into the "
        "repository, or "
    )
    code, out, err = journeymap_here("validate", "--changed-since", "main", cwd=root)
    assert (code, out) == (2, "")
    assert err.strip() == refusal + "leave out --changed-since to report every file"
    code, out, err = journeymap_here("diff", "--base", "main", cwd=root)
    assert (code, out) == (2, "")
    assert err.strip() == refusal + "compare with a folder using --base-dir DIR"
    named = tmp_path / "outside" / "a.yml"
    code, out, err = journeymap_here("validate", "--changed-since", "main", str(named), cwd=root)
    assert (code, out) == (2, "")
    assert f"{named} is outside the git repository" in err
    # a file in the work tree named beside it: still refused, nothing half-reported
    write(root, "journeys/fine.yml", VALIDATED)
    code, out, err = journeymap_here(
        "validate", "--changed-since", "main", "journeys/fine.yml", str(named), cwd=root
    )
    assert (code, out) == (2, "")


def test_journeys_in_a_repository_inside_this_one_are_refused_too(tmp_path: Path) -> None:
    """A submodule (or a clone inside the work tree) has changes of its own that this
    repository does not see: `git diff` here says nothing of them."""
    root = init_repo(tmp_path / "repo")
    write(
        root,
        "mkdocs.yml",
        "site_name: S\nplugins:\n  - journeymap:\n      journeys: data/journeys\n",
    )
    commit_all(root, "main")
    data = init_repo(root / "data")
    write(data, "journeys/old.yml", UNVALIDATED)
    commit_all(data, "journeys")
    write(data, "journeys/new.yml", UNVALIDATED)
    for command in (["validate", "--changed-since", "main"], ["diff", "--base", "main"]):
        code, out, err = journeymap_here(*command, cwd=root)
        assert (code, out) == (2, ""), (command, err)
        assert err.startswith(
            "journeymap: error: the journeys folder data/journeys (set by mkdocs.yml) is in "
            f"another git repository ({data}, a submodule or a clone inside {root})"
        ), err
