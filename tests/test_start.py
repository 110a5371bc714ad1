"""A fast start: `journeymap validate` (run on every commit, in editors) and `--help`
load only what they use. How fast is measured in bench/run.py (measurement 11); this
holds what they import, which is most of the time they take."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from commands import run
from repo_paths import copy_example

#: Imported by no `validate` of a portfolio without mistakes, in the default format:
#: MkDocs and the site (other commands), the other formats, and what only a broken file,
#: a mistake in a name, an inheriting configuration or a long-lived cache needs.
NOT_ON_VALIDATE = (
    "mkdocs",
    "jinja2",
    "markdown",
    "graphviz",
    "journeymap.site",
    "journeymap.builders",
    "journeymap.diff",
    "journeymap.project",
    "journeymap.sources.git",
    "journeymap.check.formats.json",
    "journeymap.check.formats.sarif",
    "journeymap.check.formats.weekly",
    "journeymap.journey.syntax_advice",
    "journeymap.journey.schema",
    "json",
    "difflib",
    "mergedeep",
    "subprocess",
)
#: `--help` reads no journey, no configuration and no rule.
NOT_ON_HELP = (*NOT_ON_VALIDATE, "yaml", "pydantic", "journeymap.check.pipeline")


def imported(work: Path, *args: str) -> tuple[int, set[str]]:
    """The exit status of `journeymap ARGS` run in `work`, and every module it imported."""
    code = (
        "import sys\n"
        "from journeymap.cli import main\n"
        "try:\n"
        f"    main({list(args)!r}, prog_name='journeymap')\n"
        "except SystemExit as end:\n"
        "    status = end.code\n"
        "modules = sorted(sys.modules)\n"
        "import json\n"  # after the list: not one of journeymap's imports
        "sys.stderr.write(json.dumps([status, modules]))\n"
    )
    result = run([sys.executable, "-c", code], work)
    status, modules = json.loads(result.stderr.splitlines()[-1])
    return status, set(modules)


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("output", ["text", "github"])
def test_validate_imports_only_what_it_uses(tmp_path: Path, output: str) -> None:
    work = copy_example(tmp_path / "example")
    status, modules = imported(work, "validate", "--format", output)
    assert status == 0
    assert "journeymap.check.pipeline" in modules  # it did check the journeys
    assert loaded(modules, NOT_ON_VALIDATE) == []


def test_help_imports_no_journey_machinery(tmp_path: Path) -> None:
    status, modules = imported(tmp_path, "--help")
    assert status == 0
    assert loaded(modules, NOT_ON_HELP) == []
