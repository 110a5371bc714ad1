"""The journey page's view: the journey, each stage with its evidence, the map's blocks,
the table of contents and the journey's own research backlog (`gaps`).

Counts and shares come from the core (`CheckedJourney`); the backlog category of a
stage from `figures`; words and colours from `labels`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from markupsafe import Markup

from journeymap.journey.model import Stage
from journeymap.journey.status import Status
from journeymap.site import anchors, figures
from journeymap.site.context import (
    Figures,
    JourneyView,
    MapBlock,
    StageView,
    StatusCount,
    TocEntry,
    WaiverView,
)
from journeymap.site.emotion import emotion_svg
from journeymap.site.labels import DISPLAY_ORDER, EMOTION_LABELS, STATUS_LOOKS, kind_label, signed
from journeymap.site.pages.evidence import age_text, evidence_view, stances
from journeymap.site.pages.gaps import journey_backlog
from journeymap.text import printable

if TYPE_CHECKING:
    from journeymap.check.report import CheckedJourney

#: Most stages in one band of the map: six columns fit an A4 landscape sheet.
BLOCK_STAGES = 6


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


def stage_view(
    stage: Stage,
    status: Status,
    titles: Mapping[str, str],
    following: str | None,
    *,
    today: dt.date,
    max_age: int,
    number: int = 1,
    known_since: dt.date | None = None,
) -> StageView:
    """The view of one stage; `following` is the id of the next stage in travel order;
    `known_since` the day the baseline recorded it as a known gap, if it did."""
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
        evidence=[evidence_view(e, today, max_age) for e in ordered],
        stances=stances(stage.evidence),
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
        known_since=known_since.isoformat() if known_since else None,
    )


def status_figures(
    statuses: Sequence[Status], *, evidenced: int, share: int, complaints: int
) -> Figures:
    """Figures of these stages (one journey's, or all journeys'); `evidenced` and `share`
    as the core counted them."""
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
            known_since=checked.known.get(stage.id),
        )
        for index, (stage, status) in enumerate(zip(stages, statuses, strict=True))
    ]
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
        figures=status_figures(
            statuses,
            evidenced=checked.stages_with_evidence,
            share=figures.percent(checked.stages_with_evidence, len(stages)),
            complaints=sum(view.complaints for view in views),
        ),
        backlog=journey_backlog(views, stages, journey.owner, today, max_age),
        diagram=Markup(diagram),  # sanitized SVG from site/graphviz.py
        emotion=Markup(emotion),  # escaped SVG from site/emotion.py
        toc=_toc(views, bool(emotion)),
    )
