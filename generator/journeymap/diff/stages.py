"""One journey's stages compared between the base and the head (SPEC "Changes").

Stages are matched by id (of a repeated id, the first is compared). A stage that is
valid on both sides is compared in full: its status, its fields, its evidence item by
item (as multisets: reordering is no change), its waiver. A stage with schema errors
on a side has no status there, but its evidence items and waiver that are valid on
their own are compared all the same, so deleting a complaint next to a mistake is seen.
An item edited in place is one removed and one added, and also one *edited* item (same
kind, and same source or summary) that says which of its fields changed. Removed
evidence that contradicted or was mixed, and is not kept elsewhere in the journey, is
*disagreement removed*.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import replace

from pydantic import ValidationError

from journeymap.check.pipeline import stage_citations
from journeymap.check.report import StageOutline
from journeymap.diff.changes import (
    EvidenceEdit,
    EvidenceItem,
    FieldChange,
    StageChange,
    Value,
    WaiverChange,
    WaiverState,
)
from journeymap.journey.model import Evidence, Stage, Waiver, is_slug
from journeymap.journey.status import Status

_STAGE_FIELDS = tuple(n for n in Stage.model_fields if n not in {"id", "evidence", "waiver"})
_EVIDENCE_FIELDS = tuple(Evidence.model_fields)
#: Statuses of a stage whose evidence disagrees.
_DISAGREEING = frozenset({Status.CONTRADICTED, Status.CONTESTED})


def compare_stages(
    before: Sequence[StageOutline],
    after: Sequence[StageOutline],
    studies: Set[str] = frozenset(),
) -> list[StageChange]:
    """The stages of one journey on both sides, matched by id: those added, removed or
    changed, in the head's order, then the removed ones; disagreement removed marked.
    `studies` are the ids of the studies the change edits: a changed stage citing one
    names it as the cause (`because`)."""
    old: dict[str, StageOutline] = {}
    for stage in before:  # a repeated id: the first one is compared
        old.setdefault(stage.id or "", stage)
    new_ids = {stage.id for stage in after}
    changes: list[StageChange] = []
    seen: set[str] = set()
    for stage in after:
        id_ = stage.id or ""
        if id_ in seen:
            continue
        seen.add(id_)
        previous = old.get(id_)
        if previous is None:
            changes.append(stage_added(stage))
            continue
        change = _stage_changed(previous, stage)
        if change is not None:
            cited = {*stage_citations(previous), *stage_citations(stage)}
            because = sorted(name for name in cited & studies if is_slug(name))
            change = replace(change, because=tuple(because))
            changes.append(change)
    removed_ids: set[str] = set()
    for stage in before:
        if stage.id not in new_ids and stage.id not in removed_ids:
            removed_ids.add(stage.id or "")
            changes.append(stage_removed(stage))
    mark_disagreement(changes)
    return [_through_studies(change) for change in changes]


def _through_studies(change: StageChange) -> StageChange:
    """A stage that stops disagreeing because a study it cites changed (its date moved
    past the maximum age, its kind or segments changed): the disagreeing items citing
    that study count as disagreement removed, as if they were deleted (SPEC "Changes")."""
    if not change.because or change.before not in _DISAGREEING or change.after in _DISAGREEING:
        return change
    counted = Counter(change.disagreement_removed)
    gone = list(change.disagreement_removed)
    for item in change.evidence_removed:
        if item.disagrees and item.study in change.because:
            if counted[item]:
                counted[item] -= 1
            else:
                gone.append(item)
    return replace(change, disagreement_removed=tuple(gone))


def _stage_changed(previous: StageOutline, current: StageOutline) -> StageChange | None:
    """A stage on both sides, compared; None when nothing about it changed. A stage with
    schema errors on a side has no status there; its evidence items and waiver that are
    valid on their own are compared all the same, so no disagreement goes unseen."""
    old, new = previous.stage, current.stage
    unreadable = _unreadable(old is None, new is None)
    added, removed = _evidence_delta(_evidence(previous), _evidence(current))
    waiver = _waiver_change(_waiver(previous), _waiver(current))
    values = (
        tuple(
            FieldChange(name, _shown(getattr(old, name)), _shown(getattr(new, name)))
            for name in _STAGE_FIELDS
            if getattr(old, name) != getattr(new, name)
        )
        if old is not None and new is not None
        else ()
    )
    fields = tuple(change.name for change in values)
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
        field_values=values,
        metrics_only_after=_metrics_only(new),
    )


def stage_added(outline: StageOutline) -> StageChange:
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


def stage_removed(outline: StageOutline) -> StageChange:
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


def stage_unknown_after(outline: StageOutline) -> StageChange:
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


def stage_unknown_before(outline: StageOutline) -> StageChange:
    """A stage of a file that could not be read at the base: not new, unknown before."""
    return StageChange(
        outline.id or "", _stage_title(outline), "changed", None, outline.status, unreadable="base"
    )


def first_of_each(stages: Sequence[StageOutline]) -> list[StageOutline]:
    """The first stage of each id (a repeated id: the first one is compared)."""
    return list({stage.id: stage for stage in reversed(stages)}.values())[::-1]


def mark_disagreement(stages: list[StageChange]) -> None:
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


def _shown(value: object) -> Value:
    """A stage field's value as a diff shows it: a list as its items joined by ", "."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return _value(value)


def _metrics_only(stage: Stage | None) -> bool:
    return bool(stage and stage.evidence and all(e.is_number for e in stage.evidence))


def _value(value: object) -> Value:
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


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
