"""The study file format (SPEC "Research studies"), and what evidence inherits from a study.

A study is one round of research (an interview round, a survey, a test session) described
once; evidence that came from it says `study: <id>` and takes the study's `kind`, `source`
(else its title), `date`, `url` and `sample` (its `participants`) unless it writes its
own. `inherit` applies that once, to the data as read, before the journey is validated:
every consumer (status, staleness, the rules, the site, `diff`) sees the values it inherits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from journeymap.journey.model import Day, EvidenceKind, HttpUrl, Slug, Text, _Strict

#: Evidence keys a study supplies, and the study field each comes from (SPEC's order).
INHERITED: tuple[tuple[str, str], ...] = (
    ("kind", "kind"),
    ("source", "source"),
    ("date", "date"),
    ("url", "url"),
    ("sample", "participants"),
)


class Study(_Strict):
    """One round of research, described once, that evidence items cite with `study: <id>`."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="journeymap study (format version 1)",
    )

    id: Slug | None = Field(
        default=None, description="Defaults to the file's stem; must equal it when given."
    )
    title: Text = Field(description="The study's name, e.g. Billing interviews, October 2026.")
    kind: EvidenceKind = Field(
        description="The method: an evidence kind (interview, survey, usability-test…)."
    )
    date: Day = Field(description="When it ended (YYYY-MM-DD); not in the future.")
    started: Day | None = Field(
        default=None, description="When it began (YYYY-MM-DD); not after `date`."
    )
    participants: Annotated[int, Field(gt=0)] | None = Field(
        default=None, description="How many people took part."
    )
    segments: list[Slug] = Field(
        default_factory=list,
        description="Who took part: segment ids declared in the configuration.",
    )
    owner: Text | None = Field(default=None, description="Who ran it.")
    source: Text | None = Field(
        default=None, description="Where to find it again; default: the title."
    )
    url: HttpUrl | None = Field(default=None, description="An http or https link to it.")
    summary: Text | None = Field(default=None, description="What was done, with whom.")
    consent: Text | None = Field(
        default=None,
        description="What participants agreed to about their words being shown.",
    )

    def supplies(self) -> dict[str, Any]:
        """The evidence values this study supplies (only those it has)."""
        values = {
            "kind": self.kind,
            "source": self.source or self.title,
            "date": self.date,
            "url": self.url,
            "sample": self.participants,
        }
        if len(self.segments) == 1:
            values["segment"] = self.segments[0]
        return {key: value for key, value in values.items() if value is not None}


def inherit(data: Any, studies: Mapping[str, Study]) -> Any:
    """The journey data with each evidence item that cites a known study completed from
    it (values written on the item win). The data as read is left as it is: items that
    change are copies, and data with nothing to inherit is returned itself."""
    if not studies or not isinstance(data, dict):
        return data
    stages = data.get("stages")
    if not isinstance(stages, list):
        return data
    new_stages: list[Any] | None = None
    for index, stage in enumerate(stages):
        evidence = stage.get("evidence") if isinstance(stage, dict) else None
        if not isinstance(evidence, list):
            continue
        new_evidence: list[Any] | None = None
        for position, item in enumerate(evidence):
            study = _cited(item, studies)
            if study is None:
                continue
            if new_evidence is None:
                new_evidence = list(evidence)
            new_evidence[position] = {**study.supplies(), **item}
        if new_evidence is not None:
            if new_stages is None:
                new_stages = list(stages)
            new_stages[index] = {**stage, "evidence": new_evidence}
    return data if new_stages is None else {**data, "stages": new_stages}


def _cited(item: Any, studies: Mapping[str, Study]) -> Study | None:
    if not isinstance(item, dict):
        return None
    name = item.get("study")
    return studies.get(name) if isinstance(name, str) else None
