"""The journey file format, version 1, as pydantic models (SPEC "Journey file format").

The models are the single source of the format: validation, the JSON Schema
(`journeymap schema`) and the editor's hover help all come from them.
Strict mode keeps YAML 1.1 surprises (`stance: no` is a boolean, an unquoted
`2026-01-02` is a date) from being coerced silently into text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
_SLUG = re.compile(SLUG_PATTERN)
TEXT_PATTERN = r"\S"
#: An http(s) URL with a host; the scheme in any case (written out: JSON Schema has no flags).
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/$.?#][^\s]*$"

VOICE_KINDS = (
    "interview",
    "survey",
    "support-ticket",
    "complaint",
    "review",
    "usability-test",
    "observation",
    "sales-call",
    "social",
)
NUMBER_KINDS = ("analytics", "metric")
EVIDENCE_KINDS = VOICE_KINDS + NUMBER_KINDS

EvidenceKind = Literal[
    "interview",
    "survey",
    "support-ticket",
    "complaint",
    "review",
    "usability-test",
    "observation",
    "sales-call",
    "social",
    "analytics",
    "metric",
]
Stance = Literal["supports", "contradicts", "mixed"]
Sentiment = Literal["positive", "neutral", "negative"]


def is_slug(text: str) -> bool:
    """Whether `text` is a valid journey or stage id."""
    return _SLUG.fullmatch(text) is not None


def _calendar_date(value: Any) -> Any:
    """Accept a YAML date or a quoted `YYYY-MM-DD` string; leave anything else to fail."""
    if isinstance(value, dt.datetime):
        return value  # a timestamp is not a day: the strict date check rejects it
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else value
        except ValueError:
            return value
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
#: Text with something in it: "" and "   " are both empty.
Text = Annotated[str, StringConstraints(min_length=1, pattern=TEXT_PATTERN)]
Day = Annotated[
    dt.date, BeforeValidator(_calendar_date), Field(json_schema_extra={"format": "date"})
]
HttpUrl = Annotated[str, StringConstraints(pattern=URL_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Waiver(_Strict):
    """A deliberate, dated decision to go ahead on a stage without customer input."""

    reason: Text = Field(description="Why the team goes ahead without customer input here.")
    approved_by: Text = Field(description="Who decided (a person or a role).")
    until: Day = Field(description="Last day the waiver is in force (YYYY-MM-DD).")


class Evidence(_Strict):
    """Customer input about a stage: what customers said or did, and where to find it again."""

    kind: EvidenceKind = Field(
        description=(
            "The customer source. analytics and metric are numbers; the rest are voices. "
            "Internal opinions are not evidence: they belong in the stage's assumption."
        )
    )
    summary: Text = Field(description="What customers said or did.")
    source: Text = Field(description="Where anyone can find it again.")
    date: Day = Field(description="When it was gathered (YYYY-MM-DD); not in the future.")
    stance: Stance = Field(description="How it bears on the stage's assumption.")
    quote: Text | None = Field(default=None, description="The customer's own words.")
    url: HttpUrl | None = Field(default=None, description="An http or https link to the source.")
    sample: Annotated[int, Field(gt=0)] | None = Field(
        default=None, description="How many respondents, tickets or sessions."
    )
    sentiment: Sentiment | None = Field(default=None, description="How customers felt.")
    study: Slug | None = Field(
        default=None,
        description=(
            "The id of the study it came from (a file in the research folder): its kind, "
            "source, date, url and participants count here unless written on the item."
        ),
    )
    segment: Slug | None = Field(
        default=None,
        description="Which customers it is from: a segment id declared in the configuration.",
    )

    @property
    def is_number(self) -> bool:
        """Whether this is a number (analytics, metric) rather than a customer's voice."""
        return self.kind in NUMBER_KINDS


class Stage(_Strict):
    """One step of the journey: what the team assumes next to what customers showed or said."""

    id: Slug = Field(description="Unique within the journey: lowercase letters, digits, hyphens.")
    title: Text = Field(description="The stage's name as customers would recognise it.")
    assumption: Text = Field(
        description="What the insiders believe happens, or what customers want, here."
    )
    assumed_by: Text | None = Field(default=None, description="Who holds the assumption.")
    evidence: list[Evidence] = Field(
        default_factory=list, description="Customer input about this stage."
    )
    waiver: Waiver | None = Field(
        default=None, description="A deliberate decision to go without customer input."
    )
    touchpoints: list[Text] = Field(
        default_factory=list, description="Channels: email, website, phone…"
    )
    emotion: Annotated[int, Field(ge=-2, le=2)] | None = Field(
        default=None, description="How customers feel here, per the evidence: -2 to 2."
    )
    pain_points: list[Text] = Field(default_factory=list, description="What hurts here.")
    opportunities: list[Text] = Field(default_factory=list, description="What could be better.")
    next: list[Slug] | None = Field(
        default=None,
        description="Ids of the stages customers go to from here; default: the following stage.",
    )
    phase: Text | None = Field(
        default=None,
        description=(
            "A group of consecutive stages (e.g. Discover, Buy, Use); the map and the "
            "diagram group stages by phase."
        ),
    )


class Journey(_Strict):
    """One customer journey: a titled list of stages in travel order."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="journeymap journey (format version 1)",
    )

    id: Slug | None = Field(
        default=None, description="Defaults to the file's stem; must equal it when given."
    )
    title: Text = Field(description="The journey's name.")
    persona: Text | None = Field(default=None, description="Who travels this journey.")
    owner: Text | None = Field(default=None, description="The team accountable for it.")
    summary: Text | None = Field(default=None, description="One paragraph.")
    tags: list[Text] = Field(default_factory=list, description="Free-form labels.")
    stages: Annotated[list[Stage], Field(min_length=1)] = Field(
        description="The stages, in travel order."
    )
