"""Which files make the portfolio is one set of rules, on disk and at a git revision.

The same folder, as a checkout on disk and as a commit, gives the same sources: the same
names, the same second names of one file (links, chains of links, links through a linked
folder, a link to a file in a subfolder), the same files in subfolders, the same links
out of the repository, the same unreadable entries. So `journeymap diff --base REF` sees
at the base what `journeymap validate` would see there, as `--base-dir` does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path, PurePosixPath

from commands import journeymap
from git_helpers import RECENT, commit_all, git, init_repo, write
from journey_helpers import settings_for
from journeymap.sources.discovery import Source, discover, sources_in
from journeymap.sources.git import open_repo
from journeymap.sources.git_tree import GitTree

FINE = (
    "title: Fine\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n"
    f"      - {{kind: interview, summary: s, source: s, date: {RECENT}, stance: supports}}\n"
)


def layout(root: Path, elsewhere: Path, unreadable: bool = True) -> None:
    """Every kind of entry a journeys folder can hold that git can hold too (without
    `unreadable`, only those git can give as a file)."""
    write(root, "mkdocs.yml", "site_name: t\nplugins: [journeymap]\n")
    write(root, "journeys/billing.yml", FINE)
    write(root, "journeys/upper.YML", FINE)  # misnamed: a finding saying to rename it
    write(root, "journeys/.hidden.yml", FINE)  # hidden: not a source
    write(root, "journeys/sub/deep/x.yml", FINE)  # in a subfolder: not read, reported
    write(root, "journeys/.drafts/y.yml", FINE)  # in a hidden folder: not a source
    write(root, "shared/s.yml", FINE)
    links = {
        "journeys/alias.yml": "billing.yml",  # a second name
        "journeys/chain.yml": "alias.yml",  # a second name, through another link
        "journeys/through.yml": "../linked/billing.yml",  # through a linked folder
        "linked": "journeys",
        "journeys/to-nested.yml": "sub/deep/x.yml",  # a second name of a file in a subfolder
        "journeys/s2.yml": "../shared/s.yml",  # a journey read through a link in the tree
        "journeys/out.yml": str(elsewhere / "secret.yml"),  # out of the repository
        "journeys/up.yml": "../../secret.yml",  # climbs out of the repository
    }
    if unreadable:
        write(root, "journeys/archive.yml/old.txt", "kept\n")  # a folder named like a journey
        write(root, "journeys/sub.yml/z.yml", FINE)  # in a folder that is a source itself
        links["journeys/dangling.yml"] = "nothing.yml"
        links["journeys/loop.yml"] = "loop.yml"
        links["journeys/sub/folder.yml"] = "../archive.yml"  # in a subfolder, to a folder
    for link, target in links.items():
        (root / link).symlink_to(target)


def shown(sources: list[Source]) -> list[tuple[str, str | None, bool, bool]]:
    return sorted((s.display, s.same_as, s.nested, s.refused is not None) for s in sources)


def test_a_folder_on_disk_and_in_a_commit_gives_the_same_sources(tmp_path: Path) -> None:
    elsewhere = write(tmp_path / "elsewhere", "secret.yml", FINE).parent
    root = init_repo(tmp_path / "repo")
    layout(root, elsewhere)
    commit = commit_all(root, "main")

    on_disk = discover(None, settings_for(root))
    tree = GitTree(open_repo(root), commit)
    in_git = sources_in(
        tree, "journeys", PurePosixPath("journeys"), lambda relative: root / "journeys" / relative
    )
    assert shown(in_git) == shown(on_disk)
    assert shown(on_disk) == [
        ("journeys/alias.yml", "journeys/billing.yml", False, False),
        ("journeys/archive.yml", None, False, False),
        ("journeys/billing.yml", None, False, False),
        ("journeys/chain.yml", "journeys/billing.yml", False, False),
        ("journeys/dangling.yml", None, False, False),
        ("journeys/loop.yml", None, False, False),
        ("journeys/out.yml", None, False, True),
        ("journeys/s2.yml", None, False, False),
        ("journeys/sub.yml", None, False, False),
        ("journeys/sub/deep/x.yml", None, True, False),
        ("journeys/sub/folder.yml", "journeys/archive.yml", True, False),
        ("journeys/through.yml", "journeys/billing.yml", False, False),
        ("journeys/to-nested.yml", "journeys/sub/deep/x.yml", False, False),
        ("journeys/up.yml", None, False, True),
        ("journeys/upper.YML", None, False, False),
    ]
    # the files git reads are the files the disk holds
    read = tree.read(["journeys/billing.yml", "journeys/s2.yml", "journeys/dangling.yml"])
    assert read == {
        "journeys/billing.yml": FINE.encode(),
        "journeys/s2.yml": FINE.encode(),
        "journeys/dangling.yml": None,
    }


def test_the_base_in_git_is_the_base_as_a_folder(tmp_path: Path) -> None:
    """A change that empties the journeys folder: every file of the base is discovered and
    read from git, and `diff --base` says what `diff --base-dir` says of a copy of it.
    (Entries git cannot give as a file, a folder or a link to nothing, are left out: a git
    base that the change replaces has no file for them.)"""
    elsewhere = write(tmp_path / "elsewhere", "secret.yml", FINE).parent
    root = init_repo(tmp_path / "repo")
    layout(root, elsewhere, unreadable=False)
    commit_all(root, "main")
    base = init_repo(tmp_path / "base")  # links out of it are judged as in a repository
    layout(base, elsewhere, unreadable=False)
    git(root, "checkout", "-q", "-b", "feature")
    shutil.rmtree(root / "journeys")
    (root / "journeys").mkdir()
    commit_all(root, "remove every journey")

    results = []
    for option, value in (("--base", "main"), ("--base-dir", str(base))):
        code, out, err = journeymap("diff", "--format", "json", option, value, cwd=root)
        assert code in (0, 1), err
        result = json.loads(out)
        results.append({key: result[key] for key in ("journeys", "findings", "summary")})
    in_git, in_folder = results
    assert in_git == in_folder
    removed = [journey["id"] for journey in in_git["journeys"]]
    assert "through" not in removed and "to-nested" not in removed  # second names
    assert "billing" in removed and "s2" in removed
