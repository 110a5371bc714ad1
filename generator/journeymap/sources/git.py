"""Everything journeymap asks git: the repository, the merge-base, what changed, a file.

Read-only: nothing here writes to the repository, and git runs no program the
repository's configuration names (`Repo.git` runs every command, the plumbing of
`sources.git_tree` that reads the base side's tree included). `git diff` compares the
merge-base with the working tree, and refreshes the stat information of the index as it
does (so a touched-but-unchanged file is not "changed"); it would write that back to
`.git/index`, taking `index.lock`, even with GIT_OPTIONAL_LOCKS=0, so it works on a
private copy of the index that is thrown away.
Every command runs with the programs git could start from its configuration switched
off (`RUN_NOTHING`, and filter drivers found in the configuration), and with
GIT_NO_LAZY_FETCH: a partial clone is never fetched from. Paths travel NUL-separated
and as `:(literal)` pathspecs, so any file name works. Every failure is a `GitError`
whose message is one sentence saying what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from journeymap.errors import GitError
from journeymap.paths import resolved

#: The bases tried, in order, when none is named (SPEC "Changes").
DEFAULT_BASES = ("origin/main", "origin/master", "main", "master")


@dataclass(frozen=True)
class Advice:
    """How the command in use is told to do without git or with another base: each error
    message names that command's own options."""

    base_option: str  # the option that names the revision
    without_git: str  # what to do instead where git cannot help


#: `journeymap diff`: `--base REF`, or a folder with `--base-dir DIR`.
DIFF = Advice("--base", "compare with a folder using --base-dir DIR")
#: `journeymap validate --changed-since REF`: or check every file.
CHANGED_SINCE = Advice("--changed-since", "leave out --changed-since to report every file")

#: Configuration given to every git command, over the repository's own: each program
#: the commands journeymap runs could start from the configuration is off. The pager
#: (`--no-pager`; output is never a terminal either), the fsmonitor hook or daemon, and
#: hooks (`post-index-change` runs when an index is written, even the private copy);
#: a split index would write a shared index beside `.git/index`. `git diff` also gets
#: `--no-ext-diff` (diff.external, diff.<driver>.command) and `--no-textconv`;
#: filter drivers (`filter.<name>.clean`, `.process`) are switched off by name
#: (`Repo.overrides`). Nothing here talks to a remote: GIT_NO_LAZY_FETCH keeps a partial
#: clone from fetching, so no transport runs (core.sshCommand, credential.helper,
#: remote.*.uploadpack, core.askPass, protocol.*); journeymap runs no command that
#: merges, signs, edits or fetches (merge.*.driver, gpg.program, core.editor,
#: core.alternateRefsCommand).
RUN_NOTHING = (
    "--no-pager",
    "-c",
    "core.fsmonitor=false",
    "-c",
    f"core.hooksPath={os.devnull}",
    "-c",
    "core.splitIndex=false",
)

# A generous bound: `git` on a repository of any realistic size answers in seconds.
_TIMEOUT = 300


@dataclass(frozen=True)
class Repo:
    """A git work tree, by its top-level folder, and how errors advise the command in use."""

    root: Path
    advice: Advice = DIFF
    #: `-c` options that switch off each filter driver the configuration names: git
    #: would run its clean command on working-tree files it compares.
    overrides: tuple[str, ...] = ()

    def git(
        self,
        *args: str,
        stdin: bytes | None = None,
        check: bool = True,
        env: Mapping[str, str] | None = None,
    ) -> Completed:
        """Run `git args` at the top level; a failure (with `check`) is a `GitError`."""
        return _run(args, self.root, stdin, check, self.advice, env, self.overrides)

    def is_shallow(self) -> bool:
        return self.git("rev-parse", "--is-shallow-repository").text.strip() == "true"

    def commit(self, revision: str) -> str | None:
        """The commit `revision` names, or None when it names none."""
        if revision.startswith("-"):
            return None
        result = self.git(
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{revision}^{{commit}}",
            check=False,
        )
        return result.text.strip() if result.returncode == 0 else None

    def relative(self, path: Path) -> str | None:
        """`path` relative to the top level, POSIX-style ("" for the top level itself);
        None when it lies outside the work tree."""
        try:
            relative = resolved(path).relative_to(self.root)
        except ValueError:
            return None
        return "" if relative == Path() else relative.as_posix()

    def tracked(self, path: Path, shown: str) -> str:
        """`path` relative to the top level, as `relative`; a `GitError` naming it as
        `shown` when it lies outside the work tree: git tracks nothing there, so no
        change to it can be told (every command that compares with git refuses alike)."""
        relative = self.relative(path)
        if relative is None:
            raise GitError(
                f"{shown} is outside the git repository {self.root}, so git cannot tell "
                f"what changed in it: move it into the repository, or {self.advice.without_git}"
            )
        inner = self.root
        for part in PurePosixPath(relative).parts:  # a submodule, or a repository inside
            inner = inner / part
            if os.path.lexists(inner / ".git"):
                raise GitError(
                    f"{shown} is in another git repository ({inner}, a submodule or a clone "
                    f"inside {self.root}), whose changes this one does not track: run "
                    f"journeymap there, or {self.advice.without_git}"
                )
        return relative


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return os.fsdecode(self.stdout)


@dataclass(frozen=True)
class Base:
    """The base of a comparison: the revision as named, and its merge-base with HEAD."""

    ref: str
    commit: str
    short: str


@dataclass(frozen=True)
class Changes:
    """What differs between a commit and the working tree, as top-level-relative paths.

    `changed` holds every path that differs on either side (modified, added, deleted,
    both ends of a rename, untracked files that are not ignored); `renames` maps the
    old path of each rename git detects to the new one.
    """

    changed: frozenset[str]
    renames: dict[str, str] = field(default_factory=dict)


def open_repo(folder: Path, advice: Advice = DIFF) -> Repo:
    """The git work tree that holds `folder`; errors advise with `advice`."""
    result = _run(["rev-parse", "--show-toplevel"], folder, None, False, advice)
    top = result.text.strip()
    if "dubious ownership" in result.stderr:
        raise GitError(
            f"git refuses to read the repository at {folder}: it belongs to another user; "
            "trust it with `git config --global --add safe.directory <its folder>`"
        )
    if result.returncode != 0 or not top:
        raise GitError(
            f"{folder} is not in a git repository (or its work tree): run journeymap in a "
            f"clone of the repository, or {advice.without_git}"
        )
    root = resolved(Path(top))
    return Repo(root, advice, _filters_off(root, advice))


def _filters_off(root: Path, advice: Advice) -> tuple[str, ...]:
    """`-c` options that switch off every filter driver the configuration names (its
    clean command and long-running process; and `required`, which would make git fail
    without them), so git compares working-tree files as they are on disk."""
    found = _run(
        ["config", "--null", "--name-only", "--get-regexp", r"^filter\..+\.(clean|process)$"],
        root,
        None,
        False,
        advice,
    )
    drivers = {name.rpartition(".")[0] for name in found.text.split("\0") if name}
    options: list[str] = []
    # `-c` splits at the first "=": a driver named with one cannot be named there (and
    # .git/config is the machine's own, never a pull request's)
    for driver in sorted(name for name in drivers if "=" not in name):
        options += ["-c", f"{driver}.clean=", "-c", f"{driver}.process="]
        options += ["-c", f"{driver}.required=false"]
    return tuple(options)


def merge_base(repo: Repo, ref: str | None) -> Base:
    """The merge-base of `ref` (default: the first of DEFAULT_BASES that exists) and HEAD,
    which is what `git diff REF...` and a pull request compare against."""
    if ref is None:
        found = next(
            ((name, commit) for name in DEFAULT_BASES if (commit := repo.commit(name))), None
        )
        if found is None:
            raise GitError(_no_default_base(repo))
        ref, ref_commit = found
    else:
        commit = repo.commit(ref)
        if commit is None:
            raise GitError(_unknown_revision(repo, ref))
        ref_commit = commit
    head = repo.commit("HEAD")
    if head is None:
        raise GitError(
            "HEAD has no commit yet, so there is nothing to compare with: commit first, "
            f"or {repo.advice.without_git}"
        )
    result = repo.git("merge-base", ref_commit, head, check=False)
    if result.returncode != 0 or not result.text.strip():
        if repo.is_shallow():
            raise GitError(
                f"this clone is shallow and the merge-base of {ref} and HEAD is not in it: "
                "fetch the whole history (actions/checkout with `fetch-depth: 0`, or "
                "`git fetch --unshallow`)"
            )
        raise GitError(
            f"{ref} and HEAD have no history in common: pass {repo.advice.base_option} with "
            "the branch this one was started from"
        )
    commit = result.text.strip()
    return Base(ref=ref, commit=commit, short=_short(repo, commit))


def changes(repo: Repo, commit: str, folders: Iterable[str], renames: bool = True) -> Changes:
    """The files under `folders` (top-level-relative) that differ between `commit`
    and the working tree, new untracked (not ignored) files included."""
    specs = _pathspecs(folders)
    with _private_index(repo) as private:
        diff = repo.git(
            "diff",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
            "--ignore-submodules",
            "--name-status",
            "-z",
            "-M" if renames else "--no-renames",
            commit,
            "--",
            *specs,
            env=private,
        )
        untracked = repo.git(
            "ls-files", "-z", "--others", "--exclude-standard", "--", *specs, env=private
        )
    changed: set[str] = set()
    moved: dict[str, str] = {}
    fields = diff.stdout.split(b"\0")
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index].decode("ascii", errors="replace")
        if status[:1] in {"R", "C"}:
            old, new = os.fsdecode(fields[index + 1]), os.fsdecode(fields[index + 2])
            changed.update((old, new) if status[0] == "R" else (new,))
            if status[0] == "R":
                moved[old] = new
            index += 3
        else:
            changed.add(os.fsdecode(fields[index + 1]))
            index += 2
    changed.update(os.fsdecode(path) for path in untracked.stdout.split(b"\0") if path)
    return Changes(frozenset(changed), moved)


@contextmanager
def _private_index(repo: Repo) -> Iterator[dict[str, str]]:
    """The environment that points git at a private copy of the index, thrown away after.

    Comparing with the working tree, git refreshes the index's stat information and
    writes it back (taking `index.lock`, so a `git add` at that moment would fail): on
    the copy, `.git/index` is only read. The copy keeps the index's time, which tells
    git which entries it must not trust by their stat information alone.
    """
    index = repo.root / repo.git("rev-parse", "--git-path", "index").text.rstrip("\n")
    try:
        folder = tempfile.mkdtemp(prefix="journeymap-")
    except OSError as error:
        raise GitError(
            f"cannot make a temporary folder for a copy of git's index "
            f"({error.strerror or error}): set TMPDIR to a folder journeymap can write to"
        ) from None
    try:
        copy = Path(folder) / "index"
        try:
            shutil.copy2(index, copy)
        except FileNotFoundError:
            pass  # no index yet: git starts from an empty one
        except OSError as error:
            raise GitError(f"cannot read git's index {index}: {error.strerror or error}") from None
        yield {"GIT_INDEX_FILE": str(copy)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def show(repo: Repo, commit: str, path: str) -> bytes | None:
    """The bytes of the file at top-level-relative `path` at `commit` (a link followed
    inside the tree); None when there is no such file there."""
    if "\n" in path:
        return None
    result = repo.git(
        "cat-file", "--batch", "--follow-symlinks", stdin=os.fsencode(f"{commit}:{path}\n")
    ).stdout
    header, _, rest = result.partition(b"\n")
    fields = header.split(b" ")
    if len(fields) != 3 or fields[1] != b"blob":
        return None
    return rest[: int(fields[2])]


#: The environment of every git command, over the caller's: no prompt for a password
#: (there is no one to answer), no optional lock taken, no object fetched for a partial
#: clone (a fetch writes to the repository and runs the configured transport).
_ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_LAZY_FETCH": "1"}


def _run(
    args: Sequence[str],
    cwd: Path,
    stdin: bytes | None,
    check: bool,
    advice: Advice,
    env: Mapping[str, str] | None = None,
    overrides: Sequence[str] = (),
) -> Completed:
    """`git args` in `cwd`, with nothing run from the configuration (`RUN_NOTHING`,
    `overrides`) and `env` over `_ENVIRONMENT`."""
    command = ["git", *RUN_NOTHING, *overrides, *args]
    environment = {**os.environ, **_ENVIRONMENT, **(env or {})}
    try:
        result = subprocess.run(
            command, cwd=cwd, input=stdin, capture_output=True, env=environment, timeout=_TIMEOUT
        )
    except FileNotFoundError:
        raise GitError(
            f"git is not installed (or not on PATH): install git, or {advice.without_git}"
        ) from None
    except subprocess.TimeoutExpired:
        raise GitError(
            f"`git {' '.join(args[:2])}` took longer than {_TIMEOUT} s; gave up"
        ) from None
    except OSError as error:
        raise GitError(f"cannot run git in {cwd}: {error.strerror or error}") from None
    completed = Completed(result.returncode, result.stdout, os.fsdecode(result.stderr))
    if check and result.returncode != 0:
        if "promisor remote" in completed.stderr or "lazy fetching disabled" in completed.stderr:
            raise GitError(
                "the base's files are not all in this clone (a partial clone fetches them on "
                "demand, and journeymap only reads git: it fetches nothing): clone without a "
                "filter (actions/checkout with `fetch-depth: 0` and no `filter`), or "
                f"{advice.without_git}"
            )
        detail = completed.stderr.strip().splitlines()
        raise GitError(
            f"`git {args[0]}` failed: {detail[-1] if detail else f'exit {result.returncode}'}"
        )
    return completed


def _pathspecs(folders: Iterable[str]) -> list[str]:
    # `:(literal)` keeps names with *, ? or [ from being read as patterns
    return [f":(literal){folder or '.'}" for folder in sorted(set(folders))]


def _short(repo: Repo, commit: str) -> str:
    result = repo.git("rev-parse", "--short", commit, check=False)
    return result.text.strip() or commit[:7]


def _remotes(repo: Repo) -> list[str]:
    return repo.git("remote", check=False).text.split()


def _unknown_revision(repo: Repo, ref: str) -> str:
    remote, _, branch = ref.partition("/")
    option = repo.advice.base_option
    if branch and remote in _remotes(repo):
        advice = f"fetch it with `git fetch {remote} {branch}` or pass {option}"
    else:
        advice = f"check the name (a branch, tag or commit), or pass another one to {option}"
    if repo.is_shallow():
        advice += " (this clone is shallow: check out with `fetch-depth: 0`)"
    return f"{ref} is not a known revision; {advice}"


def _no_default_base(repo: Repo) -> str:
    names = ", ".join(DEFAULT_BASES)
    fetch = " (e.g. `git fetch origin main`)" if "origin" in _remotes(repo) else ""
    shallow = (
        " (this clone is shallow: check out with `fetch-depth: 0`)" if repo.is_shallow() else ""
    )
    return (
        f"none of {names} is a known revision, so there is no default base: fetch the "
        f"base branch{fetch} or pass {repo.advice.base_option} REF (or "
        f"{repo.advice.without_git}){shallow}"
    )
