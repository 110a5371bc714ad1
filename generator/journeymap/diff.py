"""What a change does to what the team knows: two check Reports compared (SPEC "Changes").

Pure: no files, no git. Journeys are matched by id (the file's stem), stages by id
within their journey. Evidence is compared item by item; an item edited in place is
one removed and one added. The findings of the two sides are matched by (code, journey,
stage): a failing finding in the head without a match in the base is *introduced* by
the change, and only those fail `journeymap diff`. Both sides are checked with the same
today, so a waiver that ran out or evidence that aged out on a stage the change does
not touch fails on both sides alike: it is reported as *time-caused*, never introduced.

A file git saw renamed (`billing.yml` -> `invoices.yml`) is one journey that changed
(under its new id, with `renamed_from`), compared stage by stage with the old file,
and its findings are matched across the rename: what a reviewer needs to see is what
the rename did to the stages, not every stage of a journey "removed" and "added".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from journeymap.check import CheckedJourney, Report
from journeymap.findings import Finding
from journeymap.model import Evidence, Journey, Stage, Waiver
from journeymap.status import Status

#: Finding codes that time alone can raise on an unchanged stage.
TIME_CODES = frozenset({"expired-waiver", "stale-evidence", "waiver-expiring", "evidence-aging"})
#: Stances whose removal makes disagreement disappear.
DISAGREEING = frozenset({"contradicts", "mixed"})

_STAGE_FIELDS = tuple(n for n in Stage.model_fields if n not in {"id", "evidence", "waiver"})
_JOURNEY_FIELDS = tuple(name for name in Journey.model_fields if name not in {"id", "stages"})
_EVIDENCE_FIELDS = tuple(Evidence.model_fields)


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
    """A stage added, removed or changed; `before`/`after` are None where it is absent."""

    id: str
    title: str
    change: str
    before: Status | None
    after: Status | None
    evidence_added: tuple[EvidenceItem, ...] = ()
    evidence_removed: tuple[EvidenceItem, ...] = ()
    waiver: WaiverChange | None = None
    fields_changed: tuple[str, ...] = ()
    #: removed evidence that contradicted or was mixed, and was not kept elsewhere in the journey
    disagreement_removed: tuple[EvidenceItem, ...] = ()

    @property
    def status_changed(self) -> bool:
        return self.before != self.after


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


@dataclass(frozen=True)
class FindingChanges:
    """The findings of the head, sorted by what the change has to do with them."""

    introduced: tuple[Finding, ...]  # in the head, not in the base (any severity)
    new_failures: tuple[Finding, ...]  # the introduced ones that fail the run
    pre_existing: tuple[Finding, ...]  # failing on both sides
    time_caused: tuple[Finding, ...]  # pre-existing, raised by time on an untouched stage
    resolved: tuple[Finding, ...]  # failing in the base, gone in the head


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

    @property
    def failed(self) -> bool:
        return bool(self.findings.new_failures)

    def stage_changes(self) -> Iterator[tuple[JourneyChange, StageChange]]:
        for journey in self.journeys:
            for stage in journey.stages:
                yield journey, stage

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
            for journey, stage in self.stage_changes()
            if stage.after is status and stage.before is not status
        ]

    def status_moves(self) -> list[tuple[JourneyChange, StageChange]]:
        """Every stage whose status differs before and after (added and removed included)."""
        return [(j, s) for j, s in self.stage_changes() if s.status_changed]

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
) -> Diff:
    """Compare the base's report with the head's. `renames` maps a file's display path at
    the base to its display path at the head, for the files git saw renamed."""
    base_side = _Side.of(base)
    head_side = _Side.of(head)
    new_id = _renamed_ids(base_side, head_side, renames or {})
    old_id = {new: old for old, new in new_id.items()}
    ids = sorted(set(head_side.ids) | {new_id.get(id_, id_) for id_ in base_side.ids})
    journeys = [
        change
        for id_ in ids
        if (change := _journey(base_side, head_side, old_id.get(id_, id_), id_)) is not None
    ]
    touched = {(j.id, s.id) for j in journeys for s in j.stages}
    return Diff(
        journeys=tuple(journeys),
        findings=_findings(base, head, new_id, touched, strict),
        coverage_before=base.evidence_share,
        coverage_after=head.evidence_share,
        strict=strict,
        base_label=base_label,
        base_ref=base_ref,
        base_commit=base_commit,
        today=head.today,
        stages_before=base.stages,
        stages_after=head.stages,
    )


@dataclass(frozen=True)
class _Side:
    """One report's journeys by id: valid ones, and files that are not valid journeys."""

    valid: dict[str, CheckedJourney]
    unreadable: dict[str, str]  # journey id (or the file's stem) -> file

    @classmethod
    def of(cls, report: Report) -> _Side:
        valid = {checked.id: checked for checked in report.journeys}
        files = {checked.display_path for checked in report.journeys}
        unreadable: dict[str, str] = {}
        for finding in report.findings:
            id_ = finding.journey or PurePosixPath(finding.file).stem
            if finding.file not in files and id_ not in valid:
                unreadable.setdefault(id_, finding.file)
        return cls(valid, unreadable)

    @property
    def ids(self) -> set[str]:
        return set(self.valid) | set(self.unreadable)

    def file_of(self, id_: str) -> str | None:
        checked = self.valid.get(id_)
        return checked.display_path if checked else self.unreadable.get(id_)

    def id_at(self, file: str) -> str | None:
        for id_ in self.ids:
            if self.file_of(id_) == file:
                return id_
        return None


def _renamed_ids(base: _Side, head: _Side, renames: Mapping[str, str]) -> dict[str, str]:
    """Old journey id -> new id, for renamed files whose id changed with the name."""
    result: dict[str, str] = {}
    for old_file, new_file in renames.items():
        old, new = base.id_at(old_file), head.id_at(new_file)
        if old and new and old != new and old not in head.ids and new not in base.ids:
            result[old] = new
    return result


def _journey(base: _Side, head: _Side, old_id: str, new_id: str) -> JourneyChange | None:
    before, after = base.valid.get(old_id), head.valid.get(new_id)
    if before is not None and before is after:
        return None  # one result reused for both sides: the file did not change
    before_file, after_file = base.file_of(old_id), head.file_of(new_id)
    renamed = (
        Renamed(old_id, before_file)
        if before_file and after_file and (old_id != new_id or before_file != after_file)
        else None
    )
    if after_file is None:  # gone
        assert before_file is not None
        stages = [_stage_removed(before, stage) for stage in _stages(before)]
        _mark_disagreement(stages)
        return JourneyChange(
            old_id,
            _title(before),
            before_file,
            "removed",
            tuple(stages),
            unreadable="base" if before is None else None,
            coverage_before=_coverage(before),
        )
    if before_file is None:  # new
        stages = [_stage_added(after, stage) for stage in _stages(after)]
        return JourneyChange(
            new_id,
            _title(after),
            after_file,
            "added",
            tuple(stages),
            unreadable="head" if after is None else None,
            coverage_after=_coverage(after),
        )
    if before is None and after is not None:
        # readable only now: its stages are new as far as anyone can tell
        stages = [_stage_added(after, stage) for stage in _stages(after)]
        return JourneyChange(
            new_id,
            _title(after),
            after_file,
            "changed",
            tuple(stages),
            renamed_from=renamed,
            unreadable="base",
            coverage_after=_coverage(after),
        )
    if after is None:  # not readable after the change: its stages cannot be compared
        if before is None and renamed is None:
            return None  # unreadable on both sides: the findings tell
        return JourneyChange(
            new_id,
            _title(before),
            after_file,
            "changed",
            renamed_from=renamed,
            unreadable="head",
            coverage_before=_coverage(before),
        )
    assert before is not None
    stages = _compare_stages(before, after)
    fields = tuple(
        name
        for name in _JOURNEY_FIELDS
        if getattr(before.journey, name) != getattr(after.journey, name)
    )
    if not stages and not fields and renamed is None:
        return None
    return JourneyChange(
        new_id,
        _title(after),
        after_file,
        "changed",
        tuple(stages),
        fields,
        renamed,
        coverage_before=_coverage(before),
        coverage_after=_coverage(after),
    )


def _compare_stages(before: CheckedJourney, after: CheckedJourney) -> list[StageChange]:
    old = {stage.id: stage for stage in reversed(_stages(before))}  # first one wins
    new_ids = {stage.id for stage in _stages(after)}
    changes: list[StageChange] = []
    seen: set[str] = set()
    for stage in _stages(after):
        if stage.id in seen:
            continue
        seen.add(stage.id)
        previous = old.get(stage.id)
        if previous is None:
            changes.append(_stage_added(after, stage))
            continue
        added, removed = _evidence_delta(previous.evidence, stage.evidence)
        waiver = _waiver_change(previous.waiver, stage.waiver)
        fields = tuple(
            name for name in _STAGE_FIELDS if getattr(previous, name) != getattr(stage, name)
        )
        status_before, status_after = before.statuses.get(stage.id), after.statuses.get(stage.id)
        if added or removed or waiver or fields or status_before != status_after:
            changes.append(
                StageChange(
                    stage.id,
                    stage.title,
                    "changed",
                    status_before,
                    status_after,
                    tuple(added),
                    tuple(removed),
                    waiver,
                    fields,
                )
            )
    removed_ids: set[str] = set()
    for stage in _stages(before):
        if stage.id not in new_ids and stage.id not in removed_ids:
            removed_ids.add(stage.id)
            changes.append(_stage_removed(before, stage))
    _mark_disagreement(changes)
    return changes


def _stage_added(journey: CheckedJourney | None, stage: Stage) -> StageChange:
    return StageChange(
        stage.id,
        stage.title,
        "added",
        None,
        journey.statuses.get(stage.id) if journey else None,
        evidence_added=tuple(EvidenceItem.of(e) for e in stage.evidence),
        waiver=_waiver_change(None, stage.waiver),
    )


def _stage_removed(journey: CheckedJourney | None, stage: Stage) -> StageChange:
    return StageChange(
        stage.id,
        stage.title,
        "removed",
        journey.statuses.get(stage.id) if journey else None,
        None,
        evidence_removed=tuple(EvidenceItem.of(e) for e in stage.evidence),
        waiver=_waiver_change(stage.waiver, None),
    )


def _evidence_delta(
    before: list[Evidence], after: list[Evidence]
) -> tuple[list[EvidenceItem], list[EvidenceItem]]:
    """(added, removed): items compared whole, as multisets, keeping each side's order."""
    remaining = Counter(_evidence_key(e) for e in before)
    added: list[EvidenceItem] = []
    for evidence in after:
        key = _evidence_key(evidence)
        if remaining[key]:
            remaining[key] -= 1
        else:
            added.append(EvidenceItem.of(evidence))
    removed: list[EvidenceItem] = []
    for evidence in before:
        key = _evidence_key(evidence)
        if remaining[key]:
            remaining[key] -= 1
            removed.append(EvidenceItem.of(evidence))
    return added, removed


def _evidence_key(evidence: Evidence) -> tuple[object, ...]:
    return tuple(getattr(evidence, name) for name in _EVIDENCE_FIELDS)


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
    """Match head findings to base findings by (code, journey, stage), the same message
    first; what is left over on the head side was introduced by the change."""

    def key(finding: Finding) -> tuple[str, str | None, str | None]:
        journey = new_id.get(finding.journey, finding.journey) if finding.journey else None
        return (finding.code, journey, finding.stage)

    pool: dict[tuple[str, str | None, str | None], list[Finding]] = defaultdict(list)
    for finding in base.findings:
        pool[key(finding)].append(finding)
    introduced: list[Finding] = []
    matched: list[Finding] = []
    for finding in head.findings:
        candidates = pool.get(key(finding))
        if not candidates:
            introduced.append(finding)
            continue
        same = next((c for c in candidates if c.message == finding.message), candidates[0])
        candidates.remove(same)
        matched.append(finding)
    pre_existing = tuple(f for f in matched if f.severity.fails(strict))
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


def _stages(journey: CheckedJourney | None) -> list[Stage]:
    return list(journey.journey.stages) if journey else []


def _title(journey: CheckedJourney | None) -> str | None:
    return journey.journey.title if journey else None


def _coverage(journey: CheckedJourney | None) -> float | None:
    if journey is None or not journey.journey.stages:
        return None
    return journey.stages_with_evidence / len(journey.journey.stages)
