"""No input makes validation raise: the official YAML test suite, random documents, bombs."""

from __future__ import annotations

import json
import random
import string
import time
from pathlib import Path

import pytest
from commands import journeymap, mkdocs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journey_helpers import FIXED_TODAY, settings_for, write_journey
from journeymap.check.pipeline import check
from journeymap.check.report import Report
from repo_paths import REPO
from site_helpers import BETA, mkdocs_config, write_site

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
        # 1,400 levels in under 1 MiB (a larger file is refused by its size alone)
        "title: T\nstages:\n" + "".join(" " * i + "- \n" for i in range(1_400)),
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


# --- recursive aliases: an alias inside the very list or mapping its anchor names ---------

RECURSIVE = [
    ("title: x\nstages: &a [*a]\n", (2, 13)),
    ("&a {title: x, stages: *a}\n", (1, 23)),
    ("&a [*a]: 1\n", (1, 5)),
    ("title: x\nstages:\n  - &b {id: a, title: A, assumption: x, next: *b}\n", (3, 47)),
    (
        "title: x\nstages:\n  - id: a\n    title: A\n    assumption: x\n    next: &n [a, *n]\n",
        (6, 18),
    ),
    ("title: x\nstages: &s\n  - id: a\n    title: A\n    assumption: x\n    next: *s\n", (6, 11)),
]


def _fuzzed_recursion(rng: random.Random) -> tuple[str, tuple[int, int] | None]:
    """A random flow-style document with anchors and aliases (some of them recursive, some
    only repeats of a finished node), and where its first recursive alias is, if any."""
    out: list[str] = []
    opened: list[str] = []  # anchors of the collections being written
    closed: list[str] = []  # anchors of finished nodes: aliases to them only repeat
    first: list[int] = []
    names = iter(f"a{n}" for n in range(1000))

    def node(depth: int) -> None:
        roll = rng.random()
        if depth > 0 and roll < 0.25 and (opened or closed):
            name = rng.choice(opened + closed)
            if name in opened and not first:
                first.append(len("".join(out)))
            out.append(f"*{name}")
        elif depth > 3 or roll < 0.4:
            out.append(rng.choice(["x", "1", "'q'", "2026-01-01", "null"]))
        else:
            name = next(names)
            out.append(f"&{name} ")
            opened.append(name)
            mapping = rng.random() < 0.5
            out.append("{" if mapping else "[")
            for index in range(rng.randint(1, 3)):
                out.append(", " if index else "")
                if mapping:
                    if rng.random() < 0.2:
                        node(depth + 1)  # a list or mapping as a key
                    else:
                        out.append(f"k{index}")
                    out.append(": ")
                node(depth + 1)
            out.append("}" if mapping else "]")
            opened.remove(name)
            closed.append(name)

    prefix = rng.choice(["title: x\nstages: ", "title: x\nstages:\n  - ", ""])
    node(0)
    text = prefix + "".join(out) + "\n"
    if not first:
        return text, None
    before = prefix + "".join(out)[: first[0]]
    return text, (before.count("\n") + 1, len(before) - before.rfind("\n"))


def test_recursive_aliases_are_one_finding_at_the_alias_and_end_quickly(tmp_path: Path) -> None:
    """Each file with a recursive alias is one finding at that alias; a file whose aliases
    only repeat finished nodes gets no such finding. Run as a user runs it, in a process
    of its own that must end within the timeout (it used to grow without end)."""
    rng = random.Random(20261125)
    cases = [*RECURSIVE, *(_fuzzed_recursion(rng) for _ in range(300))]
    assert sum(1 for _, where in cases if where is None) > 20  # both kinds are tried
    for number, (text, _) in enumerate(cases):
        write_journey(tmp_path, f"case-{number:03}.yml", text)
    ran = journeymap("validate", "-f", "json", cwd=tmp_path, timeout=60)
    found = json.loads(ran.stdout)["findings"]
    for number, (text, where) in enumerate(cases):
        name = f"journeys/case-{number:03}.yml"
        recursive = [
            (f["line"], f["column"])
            for f in found
            if f["file"] == name and "repeat itself forever" in f["message"]
        ]
        assert recursive == ([where] if where else []), (text, found)
        if where is not None:
            assert [f for f in found if f["file"] == name] == [
                f for f in found if f["file"] == name and "repeat itself forever" in f["message"]
            ], (text, found)


# --- dates at the ends of the calendar --------------------------------------------------

END_OF_CALENDAR = """\
title: T
stages:
  - id: future
    title: A
    assumption: x
    evidence:
      - {kind: interview, summary: s, source: s, date: 9999-06-01, stance: supports}
  - id: last-day
    title: B
    assumption: x
    evidence:
      - {kind: interview, summary: s, source: s, date: 9999-12-31, stance: supports}
  - id: waived
    title: C
    assumption: x
    waiver: {reason: r, approved_by: me, until: 9999-12-31}
  - id: first-day
    title: D
    assumption: x
    evidence:
      - {kind: interview, summary: s, source: s, date: 0001-01-01, stance: supports}
"""


@pytest.mark.parametrize(
    "policy",
    [{}, {"max_evidence_age_days": 36_500, "warn_days": 36_500}, {"max_evidence_age_days": 0}],
    ids=["default", "longest", "shortest"],
)
def test_dates_at_the_ends_of_the_calendar_are_findings(
    tmp_path: Path, policy: dict[str, int]
) -> None:
    write_journey(tmp_path, "t.yml", END_OF_CALENDAR)
    report = check(None, settings_for(tmp_path, **policy), today=FIXED_TODAY)
    future = [(f.code, f.stage) for f in report.findings if f.stage in ("future", "last-day")]
    assert future == [("future-date", "future"), ("future-date", "last-day")], report.findings


def test_a_date_near_9999_fails_the_build_with_findings_not_a_crash(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"t": END_OF_CALENDAR})
    validated = journeymap("validate", "-f", "json", cwd=root)
    assert validated.returncode == 1, validated.stderr
    codes = [f["code"] for f in json.loads(validated.stdout)["findings"]]
    assert codes.count("future-date") == 2, codes
    built = mkdocs("build", cwd=root)
    assert built.returncode != 0
    assert "future-date" in built.stderr
    preview = journeymap("build", "--preview", cwd=root)
    assert preview.returncode == 0, preview.stderr
    assert "9999-06-01" in (root / "site" / "journeys" / "t" / "index.html").read_text("utf-8")
    for ran in (validated, built, preview):
        assert "Traceback" not in ran.stderr and "internal error" not in ran.stderr


# --- configuration values no folder or policy can have ---------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("max_evidence_age_days", 3_000_000, "from 0 to 36500 (100 years), not 3000000"),
        ("max_evidence_age_days", 99_999_999_999, "from 0 to 36500"),
        ("warn_days", 36_501, "from 0 to 36500"),
        ("journeys", "\0x", "holds a NUL character"),
        ("journeys", "site/\0", "holds a NUL character"),
        ("journeys", "a" * 300, "longer than a path may be"),
        ("journeys", "a/" * 2100, "longer than a path may be"),
        ("templates", "\0x", "holds a NUL character"),
        ("templates", "/", "holds the whole project"),
        ("templates", ".", "holds the whole project"),
    ],
    ids=[
        "age-3000000",
        "age-beyond-c-int",
        "warn-36501",
        "journeys-nul",
        "journeys-nul-inside",
        "journeys-long-name",
        "journeys-long-path",
        "templates-nul",
        "templates-root",
        "templates-project",
    ],
)
def test_impossible_option_values_are_a_sentence_in_every_command(
    tmp_path: Path, option: str, value: object, words: str
) -> None:
    config = mkdocs_config(plugins=["search", {"journeymap": {option: value}}])
    root = write_site(tmp_path, {"beta": BETA}, config)
    for ran in (
        journeymap("validate", cwd=root),
        journeymap("build", cwd=root),
        journeymap("generate", "--out", "docs/journeys", cwd=root),
        mkdocs("build", cwd=root),
    ):
        assert ran.returncode != 0, ran
        assert words in ran.stderr, ran.stderr
        assert "Traceback" not in ran.stderr and "internal error" not in ran.stderr


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"mkdocs.yml": "INHERIT: mkdocs.yml\n"}, "(mkdocs.yml → mkdocs.yml)"),
        (
            {
                "mkdocs.yml": "INHERIT: base/common.yml\n",
                "base/common.yml": "INHERIT: ../mkdocs.yml\n",
            },
            "(mkdocs.yml → base/common.yml → mkdocs.yml)",
        ),
        (
            {"mkdocs.yml": f"plugins:\n  - journeymap:\n      warn_days: {HUGE}\n"},
            "mkdocs.yml: cannot be read",
        ),
    ],
    ids=["inherits-itself", "inherit-loop", "int-of-5000-digits"],
)
def test_configurations_mkdocs_cannot_read_are_a_sentence(
    tmp_path: Path, files: dict[str, str], words: str
) -> None:
    root = write_site(tmp_path, {"beta": BETA})
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("site_name: x\n" + text, encoding="utf-8")
    for command in ("validate", "build", "generate", "serve"):
        ran = journeymap(command, *(["--out", "out"] if command == "generate" else []), cwd=root)
        assert ran.returncode == 2, ran
        assert words in ran.stderr, ran.stderr
        assert "Traceback" not in ran.stderr
