"""The four output formats: text, GitHub workflow commands, JSON (SPEC's shape), SARIF 2.1.0."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
from journey_helpers import check_folder, write_journey
from journeymap.check import Report
from journeymap.findings import Finding, Severity
from journeymap.formats import github, sarif, text
from journeymap.formats import json as json_format
from journeymap.rules import RULES

BROKEN = "title: T\nstages:\n  - id: pay\n    title: Pay\n    assumption: x\n"
CONTESTED = (
    "title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n"
    "      - {kind: survey, summary: s, source: s, date: 2026-10-01, stance: mixed}\n"
)


def hostile_report() -> Report:
    finding = Finding(
        code="schema",
        severity=Severity.ERROR,
        file="journeys/a,b:c%.yml",
        line=3,
        column=5,
        journey="a",
        stage="s",
        message="100% wrong: a, b\nsecond line\r\nthird",
    )
    return Report([], [finding], files=1, stages=0, today=dt.date(2026, 11, 25))


def test_text_is_file_line_column_severity_code_message_grouped_by_file(tmp_path: Path) -> None:
    write_journey(tmp_path, "billing.yml", BROKEN)
    write_journey(tmp_path, "other.yml", CONTESTED)
    output = click.unstyle(text.render(check_folder(tmp_path), strict=False))
    lines = output.splitlines()
    assert lines[0].startswith("journeys/billing.yml:3:5: error unvalidated-stage Stage 'pay' ")
    assert lines[1] == ""
    assert lines[2].startswith("journeys/other.yml:3:5: info assumption-contested ")
    assert lines[-1].startswith("2 files, 2 journeys, 2 stages: 1 error, 0 warnings, 1 info;")
    assert "1 of 2 stages (50%) have customer evidence" in lines[-1]


def test_github_commands_escape_percent_newlines_commas_and_colons() -> None:
    line = github.render(hostile_report(), strict=False).splitlines()[0]
    assert line == (
        "::error file=journeys/a%2Cb%3Ac%25.yml,line=3,col=5,title=journeymap schema"
        "::100%25 wrong: a, b%0Asecond line%0D%0Athird"
    )


def test_github_severity_commands(tmp_path: Path) -> None:
    write_journey(tmp_path, "billing.yml", BROKEN)
    write_journey(tmp_path, "other.yml", CONTESTED)
    output = github.render(check_folder(tmp_path), strict=False)
    assert output.startswith("::error file=journeys/billing.yml,line=3,col=5,")
    assert (
        "\n::notice file=journeys/other.yml,line=3,col=5,title=journeymap assumption-contested::"
        in output
    )


def test_json_has_exactly_the_spec_shape(tmp_path: Path) -> None:
    write_journey(tmp_path, "billing.yml", BROKEN)
    write_journey(tmp_path, "bad.yml", "title: [\n")
    data = json.loads(json_format.render(check_folder(tmp_path), strict=False))
    assert set(data) == {"findings", "summary"}
    assert data["summary"] == {"journeys": 1, "stages": 1, "errors": 2, "warnings": 0, "infos": 0}
    first, second = data["findings"]
    assert first == {
        "code": "yaml-syntax",
        "severity": "error",
        "file": "journeys/bad.yml",
        "line": 2,
        "column": 1,
        "journey": "bad",
        "stage": None,
        "message": first["message"],
    }
    assert second["code"] == "unvalidated-stage"
    assert (second["journey"], second["stage"], second["line"], second["column"]) == (
        "billing",
        "pay",
        3,
        5,
    )


def test_sarif_is_a_2_1_0_log_with_one_rule_per_code(tmp_path: Path) -> None:
    write_journey(tmp_path, "billing.yml", BROKEN)
    write_journey(tmp_path, "other.yml", CONTESTED)
    log = json.loads(sarif.render(check_folder(tmp_path), strict=False))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "journeymap"
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("unvalidated-stage", "error"),
        ("assumption-contested", "note"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("journeys/")
        assert location["region"] == {"startLine": 3, "startColumn": 5}
        assert result["message"]["text"]
