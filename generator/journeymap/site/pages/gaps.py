"""The gaps page's view, the research backlog: every stage that needs customer research
(or goes without it on a waiver), why it is there and what to do next, in the row's own
facts; grouped by journey, most urgent first.

The categories and their ranking come from `figures` (`Gap`), their words and colours
from `labels`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from journeymap.journey.model import Evidence, Stage
from journeymap.journey.status import is_fresh
from journeymap.site import anchors, figures
from journeymap.site.context import (
    BacklogGroup,
    BacklogItem,
    DashboardRow,
    GapCount,
    StageView,
)
from journeymap.site.figures import Gap
from journeymap.site.labels import GAP_LOOKS, kind_count, kind_label, stance_words
from journeymap.site.pages.evidence import age_text, stances
from journeymap.text import listed, plural


def journey_backlog(
    views: Sequence[StageView],
    stages: Sequence[Stage],
    owner: str | None,
    today: dt.date,
    max_age: int,
) -> list[BacklogItem]:
    """A journey's stages on the backlog (the stage views and the stages, in travel order), most
    urgent first; among waived ones, the waiver that ends soonest first."""
    return sorted(
        (
            _backlog_item(view, stage, owner, today, max_age)
            for view, stage in zip(views, stages, strict=True)
            if view.gap is not None
        ),
        key=lambda item: (Gap(item.gap).rank, item.due or "", item.stage.number),
    )


def backlog(rows: Sequence[DashboardRow]) -> list[BacklogGroup]:
    """The gaps page's groups: the journeys with stages on the backlog, in the
    dashboard's order (most urgent first)."""
    return [
        BacklogGroup(row.journey, anchors.gaps_anchor(row.journey.id), row.journey.backlog)
        for row in rows
        if row.journey.backlog
    ]


def backlog_counts(groups: Sequence[BacklogGroup]) -> list[GapCount]:
    """Rows per category, every category, in rank order."""
    in_backlog = Counter(item.gap for group in groups for item in group.items)
    return [_gap_count(category, in_backlog[category.value]) for category in Gap]


def _gap_count(category: Gap, count: int) -> GapCount:
    look = GAP_LOOKS[category]
    return GapCount(category.value, look.label, look.help, look.status.value, count)


# Why each row is there and what to do, in the row's own facts.


def _fresh(stage: Stage, today: dt.date, max_age: int) -> list[Evidence]:
    return [e for e in stage.evidence if is_fresh(e.date, today, max_age)]


def _kinds(evidence: Iterable[Evidence]) -> str:
    """Counted kinds: "2 interviews, 1 survey and 1 metric"."""
    counts = Counter(e.kind for e in evidence)
    return listed([kind_count(kind, n) for kind, n in counts.most_common()])


def _who(stage: Stage, owner: str | None) -> str:
    return stage.assumed_by or owner or "the team"


def _reason(category: Gap, stage: Stage, today: dt.date, max_age: int) -> str:
    waiver = stage.waiver
    if category is Gap.UNVALIDATED:
        held = f", only {stage.assumed_by}'s assumption" if stage.assumed_by else ""
        return f"No customer evidence{held}."
    if category is Gap.EXPIRED and waiver is not None:
        ago = age_text((today - waiver.until).days)
        return (
            f"Waiver by {waiver.approved_by} ended on {waiver.until.isoformat()} ({ago}); "
            "no customer evidence."
        )
    fresh = _fresh(stage, today, max_age)
    if category is Gap.CONTRADICTED:
        against = [e for e in fresh if e.stance == "contradicts"]
        verb = stance_words("contradicts", len(against))
        return f"{plural(len(against), 'source')} {verb} ({_kinds(against)}); none supports."
    if category is Gap.CONTESTED:
        counted = stances(fresh)  # "1 source supports and 2 contradict"
        counts = [f"{t.count} {t.label}" for t in counted]
        counts[0] = f"{plural(counted[0].count, 'source')} {counted[0].label}"
        return "Customers disagree: " + listed(counts) + "."
    if category is Gap.STALE:
        newest = max(e.date for e in stage.evidence)
        ago = age_text((today - newest).days)
        return f"Newest evidence {newest.isoformat()} ({ago}), older than {max_age} days."
    if category is Gap.METRICS_ONLY:
        return f"Only numbers ({_kinds(stage.evidence)}), no customer's own words."
    if waiver is not None:  # waived
        left = (waiver.until - today).days
        when = "its last day" if left == 0 else f"in {plural(left, 'day')}"
        return (
            f"Waived by {waiver.approved_by} until {waiver.until.isoformat()} "
            f"({when}): {waiver.reason}"
        )
    return ""


def _next_step(category: Gap, stage: Stage, owner: str | None, today: dt.date) -> str:
    title = f"“{stage.title}”"
    where = f" ({listed(list(stage.touchpoints))})" if stage.touchpoints else ""
    waiver = stage.waiver
    if category is Gap.UNVALIDATED:
        return (
            f"Plan a first study of {title}{where} and ask {_who(stage, owner)} "
            "what customers would have to say to prove the assumption wrong."
        )
    if category is Gap.EXPIRED and waiver is not None:
        return (
            f"Add customer evidence for {title}, or ask {waiver.approved_by} to renew the "
            "waiver: until then this stage fails the build."
        )
    if category is Gap.CONTRADICTED:
        complaints = sum(1 for e in stage.evidence if figures.is_complaint(e))
        first = f", reading the {plural(complaints, 'negative item')} first" if complaints else ""
        return (
            f"Decide with {_who(stage, owner)}{first}: change {title}, or find out why "
            "customers see it otherwise."
        )
    if category is Gap.CONTESTED:
        return (
            f"Find out which customers disagree at {title}: split the "
            f"{_kinds(stage.evidence)} by segment before deciding."
        )
    if category is Gap.STALE:
        newest = max(stage.evidence, key=lambda e: e.date)
        return (
            f"Repeat the {kind_label(newest.kind).lower()} of {newest.date.isoformat()} "
            f"for {title}{where} with today's customers."
        )
    if category is Gap.METRICS_ONLY:
        return (
            f"Explain the {_kinds(stage.evidence)} at {title}{where} in customers' own "
            "words: an interview or an observation."
        )
    if waiver is not None:  # waived
        return (
            f"Research {title} before {waiver.until.isoformat()}, or ask "
            f"{waiver.approved_by} to extend the waiver."
        )
    return ""


def _backlog_item(
    view: StageView, stage: Stage, owner: str | None, today: dt.date, max_age: int
) -> BacklogItem:
    category = Gap(view.gap)
    look = GAP_LOOKS[category]
    return BacklogItem(
        stage=view,
        gap=category.value,
        label=look.label,
        help=look.help,
        status=look.status.value,
        reason=_reason(category, stage, today, max_age),
        next_step=_next_step(category, stage, owner, today),
        due=stage.waiver.until.isoformat() if stage.waiver is not None else None,
        known_since=view.known_since,
    )
