"""`journeymap diff --format json`: SPEC's object ("Changes"), plus a few extra keys
(titles, renames, per-journey coverage, evidence edited in place, stages with schema
errors, the journeymap options the change edits, the findings sorted by what the
change did).

A stage's `unreadable` is "base", "head" or "both" where it has schema errors: it has
no status there (`before`/`after` null), and its evidence is compared as far as the items
are valid on their own.

A journey's `unreadable` is "base" or "head" where its file cannot be read as a journey,
with that side's first `error`: its stages are listed with no status on that side
(`change` "changed", the stage's `unreadable` naming the side), never as removed or
added; evidence that disagreed at the base in a file unreadable after the change is
each stage's `disagreement_hidden`. Such a journey is left out of `coverage_before` and
`coverage_after` alike (`coverage_excludes` names its files). `duplicates` lists the
files that repeat a journey (`duplicate-id`), added or removed, which are not journeys.

`studies` lists the study files added, removed or changed (`fields_changed`,
`cited_by`); a stage a study edit moved names it in `because`; each evidence item
carries the `study` it cites (null for none).

In the summary, SPEC's `journeys_changed` and `stages_changed` count every journey and
stage listed, whatever their `change`; `journey_changes` and `stage_changes` break
them down by `change` (`added`, `changed`, `removed`).

Written by the rule of every JSON journeymap writes (`text.json_text`): ASCII, whatever the
file names hold."""

from __future__ import annotations

from typing import Any, TypeVar

from journeymap.check.baseline import Entry
from journeymap.diff.changes import Diff, EvidenceItem, JourneyChange, StageChange, WaiverState
from journeymap.personal_data import redact
from journeymap.text import json_text

_V = TypeVar("_V")

HEAD = "working tree"
_CHANGES = ("added", "changed", "removed")


def render(diff: Diff) -> str:
    return json_text(document(diff), indent=2) + "\n"


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "journey": entry.journey,
        "stage": entry.stage,
        "code": entry.code,
        "since": entry.since.isoformat(),
    }


def document(diff: Diff) -> dict[str, Any]:
    findings = diff.findings
    time_caused = set(findings.time_caused)
    new_stages: dict[str, int] = {}
    for _, stage in diff.stage_changes():
        if stage.change == "added" and stage.after is not None:
            new_stages[stage.after.value] = new_stages.get(stage.after.value, 0) + 1
    return {
        "base": diff.base.label,
        "head": HEAD,
        "base_ref": diff.base.ref,
        "merge_base": diff.base.commit,
        "today": diff.today.isoformat(),
        "strict": diff.strict,
        "journeys": [_journey(journey) for journey in diff.journeys],
        "policy_changes": [
            {"option": change.name, "before": change.before, "after": change.after}
            for change in diff.base.policy
        ],
        "policy_note": diff.base.policy_note,
        "baseline_changes": {
            "file": diff.base.baseline_file,
            "added": [_entry(entry) for entry in diff.base.baseline_added],
            "removed": [_entry(entry) for entry in diff.base.baseline_removed],
        },
        "duplicates": [
            {
                "file": duplicate.file,
                "change": duplicate.change,
                "of": {"id": duplicate.of_id, "file": duplicate.of_file},
                "file_kept": duplicate.kept,
            }
            for duplicate in diff.duplicates
        ],
        "coverage_excludes": list(diff.coverage_excludes),
        "studies": [
            {
                "id": study.id,
                "title": _text(study.title),
                "file": study.file,
                "change": study.change,
                "fields_changed": list(study.fields),
                "cited_by": study.cited_by,
            }
            for study in diff.studies
        ],
        "summary": {
            "journeys_changed": len(diff.journeys),
            "stages_changed": sum(1 for _ in diff.stage_changes()),
            "status_changes": dict(sorted(diff.status_changes().items())),
            "coverage_before": _share(diff.coverage_before),
            "coverage_after": _share(diff.coverage_after),
            "disagreement_removed": len(diff.disagreement_removed()),
            "disagreement_hidden": len(diff.disagreement_hidden()),
            "unreadable_after": len(diff.unreadable("head")),
            "readable_again": len(diff.unreadable("base")),
            "duplicates_added": sum(1 for d in diff.duplicates if d.change == "added"),
            "duplicates_removed": sum(1 for d in diff.duplicates if d.change == "removed"),
            "new_failures": len(findings.new_failures),
            "journeys_added": diff.count("added"),
            "journeys_removed": diff.count("removed"),
            "stages_added": diff.count_stages("added"),
            "stages_removed": diff.count_stages("removed"),
            "journey_changes": {change: diff.count(change) for change in _CHANGES},
            "stage_changes": {change: diff.count_stages(change) for change in _CHANGES},
            "policy_changes": len(diff.base.policy),
            "known_gaps_added": len(diff.base.baseline_added),
            "known_gaps_removed": len(diff.base.baseline_removed),
            "new_warnings": len(findings.new_warnings),
            "new_stages": dict(sorted(new_stages.items())),
            "pre_existing_failures": len(findings.pre_existing),
            "time_caused_failures": len(findings.time_caused),
            "resolved_failures": len(findings.resolved),
            "studies_changed": len(diff.studies),
            "caused_by_studies": len(diff.caused_by_studies()),
        },
        "findings": {
            "introduced": [
                {**f.as_json(), "fails": f.severity.fails(diff.strict)} for f in findings.introduced
            ],
            "pre_existing": [
                {**f.as_json(), "time_caused": f in time_caused} for f in findings.pre_existing
            ],
            "resolved": [f.as_json() for f in findings.resolved],
        },
    }


def _journey(journey: JourneyChange) -> dict[str, Any]:
    renamed = journey.renamed_from
    return {
        "id": journey.id,
        "file": journey.file,
        "change": journey.change,
        "stages": [_stage(stage) for stage in journey.stages],
        "title": _text(journey.title),
        "renamed_from": {"id": renamed.id, "file": renamed.file} if renamed else None,
        "unreadable": journey.unreadable,
        "error": journey.error.as_json() if journey.error else None,
        "fields_changed": list(journey.fields_changed),
        "coverage_before": _share(journey.coverage_before),
        "coverage_after": _share(journey.coverage_after),
    }


def _stage(stage: StageChange) -> dict[str, Any]:
    waiver = stage.waiver
    return {
        "id": stage.id,
        "change": stage.change,
        "before": stage.before.value if stage.before else None,
        "after": stage.after.value if stage.after else None,
        "evidence_added": [_evidence(item) for item in stage.evidence_added],
        "evidence_removed": [_evidence(item) for item in stage.evidence_removed],
        "waiver": (
            {
                "change": waiver.change,
                "before": _waiver(waiver.before),
                "after": _waiver(waiver.after),
            }
            if waiver
            else None
        ),
        "title": _text(stage.title),
        "fields_changed": list(stage.fields_changed),
        "field_values": {
            change.name: {"before": change.before, "after": change.after}
            for change in stage.field_values
        },
        "disagreement_removed": [_evidence(item) for item in stage.disagreement_removed],
        "evidence_edited": [
            {
                **_evidence(edit.after),
                "changes": {
                    change.name: {"before": _text(change.before), "after": _text(change.after)}
                    for change in edit.changes
                },
            }
            for edit in stage.evidence_edited
        ],
        "unreadable": stage.unreadable,
        "disagreement_hidden": [_evidence(item) for item in stage.disagreement_hidden],
        "because": list(stage.because),
    }


def _evidence(item: EvidenceItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "stance": item.stance,
        "summary": _text(item.summary),
        "study": item.study,
    }


def _waiver(waiver: WaiverState | None) -> dict[str, Any] | None:
    if waiver is None:
        return None
    return {
        "approved_by": _text(waiver.approved_by),
        "until": waiver.until.isoformat(),
        "reason": _text(waiver.reason),
    }


def _text(value: _V) -> _V:
    """Journey text with personal data replaced by its kind (other values as they are)."""
    return redact(value) if isinstance(value, str) else value  # type: ignore[return-value]


def _share(share: float | None) -> float | None:
    return None if share is None else round(share, 4)
