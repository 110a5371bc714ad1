"""Domain figures the pages show: complaints, the research backlog and its ranking.

Pure functions of the model and the core's statuses (`check.CheckedJourney` holds the
statuses and the count of stages with evidence; `check.Report` the portfolio's share):
nothing here re-derives a status or a share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import Enum

from journeymap.journey.model import Evidence, Stage
from journeymap.journey.status import Status


class Gap(str, Enum):
    """Why a stage is on the research backlog; members in rank order, most urgent first
    (SPEC "The site": unvalidated, expired, contradicted, contested, stale, metrics-only,
    waived)."""

    UNVALIDATED = "unvalidated"
    EXPIRED = "expired"
    CONTRADICTED = "contradicted"
    CONTESTED = "contested"
    STALE = "stale"
    METRICS_ONLY = "metrics-only"
    WAIVED = "waived"

    @property
    def rank(self) -> int:
        return list(Gap).index(self)


_BY_STATUS = {
    Status.CONTRADICTED: Gap.CONTRADICTED,
    Status.CONTESTED: Gap.CONTESTED,
    Status.STALE: Gap.STALE,
    Status.WAIVED: Gap.WAIVED,
}


def is_metrics_only(stage: Stage) -> bool:
    """Evidence, all of it numbers (`analytics`, `metric`): SPEC's `metrics-only`."""
    return bool(stage.evidence) and all(item.is_number for item in stage.evidence)


def gap(stage: Stage, status: Status) -> Gap | None:
    """The backlog category of a stage, or None when it needs no research."""
    if status is Status.UNVALIDATED:
        return Gap.EXPIRED if stage.waiver is not None else Gap.UNVALIDATED
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return Gap.METRICS_ONLY if is_metrics_only(stage) else None


def urgency(gaps: Iterable[Gap | None]) -> tuple[int, ...]:
    """Sort key of a journey, most urgent first: more stages in a more urgent category
    come first (compared category by category, in rank order)."""
    counts = Counter(category for category in gaps if category is not None)
    return tuple(-counts[category] for category in Gap)


def is_complaint(evidence: Evidence) -> bool:
    """A complaint, or evidence with negative sentiment: shown first, counted."""
    return evidence.kind == "complaint" or evidence.sentiment == "negative"


def evidence_order(evidence: Evidence) -> tuple[int, int, int]:
    """Complaints and negative evidence first, then contradicting, then newest first."""
    stance_rank = {"contradicts": 0, "mixed": 1, "supports": 2}[evidence.stance]
    return (0 if is_complaint(evidence) else 1, stance_rank, -evidence.date.toordinal())


def percent(part: int, whole: int) -> int:
    """A rounded percentage; 0 of 0 is 0%."""
    return round(100 * part / whole) if whole else 0
