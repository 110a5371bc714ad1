"""The two sides of a change, checked: the head (the working tree) and the base (the
merge-base in git, or a folder), with the same settings and the same today.

A file's check depends only on its bytes, its display path, the settings and today,
so a base file whose bytes did not change reuses the head's result: a diff checks the
portfolio once plus the changed files, not twice. The base side's files get the head's
display paths (`journeys/x.yml`), so findings and files match between the sides.
What `compare` needs besides (the base's name, the renames, the policy edit) comes
with them as one `BaseDescription`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from journeymap.check import baseline as known
from journeymap.check.pipeline import (
    check_files,
    check_studies,
    combine,
    journey_citations,
    research_of,
)
from journeymap.check.report import FileCheck, StudyCheck
from journeymap.check.rules import Research
from journeymap.config.options import Options
from journeymap.config.settings import Settings
from journeymap.diff.changes import BaseDescription, Side
from journeymap.diff.policy import base_policy, config_path
from journeymap.errors import ConfigError, GitError, NoJourneys, UsageError
from journeymap.paths import resolved
from journeymap.sources import git as gitbase
from journeymap.sources.discovery import (
    Source,
    discover,
    discover_studies,
    is_journey_name,
    shown_path,
    sources_in,
)
from journeymap.sources.git_tree import GitTree


@dataclass(frozen=True)
class Sides:
    """Both sides of a change, checked, and what describes the base: what `compare` takes."""

    base: Side
    head: Side
    description: BaseDescription


def git_sides(settings: Settings, ref: str | None, today: dt.date) -> Sides:
    """The working tree against the merge-base of `ref` (default: origin/main, …) and HEAD."""
    repo = gitbase.open_repo(settings.config_dir)
    folder = tracked_folder(repo, settings)
    base = gitbase.merge_base(repo, ref)
    head_options = settings.options

    def at_base(path: Path) -> bytes | None:
        return _git_or_disk(repo, base.commit, path)

    policy = base_policy(config_path(settings), at_base)
    base_options = policy.options
    head_studies = _StudySide.of(
        check_studies(discover_studies(settings), settings, today), settings
    )
    base_studies = _StudySide.of(
        check_studies(_git_studies(repo, base, settings), settings, today), settings
    )
    head_sources, head_error = _head_sources(settings)
    head_results = check_files(head_sources, settings, today, research=head_studies.research)
    by_display = {result.source.display: result for result in head_results}
    root = _display_root(settings)
    tree = GitTree(repo, base.commit)
    base_folder = _base_folder(
        tree,
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
        return same_folder and tree.join(base_folder, name) not in changed.changed

    at_head = settings.config_dir / root.as_posix()

    def place(relative: PurePosixPath) -> Path:  # where the head has it, as on disk
        return at_head / relative

    # The base's journey files, by the rules `validate` follows there (`sources`); a file
    # git reports unchanged reuses the head's result, every other one is read from git.
    reused: dict[str, FileCheck] = {}
    base_sources: list[Source] = []
    to_read: dict[str, Source] = {}
    for source in sources_in(tree, base_folder, root, place):
        name = source.path.name
        head = by_display.get(source.display)
        entry = tree.entry(tree.join(base_folder, name))
        if source.nested:
            base_sources.append(source)  # the same finding, whatever it holds
        elif entry is None or not entry.is_blob:
            # a folder or a submodule git reports unchanged is the head's result; one the
            # change replaced has no file git can give: it is out of the base
            if unchanged(name) and head is not None:
                reused[source.display] = head
        elif not entry.is_symlink:
            if unchanged(name):
                # the head's result is the base's too (a file the head's discovery leaves
                # out, e.g. a second link to one file, is out on both sides)
                if head is not None:
                    reused[source.display] = head
            else:
                to_read[source.display] = source
        elif unchanged(name) and (head is None or head.source.same_as is not None):
            # the same link: a second name of a file as on the head, or one the head's
            # discovery leaves out (a second link to one file): the same on both sides
            if head is not None:
                reused[source.display] = head
        elif source.refused is not None:
            # a link out of the tree: git does not hold what it leads to; left unchanged it
            # is the same link on both sides, else (as discovery has it on disk) a finding
            # that names the link (so a link the change points elsewhere is a journey file
            # that went away)
            if unchanged(name) and head is not None:
                reused[source.display] = head
            else:
                base_sources.append(source)
        elif source.same_as is not None:
            base_sources.append(source)  # a second name of another journey file of the base
        else:
            to_read[source.display] = source  # what a link points to may have changed elsewhere
    contents = tree.read(tree.join(base_folder, source.path.name) for source in to_read.values())
    for source in to_read.values():
        content = contents[tree.join(base_folder, source.path.name)]
        if content is not None:
            base_sources.append(dataclasses.replace(source, content=content))
            continue
        # A link that leads to no file of the tree: left unchanged, it still leads nowhere
        # unless the head can read it now (then what it points to is the change's).
        head = by_display.get(source.display)
        if unchanged(source.path.name) and head is not None and not head.outline:
            reused[source.display] = head
    base_sources += _recheck(reused, head_studies.research, base_studies.research)
    base_results = [
        *reused.values(),
        *check_files(base_sources, settings, today, research=base_studies.research),
    ]
    if head_error is not None and not base_results:
        raise head_error
    renames = {
        (root / old_name).as_posix(): (root / new_name).as_posix()
        for old, new in changed.renames.items()
        if (old_name := _journey_name(base_folder, old))
        and (new_name := _journey_name(folder, new))
    }
    head_baseline = known.configured(settings)
    base_baseline = _base_baseline(settings, at_base(settings.baseline_file), base.short)
    return Sides(
        _side(_sorted(base_results), today, head_baseline, base_studies, settings),
        _side(head_results, today, head_baseline, head_studies, settings),
        BaseDescription(
            base.short,
            base.ref,
            base.commit,
            renames,
            policy=policy.edits(head_options),
            policy_note=policy.note,
            policy_file=policy.file.name,
            baseline_added=_added(head_baseline, base_baseline),
            baseline_removed=_added(base_baseline, head_baseline),
            baseline_file=known.shown(settings),
        ),
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
    policy = base_policy(
        base_root / config_path(settings).relative_to(settings.config_dir), _read_or_none
    )
    base_options = policy.options
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
    head_studies = _StudySide.of(
        check_studies(discover_studies(settings), settings, today), settings
    )
    try:  # the base's study files, shown as the head shows its own
        base_study_files = discover_studies(base_settings)
    except UsageError as error:  # a link out of the base's research folder: never read
        raise UsageError(f"at the base ({base_dir}), {error}") from None
    base_studies = _StudySide.of(check_studies(base_study_files, settings, today), settings)
    head_sources, head_error = _head_sources(settings)
    head_results = check_files(head_sources, settings, today, research=head_studies.research)
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
    kept = {result.source.display: result for result in reused}
    to_check += _recheck(kept, head_studies.research, base_studies.research)
    base_results = [
        *kept.values(),
        *check_files(to_check, settings, today, research=base_studies.research),
    ]
    if head_error is not None and not base_results:
        raise head_error
    head_baseline = known.configured(settings)
    at_base = base_root / settings.baseline_file.relative_to(settings.config_dir)
    base_baseline = _base_baseline(settings, _read_or_none(at_base), str(base_dir))
    return Sides(
        _side(_sorted(base_results), today, head_baseline, base_studies, settings),
        _side(head_results, today, head_baseline, head_studies, settings),
        BaseDescription(
            str(base_dir),
            policy=policy.edits(head_options),
            policy_note=policy.note,
            policy_file=policy.file.name,
            baseline_added=_added(head_baseline, base_baseline),
            baseline_removed=_added(base_baseline, head_baseline),
            baseline_file=known.shown(settings),
        ),
    )


def tracked_folder(repo: gitbase.Repo, settings: Settings) -> str:
    """The journeys folder, top-level-relative; a `GitError` when git does not track it
    (`diff` and `validate --changed-since` refuse alike)."""
    where = f" (set by {settings.config_file.name})" if settings.config_file else ""
    shown = f"the journeys folder {settings.options.journeys}{where}"
    return repo.tracked(settings.journeys, shown)


def _base_folder(tree: GitTree, base: gitbase.Base, candidates: Sequence[str]) -> str:
    """Where the base keeps its journeys: the first of `candidates` (the folder its
    configuration names, as written, then the head's) that is a folder at the base,
    followed through the base's own links (`journeys -> data/journeys` there is
    data/journeys, whatever the change made of the link); the last candidate when none
    is (the base has no journeys). A link there out of the tree is a `GitError`."""
    for where in candidates:
        found = tree.real_folder(where)
        if found == "outside":
            raise GitError(
                f"at the base ({base.short}), the journeys folder {where or '.'} is a symbolic "
                "link out of the repository, so git does not hold the base's journeys: "
                f"{tree.repo.advice.without_git}"
            )
        if found != "broken":
            return found
    return candidates[-1]


@dataclass(frozen=True)
class _StudySide:
    """One side's study files, checked, and what its journey files are checked against."""

    checks: list[StudyCheck]
    research: Research

    @classmethod
    def of(cls, checks: list[StudyCheck], settings: Settings) -> _StudySide:
        return cls(checks, research_of(checks, settings))


def _git_studies(repo: gitbase.Repo, base: gitbase.Base, settings: Settings) -> list[Source]:
    """The base's study files (in the research folder where the head has it), read from
    git and named as the head names its own; none when the base has no such folder."""
    where = _repo_path(
        repo, Path(os.path.normpath(settings.config_dir / settings.options.research))
    )
    if where is None:  # outside the repository: git does not hold it, the head's is the base's
        return discover_studies(settings)
    tree = GitTree(repo, base.commit)
    folder = tree.real_folder(where)
    if folder in ("outside", "broken"):
        return []
    display = PurePosixPath(shown_path(settings.research, settings))
    at_head = settings.research

    def place(relative: PurePosixPath) -> Path:
        return at_head / relative

    found = sources_in(tree, folder, display, place)
    readable = [s for s in found if not s.nested and s.refused is None and s.same_as is None]
    contents = tree.read(tree.join(folder, s.path.name) for s in readable)
    studies: list[Source] = []
    for source in found:
        if source in readable:
            content = contents[tree.join(folder, source.path.name)]
            if content is None:  # a link to no file of the tree: no study at the base
                continue
            source = dataclasses.replace(source, content=content)
        studies.append(source)
    return studies


def _recheck(reused: dict[str, FileCheck], head: Research, base: Research) -> list[Source]:
    """The sources of the head's results that cannot stand for the base after all: their
    bytes did not change, but a study they cite did (taken out of `reused`)."""
    changed = _changed_studies(head, base)
    if not changed:
        return []
    stale = [d for d, result in reused.items() if journey_citations(result.outline) & changed]
    return [reused.pop(display).source for display in stale]


def _changed_studies(head: Research, base: Research) -> set[str]:
    """The ids of studies that differ between the sides: added, removed, edited, broken."""
    ids = {*head.studies, *base.studies, *head.broken, *base.broken}
    return {
        id_
        for id_ in ids
        if (head.studies.get(id_), id_ in head.broken)
        != (base.studies.get(id_), id_ in base.broken)
    }


def _side(
    results: Sequence[FileCheck],
    today: dt.date,
    baseline: known.Baseline | None,
    studies: _StudySide,
    settings: Settings,
) -> Side:
    """The files' results as one side, with its study files, the head's baseline applied
    (like the policy, one baseline judges both sides; what the change does to it is told
    apart); each second name of a file (a link, read once under the other name) maps to
    that name, what `compare` tells as a duplicate."""
    second_names = {
        result.source.display: result.source.same_as
        for result in results
        if result.source.same_as is not None
    }
    combined = combine(list(results), today, None, studies.checks, settings.segments)
    report = known.apply(combined, baseline, fixed=False)
    return Side(report, second_names)


def _base_baseline(settings: Settings, data: bytes | None, base: str) -> known.Baseline | None:
    """The base's baseline file (where the head has it), as data; None where it has none."""
    if data is None:
        return None
    display = known.shown(settings)
    try:
        return known.parse(data, display)
    except ConfigError as error:
        raise ConfigError(f"at the base ({base}), {error}") from None


def _added(after: known.Baseline | None, before: known.Baseline | None) -> tuple[known.Entry, ...]:
    """The entries of `after` that `before` lacks: the known gaps a change adds to the
    baseline (with the sides swapped: those it removes)."""
    had = before.entries if before is not None else {}
    now = after.entries if after is not None else {}
    added = [entry for key, entry in now.items() if key not in had]
    return tuple(sorted(added, key=known.Entry.sort_key))


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
