"""Check a portfolio of journey files: load -> model -> rules -> findings, in one pass.

Every file is checked and every finding collected; a broken file never hides
the findings of another, and nothing a journey file holds makes this raise.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from journeymap import rules
from journeymap.config import Settings
from journeymap.errors import NoJourneys
from journeymap.findings import Finding, Severity
from journeymap.loader import Document, LoadError, Position, load
from journeymap.model import Journey
from journeymap.status import Status

SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Source:
    """A journey file to check and the path findings show for it."""

    path: Path
    display: str


@dataclass(frozen=True)
class CheckedJourney:
    """A journey file that is a valid journey, with its stages' statuses."""

    id: str
    journey: Journey
    path: Path
    display_path: str
    statuses: dict[str, Status]
    stage_lines: dict[str, int]

    @property
    def stages_with_evidence(self) -> int:
        return sum(1 for stage in self.journey.stages if stage.evidence)


@dataclass(frozen=True)
class Report:
    """Everything one check found."""

    journeys: list[CheckedJourney]
    findings: list[Finding]
    files: int
    stages: int
    today: dt.date
    stages_with_evidence: int = 0
    _counts: dict[Severity, int] = field(default_factory=dict, repr=False)

    def count(self, severity: Severity) -> int:
        if not self._counts:
            for finding in self.findings:
                self._counts[finding.severity] = self._counts.get(finding.severity, 0) + 1
        return self._counts.get(severity, 0)

    def failed(self, strict: bool) -> bool:
        """Whether the findings fail the run (errors; with `strict`, warnings too)."""
        return any(finding.severity.fails(strict) for finding in self.findings)

    @property
    def evidence_share(self) -> float | None:
        """Share of stages with customer evidence, or None without stages."""
        return self.stages_with_evidence / self.stages if self.stages else None


def discover(paths: Sequence[Path] | None, settings: Settings) -> list[Source]:
    """The journey files to check: files as given, folders' `*.yml`/`*.yaml` files.

    Raises `NoJourneys` for a path that does not exist or when nothing is found.
    """
    sources: list[Source] = []
    if not paths:
        folder = settings.journeys
        if folder.exists() and not folder.is_dir():
            raise NoJourneys(
                f"the journeys folder {_shown(folder, settings)} is a file, not a folder: "
                "set the journeymap option 'journeys' to the folder of journey files"
            )
        if not folder.is_dir():
            where = f" (set by {settings.config_file.name})" if settings.config_file else ""
            raise NoJourneys(
                f"the journeys folder {_shown(folder, settings)}{where} does not exist: "
                "create it, or run `journeymap new ID` to write a first journey"
            )
        display_root = _shown(folder, settings)
        sources.extend(_folder(folder, display_root))
    else:
        for given in paths:
            if given.is_dir():
                sources.extend(_folder(given, given.as_posix()))
            elif given.is_file():
                sources.append(Source(given, given.as_posix()))
            else:
                raise NoJourneys(f"{given}: no such file or folder")
    if not sources:
        where = ", ".join(str(p) for p in paths) if paths else _shown(settings.journeys, settings)
        raise NoJourneys(
            f"no journey files (*.yml, *.yaml) found in {where}: "
            "run `journeymap new ID` to write a first journey"
        )
    unique: dict[Path, Source] = {}
    for source in sources:
        unique.setdefault(source.path.resolve(), source)
    return sorted(unique.values(), key=lambda source: source.display)


#: Per-file results a long-lived caller (the live preview) keeps between checks.
FileCache = dict[
    tuple[str, str], tuple[bytes, Settings, dt.date, "CheckedJourney | None", list[Finding]]
]


def check(
    paths: Sequence[Path] | None,
    settings: Settings,
    today: dt.date | None = None,
    cache: FileCache | None = None,
) -> Report:
    """Check journey files (default: the configured folder). Raises only `NoJourneys`.

    With `cache`, a file whose bytes, settings and today are those of an earlier check
    is not checked again: its results (the same objects) are reused.
    """
    today = today or dt.date.today()
    sources = discover(paths, settings)
    journeys: list[CheckedJourney] = []
    findings: list[Finding] = []
    first_file: dict[str, str] = {}
    # Parsing builds many small containers and no cycles; the cyclic collector would
    # only rescan them again and again (it doubles the time of a large portfolio).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for source in sources:
            checked, file_findings = _check_cached(source, settings, today, cache)
            if checked is not None:
                if checked.id in first_file:
                    issue = rules.duplicate_journey_id(checked.id, first_file[checked.id])
                    file_findings.append(_finding(issue, source, checked.id, Position(1, 1)))
                else:
                    first_file[checked.id] = source.display
                    journeys.append(checked)
            findings.extend(file_findings)
    finally:
        if gc_was_enabled:
            gc.enable()
    findings.sort(key=Finding.sort_key)
    journeys.sort(key=lambda checked: checked.id)
    return Report(
        journeys=journeys,
        findings=findings,
        files=len(sources),
        stages=sum(len(checked.journey.stages) for checked in journeys),
        today=today,
        stages_with_evidence=sum(checked.stages_with_evidence for checked in journeys),
    )


def _check_cached(
    source: Source, settings: Settings, today: dt.date, cache: FileCache | None
) -> tuple[CheckedJourney | None, list[Finding]]:
    try:
        raw = source.path.read_bytes()
    except OSError as error:
        issue = rules.Issue("yaml-syntax", (), f"cannot read the file: {error.strerror}")
        return None, [_finding(issue, source, source.path.stem, Position(1, 1))]
    if cache is None:
        return _check_file(source, raw, settings, today)
    key = (source.display, str(source.path))
    digest = hashlib.blake2b(raw, digest_size=20).digest()
    entry = cache.get(key)
    if entry is None or entry[:3] != (digest, settings, today):
        entry = (digest, settings, today, *_check_file(source, raw, settings, today))
        cache[key] = entry
    return entry[3], list(entry[4])


def _check_file(
    source: Source, raw: bytes, settings: Settings, today: dt.date
) -> tuple[CheckedJourney | None, list[Finding]]:
    stem = source.path.stem
    try:
        document = load(raw)
    except LoadError as error:
        if error.code == "yaml-syntax":
            issue = rules.yaml_syntax(error)
        else:
            issue = rules.Issue(error.code, (), error.message)
        return None, [_finding(issue, source, stem, error.position or Position(1, 1))]

    located: list[tuple[rules.Issue, Position]] = [
        (rules.duplicate_key(duplicate), duplicate.position) for duplicate in document.duplicates
    ]
    issues: list[rules.Issue] = list(rules.journey_id(document.data, stem))
    checked: CheckedJourney | None = None
    try:
        journey = Journey.model_validate(document.data)
    except ValidationError as errors:
        issues.extend(rules.schema(errors, document))
        _, stage_issues = rules.check_stages(
            rules.valid_stages(document.data), today, settings.max_evidence_age_days
        )
        issues.extend(stage_issues)
    else:
        statuses, journey_issues = rules.check_journey(
            journey, today, settings.max_evidence_age_days
        )
        issues.extend(journey_issues)
        checked = CheckedJourney(
            id=journey.id or stem,
            journey=journey,
            path=source.path.resolve(),
            display_path=source.display,
            statuses=statuses,
            stage_lines={
                stage.id: document.position(("stages", index)).line
                for index, stage in reversed(list(enumerate(journey.stages)))
            },
        )
    journey_name = checked.id if checked else _journey_name(document, stem)
    located.extend((issue, document.position(issue.loc, key=issue.at_key)) for issue in issues)
    return checked, [_finding(issue, source, journey_name, where) for issue, where in located]


def _finding(issue: rules.Issue, source: Source, journey: str | None, where: Position) -> Finding:
    return Finding(
        code=issue.code,
        severity=rules.RULES[issue.code].severity,
        file=source.display,
        line=where.line,
        column=where.column,
        journey=journey,
        stage=issue.stage,
        message=issue.message,
    )


def _journey_name(document: Document, stem: str) -> str | None:
    data = document.data
    given = data.get("id") if isinstance(data, dict) else None
    return given if isinstance(given, str) else stem


def _folder(folder: Path, display_root: str) -> Iterator[Source]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        raise NoJourneys(f"{folder}: cannot be read ({error.strerror})") from None
    root = PurePosixPath(display_root)
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(SUFFIXES):
            continue
        if entry.is_file():
            yield Source(Path(entry.path), (root / entry.name).as_posix())


def _shown(path: Path, settings: Settings) -> str:
    try:
        return path.relative_to(settings.config_dir).as_posix()
    except ValueError:
        return path.as_posix()
