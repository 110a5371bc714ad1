"""diff.compare on two checked portfolios: the comparison rules, case by case.

Each case is a pair of journey files (base, head) and the expected change, worked out
by hand. Whole changes and their output are in the golden files (test_diff_golden).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from journey_helpers import check_folder, write_journey
from journeymap.diff.changes import (
    BaseDescription,
    Diff,
    EvidenceItem,
    Side,
    WaiverChange,
    WaiverState,
)
from journeymap.diff.compare import compare

CONTRA = "{kind: interview, summary: Never, source: Notes 1, date: 2026-10-01, stance: contradicts}"
MIXED = "{kind: interview, summary: Never, source: Notes 1, date: 2026-10-01, stance: mixed}"
SUPPORTS = "{kind: interview, summary: Never, source: Notes 1, date: 2026-10-01, stance: supports}"
OTHER = "{kind: survey, summary: Fine, source: Survey 2, date: 2026-10-01, stance: supports}"


def journey(*stages: str, title: str = "T") -> str:
    return f"title: {title}\nstages:\n" + "".join(stages)


def stage(id_: str, *evidence: str, waiver: str = "", extra: str = "") -> str:
    text = f"  - id: {id_}\n    title: {id_.upper()}\n    assumption: x\n{extra}"
    if evidence:
        text += "    evidence:\n" + "".join(f"      - {item}\n" for item in evidence)
    if waiver:
        text += f"    waiver: {waiver}\n"
    return text


def diff_of(tmp_path: Path, base: str, head: str, strict: bool = False) -> Diff:
    write_journey(tmp_path / "base", "j.yml", base)
    write_journey(tmp_path / "head", "j.yml", head)
    return compare(
        Side(check_folder(tmp_path / "base")),
        Side(check_folder(tmp_path / "head")),
        BaseDescription("base"),
        strict=strict,
    )


@pytest.mark.parametrize(
    ("base", "head", "removed"),
    [
        # deleting contradicting evidence
        (journey(stage("a", CONTRA, OTHER)), journey(stage("a", OTHER)), ["contradicts"]),
        # turning it into support is the same thing, done quietly
        (journey(stage("a", CONTRA)), journey(stage("a", SUPPORTS)), ["contradicts"]),
        # contradicts -> mixed keeps the disagreement
        (journey(stage("a", CONTRA)), journey(stage("a", MIXED)), []),
        # rewording contradicting evidence keeps it
        (
            journey(stage("a", CONTRA)),
            journey(stage("a", CONTRA.replace("Never,", "Not at all,"))),
            [],
        ),
        # moving it to another stage of the journey keeps it
        (
            journey(stage("a", CONTRA, OTHER), stage("b", OTHER)),
            journey(stage("a", OTHER), stage("b", OTHER, CONTRA)),
            [],
        ),
        # removing the stage that holds it removes it
        (journey(stage("a", OTHER), stage("b", MIXED)), journey(stage("a", OTHER)), ["mixed"]),
        # deleting supporting evidence is not disagreement removed
        (journey(stage("a", CONTRA, OTHER)), journey(stage("a", CONTRA)), []),
    ],
)
def test_disagreement_removed(tmp_path: Path, base: str, head: str, removed: list[str]) -> None:
    diff = diff_of(tmp_path, base, head)
    assert [item.stance for _, _, item in diff.disagreement_removed()] == removed


WAIVER = "{{reason: r, approved_by: {who}, until: {until}}}"
A_MARCH = WaiverState("r", "A", dt.date(2027, 3, 31))


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (None, ("A", "2027-03-31"), WaiverChange("added", None, A_MARCH)),
        (("A", "2027-03-31"), None, WaiverChange("removed", A_MARCH, None)),
        (
            ("A", "2027-03-31"),
            ("B", "2027-06-30"),
            WaiverChange("extended", A_MARCH, WaiverState("r", "B", dt.date(2027, 6, 30))),
        ),
        (
            ("A", "2027-03-31"),
            ("A", "2027-01-31"),
            WaiverChange("shortened", A_MARCH, WaiverState("r", "A", dt.date(2027, 1, 31))),
        ),
        (
            ("A", "2027-03-31"),
            ("B", "2027-03-31"),
            WaiverChange("changed", A_MARCH, WaiverState("r", "B", dt.date(2027, 3, 31))),
        ),
    ],
)
def test_waiver_changes(
    tmp_path: Path,
    before: tuple[str, str] | None,
    after: tuple[str, str] | None,
    expected: WaiverChange,
) -> None:
    def waiver(value: tuple[str, str] | None) -> str:
        return WAIVER.format(who=value[0], until=value[1]) if value else ""

    diff = diff_of(
        tmp_path,
        journey(stage("a", waiver=waiver(before))),
        journey(stage("a", waiver=waiver(after))),
    )
    [(_, change, waiver_change)] = diff.waiver_changes()
    assert waiver_change == expected
    assert change.change == "changed"


def test_field_changes_and_unchanged_stages_left_out(tmp_path: Path) -> None:
    diff = diff_of(
        tmp_path,
        journey(stage("a", OTHER), stage("b", OTHER), title="Old"),
        journey(
            stage("a", OTHER, extra="    emotion: -1\n    phase: Buy\n"),
            stage("b", OTHER),
            title="New",
        ),
    )
    [change] = diff.journeys
    assert change.fields_changed == ("title",)
    assert [(s.id, s.fields_changed, s.before, s.after) for s in change.stages] == [
        ("a", ("emotion", "phase"), "confirmed", "confirmed")
    ]
    assert diff.status_changes() == {}


def test_reordered_stages_and_evidence_are_no_change(tmp_path: Path) -> None:
    diff = diff_of(
        tmp_path,
        journey(stage("a", OTHER, CONTRA), stage("b", OTHER)),
        journey(stage("b", OTHER), stage("a", CONTRA, OTHER)),
    )
    assert diff.journeys == ()


def test_evidence_edited_is_one_removed_and_one_added(tmp_path: Path) -> None:
    diff = diff_of(
        tmp_path,
        journey(stage("a", OTHER)),
        journey(stage("a", OTHER.replace("summary: Fine", "summary: Fine mostly"))),
    )
    [(_, change)] = list(diff.stage_changes())
    assert change.evidence_added == (
        EvidenceItem("survey", "supports", "Fine mostly", "Survey 2", dt.date(2026, 10, 1)),
    )
    assert change.evidence_removed == (
        EvidenceItem("survey", "supports", "Fine", "Survey 2", dt.date(2026, 10, 1)),
    )


def test_a_file_readable_only_after_the_change_lists_its_stages_unknown_before(
    tmp_path: Path,
) -> None:
    """Not new: their status at the base is unknown (the file could not be read there)."""
    diff = diff_of(tmp_path, "title: [broken\n", journey(stage("a", OTHER), stage("b")))
    [change] = diff.journeys
    assert (change.change, change.unreadable) == ("changed", "base")
    assert [(s.id, s.change, s.before, s.after, s.unreadable) for s in change.stages] == [
        ("a", "changed", None, "confirmed", "base"),
        ("b", "changed", None, "unvalidated", "base"),
    ]
    assert diff.status_moves() == []  # no stage is "newly" anything
    assert [(f.code, f.stage) for f in diff.findings.new_failures] == [("unvalidated-stage", "b")]
    assert [f.code for f in diff.findings.resolved] == ["yaml-syntax"]


def test_duplicate_stage_ids_compare_the_first_of_each(tmp_path: Path) -> None:
    diff = diff_of(
        tmp_path,
        journey(stage("a", OTHER), stage("a")),
        journey(stage("a", CONTRA), stage("a")),
    )
    [(_, change)] = list(diff.stage_changes())
    assert (change.id, change.before, change.after) == ("a", "confirmed", "contradicted")
    assert diff.findings.new_failures == ()  # the duplicate id was there before


def test_findings_matched_by_code_journey_stage_count_each_occurrence(tmp_path: Path) -> None:
    one = "    bogus: 1\n"
    diff = diff_of(
        tmp_path,
        journey(stage("a", OTHER, extra=one)),
        journey(stage("a", OTHER, extra=one + "    bogus2: 2\n")),
    )
    # two schema errors on stage a now, one before: one is introduced
    assert [(f.code, f.stage) for f in diff.findings.new_failures] == [("schema", "a")]
    assert "bogus2" in diff.findings.new_failures[0].message
