"""No input makes validation raise: the official YAML test suite, random documents, bombs."""

from __future__ import annotations

import string
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journey_helpers import FIXED_TODAY, settings_for
from journeymap.check import Report, check
from repo_paths import REPO

# A copy of ../shared/corpora/yaml-test-suite (the official YAML test suite's inputs,
# MIT, see its LICENSE), kept in the repository so a clean clone tests the same.
CORPUS = Path(__file__).resolve().parent / "corpora" / "yaml-test-suite"
EXAMPLES = sorted((REPO / "journeys").glob("*.yml"))


def check_bytes(tmp_path: Path, raw: bytes, name: str = "j.yml") -> Report:
    path = tmp_path / name
    path.write_bytes(raw)
    report = check([path], settings_for(tmp_path), today=FIXED_TODAY)
    for finding in report.findings:
        assert finding.line is not None and finding.line >= 1
        assert finding.column is not None and finding.column >= 1
        assert finding.message
    return report


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.yaml"))


def test_the_corpus_is_there() -> None:
    assert len(corpus_files()) >= 400, f"expected the YAML test suite in {CORPUS}"


def test_every_yaml_test_suite_input_ends_in_findings_or_success() -> None:
    outcomes: dict[str, int] = {}
    for path in corpus_files():
        report = check([path], settings_for(CORPUS), today=FIXED_TODAY)
        key = "ok" if not report.findings else report.findings[0].code
        outcomes[key] = outcomes.get(key, 0) + 1
    assert sum(outcomes.values()) == len(corpus_files())
    # The suite holds both invalid YAML and valid YAML that is no journey.
    assert outcomes.get("yaml-syntax", 0) > 20
    assert outcomes.get("schema", 0) > 100


def test_alias_bomb_ends_in_a_clean_finding_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    bomb = "title: T\n" + "\n".join(lines) + "\nstages: [*a9]\n"
    started = time.perf_counter()
    report = check_bytes(tmp_path, bomb.encode())
    elapsed = time.perf_counter() - started
    assert [f.code for f in report.findings] == ["schema"]
    assert "aliases" in report.findings[0].message
    assert elapsed < 5, elapsed


@pytest.mark.parametrize(
    "document",
    [
        "[" * 20_000 + "]" * 20_000,
        "{a: " * 20_000 + "1" + "}" * 20_000,
        "title: T\nstages:\n" + "".join(" " * (2 * i) + "- \n" for i in range(2_000)),
        "- " * 100_000 + "a",
        "stages:\n  " + "-   " * 50_000 + "a",
        "? " * 50_000 + "a",
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences", "compact", "compact-wide", "keys"],
)
def test_deep_nesting_ends_in_a_clean_finding_quickly(tmp_path: Path, document: str) -> None:
    started = time.perf_counter()
    report = check_bytes(tmp_path, document.encode())
    elapsed = time.perf_counter() - started
    assert report.findings and report.findings[0].severity.value == "error"
    assert elapsed < 5, elapsed


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe\x00t",
        b"title: \xc3\x28\n",
        b"\xef\xbb\xbftitle: T\nstages: []\n",
        b"title: \x00\n",
        b"title: !!binary aGVsbG8=\nstages: []\n",
        b"title: !!int abc\n",
        b"? [a, b]\n: c\n",
        b"title: &x T\nstages: *x\n",
        b"<<: {title: T}\nstages: []\n",
        b"--- |\n  text\n",
        b"%YAML 1.1\n---\ntitle: T\n",
        b"title: T\nstages:\n  - !!set {a, b}\n",
        b"title: T\nstages:\n  - id: 2026-01-01\n    title: 12\n    assumption: .nan\n",
    ],
)
def test_odd_inputs_end_in_findings(tmp_path: Path, raw: bytes) -> None:
    report = check_bytes(tmp_path, raw)
    assert report.findings


TOKENS = [
    *string.printable,
    *("- ", ": ", "&a ", "*a", "!!", "\t", "é", "🙂", "stages:", "\n  - ", " #", "\r", "\r\n"),
    *("\x85", "\u2028", "!!bool ", "!!timestamp ", "!!float ", "!!seq ", "!!map ", "!!set "),
    *("!local ", "<<: ", "<<<<<<< ", "=======", "\ufeff", "title: ", "evidence:", "next: "),
]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=yamlish)
def test_random_yamlish_documents_never_raise(tmp_path: Path, text: str) -> None:
    check_bytes(tmp_path, text.encode("utf-8", "surrogatepass"))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    example=st.sampled_from(EXAMPLES),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.text(max_size=12)), max_size=4),
)
def test_mutated_examples_never_raise(
    tmp_path: Path, example: Path, cuts: list[tuple[float, int, str]]
) -> None:
    text = example.read_text(encoding="utf-8")
    for where, length, insert in cuts:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + length :]
    check_bytes(tmp_path, text.encode("utf-8", "surrogatepass"), name=example.name)
