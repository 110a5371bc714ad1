"""`journeymap diff` in a terminal: the headline, what needs a reviewer's eye, then each
changed journey stage by stage, and the verdict last.

Journey text is shown as written, except what `text.printable` escapes: control
characters (a terminal would obey an escape sequence), bidi controls, and the bytes of a
file name that are not UTF-8, shown as `\\x1b`-style escapes (so the output is UTF-8).
"""

from __future__ import annotations

import click

from journeymap.check.findings import Finding, Severity
from journeymap.diff.changes import (
    Diff,
    EvidenceItem,
    JourneyChange,
    StageChange,
    Value,
    WaiverChange,
)
from journeymap.diff.formats import sentences
from journeymap.personal_data import redact
from journeymap.text import printable

_TEXT_CHARS = 200
_FIELD_CHARS = 400  # a stage's field before and after: a reworded assumption in full
_LISTED = 20  # findings the base has too, listed before "and N more"
_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def plain(text: str, limit: int | None = _TEXT_CHARS) -> str:
    """Journey text made safe for a terminal, personal data replaced by its kind, shortened
    to `limit` characters."""
    text = printable(redact(text))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def render(diff: Diff) -> str:
    if diff.base.ref is not None:
        against = f"{plain(diff.base.ref)} (merge-base {plain(diff.base.label)})"
    else:
        against = plain(diff.base.label)
    lines = [
        click.style(f"journeymap diff: the working tree against {against}", bold=True),
        click.style(sentences.headline(diff, _path) + ".", bold=True),
        f"{sentences.journeys_line(diff, _path)}. {sentences.coverage_line(diff, _path)}.",
    ]
    studies = sentences.studies_line(diff, _path)
    if studies:
        lines.append(studies + ".")
    policy = sentences.policy_line(diff, plain)
    if policy:
        lines += ["", click.style(policy + ".", fg="red", bold=True)]
    if diff.base.policy_note:
        lines += ["", plain(diff.base.policy_note, None) + "."]
    gaps_added, gaps_removed = sentences.baseline_lines(diff, plain)
    if gaps_added:
        lines += ["", click.style(gaps_added + ".", fg="red", bold=True)]
    if gaps_removed:
        lines += ["", gaps_removed + "."]
    hidden = diff.disagreement_hidden()
    if hidden:
        lines += ["", click.style(sentences.hidden_line(len(hidden)) + ":", fg="red", bold=True)]
        lines += [f"  {_where(j, s)} ({plain(j.file)}): {_evidence(item)}" for j, s, item in hidden]
    removed = diff.disagreement_removed()
    if removed:
        lines += [
            "",
            click.style(sentences.disagreement_line(diff) + ":", fg="red", bold=True),
        ]
        lines += [
            f"  {_where(j, s)}: {_evidence(item, sentences.stance_move(item, diff))}"
            for j, s, item in removed
        ]
    waivers = [w for w in diff.waiver_changes() if w[2].change in {"added", "extended", "changed"}]
    if waivers:
        lines += ["", "Waivers added or extended:"]
        for journey, stage, change in waivers:
            lines.append(f"  {_where(journey, stage)}: {_waiver(change)}")
    for journey in diff.journeys:
        lines += ["", *_journey(journey)]
    findings = diff.findings
    if findings.introduced:
        lines += ["", "New findings:"]
        lines += [f"  {_finding(f, diff.strict)}" for f in findings.introduced]
    counted = sentences.not_counted(diff)
    if counted:
        lines += ["", counted + ":"]
        time_caused = set(findings.time_caused)
        lines += [
            f"  {_finding(f, diff.strict)}{' (time)' if f in time_caused else ''}"
            for f in findings.pre_existing[:_LISTED]
        ]
        if len(findings.pre_existing) > _LISTED:
            more = len(findings.pre_existing) - _LISTED
            lines.append(f"  … and {more} more (`journeymap validate` lists them all)")
    if findings.resolved:
        lines += ["", sentences.fixed(len(findings.resolved)) + "."]
    colour = "red" if diff.failed else "green"
    lines += ["", click.style(sentences.verdict(diff) + ".", fg=colour, bold=True)]
    return "\n".join(lines) + "\n"


def _journey(journey: JourneyChange) -> list[str]:
    title = f" ({plain(journey.title)})" if journey.title else ""
    head = f"{plain(journey.file)}: journey {plain(journey.id)}{title} {journey.change}"
    lines = [click.style(head, bold=True)]
    if journey.renamed_from:
        renamed = journey.renamed_from
        lines.append(f"  renamed from {plain(renamed.id)} ({plain(renamed.file)})")
    coverage = sentences.journey_coverage(journey.coverage_before, journey.coverage_after)
    if coverage:
        lines.append(f"  {coverage}")
    if journey.fields_changed:
        lines.append(f"  changed: {', '.join(journey.fields_changed)}")
    note = sentences.unreadable_note(journey, _path)
    if note:
        lines.append(f"  {note}")
    for stage in journey.stages:
        lines += _stage(stage, journey)
    return lines


def _stage(stage: StageChange, journey: JourneyChange) -> list[str]:
    title = f" ({plain(stage.title, 80)})" if stage.title is not None else ""
    lines = [f"  stage {plain(stage.id)}{title}: {sentences.status_cell(stage, journey)}"]
    hidden = click.style(" [no longer visible]", fg="red")
    lines += [f"    ? {_evidence(item)}{hidden}" for item in stage.disagreement_hidden]
    gone = set(stage.disagreement_removed)
    mark = click.style(" [disagreement removed]", fg="red")
    for edit in stage.evidence_edited:
        changes = "; ".join(
            f"{name} {plain(before, 80)} → {plain(after, 80)}"
            for name, before, after in map(sentences.field_change, edit.changes)
        )
        flag = mark if edit.before in gone else ""
        lines.append(f"    ~ {_evidence(edit.before)} (edited: {changes}){flag}")
    lines += [f"    + {_evidence(item)}" for item in stage.only_added()]
    for item in stage.only_removed():
        lines.append(f"    - {_evidence(item)}{mark if item in gone else ''}")
    if stage.waiver:
        lines.append(f"    {_waiver(stage.waiver)}")
    for change in stage.field_values:
        lines.append(f"    {change.name}: {_quoted(change.before)} → {_quoted(change.after)}")
    return lines


def _quoted(value: Value) -> str:
    """A stage field's value, in quotes (so a reworded text reads as one), or `none`."""
    return "none" if value is None else f'"{plain(str(value), _FIELD_CHARS)}"'


def _waiver(change: WaiverChange) -> str:
    what, approver, approver_before, _ = sentences.waiver_phrase(change)
    if not approver:
        return what
    was = f" (was {plain(approver_before)})" if approver_before else ""
    return f"{what}, approved by {plain(approver)}{was}"


def _path(text: str) -> str:
    """A file name or a finding's message, whole, safe for a terminal."""
    return plain(text, None)


def _where(journey: JourneyChange, stage: StageChange) -> str:
    return f"{plain(journey.id)} / {plain(stage.id)}"


def _evidence(item: EvidenceItem, stance: str | None = None) -> str:
    return f"{item.kind} ({stance or item.stance}): {plain(item.summary)}"


def _finding(finding: Finding, strict: bool) -> str:
    where = plain(finding.file, None)
    if finding.line is not None:
        where += f":{finding.line}:{finding.column or 1}"
    severity = click.style(finding.severity.value, fg=_COLOURS[finding.severity], bold=True)
    fails = "" if finding.severity.fails(strict) else " (does not fail)"
    return f"{where}: {severity} {finding.code} {plain(finding.message, None)}{fails}"
