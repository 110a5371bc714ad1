"""The context every page template receives: every journey's view, the dashboard's rows
and filters, the research backlog, and the portfolio's figures (`Portfolio`).

`portfolio()` is the entry point of the page views: the plan calls it once per build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from journeymap.check.findings import Severity
from journeymap.site import figures
from journeymap.site.context import Portfolio
from journeymap.site.pages import dashboard, gaps
from journeymap.site.pages.journey import journey_view, status_figures

if TYPE_CHECKING:
    from journeymap.check.report import CheckedJourney, Report


def portfolio(
    report: Report,
    *,
    max_age: int,
    urls: Mapping[str, str],
    edit_url: Callable[[CheckedJourney], str | None] = lambda checked: None,
    diagrams: Mapping[str, str] | None = None,
    source_path: Callable[[CheckedJourney], str] | None = None,
) -> Portfolio:
    """Views of every journey in the report, with the portfolio's figures.

    `urls` maps journey ids to their site-root-relative page URLs, plus the keys
    "dashboard" and "gaps"; `diagrams` maps journey ids to sanitized SVG;
    `source_path` gives the file name each journey's views show.
    """
    diagrams = diagrams or {}
    journeys = [
        journey_view(
            checked,
            today=report.today,
            max_age=max_age,
            url=urls[checked.id],
            edit_url=edit_url(checked),
            diagram=diagrams.get(checked.id, ""),
            source_path=source_path(checked) if source_path else None,
        )
        for checked in report.journeys
    ]
    statuses = [status for checked in report.journeys for status in checked.statuses.values()]
    rows, filters = dashboard.rows_and_filters(journeys)
    backlog = gaps.backlog(rows)
    # The journeys shown (a preview leaves out the ones that cannot be read): the same
    # stages for the count, the evidenced ones and the share, each counted by the core.
    evidenced = sum(checked.stages_with_evidence for checked in report.journeys)
    return Portfolio(
        journeys=journeys,
        rows=rows,
        filters=filters,
        figures=status_figures(
            statuses,
            evidenced=evidenced,
            share=figures.percent(evidenced, len(statuses)),
            complaints=sum(journey.figures.complaints for journey in journeys),
        ),
        backlog=backlog,
        backlog_counts=gaps.backlog_counts(backlog),
        gaps=sum(len(group.items) for group in backlog),
        errors=report.count(Severity.ERROR),
        warnings=report.count(Severity.WARNING),
        infos=report.count(Severity.INFO),
        today=report.today.isoformat(),
        max_age_days=max_age,
        links={key: value for key, value in urls.items() if key in {"dashboard", "gaps"}},
        known_gaps=sum(1 for journey in journeys for stage in journey.stages if stage.known_since),
    )
