"""What a change does to what the team knows: two checked sides compared (SPEC "Changes").

Pure: no files, no git. Journeys are matched by id (the file's stem), their stages by
id within them (diff.stages), and the findings of the two sides with each other
(diff.findings). A journey file with schema errors is still compared stage by stage.

A file git saw renamed (`billing.yml` -> `invoices.yml`) is one journey that changed
(under its new id, with `renamed_from`), compared stage by stage with the old file,
and its findings are matched across the rename: what a reviewer needs to see is what
the rename did to the stages, not every stage of a journey "removed" and "added".

A journey file that cannot be read as a journey on one side (a YAML slip, a top level
that is not a mapping, a `stages` that is not a list of stages) is never told as its
stages removed or added: its stages are listed with no status on that side
(`unreadable` names it), with the file's first error, its disagreeing evidence is told
as no longer visible (not removed), and the journey is left out of the coverage of both
sides, since a file that breaks must not look like coverage gained or lost.

A file that only repeats a journey (a second name of its file, a link, or a second file
with the same id: `duplicate-id`) is a *duplicate*, not a journey: adding or removing it
is told as such, and never as a journey added or removed, nor as disagreement removed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Set
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from journeymap.check.findings import Finding, Severity
from journeymap.check.report import JourneyOutline, StageOutline
from journeymap.diff.changes import (
    BaseDescription,
    Diff,
    DuplicateChange,
    JourneyChange,
    Renamed,
    Side,
)
from journeymap.diff.findings import compare_findings
from journeymap.diff.stages import (
    compare_stages,
    first_of_each,
    mark_disagreement,
    stage_added,
    stage_removed,
    stage_unknown_after,
    stage_unknown_before,
)
from journeymap.diff.studies import compare_studies
from journeymap.journey.model import Journey

_JOURNEY_FIELDS = tuple(name for name in Journey.model_fields if name not in {"id", "stages"})


def compare(base: Side, head: Side, described: BaseDescription, *, strict: bool) -> Diff:
    """Compare the base's side with the head's; `described` names the base, maps the
    files git saw renamed, and carries the policy edit, into the `Diff` as it is."""
    renames = described.renames
    # Of two files with one id, the one the other side also has is the journey and the
    # other its duplicate: adding a copy is not a rename of the file that was there.
    base_files = _Files.of(base, prefer={outline.file for outline in head.report.outlines})
    head_files = _Files.of(head, prefer={outline.file for outline in base.report.outlines})
    new_id = _renamed_ids(base_files, head_files, renames)
    pairs = _pairs(base_files, head_files, new_id, renames)
    studies = compare_studies(base.report, head.report)
    edited = frozenset(study.id for study in studies)
    journeys = [
        change for before, after in pairs if (change := _journey(before, after, edited)) is not None
    ]
    # a file that cannot be read on one side is left out of both sides' coverage
    excluded = {
        entry.file
        for before, after in pairs
        if before is not None and after is not None and not (before.readable and after.readable)
        for entry in (before, after)
        if entry.readable
    }
    touched = {(j.id, s.id) for j in journeys for s in j.stages}
    return Diff(
        journeys=tuple(journeys),
        findings=compare_findings(base.report, head.report, new_id, touched, strict),
        coverage_before=base_files.coverage(excluded),
        coverage_after=head_files.coverage(excluded),
        strict=strict,
        base=described,
        today=head.report.today,
        duplicates=_duplicates(base_files, head_files),
        coverage_excludes=tuple(sorted(excluded)),
        studies=studies,
    )


@dataclass(frozen=True)
class _Entry:
    """One journey file on one side: read as a journey (`outline`, valid or not), or not."""

    id: str
    file: str
    outline: JourneyOutline | None  # None: the file could not be read as a journey
    journey: Journey | None  # the whole journey, when it is valid
    error: Finding | None = None  # the file's first error
    #: the file of the journey this file repeats (a second name, or a second file of one id)
    duplicate_of: str | None = None

    @property
    def title(self) -> str | None:
        return self.outline.title if self.outline else None

    @property
    def readable(self) -> bool:
        """Read as a journey with stages: a journey always has some, so none means that
        its `stages` could not be read (absent, empty, or not a list)."""
        return self.outline is not None and bool(self.outline.stages)

    @property
    def coverage(self) -> float | None:
        if self.outline is None or not self.outline.stages:
            return None
        return self.outline.stages_with_evidence / len(self.outline.stages)

    @property
    def stages(self) -> list[StageOutline]:
        """The stages that have an id (the others cannot be matched: their findings tell)."""
        return [s for s in self.outline.stages if s.id is not None] if self.outline else []


@dataclass(frozen=True)
class _Files:
    """One report's journey files: every one that could be read as a journey (valid or
    not), and every one that could not; and the files that repeat a journey."""

    entries: tuple[_Entry, ...]
    duplicates: tuple[_Entry, ...] = ()

    @classmethod
    def of(cls, side: Side, prefer: Set[str] = frozenset()) -> _Files:
        """The side's files; of files with one id, the first of `prefer` (else by name) is
        the journey, the others its duplicates."""
        report, second_names = side.report, side.second_names
        valid = {checked.display_path: checked.journey for checked in report.journeys}
        errors: dict[str, Finding] = {}
        repeated: set[str] = set()
        for finding in report.findings:  # sorted: the first of each file is its first
            if finding.severity is Severity.ERROR:
                errors.setdefault(finding.file, finding)
            if finding.code == "duplicate-id" and finding.stage is None:
                repeated.add(finding.file)
        entries: list[_Entry] = []
        duplicates: list[_Entry] = []
        first: dict[str, str] = {}  # journey id -> the file it is read from (the first)
        repeated_ids = {outline.id for outline in report.outlines if outline.file in repeated}
        for outline in sorted(report.outlines, key=lambda o: (o.file not in prefer, o.file)):
            entry = _Entry(
                outline.id, outline.file, outline, valid.get(outline.file), errors.get(outline.file)
            )
            if outline.id in first and outline.id in repeated_ids:
                duplicates.append(replace(entry, duplicate_of=first[outline.id]))
            else:
                first.setdefault(outline.id, outline.file)
                entries.append(entry)
        files = {outline.file for outline in report.outlines}
        study_files = {outline.file for outline in report.study_outlines}
        for finding in report.findings:
            # a study file's findings name no journey: it is no journey file (diff.studies)
            if finding.journey is None or finding.file in study_files:
                continue
            if finding.file not in files:
                files.add(finding.file)
                id_ = finding.journey or PurePosixPath(finding.file).stem
                entry = _Entry(id_, finding.file, None, None, errors.get(finding.file))
                if finding.file in second_names:
                    duplicates.append(replace(entry, duplicate_of=second_names[finding.file]))
                else:
                    entries.append(entry)
        return cls(tuple(entries), tuple(duplicates))

    @property
    def ids(self) -> set[str]:
        return {entry.id for entry in self.entries}

    def id_at(self, file: str) -> str | None:
        return next((entry.id for entry in self.entries if entry.file == file), None)

    def files(self) -> set[str]:
        return {entry.file for entry in (*self.entries, *self.duplicates)}

    def coverage(self, excluded: set[str]) -> float | None:
        """Share of stages with customer evidence, duplicates and `excluded` left out."""
        outlines = [
            entry.outline
            for entry in self.entries
            if entry.outline is not None and entry.file not in excluded
        ]
        stages = sum(len(outline.stages) for outline in outlines)
        with_evidence = sum(outline.stages_with_evidence for outline in outlines)
        return with_evidence / stages if stages else None


def _duplicates(base: _Files, head: _Files) -> tuple[DuplicateChange, ...]:
    """The files that repeat a journey on one side only: added, or removed."""
    before = {entry.file: entry for entry in base.duplicates}
    after = {entry.file: entry for entry in head.duplicates}
    head_files = head.files()

    def of(entry: _Entry, side: _Files) -> tuple[str, str]:
        file = entry.duplicate_of or ""
        return side.id_at(file) or PurePosixPath(file).stem, file

    changes = [
        DuplicateChange(file, "removed", *of(entry, base), kept=file in head_files)
        for file, entry in before.items()
        if file not in after
    ]
    changes += [
        DuplicateChange(file, "added", *of(entry, head))
        for file, entry in after.items()
        if file not in before
    ]
    return tuple(sorted(changes, key=lambda change: change.file))


def _renamed_ids(base: _Files, head: _Files, renames: Mapping[str, str]) -> dict[str, str]:
    """Old journey id -> new id, for renamed files whose id changed with the name."""
    result: dict[str, str] = {}
    for old_file, new_file in renames.items():
        old, new = base.id_at(old_file), head.id_at(new_file)
        if old and new and old != new and old not in head.ids and new not in base.ids:
            result[old] = new
    return result


def _pairs(
    base: _Files, head: _Files, new_id: Mapping[str, str], renames: Mapping[str, str]
) -> list[tuple[_Entry | None, _Entry | None]]:
    """The journey files of both sides paired by id (in id order); among files that share
    an id on one side, the same file (or its renamed self) first, then in file order."""
    before: dict[str, list[_Entry]] = defaultdict(list)
    after: dict[str, list[_Entry]] = defaultdict(list)
    for entry in sorted(base.entries, key=lambda e: e.file):
        before[new_id.get(entry.id, entry.id)].append(entry)
    for entry in sorted(head.entries, key=lambda e: e.file):
        after[entry.id].append(entry)
    pairs: list[tuple[_Entry | None, _Entry | None]] = []
    for id_ in sorted(set(before) | set(after)):
        olds, news = list(before[id_]), list(after[id_])
        for old in list(olds):
            same = next((n for n in news if n.file == renames.get(old.file, old.file)), None)
            if same is not None:
                pairs.append((old, same))
                olds.remove(old)
                news.remove(same)
        pairs.extend(zip(olds, news, strict=False))
        pairs.extend((old, None) for old in olds[len(news) :])
        pairs.extend((None, new) for new in news[len(olds) :])
    return pairs


def _journey(
    before: _Entry | None, after: _Entry | None, studies: Set[str] = frozenset()
) -> JourneyChange | None:
    """The change to one journey (`studies`: the ids of the studies the change edits)."""
    if before and after and before.outline is not None and before.outline is after.outline:
        return None  # one result reused for both sides: the file did not change
    if after is None:  # gone
        assert before is not None
        stages = [stage_removed(stage) for stage in before.stages]
        mark_disagreement(stages)
        return JourneyChange(
            before.id,
            before.title,
            before.file,
            "removed",
            tuple(stages),
            unreadable="base" if not before.readable else None,
            coverage_before=before.coverage,
            error=before.error if not before.readable else None,
        )
    if before is None:  # new
        return JourneyChange(
            after.id,
            after.title,
            after.file,
            "added",
            tuple(stage_added(stage) for stage in after.stages),
            unreadable="head" if not after.readable else None,
            coverage_after=after.coverage,
            error=after.error if not after.readable else None,
        )
    renamed = (
        Renamed(before.id, before.file)
        if before.id != after.id or before.file != after.file
        else None
    )
    if not before.readable and after.readable:
        # readable only now: its stages had no status at the base to compare with
        return JourneyChange(
            after.id,
            after.title,
            after.file,
            "changed",
            tuple(stage_unknown_before(stage) for stage in first_of_each(after.stages)),
            renamed_from=renamed,
            unreadable="base",
            coverage_after=after.coverage,
            error=before.error,
        )
    if not after.readable:  # not readable after the change: its stages are unknown there
        if not before.readable and renamed is None:
            return None  # unreadable on both sides: the findings tell
        return JourneyChange(
            after.id,
            before.title or after.title,
            after.file,
            "changed",
            tuple(stage_unknown_after(stage) for stage in first_of_each(before.stages)),
            renamed_from=renamed,
            unreadable="head",
            coverage_before=before.coverage,
            error=after.error,
        )
    stages = compare_stages(before.stages, after.stages, studies)
    fields = _journey_fields(before, after)
    if not stages and not fields and renamed is None:
        return None
    return JourneyChange(
        after.id,
        after.title,
        after.file,
        "changed",
        tuple(stages),
        fields,
        renamed,
        coverage_before=before.coverage,
        coverage_after=after.coverage,
    )


def _journey_fields(before: _Entry, after: _Entry) -> tuple[str, ...]:
    """The journey's own fields that differ (only its title where a side has schema errors)."""
    if before.journey is not None and after.journey is not None:
        old, new = before.journey, after.journey
        return tuple(name for name in _JOURNEY_FIELDS if getattr(old, name) != getattr(new, name))
    return ("title",) if before.title != after.title else ()
