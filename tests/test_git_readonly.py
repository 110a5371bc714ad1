"""Git is only read: `journeymap diff` and `validate --changed-since` never write to the
repository (not even the index git refreshes as it compares), never take its lock, and
never run a program the repository's configuration names, nor fetch for a partial clone.

Real git repositories whose configuration names, for every program the commands
journeymap uses could start, a script that leaves a mark when it runs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from commands import journeymap
from git_helpers import RECENT, commit_all, diff_json, git, init_repo, write

FINE = (
    "title: TITLE\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n"
    f"      - {{kind: interview, summary: s, source: s, date: {RECENT}, stance: supports}}\n"
)


def fine(title: str) -> str:
    return FINE.replace("TITLE", title)


UNVALIDATED = "title: Open\nstages:\n  - id: a\n    title: A\n    assumption: x\n"
UNCHANGED = [f"kept-{number}.yml" for number in range(6)]


def feature_branch(root: Path) -> Path:
    """main: six journeys kept as they are, one edited, one renamed, one deleted. The
    branch commits the edit, the rename and the deletion, adds an untracked journey, and
    leaves the six touched but unchanged (stat information git wants to refresh)."""
    init_repo(root)
    for name in UNCHANGED:
        write(root, f"journeys/{name}", fine(name))
    write(root, "journeys/edited.yml", fine("Edited"))
    write(root, "journeys/old-name.yml", fine("Renamed"))
    write(root, "journeys/gone.yml", fine("Gone"))
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/edited.yml", UNVALIDATED)
    git(root, "mv", "journeys/old-name.yml", "journeys/new-name.yml")
    git(root, "rm", "-q", "journeys/gone.yml")
    commit_all(root, "edit, rename, delete")
    write(root, "journeys/untracked.yml", fine("Untracked"))
    touch_unchanged(root)
    return root


def touch_unchanged(root: Path) -> None:
    for name in UNCHANGED:
        path = root / "journeys" / name
        later = path.stat().st_mtime_ns + 5_000_000_000
        os.utime(path, ns=(later, later))


def index_state(index: Path) -> tuple[bytes, int, int]:
    status = index.stat()
    return index.read_bytes(), status.st_mtime_ns, status.st_ino


def what_journeymap_says(root: Path) -> None:
    """The right answers, for the branch `feature_branch` makes: the touched files are
    unchanged, the rest is told as it is."""
    code, result, err = diff_json(root, "--base", "main")
    assert code == 1, err
    assert sorted((j["id"], j["change"], j["renamed_from"]) for j in result["journeys"]) == [
        ("edited", "changed", None),
        ("gone", "removed", None),
        ("new-name", "changed", {"id": "old-name", "file": "journeys/old-name.yml"}),
        ("untracked", "added", None),
    ]
    code, out, err = journeymap("validate", "--changed-since", "main", cwd=root)
    assert code == 1, err
    assert "findings of the 3 of 9 journey files that differ" in err
    assert "kept-" not in out


@pytest.mark.parametrize("where", ["checkout", "linked-worktree"])
def test_the_index_is_never_written_nor_locked(tmp_path: Path, where: str) -> None:
    """`git diff` against the working tree refreshes the stat information of the touched
    files and writes the index back (GIT_OPTIONAL_LOCKS=0 does not stop it), taking
    index.lock: a `git add` at that moment would fail. journeymap leaves the index as it
    was, byte for byte, and works as well while someone else holds its lock."""
    root = feature_branch(tmp_path / "repo")
    if where == "linked-worktree":
        git(root, "worktree", "add", "-q", "--detach", str(tmp_path / "linked"), "feature")
        shutil.copy(root / "journeys" / "untracked.yml", tmp_path / "linked" / "journeys")
        root = tmp_path / "linked"
        touch_unchanged(root)
    index = root / git(root, "rev-parse", "--git-path", "index").strip()
    before = index_state(index)
    what_journeymap_says(root)
    assert index_state(index) == before
    lock = index.with_name("index.lock")
    lock.write_bytes(b"held by someone else's git add\n")
    held = lock.stat()
    try:
        what_journeymap_says(root)
        assert (lock.read_bytes(), lock.stat().st_mtime_ns, lock.stat().st_ino) == (
            b"held by someone else's git add\n",
            held.st_mtime_ns,
            held.st_ino,
        )
    finally:
        lock.unlink()
    assert index_state(index) == before
    assert git(root, "status", "--porcelain", "--", "journeys") == "?? journeys/untracked.yml\n"


# --- no program from the configuration ---------------------------------------------------

#: Every setting naming a program that git could run for some command, with what it is.
PROGRAMS = {
    "core.fsmonitor": "fsmonitor",
    "filter.mark.clean": "clean-filter",
    "filter.mark.process": "process-filter",
    "filter.mark.smudge": "smudge-filter",
    "diff.mark.textconv": "textconv",
    "diff.mark.command": "diff-driver",
    "diff.external": "external-diff",
    "merge.mark.driver": "merge-driver",
    "core.pager": "pager",
    "pager.diff": "diff-pager",
    "core.editor": "editor",
    "sequence.editor": "sequence-editor",
    "gpg.program": "gpg",
    "core.sshCommand": "ssh",
    "core.askPass": "askpass",
    "credential.helper": "credential-helper",
    "core.alternateRefsCommand": "alternate-refs",
    "remote.origin.uploadpack": "upload-pack",
    "remote.origin.receivepack": "receive-pack",
}
HOOKS = ["post-index-change", "post-checkout", "pre-commit", "reference-transaction"]


def marking(bin_folder: Path, marks: Path, name: str) -> Path:
    """A program that appends its name to `marks` and passes its input through."""
    bin_folder.mkdir(exist_ok=True)
    program = bin_folder / name
    program.write_text(f'#!/bin/sh\necho "{name} $*" >> "{marks}"\ncat\n', encoding="utf-8")
    program.chmod(0o755)
    return program


def configure_every_program(root: Path, marks: Path, via_include: bool) -> None:
    """The repository's configuration names a marking program for each of PROGRAMS and
    a marking hook for each of HOOKS; the journey files use the filter, diff and merge
    drivers (`filter.mark.required`, so git would fail rather than skip it). With
    `via_include`, all of it is in a file that .git/config includes."""
    programs = root.parent / "programs"
    lines = ['[filter "mark"]\n\trequired = true\n']
    for key, name in PROGRAMS.items():
        program = marking(programs, marks, name)
        section, _, variable = key.rpartition(".")
        head, _, sub = section.partition(".")
        # a credential helper starting with "!" is a shell command, not a git-credential-*
        value = f"!{program}" if key == "credential.helper" else str(program)
        lines.append(f'[{head} "{sub}"]\n' if sub else f"[{head}]\n")
        lines.append(f"\t{variable} = {value}\n")
    hooks = root.parent / "hooks"
    for hook in HOOKS:
        marking(hooks, marks, hook)
    write(root, ".gitattributes", "*.yml filter=mark diff=mark merge=mark\n")
    git(root, "add", ".gitattributes")
    git(root, "commit", "-q", "-m", "attributes")
    config = "".join(lines)
    if via_include:
        included = root.parent / "included.gitconfig"
        included.write_text(config + f"[core]\n\thooksPath = {hooks}\n", encoding="utf-8")
        git(root, "config", "include.path", str(included))
    else:
        with (root / ".git" / "config").open("a", encoding="utf-8") as file:
            file.write(config)
        for hook in HOOKS:
            shutil.copy(hooks / hook, root / ".git" / "hooks" / hook)
    git(root, "config", "remote.origin.url", str(root))


@pytest.mark.parametrize("via_include", [False, True], ids=["git-config", "included-file"])
def test_no_program_the_configuration_names_runs(tmp_path: Path, via_include: bool) -> None:
    """On the code before: the fsmonitor hook ran four times and the clean filter twice
    (diff, then --changed-since), and post-index-change when the index was written."""
    root = feature_branch(tmp_path / "repo")
    marks = tmp_path / "ran.txt"
    configure_every_program(root, marks, via_include)
    touch_unchanged(root)
    marks.unlink(missing_ok=True)  # committing the attributes ran some of them: git's own
    what_journeymap_says(root)
    for output in ("text", "markdown"):
        code, _, err = journeymap("diff", "--base", "main", "-f", output, cwd=root)
        assert code == 1, err
    assert not marks.exists(), marks.read_text(encoding="utf-8")


# --- a partial clone is not fetched from -------------------------------------------------


def partial_clone(tmp_path: Path) -> tuple[Path, Path]:
    """A clone with `--filter=blob:none` of a repository whose main edits a journey: the
    clone lacks the first version's blob. Its remote's upload-pack leaves a mark."""
    server = init_repo(tmp_path / "server")
    write(server, "journeys/billing.yml", fine("First"))
    commit_all(server, "first")
    write(server, "journeys/billing.yml", UNVALIDATED)
    commit_all(server, "second")
    git(server, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--filter=blob:none", "--no-local", f"file://{server}", "clone")
    marks = tmp_path / "ran.txt"
    upload_pack = marking(tmp_path / "programs", marks, "upload-pack")
    upload_pack.write_text(
        f'#!/bin/sh\necho "upload-pack $*" >> "{marks}"\nexec git-upload-pack "$@"\n',
        encoding="utf-8",
    )
    git(clone, "config", "remote.origin.uploadpack", str(upload_pack))
    return clone, marks


def objects(clone: Path) -> list[str]:
    return sorted(str(p) for p in (clone / ".git" / "objects").rglob("*") if p.is_file())


def test_a_partial_clone_is_never_fetched_from(tmp_path: Path) -> None:
    """The base's blob is not in the clone: git would fetch it, writing to the repository
    and running the transport (upload-pack, ssh, a credential helper). journeymap says
    what is missing and how to get it, and fetches nothing."""
    clone, marks = partial_clone(tmp_path)
    before = objects(clone)
    code, out, err = journeymap("diff", "--base", "HEAD~1", cwd=clone)
    assert (code, out) == (2, ""), err
    assert err.strip() == (
        "journeymap: error: the base's files are not all in this clone (a partial clone "
        "fetches them on demand, and journeymap only reads git: it fetches nothing): clone "
        "without a filter (actions/checkout with `fetch-depth: 0` and no `filter`), or "
        "compare with a folder using --base-dir DIR"
    )
    assert not marks.exists(), marks.read_text(encoding="utf-8")
    assert objects(clone) == before
    # what needs no base blob works: the edited file differs by its id in the tree
    code, out, err = journeymap("validate", "--changed-since", "HEAD~1", cwd=clone)
    assert code == 1, err
    assert "findings of the 1 of 1 journey files that differ" in err
    assert not marks.exists()
    assert objects(clone) == before
