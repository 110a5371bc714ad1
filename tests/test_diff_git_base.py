"""`journeymap diff` against git, in this process: which commit is the base, what the
working tree is, files git would quote, a configuration in a subfolder, journey files
left in a subfolder, and the sentence for each git problem.

Real git repositories; every expectation is worked out by hand from the files below.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from diff_cases import BILLING, RETURNS, billing_after
from diff_helpers import Shown, folder_diff, git_diff
from git_helpers import RECENT, commit_all, finding_keys, git, init_repo, short, write
from github_markdown import visible
from journeymap.errors import GitError, JourneymapError
from repo_paths import readme_section

pytestmark = pytest.mark.usefixtures("git_environment")
GOLDEN = Path(__file__).resolve().parent / "golden_diff"


def test_default_base_is_the_first_of_origin_main_origin_master_main_master(
    tmp_path: Path,
) -> None:
    origin = init_repo(tmp_path / "origin")
    write(origin, "journeys/billing.yml", BILLING)
    commit_all(origin, "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", origin.as_uri(), str(clone))
    git(clone, "checkout", "-q", "-b", "feature")
    # a local `main` that moved on must not win over origin/main
    git(clone, "branch", "-q", "-f", "main", "HEAD")
    write(clone, "journeys/billing.yml", billing_after())
    commit_all(clone, "feature")
    git(clone, "branch", "-q", "-f", "main", "HEAD")
    diff = git_diff(clone, None)
    assert diff.failed
    assert diff.base.label == short(clone, "origin/main")
    assert diff.base.ref == "origin/main"
    assert [j.id for j in diff.journeys] == ["billing"]


def test_readme_shows_the_markdown_summary_as_the_command_writes_it(tmp_path: Path) -> None:
    """README's "Pull requests" example is the golden pull request, made in git: main
    holds the base; the branch commits billing's edit and support's deletion; returns.yml
    is a new file of the working tree, not committed. Everything but the base's name
    and the day is what the golden files hold."""
    case = GOLDEN / "pull-request"
    root = init_repo(tmp_path / "repo")
    shutil.copytree(case / "base", root, dirs_exist_ok=True, copy_function=shutil.copy)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    shutil.copy(case / "head/journeys/billing.yml", root / "journeys/billing.yml")
    git(root, "rm", "-q", "journeys/support.yml")
    commit_all(root, "research on billing; support journey dropped")
    shutil.copy(case / "head/journeys/returns.yml", root / "journeys/returns.yml")
    diff = git_diff(root, today=dt.date(2026, 11, 26))
    shown = Shown.of(diff)
    assert (shown.json["base"], shown.json["head"]) == (short(root, "main"), "working tree")
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    for key in ("base", "base_ref", "merge_base", "today"):
        del shown.json[key], expected[key]
    assert shown.json == expected

    section = readme_section("Pull requests")
    quoted = [line for line in section.splitlines() if line.startswith(">")]
    readme = "\n".join(line[2:] if line.startswith("> ") else "" for line in quoted)
    # README shows what a reader sees: without the zero-width spaces that keep GitHub from
    # turning `:38:` or the commit into an emoji or a link
    out = visible(shown.markdown).replace(short(root, "main"), "54478a8")
    assert readme == out.rstrip("\n")


def test_odd_file_names_are_read_from_the_base(tmp_path: Path) -> None:
    """Names git would quote, glob characters and a newline: read by object id, listed
    NUL-separated, matched literally."""
    root = init_repo(tmp_path / "repo")
    odd = "we ird [1]*:ö\nname.yml"
    write(root, f"journeys/{odd}", "title: [unclosed\n")  # broken at the base
    write(root, "journeys/sta*ble.yml", "title: [unclosed\n")  # broken, never touched
    write(root, "journeys/returns.yml", RETURNS)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, f"journeys/{odd}", "title: [closed]\n")  # parses now; still not a journey
    result = Shown.of(diff := git_diff(root)).json
    assert diff.failed  # the name is not a valid journey id, and stages are missing
    resolved = finding_keys(result["findings"]["resolved"])
    assert resolved == [("yaml-syntax", f"journeys/{odd}", "we ird [1]*:ö\nname", None)]
    pre = finding_keys(result["findings"]["pre_existing"])
    assert ("yaml-syntax", "journeys/sta*ble.yml", "sta*ble", None) in pre
    assert all(f["file"] != "journeys/sta*ble.yml" for f in result["findings"]["introduced"])


def test_config_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "docs-site/mkdocs.yml", "plugins:\n  - journeymap:\n      journeys: maps\n")
    write(root, "docs-site/maps/billing.yml", BILLING)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "docs-site/maps/billing.yml", billing_after())
    diff = git_diff(root, config="docs-site/mkdocs.yml")
    assert diff.failed
    assert [(j.id, j.file) for j in diff.journeys] == [("billing", "maps/billing.yml")]
    assert diff.status_changes() == {"contested->confirmed": 1, "unvalidated->confirmed": 1}


SUPPORTS = (
    f"{{kind: interview, summary: Read it at once, source: Notes 1, date: {RECENT}, "
    "stance: supports}"
)
CONTRADICTS = (
    f"{{kind: complaint, summary: Never saw it, source: Complaints 7, date: {RECENT}, "
    "stance: contradicts}"
)


def two_stages(one: list[str], two: list[str]) -> str:
    """Journey `j`: stage `one` with `one`'s evidence, stage `two` with `two`'s."""
    return (
        "title: Invoices\nstages:\n"
        "  - id: one\n    title: Read the invoice\n    assumption: Customers read the invoice.\n"
        "    evidence:\n" + "".join(f"      - {item}\n" for item in one) + "  - id: two\n"
        "    title: Pay it\n    assumption: Customers pay on time.\n"
        "    evidence:\n" + "".join(f"      - {item}\n" for item in two)
    )


def test_a_journey_left_in_a_subfolder_is_old_news_until_one_is_added(tmp_path: Path) -> None:
    """A journey file in a subfolder is a finding (it is not read); one the base had too is
    not the change's doing, whether compared with git or with a folder."""
    root = init_repo(tmp_path / "repo")
    text = two_stages([SUPPORTS], [SUPPORTS])
    write(root, "journeys/j.yml", text)
    write(root, "journeys/archive/old.yml", text)
    commit_all(root, "base")
    git(root, "checkout", "-q", "-b", "change")
    write(root, "journeys/j.yml", two_stages([SUPPORTS, CONTRADICTS], [SUPPORTS]))
    result = Shown.of(diff := git_diff(root)).json
    assert not diff.failed
    assert finding_keys(result["findings"]["introduced"]) == [
        ("assumption-contested", "journeys/j.yml", "j", "one")
    ]
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("schema", "journeys/archive/old.yml", "old", None)
    ]
    # edited where it lies: still the same finding, not a journey added
    write(root, "journeys/archive/old.yml", text + "# kept for the record\n")
    diff = git_diff(root)
    assert not diff.failed and diff.findings.pre_existing != ()
    # moved up, as the finding says: the finding is fixed and the journey added
    (root / "journeys/archive/old.yml").rename(root / "journeys/old.yml")
    result = Shown.of(diff := git_diff(root)).json
    assert not diff.failed
    assert finding_keys(result["findings"]["resolved"]) == [
        ("schema", "journeys/archive/old.yml", "old", None)
    ]
    (root / "journeys/old.yml").rename(root / "journeys/archive/old.yml")
    shutil.copytree(root, tmp_path / "base", ignore=shutil.ignore_patterns(".git"))
    write(root, "journeys/archive/2025/new.yml", text)
    result = Shown.of(diff := folder_diff(root, tmp_path / "base")).json
    assert diff.failed
    assert finding_keys(result["findings"]["introduced"]) == [
        ("schema", "journeys/archive/2025/new.yml", "new", None)
    ]
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("schema", "journeys/archive/old.yml", "old", None)
    ]


@pytest.mark.parametrize(
    ("setup", "base", "message"),
    [
        (
            "clone",
            "origin/nope",
            "origin/nope is not a known revision; fetch it with `git fetch origin nope` or pass --base",
        ),
        ("repo", "nope", "nope is not a known revision; check the name"),
        ("repo", "--output=x", "--output=x is not a known revision"),
        (
            "bare-branch",
            None,
            "none of origin/main, origin/master, main, master is a known revision",
        ),
        ("no-commit", "main", "main is not a known revision"),
        ("orphan", "main", "main and HEAD have no history in common"),
    ],
)
def test_git_problems_are_one_sentence(
    tmp_path: Path, setup: str, base: str | None, message: str
) -> None:
    """Each a `GitError`: the command prints it on one line and exits 2 (test_diff_end_to_end)."""
    if setup == "clone":
        origin = init_repo(tmp_path / "origin")
        write(origin, "journeys/returns.yml", RETURNS)
        commit_all(origin, "main")
        root = tmp_path / "clone"
        git(tmp_path, "clone", "-q", origin.as_uri(), str(root))
    else:
        root = init_repo(tmp_path / "repo")
        write(root, "journeys/returns.yml", RETURNS)
        if setup != "no-commit":
            commit_all(root, "first")
        if setup == "bare-branch":
            git(root, "branch", "-q", "-m", "main", "trunk")
        if setup == "orphan":
            git(root, "checkout", "-q", "--orphan", "other")
            commit_all(root, "unrelated history")
    with pytest.raises(GitError) as raised:
        git_diff(root, base)
    error: JourneymapError = raised.value
    assert error.exit_status == 2
    assert message in str(error)
    assert "\n" not in str(error)
