"""Positions are the editor's: lines end at LF, CRLF or CR; columns count characters.

The same mistakes in files with every kind of line end, a byte-order mark and
non-ASCII text before the mistake are reported at the same line and column, on
every path a position comes from (the YAML parser, its reader, the UTF-8 decoder,
duplicate keys, schema errors, misfit tags, comments in text, stage findings).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from journey_helpers import FIXED_TODAY, settings_for
from journeymap.check.pipeline import check

EVIDENCE = (
    "    evidence: [{kind: interview, summary: s, source: s, date: 2026-10-01, stance: supports}]"
)


def findings_of(tmp_path: Path, raw: bytes) -> list[tuple[str, int | None, int | None]]:
    path = tmp_path / "j.yml"
    path.write_bytes(raw)
    report = check([path], settings_for(tmp_path), today=FIXED_TODAY)
    return [(f.code, f.line, f.column) for f in report.findings]


# Each document's lines, joined with each line end; the expected findings are the same.
DOCUMENTS: dict[str, tuple[list[str], list[tuple[str, int, int]]]] = {
    "control-character": (
        ["title: ééé", "stages:", "  - id: a", "    title: é\x01"],
        [("yaml-syntax", 4, 13)],
    ),
    "syntax-error": (
        ["title: ééé", "stages:", "  - id: a", "    touchpoints: [é, 🙂 ü"],
        [("yaml-syntax", 4, 18)],
    ),
    "duplicate-key": (
        [
            "title: 🙂🙂",
            "stages:",
            "  - id: a",
            "    title: A",
            "    assumption: x",
            EVIDENCE,
            "    title: ééé",
        ],
        [("duplicate-key", 7, 5)],
    ),
    "unknown-key-after-text": (
        ["title: T", "stages:", "  - {id: a, title: 'é 🙂 ü', assumption: x, colour: red}"],
        [("schema", 3, 44)],
    ),
    "misfit-tag": (
        [
            "title: ééé",
            "stages:",
            "  - id: a",
            "    title: A",
            "    assumption: x",
            EVIDENCE,
            "    emotion: !!float x",
        ],
        [("schema", 7, 14)],
    ),
    "null-key": (
        [
            "title: T",
            "null: 3",
            "stages:",
            "  - id: a",
            "    title: A",
            "    assumption: x",
            EVIDENCE,
        ],
        [("schema", 2, 1)],
    ),
    "number-key": (
        [
            "title: T",
            "stages:",
            "  - id: a",
            "    title: A",
            "    assumption: x",
            EVIDENCE,
            "    1: x",
        ],
        [("schema", 7, 5)],
    ),
    "comment-in-text": (
        ["title: ééé 🙂 #1", "stages:", "  - id: a", "    title: A", "    assumption: x", EVIDENCE],
        [("comment-in-text", 1, 14)],
    ),
    "stage-finding": (
        [
            "title: ééé",
            "stages:",
            "  - id: a",
            "    title: A",
            "    assumption: x",
            "  - id: b",
            "    title: B",
            "    assumption: y",
            EVIDENCE,
        ],
        [("unvalidated-stage", 3, 5)],
    ),
}
ENDS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


@pytest.mark.parametrize("end", sorted(ENDS))
@pytest.mark.parametrize("bom", [False, True], ids=["", "bom"])
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_positions_are_the_same_whatever_the_line_ends(
    tmp_path: Path, name: str, end: str, bom: bool
) -> None:
    lines, expected = DOCUMENTS[name]
    raw = ENDS[end].join(lines).encode("utf-8") + ENDS[end].encode()
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    assert findings_of(tmp_path, raw) == expected


@pytest.mark.parametrize("end", sorted(ENDS))
def test_a_byte_that_is_not_utf8_is_named_at_its_character_position(
    tmp_path: Path, end: str
) -> None:
    newline = ENDS[end].encode()
    raw = (
        b"\xef\xbb\xbftitle: T"
        + newline
        + b"stages:"
        + newline
        + b"  - title: \xc3\xa9\xc3\xa9 \xff"
        + newline
    )
    path = tmp_path / "j.yml"
    path.write_bytes(raw)
    report = check([path], settings_for(tmp_path), today=FIXED_TODAY)
    (finding,) = report.findings
    assert (finding.code, finding.line, finding.column) == ("yaml-syntax", 3, 15)
    assert "byte 0xff" in finding.message


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"])
def test_yaml_only_line_ends_do_not_start_a_line_in_positions(
    tmp_path: Path, separator: str
) -> None:
    # YAML 1.1 ends a line at NEL, LS and PS; editors do not, so neither do positions.
    text = (
        f"title: T{separator}stages:\n  - id: a\n    title: A\n    assumption: x\n    colour: red\n"
    )
    assert findings_of(tmp_path, text.encode()) == [("schema", 5, 5)]
    syntax = f"title: T{separator}summary: x\nstages: [\n"
    assert findings_of(tmp_path, syntax.encode()) == [("yaml-syntax", 2, 9)]
