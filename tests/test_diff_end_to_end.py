"""`journeymap diff` as a user runs it, in its own process, over real git repositories:
the merge-base (not the tip of the base branch), a rename, a shallow clone, and the exit
statuses (0 passes, 1 a failing finding introduced, `--strict` from the flag or the
configuration, 2 with one sentence for usage and git problems).

What the comparison tells is in the golden files (test_diff_golden); these tests prove
what only the command shows. Every expectation is worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from commands import journeymap
from diff_cases import BILLING, RETURNS, SUPPORT, billing_after
from git_helpers import commit_all, diff_json, finding_keys, git, init_repo, short, write


def test_merge_base_not_the_tip_of_the_base_branch(tmp_path: Path) -> None:
    """As `git diff main...`: what main did after the branch started is not this change."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/billing.yml", BILLING)
    commit_all(root, "start")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/returns.yml", RETURNS)
    commit_all(root, "feature adds returns")
    git(root, "checkout", "-q", "main")
    write(root, "journeys/support.yml", SUPPORT)  # main moves on meanwhile
    commit_all(root, "main adds support")
    git(root, "checkout", "-q", "feature")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("returns", "added")]
    assert result["base"] == short(root, "main~1")


def test_renamed_file_is_one_changed_journey_compared_with_its_old_file(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/billing.yml", BILLING)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "mv", "journeys/billing.yml", "journeys/invoices.yml")
    path = root / "journeys" / "invoices.yml"
    path.write_text(path.read_text().replace("title: First invoice", "title: Invoices"))
    commit_all(root, "rename billing to invoices")
    code, result, _ = diff_json(root, "--base", "main")
    # `pay` was unvalidated before the rename and still is: not introduced by it
    assert code == 0
    assert result["journeys"] == [
        {
            "id": "invoices",
            "file": "journeys/invoices.yml",
            "change": "changed",
            "title": "Invoices",
            "renamed_from": {"id": "billing", "file": "journeys/billing.yml"},
            "unreadable": None,
            "error": None,
            "fields_changed": ["title"],
            "coverage_before": 0.5,
            "coverage_after": 0.5,
            "stages": [],
        }
    ]
    assert result["summary"]["new_failures"] == 0
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("unvalidated-stage", "journeys/invoices.yml", "invoices", "pay")
    ]
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert "renamed from billing (journeys\\/billing\\.yml)" in out


def test_shallow_clone_without_the_merge_base_says_fetch_depth_0(tmp_path: Path) -> None:
    origin = init_repo(tmp_path / "origin")
    write(origin, "journeys/billing.yml", BILLING)
    commit_all(origin, "start")
    git(origin, "checkout", "-q", "-b", "feature")
    write(origin, "journeys/billing.yml", billing_after())
    commit_all(origin, "feature work")
    git(origin, "checkout", "-q", "main")
    write(origin, "journeys/returns.yml", RETURNS)
    commit_all(origin, "main moves on")
    clone = tmp_path / "clone"
    # what actions/checkout does by default: one commit deep
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", origin.as_uri(), str(clone))
    git(clone, "checkout", "-q", "feature")
    code, _, err = journeymap("diff", cwd=clone)
    assert code == 2
    assert err.strip() == (
        "journeymap: error: this clone is shallow and the merge-base of origin/main and HEAD "
        "is not in it: fetch the whole history (actions/checkout with `fetch-depth: 0`, or "
        "`git fetch --unshallow`)"
    )
    # a single-branch shallow clone does not even know origin/main
    single = tmp_path / "single"
    git(
        tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", origin.as_uri(), str(single)
    )
    code, _, err = journeymap("diff", "--base", "origin/main", cwd=single)
    assert code == 2
    assert "origin/main is not a known revision; fetch it with `git fetch origin main`" in err
    assert "fetch-depth: 0" in err
    # with the whole history the same diff works
    git(clone, "fetch", "-q", "--unshallow")
    code, result, _ = diff_json(clone)
    assert code == 1
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("billing", "changed")]


def test_exit_status_is_1_only_for_an_introduced_failure_and_strict_counts_warnings(
    tmp_path: Path,
) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/returns.yml", RETURNS)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    path = root / "journeys" / "returns.yml"
    path.write_text(path.read_text().replace("usability-test", "metric"))  # metrics-only
    code, out, err = journeymap("diff", "--base", "main", cwd=root)
    assert (code, err) == (0, "")  # a new warning: reported, not failing
    assert out.rstrip().endswith("No new failing finding: the change passes.")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert finding_keys(result["findings"]["introduced"], "fails") == [
        ("metrics-only", "journeys/returns.yml", "returns", "label", False)
    ]
    code, result, _ = diff_json(root, "--base", "main", "--strict")
    assert code == 1
    assert result["summary"]["new_failures"] == 1
    write(root, "mkdocs.yml", "plugins:\n  - journeymap:\n      strict: true\n")
    assert journeymap("diff", "--base", "main", cwd=root).returncode == 1
    # a new failing finding fails every format alike: `pay` has no evidence
    write(root, "journeys/billing.yml", BILLING)
    for output in ("text", "markdown", "json"):
        assert journeymap("diff", "--base", "main", "-f", output, cwd=root).returncode == 1


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("plain", [], "is not in a git repository"),
        ("repo", ["--base", "main", "--base-dir", "."], "--base and --base-dir name two bases"),
    ],
)
def test_git_and_usage_problems_exit_2_with_one_sentence(
    tmp_path: Path, setup: str, args: list[str], message: str
) -> None:
    """The other problems' sentences are in test_diff_git_base: each one a `GitError`,
    which the command prints like these."""
    if setup == "plain":
        root = tmp_path / "plain"
        write(root, "journeys/returns.yml", RETURNS)
    else:
        root = init_repo(tmp_path / "repo")
        write(root, "journeys/returns.yml", RETURNS)
        commit_all(root, "first")
    code, out, err = journeymap("diff", *args, cwd=root)
    assert code == 2, (out, err)
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
