"""The two sides of a change, checked: the head (the working tree) and the base (the
merge-base in git, or a folder), with the same settings and the same today.

A file's check depends only on its bytes, its display path, the settings and today,
so a base file whose bytes did not change reuses the head's result: a diff checks the
portfolio once plus the changed files, not twice. The base side's files get the head's
display paths (`journeys/x.yml`), so findings and files match between the sides.

Also here: `changed_only`, the filter behind `validate --changed-since`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import posixpath
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from journeymap.check.pipeline import FileCheck, Report, check_files, combine
from journeymap.config.mkdocs_yml import (
    CONFIG_NAMES,
    DEFAULT_CONFIG,
    options_in,
    read_config_bytes,
)
from journeymap.config.options import Options
from journeymap.config.settings import Settings
from journeymap.diff.compare import OptionChange
from journeymap.errors import ConfigError, GitError, NoJourneys, UsageError
from journeymap.paths import resolved
from journeymap.sources import git as gitbase
from journeymap.sources.discovery import (
    REPOSITORY,
    Source,
    discover,
    is_journey_name,
    link_out,
    shown_path,
)

#: Finding codes whose journey-level findings come from comparing files with each other.
_SPANS_FILES = frozenset({"duplicate-id"})


@dataclass(frozen=True)
class Sides:
    """Both sides of a change, checked, and what names the base."""

    base: Report
    head: Report
    base_label: str  # the merge-base's short id, or the base folder as given
    base_ref: str | None = None  # the revision as named (git only)
    base_commit: str | None = None  # the merge-base's full id (git only)
    #: display path at the base -> display path at the head, for files git saw renamed
    renames: dict[str, str] = field(default_factory=dict)
    files_checked_again: int = 0  # base files whose bytes differ from the head's
    #: the journeymap options the change edits (both sides are checked with the head's)
    policy: tuple[OptionChange, ...] = ()
    policy_note: str | None = None  # why the base's options could not be compared
    policy_file: str = DEFAULT_CONFIG
    base_files: tuple[Source, ...] = ()  # the files checked on each side
    head_files: tuple[Source, ...] = ()

    @property
    def second_names(self) -> tuple[dict[str, str], dict[str, str]]:
        """(base, head): each file that is a second name of another (a link), read once
        under the other name -> that name; what `diff.compare` tells as a duplicate."""
        return _second_names(self.base_files), _second_names(self.head_files)


def git_sides(settings: Settings, ref: str | None, today: dt.date) -> Sides:
    """The working tree against the merge-base of `ref` (default: origin/main, …) and HEAD."""
    repo = gitbase.open_repo(settings.config_dir)
    folder = _tracked_folder(repo, settings)
    base = gitbase.merge_base(repo, ref)
    head_options = settings.options

    def at_base(path: Path) -> bytes | None:
        return _git_or_disk(repo, base.commit, path)

    base_file, data = _base_config(_config_path(settings), at_base)
    base_options, note = _base_options(data, base_file, at_base)
    head_sources, head_error = _head_sources(settings)
    head_results = check_files(head_sources, settings, today)
    by_display = {result.source.display: result for result in head_results}
    root = _display_root(settings)
    base_folder = _base_folder(
        repo,
        base,
        [
            *_configured(repo, settings, base_options),
            *_configured(repo, settings, head_options),
            folder,
        ],
    )
    changed = gitbase.changes(repo, base.commit, {base_folder, folder})
    same_folder = base_folder == folder

    def unchanged(name: str) -> bool:
        return same_folder and _join(base_folder, name) not in changed.changed

    reused: dict[str, FileCheck] = {}
    # journey files in the base's subfolders: each the same finding, whatever it holds
    nested: list[Source] = []
    for name in gitbase.list_nested(repo, base.commit, base_folder):
        if _is_nested_journey(PurePosixPath(name)):
            display = (root / name).as_posix()
            nested.append(Source(settings.config_dir / display, display, nested=True))
    to_read: list[gitbase.TreeFile] = []
    listing = [
        file
        for file in gitbase.list_folder(repo, base.commit, base_folder)
        if is_journey_name(file.name)
    ]
    for file in listing:
        display = (root / file.name).as_posix()
        head = by_display.get(display)
        if unchanged(file.name) and head is not None and head.source.same_as is not None:
            # a second name for a file (discovery reports it as such, unread): the same
            # unchanged link is the same second name at the base
            reused[display] = head
        elif file.is_symlink or (file.is_blob and not unchanged(file.name)):
            # a changed file is read; a link always: what it points to may have changed
            # elsewhere in the tree
            to_read.append(file)
        elif unchanged(file.name) and head is not None:
            # unchanged: the head's result is the base's too (and a file the head's
            # discovery leaves out, e.g. a second link to one file, is out on both sides);
            # so for a folder or a submodule git reports unchanged (one the change
            # replaced has no file git can give: it is out of the base)
            reused[display] = head
    base_sources: list[Source] = []
    contents = gitbase.read_files(repo, base.commit, base_folder, to_read)
    # a link at the base to another journey file of it is a second name of that file, as
    # the base's own discovery (`validate` there) has it: a duplicate, not a journey
    first_names = _first_names(repo, base.commit, base_folder, listing, contents)
    for name, content in contents.items():
        display = (root / name).as_posix()
        head = by_display.get(display)
        if unchanged(name) and head is None:
            # the same link, which the head's discovery leaves out (a second link to one
            # file): out on both sides
            continue
        if isinstance(content, bytes):
            first = first_names.get(name)
            same_as = (root / first).as_posix() if first is not None else None
            path = settings.config_dir / display
            if same_as is not None:
                base_sources.append(Source(path, display, same_as=same_as))
            else:
                base_sources.append(Source(path, display, content))
            continue
        # A link git cannot follow to a file of the tree. Left unchanged, it is the same
        # link on both sides: one out of the tree leads to the same file (git does not
        # hold it), one that leads nowhere still does unless the head can read it now.
        if unchanged(name) and head is not None and (content == "outside" or not head.outline):
            reused[display] = head
        elif content == "outside":
            # as discovery has it on disk: a finding that names the link, never read (so a
            # link the change removes or points elsewhere is a journey file that went away)
            path = settings.config_dir / display
            base_sources.append(Source(path, display, refused=link_out(REPOSITORY)))
    base_results = [*reused.values(), *check_files([*base_sources, *nested], settings, today)]
    if head_error is not None and not base_results:
        raise head_error
    renames = {
        (root / old_name).as_posix(): (root / new_name).as_posix()
        for old, new in changed.renames.items()
        if (old_name := _journey_name(base_folder, old))
        and (new_name := _journey_name(folder, new))
    }
    return Sides(
        base=combine(_sorted(base_results), today),
        head=combine(head_results, today),
        base_label=base.short,
        base_ref=base.ref,
        base_commit=base.commit,
        renames=renames,
        files_checked_again=len(base_sources),
        policy=_policy_changes(base_options, head_options),
        policy_note=note,
        policy_file=base_file.name,
        base_files=tuple(result.source for result in base_results),
        head_files=tuple(result.source for result in head_results),
    )


def folder_sides(settings: Settings, base_dir: Path, today: dt.date) -> Sides:
    """The working tree against a folder laid out like the project (no git needed)."""
    try:
        relative = settings.journeys.relative_to(settings.config_dir)
    except ValueError:
        raise UsageError(
            f"--base-dir needs the journeys folder inside the project folder, and "
            f"{settings.journeys} is outside {settings.config_dir}"
        ) from None
    base_root = resolved(base_dir)
    head_options = settings.options
    base_file, data = _base_config(
        base_root / _config_path(settings).relative_to(settings.config_dir), _read_or_none
    )
    base_options, note = _base_options(data, base_file, _read_or_none)
    # as in git: the folder the base's configuration names, as written, else the head's
    written = [
        Path(where)
        for options in (base_options, head_options)
        if options is not None
        and not Path(where := os.path.normpath(options.journeys)).is_absolute()
        and not where.startswith("..")
    ]
    base_where = next(
        (where for where in [*written, relative] if (base_root / where).is_dir()), relative
    )
    base_settings = dataclasses.replace(
        settings,
        config_dir=base_root,
        options=dataclasses.replace(settings.options, journeys=str(base_where)),
    )
    head_sources, head_error = _head_sources(settings)
    head_results = check_files(head_sources, settings, today)
    by_display = {result.source.display: result for result in head_results}
    root = _display_root(settings)
    base_folder = base_settings.journeys  # links followed, as discovery lists it
    try:  # shown as the head shows its files, wherever the base keeps them
        base_sources = [
            dataclasses.replace(
                source,
                display=(root / source.path.relative_to(base_folder).as_posix()).as_posix(),
            )
            for source in discover(None, base_settings)
        ]
    except NoJourneys:  # no journeys folder at the base: every journey is new
        base_sources = []
    except UsageError as error:  # a link out of the base's folder: never read either
        raise UsageError(f"at the base ({base_dir}), {error}") from None
    reused: list[FileCheck] = []
    to_check: list[Source] = []
    for source in base_sources:
        head = by_display.get(source.display)
        if (
            head is not None
            and head.source.same_as == source.same_as
            and head.source.refused == source.refused
            # a link out of the project is never opened, not even to compare
            and (source.refused is not None or _same_bytes(source.path, head.source.path))
        ):
            reused.append(head)
        else:
            to_check.append(source)
    base_results = [*reused, *check_files(to_check, settings, today)]
    if head_error is not None and not base_results:
        raise head_error
    return Sides(
        base=combine(_sorted(base_results), today),
        head=combine(head_results, today),
        base_label=str(base_dir),
        files_checked_again=len(to_check),
        policy=_policy_changes(base_options, head_options),
        policy_note=note,
        policy_file=base_file.name,
        base_files=tuple(result.source for result in base_results),
        head_files=tuple(result.source for result in head_results),
    )


def _tracked_folder(repo: gitbase.Repo, settings: Settings) -> str:
    """The journeys folder, top-level-relative; a `GitError` when git does not track it
    (`diff` and `validate --changed-since` refuse alike)."""
    where = f" (set by {settings.config_file.name})" if settings.config_file else ""
    shown = f"the journeys folder {settings.options.journeys}{where}"
    return repo.tracked(settings.journeys, shown)


def _base_folder(repo: gitbase.Repo, base: gitbase.Base, candidates: Sequence[str]) -> str:
    """Where the base keeps its journeys: the first of `candidates` (the folder its
    configuration names, as written, then the head's) that is a folder at the base,
    followed through the base's own links (`journeys -> data/journeys` there is
    data/journeys, whatever the change made of the link); the last candidate when none
    is (the base has no journeys). A link there out of the tree is a `GitError`."""
    for where in candidates:
        found = gitbase.real_folder(repo, base.commit, where)
        if found == "outside":
            raise GitError(
                f"at the base ({base.short}), the journeys folder {where or '.'} is a symbolic "
                "link out of the repository, so git does not hold the base's journeys: "
                f"{repo.advice.without_git}"
            )
        if found != "broken":
            return found
    return candidates[-1]


def _second_names(sources: Sequence[Source]) -> dict[str, str]:
    return {source.display: source.same_as for source in sources if source.same_as is not None}


def _first_names(
    repo: gitbase.Repo,
    commit: str,
    folder: str,
    listing: Sequence[gitbase.TreeFile],
    contents: Mapping[str, bytes | gitbase.LinkEnd],
) -> dict[str, str]:
    """For each link of `folder` at `commit` that is a second name of a file another
    entry of the folder also names: that entry's name (the file read once, under it).

    As discovery chooses on disk: the entry that is not a link, else the one named like
    the file itself, else the first by name. Links are followed as written, inside the
    tree (a link through a linked folder is not seen as one: it stays a journey)."""
    kinds = {file.name: file for file in listing}
    groups: dict[str, list[str]] = defaultdict(list)
    for file in listing:
        if not file.is_symlink:
            if file.is_blob:
                groups[_join(folder, file.name)].append(file.name)
        elif isinstance(contents.get(file.name), bytes):
            end = _link_end(repo, commit, folder, file, kinds)
            if end is not None:
                groups[end].append(file.name)
    first_names: dict[str, str] = {}
    for end, names in groups.items():
        if len(names) < 2:
            continue
        stem = PurePosixPath(end).stem
        names.sort(
            key=lambda name: (kinds[name].is_symlink, PurePosixPath(name).stem != stem, name)
        )
        first_names.update({name: names[0] for name in names[1:] if kinds[name].is_symlink})
    return first_names


def _link_end(
    repo: gitbase.Repo,
    commit: str,
    folder: str,
    link: gitbase.TreeFile,
    kinds: Mapping[str, gitbase.TreeFile],
) -> str | None:
    """Where a link of `folder` leads, top-level-relative, following links of the folder
    itself; None for a link out of the repository, or one that loops."""
    current: gitbase.TreeFile | None = link
    where = _join(folder, link.name)
    for _ in range(40):  # as the system's limit of links followed
        if current is None or not current.is_symlink:
            return where
        target = repo.git("cat-file", "blob", current.oid).stdout.decode("utf-8", "replace")
        if posixpath.isabs(target):
            return None
        where = posixpath.normpath(posixpath.join(posixpath.dirname(where), target))
        if where.startswith("../") or where == "..":
            return None
        parent, name = posixpath.split(where)
        current = kinds.get(name) if parent == folder else None
    return None


# --- the policy on both sides ---------------------------------------------------------------


def _config_path(settings: Settings) -> Path:
    """The configuration file: the one in use, else where the default one would be."""
    return settings.config_file or settings.config_dir / DEFAULT_CONFIG


def _base_config(
    config_file: Path, read: Callable[[Path], bytes | None]
) -> tuple[Path, bytes | None]:
    """The base's configuration file and its bytes: the head's, or (for a file under
    MkDocs' default names) the one MkDocs would read at the base, mkdocs.yml else
    mkdocs.yaml, so renaming one to the other is no policy change."""
    names = CONFIG_NAMES if config_file.name in CONFIG_NAMES else (config_file.name,)
    for name in names:
        candidate = config_file.with_name(name)
        data = read(candidate)
        if data is not None:
            return candidate, data
    return config_file, None


def _base_options(
    data: bytes | None, config_file: Path, read: Callable[[Path], bytes | None]
) -> tuple[Options | None, str | None]:
    """The base's journeymap options (the defaults when it has no configuration file or no
    journeymap entry), or None and why when they cannot be read. Nothing in it is run."""
    try:
        config = read_config_bytes(data, config_file, read) if data is not None else {}
        return Options.read(options_in(config, config_file) or {}, config_file.name), None
    except ConfigError as error:
        return None, (
            f"The base's journeymap policy could not be read, so it is not compared: {error}"
        ).rstrip(".")


def _policy_changes(base: Options | None, head: Options) -> tuple[OptionChange, ...]:
    if base is None:
        return ()
    before, after = base.values(), head.values()
    return tuple(
        OptionChange(name, before[name], after[name])
        for name in before
        if before[name] != after[name]
    )


def _configured(repo: gitbase.Repo, settings: Settings, options: Options | None) -> list[str]:
    """The journeys folder `options` name, top-level-relative, as written (links in it not
    followed); none when it lies outside the repository."""
    if options is None:
        return []
    path = Path(os.path.normpath(settings.config_dir / options.journeys))
    where = _repo_path(repo, path)
    return [] if where is None else [where]


def _repo_path(repo: gitbase.Repo, path: Path) -> str | None:
    """`path` relative to the top level, as written ("" for the top level itself)."""
    try:
        relative = Path(os.path.normpath(path)).relative_to(repo.root)
    except ValueError:
        return None
    return "" if relative == Path() else relative.as_posix()


def _git_or_disk(repo: gitbase.Repo, commit: str, path: Path) -> bytes | None:
    """A file as `commit` has it when it is in the repository, else as it is on disk
    (git does not hold it: it is the same on both sides)."""
    where = _repo_path(repo, path)
    return _read_or_none(path) if where is None else gitbase.show(repo, commit, where)


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


# --- `validate --changed-since` -------------------------------------------------------------


def changed_only(
    report: Report,
    sources: Sequence[Source],
    settings: Settings,
    ref: str,
    paths: Sequence[Path] | None = None,
) -> tuple[Report, int, gitbase.Base]:
    """`report` with only the findings in files that differ between the merge-base of
    `ref` and HEAD and the working tree (untracked, not ignored, files included).
    `sources` are the files of the journeys folder, or of `paths` when given: where
    any lies outside the work tree, git cannot tell, and this refuses (`GitError`).

    The report itself came from every file, so rules that span files saw them all.
    Returns the filtered report, how many of the sources changed, and the base.
    """
    repo = gitbase.open_repo(settings.config_dir, gitbase.CHANGED_SINCE)
    if paths is None:
        _tracked_folder(repo, settings)
    for source in sources if paths is not None else ():
        repo.tracked(_absolute(source.path).parent, source.display)
    base = gitbase.merge_base(repo, ref)
    # a file and, for a symbolic link, the file it leads to: either changing changes it
    where = {source.display: {_absolute(source.path), resolved(source.path)} for source in sources}
    folders = {
        relative
        for paths in where.values()
        for path in paths
        if (relative := repo.relative(path.parent)) is not None
    }
    changed = gitbase.changes(repo, base.commit, folders, renames=False) if folders else None
    changed_paths = {repo.root / path for path in changed.changed} if changed else set()
    kept_files = {display for display, paths in where.items() if paths & changed_paths}
    # A finding of a rule that spans files lands on one of the files it involves: keep it
    # when any of them changed (a new `billing.yml` next to an old `billing.yaml`).
    changed_ids = {PurePosixPath(display).stem for display in kept_files}
    findings = [
        finding
        for finding in report.findings
        if finding.file in kept_files
        or (
            finding.code in _SPANS_FILES
            and finding.stage is None
            and finding.journey in changed_ids
        )
    ]
    # The report then describes the changed files: their journeys, stages and findings.
    outlines = [outline for outline in report.outlines if outline.file in kept_files]
    filtered = dataclasses.replace(
        report,
        findings=findings,
        outlines=outlines,
        files=len(kept_files),
        stages=sum(len(outline.stages) for outline in outlines),
        stages_with_evidence=sum(outline.stages_with_evidence for outline in outlines),
        unread=len(kept_files) - len(outlines),
        _counts={},
    )
    return filtered, len(kept_files), base


def _head_sources(settings: Settings) -> tuple[list[Source], NoJourneys | None]:
    """The working tree's journey files; none (with the reason) when there are none, so
    that a change that removes every journey still compares."""
    try:
        return discover(None, settings), None
    except NoJourneys as error:
        return [], error


def _display_root(settings: Settings) -> PurePosixPath:
    """Where the head's display paths start: the journeys folder as `discover` shows it."""
    return PurePosixPath(shown_path(settings.journeys, settings))


def _is_nested_journey(path: PurePosixPath) -> bool:
    """A journey-named file in a subfolder, as `discover` finds them: under folders that
    are neither hidden nor named like a journey file (such a folder is itself reported)."""
    *folders, name = path.parts
    return (
        bool(folders)
        and is_journey_name(name)
        and not is_journey_name(folders[0])
        and not any(folder.startswith(".") for folder in folders)
    )


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _journey_name(folder: str, repo_path: str) -> str | None:
    """The file name of a journey file directly in `folder`, else None."""
    path = PurePosixPath(repo_path)
    parent = path.parent.as_posix()
    in_folder = parent == folder or (not folder and parent == ".")
    return path.name if in_folder and is_journey_name(path.name) else None


def _sorted(results: list[FileCheck]) -> list[FileCheck]:
    return sorted(results, key=lambda result: result.source.display)


def _same_bytes(first: Path, second: Path) -> bool:
    try:
        return first.stat().st_size == second.stat().st_size and (
            first.read_bytes() == second.read_bytes()
        )
    except OSError:
        return False


def _absolute(path: Path) -> Path:
    """An absolute path with its folder resolved, but not the file itself (a tracked
    symbolic link is a change of its own)."""
    return resolved(path.absolute().parent) / path.name
