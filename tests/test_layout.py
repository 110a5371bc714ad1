"""The tree shows the pipeline: each stage's package says its job and costs nothing to
import, and no module of journey/, sources/, check/ or the top level is over 600 lines."""

from __future__ import annotations

import ast

import pytest
from repo_paths import PACKAGE

#: The sub-packages, one per stage of the pipeline (and the policy, and new projects).
STAGES = ("journey", "sources", "check", "diff", "site", "builders", "config", "project")
#: Where every module is kept small (the others' own work splits theirs).
SMALL = ("journey", "sources", "check")
MAX_LINES = 600


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_its_job_in_a_line_and_imports_nothing(stage: str) -> None:
    tree = ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree)
    assert docstring, f"{stage}/__init__.py has no docstring"
    assert docstring.splitlines()[0].endswith("."), docstring
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert imports == [], f"{stage}/__init__.py imports: importing the package must be free"


def test_no_module_is_over_600_lines() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    for folder in SMALL:
        modules += sorted((PACKAGE / folder).rglob("*.py"))
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
