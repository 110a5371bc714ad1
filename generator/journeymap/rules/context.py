"""What the checks of each scope look at: plain values the pipeline builds once per file.

Shared conclusions (the schema's errors, which stage ids repeat, which `next`
targets do not exist) are computed here once, so that checks can leave a
mistake to the check that names it: one mistake, one finding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node

from journeymap.loader import Document, LoadError, Loc
from journeymap.model import Journey, Stage, is_slug
from journeymap.positions import Position
from journeymap.status import Status

#: The suffixes of journey files, in the case they must be written in.
SUFFIXES = (".yml", ".yaml")


@dataclass
class FileContext:
    """One journey file as read (FILE scope)."""

    name: str  # the file's name, e.g. billing.yml
    read_error: str | None = None  # why the file could not be read, as a sentence
    load_error: LoadError | None = None
    document: Document | None = None
    #: How findings name the file this one is a second name of (see `check.Source`).
    same_as: str | None = None
    hard_link: bool = False

    @property
    def stem(self) -> str:
        return PurePath(self.name).stem

    @property
    def misnamed(self) -> bool:
        """A `.YML`/`.Yaml` file: a journey file only once renamed."""
        suffix = PurePath(self.name).suffix
        return suffix not in SUFFIXES and suffix.lower() in SUFFIXES

    @property
    def data(self) -> Any:
        return self.document.data if self.document is not None else None

    @cached_property
    def validation(self) -> tuple[Journey | None, list[ErrorDetails]]:
        """The journey when the data is valid, else the schema's errors."""
        if self.document is None:
            return None, []
        try:
            return Journey.model_validate(self.document.data), []
        except ValidationError as errors:
            return None, errors.errors(include_url=False)

    @cached_property
    def misshapen(self) -> list[Node]:
        """Mappings written where a list belongs (`evidence:` without `- `).

        Their repeated keys are one item after another, not duplicates: the schema
        finding at the mapping says to write a list.
        """
        if self.document is None:
            return []
        nodes: list[Node] = []
        for error in self.validation[1]:
            if error["type"] == "list_type" and isinstance(error.get("input"), dict):
                node = self.document.node_at(tuple(error["loc"]))
                if isinstance(node, MappingNode):
                    nodes.append(node)
        return nodes


@dataclass(frozen=True, slots=True)
class StageEntry:
    """One item of a journey's `stages` list, whatever it holds."""

    index: int
    raw: Any
    stage: Stage | None  # the item as a Stage when it is valid on its own

    @property
    def id(self) -> str | None:
        given = self.raw.get("id") if isinstance(self.raw, dict) else None
        return given if isinstance(given, str) else None

    @property
    def loc(self) -> Loc:
        return ("stages", self.index)


@dataclass
class JourneyContext:
    """The stages of one journey together (JOURNEY scope), valid or not."""

    entries: list[StageEntry]

    @classmethod
    def of(cls, data: Any, journey: Journey | None) -> JourneyContext:
        if journey is not None:
            return cls([StageEntry(i, None, s) for i, s in enumerate(journey.stages)])
        raw = data.get("stages") if isinstance(data, dict) else None
        if not isinstance(raw, list):
            return cls([])
        entries = []
        for index, item in enumerate(raw):
            try:
                stage: Stage | None = Stage.model_validate(item)
            except ValidationError:
                stage = None
            entries.append(StageEntry(index, item, stage))
        return cls(entries)

    @property
    def valid(self) -> list[tuple[int, Stage]]:
        return [(e.index, e.stage) for e in self.entries if e.stage is not None]

    @cached_property
    def ids(self) -> list[str | None]:
        """Each entry's id (None where it has no text id)."""
        return [e.stage.id if e.stage is not None else e.id for e in self.entries]

    @cached_property
    def all_ids_valid(self) -> bool:
        """Every stage has an id that is a valid slug (so `next` targets can be judged)."""
        return all(i is not None and is_slug(i) for i in self.ids)

    @cached_property
    def repeated(self) -> dict[int, int]:
        """Index of each stage whose id an earlier stage has -> index of that earlier stage."""
        first: dict[str, int] = {}
        repeats: dict[int, int] = {}
        for entry, stage_id in zip(self.entries, self.ids, strict=True):
            if stage_id is None:
                continue
            if stage_id in first:
                repeats[entry.index] = first[stage_id]
            else:
                first[stage_id] = entry.index
        return repeats

    @cached_property
    def unknown_targets(self) -> list[tuple[StageEntry, int, str]]:
        """(stage, position in its `next`, target) for each `next` entry naming no stage."""
        known = set(self.ids)
        found = []
        for entry in self.entries:
            targets = entry.stage.next if entry.stage is not None else _raw_next(entry.raw)
            for position, target in enumerate(targets or []):
                if isinstance(target, str) and is_slug(target) and target not in known:
                    found.append((entry, position, target))
        return found


def _raw_next(raw: Any) -> list[Any]:
    targets = raw.get("next") if isinstance(raw, dict) else None
    return targets if isinstance(targets, list) else []


@dataclass(frozen=True, slots=True)
class StageContext:
    """One stage that is valid on its own (STAGE scope), with its status and the policy."""

    stage: Stage
    index: int
    status: Status
    today: dt.date
    max_age_days: int
    warn_days: int

    @property
    def loc(self) -> Loc:
        return ("stages", self.index)


@dataclass(frozen=True, slots=True)
class JourneyRecord:
    """What the portfolio checks know of one journey file."""

    file: str  # as findings name it
    id: str
    id_position: Position | None  # where its `id` is written, if it is


@dataclass(frozen=True)
class PortfolioContext:
    """Every journey read, in the order findings list files (PORTFOLIO scope)."""

    journeys: list[JourneyRecord] = field(default_factory=list)
