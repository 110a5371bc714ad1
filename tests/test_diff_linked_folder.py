"""`journeymap diff` where the journeys folder, or a folder on the way to it, is a
symbolic link on one side and a real folder on the other, or links to different places:
the journeys are the same journeys, and only what the change does to them is told.

Also a journeys folder the change moves behind a link, or that the configuration moves.
Real git repositories (and base folders), in this process; every expectation is worked
out by hand from the files below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from diff_helpers import Shown, folder_diff, git_diff
from git_helpers import BILLING_STAGES, RECENT, commit_all, finding_keys, git, init_repo, write
from journeymap.errors import GitError

pytestmark = pytest.mark.usefixtures("git_environment")

# invoice-email: a contradicting ticket and a supporting interview (contested); pay:
# no evidence (unvalidated, failing on both sides).
BILLING = "title: First invoice\nstages:" + BILLING_STAGES
TICKET = {
    "kind": "support-ticket",
    "stance": "contradicts",
    "summary": "38 tickets asked whether the invoice email was phishing.",
    "study": None,
}


def without_ticket(text: str) -> str:
    """BILLING with the contradicting support ticket deleted (invoice-email: confirmed)."""
    start = text.index("      - kind: support-ticket")
    end = text.index("      - kind: interview")
    return text[:start] + text[end:]


def assert_only_the_ticket_went(root: Path, file: str = "journeys/billing.yml") -> None:
    """The one change: billing's ticket deleted, shown at `file` (the head's, links
    followed, as validate shows it)."""
    shown = Shown.of(diff := git_diff(root))
    assert not diff.failed
    result = shown.json
    [journey] = result["journeys"]
    assert (journey["id"], journey["file"], journey["change"]) == ("billing", file, "changed")
    [stage] = journey["stages"]
    assert (stage["id"], stage["before"], stage["after"]) == (
        "invoice-email",
        "contested",
        "confirmed",
    )
    assert stage["disagreement_removed"] == [TICKET]
    assert result["summary"]["journeys_added"] == result["summary"]["journeys_removed"] == 0
    assert [f["code"] for f in result["findings"]["pre_existing"]] == ["unvalidated-stage"]
    assert "Disagreement removed" in shown.text and "added" not in shown.text


def test_a_linked_folder_replaced_by_the_real_one(tmp_path: Path) -> None:
    """The issue's example: the base's journeys/ links to data/journeys; the change puts
    the real folder there and deletes the ticket. Told before: "1 journey added (no
    stages before)", and no disagreement removed."""
    root = init_repo(tmp_path / "repo")
    write(root, "data/journeys/billing.yml", BILLING)
    (root / "journeys").symlink_to("data/journeys")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "journeys").unlink()
    git(root, "mv", "data/journeys", "journeys")
    write(root, "journeys/billing.yml", without_ticket(BILLING))
    assert_only_the_ticket_went(root)


def test_a_link_that_now_leads_elsewhere(tmp_path: Path) -> None:
    """journeys -> old/journeys at the base, -> new/journeys after (a copy, edited)."""
    root = init_repo(tmp_path / "repo")
    write(root, "old/journeys/billing.yml", BILLING)
    (root / "journeys").symlink_to("old/journeys")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "new/journeys/billing.yml", without_ticket(BILLING))
    (root / "journeys").unlink()
    (root / "journeys").symlink_to("new/journeys")
    assert_only_the_ticket_went(root, "new/journeys/billing.yml")


@pytest.mark.parametrize("side", ["base", "head"])
def test_a_linked_folder_on_the_way(tmp_path: Path, side: str) -> None:
    """`journeys: docs/journeys`, where docs/ is a link to site-src/ on one side and the
    real folder on the other."""
    root = init_repo(tmp_path / "repo")
    write(
        root,
        "mkdocs.yml",
        "site_name: S\nplugins:\n  - journeymap:\n      journeys: docs/journeys\n",
    )
    if side == "base":
        write(root, "site-src/journeys/billing.yml", BILLING)
        (root / "docs").symlink_to("site-src")
    else:
        write(root, "docs/journeys/billing.yml", BILLING)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    if side == "base":
        (root / "docs").unlink()
        git(root, "mv", "site-src", "docs")
    else:
        git(root, "mv", "docs", "site-src")
        (root / "docs").symlink_to("site-src")
    billing = root / "docs" / "journeys" / "billing.yml"
    billing.write_text(without_ticket(billing.read_text(encoding="utf-8")), encoding="utf-8")
    diff = git_diff(root)
    assert not diff.failed
    [journey] = Shown.of(diff).json["journeys"]
    assert (journey["id"], journey["change"]) == ("billing", "changed")
    assert journey["stages"][0]["disagreement_removed"] == [TICKET]


def test_a_chain_of_links_at_the_base(tmp_path: Path) -> None:
    """journeys -> maps -> data/journeys at the base; the change makes journeys real."""
    root = init_repo(tmp_path / "repo")
    write(root, "data/journeys/billing.yml", BILLING)
    (root / "maps").symlink_to("data/journeys")
    (root / "journeys").symlink_to("maps")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "journeys").unlink()
    (root / "maps").unlink()
    git(root, "mv", "data/journeys", "journeys")
    write(root, "journeys/billing.yml", without_ticket(BILLING))
    assert_only_the_ticket_went(root)


def test_a_base_whose_journeys_folder_links_out_of_the_repository(tmp_path: Path) -> None:
    """Git does not hold that base's journeys: nothing to compare with, said so (not
    "every journey added")."""
    write(tmp_path / "elsewhere", "billing.yml", BILLING)
    root = init_repo(tmp_path / "repo")
    (root / "journeys").symlink_to(tmp_path / "elsewhere")
    write(root, "README.md", "journeys live elsewhere\n")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "journeys").unlink()
    write(root, "journeys/billing.yml", BILLING)
    commit_all(root, "journeys in the repository")
    with pytest.raises(GitError) as raised:
        git_diff(root)
    short = git(root, "rev-parse", "--short", "main").strip()
    assert str(raised.value) == (
        f"at the base ({short}), the journeys folder journeys is a symbolic "
        "link out of the repository, so git does not hold the base's journeys: compare with "
        "a folder using --base-dir DIR"
    )


@pytest.mark.parametrize("side", ["base", "head"])
def test_the_same_against_a_base_folder(tmp_path: Path, side: str) -> None:
    """--base-dir: journeys/ a link to data/journeys in one folder, real in the other."""
    folders = {"base": tmp_path / "base", "head": tmp_path / "project"}
    for name, folder in folders.items():
        text = BILLING if name == "base" else without_ticket(BILLING)
        if name == side:
            write(folder, "data/journeys/billing.yml", text)
            (folder / "journeys").symlink_to("data/journeys")
        else:
            write(folder, "journeys/billing.yml", text)
    diff = folder_diff(folders["head"], folders["base"])
    assert not diff.failed
    [journey] = Shown.of(diff).json["journeys"]
    assert (journey["id"], journey["change"]) == ("billing", "changed")
    assert journey["stages"][0]["disagreement_removed"] == [TICKET]


FINE = (
    "title: Fine\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n"
    f"      - {{kind: interview, summary: Read it at once, source: Notes 1, date: {RECENT}, "
    "stance: supports}\n"
)
UNVALIDATED = "title: Shared\nstages:\n  - id: s\n    title: S\n    assumption: x\n"


def test_a_folder_moved_behind_a_link_changes_nothing(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", FINE)
    write(root, "journeys/shared.yml", UNVALIDATED)  # fails on both sides
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "data").mkdir()
    git(root, "mv", "journeys", "data/journeys")
    (root / "journeys").symlink_to("data/journeys")
    commit_all(root, "move the journeys")
    result = Shown.of(diff := git_diff(root)).json
    assert not diff.failed
    assert result["journeys"] == []
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("unvalidated-stage", "data/journeys/shared.yml", "shared", "s")
    ]
    assert result["findings"]["introduced"] == []


def test_a_folder_the_configuration_moves_is_compared_where_each_side_has_it(
    tmp_path: Path,
) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "mkdocs.yml", "site_name: S\nplugins:\n  - journeymap\n")
    write(root, "journeys/fine.yml", FINE)
    write(root, "journeys/shared.yml", UNVALIDATED)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "mv", "journeys", "maps")
    write(root, "mkdocs.yml", "site_name: S\nplugins:\n  - journeymap:\n      journeys: maps\n")
    write(root, "maps/fine.yml", FINE.replace("assumption: x", "assumption: y"))
    commit_all(root, "journeys are maps now")
    result = Shown.of(diff := git_diff(root)).json
    assert not diff.failed
    assert [(j["id"], j["file"], j["change"]) for j in result["journeys"]] == [
        ("fine", "maps/fine.yml", "changed")
    ]
    assert result["policy_changes"] == [
        {"option": "journeys", "before": "journeys", "after": "maps"}
    ]
    assert result["findings"]["introduced"] == []


def test_the_same_move_against_a_base_folder(tmp_path: Path) -> None:
    base = tmp_path / "base"
    write(base, "journeys/fine.yml", FINE)
    project = tmp_path / "project"
    shutil.copytree(base / "journeys", project / "data" / "journeys")
    (project / "journeys").symlink_to("data/journeys")
    diff = folder_diff(project, base)
    assert not diff.failed
    assert diff.journeys == ()
