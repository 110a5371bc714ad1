"""`comment-in-text`: text after ` #` in an unquoted value is silently dropped by YAML.

No example the project ships (its journeys, `journeymap init`'s example, `journeymap
new`'s skeleton, FORMAT.md) holds the trap, and the rule finds it wherever it cuts
text, and nowhere else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from journey_helpers import FIXED_TODAY, check_folder, problems, settings_for, write_journey
from journeymap.check.pipeline import check
from journeymap.project.init import planned_files
from journeymap.project.new import skeleton_text
from repo_paths import REPO

EV = "{kind: interview, summary: s, source: s, date: 2026-10-01, stance: supports}"


def codes_in(folder: Path, root: Path) -> list[tuple[str, str]]:
    report = check([folder], settings_for(root), today=FIXED_TODAY)
    return [(f.file, f.code) for f in report.findings if f.code == "comment-in-text"]


def test_the_repositorys_journeys_do_not_cut_text() -> None:
    assert codes_in(REPO / "journeys", REPO) == []


def test_the_init_example_and_the_skeleton_do_not_cut_text(tmp_path: Path) -> None:
    files = planned_files(FIXED_TODAY)
    example = next(text for path, text in files.items() if path.startswith("journeys/"))
    write_journey(tmp_path, "sign-up.yml", example)
    write_journey(tmp_path, "new.yml", skeleton_text("new", tmp_path / "journeys", tmp_path))
    assert codes_in(tmp_path / "journeys", tmp_path) == []


def test_format_md_examples_do_not_cut_text(tmp_path: Path) -> None:
    blocks = re.findall(
        r"```yaml\n(.*?)```", (REPO / "FORMAT.md").read_text(encoding="utf-8"), re.S
    )
    journeys = [block for block in blocks if "stages:" in block]
    assert journeys
    for index, block in enumerate(journeys):
        write_journey(tmp_path, f"example-{index}.yml", block)
    assert codes_in(tmp_path / "journeys", tmp_path) == []
    quoted = next(block for block in blocks if "stages:" not in block and "#" in block)
    assert quoted.startswith('source: "')


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("    title: Pay\t# tab before the hash", 16),
        ("    title: Pay   #   spaces", 18),
        ("    title: Pay #", 16),
        ("    title: Pay #one #two", 16),
        ("    title: Pay: now #2", None),  # not YAML text at all: a syntax finding instead
    ],
)
def test_where_the_hash_is(tmp_path: Path, line: str, column: int | None) -> None:
    text = f"title: T\nstages:\n  - id: a\n{line}\n    assumption: x\n    evidence: [{EV}]\n"
    found = problems(tmp_path, text)
    if column is None:
        assert [code for code, *_ in found] == ["yaml-syntax"]
    else:
        assert found == [("comment-in-text", 4, column)]


def test_crlf_and_flow_mappings(tmp_path: Path) -> None:
    text = f"title: T #1\r\nstages:\r\n  - {{id: a, title: Pay #2\r\n      , assumption: x, evidence: [{EV}]}}\r\n"
    assert problems(tmp_path, text) == [("comment-in-text", 1, 10), ("comment-in-text", 3, 24)]


def test_a_finding_names_the_stage_and_the_kept_text(tmp_path: Path) -> None:
    write_journey(
        tmp_path,
        "t.yml",
        f"title: T\nstages:\n  - id: pay\n    title: Pay\n    assumption: x\n    evidence: [{EV}]\n"
        "    opportunities:\n      - Name the sender   # and the amount\n",
    )
    (finding,) = check_folder(tmp_path).findings
    assert finding.stage == "pay"
    assert "an item of 'opportunities' is cut at ' #'" in finding.message
    assert "the value is only 'Name the sender'" in finding.message
