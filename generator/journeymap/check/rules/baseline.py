"""The baseline's check: an entry no finding matches any more (`check.baseline` runs it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from journeymap.check.findings import Severity
from journeymap.check.rules.registry import Issue, Scope, rule
from journeymap.journey.positions import Position

if TYPE_CHECKING:
    from journeymap.check.baseline import Entry


@rule(
    "baseline-fixed",
    Severity.INFO,
    "a baseline entry no longer matches any finding: the gap is closed; "
    "`--write-baseline` removes it",
    scope=Scope.BASELINE,
)
def baseline_fixed(entry: tuple[Entry, str | None]) -> Iterator[Issue]:
    """A known gap of the baseline is closed: no finding of its code is left at its
    journey and stage (or the journey or stage no longer exists).

    Fails: `- {journey: billing, stage: pay, code: unvalidated-stage, since: 2026-01-05}`
    in the baseline once stage `pay` has customer evidence.
    Fix: run `journeymap validate --write-baseline`, which removes the entry (the file
    only ever shrinks unless `--grow` is given). Points at the entry's line.
    """
    known, gone = entry  # gone: "journey" or "stage" when that no longer exists
    what = (
        f"journey {known.journey!r} no longer exists"
        if gone == "journey"
        else f"stage {known.stage!r} no longer exists in journey {known.journey!r}"
        if gone == "stage"
        else f"no {known.code} finding is left at {known.where!r}"
    )
    yield Issue(
        f"the known gap {known.code} at {known.where!r} (since {known.since.isoformat()}) is "
        f"closed: {what}; run `journeymap validate --write-baseline` to remove it from the "
        "baseline",
        stage=known.stage,
        at=Position(known.line, 1) if known.line else None,
        whole_file=not known.line,
    )
