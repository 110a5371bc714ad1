"""Page views: the core's report turned into the template context (`views`).

`portfolio()` is the entry point: every journey's view, the dashboard's rows and
filters, and the research backlog, with the portfolio's figures. Counts and shares
come from the core (`CheckedJourney`, `Report`); backlog categories and their ranking
from `figures`; words and colours from `labels`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from markupsafe import Markup

from journeymap.site import anchors

from journeymap.site import figures
from journeymap.site.emotion import emotion_svg
from journeymap.site.figures import Gap
from journeymap.check.findings import Severity
from journeymap.text import printable
from journeymap.site.labels import (
    DISPLAY_ORDER,
    EMOTION_LABELS,
    GAP_LOOKS,
    STATUS_LOOKS,
    kind_count,
    kind_label,
    signed,
    stance_words,
)
from journeymap.journey.model import Evidence, Stage
from journeymap.journey.status import Status, is_fresh
from journeymap.site.context import (
    BacklogGroup,
    BacklogItem,
    DashboardRow,
    EvidenceView,
    Figures,
    Filter,
    GapCount,
    JourneyView,
    MapBlock,
    Portfolio,
    StageView,
    StatusCount,
    Tally,
    TocEntry,
    WaiverView,
)
from journeymap.text import listed, plural

if TYPE_CHECKING:
    from journeymap.check.pipeline import CheckedJourney, Report

#: Most stages in one band of the map: six columns fit an A4 landscape sheet.
BLOCK_STAGES = 6


def age_text(days: int) -> str:
    """How long ago, in words: "today", "3 days ago", "14 months ago"."""
    if days <= 0:
        return "today"
    if days == 1:
        return "1 day ago"
    if days < 60:
        return f"{days} days ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def http_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None (the model checks too: this is belt and braces)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _evidence_view(evidence: Evidence, today: dt.date, max_age: int) -> EvidenceView:
    return EvidenceView(
        kind=evidence.kind,
        kind_label=kind_label(evidence.kind),
        summary=evidence.summary,
        source=evidence.source,
        date=evidence.date.isoformat(),
        age=age_text((today - evidence.date).days),
        fresh=is_fresh(evidence.date, today, max_age),
        stance=evidence.stance,
        sentiment=evidence.sentiment,
        sample=evidence.sample,
        quote=evidence.quote,
        url=http_url(evidence.url),
        is_number=evidence.is_number,
        is_complaint=figures.is_complaint(evidence),
    )


def _call_to_action(stage: Stage, status: Status, max_age: int) -> str | None:
    if status is Status.UNVALIDATED:
        return (
            f"Talk to customers about “{stage.title}”: nobody has checked yet whether "
            "this assumption holds."
        )
    if status is Status.STALE:
        return (
            f"Talk to customers about “{stage.title}” again: all evidence here is older "
            f"than {max_age} days."
        )
    return None


def _tone(value: int) -> str:
    return "pos" if value > 0 else "neg" if value < 0 else "zero"


def _stances(evidence: Iterable[Evidence]) -> list[Tally]:
    counts = Counter(item.stance for item in evidence)
    return [
        Tally(stance, stance_words(stance, counts[stance]), counts[stance])
        for stance in ("supports", "contradicts", "mixed")
        if counts[stance]
    ]


def stage_view(
    stage: Stage,
    status: Status,
    titles: Mapping[str, str],
    following: str | None,
    *,
    today: dt.date,
    max_age: int,
    number: int = 1,
) -> StageView:
    """The view of one stage; `following` is the id of the next stage in travel order."""
    ordered = sorted(stage.evidence, key=figures.evidence_order)
    newest = max((e.date for e in stage.evidence), default=None)
    targets = stage.next if stage.next is not None else ([following] if following else [])
    waiver = None
    if stage.waiver is not None:
        waiver = WaiverView(
            reason=stage.waiver.reason,
            approved_by=stage.waiver.approved_by,
            until=stage.waiver.until.isoformat(),
            in_force=stage.waiver.until >= today,
            days_left=(stage.waiver.until - today).days,
        )
    look = STATUS_LOOKS[status]
    category = figures.gap(stage, status)
    emotion = stage.emotion
    return StageView(
        id=stage.id,
        anchor=anchors.stage_anchor(stage.id),
        number=number,
        title=stage.title,
        phase=stage.phase,
        status=status.value,
        status_label=look.label,
        status_help=look.help,
        assumption=stage.assumption,
        assumed_by=stage.assumed_by,
        evidence=[_evidence_view(e, today, max_age) for e in ordered],
        stances=_stances(stage.evidence),
        kinds=list(dict.fromkeys(kind_label(e.kind) for e in ordered)),
        voices=sum(1 for e in stage.evidence if not e.is_number),
        numbers=sum(1 for e in stage.evidence if e.is_number),
        complaints=sum(1 for e in stage.evidence if figures.is_complaint(e)),
        emotion=emotion,
        emotion_text=signed(emotion) if emotion is not None else None,
        emotion_tone=_tone(emotion) if emotion is not None else None,
        emotion_label=EMOTION_LABELS[emotion] if emotion is not None else None,
        pain_points=list(stage.pain_points),
        opportunities=list(stage.opportunities),
        touchpoints=list(stage.touchpoints),
        next=[titles[t] for t in targets if t in titles],
        waiver=waiver,
        call_to_action=_call_to_action(stage, status, max_age),
        newest_evidence=newest.isoformat() if newest else None,
        newest_age=age_text((today - newest).days) if newest else None,
        gap=category.value if category else None,
    )


def _figures(statuses: Sequence[Status], *, evidenced: int, share: int, complaints: int) -> Figures:
    """Figures of these stages; `evidenced` and `share` as the core counted them."""
    tally = Counter(statuses)
    return Figures(
        counts=[
            StatusCount(s.value, STATUS_LOOKS[s].label, STATUS_LOOKS[s].help, tally[s])
            for s in DISPLAY_ORDER
        ],
        stages=len(statuses),
        evidenced=evidenced,
        share=share,
        confirmed_share=figures.percent(tally[Status.CONFIRMED], len(statuses)),
        complaints=complaints,
        contradicted=tally[Status.CONTRADICTED],
    )


def _blocks(stages: Sequence[StageView]) -> list[MapBlock]:
    """Runs of consecutive stages in the same phase, cut into bands of BLOCK_STAGES."""
    blocks: list[MapBlock] = []
    for phase, run in groupby(stages, key=lambda stage: stage.phase):
        members = list(run)
        for start in range(0, len(members), BLOCK_STAGES):
            blocks.append(MapBlock(phase, start > 0, members[start : start + BLOCK_STAGES]))
    return blocks


def _toc(stages: Sequence[StageView], emotion: bool) -> list[TocEntry]:
    entries = [TocEntry("Stage flow", anchors.FLOW), TocEntry("Journey map", anchors.MAP)]
    if emotion:
        entries.append(TocEntry("Emotion curve", anchors.EMOTION))
    details = [TocEntry(stage.title, stage.anchor) for stage in stages]
    entries.append(TocEntry("Stages in detail", anchors.STAGES, details))
    return entries


# The research backlog: why each row is there and what to do, in the row's own facts.


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
        stances = _stances(fresh)  # "1 source supports and 2 contradict"
        counts = [f"{t.count} {t.label}" for t in stances]
        counts[0] = f"{plural(stances[0].count, 'source')} {stances[0].label}"
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
    )


def journey_view(
    checked: CheckedJourney,
    *,
    today: dt.date,
    max_age: int,
    url: str,
    edit_url: str | None = None,
    diagram: str = "",
    source_path: str | None = None,
) -> JourneyView:
    """The view of one journey page; `diagram` is sanitized SVG markup (or "").

    `source_path` is the file name the page shows (default: the checked display path).
    A file name can hold control characters (the id of a journey whose file name is not
    a valid id is that name): both are shown with them escaped, never raw.
    """
    journey = checked.journey
    stages = journey.stages
    titles = {stage.id: stage.title for stage in stages}
    statuses = [checked.statuses.get(stage.id, Status.UNVALIDATED) for stage in stages]
    views = [
        stage_view(
            stage,
            status,
            titles,
            stages[index + 1].id if index + 1 < len(stages) else None,
            today=today,
            max_age=max_age,
            number=index + 1,
        )
        for index, (stage, status) in enumerate(zip(stages, statuses, strict=True))
    ]
    backlog = sorted(
        (
            _backlog_item(view, stage, journey.owner, today, max_age)
            for view, stage in zip(views, stages, strict=True)
            if view.gap is not None
        ),
        key=lambda item: (Gap(item.gap).rank, item.due or "", item.stage.number),
    )
    emotion = emotion_svg([(s.title, s.emotion) for s in stages])
    return JourneyView(
        id=printable(checked.id),
        title=journey.title,
        persona=journey.persona,
        owner=journey.owner,
        summary=journey.summary,
        tags=list(journey.tags),
        source_path=printable(checked.display_path if source_path is None else source_path),
        edit_url=edit_url,
        url=url,
        stages=views,
        blocks=_blocks(views),
        has_phases=any(stage.phase for stage in stages),
        figures=_figures(
            statuses,
            evidenced=checked.stages_with_evidence,
            share=figures.percent(checked.stages_with_evidence, len(stages)),
            complaints=sum(view.complaints for view in views),
        ),
        backlog=backlog,
        diagram=Markup(diagram),  # sanitized SVG from renderer.py
        emotion=Markup(emotion),  # escaped SVG from emotion.py
        toc=_toc(views, bool(emotion)),
    )


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


def _dashboard(journeys: Sequence[JourneyView]) -> tuple[list[DashboardRow], list[Filter]]:
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


def _gap_count(category: Gap, count: int) -> GapCount:
    look = GAP_LOOKS[category]
    return GapCount(category.value, look.label, look.help, look.status.value, count)


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
    rows, filters = _dashboard(journeys)
    backlog = [
        BacklogGroup(row.journey, anchors.gaps_anchor(row.journey.id), row.journey.backlog)
        for row in rows
        if row.journey.backlog
    ]
    in_backlog = Counter(item.gap for group in backlog for item in group.items)
    # The journeys shown (a preview leaves out the ones that cannot be read): the same
    # stages for the count, the evidenced ones and the share, each counted by the core.
    evidenced = sum(checked.stages_with_evidence for checked in report.journeys)
    return Portfolio(
        journeys=journeys,
        rows=rows,
        filters=filters,
        figures=_figures(
            statuses,
            evidenced=evidenced,
            share=figures.percent(evidenced, len(statuses)),
            complaints=sum(journey.figures.complaints for journey in journeys),
        ),
        backlog=backlog,
        backlog_counts=[_gap_count(category, in_backlog[category.value]) for category in Gap],
        gaps=sum(in_backlog.values()),
        errors=report.count(Severity.ERROR),
        warnings=report.count(Severity.WARNING),
        infos=report.count(Severity.INFO),
        today=report.today.isoformat(),
        max_age_days=max_age,
        links={key: value for key, value in urls.items() if key in {"dashboard", "gaps"}},
    )
