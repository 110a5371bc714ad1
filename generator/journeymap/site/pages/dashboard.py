"""The dashboard's view: a row per journey, most urgent first, with the keys its filters
(status, owner, persona, tag) select it by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from journeymap.site import figures
from journeymap.site.context import DashboardRow, Filter, JourneyView, Tally
from journeymap.site.figures import Gap
from journeymap.site.labels import DISPLAY_ORDER, STATUS_LOOKS


def rows_and_filters(journeys: Sequence[JourneyView]) -> tuple[list[DashboardRow], list[Filter]]:
    """The rows, most urgent first, and the filters that have options."""
    owners = _options("o", ([j.owner] if j.owner else [] for j in journeys))
    personas = _options("p", ([j.persona] if j.persona else [] for j in journeys))
    tags = _options("t", (j.tags for j in journeys))
    having = Counter(count.status for j in journeys for count in j.figures.mix)
    statuses = [
        Tally(s.value, STATUS_LOOKS[s].label, having[s.value])
        for s in DISPLAY_ORDER
        if having[s.value]
    ]
    rows = [
        DashboardRow(
            journey=journey,
            urgency=index,
            owner=owners[journey.owner].key if journey.owner else "",
            persona=personas[journey.persona].key if journey.persona else "",
            tags=[tags[tag].key for tag in dict.fromkeys(journey.tags)],
            statuses=[count.status for count in journey.figures.mix],
        )
        for index, journey in enumerate(sorted(journeys, key=_urgency), start=1)
    ]
    filters = [
        Filter("status", "Status", statuses),
        Filter("owner", "Owner", list(owners.values())),
        Filter("persona", "Persona", list(personas.values())),
        Filter("tag", "Tag", list(tags.values())),
    ]
    return rows, [f for f in filters if f.options]


def _urgency(journey: JourneyView) -> tuple[tuple[int, ...], int, str, str]:
    gaps = [Gap(item.gap) for item in journey.backlog]
    return (
        figures.urgency(gaps),
        journey.figures.confirmed_share,
        journey.title.casefold(),
        journey.id,
    )


def _options(prefix: str, values: Iterable[Iterable[str]]) -> dict[str, Tally]:
    """Options for the distinct values (by value), keyed `<prefix><n>`, sorted by label."""
    counts = Counter(value for group in values for value in set(group))
    ordered = sorted(counts, key=lambda value: (value.casefold(), value))
    return {
        value: Tally(f"{prefix}{index}", value, counts[value])
        for index, value in enumerate(ordered, start=1)
    }
