"""What the checks of each scope look at: plain values the pipeline builds once per file.

Shared conclusions (the schema's errors, which stage ids repeat, which `next`
targets do not exist) are computed here once, so that checks can leave a
mistake to the check that names it: one mistake, one finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.config.options import Options
from journeymap.journey.loader import Document, DuplicateKey, LoadError, Loc
from journeymap.journey.model import Journey, Stage, is_slug
from journeymap.journey.positions import Position
from journeymap.journey.schema_advice import FILE_NOUNS, mapping_model
from journeymap.journey.status import Status
from journeymap.journey.study import Study, inherit
from journeymap.sources.discovery import SUFFIXES


@dataclass(frozen=True)
class Research:
    """What a journey file is checked against beyond itself: the studies of the research
    folder that could be read (id -> study) and the declared segments (id -> title)."""

    studies: Mapping[str, Study] = field(default_factory=dict)
    segments: Mapping[str, str] = field(default_factory=dict)
    #: Ids of study files that exist but are not valid studies: citing one is no
    #: `unknown-study` (the study file's own findings say what is wrong).
    broken: frozenset[str] = frozenset()
    folder: str = "research"  # how messages name the research folder

    def knows(self, study: str) -> bool:
        return study in self.studies or study in self.broken


NO_RESEARCH = Research()


@dataclass
class FileContext:
    """One journey or study file as read (FILE scope); `model` says which."""

    name: str  # the file's name, e.g. billing.yml
    read_error: str | None = None  # why the file could not be read, as a sentence
    load_error: LoadError | None = None
    document: Document | None = None
    #: How findings name the file this one is a second name of (see `check.Source`).
    same_as: str | None = None
    hard_link: bool = False
    nested: bool = False  # in a subfolder of the journeys folder: not read
    options: Options = field(default_factory=Options)  # the policy (jargon, personal_data)
    model: type[BaseModel] = Journey  # the format: Journey, or Study for a study file
    research: Research = NO_RESEARCH
    today: dt.date | None = None

    @property
    def noun(self) -> str:
        """How messages name the file's kind: "journey" or "study"."""
        return FILE_NOUNS[self.model]

    @property
    def folder_noun(self) -> str:
        return "journeys folder" if self.model is Journey else "research folder"

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
    def resolved(self) -> Any:
        """The data with what evidence inherits from its studies filled in (SPEC
        "Research studies"): what the format is checked on, and every consumer sees."""
        if self.document is None or self.model is not Journey:
            return self.data
        return inherit(self.document.data, self.research.studies)

    @cached_property
    def evidence(self) -> list[tuple[Loc, dict[Any, Any]]]:
        """(loc, mapping) of every evidence item written as a mapping, as read."""
        data = self.data
        stages = data.get("stages") if isinstance(data, dict) and self.model is Journey else None
        if not isinstance(stages, list):
            return []
        found: list[tuple[Loc, dict[Any, Any]]] = []
        for index, stage in enumerate(stages):
            items = stage.get("evidence") if isinstance(stage, dict) else None
            if isinstance(items, list):
                found.extend(
                    (("stages", index, "evidence", position), item)
                    for position, item in enumerate(items)
                    if isinstance(item, dict)
                )
        return found

    @cached_property
    def uninherited(self) -> list[Loc]:
        """Locs of the evidence items naming a study they cannot inherit from: one that
        does not exist, or a study file that is not a valid study."""
        return [
            loc
            for loc, item in self.evidence
            if isinstance(name := item.get("study"), str)
            and is_slug(name)
            and name not in self.research.studies
        ]

    @cached_property
    def unknown_studies(self) -> list[tuple[Loc, str]]:
        """(loc of the evidence item, the id) for each item naming a study that no file
        of the research folder defines."""
        return [
            (loc, name)
            for loc, item in self.evidence
            if isinstance(name := item.get("study"), str)
            and is_slug(name)
            and not self.research.knows(name)
        ]

    @cached_property
    def validation(self) -> tuple[Any, list[ErrorDetails]]:
        """The journey (or study) when the data is valid, else the schema's errors."""
        if self.document is None:
            return None, []
        try:
            return self.model.model_validate(self.resolved), []
        except ValidationError as errors:
            return None, errors.errors(include_url=False)

    @cached_property
    def missing(self) -> dict[Loc, ErrorDetails]:
        """The schema's "missing key" errors, by the missing key's loc."""
        return {
            tuple(e["loc"]): e
            for e in self.validation[1]
            if e["type"] == "missing" and e["loc"] and isinstance(e["loc"][-1], str)
        }

    @cached_property
    def misplaced_duplicates(self) -> list[tuple[DuplicateKey, Loc]]:
        """Repeated keys that a mapping just above or below lacks, with the missing key's
        loc: one key indented into the wrong mapping, not two mistakes (the repeat names
        it; no "missing key" finding is given for it)."""
        if self.document is None or not self.missing:
            return []
        found = []
        for duplicate in self.document.duplicates:
            parent = self.document.path_of(duplicate.mapping)
            if parent is None:
                continue
            where = misplaced_key(duplicate.key, parent, self.missing, self.document, self.model)
            if where is not None and where[1] is not None:
                found.append((duplicate, where[1]))
        return found

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


@dataclass(frozen=True, slots=True)
class StudyRecord:
    """What the research checks know of one study file."""

    file: str  # as findings name it
    id: str
    id_position: Position | None  # where its `id` is written, if it is
    valid: bool  # a valid study (an invalid one's own findings say why)


@dataclass(frozen=True)
class ResearchContext:
    """Every study file read, and how many evidence items cite each id (RESEARCH scope)."""

    studies: list[StudyRecord] = field(default_factory=list)
    cited: Mapping[str, int] = field(default_factory=dict)


def misplaced_key(
    key: str,
    parent: Loc,
    missing: Mapping[Loc, object],
    document: Document,
    root: type[BaseModel] = Journey,
) -> tuple[Loc, Loc | None] | None:
    """Where a key written in the mapping at `parent` belongs, if it is the right name in
    the wrong mapping: (that mapping's loc, the missing key it supplies, if missing).

    In order: a mapping just above or below that lacks the key (a required key); the
    mapping written just before the key, or the last one nested in it (the key was
    indented too little); a mapping the key's mapping is in (indented too much).
    """
    for other in sorted(missing, key=len):
        other_parent = other[:-1]
        if (
            other[-1] == key
            and other_parent != parent
            and (_is_prefix(other_parent, parent) or _is_prefix(parent, other_parent))
        ):
            return other_parent, other
    node = document.node_at(parent)
    if not isinstance(node, MappingNode):
        return None
    names: list[str | None] = [
        str(k.value) if isinstance(k, ScalarNode) else None for k, _ in node.value
    ]
    if key in names:
        index = len(names) - 1 - names[::-1].index(key)
        before = names[index - 1] if index > 0 else None
        if before is not None:
            here: Loc = (*parent, before)
            below: Node = node.value[index - 1][1]
            while True:  # the value written just before the key, and its last parts
                if isinstance(below, MappingNode):
                    if _takes(here, key, below, root):
                        return here, None
                    last = below.value[-1] if below.value else None
                    if last is None or not isinstance(last[0], ScalarNode):
                        break
                    here, below = (*here, last[0].value), last[1]
                elif isinstance(below, SequenceNode) and below.value:
                    here, below = (*here, len(below.value) - 1), below.value[-1]
                else:
                    break
    for depth in range(len(parent) - 1, -1, -1):  # the mappings around it, nearest first
        around = parent[:depth]
        outer = document.node_at(around)
        if isinstance(outer, MappingNode) and _takes(around, key, outer, root):
            return around, None
    return None


def _takes(loc: Loc, key: str, node: MappingNode, root: type[BaseModel]) -> bool:
    """Whether the mapping at `loc` is one whose model has `key`, and does not hold it yet."""
    model = mapping_model(loc, root)
    return (
        model is not None
        and key in model.model_fields
        and not any(isinstance(k, ScalarNode) and k.value == key for k, _ in node.value)
    )


def _is_prefix(short: Loc, long: Loc) -> bool:
    return len(short) < len(long) and long[: len(short)] == short
