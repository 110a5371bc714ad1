"""Check a portfolio of journey files: read -> load -> model -> rules -> findings.

The pipeline, in one place: each file is read and loaded, then the registry's
checks run by scope (file, journey, each valid stage), then the portfolio checks
look at every journey at once. The per-file part (`check_file`) is pure: the same
bytes, settings and day give the same findings and journey, so a caller may
reuse a file's result (`journeymap diff` does, for files a change left alone)
and combine results with `combine`.

Every file is checked and every finding collected; a broken file never hides
the findings of another, and nothing a journey file holds makes this raise.
Which files, and their bytes, come from `sources`.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeymap.check.baseline import Entry, apply, configured
from journeymap.check.findings import Finding
from journeymap.check.report import (
    CheckedJourney,
    CheckedStudy,
    FileCheck,
    JourneyOutline,
    Report,
    StageOutline,
    StudyCheck,
    StudyOutline,
)
from journeymap.check.rules import (
    RULES,
    FileContext,
    Issue,
    JourneyContext,
    JourneyRecord,
    PortfolioContext,
    Research,
    ResearchContext,
    Scope,
    StageContext,
    StageEntry,
    StudyRecord,
    checks,
)
from journeymap.check.rules.context import NO_RESEARCH
from journeymap.config.options import Options
from journeymap.config.settings import Settings
from journeymap.journey.limits import beyond_limits, file_too_large
from journeymap.journey.loader import LoadError, load
from journeymap.journey.model import Evidence, Journey, is_slug
from journeymap.journey.positions import Position
from journeymap.journey.status import (
    Split,
    Status,
    segment_statuses,
    split_by_segment,
    stage_status,
)
from journeymap.journey.study import Study
from journeymap.personal_data import redact
from journeymap.sources.discovery import Source, discover, discover_studies, shown_path
from journeymap.sources.disk import read_bytes

# --- the pipeline -------------------------------------------------------------------------


def check(
    paths: Sequence[Path] | None,
    settings: Settings,
    today: dt.date | None = None,
    cache: FileCache | None = None,
    *,
    use_baseline: bool = True,
) -> Report:
    """Check journey files (default: the configured folder), against the studies of the
    research folder, the baseline applied unless `use_baseline` is false. Raises only what
    `discover` raises (`NoJourneys`, or `UsageError` for a folder a link leads out of the
    project), and a `ConfigError` for a baseline file that cannot be used."""
    return check_sources(
        discover(paths, settings),
        settings,
        today or dt.date.today(),
        cache,
        use_baseline=use_baseline,
        whole=paths is None,
    )


def check_sources(
    sources: Sequence[Source],
    settings: Settings,
    today: dt.date,
    cache: FileCache | None = None,
    studies: Sequence[Source] | None = None,
    *,
    use_baseline: bool = True,
    whole: bool = True,
) -> Report:
    """Check these files as one portfolio (`whole`: the whole journeys folder), with these
    study files (default: the research folder's), and the configured baseline's known gaps
    failing nothing (`check.baseline`)."""
    baseline = configured(settings) if use_baseline else None
    if studies is None:
        studies = discover_studies(settings)
    study_checks = check_studies(studies, settings, today)
    research = research_of(study_checks, settings)
    files = check_files(sources, settings, today, cache, research)
    combined = combine(files, today, settings.options.warn_days, study_checks, settings.segments)
    return apply(combined, baseline, whole=whole)


def research_of(studies: Sequence[StudyCheck], settings: Settings) -> Research:
    """What journey files are checked against: the valid studies (the first file of each
    id), the ids of study files that are not valid, and the declared segments."""
    valid: dict[str, Study] = {}
    broken: set[str] = set()
    for checked in studies:
        if checked.study is not None:
            valid.setdefault(checked.study.id, checked.study.study)
        elif checked.id is not None:
            broken.add(checked.id)
    return Research(
        studies=valid,
        segments=settings.segments,
        broken=frozenset(broken - set(valid)),
        folder=shown_path(settings.research, settings),
    )


def check_studies(
    sources: Sequence[Source], settings: Settings, today: dt.date
) -> list[StudyCheck]:
    """Check each study file on its own (`combine` runs the research checks across them)."""
    return [check_study_file(source, settings, today) for source in sources]


def check_study_file(source: Source, settings: Settings, today: dt.date) -> StudyCheck:
    """Check one study file with the file checks journey files get. Pure."""
    ctx = _read(source, settings.options, Study)
    ctx.research = Research(segments=settings.segments)
    ctx.today = today
    issues = _run(Scope.FILE, ctx)
    findings = tuple(
        sorted(
            (_finding(code, issue, source, None, None, ctx) for code, issue in issues),
            key=Finding.sort_key,
        )
    )
    data = ctx.data
    if ctx.document is None or not isinstance(data, dict):
        return StudyCheck(source, findings, None, None)
    study_id = ctx.stem
    study = ctx.validation[0]
    own_id = data.get("id") == study_id
    checked = None
    # Valid by the format (a segment it names may be undeclared: that is its own finding,
    # and evidence citing it still inherits from it).
    if isinstance(study, Study) and is_slug(study_id) and data.get("id") in (None, study_id):
        checked = CheckedStudy(study_id, study, Path(os.path.realpath(source.path)), source.display)
    id_position = ctx.document.position(("id",)) if own_id else None
    return StudyCheck(source, findings, study_id, checked, id_position)


#: What a long-lived caller (the live preview) keeps between checks: per file (display
#: path, path), the digest of its bytes, the settings and today it was checked with, and
#: its result. A file whose bytes are unchanged gets the very same `FileCheck` back.
FileCache = dict[tuple[str, str], tuple[bytes, Settings, dt.date, Research, "FileCheck"]]


def check_files(
    sources: Sequence[Source],
    settings: Settings,
    today: dt.date,
    cache: FileCache | None = None,
    research: Research = NO_RESEARCH,
) -> list[FileCheck]:
    """Check each file on its own (`combine` runs the portfolio's checks across them)."""
    # Parsing builds many small containers and no cycles; the cyclic collector would
    # only rescan them again and again (it doubles the time of a large portfolio).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if cache is None:
            return [check_file(source, settings, today, research) for source in sources]
        return [_cached(source, settings, today, cache, research) for source in sources]
    finally:
        if gc_was_enabled:
            gc.enable()


def _cached(
    source: Source, settings: Settings, today: dt.date, cache: FileCache, research: Research
) -> FileCheck:
    import hashlib  # only a long-lived caller keeps a cache: not on `validate`'s path

    if source.same_as is not None or source.nested or source.refused:  # not read at all
        return check_file(source, settings, today, research)
    raw = source.content if source.content is not None else read_bytes(source.path)
    if isinstance(raw, str):  # unreadable: nothing worth keeping
        return check_file(source, settings, today, research)
    key = (source.display, str(source.path))
    digest = hashlib.blake2b(raw, digest_size=20).digest()
    entry = cache.get(key)
    if entry is None or entry[:4] != (digest, settings, today, research):
        result = check_file(replace(source, content=raw), settings, today, research)
        entry = cache[key] = (digest, settings, today, research, replace(result, source=source))
    return entry[4]


def check_file(
    source: Source, settings: Settings, today: dt.date, research: Research = NO_RESEARCH
) -> FileCheck:
    """Check one journey file on its own, against `research`: every check but the
    portfolio's. Pure and deterministic."""
    ctx = _read(source, settings.options)
    ctx.research = research
    ctx.today = today
    issues = _run(Scope.FILE, ctx)
    document = ctx.document
    if document is None or not isinstance(document.data, dict):
        findings = [_finding(code, issue, source, ctx.stem, None, ctx) for code, issue in issues]
        return FileCheck(source, tuple(sorted(findings, key=Finding.sort_key)), None, None)

    journey, _ = ctx.validation
    stages = JourneyContext.of(ctx.resolved, journey)
    issues.extend(_run(Scope.JOURNEY, stages))
    statuses: dict[int, Status] = {}
    by_segment: dict[int, dict[str, Status]] = {}
    splits: dict[int, Split] = {}
    max_age = settings.options.max_evidence_age_days
    for index, stage in stages.valid:
        status = stage_status(stage, today, max_age)
        statuses[index] = status
        if any(item.segment is not None for item in stage.evidence):
            by_segment[index] = segment_statuses(stage, today, max_age)
            split = split_by_segment(stage, today, max_age) if status is Status.CONTESTED else None
            if split is not None:
                splits[index] = split
        context = StageContext(
            stage,
            index,
            status,
            today,
            settings.options.max_evidence_age_days,
            settings.options.warn_days,
        )
        issues.extend(_run(Scope.STAGE, context))

    data = document.data
    # A journey's id is its file's stem (SPEC): an `id` that says otherwise is a schema
    # finding of its own, and must not make this file collide with the file it names.
    journey_id = ctx.stem
    own_id = data.get("id") == journey_id
    findings = [_finding(code, issue, source, journey_id, stages, ctx) for code, issue in issues]
    lines = [document.position(entry.loc).line for entry in stages.entries]
    title = data.get("title")
    outline = JourneyOutline(
        id=journey_id,
        file=source.display,
        title=title if isinstance(title, str) else None,
        stages=tuple(
            StageOutline(
                stage_id,
                line,
                statuses.get(entry.index),
                entry.stage,
                entry.raw if entry.stage is None else None,
                by_segment.get(entry.index, {}),
                splits.get(entry.index),
            )
            for entry, stage_id, line in zip(stages.entries, stages.ids, lines, strict=True)
        ),
        stages_with_evidence=sum(1 for entry in stages.entries if _has_evidence(entry)),
    )
    checked = None
    if journey is not None:  # then every stage is valid: entries, lines and statuses line up
        status_of: dict[str, Status] = {}
        segments_of: dict[str, dict[str, Status]] = {}
        split_of: dict[str, Split] = {}
        for index, stage in stages.valid:  # in stage order; a repeated id keeps its first
            if stage.id in status_of:
                continue
            status_of[stage.id] = statuses[index]
            if index in by_segment:
                segments_of[stage.id] = by_segment[index]
            if index in splits:
                split_of[stage.id] = splits[index]
        checked = CheckedJourney(
            id=journey_id,
            journey=journey,
            path=Path(os.path.realpath(source.path)),
            display_path=source.display,
            statuses=status_of,
            segment_statuses=segments_of,
            splits=split_of,
        )
    id_position = document.position(("id",)) if own_id else None
    findings.sort(key=Finding.sort_key)
    return FileCheck(source, tuple(findings), outline, checked, id_position)


def combine(
    files: Sequence[FileCheck],
    today: dt.date,
    warn_days: int | None = None,
    studies: Sequence[StudyCheck] = (),
    segments: dict[str, str] | None = None,
) -> Report:
    """A report of files checked one by one, with the portfolio's checks run across them
    (`warn_days`: the policy's, that they were checked with), and the study files they
    were checked against, with the research checks run across those."""
    extra: dict[int, list[Finding]] = {}
    records = [
        (index, JourneyRecord(f.source.display, f.outline.id, f.id_position))
        for index, f in enumerate(files)
        if f.outline is not None
    ]
    index_of = {id(record): index for index, record in records}
    portfolio = PortfolioContext([record for _, record in records])
    rejected: set[int] = set()
    for check_ in checks(Scope.PORTFOLIO):
        for record, issue in check_.func(portfolio):
            index = index_of[id(record)]
            rejected.add(index)
            found = files[index]
            extra.setdefault(index, []).append(
                _finding(check_.code, issue, found.source, record.id, None, None)
            )
    findings: list[Finding] = []
    for index, found in enumerate(files):
        findings.extend(found.findings)
        findings.extend(extra.get(index, ()))
    outlines = [f.outline for f in files if f.outline is not None]
    cited = _citations(outlines)
    study_findings, valid_studies, study_outlines = _research(studies, cited)
    findings.extend(study_findings)
    findings.sort(key=Finding.sort_key)
    journeys = [
        found.journey
        for index, found in enumerate(files)
        if found.journey is not None and index not in rejected
    ]
    journeys.sort(key=lambda checked: checked.id)
    return Report(
        journeys=journeys,
        findings=findings,
        files=len(files),
        stages=sum(len(outline.stages) for outline in outlines),
        today=today,
        stages_with_evidence=sum(outline.stages_with_evidence for outline in outlines),
        outlines=outlines,
        unread=len(files) - len(outlines) - sum(1 for f in files if f.source.same_as),
        warn_days=warn_days,
        studies=valid_studies,
        study_outlines=study_outlines,
        segments=dict(segments or {}),
    )


def baseline_findings(closed: Sequence[tuple[Entry, str | None]], file: str) -> list[Finding]:
    """The baseline scope's checks run over the baseline's entries that no finding matches
    (each with "journey" or "stage" when that no longer exists), stamped like every other
    finding: in the baseline `file`, at the entry's line."""
    return [
        _made(code, issue, file, issue.at, entry[0].journey, issue.stage)
        for entry in closed
        for code, issue in _run(Scope.BASELINE, entry)
    ]


def _research(
    studies: Sequence[StudyCheck], cited: dict[str, int]
) -> tuple[list[Finding], list[CheckedStudy], list[StudyOutline]]:
    """The study files' findings with the research checks', the valid studies (one per
    id), and an outline of each study file that could be read."""
    findings = [finding for checked in studies for finding in checked.findings]
    records = [
        (index, StudyRecord(c.source.display, c.id, c.id_position, c.study is not None))
        for index, c in enumerate(studies)
        if c.id is not None
    ]
    index_of = {id(record): index for index, record in records}
    context = ResearchContext([record for _, record in records], cited)
    rejected: set[int] = set()
    for check_ in checks(Scope.RESEARCH):
        for record, issue in check_.func(context):
            index = index_of[id(record)]
            if check_.code == "duplicate-id":
                rejected.add(index)
            findings.append(_finding(check_.code, issue, studies[index].source, None, None, None))
    valid = [
        checked.study
        for index, checked in enumerate(studies)
        if checked.study is not None and index not in rejected
    ]
    valid.sort(key=lambda study: study.id)
    outlines = [
        StudyOutline(
            c.id,
            c.source.display,
            c.study.study.title if c.study is not None else None,
            cited.get(c.id, 0),
        )
        for c in studies
        if c.id is not None
    ]
    return findings, valid, outlines


def _citations(outlines: Sequence[JourneyOutline]) -> dict[str, int]:
    """Study id -> how many evidence items cite it, over every journey read."""
    cited: dict[str, int] = {}
    for outline in outlines:
        for stage in outline.stages:
            for name in stage_citations(stage):
                cited[name] = cited.get(name, 0) + 1
    return cited


def stage_citations(stage: StageOutline) -> list[str]:
    """The study ids a stage's evidence items name, one per item that names one (valid
    or not: an item citing a study that is gone still names it)."""
    if stage.stage is not None:
        names: list[Any] = [e.study for e in stage.stage.evidence]
    else:
        evidence = stage.raw.get("evidence") if isinstance(stage.raw, dict) else None
        items = evidence if isinstance(evidence, list) else []
        names = [item.get("study") for item in items if isinstance(item, dict)]
    return [name for name in names if isinstance(name, str)]


def journey_citations(outline: JourneyOutline | None) -> set[str]:
    """The study ids a journey file's evidence names (none for a file not read)."""
    if outline is None:
        return set()
    return {name for stage in outline.stages for name in stage_citations(stage)}


def _run(scope: Scope, context: Any) -> list[tuple[str, Issue]]:
    return [(check_.code, issue) for check_ in checks(scope) for issue in check_.func(context)]


def _finding(
    code: str,
    issue: Issue,
    source: Source,
    journey: str | None,
    stages: JourneyContext | None,
    ctx: FileContext | None,
) -> Finding:
    document = ctx.document if ctx is not None else None
    where: Position | None
    if issue.at is not None:
        where = issue.at
    elif issue.whole_file:
        where = None
    elif document is not None:
        where = document.position(issue.loc, key=issue.at_key)
    else:
        where = Position(1, 1)
    return _made(
        code, issue, source.display, where, journey, issue.stage or _stage_of(issue.loc, stages)
    )


def _made(
    code: str,
    issue: Issue,
    file: str,
    where: Position | None,
    journey: str | None,
    stage: str | None,
) -> Finding:
    """The one place a finding is made: an issue stamped with its code's severity."""
    return Finding(
        code=code,
        severity=RULES[code].severity,
        file=file,
        line=where.line if where else None,
        column=where.column if where else None,
        journey=journey,
        stage=stage,
        # A message may quote the file's text: it never repeats personal data in it.
        message=redact(issue.message),
    )


def _stage_of(loc: tuple[str | int, ...], stages: JourneyContext | None) -> str | None:
    if stages is None or len(loc) < 2 or loc[0] != "stages" or not isinstance(loc[1], int):
        return None
    ids = stages.ids
    return ids[loc[1]] if 0 <= loc[1] < len(ids) else None


def _has_evidence(entry: StageEntry) -> bool:
    """Whether a stage has customer evidence: at least one item that is valid evidence
    (a skeleton's `date: YYYY-MM-DD`, or `evidence:` written as a mapping, is none)."""
    if entry.stage is not None:
        return bool(entry.stage.evidence)
    evidence = entry.raw.get("evidence") if isinstance(entry.raw, dict) else None
    return isinstance(evidence, list) and any(_is_evidence(item) for item in evidence)


def _is_evidence(item: Any) -> bool:
    try:
        Evidence.model_validate(item)
    except ValidationError:
        return False
    return True


# --- reading a file -----------------------------------------------------------------------


def _read(
    source: Source, options: Options, model: type[Journey] | type[Study] = Journey
) -> FileContext:
    ctx = FileContext(
        name=source.path.name,
        same_as=source.same_as,
        hard_link=source.hard_link,
        nested=source.nested,
        options=options,
        model=model,
    )
    if source.refused is not None:  # never opened: a link out of the project
        ctx.read_error = source.refused
        return ctx
    if ctx.misnamed or ctx.same_as is not None or ctx.nested:
        return ctx
    raw = source.content
    if raw is None:
        raw_or_error = read_bytes(source.path)
        if isinstance(raw_or_error, str):
            ctx.read_error = raw_or_error
            return ctx
        raw = raw_or_error
    elif (too_large := file_too_large(len(raw))) is not None:
        ctx.read_error = too_large
        return ctx
    try:
        document = load(raw)
    except LoadError as error:
        ctx.load_error = error
        return ctx
    # A journey beyond the limits is its one finding: nothing else reads it.
    ctx.load_error = beyond_limits(document)
    if ctx.load_error is None:
        ctx.document = document
    return ctx
