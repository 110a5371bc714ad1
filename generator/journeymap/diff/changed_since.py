"""`validate --changed-since REF`: the report of every file, with only the findings of
the files that differ between the merge-base of REF and HEAD and the working tree.

Every file is checked, so rules that span files (`duplicate-id`) still see them all;
a finding of such a rule is kept when any file it involves changed. A study file that
changed (added, edited or deleted) touches every journey file citing it: what the study
did to their evidence is the change's (SPEC "Research studies").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from journeymap.check.pipeline import journey_citations
from journeymap.check.report import Report
from journeymap.config.settings import Settings
from journeymap.diff.sides import tracked_folder
from journeymap.paths import resolved
from journeymap.sources import git as gitbase
from journeymap.sources.discovery import Source, is_journey_name

#: Finding codes whose journey-level findings come from comparing files with each other.
_SPANS_FILES = frozenset({"duplicate-id"})


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
        tracked_folder(repo, settings)
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
    research = repo.relative(settings.research)
    if research is not None:
        folders.add(research)
    changed = gitbase.changes(repo, base.commit, folders, renames=False) if folders else None
    changed_paths = {repo.root / path for path in changed.changed} if changed else set()
    kept_files = {display for display, paths in where.items() if paths & changed_paths}
    # the studies that changed, and the files of the research folder that did
    studies = {
        path.stem
        for path in changed_paths
        if path.parent == settings.research and is_journey_name(path.name)
    }
    citing = {o.file for o in report.outlines if journey_citations(o) & studies}
    kept_files |= citing
    research_files = {
        finding.file
        for finding in report.findings
        if finding.journey is None
        and PurePosixPath(finding.file).stem in studies
        and (settings.config_dir / finding.file).parent == settings.research
    }
    # A finding of a rule that spans files lands on one of the files it involves: keep it
    # when any of them changed (a new `billing.yml` next to an old `billing.yaml`).
    changed_ids = {PurePosixPath(display).stem for display in kept_files}
    findings = [
        finding
        for finding in report.findings
        if finding.file in kept_files
        or finding.file in research_files
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


def _absolute(path: Path) -> Path:
    """An absolute path with its folder resolved, but not the file itself (a tracked
    symbolic link is a change of its own)."""
    return resolved(path.absolute().parent) / path.name
