"""The sentences the text and markdown diff formats share (the headline, the verdict,
each callout's title, a status cell, a waiver change told). Nothing here holds text from
a journey file: those pieces are passed through each format's own escaping."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from journeymap.check.baseline import Entry
from journeymap.diff.changes import (
    Diff,
    DuplicateChange,
    EvidenceItem,
    FieldChange,
    JourneyChange,
    StageChange,
    Value,
    WaiverChange,
)
from journeymap.journey.status import Status
from journeymap.text import listed, plural

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


def headline(diff: Diff, escape: Callable[[str], str], most: int | None = None) -> str:
    """E.g. "2 stages change status: 1 newly contradicted, 1 newly confirmed"; a journey
    file that cannot be read on one side is told first, its stages unknown there (at most
    `most` such files by name, the rest counted). `escape` makes file names and error
    messages safe."""
    lost, back = diff.unreadable("head"), diff.unreadable("base")
    clauses = [_unreadable_clause(journey, escape) for journey in lost[:most]]
    if len(clauses) < len(lost):
        rest = lost[len(clauses) :]
        clauses.append(
            f"{_files(len(rest), bool(clauses))} can no longer be read as journeys: "
            f"{_stages(rest)} unknown after the change, not removed (`journeymap diff` "
            "names the files)"
        )
    again = [_readable_again_clause(journey, escape) for journey in back[:most]]
    if len(again) < len(back):
        rest = back[len(again) :]
        again.append(
            f"{_files(len(rest), bool(again))} can be read again: {_stages(rest, 'had')} no "
            "status at the base to compare with (`journeymap diff` names the files)"
        )
    clauses += again
    moves = _moves(diff)
    if clauses:
        told = moves[0].lower() + moves[1:] if moves.startswith("No ") else moves
        told = told.replace("no stage changes", "no other stage changes", 1)
        return "; ".join([*clauses, told])
    return moves


def _files(count: int, more: bool) -> str:
    return plural(count, "more journey file" if more else "journey file")


def _stages(journeys: list[JourneyChange], verb: str = "") -> str:
    """E.g. "12 stages in them are" (or with `verb`: "12 stages in them had")."""
    count = sum(len(journey.stages) for journey in journeys)
    return f"{plural(count, 'stage')} in them {verb or ('is' if count == 1 else 'are')}"


def _unreadable_clause(journey: JourneyChange, escape: Callable[[str], str]) -> str:
    file = escape(journey.file)
    count = len(journey.stages)
    stages = (
        f": its {plural(count, 'stage')} {'is' if count == 1 else 'are'} unknown after the "
        "change, not removed"
        if count
        else ""
    )
    return f"{file} can no longer be read as a journey ({error(journey, escape)}){stages}"


def _readable_again_clause(journey: JourneyChange, escape: Callable[[str], str]) -> str:
    count = len(journey.stages)
    return (
        f"{escape(journey.file)} can be read again (at the base: {error(journey, escape)}): "
        f"its {plural(count, 'stage')} had no status at the base to compare with"
    )


def unreadable_note(journey: JourneyChange, escape: Callable[[str], str]) -> str | None:
    """What a journey's table says of a file that cannot be read on one side."""
    if journey.unreadable is None:
        return None
    why = error(journey, escape)
    if journey.change == "added":
        return f"cannot be read ({why})"
    if journey.change == "removed":
        return f"could not be read at the base ({why})"
    if journey.unreadable == "head":
        return (
            f"cannot be read after the change ({why}): its stages are unknown after it, not removed"
        )
    return f"could not be read at the base ({why}): its stages had no status there to compare with"


def error(journey: JourneyChange, escape: Callable[[str], str]) -> str:
    """The first error of a journey file where it cannot be read: "file:line:col: msg"."""
    found = journey.error
    if found is None:
        return "see the findings"
    where = found.file
    if found.line is not None:
        where += f":{found.line}:{found.column or 1}"
    return f"{escape(where)}: {found.code}: {escape(found.message)}"


def _moves(diff: Diff) -> str:
    moves = diff.status_moves()
    if not moves:
        return "No stage changes status"
    parts = []
    for status in STATUS_ORDER:
        count = sum(1 for _, stage in moves if stage.after is status)
        if count:
            parts.append(f"{count} newly {status.value}{_by_deletion(moves, status)}")
    removed = sum(1 for _, stage in moves if stage.after is None and stage.change == "removed")
    if removed:
        parts.append(f"{removed} removed")
    broken = sum(1 for _, stage in moves if stage.after is None and stage.change != "removed")
    if broken:
        parts.append(f"{broken} now with schema errors")
    verb = "changes" if len(moves) == 1 else "change"
    return f"{plural(len(moves), 'stage')} {verb} status: {', '.join(parts)}"


def _by_deletion(moves: list[tuple[JourneyChange, StageChange]], status: Status) -> str:
    """The caveat of the confirmed count: how many were confirmed only because evidence
    that disagreed was deleted (and how many of those now rest on numbers alone)."""
    if status is not Status.CONFIRMED:
        return ""
    deleted = [stage for _, stage in moves if stage.after is status and stage.confirmed_by_deletion]
    if not deleted:
        return ""
    metrics = sum(1 for stage in deleted if stage.metrics_only_after)
    rest = ""
    if metrics:
        rest = ", now metrics-only" if metrics == len(deleted) else f"; {metrics} now metrics-only"
    count = sum(1 for _, stage in moves if stage.after is status)
    if len(deleted) == count:
        told = "only because" if count == 1 else "all only because"
    else:
        told = f"{len(deleted)} of them only because"
    return f" ({told} evidence that disagreed was deleted{rest})"


def journeys_line(diff: Diff, escape: Callable[[str], str], most: int | None = None) -> str:
    """E.g. "1 journey changed, 1 added" or "No journey changed"; then the duplicates
    added or removed ("duplicate of billing removed: journeys/alias.yml"), at most `most`
    of them, the rest counted."""
    parts = [
        f"{diff.count(change)} {change}"
        for change in ("changed", "added", "removed")
        if diff.count(change)
    ]
    if not parts:
        line = "No journey changed"
    else:
        first, *rest = parts
        count, _, change = first.partition(" ")
        line = ", ".join([f"{plural(int(count), 'journey')} {change}", *rest])
    duplicates = [duplicate_phrase(d, escape) for d in diff.duplicates[:most]]
    left = len(diff.duplicates) - len(duplicates)
    if left:
        noun = "more duplicate" if duplicates else "duplicate"
        duplicates.append(f"{plural(left, noun)} of a journey added or removed")
    return "; ".join([line, *duplicates])


def studies_line(diff: Diff, escape: Callable[[str], str], most: int | None = None) -> str | None:
    """E.g. "Studies: onboarding-interviews changed (date, segments), pricing-survey removed
    (cited by 3 evidence items)"; None when no study changed. At most `most` studies are
    named, the rest counted."""
    if not diff.studies:
        return None
    parts: list[str] = []
    for study in diff.studies[:most]:
        part = f"{escape(study.id)} {study.change}"
        if study.fields:
            part += f" ({', '.join(study.fields)})"
        if study.change == "removed" and study.cited_by:
            part += f" (cited by {plural(study.cited_by, 'evidence item')})"
        parts.append(part)
    left = len(diff.studies) - len(parts)
    if left:
        parts.append(f"{plural(left, 'more study', 'more studies')} changed")
    return "Studies: " + ", ".join(parts)


def duplicate_phrase(duplicate: DuplicateChange, escape: Callable[[str], str]) -> str:
    """E.g. "duplicate of billing removed: journeys/alias.yml (billing stays, read from
    journeys/billing.yml)"."""
    of, file, source = escape(duplicate.of_id), escape(duplicate.file), escape(duplicate.of_file)
    if duplicate.change == "added":
        return (
            f"duplicate of {of} added: {file} repeats the journey read from {source} "
            "(a duplicate-id error)"
        )
    if duplicate.kept:
        return f"{file} no longer duplicates {of} ({of} is read from {source})"
    return f"duplicate of {of} removed: {file} ({of} stays, read from {source})"


def coverage_line(diff: Diff, escape: Callable[[str], str], most: int | None = None) -> str:
    """Coverage before and after, over the journeys read on both sides (naming at most
    `most` of the files left out, the rest counted)."""
    line = _coverage(diff)
    excludes = diff.coverage_excludes
    if excludes:
        named = [escape(file) for file in excludes[:most]]
        left = len(excludes) - len(named)
        if left:
            named.append(plural(left, "more file" if named else "file"))
        files = listed(named)
        one = len(excludes) == 1
        line += (
            f" (leaving out {files} on both sides: {'it' if one else 'each'} cannot be read on "
            f"one side, so {'its' if one else 'their'} stages cannot be compared)"
        )
    return line


def _coverage(diff: Diff) -> str:
    if diff.coverage_before is None and diff.coverage_after is None:
        return "No stages on either side"
    if diff.coverage_before is None:
        after = percent(diff.coverage_after)
        return f"Coverage {after} of stages have customer evidence (no stages before)"
    if diff.coverage_after is None:
        before = percent(diff.coverage_before)
        return f"No stages left (coverage was {before} of stages with customer evidence)"
    before, after = percent(diff.coverage_before), percent(diff.coverage_after)
    if before == after:
        return f"Coverage unchanged: {after} of stages have customer evidence"
    return f"Coverage {before} → {after} of stages have customer evidence"


def hidden_line(count: int) -> str:
    return (
        f"Disagreement no longer visible: {plural(count, 'piece')} of customer evidence "
        "that contradicted the team's assumption or was mixed "
        f"{'is' if count == 1 else 'are'} in a file that cannot be read after the change "
        "(not known to be removed, but no reader sees it)"
    )


def disagreement_line(diff: Diff) -> str:
    """What the change did to the evidence that disagreed: deleted it, edited its stance
    to `supports`, or both, e.g. "Disagreement removed: this change deletes 2 pieces of
    customer evidence that contradicted the team's assumption or were mixed"."""
    removed = [item for *_, item in diff.disagreement_removed()]
    restanced = len([item for item in removed if item in diff.restanced()])
    deleted = len(removed) - restanced
    if not restanced:
        return f"Disagreement removed: this change deletes {_disagreeing(deleted)}"
    now = "now supports it" if restanced == 1 else "now support it"
    if not deleted:
        return (
            f"Disagreement removed: {_disagreeing(restanced)} {now} (this change edits "
            f"{'its' if restanced == 1 else 'their'} stance to supports)"
        )
    return (
        f"Disagreement removed: this change deletes {_disagreeing(deleted)}, and edits "
        f"the stance of {plural(restanced, 'more')} to supports"
    )


def _disagreeing(count: int) -> str:
    """E.g. "2 pieces of customer evidence that contradicted the team's assumption or were
    mixed"."""
    verb = "was" if count == 1 else "were"
    return (
        f"{plural(count, 'piece')} of customer evidence that contradicted the team's "
        f"assumption or {verb} mixed"
    )


def stance_move(item: EvidenceItem, diff: Diff) -> str:
    """An item's stance as a callout of disagreement removed tells it: "contradicts", or
    "contradicts → supports" for an item edited to agree."""
    return f"{item.stance} → supports" if item in diff.restanced() else item.stance


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


def status_cell(stage: StageChange, journey: JourneyChange | None = None) -> str:
    if journey is not None and journey.change == "changed" and journey.unreadable == "head":
        return f"{stage.before.value if stage.before else '?'} → unknown (the file cannot be read)"
    if journey is not None and journey.change == "changed" and journey.unreadable == "base":
        return f"unknown (the file could not be read) → {stage.after.value if stage.after else '?'}"
    errors = "schema errors (see the findings)"
    if stage.unreadable == "both":
        return f"{errors}, before and after"
    if stage.unreadable == "head":
        if stage.change == "added":
            return f"new: {errors}"
        return f"{stage.before.value if stage.before else '?'} → {errors}{cause(stage)}"
    if stage.unreadable == "base":
        if stage.change == "removed":
            return "removed (it had schema errors)"
        return f"{errors} at the base → {stage.after.value if stage.after else '?'}"
    if stage.before is None:
        return f"new: {stage.after.value}" if stage.after else "new"
    if stage.after is None:
        return f"removed (was {stage.before.value})"
    if stage.before is stage.after:
        return f"{stage.after.value} (unchanged)"
    if stage.confirmed_by_deletion:
        numbers = "; now metrics-only" if stage.metrics_only_after else ""
        return (
            f"{stage.before.value} → {stage.after.value} (only because evidence that "
            f"disagreed was deleted{numbers}){cause(stage)}"
        )
    return f"{stage.before.value} → {stage.after.value}{cause(stage)}"


def cause(stage: StageChange) -> str:
    """E.g. " (because study onboarding-interviews changed)": the studies (ids, slugs)
    whose edit moved the stage; empty when none did."""
    if not stage.because:
        return ""
    noun = "study" if len(stage.because) == 1 else "studies"
    return f" (because {noun} {listed(list(stage.because))} changed)"


class WaiverWords(NamedTuple):
    """A waiver change told: `what` is ours; the approvers and the reason are journey text."""

    what: str
    approver: str | None
    approver_before: str | None  # who approved it before, when that changed
    reason: str | None


def waiver_phrase(change: WaiverChange) -> WaiverWords:
    """What happened to a waiver, who approves it (and who did before, if someone else)."""
    after, before = change.after, change.before
    if change.change == "added" and after:
        return WaiverWords(
            f"waiver added until {after.until}", after.approved_by, None, after.reason
        )
    if change.change == "removed" and before:
        return WaiverWords(
            f"waiver removed (was until {before.until})", before.approved_by, None, None
        )
    if after and before:
        if change.change in {"extended", "shortened"}:
            what = f"waiver {change.change} to {after.until} (was {before.until})"
        else:
            labels = {"reason": "reason", "approved_by": "approver"}
            edited = [
                label
                for name, label in labels.items()
                if getattr(before, name) != getattr(after, name)
            ]
            what = f"waiver {' and '.join(edited)} changed (until {after.until})"
        was = before.approved_by if before.approved_by != after.approved_by else None
        return WaiverWords(what, after.approved_by, was, after.reason)
    return WaiverWords(f"waiver {change.change}", None, None, None)


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


def value(value: Value | object) -> str:
    """An option's or a field's value as written in YAML (`true`, `365`, `none`, `[a, b]`)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):  # the jargon list
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value)


def field_change(change: FieldChange) -> tuple[str, str, str]:
    """(field, before, after) of an edited evidence field; the values are journey text."""
    return change.name, value(change.before), value(change.after)


def policy_line(diff: Diff, escape: Callable[[str], str]) -> str | None:
    """E.g. "This change edits the journeymap policy in mkdocs.yml: max_evidence_age_days
    365 → 9999 (…)"; None when it does not. `escape` makes the file's values safe."""
    if not diff.base.policy:
        return None
    edits = "; ".join(
        f"{escape(change.name)} {escape(value(change.before))} → {escape(value(change.after))}"
        for change in diff.base.policy
    )
    return (
        f"This change edits the journeymap policy in {escape(diff.base.policy_file)}: {edits} "
        "(both sides are checked with the new policy, so statuses and findings here "
        "do not show what the edit itself changes)"
    )


#: Most baseline entries a sentence names one by one (the rest are counted).
BASELINE_NAMED = 10


def baseline_lines(diff: Diff, escape: Callable[[str], str]) -> tuple[str | None, str | None]:
    """What the change does to the baseline, as (entries added, entries removed): e.g.
    "This change adds 3 known gaps to the baseline journeymap-baseline.yml: …"; None for a
    side it does not change. `escape` makes the file's values safe."""
    base = diff.base
    file = escape(base.baseline_file)
    added = removed = None
    if base.baseline_added:
        added = (
            f"This change adds {plural(len(base.baseline_added), 'known gap')} to the baseline "
            f"{file}: {_entries(base.baseline_added, escape)} (listed there, "
            f"{'it fails' if len(base.baseline_added) == 1 else 'they fail'} nothing here or "
            "in any later check: review each as you would a waiver)"
        )
    if base.baseline_removed:
        removed = (
            f"Progress: this change removes {plural(len(base.baseline_removed), 'known gap')} "
            f"from the baseline {file}: {_entries(base.baseline_removed, escape)}"
        )
    return added, removed


def _entries(entries: Sequence[Entry], escape: Callable[[str], str]) -> str:
    named = [f"{escape(e.code)} at {escape(e.where)}" for e in entries[:BASELINE_NAMED]]
    if len(entries) > BASELINE_NAMED:
        named.append(f"{len(entries) - BASELINE_NAMED} more")
    return listed(named)
