"""Explicit YAML tags: a value that does not fit its tag is a finding at the value, never a crash.

Every `tag:yaml.org,2002:*` tag PyYAML knows (constructors and implicit resolvers),
plus local and Python tags, on a scalar, a list and a mapping, with values that fit
and values that do not: each file loads cleanly or gives a located `schema` finding,
and the other files of the folder are still checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from journey_helpers import check_folder, write_journey

YAML = "tag:yaml.org,2002:"
KNOWN = sorted(
    {tag for tag in yaml.SafeLoader.yaml_constructors if tag and tag.startswith(YAML)}
    | {
        tag
        for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values()
        for tag, _ in resolvers
    }
)
TAGS = [
    *("!!" + tag[len(YAML) :] for tag in KNOWN),
    "!local",
    "!!python/object:os.system",
    "!<tag:example.com,2026:x>",
]

# (node written after the tag, what kind of node it is)
VALUES = [
    ("maybe", "scalar"),
    ("'quoted text'", "scalar"),
    ("", "scalar"),
    ("12", "scalar"),
    ("-1", "scalar"),
    ("1.5", "scalar"),
    ("yes", "scalar"),
    ("~", "scalar"),
    ("2026-10-01", "scalar"),
    ("2026-13-45", "scalar"),
    ("aGVsbG8=", "scalar"),
    ("!!!", "scalar"),
    ("=", "scalar"),
    ("[a, b]", "sequence"),
    ("[{a: 1}, {b: 2}]", "sequence"),
    ("[1, [2]]", "sequence"),
    ("{a: 1, b: 2}", "mapping"),
    ("{a, b}", "mapping"),
    ("{a: {b: c}}", "mapping"),
]
STAGE = "{kind: interview, summary: s, source: s, date: 2026-10-01, stance: supports}"


def test_the_tag_list_holds_every_standard_tag() -> None:
    for name in (
        "bool",
        "int",
        "float",
        "null",
        "timestamp",
        "binary",
        "str",
        "seq",
        "map",
        "set",
        "omap",
        "pairs",
        "merge",
        "value",
        "yaml",
    ):
        assert f"!!{name}" in TAGS


def tagged_journey(field: str, tag: str, value: str) -> str:
    """A journey whose line 7 holds `tag value` as the value of `field` (or as a key)."""
    line = f"    {tag} {value or 'k'}: x" if field == "key" else f"    {field}: {tag} {value}"
    filler = "    assumed_by: me" if field == "title" else "    title: A"
    return (
        f"title: T\nstages:\n  - id: a\n{filler}\n    assumption: x\n"
        f"    evidence: [{STAGE}]\n{line}\n"
    )


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("field", ["emotion", "title", "touchpoints", "waiver", "key"])
def test_every_tag_on_every_kind_of_node_loads_or_is_a_located_finding(
    tmp_path: Path, tag: str, field: str
) -> None:
    write_journey(
        tmp_path, "zz-other.yml", "title: T\nstages:\n  - {id: s, title: S, assumption: x}\n"
    )
    for value, _kind in VALUES:
        write_journey(tmp_path, "tagged.yml", tagged_journey(field, tag, value))
        report = check_folder(tmp_path)  # never raises
        findings = [f for f in report.findings if f.file.endswith("tagged.yml")]
        for finding in findings:
            assert finding.line is not None and finding.column is not None, finding
            assert finding.line >= 1 and finding.column >= 1, finding
        for finding in findings:
            if "tag" in finding.message:
                assert finding.line == 7, (tag, value, finding)  # at the tagged value or key
        other = [f.code for f in report.findings if f.file.endswith("zz-other.yml")]
        assert other == ["unvalidated-stage"], (tag, value, report.findings)


# fmt: off
MISFITS = [
    ("!!bool maybe", "'maybe' does not fit its YAML tag !!bool"),
    ("!!timestamp abc", "'abc' does not fit its YAML tag !!timestamp"),
    ("!!float x", "'x' does not fit its YAML tag !!float"),
    ("!!int abc", "'abc' does not fit its YAML tag !!int"),
    ("!!null x", "'x' does not fit its YAML tag !!null"),
    ("!!binary '!!!'", "does not fit its YAML tag !!binary"),
    ("!!seq x", "'x' does not fit its YAML tag !!seq"),
    ("!!map [1]", "a list does not fit its YAML tag !!map"),
    ("!!set [1]", "a list does not fit its YAML tag !!set"),
    ("!!omap {a: 1}", "a mapping does not fit its YAML tag !!omap"),
    ("!!pairs [1]", "a list does not fit its YAML tag !!pairs"),
    ("!!str {a: 1}", "a mapping does not fit its YAML tag !!str"),
    ("!local x", "the YAML tag '!local' is not allowed"),
]
# fmt: on


@pytest.mark.parametrize(("value", "words"), MISFITS)
def test_a_misfit_is_one_schema_finding_at_the_value(
    tmp_path: Path, value: str, words: str
) -> None:
    text = (
        f"title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence: [{STAGE}]\n"
        f"    emotion: {value}\n"
    )
    write_journey(tmp_path, "t.yml", text)
    findings = check_folder(tmp_path).findings
    assert [(f.code, f.line, f.column, f.stage) for f in findings] == [("schema", 7, 14, "a")]
    assert words in findings[0].message
    # A sentence: "a list does not fit", "the value 'x' does not fit" ("the value a list" was not).
    assert findings[0].message.startswith(("a list ", "a mapping ", "the value '", "the YAML tag"))


@pytest.mark.parametrize(
    "value", ["!!int 2", "!!int '-1'", "!!float 1", "!!str text", "!!bool true", "!!null ''"]
)
def test_a_value_that_fits_its_tag_is_read(tmp_path: Path, value: str) -> None:
    field = "title" if "str" in value else "emotion"
    text = (
        f"title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence: [{STAGE}]\n"
        f"    {field}: {value}\n"
    ).replace("    title: A\n", "" if field == "title" else "    title: A\n")
    write_journey(tmp_path, "t.yml", text)
    assert not any("tag" in f.message for f in check_folder(tmp_path).findings)


@pytest.mark.parametrize("value", ["=", "<<", "'='"])
def test_plain_values_yaml_reserves_are_text(tmp_path: Path, value: str) -> None:
    write_journey(
        tmp_path,
        "t.yml",
        f"title: {value}\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence: [{STAGE}]\n",
    )
    report = check_folder(tmp_path)
    assert report.findings == []
    assert report.journeys[0].journey.title == value.strip("'")
