"""Stage statuses, derived in SPEC's order."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_helpers import FIXED_TODAY
from journeymap.journey.model import Evidence, Stage, Waiver
from journeymap.journey.status import Status, stage_status

FRESH = dt.date(2026, 10, 1)
OLD = dt.date(2024, 1, 1)


def evidence(stance: str, date: dt.date = FRESH) -> Evidence:
    return Evidence(kind="interview", summary="s", source="s", date=date, stance=stance)  # type: ignore[arg-type]


def stage(*items: Evidence, until: dt.date | None = None) -> Stage:
    waiver = Waiver(reason="r", approved_by="a", until=until) if until else None
    return Stage(id="s", title="S", assumption="x", evidence=list(items), waiver=waiver)


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (stage(), Status.UNVALIDATED),
        (stage(until=dt.date(2026, 11, 24)), Status.UNVALIDATED),
        (stage(until=FIXED_TODAY), Status.WAIVED),
        (stage(until=dt.date(2027, 3, 31)), Status.WAIVED),
        (stage(evidence("supports", OLD)), Status.STALE),
        (stage(evidence("contradicts", OLD), evidence("mixed", OLD)), Status.STALE),
        (stage(evidence("supports"), evidence("contradicts")), Status.CONTESTED),
        (stage(evidence("mixed")), Status.CONTESTED),
        (stage(evidence("supports"), evidence("mixed", OLD)), Status.CONFIRMED),
        (stage(evidence("contradicts"), evidence("supports", OLD)), Status.CONTRADICTED),
        (stage(evidence("contradicts")), Status.CONTRADICTED),
        (stage(evidence("supports"), evidence("supports")), Status.CONFIRMED),
        (stage(evidence("supports"), until=dt.date(2027, 1, 1)), Status.CONFIRMED),
    ],
)
def test_stage_status(subject: Stage, expected: Status) -> None:
    assert stage_status(subject, FIXED_TODAY, 365) is expected


def test_evidence_exactly_max_age_days_old_is_fresh() -> None:
    boundary = FIXED_TODAY - dt.timedelta(days=365)
    assert stage_status(stage(evidence("supports", boundary)), FIXED_TODAY, 365) is Status.CONFIRMED
    older = boundary - dt.timedelta(days=1)
    assert stage_status(stage(evidence("supports", older)), FIXED_TODAY, 365) is Status.STALE
