"""The rule registry drives the pipeline: codes, severities and docs come from it alone."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from journey_helpers import check_folder, write_journey
from journeymap.check.findings import Severity
from journeymap.check.rules import (
    RULES,
    FileContext,
    Issue,
    PortfolioContext,
    Scope,
    StageContext,
    checks,
    rule,
)
from repo_paths import PACKAGE, REPO, readme_section

SPEC_CODES = {
    "yaml-syntax": "error",
    "duplicate-key": "error",
    "schema": "error",
    "duplicate-id": "error",
    "unknown-stage": "error",
    "unvalidated-stage": "error",
    "expired-waiver": "error",
    "future-date": "error",
    "stale-evidence": "warning",
    "metrics-only": "warning",
    "needless-waiver": "warning",
    "comment-in-text": "warning",
    "personal-data": "warning",
    "insider-jargon": "warning",
    # Not in SPEC's table yet (issue 20, "Also"): a comma that splits one text in two.
    "split-list-item": "warning",
    "unreachable-stage": "warning",
    # Not in the SPEC's table yet (issue 22: a phase split in two is drawn twice): the
    # row to add is in the report of the branch that added it.
    "split-phase": "warning",
    "waiver-expiring": "warning",
    "assumption-contradicted": "info",
    "assumption-contested": "info",
    "evidence-aging": "info",
    "baseline-fixed": "info",
    "unknown-study": "error",
    "unknown-segment": "error",
    "evidence-outside-study": "warning",
    "unused-study": "info",
}


@pytest.fixture
def scratch_registry() -> Iterator[None]:
    """Lets a test register checks; restores the registry afterwards."""
    saved_rules = dict(RULES)
    saved_checks = {scope: list(checks(scope)) for scope in Scope}
    yield
    RULES.clear()
    RULES.update(saved_rules)
    for scope in Scope:
        checks(scope)[:] = saved_checks[scope]


def test_the_registry_holds_the_specs_codes_and_severities() -> None:
    assert {code: doc.severity.value for code, doc in RULES.items()} == SPEC_CODES


def test_codes_are_ordered_by_severity_then_scope() -> None:
    order = [
        (list(Severity)[::-1].index(d.severity), list(Scope).index(d.scope)) for d in RULES.values()
    ]
    assert order == sorted(order, key=lambda pair: (-pair[0], pair[1]))


def test_every_code_has_a_check_a_summary_and_its_documentation() -> None:
    registered = {check.code for scope in Scope for check in checks(scope)}
    assert registered == set(RULES)
    for doc in RULES.values():
        assert doc.summary and doc.doc and not doc.doc.startswith(" ")


def test_the_readme_table_is_the_registry() -> None:
    section = readme_section("Finding codes")
    rows = re.findall(r"^\| `([a-z-]+)` \| (\w+) \| (.+) \|$", section, flags=re.MULTILINE)
    assert rows == [(code, doc.severity.value, doc.summary) for code, doc in RULES.items()]


def test_format_md_lists_every_code() -> None:
    text = (REPO / "FORMAT.md").read_text(encoding="utf-8")
    section = text.split("## Findings", 1)[1]
    rows = re.findall(r"^\| `([a-z-]+)` \| (\w+) \|", section, flags=re.MULTILINE)
    assert rows == [(code, doc.severity.value) for code, doc in RULES.items()]


def test_findings_are_made_in_one_place_only() -> None:
    """Only the pipeline builds a Finding: no code is emitted outside the registry.

    The one other maker, the `early_warnings` shim old workflows run, rebuilds the
    findings `validate --format json` printed: codes the pipeline already emitted."""
    makers = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
                makers.append(path.relative_to(PACKAGE).as_posix())
    assert sorted(makers) == ["check/pipeline.py", "early_warnings.py"]


def test_a_registered_check_runs_in_its_scope_with_the_registrys_severity(
    tmp_path: Path, scratch_registry: None
) -> None:
    @rule("test-stage-note", Severity.INFO, "a note on every stage", scope=Scope.STAGE)
    def note(ctx: StageContext) -> Iterator[Issue]:
        """Every stage, for the test."""
        yield Issue(f"stage {ctx.stage.id}", loc=ctx.loc)

    @rule("test-file-note", Severity.WARNING, "a note on every file", scope=Scope.FILE)
    def file_note(ctx: FileContext) -> Iterator[Issue]:
        """Every file, for the test."""
        yield Issue(f"file {ctx.name}", whole_file=True)

    @rule(
        "test-portfolio-note", Severity.ERROR, "a note on the first journey", scope=Scope.PORTFOLIO
    )
    def portfolio_note(ctx: PortfolioContext) -> Iterator[tuple[object, Issue]]:
        """The first journey, for the test."""
        yield ctx.journeys[0], Issue("first")

    write_journey(
        tmp_path,
        "a.yml",
        "title: T\nstages:\n  - {id: s, title: S, assumption: x, waiver: {reason: r, approved_by: me, until: 2028-01-01}}\n",
    )
    write_journey(tmp_path, "b.yml", "title: [\n")
    found = [
        (f.file, f.code, f.severity.value, f.line, f.stage) for f in check_folder(tmp_path).findings
    ]
    assert found == [
        ("journeys/a.yml", "test-file-note", "warning", None, None),
        ("journeys/a.yml", "test-portfolio-note", "error", 1, None),
        ("journeys/a.yml", "test-stage-note", "info", 3, "s"),
        ("journeys/b.yml", "test-file-note", "warning", None, None),
        ("journeys/b.yml", "yaml-syntax", "error", 1, None),
    ]
    codes = list(RULES)  # infos last, by scope: the stage's before the research folder's
    assert codes.index("test-stage-note") > max(
        codes.index(code) for code, doc in RULES.items() if doc.severity is not Severity.INFO
    )
    assert codes.index("test-stage-note") < codes.index("unused-study")


def test_a_second_check_of_a_code_must_agree_with_the_first(scratch_registry: None) -> None:
    with pytest.raises(TypeError):

        @rule("schema", Severity.WARNING, scope=Scope.FILE)
        def wrong(ctx: FileContext) -> Iterator[Issue]:
            yield from ()

    with pytest.raises(TypeError):

        @rule("brand-new", scope=Scope.FILE)
        def incomplete(ctx: FileContext) -> Iterator[Issue]:
            yield from ()
