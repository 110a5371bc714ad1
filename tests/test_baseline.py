"""The baseline: adopting journeymap with known gaps (SPEC v1.2 "Baseline").

`validate --write-baseline` records today's failing findings; while the file exists they
are infos "known since…" that fail nothing, in every command and format; new findings
fail as before; a closed gap is `baseline-fixed`; the file only shrinks unless `--grow`;
a file that cannot be used is a configuration error. The commands run in this process
(click's runner) where their output is what proves it; the core is called directly
where it proves it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click
import pytest
import yaml
from diff_helpers import journeymap_here
from git_helpers import RECENT, TWO_GAPS, VALIDATED
from journey_helpers import REAL_TODAY, settings_for, write_journey
from journeymap.check import baseline
from journeymap.check.findings import Severity
from journeymap.check.formats import github, sarif, text
from journeymap.check.formats import json as json_format
from journeymap.check.pipeline import check
from journeymap.errors import ConfigError

TODAY = REAL_TODAY.isoformat()
METRICS = f"""
title: Numbers
stages:
  - id: m
    title: M
    assumption: x
    evidence:
      - {{kind: metric, summary: s, source: s, date: {RECENT}, stance: supports}}
"""


def project(root: Path, **journeys: str) -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - journeymap\n", encoding="utf-8")
    for name, body in journeys.items():
        write_journey(root, f"{name}.yml", body)
    return root


def entries(root: Path, name: str = "journeymap-baseline.yml") -> list[dict[str, object]]:
    data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    return data or []


def write_baseline(root: Path, *args: str) -> tuple[int, str]:
    ran = journeymap_here("validate", "--write-baseline", *args, cwd=root)
    return ran.returncode, ran.stderr


# --- writing ----------------------------------------------------------------------------


def test_write_baseline_records_every_failing_finding_one_sorted_entry_a_line(
    tmp_path: Path,
) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS, fine=VALIDATED, numbers=METRICS)
    assert journeymap_here("validate", cwd=root).returncode == 1
    code, err = write_baseline(root)
    assert code == 0
    assert "wrote 2 known gaps to journeymap-baseline.yml" in err
    lines = (root / "journeymap-baseline.yml").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    assert body == [
        f"- {{journey: old, stage: a, code: unvalidated-stage, since: {TODAY}}}",
        f"- {{journey: old, stage: b, code: unvalidated-stage, since: {TODAY}}}",
    ]
    # the warning (metrics-only) does not fail, so it is no known gap; with strict it is
    (root / "journeymap-baseline.yml").unlink()
    assert write_baseline(root, "--strict")[0] == 0
    assert {(e["journey"], e["code"]) for e in entries(root)} == {
        ("old", "unvalidated-stage"),
        ("numbers", "metrics-only"),
    }


def test_the_file_only_shrinks_unless_grow(tmp_path: Path) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS)
    write_baseline(root)
    (root / "journeymap-baseline.yml").write_text(
        (root / "journeymap-baseline.yml").read_text(encoding="utf-8").replace(TODAY, "2026-01-05"),
        encoding="utf-8",
    )
    write_journey(root, "new.yml", TWO_GAPS.replace("Old", "New"))  # two new gaps
    write_journey(
        root, "old.yml", TWO_GAPS.replace("  - id: b\n    title: B\n    assumption: y\n", "")
    )
    code, err = write_baseline(root)
    assert code == 0
    # stage b is gone (dropped), a is kept with its own day; the new journey is not added
    assert entries(root) == [
        {"journey": "old", "stage": "a", "code": "unvalidated-stage", "since": dt.date(2026, 1, 5)}
    ]
    assert "1 closed since removed" in err
    assert "2 failing findings not in it still fail" in err and "--grow" in err
    assert journeymap_here("validate", cwd=root).returncode == 1  # the new gaps fail
    code, err = write_baseline(root, "--grow")
    assert code == 0 and "2 added" in err
    assert [(e["journey"], e["stage"], str(e["since"])) for e in entries(root)] == [
        ("new", "a", TODAY),
        ("new", "b", TODAY),
        ("old", "a", "2026-01-05"),
    ]
    assert journeymap_here("validate", cwd=root).returncode == 0


def test_a_removed_journey_is_dropped_and_told_as_closed_until_then(tmp_path: Path) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS, fine=VALIDATED)
    write_baseline(root)
    (root / "journeys" / "old.yml").unlink()
    ran = journeymap_here("validate", "--format", "json", cwd=root)
    assert ran.returncode == 0
    fixed = [f for f in json.loads(ran.stdout)["findings"] if f["code"] == "baseline-fixed"]
    assert [(f["severity"], f["file"], f["line"], f["journey"], f["stage"]) for f in fixed] == [
        ("info", "journeymap-baseline.yml", 4, "old", "a"),
        ("info", "journeymap-baseline.yml", 5, "old", "b"),
    ]
    assert "journey 'old' no longer exists" in fixed[0]["message"]
    assert write_baseline(root)[0] == 0
    assert entries(root) == []
    assert journeymap_here("validate", cwd=root).returncode == 0


def test_write_baseline_refuses_what_would_lose_entries(tmp_path: Path) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS)
    ran = journeymap_here("validate", "--write-baseline", "journeys/old.yml", cwd=root)
    assert ran.returncode == 2 and "whole journeys folder" in ran.stderr
    ran = journeymap_here("validate", "--grow", cwd=root)
    assert ran.returncode == 2 and "--write-baseline" in ran.stderr
    assert not (root / "journeymap-baseline.yml").exists()


def test_odd_ids_round_trip_through_the_file_as_data(tmp_path: Path) -> None:
    written = baseline.text_of(
        [
            baseline.Entry("j", "a: {b}, #c", "schema", dt.date(2026, 1, 5)),
            baseline.Entry("j", "'quote\"", "schema", dt.date(2026, 1, 5)),
            baseline.Entry("j", None, "yaml-syntax", dt.date(2026, 1, 5)),
        ]
    )
    assert len(written.splitlines()) == len(baseline.HEADER.splitlines()) + 3
    read = baseline.parse(written.encode(), "b.yml")
    assert set(read.entries) == {
        ("j", "a: {b}, #c", "schema"),
        ("j", "'quote\"", "schema"),
        ("j", None, "yaml-syntax"),
    }


# --- known gaps fail nothing, new ones fail -------------------------------------------------


def test_known_gaps_are_infos_that_say_since_when_in_every_format(tmp_path: Path) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS)
    write_baseline(root)
    write_journey(root, "new.yml", TWO_GAPS.replace("Old", "New"))
    report = check(None, settings_for(root))
    old = [f for f in report.findings if f.journey == "old"]
    assert {f.severity for f in old} == {Severity.INFO}
    assert all(f.message.endswith(f"; known since {TODAY} (baseline)") for f in old)
    assert {f.severity for f in report.findings if f.journey == "new"} == {Severity.ERROR}
    assert report.failed(strict=True)
    plain = click.unstyle(text.render(report, False))
    assert "journeys/old.yml:3:5: info unvalidated-stage" in plain
    assert f"known since {TODAY} (baseline)" in plain
    assert "journeys/new.yml:3:5: error unvalidated-stage" in plain
    shown = json.loads(json_format.render(report, False))
    assert shown["summary"]["errors"] == 2 and shown["summary"]["infos"] == 2
    results = json.loads(sarif.render(report, False))["runs"][0]["results"]
    levels = {(r["level"], "known since" in r["message"]["text"]) for r in results}
    assert levels == {("note", True), ("error", False)}
    annotations = github.render(report.showing(Severity.INFO), False)
    assert annotations.count("::notice ") == 2 and annotations.count("::error ") == 2


def test_a_known_warning_fails_nothing_with_strict(tmp_path: Path) -> None:
    root = project(tmp_path / "p", numbers=METRICS)
    write_baseline(root, "--strict")
    assert journeymap_here("validate", "--strict", cwd=root).returncode == 0
    write_journey(root, "more.yml", METRICS.replace("Numbers", "More"))
    assert journeymap_here("validate", "--strict", cwd=root).returncode == 1
    assert journeymap_here("validate", cwd=root).returncode == 0


def test_without_the_file_nothing_changes_and_another_name_is_configured(tmp_path: Path) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS)
    (root / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - journeymap:\n      baseline: gaps/known.yml\n",
        encoding="utf-8",
    )
    (root / "gaps").mkdir()
    assert journeymap_here("validate", cwd=root).returncode == 1
    code, err = write_baseline(root)
    assert code == 0 and "gaps/known.yml" in err
    assert len(entries(root, "gaps/known.yml")) == 2
    assert not (root / "journeymap-baseline.yml").exists()
    assert journeymap_here("validate", cwd=root).returncode == 0


def test_a_closed_gap_is_baseline_fixed_until_written_again(tmp_path: Path) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS)
    write_baseline(root)
    write_journey(
        root,
        "old.yml",
        TWO_GAPS.replace(
            "    assumption: y\n",
            f"    assumption: y\n    evidence:\n      - {{kind: survey, summary: s, source: s, date: {RECENT}, stance: supports}}\n",
        ),
    )
    ran = journeymap_here("validate", cwd=root)
    assert ran.returncode == 0
    assert (
        "journeymap-baseline.yml:5:1: info baseline-fixed the known gap unvalidated-stage at "
        f"'old/b' (since {TODAY}) is closed"
    ) in ran.stdout
    # a check of some files only tells the closed gaps of the journeys it read
    write_journey(root, "fine.yml", VALIDATED)
    ran = journeymap_here("validate", "journeys/fine.yml", cwd=root)
    assert "baseline-fixed" not in ran.stdout
    write_baseline(root)
    assert [e["stage"] for e in entries(root)] == ["a"]
    assert "baseline-fixed" not in journeymap_here("validate", cwd=root).stdout


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("- [\n", "is never closed"),
        ("journey: old\n", "no list of entries"),
        ("- {journey: old, stage: a, code: unvalidated-stage}\n", "has no since"),
        ("- {journey: old, code: schemaa, since: 2026-01-05}\n", "did you mean 'schema'"),
        ("- {journey: old, code: schema, since: soon}\n", "since must be a day"),
        ("- {journey: old, code: schema, since: 2026-01-05, why: x}\n", "unknown key 'why'"),
        ("- just text\n", "each entry is a mapping"),
        ("- {journey: 3, code: schema, since: 2026-01-05}\n", "journey must be a journey id"),
    ],
)
def test_a_baseline_that_cannot_be_used_is_a_configuration_error(
    tmp_path: Path, content: str, says: str
) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS)
    (root / "journeymap-baseline.yml").write_text(content, encoding="utf-8")
    for command in (["validate"], ["validate", "--write-baseline"], ["build"]):
        ran = journeymap_here(*command, cwd=root)
        assert ran.returncode == 2, (command, ran.stderr)
        assert says in ran.stderr and "journeymap-baseline.yml" in ran.stderr
        assert "Traceback" not in ran.stderr
    assert (root / "journeymap-baseline.yml").read_text(encoding="utf-8") == content
    with pytest.raises(ConfigError):
        check(None, settings_for(root))


def test_an_unreadable_baseline_is_a_configuration_error(tmp_path: Path) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS)
    (root / "journeymap-baseline.yml").mkdir()
    ran = journeymap_here("validate", cwd=root)
    assert ran.returncode == 2 and "the baseline journeymap-baseline.yml cannot be read" in (
        ran.stderr
    )
    os.rmdir(root / "journeymap-baseline.yml")
    os.symlink("nowhere.yml", root / "journeymap-baseline.yml")
    assert journeymap_here("validate", cwd=root).returncode == 2


def test_an_empty_baseline_is_every_gap_closed(tmp_path: Path) -> None:
    root = project(tmp_path / "p", fine=VALIDATED)
    assert write_baseline(root)[0] == 0
    assert (root / "journeymap-baseline.yml").read_text(encoding="utf-8") == baseline.HEADER
    assert journeymap_here("validate", cwd=root).returncode == 0
    write_journey(root, "old.yml", TWO_GAPS)
    assert journeymap_here("validate", cwd=root).returncode == 1
    # an existing (empty) file only shrinks: the new gaps need --grow
    write_baseline(root)
    assert entries(root) == []


def test_the_option_takes_a_file_name_only(tmp_path: Path) -> None:
    root = project(tmp_path / "p", old=TWO_GAPS)
    for value in ("true", "''", "folder/"):
        (root / "mkdocs.yml").write_text(
            f"site_name: t\nplugins:\n  - journeymap:\n      baseline: {value}\n",
            encoding="utf-8",
        )
        ran = journeymap_here("validate", cwd=root)
        assert ran.returncode == 2 and "option 'baseline' must be a file name" in ran.stderr
