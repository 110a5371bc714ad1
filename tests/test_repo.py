"""Repository hygiene: what the README promises exists, and the packaging lists are complete."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from repo_paths import PACKAGE, README, REPO, SCAFFOLD_FILES, readme_section

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

README_TEXT = README.read_text(encoding="utf-8")


def readme_codes() -> list[str]:
    section = readme_section("Finding codes")
    return re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE)


def package_string_literals() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def quick_start() -> str:
    return readme_section("Quick start")


def makefile_recipe(target: str) -> list[str]:
    """The recipe lines of a Makefile target, with the Makefile's variables filled in."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+)\s+\??:?=\s*(.+?)\s*$", makefile, flags=re.MULTILINE))
    body = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, flags=re.MULTILINE)
    assert body, target
    lines = [
        line.strip() for line in body.group(1).splitlines() if not line.strip().startswith("@")
    ]
    for _ in range(3):  # $(BIN) is $(VENV)/bin
        lines = [re.sub(r"\$\((\w+)\)", lambda m: variables[m.group(1)], x) for x in lines]
    return lines


def test_readme_starts_with_the_two_make_commands_and_says_they_need_make() -> None:
    section = quick_start()
    commands = re.findall(r"```sh\n(.+?)\n```", section)
    assert commands == ["make site", "make test"]
    assert section.index("make site") < section.index("```console")  # the two come first
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for command in [*commands, "make serve"]:
        target = command.split()[1]
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
    assert "use `make`" in section


def test_readme_gives_the_same_two_commands_without_make() -> None:
    (plain,) = re.findall(r"```console\n(.+?)\n```", quick_start(), flags=re.DOTALL)
    site, test = plain.splitlines()
    venv = makefile_recipe("$(VENV)/bin/python")[-1]
    install = makefile_recipe("$(STAMP)")[0].replace(" --quiet", "")
    assert site.split(" && ") == [venv, install, *makefile_recipe("site")]
    assert test.split(" && ") == makefile_recipe("test")


def test_readme_screenshot_exists() -> None:
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README_TEXT):
        assert (REPO / image).is_file(), image


def test_readme_local_links_exist() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README_TEXT):
        if not target.startswith(("http://", "https://")):
            assert (REPO / target).exists(), target


def test_readme_lists_every_finding_code_the_rules_emit() -> None:
    from journeymap.check.rules import RULES

    codes = readme_codes()
    assert len(codes) == len(set(codes))
    assert codes == list(RULES), "README's table is the rule registry (tests/test_registry.py)"


def test_ci_run_installs_tools_and_runs_the_readme_test_command() -> None:
    script = REPO / ".ci" / "run"
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    (install,) = re.findall(r"apt-get install -y -q (.+)", text.split("if ! command", 1)[0])
    assert set(install.split()) >= {"graphviz", "chromium", "jq", "git", "make"}
    node = text.split("if ! command -v npm", 1)[1].split("\nfi\n", 1)[0]
    assert "apt-get install -y -q nodejs npm" in node
    assert "export CI=true" in text
    assert text.rstrip().endswith("make test")
    assert "make test" in quick_start()  # the README's test command is what CI runs


def test_no_file_points_at_an_address_the_project_does_not_have() -> None:
    """The public home is written once, in pyproject.toml's [project.urls]; until it
    exists nothing links to it (README, scaffold, SARIF, skeleton, site config)."""
    invented = "github.com/" + "journeymap"
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    holding = [
        name
        for name in files
        if name
        and (REPO / name).is_file()
        and invented in (REPO / name).read_text(errors="replace")
    ]
    assert holding == []


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
        *SCAFFOLD_FILES.glob("*.y*ml"),
    ]
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.name == "mkdocs.yml":
            # MkDocs tags (!ENV, !!python/name) are config, not data: parse the structure only.
            yaml.compose(text, Loader=yaml.SafeLoader)
        else:
            yaml.safe_load(text)


def test_the_linter_reads_every_module_of_the_package() -> None:
    """ruff leaves out the top-level site/ (a built site), never the package's own site/."""
    ruff = Path(sys.executable).parent / "ruff"
    listed = subprocess.run(
        [str(ruff), "check", "--show-files", "."], cwd=REPO, capture_output=True, text=True
    ).stdout
    shown = {Path(line).resolve() for line in listed.splitlines() if line.strip()}
    missing = [str(path) for path in sorted(PACKAGE.rglob("*.py")) if path.resolve() not in shown]
    assert missing == []
