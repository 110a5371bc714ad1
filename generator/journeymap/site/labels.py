"""Words and colours for what the pages show: one table per thing.

Statuses (label, one-line help, diagram colours, display order), research-backlog
categories, emotion levels and evidence kinds. The diagram (`diagram`), the page views
(`pages/`) and the templates (through the views) all read them from here; the stylesheet
uses the status values as class names (`jm-status--<status>`).
"""

from __future__ import annotations

from typing import NamedTuple

from journeymap.journey.status import Status
from journeymap.site.figures import Gap


class StatusLook(NamedTuple):
    """How one status is shown."""

    label: str
    help: str


#: Colours and symbols are journeymap.css's (`jm-status--<status>`), for badges, bars,
#: legends and diagram nodes alike, light and dark.
STATUS_LOOKS: dict[Status, StatusLook] = {
    Status.UNVALIDATED: StatusLook("Unvalidated", "no customer evidence yet: the team is guessing"),
    Status.WAIVED: StatusLook("Waived", "no customer evidence, by a dated decision"),
    Status.STALE: StatusLook("Stale", "all evidence is older than the maximum age"),
    Status.CONTESTED: StatusLook("Contested", "customers disagree with each other"),
    Status.CONTRADICTED: StatusLook("Contradicted", "customers contradict the assumption"),
    Status.CONFIRMED: StatusLook("Confirmed", "customers confirm the assumption"),
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


class GapLook(NamedTuple):
    """How one research-backlog category is shown."""

    label: str
    help: str
    status: Status  # whose colour the category borrows


GAP_LOOKS: dict[Gap, GapLook] = {
    Gap.UNVALIDATED: GapLook(
        "Unvalidated", "no customer evidence and no waiver", Status.UNVALIDATED
    ),
    Gap.EXPIRED: GapLook(
        "Waiver expired", "the decision to go without research ran out", Status.UNVALIDATED
    ),
    Gap.CONTRADICTED: GapLook(
        "Contradicted", "customers contradict the assumption", Status.CONTRADICTED
    ),
    Gap.CONTESTED: GapLook("Contested", "customers disagree with each other", Status.CONTESTED),
    Gap.STALE: GapLook("Stale", "all evidence is older than the maximum age", Status.STALE),
    Gap.METRICS_ONLY: GapLook(
        "Numbers only", "only analytics and metrics: no customer's own words", Status.STALE
    ),
    Gap.WAIVED: GapLook("Waived", "going ahead without research until a date", Status.WAIVED),
}

EMOTION_LABELS = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}

#: Evidence kinds whose display name is not simply the capitalised kind.
KIND_LABELS = {
    "support-ticket": "Support ticket",
    "usability-test": "Usability test",
    "sales-call": "Sales call",
}

#: Evidence kinds as counted nouns (singular, plural): "1 interview", "2 support tickets".
KIND_NOUNS = {
    "interview": ("interview", "interviews"),
    "survey": ("survey", "surveys"),
    "support-ticket": ("support ticket", "support tickets"),
    "complaint": ("complaint", "complaints"),
    "review": ("review", "reviews"),
    "usability-test": ("usability test", "usability tests"),
    "observation": ("observation", "observations"),
    "sales-call": ("sales call", "sales calls"),
    "social": ("social-media post", "social-media posts"),
    "analytics": ("analytics report", "analytics reports"),
    "metric": ("metric", "metrics"),
}

#: How each stance reads after a count of sources: (one, more) — "1 contradicts",
#: "2 contradict", "1 is mixed".
STANCE_WORDS = {
    "supports": ("supports", "support"),
    "contradicts": ("contradicts", "contradict"),
    "mixed": ("is mixed", "are mixed"),
}


def stance_words(stance: str, count: int) -> str:
    """The stance as the verb of `count` sources: "supports" for one, "support" for two."""
    one, more = STANCE_WORDS[stance]
    return one if count == 1 else more


def kind_label(kind: str) -> str:
    """The kind in words: "Support ticket", "Interview"…"""
    return KIND_LABELS.get(kind, kind.capitalize())


def kind_count(kind: str, count: int) -> str:
    """A counted kind: "1 interview", "3 support tickets"."""
    singular, plural = KIND_NOUNS.get(kind, (kind, kind))
    return f"{count} {singular if count == 1 else plural}"


def signed(value: int) -> str:
    """An emotion level as text: "+1", "0", "\u22122" (with a real minus sign)."""
    return f"+{value}" if value > 0 else f"\u2212{-value}" if value < 0 else "0"
