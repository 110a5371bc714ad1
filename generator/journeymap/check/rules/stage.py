"""Stage checks: one stage's evidence, waiver and status, against today and the policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from journeymap.check.findings import Severity
from journeymap.check.rules.context import StageContext
from journeymap.check.rules.registry import Issue, Scope, rule
from journeymap.journey.status import Status, waiver_in_force
from journeymap.text import excerpt


@rule(
    "unvalidated-stage",
    Severity.ERROR,
    "a stage has no evidence and no waiver in force",
    scope=Scope.STAGE,
)
def unvalidated_stage(ctx: StageContext) -> Iterator[Issue]:
    """A stage rests on the team's assumption alone: no customer evidence, no waiver.

    Fails: a stage with `assumption:` and neither `evidence:` nor a `waiver:`.
    Fix: talk to customers and add what they said or did under `evidence`, or add
    a waiver with `reason`, `approved_by` and `until`. (A stage whose waiver has
    expired gets `expired-waiver` instead.)
    """
    if ctx.status is Status.UNVALIDATED and ctx.stage.waiver is None:
        yield Issue(
            f"Stage {ctx.stage.id!r} has no customer evidence: talk to customers "
            f"about {_clip(ctx.stage.assumption)!r} and add what they said or did under "
            "evidence (interview, support-ticket, survey, usability-test…), or add a waiver "
            "with reason, approved_by and until",
            loc=ctx.loc,
        )


@rule("expired-waiver", Severity.ERROR, "a waiver's `until` has passed", scope=Scope.STAGE)
def expired_waiver(ctx: StageContext) -> Iterator[Issue]:
    """A waiver's `until` date has passed: the decision to go without research ran out.

    Points at the `until` value. Fix: gather evidence, or renew the waiver with a
    new date and approver (with evidence, remove the waiver).
    """
    waiver = ctx.stage.waiver
    if waiver is not None and not waiver_in_force(ctx.stage, ctx.today):
        yield Issue(
            f"the waiver of stage {ctx.stage.id!r} expired on {waiver.until.isoformat()}: "
            + (
                "the stage has customer evidence, so remove the waiver"
                if ctx.stage.evidence
                else "the stage has no customer evidence; add what customers said or did "
                "under evidence, or renew the waiver with a new until date and approver"
            ),
            loc=(*ctx.loc, "waiver", "until"),
        )


@rule("future-date", Severity.ERROR, "evidence dated after today", scope=Scope.STAGE)
def future_date(ctx: StageContext) -> Iterator[Issue]:
    """Evidence is dated after today: evidence describes what already happened.

    Points at the `date` value. Fix: the date the evidence was gathered.
    """
    for index, evidence in enumerate(ctx.stage.evidence):
        if evidence.date > ctx.today:
            yield Issue(
                f"evidence date {evidence.date.isoformat()} is in the future (today is "
                f"{ctx.today.isoformat()}): write the day it was gathered",
                loc=(*ctx.loc, "evidence", index, "date"),
            )


@rule(
    "stale-evidence",
    Severity.WARNING,
    "all of a stage's evidence is older than the maximum age",
    scope=Scope.STAGE,
)
def stale_evidence(ctx: StageContext) -> Iterator[Issue]:
    """All of a stage's evidence is older than `max_evidence_age_days` (default 365).

    The product has changed since; customers may have too. Fix: check again
    with customers and add the new evidence.
    """
    if ctx.status is Status.STALE:
        newest = max(evidence.date for evidence in ctx.stage.evidence)
        yield Issue(
            f"Stage {ctx.stage.id!r}: its newest evidence is from {newest.isoformat()}, older "
            f"than {ctx.max_age_days} days: check with customers again and add what you learn",
            loc=ctx.loc,
        )


@rule(
    "metrics-only",
    Severity.WARNING,
    "a stage's evidence is all `analytics`/`metric`",
    scope=Scope.STAGE,
)
def metrics_only(ctx: StageContext) -> Iterator[Issue]:
    """A stage is backed only by numbers (`analytics`, `metric`): no customer's voice.

    Numbers say what happens, not why. Fix: add an interview, survey, ticket or
    usability test that explains the numbers.
    """
    evidence = ctx.stage.evidence
    if evidence and all(item.is_number for item in evidence):
        yield Issue(
            f"Stage {ctx.stage.id!r} is backed only by numbers (analytics, metric): add "
            "evidence in customers' own words (interview, survey, support-ticket…) "
            "that explains them",
            loc=ctx.loc,
        )


@rule(
    "needless-waiver",
    Severity.WARNING,
    "a stage has both evidence and a waiver",
    scope=Scope.STAGE,
)
def needless_waiver(ctx: StageContext) -> Iterator[Issue]:
    """A stage has evidence and still carries a waiver in force: it is no longer needed.

    Fix: remove the waiver. (An expired one gets `expired-waiver` instead.)
    """
    if ctx.stage.evidence and waiver_in_force(ctx.stage, ctx.today):
        yield Issue(
            f"Stage {ctx.stage.id!r} has customer evidence and a waiver: remove the waiver",
            loc=ctx.loc,
        )


@rule(
    "waiver-expiring",
    Severity.WARNING,
    "a waiver in force ends within `warn_days` (default 30)",
    scope=Scope.STAGE,
)
def waiver_expiring(ctx: StageContext) -> Iterator[Issue]:
    """A waiver in force ends within `warn_days` days (default 30): plan before it does.

    Counted in whole days: a waiver whose `until` is today, or at most `warn_days`
    days from today, is reported (with `warn_days: 0`, only on its last day).
    Points at the `until` value. Fix: gather customer evidence before then, or
    renew the waiver with a new date and approver. Not reported for a stage that
    has evidence (that one gets `needless-waiver`).
    """
    waiver = ctx.stage.waiver
    if waiver is None or ctx.stage.evidence or not waiver_in_force(ctx.stage, ctx.today):
        return
    left = (waiver.until - ctx.today).days
    if left <= ctx.warn_days:
        plan = (
            ", and from tomorrow the stage fails the build: add customer evidence"
            if left == 0
            else ": gather customer evidence before then"
        )
        yield Issue(
            f"the waiver of stage {ctx.stage.id!r} (approved by {waiver.approved_by!r}) ends "
            f"{_when(waiver.until, left)}{plan}, or renew the waiver with a new until date "
            "and approver",
            loc=(*ctx.loc, "waiver", "until"),
        )


@rule("assumption-contradicted", Severity.INFO, "status `contradicted`", scope=Scope.STAGE)
def assumption_contradicted(ctx: StageContext) -> Iterator[Issue]:
    """Fresh evidence contradicts the stage's assumption and none supports it.

    Not a failure: this is what research is for. Revisit the assumption.
    """
    if ctx.status is Status.CONTRADICTED:
        yield Issue(
            f"Stage {ctx.stage.id!r}: customers contradict the assumption "
            f"{_clip(ctx.stage.assumption)!r}; revisit it",
            loc=ctx.loc,
        )


@rule("assumption-contested", Severity.INFO, "status `contested`", scope=Scope.STAGE)
def assumption_contested(ctx: StageContext) -> Iterator[Issue]:
    """Fresh evidence both supports and contradicts the assumption, or some is `mixed`.

    Not a failure: customers differ. Both views are shown side by side.
    """
    if ctx.status is Status.CONTESTED:
        yield Issue(
            f"Stage {ctx.stage.id!r}: customers disagree about the assumption "
            f"{_clip(ctx.stage.assumption)!r}; see both sides on the journey page",
            loc=ctx.loc,
        )


@rule(
    "evidence-aging",
    Severity.INFO,
    "the stage becomes `stale` within `warn_days` unless new evidence arrives",
    scope=Scope.STAGE,
)
def evidence_aging(ctx: StageContext) -> Iterator[Issue]:
    """The stage turns `stale` within `warn_days` days unless new evidence arrives.

    A stage turns stale the day after its newest evidence reaches
    `max_evidence_age_days`; it is reported when that day is at most `warn_days`
    days from today. Points at the stage. Fix: plan research to refresh it.
    """
    evidence = ctx.stage.evidence
    if not evidence or ctx.status is Status.STALE:
        return
    newest = max(item.date for item in evidence)
    if newest > ctx.today:  # dated in the future: `future-date` says so, once
        return
    # Counted in days, not dates: a date near the year 9999 plus the policy's days
    # is past the last day Python can hold.
    left = (newest - ctx.today).days + ctx.max_age_days + 1
    stale_on = _days_after(ctx.today, left)
    if 0 < left <= ctx.warn_days and stale_on is not None:
        yield Issue(
            f"Stage {ctx.stage.id!r}: its newest evidence ({newest.isoformat()}) turns stale "
            f"{_when(stale_on, left)}, at {ctx.max_age_days} days old: check with customers "
            "again before then",
            loc=ctx.loc,
        )


def _days_after(day: dt.date, days: int) -> dt.date | None:
    """The day `days` after `day`, or None past the calendar's end (9999-12-31)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _when(day: dt.date, left: int) -> str:
    if left == 0:
        return f"today ({day.isoformat()})"
    return f"on {day.isoformat()}, in {left} day{'' if left == 1 else 's'}"


def _clip(text: str, limit: int = 80) -> str:
    return excerpt(" ".join(text.split()), limit)
