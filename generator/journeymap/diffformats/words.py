"""The wording the text and markdown diff formats share. Nothing here holds text from a
journey file: those pieces are passed through each format's own escaping."""

from __future__ import annotations

from journeymap.diff import Diff, StageChange, WaiverChange
from journeymap.status import Status
from journeymap.wording import plural

#: The order in which status moves are told: most in need of a reviewer's eye first.
STATUS_ORDER = (
    Status.CONTRADICTED,
    Status.CONTESTED,
    Status.UNVALIDATED,
    Status.STALE,
    Status.WAIVED,
    Status.CONFIRMED,
)


def percent(share: float | None) -> str:
    return "none" if share is None else f"{share:.0%}"


def headline(diff: Diff) -> str:
    """E.g. "2 stages change status: 1 newly contradicted, 1 newly confirmed"."""
    moves = diff.status_moves()
    if not moves:
        return "No stage changes status"
    parts = []
    for status in STATUS_ORDER:
        count = sum(1 for _, stage in moves if stage.after is status)
        if count:
            parts.append(f"{count} newly {status.value}")
    removed = sum(1 for _, stage in moves if stage.after is None)
    if removed:
        parts.append(f"{removed} removed")
    verb = "changes" if len(moves) == 1 else "change"
    return f"{plural(len(moves), 'stage')} {verb} status: {', '.join(parts)}"


def journeys_line(diff: Diff) -> str:
    """E.g. "1 journey changed, 1 added" or "No journey changed"."""
    parts = [
        f"{diff.count(change)} {change}"
        for change in ("changed", "added", "removed")
        if diff.count(change)
    ]
    if not parts:
        return "No journey changed"
    first, *rest = parts
    count, _, change = first.partition(" ")
    return ", ".join([f"{plural(int(count), 'journey')} {change}", *rest])


def coverage_line(diff: Diff) -> str:
    if diff.coverage_before is None and diff.coverage_after is None:
        return "No stages on either side"
    before, after = percent(diff.coverage_before), percent(diff.coverage_after)
    if before == after:
        return f"Coverage unchanged: {after} of stages have customer evidence"
    return f"Coverage {before} → {after} of stages have customer evidence"


def disagreement_line(count: int) -> str:
    return (
        f"Disagreement removed: this change deletes {plural(count, 'piece')} of customer "
        "evidence that contradicted the team's assumption or was mixed"
    )


def verdict(diff: Diff) -> str:
    count = len(diff.findings.new_failures)
    strict = " (strict: warnings count)" if diff.strict else ""
    if not count:
        return f"No new failing finding{strict}: the change passes"
    return f"{plural(count, 'new failing finding')}{strict}: the change fails the check"


def not_counted(diff: Diff) -> str | None:
    """The failing findings the base has too, which the change is not blamed for."""
    findings = diff.findings
    if not findings.pre_existing:
        return None
    time = len(findings.time_caused)
    caused = (
        f", {time} of them caused by time alone (a waiver ended or evidence aged out on a "
        "stage this change does not touch; the scheduled run reports them)"
        if time
        else ""
    )
    return (
        f"Not counted: {plural(len(findings.pre_existing), 'failing finding')} the base "
        f"has too{caused}"
    )


def status_cell(stage: StageChange) -> str:
    if stage.before is None:
        return f"new: {stage.after.value}" if stage.after else "new"
    if stage.after is None:
        return f"removed (was {stage.before.value})"
    if stage.before is stage.after:
        return f"{stage.after.value} (unchanged)"
    return f"{stage.before.value} → {stage.after.value}"


def waiver_phrase(change: WaiverChange) -> tuple[str, str | None, str | None]:
    """(what happened, approver, reason) of a waiver change; the last two are journey text."""
    after, before = change.after, change.before
    if change.change == "added" and after:
        return f"waiver added until {after.until}", after.approved_by, after.reason
    if change.change == "removed" and before:
        return f"waiver removed (was until {before.until})", before.approved_by, None
    if after and before:
        if change.change in {"extended", "shortened"}:
            what = f"waiver {change.change} to {after.until} (was {before.until})"
        else:
            what = f"waiver changed (until {after.until})"
        return what, after.approved_by, after.reason
    return f"waiver {change.change}", None, None


def fixed(count: int) -> str:
    verb = "occurs" if count == 1 else "occur"
    return f"Fixed: {plural(count, 'failing finding')} of the base no longer {verb}"


def journey_coverage(before: float | None, after: float | None) -> str | None:
    """A journey's coverage: "coverage 50% → 60%", "coverage 100%", "coverage was 100%"."""
    if before is None and after is None:
        return None
    if before is None:
        return f"coverage {percent(after)}"
    if after is None:
        return f"coverage was {percent(before)}"
    if percent(before) == percent(after):
        return f"coverage {percent(after)}"
    return f"coverage {percent(before)} → {percent(after)}"
