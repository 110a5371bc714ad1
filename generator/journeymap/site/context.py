"""The template context: what each page template receives, as types.

This is the contract of the template override point (`site_templates/`, the plugin's
`templates` option): the shipped templates and a team's overrides read these fields and
nothing else. Renaming or removing a field breaks overrides, so a test renders every
shipped template from these types with undefined names as errors.

Every template gets `href(url)`, which makes a site-root-relative URL relative to the
page being rendered, and `portfolio` (`Portfolio`); the journey template also gets
`journey` (`JourneyView`).

Text from journey files stays text: Jinja autoescaping escapes it wherever it is
printed. Only `JourneyView.diagram` and `JourneyView.emotion` are markup (SVG that
this package generated and sanitized).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from journeymap.site import anchors


@dataclass(frozen=True)
class StatusCount:
    """How many stages have one status."""

    status: str
    """The status: `unvalidated`, `waived`, `stale`, `contested`, `contradicted` or
    `confirmed`; also the CSS class suffix (`jm-status--<status>`)."""
    label: str
    """The status in words ("Contradicted")."""
    help: str
    """What the status means, in one line."""
    count: int
    """Number of stages."""


@dataclass(frozen=True)
class Figures:
    """The figures of a set of stages: one journey's, or all journeys'."""

    counts: list[StatusCount]
    """Stages per status, every status, most urgent first."""
    stages: int
    """Number of stages."""
    evidenced: int
    """Stages with customer evidence."""
    share: int
    """Percent of stages with customer evidence."""
    confirmed_share: int
    """Percent of stages customers confirm."""
    complaints: int
    """Complaints and negative evidence items."""
    contradicted: int
    """Stages whose status is `contradicted`."""

    @property
    def mix(self) -> list[StatusCount]:
        """The non-zero `counts`."""
        return [count for count in self.counts if count.count]


@dataclass(frozen=True)
class Tally:
    """A labelled count: evidence by stance, or a dashboard filter's choice."""

    key: str
    """Machine value: a stance (`contradicts`), or the key rows carry in their
    `data-f-<filter>` attribute."""
    label: str
    """Words for it: a stance as the verb of its count ("contradicts" for 1, "support"
    for 2), or a filter's choice ("Billing team")."""
    count: int
    """How many (evidence items; for a filter's choice, journeys)."""


@dataclass(frozen=True)
class EvidenceView:
    """One evidence item of a stage."""

    kind: str
    """The evidence kind as written (`support-ticket`)."""
    kind_label: str
    """The kind in words ("Support ticket")."""
    summary: str
    """What customers said or did."""
    source: str
    """Where anyone can find it again."""
    date: str
    """ISO date it was gathered."""
    age: str
    """How long ago, in words ("3 months ago")."""
    fresh: bool
    """Within the maximum evidence age."""
    stance: str
    """`supports`, `contradicts` or `mixed`."""
    sentiment: str | None
    """`positive`, `neutral`, `negative`, or None."""
    sample: int | None
    """Respondents, tickets or sessions, or None."""
    quote: str | None
    """The customer's own words, or None."""
    url: str | None
    """An http(s) link to the source, or None."""
    is_number: bool
    """`analytics` or `metric`: a number rather than a customer's voice."""
    is_complaint: bool
    """A complaint or negative sentiment: shown first and counted."""


@dataclass(frozen=True)
class WaiverView:
    """A stage's waiver."""

    reason: str
    """Why the team goes ahead without customer input."""
    approved_by: str
    """Who decided."""
    until: str
    """ISO date of its last day."""
    in_force: bool
    """Its last day is today or later."""
    days_left: int
    """Days until it ends (negative once it has ended)."""


@dataclass(frozen=True)
class StageView:
    """One stage of a journey page."""

    id: str
    """The stage id (a slug)."""
    anchor: str
    """The id of the stage's heading (`stage-<id>`): link to `#<anchor>`."""
    number: int
    """Its position in travel order, from 1."""
    title: str
    """The stage title."""
    phase: str | None
    """Its phase, or None."""
    status: str
    """The status the core derived (see `StatusCount.status`)."""
    status_label: str
    """The status in words."""
    status_help: str
    """What the status means, in one line."""
    assumption: str
    """What the team assumes here."""
    assumed_by: str | None
    """Who holds the assumption, or None."""
    evidence: list[EvidenceView]
    """Complaints and negative evidence first, then contradicting, then newest."""
    stances: list[Tally]
    """Evidence counted by stance (`supports`, `contradicts`, `mixed`), non-zero only."""
    kinds: list[str]
    """The distinct evidence kinds in words, in the order of `evidence`."""
    voices: int
    """Evidence items that are customers' voices."""
    numbers: int
    """Evidence items that are numbers (analytics, metric)."""
    complaints: int
    """Complaints and negative evidence items."""
    emotion: int | None
    """-2 to 2, or None without data."""
    emotion_text: str | None
    """The level as text ("+1", "0", "-2" with a real minus sign)."""
    emotion_tone: str | None
    """`pos`, `zero` or `neg`."""
    emotion_label: str | None
    """The level in words ("very negative")."""
    pain_points: list[str]
    """What hurts here."""
    opportunities: list[str]
    """What could be better."""
    touchpoints: list[str]
    """Channels: email, website, phone…"""
    next: list[str]
    """Titles of the stages customers go to from here."""
    waiver: WaiverView | None
    """Its waiver, or None."""
    call_to_action: str | None
    """What research this stage needs, for unvalidated and stale stages."""
    newest_evidence: str | None
    """ISO date of the newest evidence."""
    newest_age: str | None
    """How long ago the newest evidence was gathered, in words."""
    gap: str | None
    """Its research-backlog category (see `BacklogItem.gap`), or None."""
    known_since: str | None = None
    """ISO date its failing findings were recorded in the baseline (a known gap), or None."""


@dataclass(frozen=True)
class MapBlock:
    """Consecutive stages shown together on the map: a phase, or part of a long one.

    On screen the blocks sit side by side as one map; on paper each starts a new band
    of columns, so no column is cut at the edge of the sheet."""

    phase: str | None
    """The stages' phase, or None for stages without one."""
    continued: bool
    """The phase began in the block before (a long phase is split in bands)."""
    stages: list[StageView]
    """Its stages, in travel order."""


@dataclass(frozen=True)
class TocEntry:
    """An entry of the page's table of contents."""

    title: str
    """Plain text (the plugin escapes it)."""
    anchor: str
    """The id it links to."""
    children: list[TocEntry] = field(default_factory=list)
    """Entries one level down."""


@dataclass(frozen=True)
class BacklogItem:
    """A row of the research backlog (the gaps page)."""

    stage: StageView
    """The stage."""
    gap: str
    """Why it is on the backlog, in rank order: `unvalidated`, `expired` (a waiver ran
    out), `contradicted`, `contested`, `stale`, `metrics-only`, `waived`."""
    label: str
    """The category in words ("Waiver expired")."""
    help: str
    """What the category means, in one line."""
    status: str
    """The status whose colour the category is shown in."""
    reason: str
    """What puts this stage on the backlog, from its own facts."""
    next_step: str
    """What to do about it, from its own facts."""
    due: str | None
    """ISO date the waiver ends or ended (waived and expired rows)."""
    known_since: str | None = None
    """ISO date the stage became a known gap of the baseline, or None (its `stage` has it
    too)."""


@dataclass(frozen=True)
class JourneyView:
    """One journey: its page, its dashboard row, its backlog."""

    id: str
    """The journey id (a slug; the file name without `.yml`)."""
    title: str
    """The journey title."""
    persona: str | None
    """Who travels the journey, or None."""
    owner: str | None
    """The team accountable for it, or None."""
    summary: str | None
    """One paragraph, or None."""
    tags: list[str]
    """Free-form labels."""
    source_path: str
    """The journey file as the team knows it (`journeys/billing.yml`)."""
    edit_url: str | None
    """A link to edit the file, when the site has a `repo_url`."""
    url: str
    """The page's site-root-relative URL (pass it to `href`)."""
    stages: list[StageView]
    """In travel order."""
    blocks: list[MapBlock]
    """The stages again, in map blocks (phases)."""
    has_phases: bool
    """Any stage has a `phase`."""
    figures: Figures
    """Its stages by status, evidence share, complaints."""
    backlog: list[BacklogItem]
    """Its stages on the research backlog, most urgent first."""
    diagram: Markup
    """The stage-flow diagram (sanitized inline SVG), or empty."""
    emotion: Markup
    """The emotion curve (inline SVG), or empty without emotion data."""
    toc: list[TocEntry]
    """The page's table of contents."""


@dataclass(frozen=True)
class Filter:
    """A dashboard filter: rows carry `data-f-<name>` with the keys of their options."""

    name: str
    """`owner`, `persona`, `tag` or `status`: the `name` of its form field, and rows
    carry its keys in `data-f-<name>`."""
    label: str
    """The filter in words ("Owner")."""
    options: list[Tally]
    """Its choices, sorted by label (statuses: most urgent first)."""


@dataclass(frozen=True)
class DashboardRow:
    """A journey's row on the dashboard."""

    journey: JourneyView
    """The journey."""
    urgency: int
    """Its place in the default order, most urgent first, from 1."""
    owner: str
    """The key of its `owner` option, or ""."""
    persona: str
    """The key of its `persona` option, or ""."""
    tags: list[str]
    """The keys of its `tag` options."""
    statuses: list[str]
    """The statuses its stages have (keys of the `status` options)."""


@dataclass(frozen=True)
class GapCount:
    """How many backlog rows one category has."""

    gap: str
    """The category (see `BacklogItem.gap`)."""
    label: str
    """The category in words."""
    help: str
    """What the category means, in one line."""
    status: str
    """The status whose colour the category is shown in."""
    count: int
    """Backlog rows in the category."""


@dataclass(frozen=True)
class BacklogGroup:
    """A journey's rows on the gaps page."""

    journey: JourneyView
    """The journey."""
    anchor: str
    """The id of the group's heading."""
    items: list[BacklogItem]
    """Its backlog rows, most urgent first."""


@dataclass(frozen=True)
class PageIds:
    """The ids of the pages' sections (`anchors`): no stage anchor can equal one of them."""

    journey: str = anchors.JOURNEY
    """Journey page: its heading."""
    flow: str = anchors.FLOW
    """Journey page: the stage-flow diagram."""
    map: str = anchors.MAP
    """Journey page: the map."""
    emotion: str = anchors.EMOTION
    """Journey page: the emotion curve."""
    stages: str = anchors.STAGES
    """Journey page: the stages in detail."""
    journeys: str = anchors.JOURNEYS
    """Dashboard: its heading."""
    table: str = anchors.TABLE
    """Dashboard: the table of journeys."""
    statuses: str = anchors.STATUSES
    """Dashboard: what the statuses mean."""
    gaps: str = anchors.GAPS
    """Gaps page: its heading."""
    unreadable: str = anchors.UNREADABLE
    """The page of a journey file that cannot be read: its heading."""


@dataclass(frozen=True)
class Portfolio:
    """Every journey, with the portfolio's figures: the dashboard's and gaps page's context,
    and given to journey pages too."""

    journeys: list[JourneyView]
    """Every journey, by id."""
    rows: list[DashboardRow]
    """The dashboard's rows, most urgent first."""
    filters: list[Filter]
    """The dashboard filters that have options."""
    figures: Figures
    """All journeys' stages by status, evidence share, complaints."""
    backlog: list[BacklogGroup]
    """The research backlog: journeys most urgent first, each with its rows ranked."""
    backlog_counts: list[GapCount]
    """Backlog rows per category, in rank order (all categories)."""
    gaps: int
    """Backlog rows in all."""
    errors: int
    """Error findings in this build (`warnings`, `infos`: the other severities)."""
    warnings: int
    """See `errors`."""
    infos: int
    """See `errors`."""
    today: str
    """ISO date the statuses were derived on."""
    max_age_days: int
    """How long evidence counts as fresh."""
    links: dict[str, str]
    """Site-root-relative URLs of the `dashboard` and the `gaps` page."""
    ids: PageIds = field(default_factory=PageIds)
    """The ids of the pages' sections."""
    known_gaps: int = 0
    """Stages the baseline lists as known gaps (their failing findings fail nothing)."""
