"""Repository hygiene: what the README promises exists, and the packaging lists are complete."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
PACKAGE = REPO / "generator" / "journeymap"


def readme_codes() -> list[str]:
    section = README.split("## Finding codes", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE)


def test_readme_quick_start_commands_are_make_targets() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick)
    assert commands == ["make site", "make test"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for command in [*commands, "make serve"]:
        target = command.split()[1]
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target


def test_readme_screenshot_exists() -> None:
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (REPO / image).is_file(), image


def test_readme_local_links_exist() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if not target.startswith(("http://", "https://")):
            assert (REPO / target).exists(), target


def test_readme_lists_every_finding_code_the_rules_emit() -> None:
    from journeymap.rules import RULES

    codes = readme_codes()
    assert len(codes) == len(set(codes))
    assert codes == list(RULES), "README's table is the rule registry (tests/test_registry.py)"


def test_ci_run_installs_tools_and_runs_the_readme_test_command() -> None:
    script = REPO / ".ci" / "run"
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert re.search(r"apt-get install -y .*\bgraphviz\b.*\bchromium\b", text)
    assert "export CI=true" in text
    assert text.rstrip().endswith("make test")


def test_every_python_package_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(("journeymap", *init.parent.relative_to(PACKAGE).parts))
        for init in PACKAGE.rglob("__init__.py")
    }
    assert found <= listed
    assert "journeymap.site_templates" in listed


def test_yaml_files_of_the_repo_parse() -> None:
    paths = [
        *REPO.glob("*.y*ml"),
        *(REPO / ".github" / "workflows").glob("*.yml"),
        *(PACKAGE / "scaffold_files").glob("*.y*ml"),
    ]
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.name == "mkdocs.yml":
            # MkDocs tags (!ENV, !!python/name) are config, not data: parse the structure only.
            yaml.compose(text, Loader=yaml.SafeLoader)
        else:
            yaml.safe_load(text)
