"""Stage status, derived from evidence, waiver and the evidence-age policy (SPEC "Stage status")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from journeymap.journey.model import Evidence, Stage


class Status(str, Enum):
    """A stage's status. The order of members is the order in which they are derived."""

    UNVALIDATED = "unvalidated"
    WAIVED = "waived"
    STALE = "stale"
    CONTESTED = "contested"
    CONTRADICTED = "contradicted"
    CONFIRMED = "confirmed"


def is_fresh(date: dt.date, today: dt.date, max_age_days: int) -> bool:
    """Whether evidence gathered on `date` is within the maximum age."""
    return (today - date).days <= max_age_days


def waiver_in_force(stage: Stage, today: dt.date) -> bool:
    return stage.waiver is not None and stage.waiver.until >= today


def stage_status(stage: Stage, today: dt.date, max_age_days: int) -> Status:
    """Derive the status of one stage, in SPEC's order."""
    if not stage.evidence:
        return Status.WAIVED if waiver_in_force(stage, today) else Status.UNVALIDATED
    return _status_of(stage.evidence, today, max_age_days)


def _status_of(evidence: Sequence[Evidence], today: dt.date, max_age_days: int) -> Status:
    """The status some evidence gives (there is some): stale, contested, contradicted or
    confirmed."""
    stances = {e.stance for e in evidence if is_fresh(e.date, today, max_age_days)}
    if not stances:
        return Status.STALE
    if "mixed" in stances or {"supports", "contradicts"} <= stances:
        return Status.CONTESTED
    if "contradicts" in stances:
        return Status.CONTRADICTED
    return Status.CONFIRMED


def segment_statuses(stage: Stage, today: dt.date, max_age_days: int) -> dict[str, Status]:
    """Segment id -> the status the stage's evidence from that segment gives, by the same
    rules (SPEC "Segments"); only segments with evidence on the stage, first seen first."""
    by_segment: dict[str, list[Evidence]] = {}
    for item in stage.evidence:
        if item.segment is not None:
            by_segment.setdefault(item.segment, []).append(item)
    return {
        segment: _status_of(items, today, max_age_days) for segment, items in by_segment.items()
    }


@dataclass(frozen=True)
class Split:
    """A contested stage's disagreement along segment lines: who supports, who contradicts."""

    supporting: tuple[str, ...]
    contradicting: tuple[str, ...]


def split_by_segment(stage: Stage, today: dt.date, max_age_days: int) -> Split | None:
    """The split, when the stage is contested and its fresh supporting and contradicting
    evidence come from different segments, with no segment on both sides (a `mixed` item
    is on both sides; an item of no segment cannot be placed): else None."""
    fresh = [e for e in stage.evidence if is_fresh(e.date, today, max_age_days)]
    if any(e.stance == "mixed" or e.segment is None for e in fresh):
        return None
    supporting = _segments(e for e in fresh if e.stance == "supports")
    contradicting = _segments(e for e in fresh if e.stance == "contradicts")
    if not supporting or not contradicting or set(supporting) & set(contradicting):
        return None
    return Split(supporting, contradicting)


def _segments(evidence: Iterable[Evidence]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.segment for e in evidence if e.segment is not None))
