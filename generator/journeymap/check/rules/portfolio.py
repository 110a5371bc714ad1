"""Portfolio checks: what only the whole folder shows (journey ids across files)."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.check.rules.context import JourneyRecord, PortfolioContext
from journeymap.check.rules.registry import Issue, Scope, rule
from journeymap.journey.positions import Position


@rule("duplicate-id", scope=Scope.PORTFOLIO)
def duplicate_journey_id(ctx: PortfolioContext) -> Iterator[tuple[JourneyRecord, Issue]]:
    """Two journey files define the same journey id: the second is reported.

    At its `id`, or at its first line when the id comes from the file name.
    """
    first: dict[str, str] = {}
    for journey in ctx.journeys:
        if journey.id in first:
            yield (
                journey,
                Issue(
                    f"journey id {journey.id!r} is already used by {first[journey.id]}: "
                    "journey ids must be unique across the folder",
                    at=journey.id_position or Position(1, 1),
                ),
            )
        else:
            first[journey.id] = journey.file
