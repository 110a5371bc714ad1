"""What `journeymap diff` reports, as plain values, and what it is made from.

A `Diff` holds the journeys that changed (each with its changed stages: status before
and after, evidence added, removed or edited in place, the waiver), the files that
repeat a journey added or removed, coverage on both sides, what the change does to the
policy, and the head's findings sorted by what the change has to do with them. `compare`
(diff.compare) makes one from two `Side`s and a `BaseDescription`; the formats
(diff.formats) only read it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from journeymap.check.baseline import Entry
from journeymap.check.findings import Finding, Severity
from journeymap.check.report import Report
from journeymap.journey.model import Evidence, Waiver
from journeymap.journey.status import Status

#: Stances whose removal makes disagreement disappear.
DISAGREEING = frozenset({"contradicts", "mixed"})

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
    study: str | None = None  # the study it cites, if any

    @classmethod
    def of(cls, evidence: Evidence) -> EvidenceItem:
        return cls(
            evidence.kind,
            evidence.stance,
            evidence.summary,
            evidence.source,
            evidence.date,
            evidence.study,
        )

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
    #: each of `fields_changed`, before and after (lists as their items joined by ", ")
    field_values: tuple[FieldChange, ...] = ()
    #: after the change, all of the stage's evidence is numbers (analytics, metric)
    metrics_only_after: bool = False
    #: the studies its evidence cites that the change added, removed or edited: what moved
    #: the stage when its own file did not change (SPEC "Changes": the study is the cause)
    because: tuple[str, ...] = ()

    @property
    def status_changed(self) -> bool:
        return self.before != self.after

    def restanced(self) -> list[EvidenceItem]:
        """The disagreement removed by editing an item's stance to agree (it is kept, and
        now supports), not by deleting it."""
        gone = set(self.disagreement_removed)
        return [
            edit.before
            for edit in self.evidence_edited
            if edit.before in gone and not edit.after.disagrees
        ]

    def disagreement_deleted(self) -> list[EvidenceItem]:
        """The disagreement removed by deleting the evidence."""
        return _without(self.disagreement_removed, self.restanced())

    @property
    def confirmed_by_deletion(self) -> bool:
        """Newly confirmed only because evidence that disagreed was deleted: no evidence
        that supports was added, and none was edited to support."""
        return (
            self.after is Status.CONFIRMED
            and self.before not in (None, Status.CONFIRMED)
            and bool(self.disagreement_deleted())
            and not self.restanced()
            and not any(item.stance == "supports" for item in self.only_added())
        )

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
class StudyChange:
    """A study added, removed or changed (`fields`: the study's fields that differ, or
    "valid" when it became a valid study or stopped being one)."""

    id: str
    title: str | None
    file: str
    change: str  # "added", "removed" or "changed"
    fields: tuple[str, ...] = ()
    cited_by: int = 0  # evidence items citing it, on the head (the base for a removed one)


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
    #: what the head is compared with, and what the change does to the policy
    base: BaseDescription
    today: dt.date  # both sides are checked as of this day
    #: files that repeat a journey, added or removed by the change
    duplicates: tuple[DuplicateChange, ...] = ()
    #: journey files left out of the coverage of both sides: unreadable on one side
    coverage_excludes: tuple[str, ...] = ()
    #: study files added, removed or changed (SPEC "Changes", v1.2)
    studies: tuple[StudyChange, ...] = ()

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

    def restanced(self) -> set[EvidenceItem]:
        """The items of `disagreement_removed` that were edited to agree, not deleted."""
        return {item for _, stage in self.stage_changes() for item in stage.restanced()}

    def waiver_changes(self) -> list[tuple[JourneyChange, StageChange, WaiverChange]]:
        return [
            (journey, stage, stage.waiver)
            for journey, stage in self.stage_changes()
            if stage.waiver is not None
        ]

    def caused_by_studies(self) -> list[tuple[JourneyChange, StageChange]]:
        """The stages whose status a study the change edited moved."""
        return [(j, s) for j, s in self.status_moves() if s.because]

    def count(self, change: str) -> int:
        return sum(1 for journey in self.journeys if journey.change == change)

    def count_stages(self, change: str) -> int:
        return sum(1 for _, stage in self.stage_changes() if stage.change == change)


@dataclass(frozen=True)
class Side:
    """One side of a change, checked: its report, and each file that is a second name
    of another (a link: read once, under the other name) -> that name, which the diff
    tells as a duplicate of the journey."""

    report: Report
    second_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BaseDescription:
    """What the head is compared with: how the base is named, how its files map to the
    head's, and what the change does to the journeymap policy (both sides are checked
    with the head's options, so only this tells an edit of them)."""

    label: str  # the merge-base's short id, or the base folder as given
    ref: str | None = None  # the revision as named (git only)
    commit: str | None = None  # the merge-base's full id (git only)
    #: display path at the base -> display path at the head, for files git saw renamed
    renames: Mapping[str, str] = field(default_factory=dict)
    #: the journeymap options the change edits
    policy: tuple[OptionChange, ...] = ()
    #: why the base's options could not be compared, if they could not
    policy_note: str | None = None
    #: the configuration file the options are read from, as shown
    policy_file: str = "mkdocs.yml"
    #: known gaps the change adds to the baseline, and those it removes (SPEC "Baseline")
    baseline_added: tuple[Entry, ...] = ()
    baseline_removed: tuple[Entry, ...] = ()
    #: the baseline file, as shown
    baseline_file: str = "journeymap-baseline.yml"


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
