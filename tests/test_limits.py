"""A journey file beyond sane size is one finding, not minutes of work (issue 17).

`journeymap.journey.limits`: a file over 1 MiB is not read (one `yaml-syntax` finding for the
file, as for any file that cannot be read, its size taken from the file system); a
journey of more than 500 stages, or a stage of more than 200 evidence items, is one
`schema` finding at the key. Every other file is still checked. The README and FORMAT.md
state the same numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
from commands import run
from journey_helpers import FIXED_TODAY, check_folder, settings_for, write_journey
from journeymap.check.pipeline import check_sources
from journeymap.journey import limits
from journeymap.sources.discovery import Source
from repo_paths import REPO

GOOD = "title: T\nstages:\n  - {id: a, title: A, assumption: x, waiver: {reason: r, approved_by: b, until: 2099-01-01}}\n"
CLI = "from journeymap.cli import main; main(prog_name='journeymap')"
STAGE = "  - {{id: s{n}, title: T, assumption: A}}\n"


def stages_text(count: int, evidence: int = 0) -> str:
    lines = ["title: Large\n", "stages:\n"]
    lines += [STAGE.format(n=n) for n in range(count)]
    if evidence:
        item = "{kind: interview, summary: S, source: N, date: 2026-01-02, stance: supports}"
        lines.append("  - id: crowded\n    title: C\n    assumption: A\n    evidence:\n")
        lines += [f"      - {item}\n"] * evidence
    return "".join(lines)


def findings(root: Path) -> list[tuple[str, str, int | None, int | None, str | None]]:
    report = check_folder(root)
    return [(f.file, f.code, f.line, f.column, f.stage) for f in report.findings]


def test_a_file_over_the_byte_limit_is_one_finding_and_the_rest_is_checked(
    tmp_path: Path,
) -> None:
    write_journey(tmp_path, "good.yml", GOOD)
    text = stages_text(300)
    padding = "# " + "x" * 1000 + "\n"
    text += padding * (limits.MAX_FILE_BYTES // len(padding))  # valid YAML, over 1 MiB
    write_journey(tmp_path, "huge.yml", text)
    report = check_folder(tmp_path)
    assert [(f.file, f.code, f.line) for f in report.findings] == [
        ("journeys/huge.yml", "yaml-syntax", None)
    ]
    (finding,) = report.findings
    assert "1 MiB" in finding.message and "split" in finding.message
    assert [journey.id for journey in report.journeys] == ["good"]
    assert report.unread == 1


def test_a_file_at_the_byte_limit_is_read(tmp_path: Path) -> None:
    text = GOOD + "#" * (limits.MAX_FILE_BYTES - len(GOOD) - 1) + "\n"
    assert len(text.encode()) == limits.MAX_FILE_BYTES
    write_journey(tmp_path, "edge.yml", text)
    assert findings(tmp_path) == []


def test_a_huge_file_is_judged_by_its_size_without_being_read(tmp_path: Path) -> None:
    """A sparse 64 GiB journey file, checked by a `journeymap validate` that may use 2 GiB
    of memory: reading the file whole could neither finish nor fit."""
    write_journey(tmp_path, "good.yml", GOOD)
    with (tmp_path / "journeys" / "sparse.yml").open("wb") as handle:
        handle.truncate(64 * 2**30)
    limited = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31)); "
    result = run(
        [sys.executable, "-c", limited + CLI, "validate", "-f", "json"], tmp_path, timeout=60
    )
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["file"], finding["code"], finding["line"]) == (
        "journeys/sparse.yml",
        "yaml-syntax",
        None,
    )
    assert "the file is 64 GiB, more than the 1 MiB" in finding["message"]


def test_bytes_from_elsewhere_over_the_limit_are_the_same_finding(tmp_path: Path) -> None:
    """`journeymap diff` checks the base side from git's bytes, not from a file."""
    content = stages_text(10).encode() + b"#" * limits.MAX_FILE_BYTES + b"\n"
    source = Source(tmp_path / "base.yml", "journeys/base.yml", content=content)
    report = check_sources([source], settings_for(tmp_path), FIXED_TODAY)
    assert [(f.code, f.line) for f in report.findings] == [("yaml-syntax", None)]
    assert "MiB" in report.findings[0].message


@pytest.mark.parametrize(
    ("text", "line", "column", "stage", "words"),
    [
        (stages_text(limits.MAX_STAGES + 1), 2, 1, None, "501 stages, more than the 500"),
        (stages_text(20_000), 2, 1, None, "20,000 stages"),
        (stages_text(3, evidence=limits.MAX_EVIDENCE + 1), 9, 5, "crowded", "201 evidence"),
        (  # aliases count as what they repeat
            "title: T\nx: &s {id: a, title: A, assumption: B}\nstages: ["
            + ", ".join(["*s"] * (limits.MAX_STAGES + 1))
            + "]\n",
            3,
            1,
            None,
            "501 stages",
        ),
    ],
    ids=["one-stage-too-many", "twenty-thousand-stages", "too-much-evidence", "aliases"],
)
def test_a_journey_beyond_the_stage_or_evidence_limit_is_one_schema_finding_at_the_key(
    tmp_path: Path, text: str, line: int, column: int, stage: str | None, words: str
) -> None:
    write_journey(tmp_path, "good.yml", GOOD)
    write_journey(tmp_path, "large.yml", text)
    report = check_folder(tmp_path)
    assert [(f.file, f.code, f.line, f.column, f.stage) for f in report.findings] == [
        ("journeys/large.yml", "schema", line, column, stage)
    ]
    assert words in report.findings[0].message
    assert [journey.id for journey in report.journeys] == ["good"]


def test_a_journey_at_the_stage_and_evidence_limits_is_read(tmp_path: Path) -> None:
    write_journey(tmp_path, "edge.yml", stages_text(limits.MAX_STAGES - 1, limits.MAX_EVIDENCE))
    report = check_folder(tmp_path, today=dt.date(2026, 6, 1))
    assert report.stages == limits.MAX_STAGES
    assert {f.code for f in report.findings} == {"unvalidated-stage"}
    assert report.journeys and report.journeys[0].id == "edge"


def test_the_readme_and_format_state_the_limits() -> None:
    for name in ("README.md", "FORMAT.md"):
        text = " ".join((REPO / name).read_text(encoding="utf-8").split())
        assert re.search(r"\b1 MiB\b", text), name
        assert f"{limits.MAX_STAGES} stages" in text, name
        assert f"{limits.MAX_EVIDENCE} evidence items" in text, name
