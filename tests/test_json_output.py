"""Every output is valid UTF-8 whatever the file names and the text hold, and every JSON
journeymap writes follows one rule (`text.json_text`): ASCII, the JSON escapes giving
back the very text, a file name that is not UTF-8 included."""

from __future__ import annotations

import ast
import json
import math
import os
import subprocess
from pathlib import Path

import pytest
from commands import JOURNEYMAP, environment
from hypothesis import given
from hypothesis import strategies as st
from journeymap.text import json_text
from repo_paths import REPO

# Not UTF-8 (0xff), an escape sequence, a bidi override, a line separator.
NAME = b"caf\xff \x1b[31m \xe2\x80\xae \xe2\x80\xa8.yml"
JOURNEY = b"title: T\nstages:\n  - id: pay\n    title: Pay\n    assumption: x\n"
OUTPUTS = {
    "validate json": ["validate", "-f", "json"],
    "validate sarif": ["validate", "-f", "sarif"],
    "validate text": ["validate", "-f", "text"],
    "validate github": ["validate", "-f", "github"],
    "diff json": ["diff", "--base-dir", "../base", "-f", "json"],
    "diff markdown": ["diff", "--base-dir", "../base", "-f", "markdown"],
    "diff text": ["diff", "--base-dir", "../base", "-f", "text"],
}


def project(tmp_path: Path) -> Path:
    """A base with no journey, and a head with one in a file whose name is NAME."""
    (tmp_path / "base" / "journeys").mkdir(parents=True)
    head = tmp_path / "head"
    (head / "journeys").mkdir(parents=True)
    (head / "journeys" / os.fsdecode(NAME)).write_bytes(JOURNEY)
    return head


@pytest.mark.parametrize("output", OUTPUTS)
def test_every_output_is_utf8_whatever_a_file_is_named(tmp_path: Path, output: str) -> None:
    head = project(tmp_path)
    ran = subprocess.run(
        [*JOURNEYMAP, *OUTPUTS[output]], cwd=head, capture_output=True, env=environment()
    )
    assert ran.returncode == 1, ran.stderr
    text = ran.stdout.decode("utf-8")  # strict: raises on a byte that is not UTF-8
    assert "\x1b" not in text and "\u202e" not in text and "\u2028" not in text
    if output.endswith(("json", "sarif")):
        assert ran.stdout.isascii()
        data = json.loads(text)
        if output == "validate json":
            files = {finding["file"] for finding in data["findings"]}
        elif output == "diff json":
            files = {journey["file"] for journey in data["journeys"]}
        else:
            uri = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
            assert uri["artifactLocation"]["uri"].startswith("journeys/caf%FF%20%1B%5B31m")
            return
        # the very name: a script can open the file it names
        assert files == {os.fsdecode(b"journeys/" + NAME)}
        assert (head / files.pop()).read_bytes() == JOURNEY


# Any code point: controls, line separators, astral characters, lone surrogates.
TEXT = st.text(st.characters(exclude_categories=()))


@given(st.dictionaries(TEXT, st.lists(TEXT | st.integers() | st.booleans() | st.none())))
def test_the_rule_gives_back_any_text_in_ascii(value: dict[str, list[object]]) -> None:
    for indent in (None, 2):
        written = json_text(value, indent=indent)
        assert written.isascii()
        assert json.loads(written) == value


def test_the_rule_refuses_what_json_does_not_have() -> None:
    for number in (math.nan, math.inf):
        with pytest.raises(ValueError):
            json_text({"share": number})


def test_every_json_writer_uses_the_one_rule() -> None:
    """No module writes JSON but through `text.json_text` (the front matter of generated pages is
    YAML, quoted the JSON way, with its characters as they are)."""
    package = REPO / "generator" / "journeymap"
    writers = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"dumps", "dump"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "json"
            ):
                writers.append(path.relative_to(package).as_posix())
    assert writers == ["site/rendering.py", "text.py"], writers
