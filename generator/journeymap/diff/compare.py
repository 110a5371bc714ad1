"""What a change does to what the team knows: two check Reports compared (SPEC "Changes").

Pure: no files, no git. Journeys are matched by id (the file's stem), stages by id
within their journey. A journey file with schema errors is still compared stage by
stage: every stage that is valid on its own is compared in full (its status, its
evidence, its waiver), so an edit next to an unrelated mistake is never hidden by it;
a stage with schema errors has no status, but its evidence items and waiver that are
valid on their own are compared too (deleting a complaint is seen there as well).
Evidence is compared item by item; an item edited in place is one removed and one
added, and also one *edited* item (same kind, and same source or summary) that says
which of its fields changed. The findings of the two sides are matched by (code,
journey, stage), identical findings first: a failing finding in the head without a
match in the base is *introduced* by the change, and only those fail `journeymap diff`.
Both sides are checked with the same today, so a waiver that ran out or evidence that
aged out on a stage the change does not touch fails on both sides alike: it is
reported as *time-caused*, never introduced.

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

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from pydantic import ValidationError

from journeymap.check.findings import Finding, Severity
from journeymap.check.pipeline import JourneyOutline, Report, StageOutline
from journeymap.journey.model import Evidence, Journey, Stage, Waiver
from journeymap.journey.status import Status

#: Finding codes that time alone can raise on an unchanged stage.
TIME_CODES = frozenset({"expired-waiver", "stale-evidence", "waiver-expiring", "evidence-aging"})
#: Stances whose removal makes disagreement disappear.
DISAGREEING = frozenset({"contradicts", "mixed"})

_STAGE_FIELDS = tuple(n for n in Stage.model_fields if n not in {"id", "evidence", "waiver"})
_JOURNEY_FIELDS = tuple(name for name in Journey.model_fields if name not in {"id", "stages"})
_EVIDENCE_FIELDS = tuple(Evidence.model_fields)
_LINE_NUMBER = re.compile(r"(?<=\bline )\d+")

#: A value of an evidence field, as a diff shows it (dates and URLs as text).
Value = str | int | None


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence as a diff shows it."""

    kind: str
    stance: str
    summary: str
    source: str
    date: dt.date

    @classmethod
    def of(cls, evidence: Evidence) -> EvidenceItem:
        return cls(evidence.kind, evidence.stance, evidence.summary, evidence.source, evidence.date)

    @property
    def disagrees(self) -> bool:
        return self.stance in DISAGREEING


@dataclass(frozen=True)
class FieldChange:
    """One field of an evidence item, before and after an edit."""

    name: str
    before: Value
    after: Value


@dataclass(frozen=True)
class EvidenceEdit:
    """A removed item and an added one that are the same evidence edited in place."""

    before: EvidenceItem
    after: EvidenceItem
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class WaiverState:
    reason: str
    approved_by: str
    until: dt.date

    @classmethod
    def of(cls, waiver: Waiver | None) -> WaiverState | None:
        return cls(waiver.reason, waiver.approved_by, waiver.until) if waiver else None


@dataclass(frozen=True)
class WaiverChange:
    """`change`: added, removed, extended (a later `until`), shortened, or changed."""

    change: str
    before: WaiverState | None
    after: WaiverState | None


@dataclass(frozen=True)
class StageChange:
    """A stage added, removed or changed; `before`/`after` are None where it is absent,
    or where it is not valid on its own (`unreadable` names that side then)."""

    id: str
    title: str | None
    change: str
    before: Status | None
    after: Status | None
    evidence_added: tuple[EvidenceItem, ...] = ()
    evidence_removed: tuple[EvidenceItem, ...] = ()
    waiver: WaiverChange | None = None
    fields_changed: tuple[str, ...] = ()
    #: removed evidence that contradicted or was mixed, and was not kept elsewhere in the journey
    disagreement_removed: tuple[EvidenceItem, ...] = ()
    #: the pairs of removed and added items that are one item edited in place
    evidence_edited: tuple[EvidenceEdit, ...] = ()
    #: "base", "head" or "both": where the stage has schema errors (and so no status); its
    #: evidence and waiver are compared as far as they are valid on their own
    unreadable: str | None = None
    #: evidence that disagreed at the base, in a file that cannot be read after the change:
    #: not known to be removed, but no longer seen
    disagreement_hidden: tuple[EvidenceItem, ...] = ()

    @property
    def status_changed(self) -> bool:
        return self.before != self.after

    def only_added(self) -> list[EvidenceItem]:
        """The added items that are not half of an edit."""
        return _without(self.evidence_added, [edit.after for edit in self.evidence_edited])

    def only_removed(self) -> list[EvidenceItem]:
        """The removed items that are not half of an edit."""
        return _without(self.evidence_removed, [edit.before for edit in self.evidence_edited])


@dataclass(frozen=True)
class Renamed:
    id: str
    file: str


@dataclass(frozen=True)
class JourneyChange:
    """A journey added, removed or changed, with its changed stages only."""

    id: str
    title: str | None
    file: str
    change: str
    stages: tuple[StageChange, ...] = ()
    fields_changed: tuple[str, ...] = ()
    renamed_from: Renamed | None = None
    #: "base" or "head" when the journey's file could not be read as a journey on that side
    unreadable: str | None = None
    coverage_before: float | None = None
    coverage_after: float | None = None
    #: the first error of the file on the side where it cannot be read (`unreadable`)
    error: Finding | None = None


@dataclass(frozen=True)
class DuplicateChange:
    """A file that repeats a journey (`duplicate-id`) added, or removed (`kept`: the file
    is still there, no longer a duplicate)."""

    file: str
    change: str  # "added" or "removed"
    of_id: str  # the journey it repeats
    of_file: str  # the file that journey is read from
    kept: bool = False


@dataclass(frozen=True)
class OptionChange:
    """A journeymap option (the policy) that differs between the base and the head."""

    name: str
    before: object
    after: object


@dataclass(frozen=True)
class FindingChanges:
    """The findings of the head, sorted by what the change has to do with them."""

    introduced: tuple[Finding, ...]  # in the head, not in the base (any severity)
    new_failures: tuple[Finding, ...]  # the introduced ones that fail the run
    pre_existing: tuple[Finding, ...]  # failing on both sides
    time_caused: tuple[Finding, ...]  # pre-existing, raised by time on an untouched stage
    resolved: tuple[Finding, ...]  # failing in the base, gone in the head

    @property
    def new_warnings(self) -> tuple[Finding, ...]:
        """The introduced warnings that do not fail the run (it is not strict)."""
        failing = set(self.new_failures)
        return tuple(
            f for f in self.introduced if f.severity is Severity.WARNING and f not in failing
        )


@dataclass(frozen=True)
class Diff:
    """Everything `journeymap diff` reports."""

    journeys: tuple[JourneyChange, ...]
    findings: FindingChanges
    coverage_before: float | None
    coverage_after: float | None
    strict: bool
    base_label: str = ""
    base_ref: str | None = None
    base_commit: str | None = None
    today: dt.date | None = None
    stages_before: int = 0
    stages_after: int = 0
    #: the journeymap options the change edits (both sides are checked with the head's)
    policy: tuple[OptionChange, ...] = ()
    #: why the base's options could not be compared, if they could not
    policy_note: str | None = None
    #: the configuration file the options are read from, as shown
    policy_file: str = "mkdocs.yml"
    #: files that repeat a journey, added or removed by the change
    duplicates: tuple[DuplicateChange, ...] = ()
    #: journey files left out of the coverage of both sides: unreadable on one side
    coverage_excludes: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.findings.new_failures)

    def stage_changes(self) -> Iterator[tuple[JourneyChange, StageChange]]:
        for journey in self.journeys:
            for stage in journey.stages:
                yield journey, stage

    def compared_stages(self) -> Iterator[tuple[JourneyChange, StageChange]]:
        """The stage changes of journeys read on both sides, or on their one side: those
        of a file that cannot be read on one side have no status there to compare."""
        for journey, stage in self.stage_changes():
            if journey.unreadable is None or journey.change != "changed":
                yield journey, stage

    def unreadable(self, side: str) -> list[JourneyChange]:
        """The journeys on both sides whose file cannot be read as a journey on `side`."""
        return [j for j in self.journeys if j.change == "changed" and j.unreadable == side]

    def disagreement_hidden(self) -> list[tuple[JourneyChange, StageChange, EvidenceItem]]:
        return [
            (journey, stage, item)
            for journey, stage in self.stage_changes()
            for item in stage.disagreement_hidden
        ]

    def status_changes(self) -> Counter[str]:
        """`before->after` counts for stages on both sides whose status changed (SPEC)."""
        return Counter(
            f"{stage.before.value}->{stage.after.value}"
            for _, stage in self.stage_changes()
            if stage.before and stage.after and stage.before != stage.after
        )

    def newly(self, status: Status) -> list[tuple[JourneyChange, StageChange]]:
        """Stages that have `status` after the change and did not before (new ones too)."""
        return [
            (journey, stage)
            for journey, stage in self.compared_stages()
            if stage.after is status and stage.before is not status
        ]

    def status_moves(self) -> list[tuple[JourneyChange, StageChange]]:
        """Every stage whose status differs before and after (added and removed included),
        in journeys that can be read on both sides (or on their one side)."""
        return [(j, s) for j, s in self.compared_stages() if s.status_changed]

    def disagreement_removed(self) -> list[tuple[JourneyChange, StageChange, EvidenceItem]]:
        return [
            (journey, stage, item)
            for journey, stage in self.stage_changes()
            for item in stage.disagreement_removed
        ]

    def waiver_changes(self) -> list[tuple[JourneyChange, StageChange, WaiverChange]]:
        return [
            (journey, stage, stage.waiver)
            for journey, stage in self.stage_changes()
            if stage.waiver is not None
        ]

    def count(self, change: str) -> int:
        return sum(1 for journey in self.journeys if journey.change == change)

    def count_stages(self, change: str) -> int:
        return sum(1 for _, stage in self.stage_changes() if stage.change == change)


def compare(
    base: Report,
    head: Report,
    *,
    strict: bool,
    renames: Mapping[str, str] | None = None,
    base_label: str = "",
    base_ref: str | None = None,
    base_commit: str | None = None,
    policy: tuple[OptionChange, ...] = (),
    policy_note: str | None = None,
    policy_file: str = "mkdocs.yml",
    second_names: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {}),
) -> Diff:
    """Compare the base's report with the head's. `renames` maps a file's display path at
    the base to its display path at the head, for the files git saw renamed;
    `second_names` (base, head) maps each file that is a second name of another (a link:
    read once, under the other name) to that other name."""
    renames = renames or {}
    # Of two files with one id, the one the other side also has is the journey and the
    # other its duplicate: adding a copy is not a rename of the file that was there.
    base_files = {outline.file for outline in base.outlines}
    head_files = {outline.file for outline in head.outlines}
    base_side = _Side.of(base, second_names[0], prefer=head_files)
    head_side = _Side.of(head, second_names[1], prefer=base_files)
    new_id = _renamed_ids(base_side, head_side, renames)
    pairs = _pairs(base_side, head_side, new_id, renames)
    journeys = [
        change for before, after in pairs if (change := _journey(before, after)) is not None
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
        findings=_findings(base, head, new_id, touched, strict),
        coverage_before=base_side.coverage(excluded),
        coverage_after=head_side.coverage(excluded),
        strict=strict,
        base_label=base_label,
        base_ref=base_ref,
        base_commit=base_commit,
        today=head.today,
        stages_before=base.stages,
        stages_after=head.stages,
        policy=policy,
        policy_note=policy_note,
        policy_file=policy_file,
        duplicates=_duplicates(base_side, head_side),
        coverage_excludes=tuple(sorted(excluded)),
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
class _Side:
    """One report's journey files: every one that could be read as a journey (valid or
    not), and every one that could not; and the files that repeat a journey."""

    entries: tuple[_Entry, ...]
    duplicates: tuple[_Entry, ...] = ()

    @classmethod
    def of(
        cls, report: Report, second_names: Mapping[str, str], prefer: Set[str] = frozenset()
    ) -> _Side:
        """The side's files; of files with one id, the first of `prefer` (else by name) is
        the journey, the others its duplicates."""
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
        for finding in report.findings:
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


def _duplicates(base: _Side, head: _Side) -> tuple[DuplicateChange, ...]:
    """The files that repeat a journey on one side only: added, or removed."""
    before = {entry.file: entry for entry in base.duplicates}
    after = {entry.file: entry for entry in head.duplicates}
    head_files = head.files()

    def of(entry: _Entry, side: _Side) -> tuple[str, str]:
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


def _renamed_ids(base: _Side, head: _Side, renames: Mapping[str, str]) -> dict[str, str]:
    """Old journey id -> new id, for renamed files whose id changed with the name."""
    result: dict[str, str] = {}
    for old_file, new_file in renames.items():
        old, new = base.id_at(old_file), head.id_at(new_file)
        if old and new and old != new and old not in head.ids and new not in base.ids:
            result[old] = new
    return result


def _pairs(
    base: _Side, head: _Side, new_id: Mapping[str, str], renames: Mapping[str, str]
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


def _journey(before: _Entry | None, after: _Entry | None) -> JourneyChange | None:
    if before and after and before.outline is not None and before.outline is after.outline:
        return None  # one result reused for both sides: the file did not change
    if after is None:  # gone
        assert before is not None
        stages = [_stage_removed(stage) for stage in before.stages]
        _mark_disagreement(stages)
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
            tuple(_stage_added(stage) for stage in after.stages),
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
            tuple(_stage_unknown_before(stage) for stage in _first_of_each(after.stages)),
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
            tuple(_stage_unknown_after(stage) for stage in _first_of_each(before.stages)),
            renamed_from=renamed,
            unreadable="head",
            coverage_before=before.coverage,
            error=after.error,
        )
    stages = _compare_stages(before, after)
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


def _first_of_each(stages: list[StageOutline]) -> list[StageOutline]:
    """The first stage of each id (a repeated id: the first one is compared)."""
    return list({stage.id: stage for stage in reversed(stages)}.values())[::-1]


def _stage_unknown_after(outline: StageOutline) -> StageChange:
    """A stage of a file that cannot be read after the change: not removed, unknown."""
    hidden = tuple(item for item in map(EvidenceItem.of, _evidence(outline)) if item.disagrees)
    return StageChange(
        outline.id or "",
        _stage_title(outline),
        "changed",
        outline.status,
        None,
        unreadable="head",
        disagreement_hidden=hidden,
    )


def _stage_unknown_before(outline: StageOutline) -> StageChange:
    """A stage of a file that could not be read at the base: not new, unknown before."""
    return StageChange(
        outline.id or "", _stage_title(outline), "changed", None, outline.status, unreadable="base"
    )


def _journey_fields(before: _Entry, after: _Entry) -> tuple[str, ...]:
    """The journey's own fields that differ (only its title where a side has schema errors)."""
    if before.journey is not None and after.journey is not None:
        old, new = before.journey, after.journey
        return tuple(name for name in _JOURNEY_FIELDS if getattr(old, name) != getattr(new, name))
    return ("title",) if before.title != after.title else ()


def _compare_stages(before: _Entry, after: _Entry) -> list[StageChange]:
    old: dict[str, StageOutline] = {}
    for stage in before.stages:  # a repeated id: the first one is compared
        old.setdefault(stage.id or "", stage)
    new_ids = {stage.id for stage in after.stages}
    changes: list[StageChange] = []
    seen: set[str] = set()
    for stage in after.stages:
        id_ = stage.id or ""
        if id_ in seen:
            continue
        seen.add(id_)
        previous = old.get(id_)
        if previous is None:
            changes.append(_stage_added(stage))
            continue
        change = _stage_changed(previous, stage)
        if change is not None:
            changes.append(change)
    removed_ids: set[str] = set()
    for stage in before.stages:
        if stage.id not in new_ids and stage.id not in removed_ids:
            removed_ids.add(stage.id or "")
            changes.append(_stage_removed(stage))
    _mark_disagreement(changes)
    return changes


def _stage_changed(previous: StageOutline, current: StageOutline) -> StageChange | None:
    """A stage on both sides, compared; None when nothing about it changed. A stage with
    schema errors on a side has no status there; its evidence items and waiver that are
    valid on their own are compared all the same, so no disagreement goes unseen."""
    old, new = previous.stage, current.stage
    unreadable = _unreadable(old is None, new is None)
    added, removed = _evidence_delta(_evidence(previous), _evidence(current))
    waiver = _waiver_change(_waiver(previous), _waiver(current))
    fields = (
        tuple(name for name in _STAGE_FIELDS if getattr(old, name) != getattr(new, name))
        if old is not None and new is not None
        else ()
    )
    status_changed = previous.status != current.status
    if not (added or removed or waiver or fields or status_changed):
        return None
    if unreadable == "both" and not (added or removed or waiver):
        return None  # schema errors on both sides and nothing else readable moved
    return StageChange(
        current.id or "",
        _stage_title(current) or _stage_title(previous),
        "changed",
        previous.status,
        current.status,
        tuple(EvidenceItem.of(e) for e in added),
        tuple(EvidenceItem.of(e) for e in removed),
        waiver,
        fields,
        evidence_edited=_edits(removed, added),
        unreadable=unreadable,
    )


def _stage_added(outline: StageOutline) -> StageChange:
    return StageChange(
        outline.id or "",
        _stage_title(outline),
        "added",
        None,
        outline.status,
        evidence_added=tuple(EvidenceItem.of(e) for e in _evidence(outline)),
        waiver=_waiver_change(None, _waiver(outline)),
        unreadable="head" if outline.stage is None else None,
    )


def _stage_removed(outline: StageOutline) -> StageChange:
    return StageChange(
        outline.id or "",
        _stage_title(outline),
        "removed",
        outline.status,
        None,
        evidence_removed=tuple(EvidenceItem.of(e) for e in _evidence(outline)),
        waiver=_waiver_change(_waiver(outline), None),
        unreadable="base" if outline.stage is None else None,
    )


def _unreadable(base: bool, head: bool) -> str | None:
    if base and head:
        return "both"
    return "base" if base else "head" if head else None


def _stage_title(outline: StageOutline) -> str | None:
    if outline.stage is not None:
        return outline.stage.title
    title = outline.raw.get("title") if isinstance(outline.raw, dict) else None
    return title if isinstance(title, str) else None


def _evidence(outline: StageOutline) -> list[Evidence]:
    """A stage's evidence: all of it when the stage is valid, else the items that are
    valid on their own."""
    if outline.stage is not None:
        return list(outline.stage.evidence)
    raw = outline.raw.get("evidence") if isinstance(outline.raw, dict) else None
    return [item for item in map(_valid_evidence, raw if isinstance(raw, list) else []) if item]


def _valid_evidence(raw: object) -> Evidence | None:
    try:
        return Evidence.model_validate(raw)
    except ValidationError:
        return None


def _waiver(outline: StageOutline) -> Waiver | None:
    """A stage's waiver, when it (or, in a stage with schema errors, the waiver) is valid."""
    if outline.stage is not None:
        return outline.stage.waiver
    raw = outline.raw.get("waiver") if isinstance(outline.raw, dict) else None
    try:
        return Waiver.model_validate(raw) if raw is not None else None
    except ValidationError:
        return None


def _evidence_delta(
    before: list[Evidence], after: list[Evidence]
) -> tuple[list[Evidence], list[Evidence]]:
    """(added, removed): items compared whole, as multisets, keeping each side's order."""
    remaining = Counter(_evidence_key(e) for e in before)
    added: list[Evidence] = []
    for evidence in after:
        key = _evidence_key(evidence)
        if remaining[key]:
            remaining[key] -= 1
        else:
            added.append(evidence)
    removed: list[Evidence] = []
    for evidence in before:
        key = _evidence_key(evidence)
        if remaining[key]:
            remaining[key] -= 1
            removed.append(evidence)
    return added, removed


def _evidence_key(evidence: Evidence) -> tuple[object, ...]:
    return tuple(getattr(evidence, name) for name in _EVIDENCE_FIELDS)


def _edits(removed: list[Evidence], added: list[Evidence]) -> tuple[EvidenceEdit, ...]:
    """Removed and added items that are one item edited in place: the same kind, and the
    same source (else the same summary); each item is half of one edit at most."""
    left = list(added)
    partner: dict[int, Evidence] = {}
    for field in ("source", "summary"):
        for index, old in enumerate(removed):
            if index in partner:
                continue
            wanted = (old.kind, getattr(old, field))
            new = next((n for n in left if (n.kind, getattr(n, field)) == wanted), None)
            if new is not None:
                left.remove(new)
                partner[index] = new
    return tuple(_edit(removed[index], partner[index]) for index in sorted(partner))


def _edit(old: Evidence, new: Evidence) -> EvidenceEdit:
    changes = tuple(
        FieldChange(name, _value(getattr(old, name)), _value(getattr(new, name)))
        for name in _EVIDENCE_FIELDS
        if getattr(old, name) != getattr(new, name)
    )
    return EvidenceEdit(EvidenceItem.of(old), EvidenceItem.of(new), changes)


def _value(value: object) -> Value:
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _without(items: tuple[EvidenceItem, ...], taken: list[EvidenceItem]) -> list[EvidenceItem]:
    """`items` less each of `taken` once (a multiset difference, in order)."""
    left = Counter(taken)
    kept: list[EvidenceItem] = []
    for item in items:
        if left[item]:
            left[item] -= 1
        else:
            kept.append(item)
    return kept


def _mark_disagreement(stages: list[StageChange]) -> None:
    """Fill each stage's `disagreement_removed`: removed evidence that contradicted or was
    mixed, unless the journey still has it disagreeing (same kind and source, stance
    `contradicts` or `mixed`: an edit, or a move to another stage). A stance changed to
    `supports` is disagreement removed."""
    kept = Counter(
        (item.kind, item.source)
        for stage in stages
        for item in stage.evidence_added
        if item.disagrees
    )
    for index, stage in enumerate(stages):
        gone: list[EvidenceItem] = []
        for item in stage.evidence_removed:
            if not item.disagrees:
                continue
            key = (item.kind, item.source)
            if kept[key]:
                kept[key] -= 1
            else:
                gone.append(item)
        if gone:
            stages[index] = replace(stage, disagreement_removed=tuple(gone))


def _waiver_change(before: Waiver | None, after: Waiver | None) -> WaiverChange | None:
    old, new = WaiverState.of(before), WaiverState.of(after)
    if old == new:
        return None
    if old is None:
        return WaiverChange("added", None, new)
    if new is None:
        return WaiverChange("removed", old, None)
    if new.until > old.until:
        return WaiverChange("extended", old, new)
    if new.until < old.until:
        return WaiverChange("shortened", old, new)
    return WaiverChange("changed", old, new)


def _findings(
    base: Report,
    head: Report,
    new_id: Mapping[str, str],
    touched: set[tuple[str, str]],
    strict: bool,
) -> FindingChanges:
    """Match head findings to base findings by (code, journey, stage): first the pairs
    with the same message, then those whose messages differ only in line numbers, then
    the rest in order. What is left over on the head side was introduced by the change."""

    def key(finding: Finding) -> tuple[str, str | None, str | None]:
        journey = new_id.get(finding.journey, finding.journey) if finding.journey else None
        return (finding.code, journey, finding.stage)

    pool: dict[tuple[str, str | None, str | None], list[Finding]] = defaultdict(list)
    for finding in base.findings:
        pool[key(finding)].append(finding)
    unmatched = list(head.findings)
    matched: set[int] = set()
    for same in (_same_message, _same_but_lines, lambda a, b: True):
        for index, finding in enumerate(unmatched):
            if index in matched:
                continue
            candidates = pool.get(key(finding))
            if not candidates:
                continue
            partner = next((c for c in candidates if same(c, finding)), None)
            if partner is not None:
                candidates.remove(partner)
                matched.add(index)
    introduced = [f for index, f in enumerate(unmatched) if index not in matched]
    pre_existing = tuple(
        f for index, f in enumerate(unmatched) if index in matched and f.severity.fails(strict)
    )
    time_caused = tuple(
        f
        for f in pre_existing
        if f.code in TIME_CODES and (f.journey or "", f.stage or "") not in touched
    )
    resolved = tuple(
        f for remaining in pool.values() for f in remaining if f.severity.fails(strict)
    )
    return FindingChanges(
        introduced=tuple(introduced),
        new_failures=tuple(f for f in introduced if f.severity.fails(strict)),
        pre_existing=pre_existing,
        time_caused=time_caused,
        resolved=tuple(sorted(resolved, key=Finding.sort_key)),
    )


def _same_message(base: Finding, head: Finding) -> bool:
    return base.message == head.message


def _same_but_lines(base: Finding, head: Finding) -> bool:
    """The same message once line numbers in it ("first at line 12") are left out."""
    return _LINE_NUMBER.sub("#", base.message) == _LINE_NUMBER.sub("#", head.message)
