"""Stage status, derived from evidence, waiver and the evidence-age policy (SPEC "Stage status")."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from journeymap.journey.model import Stage


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
    stances = {e.stance for e in stage.evidence if is_fresh(e.date, today, max_age_days)}
    if not stances:
        return Status.STALE
    if "mixed" in stances or {"supports", "contradicts"} <= stances:
        return Status.CONTESTED
    if "contradicts" in stances:
        return Status.CONTRADICTED
    return Status.CONFIRMED
