"""Research studies and segments (SPEC v1.2): study files, what evidence inherits from its
study, the findings of both, per-segment status and the JSON additions."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner
from journey_helpers import check_folder, write_journey
from journeymap.check.formats import json as json_format
from journeymap.cli import main
from repo_paths import REPO

SEGMENTS = {"smb": "Small businesses", "enterprise": "Enterprises"}

STUDY = """\
title: Billing interviews, October 2026
kind: interview
started: 2026-10-05
date: 2026-10-19
participants: 6
segments: [smb]
url: https://research.example.com/billing
"""


def write_study(root: Path, name: str, text: str) -> None:
    folder = root / "research"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


def found(root: Path, **options: object) -> list[tuple[str, str, int | None, int | None]]:
    report = check_folder(root, segments=SEGMENTS, **options)
    return [(f.file, f.code, f.line, f.column) for f in report.findings]


def test_evidence_inherits_from_its_study_and_its_own_values_win(tmp_path: Path) -> None:
    write_study(tmp_path, "billing.yml", STUDY)
    write_journey(
        tmp_path,
        "a.yml",
        """\
        title: A
        stages:
          - id: one
            title: One
            assumption: x
            evidence:
              - study: billing
                summary: liked it
                stance: supports
              - study: billing
                source: Notes 3
                sample: 2
                summary: own values
                stance: supports
        """,
    )
    report = check_folder(tmp_path, segments=SEGMENTS)
    assert [f.code for f in report.findings] == []
    first, second = report.journeys[0].journey.stages[0].evidence
    assert (first.kind, first.source, first.date.isoformat(), first.sample) == (
        "interview",
        "Billing interviews, October 2026",
        "2026-10-19",
        6,
    )
    assert first.url == "https://research.example.com/billing" and first.segment == "smb"
    assert (second.source, second.sample) == ("Notes 3", 2)


def test_inherited_values_count_for_status_staleness_and_metrics_only(tmp_path: Path) -> None:
    write_study(tmp_path, "old.yml", "title: Old metrics\nkind: analytics\ndate: 2024-01-10\n")
    write_journey(
        tmp_path,
        "a.yml",
        """\
        title: A
        stages:
          - id: one
            title: One
            assumption: x
            evidence:
              - {study: old, summary: s, stance: supports}
        """,
    )
    codes = {f.code for f in check_folder(tmp_path).findings}
    assert {"stale-evidence", "metrics-only"} <= codes
    assert check_folder(tmp_path).journeys[0].statuses["one"] == "stale"


def test_an_unknown_study_is_one_error_at_the_value_with_no_echoes(tmp_path: Path) -> None:
    write_study(tmp_path, "billing.yml", STUDY)
    write_journey(
        tmp_path,
        "a.yml",
        """\
        title: A
        stages:
          - id: one
            title: One
            assumption: x
            evidence:
              - study: biling
                summary: s
                stance: supports
        """,
    )
    report = check_folder(tmp_path, segments=SEGMENTS)
    assert [(f.code, f.line, f.column) for f in report.findings] == [
        ("unknown-study", 7, 16),
        ("unused-study", 1, 1),  # research/billing.yml: nothing cites it
    ]
    assert "did you mean 'billing'?" in report.findings[0].message


def test_a_study_file_that_is_not_valid_is_its_own_finding_only(tmp_path: Path) -> None:
    write_study(tmp_path, "broken.yml", "title: B\nkindd: interview\ndate: 2026-10-01\n")
    write_journey(
        tmp_path,
        "a.yml",
        "title: A\nstages:\n  - id: one\n    title: One\n    assumption: x\n    evidence:\n"
        "      - {study: broken, summary: s, stance: supports}\n",
    )
    assert found(tmp_path) == [("research/broken.yml", "schema", 2, 1)]


def test_study_files_get_the_journey_files_reading_checks(tmp_path: Path) -> None:
    write_study(tmp_path, "cut.yml", "title: T\nkind: survey\ndate: 2026-10-01\nsource: notes #3\n")
    write_study(tmp_path, "keys.yml", "title: T\nkind: survey\ntitle: U\ndate: 2026-10-01\n")
    write_study(tmp_path, "bad.yml", "title: [\n")
    write_study(tmp_path, "late.yml", "title: T\nkind: survey\ndate: 2026-12-30\n")
    write_study(
        tmp_path, "swap.yml", "title: T\nkind: survey\nstarted: 2026-10-09\ndate: 2026-10-01\n"
    )
    write_study(tmp_path, "twin.yml", "title: T\nkind: survey\ndate: 2026-10-01\n")
    write_study(tmp_path, "twin.yaml", "title: T\nkind: survey\ndate: 2026-10-01\n")
    write_journey(
        tmp_path, "a.yml", "title: A\nstages:\n  - {id: one, title: One, assumption: x}\n"
    )
    codes = [
        (file, code, line) for file, code, line, _ in found(tmp_path) if code != "unused-study"
    ]
    assert codes == [
        ("journeys/a.yml", "unvalidated-stage", 3),
        ("research/bad.yml", "yaml-syntax", 1),
        ("research/cut.yml", "comment-in-text", 4),
        ("research/keys.yml", "duplicate-key", 3),
        ("research/late.yml", "future-date", 3),
        ("research/swap.yml", "schema", 3),
        ("research/twin.yml", "duplicate-id", 1),
    ]


def test_segments_are_declared_and_checked_at_the_value(tmp_path: Path) -> None:
    write_study(
        tmp_path, "s.yml", "title: T\nkind: survey\ndate: 2026-10-01\nsegments: [smb, entreprise]\n"
    )
    write_journey(
        tmp_path,
        "a.yml",
        """\
        title: A
        stages:
          - id: one
            title: One
            assumption: x
            evidence:
              - {study: s, segment: smbs, summary: s, stance: supports}
        """,
    )
    report = check_folder(tmp_path, segments=SEGMENTS)
    assert [(f.file, f.code, f.line, f.column) for f in report.findings] == [
        ("journeys/a.yml", "unknown-segment", 7, 29),
        ("research/s.yml", "unknown-segment", 4, 17),
    ]
    assert "did you mean 'smb'?" in report.findings[0].message
    none_declared = check_folder(tmp_path).findings
    assert "no segments are declared" in none_declared[0].message


def test_evidence_outside_its_study_and_unused_studies(tmp_path: Path) -> None:
    write_study(tmp_path, "billing.yml", STUDY)
    write_study(tmp_path, "unused.yml", "title: T\nkind: survey\ndate: 2026-10-01\n")
    write_journey(
        tmp_path,
        "a.yml",
        """\
        title: A
        stages:
          - id: one
            title: One
            assumption: x
            evidence:
              - {study: billing, date: 2026-10-12, summary: inside, stance: supports}
              - {study: billing, date: 2026-11-02, summary: outside, stance: supports}
        """,
    )
    assert found(tmp_path) == [
        ("journeys/a.yml", "evidence-outside-study", 8, 32),
        ("research/unused.yml", "unused-study", 1, 1),
    ]


SPLIT = """\
title: A
stages:
  - id: setup
    title: Setup
    assumption: Setup is quick.
    evidence:
      - {kind: interview, source: s, date: 2026-10-01, segment: smb, summary: a, stance: supports}
      - {kind: interview, source: s, date: 2026-10-02, segment: enterprise, summary: b, stance: contradicts}
  - id: mixed
    title: Mixed
    assumption: y
    evidence:
      - {kind: interview, source: s, date: 2026-10-01, segment: smb, summary: a, stance: supports}
      - {kind: interview, source: s, date: 2026-10-02, segment: smb, summary: b, stance: contradicts}
      - {kind: interview, source: s, date: 2026-10-02, segment: enterprise, summary: c, stance: contradicts}
  - id: unplaced
    title: Unplaced
    assumption: z
    evidence:
      - {kind: interview, source: s, date: 2026-10-01, segment: smb, summary: a, stance: supports}
      - {kind: interview, source: s, date: 2026-10-02, summary: b, stance: contradicts}
"""


def test_per_segment_status_and_split_by_segment_in_json(tmp_path: Path) -> None:
    write_journey(tmp_path, "a.yml", SPLIT)
    data = json.loads(json_format.render(check_folder(tmp_path, segments=SEGMENTS), False))
    stages = {stage["id"]: stage for stage in data["journeys"][0]["stages"]}
    assert stages["setup"]["status"] == "contested"
    assert stages["setup"]["segments"] == {"smb": "confirmed", "enterprise": "contradicted"}
    assert stages["setup"]["split_by_segment"] is True
    # smb is on both sides: contested within the segment, and no split
    assert stages["mixed"]["segments"] == {"smb": "contested", "enterprise": "contradicted"}
    assert stages["mixed"]["split_by_segment"] is False
    # the contradicting item names no segment: the disagreement cannot be placed
    assert stages["unplaced"]["segments"] == {"smb": "confirmed"}
    assert stages["unplaced"]["split_by_segment"] is False


def test_json_lists_the_studies_with_how_many_items_cite_each(tmp_path: Path) -> None:
    write_study(tmp_path, "billing.yml", STUDY)
    write_journey(
        tmp_path,
        "a.yml",
        "title: A\nstages:\n  - id: one\n    title: One\n    assumption: x\n    evidence:\n"
        "      - {study: billing, summary: s, stance: supports}\n"
        "      - {study: billing, summary: t, stance: supports}\n",
    )
    data = json.loads(json_format.render(check_folder(tmp_path, segments=SEGMENTS), False))
    assert data["studies"] == [
        {
            "id": "billing",
            "file": "research/billing.yml",
            "title": "Billing interviews, October 2026",
            "cited_by": 2,
        }
    ]


def test_the_study_schema_is_committed_and_the_journey_schema_takes_study_items() -> None:
    import jsonschema

    result = CliRunner().invoke(main, ["schema", "--study"])
    assert result.exit_code == 0
    assert result.output == (REPO / "study.schema.json").read_text(encoding="utf-8"), (
        "run: journeymap schema --study > study.schema.json"
    )
    study = jsonschema.Draft7Validator(json.loads(result.output))
    assert list(study.iter_errors({"title": "T", "kind": "survey", "date": "2026-10-01"})) == []
    assert list(study.iter_errors({"title": "T", "date": "2026-10-01"}))
    journey = jsonschema.Draft7Validator(json.loads((REPO / "journey.schema.json").read_text()))

    def errors(item: dict[str, object]) -> list[object]:
        data = {
            "title": "T",
            "stages": [{"id": "a", "title": "A", "assumption": "x", "evidence": [item]}],
        }
        return list(journey.iter_errors(data))

    assert errors({"study": "billing", "summary": "s", "stance": "supports"}) == []
    assert errors({"summary": "s", "stance": "supports"})  # without a study: kind, source, date
