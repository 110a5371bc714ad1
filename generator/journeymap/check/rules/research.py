"""Research checks: evidence that cites studies and segments, and the study files themselves.

A study file is read by the file checks of `reading` (syntax, duplicate keys, schema,
`comment-in-text`); what only studies and segments can get wrong is here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

# The stage and reading checks register `future-date`, `schema` and `duplicate-id` (with
# their documentation) first; the checks here add study files to those codes.
from journeymap.check.findings import Severity
from journeymap.check.rules import reading, stage  # noqa: F401
from journeymap.check.rules.context import FileContext, ResearchContext, StudyRecord
from journeymap.check.rules.registry import Issue, Scope, rule
from journeymap.journey.model import is_slug
from journeymap.journey.positions import Position
from journeymap.journey.study import Study
from journeymap.text import did_you_mean


@rule(
    "unknown-study",
    Severity.ERROR,
    "evidence names a study that no file in the research folder defines; points at the value",
    scope=Scope.FILE,
)
def unknown_study(ctx: FileContext) -> Iterator[Issue]:
    """An evidence item's `study:` names no study of the research folder (default `research/`).

    Points at the value. One mistake, one finding: the `kind`, `source` and `date` the
    item would have taken from the study are not also reported missing. Fails:
    `study: billing-interviews-2026-01` with no `research/billing-interviews-2026-01.yml`.
    Fix: correct the id (the message suggests a close one), or write the study file.
    """
    research = ctx.research
    known = sorted({*research.studies, *research.broken})
    for loc, name in ctx.unknown_studies:
        hint = did_you_mean(name, known)
        if hint is not None:
            advice = f"did you mean {hint!r}?"
        elif known:
            advice = (
                f"the studies are: {', '.join(_clipped(known))}; or describe this one in "
                f"{research.folder}/{name}.yml"
            )
        else:
            advice = (
                f"the research folder {research.folder} has no studies: describe this one in "
                f"{research.folder}/{name}.yml"
            )
        yield Issue(f"study {name!r} is unknown: {advice}", loc=(*loc, "study"))


@rule(
    "unknown-segment",
    Severity.ERROR,
    "evidence or a study names a segment the configuration does not declare; points at the value",
    scope=Scope.FILE,
)
def unknown_segment(ctx: FileContext) -> Iterator[Issue]:
    """An evidence item's `segment`, or an entry of a study's `segments`, is not declared.

    Segments are declared once, in the journeymap options of mkdocs.yml (`segments:`,
    segment id -> title). Points at the value. Fails: `segment: smb` when the
    configuration declares only `small-business`. Fix: use a declared id (the message
    suggests a close one), or declare the segment.
    """
    for loc in _segment_values(ctx):
        name = _value_at(ctx.data, loc)
        if not isinstance(name, str) or not is_slug(name) or name in ctx.research.segments:
            continue
        declared = list(ctx.research.segments)
        hint = did_you_mean(name, declared)
        if hint is not None:
            advice = f"did you mean {hint!r}?"
        elif declared:
            advice = (
                f"the segments are: {', '.join(_clipped(declared))}; declare it under "
                "`segments:` in the journeymap options of mkdocs.yml"
            )
        else:
            advice = (
                "no segments are declared: declare them once in the journeymap options of "
                f"mkdocs.yml, id -> title, e.g. `segments: {{{name}: Small businesses}}`"
            )
        yield Issue(f"segment {name!r} is not declared: {advice}", loc=loc)


def _segment_values(ctx: FileContext) -> Iterator[tuple[str | int, ...]]:
    data = ctx.data
    if ctx.model is Study:
        segments = data.get("segments") if isinstance(data, dict) else None
        if isinstance(segments, list):
            yield from (("segments", index) for index in range(len(segments)))
        return
    for loc, item in ctx.evidence:
        if "segment" in item:
            yield (*loc, "segment")


@rule(
    "evidence-outside-study",
    Severity.WARNING,
    "evidence that cites a study carries its own `date` outside the study's `started`…`date`",
    scope=Scope.FILE,
)
def evidence_outside_study(ctx: FileContext) -> Iterator[Issue]:
    """Evidence cites a study but its own `date` falls outside the study's dates.

    The study ran from `started` (or, without it, on its `date` alone) to `date`; an item
    from it dated otherwise is either from another round of research or mistyped. Points
    at the item's `date`. Fix: correct the date, or cite the study it came from.
    """
    for loc, item in ctx.evidence:
        name, own = item.get("study"), item.get("date")
        study = ctx.research.studies.get(name) if isinstance(name, str) else None
        if study is None or not isinstance(own, dt.date) or isinstance(own, dt.datetime):
            continue
        start = study.started or study.date
        if start <= own <= study.date:
            continue
        span = (
            f"ran from {start.isoformat()} to {study.date.isoformat()}"
            if study.started is not None and study.started != study.date
            else f"is dated {study.date.isoformat()}"
        )
        yield Issue(
            f"evidence dated {own.isoformat()} cites study {name!r}, which {span}: correct "
            "the date, or cite the study this evidence came from (without a date of its "
            "own, the item takes the study's)",
            loc=(*loc, "date"),
        )


@rule("schema", scope=Scope.FILE)
def study_dates(ctx: FileContext) -> Iterator[Issue]:
    """A study's `started` must not be after its `date` (the day it ended)."""
    study = ctx.validation[0] if ctx.model is Study else None
    if isinstance(study, Study) and study.started is not None and study.started > study.date:
        yield Issue(
            f"'started' ({study.started.isoformat()}) is after 'date' "
            f"({study.date.isoformat()}), the day the study ended: swap them, or correct the "
            "one that is wrong",
            loc=("started",),
        )


@rule("future-date", scope=Scope.FILE)
def study_in_future(ctx: FileContext) -> Iterator[Issue]:
    """A study dated after today (its `date` is when it ended: it has not happened yet)."""
    study = ctx.validation[0] if ctx.model is Study else None
    if isinstance(study, Study) and ctx.today is not None and study.date > ctx.today:
        yield Issue(
            f"study date {study.date.isoformat()} is in the future (today is "
            f"{ctx.today.isoformat()}): write the day the study ended; plan research that "
            "has not happened outside the research folder",
            loc=("date",),
        )


@rule("duplicate-id", scope=Scope.RESEARCH)
def duplicate_study_id(ctx: ResearchContext) -> Iterator[tuple[StudyRecord, Issue]]:
    """Two study files define the same study id (`a.yml` beside `a.yaml`): the second is
    reported, at its `id` or its first line."""
    first: dict[str, str] = {}
    for study in ctx.studies:
        if study.id in first:
            yield (
                study,
                Issue(
                    f"study id {study.id!r} is already used by {first[study.id]}: study ids "
                    "must be unique across the research folder; rename one of the files",
                    at=study.id_position or Position(1, 1),
                ),
            )
        else:
            first[study.id] = study.file


@rule("unused-study", Severity.INFO, "no evidence cites this study", scope=Scope.RESEARCH)
def unused_study(ctx: ResearchContext) -> Iterator[tuple[StudyRecord, Issue]]:
    """No evidence item cites this study (`study: <id>`): research that informs no stage yet.

    Not a failure. Fix: cite it from the stages it informs, or remove it if it informs none.
    """
    seen: set[str] = set()
    for study in ctx.studies:
        if study.valid and study.id not in seen and not ctx.cited.get(study.id):
            yield (
                study,
                Issue(
                    f"no evidence cites study {study.id!r}: add `study: {study.id}` to the "
                    "evidence it produced, on the stages it informs",
                    at=Position(1, 1),
                ),
            )
        seen.add(study.id)


def _value_at(data: Any, loc: tuple[str | int, ...]) -> Any:
    for step in loc:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def _clipped(names: list[str], most: int = 8) -> list[str]:
    return names if len(names) <= most else [*names[:most], "…"]
