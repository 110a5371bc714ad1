"""Page views: ready-to-render values for the dashboard, journey pages and gaps page.

Templates receive plain strings and numbers (and the two SVGs this package generates,
already marked safe); journey text stays text, and Jinja autoescaping escapes it.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from journeymap.emotion import emotion_svg
from journeymap.findings import Severity
from journeymap.model import Evidence, Stage
from journeymap.status import GAP_STATUSES, Status, is_fresh

if TYPE_CHECKING:
    from journeymap.check import CheckedJourney, Report

STATUS_LABELS: dict[Status, str] = {
    Status.UNVALIDATED: "Unvalidated",
    Status.WAIVED: "Waived",
    Status.STALE: "Stale",
    Status.CONTESTED: "Contested",
    Status.CONTRADICTED: "Contradicted",
    Status.CONFIRMED: "Confirmed",
}
STATUS_HELP: dict[Status, str] = {
    Status.UNVALIDATED: "no customer evidence yet: the team is guessing",
    Status.WAIVED: "no customer evidence, by a dated decision",
    Status.STALE: "all evidence is older than the maximum age",
    Status.CONTESTED: "customers disagree with each other",
    Status.CONTRADICTED: "customers contradict the assumption",
    Status.CONFIRMED: "customers confirm the assumption",
}
#: Statuses in the order they are shown: the most urgent first.
DISPLAY_ORDER = (
    Status.UNVALIDATED,
    Status.CONTRADICTED,
    Status.CONTESTED,
    Status.STALE,
    Status.WAIVED,
    Status.CONFIRMED,
)
EMOTION_LABELS = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}
KIND_LABELS = {
    "support-ticket": "Support tickets",
    "usability-test": "Usability test",
    "sales-call": "Sales call",
}


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    help: str
    count: int


@dataclass(frozen=True)
class EvidenceView:
    kind: str
    kind_label: str
    summary: str
    source: str
    date: str
    age: str
    fresh: bool
    stance: str
    sentiment: str | None
    sample: int | None
    quote: str | None
    url: str | None  # http(s) only
    is_number: bool
    is_complaint: bool  # a complaint, or negative sentiment: shown first, counted


@dataclass(frozen=True)
class WaiverView:
    reason: str
    approved_by: str
    until: str
    in_force: bool


@dataclass(frozen=True)
class StageView:
    id: str
    anchor: str
    title: str
    status: str
    status_label: str
    status_help: str
    assumption: str
    assumed_by: str | None
    evidence: list[EvidenceView]
    voices: int
    numbers: int
    complaints: int
    signal: str | None  # the strongest signal, in a few words
    emotion: int | None
    emotion_text: str | None  # "+1", "0", "-2" (with a real minus sign)
    emotion_tone: str | None  # pos, zero, neg
    emotion_label: str | None
    pain_points: list[str]
    opportunities: list[str]
    touchpoints: list[str]
    next: list[str]  # titles of the stages customers go to from here
    waiver: WaiverView | None
    call_to_action: str | None
    next_step: str | None  # what the research backlog should do about this stage
    newest_evidence: str | None  # ISO date
    newest_age: str | None
    is_gap: bool


@dataclass(frozen=True)
class JourneyView:
    id: str
    title: str
    persona: str | None
    owner: str | None
    summary: str | None
    tags: list[str]
    source_path: str
    edit_url: str | None
    url: str  # site-root-relative page URL
    stages: list[StageView]
    counts: list[StatusCount]
    evidenced: int
    share: int  # percent of stages with customer evidence
    complaints: int
    contradicted: int
    gaps: int
    diagram: Markup
    emotion: Markup

    @property
    def gap_stages(self) -> list[StageView]:
        return [stage for stage in self.stages if stage.is_gap]


@dataclass(frozen=True)
class Portfolio:
    journeys: list[JourneyView]
    counts: list[StatusCount]
    stages: int
    evidenced: int
    share: int
    complaints: int
    contradicted: int
    gaps: int
    errors: int
    warnings: int
    infos: int
    today: str
    max_age_days: int
    links: dict[str, str] = field(default_factory=dict)


def share(part: int, whole: int) -> int:
    """A rounded percentage; 0 of 0 is 0%."""
    return round(100 * part / whole) if whole else 0


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


def _is_complaint(evidence: Evidence) -> bool:
    return evidence.kind == "complaint" or evidence.sentiment == "negative"


def _evidence_order(evidence: Evidence) -> tuple[int, int, int]:
    """Complaints and negative evidence first, then contradicting, then newest first."""
    stance_rank = {"contradicts": 0, "mixed": 1, "supports": 2}[evidence.stance]
    return (0 if _is_complaint(evidence) else 1, stance_rank, -evidence.date.toordinal())


def _evidence_view(evidence: Evidence, today: dt.date, max_age: int) -> EvidenceView:
    return EvidenceView(
        kind=evidence.kind,
        kind_label=KIND_LABELS.get(evidence.kind, evidence.kind.capitalize()),
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
        is_complaint=_is_complaint(evidence),
    )


def _signal(first: Evidence | None) -> str | None:
    if first is None:
        return None
    words = [KIND_LABELS.get(first.kind, first.kind.capitalize()).lower(), first.stance]
    if first.sample:
        words.append(f"n={first.sample}")
    return ", ".join(words)


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


NEXT_STEPS = {
    Status.CONTRADICTED: (
        "Customers contradict this assumption: revisit the design, or find out why."
    ),
    Status.CONTESTED: "Customers disagree: find out which customers, and why.",
}


def _signed(value: int | None) -> str | None:
    if value is None:
        return None
    return f"+{value}" if value > 0 else f"\u2212{-value}" if value < 0 else "0"


def _tone(value: int | None) -> str | None:
    if value is None:
        return None
    return "pos" if value > 0 else "neg" if value < 0 else "zero"


def stage_view(
    stage: Stage,
    status: Status,
    titles: Mapping[str, str],
    following: str | None,
    *,
    today: dt.date,
    max_age: int,
) -> StageView:
    """The view of one stage; `following` is the id of the next stage in travel order."""
    ordered = sorted(stage.evidence, key=_evidence_order)
    newest = max((e.date for e in stage.evidence), default=None)
    targets = stage.next if stage.next is not None else ([following] if following else [])
    waiver = None
    if stage.waiver is not None:
        waiver = WaiverView(
            reason=stage.waiver.reason,
            approved_by=stage.waiver.approved_by,
            until=stage.waiver.until.isoformat(),
            in_force=stage.waiver.until >= today,
        )
    return StageView(
        id=stage.id,
        anchor=f"stage-{stage.id}",
        title=stage.title,
        status=status.value,
        status_label=STATUS_LABELS[status],
        status_help=STATUS_HELP[status],
        assumption=stage.assumption,
        assumed_by=stage.assumed_by,
        evidence=[_evidence_view(e, today, max_age) for e in ordered],
        voices=sum(1 for e in stage.evidence if not e.is_number),
        numbers=sum(1 for e in stage.evidence if e.is_number),
        complaints=sum(1 for e in stage.evidence if _is_complaint(e)),
        signal=_signal(ordered[0] if ordered else None),
        emotion=stage.emotion,
        emotion_text=_signed(stage.emotion),
        emotion_tone=_tone(stage.emotion),
        emotion_label=EMOTION_LABELS[stage.emotion] if stage.emotion is not None else None,
        pain_points=list(stage.pain_points),
        opportunities=list(stage.opportunities),
        touchpoints=list(stage.touchpoints),
        next=[titles[t] for t in targets if t in titles],
        waiver=waiver,
        call_to_action=_call_to_action(stage, status, max_age),
        next_step=_call_to_action(stage, status, max_age) or NEXT_STEPS.get(status),
        newest_evidence=newest.isoformat() if newest else None,
        newest_age=age_text((today - newest).days) if newest else None,
        is_gap=status in GAP_STATUSES,
    )


def _counts(statuses: Sequence[Status]) -> list[StatusCount]:
    return [
        StatusCount(s.value, STATUS_LABELS[s], STATUS_HELP[s], statuses.count(s))
        for s in DISPLAY_ORDER
    ]


def journey_view(
    checked: CheckedJourney,
    *,
    today: dt.date,
    max_age: int,
    url: str,
    edit_url: str | None = None,
    diagram: str = "",
) -> JourneyView:
    """The view of one journey page; `diagram` is sanitized SVG markup (or "")."""
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
        )
        for index, (stage, status) in enumerate(zip(stages, statuses, strict=True))
    ]
    evidenced = checked.stages_with_evidence
    return JourneyView(
        id=checked.id,
        title=journey.title,
        persona=journey.persona,
        owner=journey.owner,
        summary=journey.summary,
        tags=list(journey.tags),
        source_path=checked.display_path,
        edit_url=edit_url,
        url=url,
        stages=views,
        counts=_counts(statuses),
        evidenced=evidenced,
        share=share(evidenced, len(stages)),
        complaints=sum(view.complaints for view in views),
        contradicted=statuses.count(Status.CONTRADICTED),
        gaps=sum(1 for view in views if view.is_gap),
        diagram=Markup(diagram),  # sanitized SVG from diagram.py
        emotion=Markup(emotion_svg([(s.title, s.emotion) for s in stages])),
    )


def portfolio(
    report: Report,
    *,
    max_age: int,
    urls: Mapping[str, str],
    edit_url: Callable[[CheckedJourney], str | None] = lambda checked: None,
    diagrams: Mapping[str, str] | None = None,
) -> Portfolio:
    """Views of every journey in the report, with the portfolio's totals.

    `urls` maps journey ids to their site-root-relative page URLs, plus the keys
    "dashboard" and "gaps".
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
        )
        for checked in report.journeys
    ]
    statuses = [status for checked in report.journeys for status in checked.statuses.values()]
    stages = len(statuses)
    evidenced = sum(journey.evidenced for journey in journeys)
    return Portfolio(
        journeys=journeys,
        counts=_counts(statuses),
        stages=stages,
        evidenced=evidenced,
        share=share(evidenced, stages),
        complaints=sum(journey.complaints for journey in journeys),
        contradicted=sum(journey.contradicted for journey in journeys),
        gaps=sum(journey.gaps for journey in journeys),
        errors=report.count(Severity.ERROR),
        warnings=report.count(Severity.WARNING),
        infos=report.count(Severity.INFO),
        today=report.today.isoformat(),
        max_age_days=max_age,
        links={key: value for key, value in urls.items() if key in {"dashboard", "gaps"}},
    )


def environment(templates: Path | None = None) -> jinja2.Environment:
    """Jinja with autoescaping, loading the team's overrides first, then the shipped pages."""
    shipped = Path(str(importlib.resources.files("journeymap.site_templates")))
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(templates))
    loaders.append(jinja2.FileSystemLoader(shipped))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg", "j2"), default_for_string=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(
    env: jinja2.Environment,
    template: str,
    href: Callable[[str], str],
    **context: Any,
) -> str:
    """Render one page template; `href(site_url)` makes a link relative to the current page."""
    return env.get_template(template).render(href=href, **context)
