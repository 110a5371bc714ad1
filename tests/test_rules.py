"""Every finding code, with its severity, line and column, on small journey files."""

from __future__ import annotations

from pathlib import Path

import pytest
from journey_helpers import check_folder, located, write_journey
from journeymap.rules import RULES

EVIDENCE = "{kind: interview, summary: s, source: s, date: 2026-10-01, stance: supports}"

CASES: dict[str, tuple[str, list[tuple[str, str, int, int]]]] = {
    "yaml-syntax-tab": (
        "title: T\nstages:\n\t- id: a\n",
        [("yaml-syntax", "error", 3, 1)],
    ),
    "yaml-syntax-unclosed": (
        "title: T\nstages: [{id: a, title: A, assumption: x}\n",
        [("yaml-syntax", "error", 3, 1)],
    ),
    "duplicate-key": (
        f"""
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            title: B
            evidence: [{EVIDENCE}]
        """,
        [("duplicate-key", "error", 6, 5)],
    ),
    "schema-unknown-key": (
        f"""
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            touchpionts: [email]
            evidence: [{EVIDENCE}]
        """,
        [("schema", "error", 6, 5)],
    ),
    "schema-missing-key": (
        """
        title: T
        stages:
          - id: a
            assumption: x
        """,
        [("schema", "error", 3, 5)],
    ),
    "schema-bad-value": (
        """
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence:
              - {kind: interview, summary: s, source: s, date: 2026-10-01, stance: no}
        """,
        [("schema", "error", 7, 76)],
    ),
    "duplicate-id-stage": (
        f"""
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence: [{EVIDENCE}]
          - id: a
            title: A again
            assumption: y
            evidence: [{EVIDENCE}]
        """,
        [("duplicate-id", "error", 7, 9)],
    ),
    "unknown-stage": (
        f"""
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            next: [b, nowhere]
            evidence: [{EVIDENCE}]
          - id: b
            title: B
            assumption: y
            evidence: [{EVIDENCE}]
        """,
        [("unknown-stage", "error", 6, 15)],
    ),
    "unvalidated-stage": (
        """
        title: T
        stages:
          - id: pay
            title: Pay
            assumption: The layout is clear.
        """,
        [("unvalidated-stage", "error", 3, 5)],
    ),
    "expired-waiver": (
        """
        title: T
        stages:
          - id: pay
            title: Pay
            assumption: The layout is clear.
            waiver:
              reason: Fixed by law.
              approved_by: Head of CX
              until: 2026-11-24
        """,
        [("unvalidated-stage", "error", 3, 5), ("expired-waiver", "error", 9, 14)],
    ),
    "future-date": (
        """
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence:
              - kind: interview
                summary: s
                source: s
                date: 2026-11-26
                stance: supports
        """,
        [("future-date", "error", 10, 15)],
    ),
    "stale-evidence": (
        """
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence:
              - {kind: interview, summary: s, source: s, date: 2025-11-24, stance: supports}
        """,
        [("stale-evidence", "warning", 3, 5)],
    ),
    "metrics-only": (
        """
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence:
              - {kind: analytics, summary: s, source: s, date: 2026-10-01, stance: supports}
              - {kind: metric, summary: s, source: s, date: 2026-10-01, stance: supports}
        """,
        [("metrics-only", "warning", 3, 5)],
    ),
    "needless-waiver": (
        f"""
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence: [{EVIDENCE}]
            waiver: {{reason: r, approved_by: me, until: 2027-01-01}}
        """,
        [("needless-waiver", "warning", 3, 5)],
    ),
    "assumption-contradicted": (
        """
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence:
              - {kind: complaint, summary: s, source: s, date: 2026-10-01, stance: contradicts}
        """,
        [("assumption-contradicted", "info", 3, 5)],
    ),
    "assumption-contested": (
        """
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence:
              - {kind: survey, summary: s, source: s, date: 2026-10-01, stance: supports}
              - {kind: review, summary: s, source: s, date: 2026-10-02, stance: contradicts}
        """,
        [("assumption-contested", "info", 3, 5)],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_finding_code_severity_and_position(tmp_path: Path, case: str) -> None:
    text, expected = CASES[case]
    write_journey(tmp_path, "t.yml", text)
    assert located(check_folder(tmp_path)) == expected


def test_every_code_in_the_spec_is_covered_here() -> None:
    covered = {code for _, expected in CASES.values() for code, *_ in expected}
    assert covered == set(RULES), set(RULES) ^ covered
    assert len(RULES) == 13


def test_duplicate_journey_id_across_files(tmp_path: Path) -> None:
    body = f"title: T\nstages:\n  - {{id: a, title: A, assumption: x, evidence: [{EVIDENCE}]}}\n"
    write_journey(tmp_path, "billing.yml", body)
    write_journey(tmp_path, "billing.yaml", body)
    report = check_folder(tmp_path)
    assert [(f.code, f.file, f.line) for f in report.findings] == [
        ("duplicate-id", "journeys/billing.yml", 1)
    ]
    assert "journeys/billing.yaml" in report.findings[0].message
    assert [j.id for j in report.journeys] == ["billing"]


def test_id_must_equal_the_file_stem(tmp_path: Path) -> None:
    write_journey(
        tmp_path,
        "billing.yml",
        f"id: invoices\ntitle: T\nstages:\n  - {{id: a, title: A, assumption: x, evidence: [{EVIDENCE}]}}\n",
    )
    report = check_folder(tmp_path)
    assert located(report) == [("schema", "error", 1, 5)]
    assert "rename the file to invoices.yml" in report.findings[0].message


def test_one_broken_file_does_not_hide_another(tmp_path: Path) -> None:
    write_journey(tmp_path, "a.yml", "title: [unclosed\n")
    write_journey(tmp_path, "b.yml", "title: T\nstages:\n  - {id: s, title: S, assumption: x}\n")
    report = check_folder(tmp_path)
    assert [(f.file, f.code) for f in report.findings] == [
        ("journeys/a.yml", "yaml-syntax"),
        ("journeys/b.yml", "unvalidated-stage"),
    ]
    assert report.failed(strict=False)


def test_strict_makes_warnings_fail_but_never_infos(tmp_path: Path) -> None:
    write_journey(tmp_path, "t.yml", CASES["metrics-only"][0])
    report = check_folder(tmp_path)
    assert not report.failed(strict=False)
    assert report.failed(strict=True)
    write_journey(tmp_path, "t.yml", CASES["assumption-contested"][0])
    assert not check_folder(tmp_path).failed(strict=True)


def test_max_evidence_age_comes_from_the_policy(tmp_path: Path) -> None:
    write_journey(tmp_path, "t.yml", CASES["stale-evidence"][0])
    assert located(check_folder(tmp_path, max_evidence_age_days=400)) == []
    assert [f.code for f in check_folder(tmp_path, max_evidence_age_days=30).findings] == [
        "stale-evidence"
    ]


def test_rules_still_run_on_valid_stages_when_the_schema_fails(tmp_path: Path) -> None:
    write_journey(
        tmp_path,
        "t.yml",
        f"""
        title: T
        colour: blue
        stages:
          - id: a
            title: A
            assumption: x
            next: [nowhere]
            evidence: [{EVIDENCE}]
          - id: b
            title: B
            assumption: y
          - id: c
            title: C
            assumption: z
            touchpionts: [email]
        """,
    )
    assert [(f.code, f.line, f.stage) for f in check_folder(tmp_path).findings] == [
        ("schema", 2, None),
        ("unknown-stage", 7, "a"),
        ("unvalidated-stage", 9, "b"),
        ("schema", 15, "c"),
    ]


def test_expired_waiver_on_a_stage_with_evidence_says_remove_it(tmp_path: Path) -> None:
    write_journey(
        tmp_path,
        "t.yml",
        f"""
        title: T
        stages:
          - id: a
            title: A
            assumption: x
            evidence: [{EVIDENCE}]
            waiver: {{reason: r, approved_by: me, until: 2026-01-01}}
        """,
    )
    messages = {f.code: f.message for f in check_folder(tmp_path).findings}
    assert "remove the waiver" in messages["expired-waiver"]
