"""The check API other commands build on (`journeymap diff`, `validate --changed-since`).

`discover` finds sources, `check_sources` checks them as one portfolio, `check_file`
checks one file purely (same bytes, settings and day: same result), and `combine`
runs the portfolio checks across per-file results, so unchanged files can be reused.
"""

from __future__ import annotations

from pathlib import Path

from journey_helpers import FIXED_TODAY, settings_for, write_journey
from journeymap.check.pipeline import check, check_file, check_sources, combine
from journeymap.sources.discovery import Source, discover

GOOD = "title: T\nstages:\n  - {id: a, title: A, assumption: x, waiver: {reason: r, approved_by: me, until: 2026-12-01}}\n"
BAD = "title: T\nstages:\n  - {id: a, title: A, assumption: x}\n"


def test_check_is_check_sources_of_discover(tmp_path: Path) -> None:
    write_journey(tmp_path, "a.yml", GOOD)
    write_journey(tmp_path, "b.yml", BAD)
    settings = settings_for(tmp_path)
    sources = discover(None, settings)
    assert [s.display for s in sources] == ["journeys/a.yml", "journeys/b.yml"]
    assert check_sources(sources, settings, FIXED_TODAY) == check(None, settings, FIXED_TODAY)


def test_a_source_can_be_bytes_in_memory(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    blob = Source(tmp_path / "journeys" / "billing.yml", "journeys/billing.yml", BAD.encode())
    report = check_sources([blob], settings, FIXED_TODAY)  # the file does not exist on disk
    assert [(f.file, f.code, f.journey, f.line) for f in report.findings] == [
        ("journeys/billing.yml", "unvalidated-stage", "billing", 3)
    ]
    assert report.outlines[0].stages[0].status is not None


def test_check_file_is_pure_and_deterministic(tmp_path: Path) -> None:
    path = write_journey(tmp_path, "a.yml", GOOD)
    settings = settings_for(tmp_path)
    source = Source(path, "journeys/a.yml")
    first = check_file(source, settings, FIXED_TODAY)
    second = check_file(Source(path, "journeys/a.yml", path.read_bytes()), settings, FIXED_TODAY)
    assert first.findings == second.findings
    assert first.journey == second.journey and first.outline == second.outline


def test_reused_results_combine_into_the_same_report(tmp_path: Path) -> None:
    write_journey(tmp_path, "a.yml", GOOD)
    write_journey(tmp_path, "a.yaml", GOOD)  # the same journey id twice: a portfolio finding
    write_journey(tmp_path, "b.yml", BAD)
    settings = settings_for(tmp_path)
    sources = discover(None, settings)
    results = {s.display: check_file(s, settings, FIXED_TODAY) for s in sources}
    write_journey(tmp_path, "b.yml", GOOD)  # one file changes; the others are reused
    changed = check_file(
        Source(tmp_path / "journeys" / "b.yml", "journeys/b.yml"), settings, FIXED_TODAY
    )
    results["journeys/b.yml"] = changed
    warn_days = settings.options.warn_days
    combined = combine([results[s.display] for s in sources], FIXED_TODAY, warn_days)
    assert combined == check(None, settings, FIXED_TODAY)
    assert [(f.file, f.code) for f in combined.findings] == [
        ("journeys/a.yaml", "waiver-expiring"),
        ("journeys/a.yml", "duplicate-id"),
        ("journeys/a.yml", "waiver-expiring"),
        ("journeys/b.yml", "waiver-expiring"),
    ]


def test_the_same_file_given_twice_is_checked_once(tmp_path: Path) -> None:
    path = write_journey(tmp_path, "a.yml", GOOD)
    settings = settings_for(tmp_path)
    assert len(discover([path, path.parent, Path(str(path))], settings)) == 1


def test_a_checked_journey_lists_its_stages_in_travel_order(tmp_path: Path) -> None:
    stage = "{{id: {0}, title: T, assumption: x, waiver: {{reason: r, approved_by: me, until: 2028-01-01}}}}"
    write_journey(
        tmp_path,
        "a.yml",
        "title: T\nstages:\n" + "".join(f"  - {stage.format(s)}\n" for s in "cab"),
    )
    report = check(None, settings_for(tmp_path), FIXED_TODAY)
    (checked,) = report.journeys
    assert list(checked.statuses) == ["c", "a", "b"]
    (outline,) = report.outlines
    assert [(stage.id, stage.line) for stage in outline.stages] == [("c", 3), ("a", 4), ("b", 5)]
