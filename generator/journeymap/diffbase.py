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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from journeymap import gitbase
from journeymap.check import (
    FileCheck,
    Report,
    Source,
    check_files,
    combine,
    discover,
    is_journey_name,
)
from journeymap.config import Settings
from journeymap.errors import NoJourneys, UsageError

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


def git_sides(settings: Settings, ref: str | None, today: dt.date) -> Sides:
    """The working tree against the merge-base of `ref` (default: origin/main, …) and HEAD."""
    repo = gitbase.open_repo(settings.config_dir)
    folder = repo.relative(settings.journeys)
    if folder is None:
        raise UsageError(
            f"the journeys folder {settings.journeys} is outside the git repository "
            f"{repo.root}: journeymap diff compares files that git tracks"
        )
    base = gitbase.merge_base(repo, ref)
    head_sources, head_error = _head_sources(settings)
    head_results = check_files(head_sources, settings, today)
    by_display = {result.source.display: result for result in head_results}
    root = _display_root(settings)
    changed = gitbase.changes(repo, base.commit, [folder])

    def repo_path(name: str) -> str:
        return f"{folder}/{name}" if folder else name

    listing = gitbase.list_folder(repo, base.commit, folder)
    listing = [file for file in listing if is_journey_name(file.name)]
    reused: dict[str, FileCheck] = {}
    to_read: list[gitbase.TreeFile] = []
    for file in listing:
        display = (root / file.name).as_posix()
        if not file.is_symlink and repo_path(file.name) not in changed.changed:
            # unchanged: the head's result is the base's too (and a file the head's
            # discovery leaves out, e.g. a second link to one file, is out on both sides);
            # a link is always read: what it points to may have changed outside the folder
            if display in by_display:
                reused[display] = by_display[display]
        else:
            to_read.append(file)
    base_sources: list[Source] = []
    for name, content in gitbase.read_files(repo, base.commit, folder, to_read).items():
        if content is not None:  # None: a link that leads out of the tree
            display = (root / name).as_posix()
            base_sources.append(Source(settings.config_dir / display, display, content))
    base_results = [*reused.values(), *check_files(base_sources, settings, today)]
    if head_error is not None and not base_results:
        raise head_error
    renames = {
        (root / old_name).as_posix(): (root / new_name).as_posix()
        for old, new in changed.renames.items()
        if (old_name := _journey_name(folder, old)) and (new_name := _journey_name(folder, new))
    }
    return Sides(
        base=combine(_sorted(base_results), today),
        head=combine(head_results, today),
        base_label=base.short,
        base_ref=base.ref,
        base_commit=base.commit,
        renames=renames,
        files_checked_again=len(base_sources),
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
    base_root = base_dir.resolve()
    base_settings = dataclasses.replace(
        settings, config_dir=base_root, journeys=base_root / relative
    )
    head_sources, head_error = _head_sources(settings)
    head_results = check_files(head_sources, settings, today)
    by_display = {result.source.display: result for result in head_results}
    try:
        base_sources = discover(None, base_settings)
    except NoJourneys:  # no journeys folder at the base: every journey is new
        base_sources = []
    reused: list[FileCheck] = []
    to_check: list[Source] = []
    for source in base_sources:
        head = by_display.get(source.display)
        if head is not None and _same_bytes(source.path, head.source.path):
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
    )


def changed_only(
    report: Report, sources: Sequence[Source], settings: Settings, ref: str
) -> tuple[Report, int, gitbase.Base]:
    """`report` with only the findings in files that differ between the merge-base of
    `ref` and HEAD and the working tree (untracked, not ignored, files included).

    The report itself came from every file, so rules that span files saw them all.
    Returns the filtered report, how many of the sources changed, and the base.
    """
    repo = gitbase.open_repo(settings.config_dir)
    base = gitbase.merge_base(repo, ref)
    # a file and, for a symbolic link, the file it leads to: either changing changes it
    where = {source.display: {_absolute(source.path), source.path.resolve()} for source in sources}
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
    try:
        return PurePosixPath(settings.journeys.relative_to(settings.config_dir).as_posix())
    except ValueError:
        return PurePosixPath(settings.journeys.as_posix())


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
    return path.absolute().parent.resolve() / path.name
