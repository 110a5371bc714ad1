"""The four output formats: text, GitHub workflow commands, JSON (SPEC's shape), SARIF 2.1.0."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click
from bs4 import BeautifulSoup
from commands import journeymap
from journey_helpers import REAL_TODAY, check_folder, write_journey
from journeymap.check.findings import Finding, Severity, format_line
from journeymap.check.formats import github, sarif, text
from journeymap.check.formats import json as json_format
from journeymap.check.report import Report
from journeymap.check.rules import RULES

BROKEN = "title: T\nstages:\n  - id: pay\n    title: Pay\n    assumption: x\n"
BARE_STAGE = "  - id: first\n    title: F\n    assumption: y\n    waiver: {reason: r, approved_by: me, until: 2999-01-01}\n"
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
    assert set(data) == {"findings", "summary", "journeys", "studies"}
    assert data["studies"] == []  # no research folder
    assert data["summary"] == {"journeys": 1, "stages": 1, "errors": 2, "warnings": 0, "infos": 0}
    first, second = data["findings"]
    assert first == {
        "code": "yaml-syntax",
        "severity": "error",
        "file": "journeys/bad.yml",
        "line": 1,
        "column": 8,
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
    assert data["journeys"] == [
        {
            "id": "billing",
            "file": "journeys/billing.yml",
            "title": "T",
            "stages": [
                {
                    "id": "pay",
                    "line": 3,
                    "status": "unvalidated",
                    "segments": {},
                    "split_by_segment": False,
                }
            ],
        }
    ]


def test_json_lists_every_journey_read_with_its_stage_statuses(tmp_path: Path) -> None:
    write_journey(tmp_path, "other.yml", CONTESTED)
    write_journey(
        tmp_path,
        "broken.yml",
        "title: B\ncolour: red\nstages:\n  - {id: ok, title: A, assumption: x, waiver: "
        "{reason: r, approved_by: me, until: 2027-01-01}}\n  - {id: Bad Id, title: B, assumption: y}\n"
        "  - just text\n",
    )
    data = json.loads(json_format.render(check_folder(tmp_path), strict=False))
    for journey in data["journeys"]:  # no evidence from segments here (test_research has it)
        for stage in journey["stages"]:
            assert stage.pop("segments") == {} and stage.pop("split_by_segment") is False
    assert data["journeys"] == [
        {
            "id": "broken",
            "file": "journeys/broken.yml",
            "title": "B",
            "stages": [
                {"id": "ok", "line": 4, "status": "waived"},
                {"id": "Bad Id", "line": 5, "status": None},
                {"id": None, "line": 6, "status": None},
            ],
        },
        {
            "id": "other",
            "file": "journeys/other.yml",
            "title": "T",
            "stages": [{"id": "a", "line": 3, "status": "contested"}],
        },
    ]
    # The summary counts what was read, valid or not: the same figures as the list.
    assert data["summary"]["journeys"] == 2
    assert data["summary"]["stages"] == 4


def test_the_summary_counts_what_was_read_even_with_schema_errors(tmp_path: Path) -> None:
    write_journey(tmp_path, "a.yml", BROKEN.replace("title: T", "title: T\ncolour: red"))
    write_journey(tmp_path, "b.yml", "title: [\n")
    line = click.unstyle(text.render(check_folder(tmp_path), strict=False)).splitlines()[-1]
    assert line.startswith(
        "2 files (1 could not be read), 1 journey, 1 stage: 3 errors, 0 warnings, 0 infos; "
        "0 of 1 stages (0%) have customer evidence. Fails."
    ), line


def test_control_characters_in_file_names_cannot_forge_a_line(tmp_path: Path) -> None:
    name = "x\x1b[2K\rok.yml:1:1: info fake\nz.yml"
    write_journey(tmp_path, name, BROKEN)
    report = check_folder(tmp_path)
    output = text.render(report, strict=False)
    finding_lines = click.unstyle(output).splitlines()
    assert len(finding_lines) == 4  # two findings, a blank line, the summary
    shown = "journeys/x\\x1b[2K\\rok.yml:1:1: info fake\\nz.yml"
    assert finding_lines[0].startswith(f"{shown}:1:1: error schema the file name")
    assert finding_lines[1].startswith(f"{shown}:3:5: error unvalidated-stage")
    assert "\x1b[2K" not in output and "\r" not in output
    github_line = github.render(report, strict=False).splitlines()[0]
    assert "\r" not in github_line and "%0A" in github_line
    uri = json.loads(sarif.render(report, strict=False))["runs"][0]["results"][0]["locations"][0]
    assert uri["physicalLocation"]["artifactLocation"]["uri"] == (
        "journeys/x%1B%5B2K%0Dok.yml%3A1%3A1%3A%20info%20fake%0Az.yml"
    )
    assert json.loads(json_format.render(report, strict=False))["findings"][0]["file"] == (
        f"journeys/{name}"
    )


def test_format_line_is_the_one_finding_line() -> None:
    finding = hostile_report().findings[0]
    assert format_line(finding) == (
        "journeys/a,b:c%.yml:3:5: error schema 100% wrong: a, b\\nsecond line\\r\\nthird"
    )
    assert format_line(finding, severity=False).startswith("journeys/a,b:c%.yml:3:5: schema 100%")
    assert finding.location == "journeys/a,b:c%.yml:3:5"


def test_min_severity_hides_findings_in_every_format_but_not_from_the_verdict(
    tmp_path: Path,
) -> None:
    write_journey(
        tmp_path,
        "billing.yml",
        BROKEN.replace(
            "assumption: x",
            "assumption: x\n    evidence: [{kind: metric, summary: s, source: s, date: 2026-10-01, stance: supports}]",
        ),
    )
    write_journey(tmp_path, "other.yml", CONTESTED)
    report = check_folder(tmp_path).showing(Severity.ERROR)
    assert report.visible == []
    assert report.failed(strict=True) and not report.failed(strict=False)
    plain = click.unstyle(text.render(report, strict=True))
    assert plain.splitlines() == [
        "2 files, 2 journeys, 2 stages: 0 errors, 1 warning (not shown), 1 info (not shown); "
        "2 of 2 stages (100%) have customer evidence. Fails (strict: warnings fail too). "
        "2 findings below error left out (--min-severity info shows them)."
    ]
    assert "::" not in github.render(report, strict=True)
    assert json.loads(json_format.render(report, strict=True))["findings"] == []
    assert json.loads(json_format.render(report, strict=True))["summary"]["warnings"] == 1
    assert json.loads(sarif.render(report, strict=True))["runs"][0]["results"] == []
    warnings = check_folder(tmp_path).showing(Severity.WARNING)
    assert [f.code for f in warnings.visible] == ["metrics-only"]


def test_a_finding_about_the_whole_file_has_no_line_in_any_format(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "gone.yml").symlink_to("nowhere.yml")
    report = check_folder(tmp_path)
    assert click.unstyle(text.render(report, strict=False)).startswith(
        "journeys/gone.yml: error yaml-syntax this is a symbolic link"
    )
    assert github.render(report, strict=False).startswith(
        "::error file=journeys/gone.yml,title=journeymap yaml-syntax::"
    )
    result = json.loads(sarif.render(report, strict=False))["runs"][0]["results"][0]
    assert "region" not in result["locations"][0]["physicalLocation"]
    finding = json.loads(json_format.render(report, strict=False))["findings"][0]
    assert (finding["line"], finding["column"]) == (None, None)


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


# Characters that move the cursor, recolour or clear a terminal, end a line early, or
# reorder text (bidi controls), as `text.printable` escapes them; only the newlines
# between lines may remain.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
HOSTILE = """\
title: "T\\e]0;pwned\\a"
"k\\e[31m": 1
stages:
  - id: "a\\e[2J"
    title: "A\\u202e"
    assumption: x
  - id: b
    title: B
    assumption: "x\\e[1A\\u2066"
    waiver: {reason: r, approved_by: "Head \\e[2J\\u202eof CX", until: UNTIL}
  - id: c
    title: C
    assumption: x
    next: ["d\\e[2J", "x\\u202e"]
    evidence:
      - {kind: "interview\\u202e", summary: s, source: s, date: "2026\\e-10-01", stance: "no\\e[0m"}
"""


def test_text_from_yaml_cannot_reach_a_terminal_or_log_raw(tmp_path: Path) -> None:
    """Every message that quotes YAML text, and the file name, is escaped in the formats
    a terminal or a CI log shows (text, github); json and sarif escape as JSON does."""
    until = (REAL_TODAY + dt.timedelta(days=5)).isoformat()
    write_journey(tmp_path, "h\x1b[2K\u202eostile.yml", HOSTILE.replace("UNTIL", until))
    write_journey(tmp_path, "b.yml", HOSTILE.replace("UNTIL", until))
    for output in ("text", "github"):
        ran = journeymap("validate", "-f", output, cwd=tmp_path)
        assert ran.returncode == 1, ran
        assert len(ran.stdout.splitlines()) > 10, ran.stdout
        assert "waiver-expiring" in ran.stdout
        assert not UNSAFE.search(ran.stdout), [
            line for line in ran.stdout.splitlines() if UNSAFE.search(line)
        ]
    for output in ("json", "sarif"):
        ran = journeymap("validate", "-f", output, cwd=tmp_path)
        assert not UNSAFE.search(ran.stdout)
        json.loads(ran.stdout)


def test_a_journeys_folder_beside_the_site_is_named_relative_to_the_config(
    tmp_path: Path,
) -> None:
    """A monorepo: site/mkdocs.yml with `journeys: ../journeys`. Findings name the file
    `../journeys/new.yml` (SPEC: relative to the config's folder) in every format and on
    the site, never by an absolute path, which would publish where the checkout lies."""
    site = tmp_path / "repo" / "site"
    site.mkdir(parents=True)
    (site / "docs").mkdir()
    (site / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - journeymap:\n      journeys: ../journeys\n"
    )
    write_journey(tmp_path / "repo", "new.yml", BROKEN)
    where = str(tmp_path)
    expected = {
        "text": "../journeys/new.yml:3:5: error unvalidated-stage",
        "github": "::error file=../journeys/new.yml,line=3,col=5,",
        "json": '"file": "../journeys/new.yml"',
        "sarif": '"uri": "../journeys/new.yml"',
    }
    for output, words in expected.items():
        ran = journeymap("validate", "-f", output, cwd=site)
        assert words in ran.stdout, ran.stdout
        assert where not in ran.stdout + ran.stderr, ran.stdout
    preview = journeymap("build", "--preview", cwd=site)
    assert preview.returncode == 0, preview.stderr
    pages = [path.read_text("utf-8") for path in (site / "site").rglob("*.html")]
    assert any("../journeys/new.yml:3:5" in page for page in pages)
    assert not [page for page in pages if where in page]


UNFINISHED_EVIDENCE = """\
title: T
stages:
  - id: skeleton
    title: A
    assumption: x
    evidence:
      - {kind: interview, summary: s, source: s, date: YYYY-MM-DD, stance: supports}
  - id: as-mapping
    title: B
    assumption: x
    evidence:
      kind: interview
      summary: s
      source: s
      date: 2026-10-01
      stance: supports
  - id: real
    title: C
    assumption: x
    evidence:
      - {kind: interview, summary: s, source: s, date: 2026-10-01, stance: supports}
      - {kind: interview, summary: s, source: s, date: YYYY-MM-DD, stance: supports}
"""


def test_only_valid_evidence_counts_as_customer_evidence(tmp_path: Path) -> None:
    """A skeleton's `date: YYYY-MM-DD`, or `evidence:` written as a mapping, is no evidence
    yet: the summary must not say 100% next to the errors that say so."""
    write_journey(tmp_path, "t.yml", UNFINISHED_EVIDENCE)
    report = check_folder(tmp_path)
    assert report.stages_with_evidence == 1
    assert report.outlines[0].stages_with_evidence == 1
    summary = click.unstyle(text.render(report, strict=False)).splitlines()[-1]
    assert "1 of 3 stages (33%) have customer evidence" in summary, summary


def test_the_dashboard_counts_the_stages_it_shows(tmp_path: Path) -> None:
    """In a preview, a journey that is not valid is left off the dashboard: its stages are
    neither counted nor counted as evidenced there."""
    write_journey(tmp_path, "t.yml", UNFINISHED_EVIDENCE)
    valid = CONTESTED.replace("date: 2026-10-01", f"date: {REAL_TODAY.isoformat()}")
    write_journey(tmp_path, "valid.yml", valid.replace("  - id: a", BARE_STAGE + "  - id: a"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - journeymap\n")
    preview = journeymap("build", "--preview", cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    page = BeautifulSoup((tmp_path / "site" / "index.html").read_text("utf-8"), "html.parser")
    total = page.select("td[data-share]")[-1]
    assert (total.get_text(strip=True), total["data-share"]) == ("1 of 2", "50")
