"""What a check found: the report, and the per-file results it is combined from.

Plain values: the pipeline (`check.pipeline`) builds them, the formats, the site and
`journeymap diff` read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from journeymap.check.findings import Finding, Severity
from journeymap.journey.model import Journey, Stage
from journeymap.journey.positions import Position
from journeymap.journey.status import Split, Status
from journeymap.journey.study import Study
from journeymap.sources.discovery import Source


@dataclass(frozen=True)
class CheckedJourney:
    """A journey file that is a valid journey, with its stages' statuses."""

    id: str
    journey: Journey
    path: Path
    display_path: str
    statuses: dict[str, Status]
    #: stage id -> the day its failing findings were recorded in the baseline (known gaps)
    known: dict[str, dt.date] = field(default_factory=dict)
    #: Stage id -> segment id -> the status of that segment's evidence (SPEC "Segments").
    segment_statuses: dict[str, dict[str, Status]] = field(default_factory=dict)
    #: Stage id -> who supports and who contradicts, for a disagreement split by segment.
    splits: dict[str, Split] = field(default_factory=dict)

    @property
    def stages_with_evidence(self) -> int:
        return sum(1 for stage in self.journey.stages if stage.evidence)


@dataclass(frozen=True, slots=True)
class StageOutline:
    """One stage as read: its id, the line its mapping starts at, its status.

    `id` is None when the stage has no text id; `status` and `stage` (the stage as
    validated, what `journeymap diff` compares) are None when the stage is not valid
    on its own (its schema findings say why), and `raw` then holds it as written.
    """

    id: str | None
    line: int
    status: Status | None
    stage: Stage | None = field(default=None, compare=False, repr=False)
    raw: Any = field(default=None, compare=False, repr=False)
    #: Segment id -> status of its evidence, for the segments with evidence on the stage.
    segments: dict[str, Status] = field(default_factory=dict, compare=False)
    split: Split | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class JourneyOutline:
    """A journey file that could be read (valid or not): what `--format json` lists."""

    id: str
    file: str
    title: str | None
    stages: tuple[StageOutline, ...]
    stages_with_evidence: int


@dataclass(frozen=True)
class FileCheck:
    """The result of checking one file: its findings, and the journey if it could be read."""

    source: Source
    findings: tuple[Finding, ...]
    outline: JourneyOutline | None  # None: the file could not be read as a journey
    journey: CheckedJourney | None  # None: not a valid journey
    id_position: Position | None = None  # where the journey's `id` is written, if it is


@dataclass(frozen=True)
class CheckedStudy:
    """A study file that is a valid study."""

    id: str
    study: Study
    path: Path
    display_path: str


@dataclass(frozen=True)
class StudyCheck:
    """The result of checking one study file: its findings, and the study if valid."""

    source: Source
    findings: tuple[Finding, ...]
    id: str | None  # None: the file could not be read as a study
    study: CheckedStudy | None  # None: not a valid study
    id_position: Position | None = None


@dataclass(frozen=True)
class StudyOutline:
    """A study as `--format json` lists it: id, file, title and how many evidence items
    cite it (`cited_by`)."""

    id: str
    file: str
    title: str | None
    cited_by: int


@dataclass(frozen=True)
class Report:
    """Everything one check found.

    `journeys` are the valid journeys (one per id), for the site; `outlines` every
    journey that could be read, valid or not; `stages` and `stages_with_evidence`
    count the stages of those; `unread` the files that could not be read as a journey.
    `findings` holds every finding; `visible` those at `min_severity` or above (what
    formats print). Whether the run fails is judged on every finding.
    """

    journeys: list[CheckedJourney]
    findings: list[Finding]
    files: int
    stages: int
    today: dt.date
    stages_with_evidence: int = 0
    outlines: list[JourneyOutline] = field(default_factory=list)
    unread: int = 0
    min_severity: Severity = Severity.INFO
    #: The policy's `warn_days` the findings were checked with (how far ahead
    #: `waiver-expiring` and `evidence-aging` look); None where no policy is known.
    warn_days: int | None = None
    #: The valid studies of the research folder (one per id), by id, and every study
    #: file that could be read, with the evidence items citing it.
    studies: list[CheckedStudy] = field(default_factory=list)
    study_outlines: list[StudyOutline] = field(default_factory=list)
    #: The declared segments, id -> title (the configuration's), for the site.
    segments: dict[str, str] = field(default_factory=dict)
    _counts: dict[Severity, int] = field(default_factory=dict, repr=False, compare=False)

    def count(self, severity: Severity) -> int:
        """How many findings of a severity there are (shown or not)."""
        if not self._counts:
            for finding in self.findings:
                self._counts[finding.severity] = self._counts.get(finding.severity, 0) + 1
        return self._counts.get(severity, 0)

    def failed(self, strict: bool) -> bool:
        """Whether the findings fail the run (errors; with `strict`, warnings too)."""
        return any(finding.severity.fails(strict) for finding in self.findings)

    @property
    def visible(self) -> list[Finding]:
        """The findings at `min_severity` or above."""
        if self.min_severity is Severity.INFO:
            return self.findings
        return [f for f in self.findings if f.severity.at_least(self.min_severity)]

    def hidden(self, severity: Severity) -> int:
        """How many findings of a severity `min_severity` hides."""
        return 0 if severity.at_least(self.min_severity) else self.count(severity)

    def showing(self, min_severity: Severity) -> Report:
        """The same report, its formats showing only findings at `min_severity` or above."""
        return replace(self, min_severity=min_severity, _counts={})

    @property
    def evidence_share(self) -> float | None:
        """Share of stages with customer evidence, or None without stages."""
        return self.stages_with_evidence / self.stages if self.stages else None
