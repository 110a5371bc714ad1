"""The finding codes: one function per code, its documentation as its docstring.

Each rule yields `Issue`s: a code, where in the document (a path of keys and
indices, resolved to line and column later, only for files that have issues),
the stage it concerns and a message that says what to do. `RULES` collects every
code's severity and documentation; the README table, the SARIF rule
descriptions and `journeymap validate --help` are generated from it.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from journeymap.explain import did_you_mean, explain
from journeymap.findings import Severity
from journeymap.loader import Document, DuplicateKey, LoadError
from journeymap.model import SLUG_PATTERN, Journey, Stage
from journeymap.status import Status, stage_status, waiver_in_force

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding before it has a file and a position."""

    code: str
    loc: Loc
    message: str
    stage: str | None = None
    at_key: bool = False  # point at the key rather than its value


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """What a finding code means, for the README, SARIF and --help."""

    code: str
    severity: Severity
    summary: str
    doc: str


RULES: dict[str, RuleDoc] = {}

F = TypeVar("F", bound=Callable[..., Any])


def rule(code: str, severity: Severity, summary: str) -> Callable[[F], F]:
    """Register a rule function under its finding code."""

    def register(func: F) -> F:
        RULES[code] = RuleDoc(code, severity, summary, inspect.cleandoc(func.__doc__ or ""))
        return func

    return register


# --- reading the file ------------------------------------------------------------------


@rule("yaml-syntax", Severity.ERROR, "the file is not valid YAML (or not UTF-8)")
def yaml_syntax(error: LoadError) -> Issue:
    """The parser stopped: the finding points at the line and column it reports.

    Fails: a tab used for indentation, an unclosed quote or bracket, bytes that
    are not UTF-8, two documents in one file.
    """
    return Issue(error.code, (), error.message)


@rule("duplicate-key", Severity.ERROR, "a mapping repeats a key")
def duplicate_key(duplicate: DuplicateKey) -> Issue:
    """A mapping repeats a key; YAML readers silently keep only the last value.

    Fails: a stage with two `evidence:` keys (the first list would be lost).
    """
    return Issue(
        "duplicate-key",
        (),
        f"key {duplicate.key!r} is repeated (first at line {duplicate.first.line}): "
        "only the last value would count; merge the two",
    )


@rule("schema", Severity.ERROR, "a missing, unknown or invalid field; points at the field")
def schema(errors: ValidationError, document: Document) -> Iterator[Issue]:
    """A key is missing, unknown or holds a value of the wrong kind.

    Fails: `touchpionts:` (unknown key), `stance: no` (YAML reads it as false),
    `kind: stakeholder-workshop` (not a customer source), `emotion: 3`.
    """
    for error in errors.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        yield Issue(
            "schema",
            loc,
            explain(error, document.raw(loc)),
            stage=_stage_of(document.data, loc),
            at_key=error["type"] in {"extra_forbidden", "invalid_key"},
        )


def journey_id(data: Any, stem: str) -> Iterator[Issue]:
    """The `id` must equal the file's stem and the stem must be a valid id (code `schema`)."""
    given = data.get("id") if isinstance(data, dict) else None
    if isinstance(given, str) and given != stem:
        yield Issue(
            "schema",
            ("id",),
            f"id {given!r} differs from the file name {stem!r}: rename the file to "
            f"{given}.yml or remove the id",
        )
    elif given is None and not _is_slug(stem):
        yield Issue(
            "schema",
            (),
            f"the file name {stem!r} is not a valid journey id: rename the file using "
            "lowercase letters, digits and hyphens (e.g. first-invoice.yml)",
        )


# --- one journey --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stages:
    """The stages the journey rules look at: (index, stage) pairs and every stage id."""

    valid: list[tuple[int, Stage]]
    ids: list[str]


@rule("duplicate-id", Severity.ERROR, "two stages in a journey, or two journeys, share an id")
def duplicate_stage_id(stages: Stages) -> Iterator[Issue]:
    """Two stages of one journey share an id (or two journey files do).

    Fails: two stages both `id: pay`; `billing.yml` next to `billing.yaml`.
    """
    seen: set[str] = set()
    for index, stage in stages.valid:
        if stage.id in seen:
            yield Issue(
                "duplicate-id",
                ("stages", index, "id"),
                f"stage id {stage.id!r} is used by an earlier stage: stage ids must be "
                "unique within a journey",
                stage=stage.id,
            )
        seen.add(stage.id)


def duplicate_journey_id(journey_id: str, first_file: str) -> Issue:
    """A second file defines a journey id already defined by `first_file`."""
    return Issue(
        "duplicate-id",
        (),
        f"journey id {journey_id!r} is already used by {first_file}: "
        "journey ids must be unique across the folder",
    )


@rule("unknown-stage", Severity.ERROR, "`next` names a stage that does not exist")
def unknown_stage(stages: Stages) -> Iterator[Issue]:
    """`next` names a stage id that no stage of the journey has.

    Fails: `next: [pay-invoice]` when the stage is called `pay`.
    """
    ids = stages.ids
    for index, stage in stages.valid:
        for position, target in enumerate(stage.next or []):
            if target not in ids:
                hint = did_you_mean(target, ids)
                yield Issue(
                    "unknown-stage",
                    ("stages", index, "next", position),
                    f"next names stage {target!r}, which this journey does not have"
                    + (
                        f" — did you mean {hint!r}?"
                        if hint
                        else f"; stages: {', '.join(dict.fromkeys(ids))}"
                    ),
                    stage=stage.id,
                )


# --- one stage ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageContext:
    """What the stage rules look at."""

    stage: Stage
    index: int
    status: Status
    today: dt.date
    max_age_days: int

    @property
    def loc(self) -> Loc:
        return ("stages", self.index)


@rule("unvalidated-stage", Severity.ERROR, "a stage has no evidence and no waiver in force")
def unvalidated_stage(ctx: StageContext) -> Iterator[Issue]:
    """A stage rests on the team's assumption alone: no customer evidence, no waiver in force.

    Fails: a stage with `assumption:` and neither `evidence:` nor a current `waiver:`.
    Fix: talk to customers and add what they said or did under `evidence`, or add
    a waiver with `reason`, `approved_by` and `until`.
    """
    if ctx.status is Status.UNVALIDATED:
        expired = (
            f" (its waiver expired on {ctx.stage.waiver.until.isoformat()})"
            if ctx.stage.waiver
            else ""
        )
        yield Issue(
            "unvalidated-stage",
            ctx.loc,
            f"Stage {ctx.stage.id!r} has no customer evidence{expired}: talk to customers "
            f"about {_clip(ctx.stage.assumption)!r} and add what they said or did under "
            "evidence (interview, support-ticket, survey, usability-test…), or add a waiver "
            "with reason, approved_by and until",
            stage=ctx.stage.id,
        )


@rule("expired-waiver", Severity.ERROR, "a waiver's `until` has passed")
def expired_waiver(ctx: StageContext) -> Iterator[Issue]:
    """A waiver's `until` date has passed: the decision to go without research ran out.

    Points at the `until` value. Fix: gather evidence, or renew the waiver with a
    new date and approver.
    """
    waiver = ctx.stage.waiver
    if waiver is not None and not waiver_in_force(ctx.stage, ctx.today):
        yield Issue(
            "expired-waiver",
            (*ctx.loc, "waiver", "until"),
            f"the waiver of stage {ctx.stage.id!r} expired on {waiver.until.isoformat()}: "
            + (
                "the stage has customer evidence, so remove the waiver"
                if ctx.stage.evidence
                else "add customer evidence, or renew the waiver with a new until date and approver"
            ),
            stage=ctx.stage.id,
        )


@rule("future-date", Severity.ERROR, "evidence dated after today")
def future_date(ctx: StageContext) -> Iterator[Issue]:
    """Evidence is dated after today: evidence describes what already happened.

    Points at the `date` value. Fix: the date the evidence was gathered.
    """
    for index, evidence in enumerate(ctx.stage.evidence):
        if evidence.date > ctx.today:
            yield Issue(
                "future-date",
                (*ctx.loc, "evidence", index, "date"),
                f"evidence date {evidence.date.isoformat()} is in the future (today is "
                f"{ctx.today.isoformat()}): write the day it was gathered",
                stage=ctx.stage.id,
            )


@rule("stale-evidence", Severity.WARNING, "all of a stage's evidence is older than the maximum age")
def stale_evidence(ctx: StageContext) -> Iterator[Issue]:
    """All of a stage's evidence is older than `max_evidence_age_days` (default 365).

    The product has changed since; customers may have too. Fix: check again
    with customers and add the new evidence.
    """
    if ctx.status is Status.STALE:
        newest = max(evidence.date for evidence in ctx.stage.evidence)
        yield Issue(
            "stale-evidence",
            ctx.loc,
            f"Stage {ctx.stage.id!r}: its newest evidence is from {newest.isoformat()}, older "
            f"than {ctx.max_age_days} days: check with customers again and add what you learn",
            stage=ctx.stage.id,
        )


@rule("metrics-only", Severity.WARNING, "a stage's evidence is all `analytics`/`metric`")
def metrics_only(ctx: StageContext) -> Iterator[Issue]:
    """A stage is backed only by numbers (`analytics`, `metric`): no customer's voice.

    Numbers say what happens, not why. Fix: add an interview, survey, ticket or
    usability test that explains the numbers.
    """
    evidence = ctx.stage.evidence
    if evidence and all(item.is_number for item in evidence):
        yield Issue(
            "metrics-only",
            ctx.loc,
            f"Stage {ctx.stage.id!r} is backed only by numbers (analytics, metric): add "
            "evidence in customers' own words (interview, survey, support-ticket…) "
            "that explains them",
            stage=ctx.stage.id,
        )


@rule("needless-waiver", Severity.WARNING, "a stage has both evidence and a waiver")
def needless_waiver(ctx: StageContext) -> Iterator[Issue]:
    """A stage has evidence and still carries a waiver: the waiver is no longer needed.

    Fix: remove the waiver.
    """
    if ctx.stage.evidence and ctx.stage.waiver is not None:
        yield Issue(
            "needless-waiver",
            ctx.loc,
            f"Stage {ctx.stage.id!r} has customer evidence and a waiver: remove the waiver",
            stage=ctx.stage.id,
        )


@rule("assumption-contradicted", Severity.INFO, "status `contradicted`")
def assumption_contradicted(ctx: StageContext) -> Iterator[Issue]:
    """Fresh evidence contradicts the stage's assumption and none supports it.

    Not a failure: this is what research is for. Revisit the assumption.
    """
    if ctx.status is Status.CONTRADICTED:
        yield Issue(
            "assumption-contradicted",
            ctx.loc,
            f"Stage {ctx.stage.id!r}: customers contradict the assumption "
            f"{_clip(ctx.stage.assumption)!r}; revisit it",
            stage=ctx.stage.id,
        )


@rule("assumption-contested", Severity.INFO, "status `contested`")
def assumption_contested(ctx: StageContext) -> Iterator[Issue]:
    """Fresh evidence both supports and contradicts the assumption, or some is `mixed`.

    Not a failure: customers differ. Both views are shown side by side.
    """
    if ctx.status is Status.CONTESTED:
        yield Issue(
            "assumption-contested",
            ctx.loc,
            f"Stage {ctx.stage.id!r}: customers disagree about the assumption "
            f"{_clip(ctx.stage.assumption)!r}; see both sides on the journey page",
            stage=ctx.stage.id,
        )


JOURNEY_RULES: tuple[Callable[[Stages], Iterator[Issue]], ...] = (
    duplicate_stage_id,
    unknown_stage,
)
STAGE_RULES: tuple[Callable[[StageContext], Iterator[Issue]], ...] = (
    unvalidated_stage,
    expired_waiver,
    future_date,
    stale_evidence,
    metrics_only,
    needless_waiver,
    assumption_contradicted,
    assumption_contested,
)


def check_journey(
    journey: Journey, today: dt.date, max_age_days: int
) -> tuple[dict[str, Status], list[Issue]]:
    """Statuses of a valid journey's stages and the issues its rules find."""
    stages = Stages(list(enumerate(journey.stages)), [stage.id for stage in journey.stages])
    return check_stages(stages, today, max_age_days)


def check_stages(
    stages: Stages, today: dt.date, max_age_days: int
) -> tuple[dict[str, Status], list[Issue]]:
    """Statuses and issues of the stages that are valid (all of them, in a valid journey)."""
    issues: list[Issue] = []
    for journey_rule in JOURNEY_RULES:
        issues.extend(journey_rule(stages))
    statuses: dict[str, Status] = {}
    for index, stage in stages.valid:
        status = stage_status(stage, today, max_age_days)
        statuses.setdefault(stage.id, status)
        ctx = StageContext(stage, index, status, today, max_age_days)
        for stage_rule in STAGE_RULES:
            issues.extend(stage_rule(ctx))
    return statuses, issues


def valid_stages(data: Any) -> Stages:
    """The stages of a journey that fails the schema which are valid on their own.

    Their rules still run, so one bad key elsewhere hides no other finding.
    """
    raw = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        return Stages([], [])
    valid: list[tuple[int, Stage]] = []
    ids: list[str] = []
    for index, item in enumerate(raw):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.append(item["id"])
        try:
            valid.append((index, Stage.model_validate(item)))
        except ValidationError:
            continue
    return Stages(valid, ids)


def _stage_of(data: Any, loc: Loc) -> str | None:
    if len(loc) >= 2 and loc[0] == "stages" and isinstance(loc[1], int):
        stages = data.get("stages") if isinstance(data, dict) else None
        if isinstance(stages, list) and 0 <= loc[1] < len(stages):
            stage = stages[loc[1]]
            if isinstance(stage, dict) and isinstance(stage.get("id"), str):
                return str(stage["id"])
    return None


def _is_slug(text: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, text) is not None


def _clip(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
