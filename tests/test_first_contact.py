"""README's "Use it in your own repository" works as written: its commands, parsed out of
README.md and run one after another in a new folder beside a clean copy of this
repository (the clone a new team has), give a fresh virtual environment, a repository
whose journey validates, a built site, and a requirements.txt that CI can install."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "site", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
)


def own_repository_commands() -> str:
    section = README.split("## Use it in your own repository", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    assert blocks, "the section has no ```sh block"
    return str(blocks[0])


def user_environment(work: Path) -> dict[str, str]:
    """The environment of a user's shell: no virtual environment of ours on PATH."""
    ours = str(Path(sys.executable).parent)
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != ours]
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env.update(
        PATH=os.pathsep.join(path),
        PYTHONNOUSERSITE="1",
        JOURNEYMAP_CACHE_DIR=str(work / "cache"),
        NO_MKDOCS_2_WARNING="1",
    )
    return env


def test_the_readme_commands_give_a_validated_journey_and_a_built_site(tmp_path: Path) -> None:
    commands = own_repository_commands()
    assert "pip install ./journeymap" in commands
    assert "journeymap init my-journeys" in commands
    assert "git+" not in commands and "http" not in commands  # nothing from an address

    shutil.copytree(REPO, tmp_path / "journeymap", ignore=IGNORED)
    env = user_environment(tmp_path)
    result = subprocess.run(
        ["bash", "-e", "-x", "-c", commands],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"

    team = tmp_path / "my-journeys"
    installed = tmp_path / ".venv" / "bin" / "journeymap"
    assert installed.is_file()
    page = team / "site" / "journeys" / "sign-up" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    statuses = {tag["data-stage"]: tag["data-status"] for tag in soup.select("[data-stage]")}
    assert statuses == {"landing": "confirmed", "create-account": "confirmed"}
    # bash -e stopped at the first failing command; -x shows each one ran.
    for command in ("journeymap init my-journeys", "journeymap validate", "journeymap build"):
        assert f"+ {command}" in result.stderr, command

    # What CI runs first in that repository: requirements.txt names the wheel now in wheels/.
    ci_install = subprocess.run(
        [str(tmp_path / ".venv" / "bin" / "pip"), "install", "-r", "requirements.txt"],
        cwd=team,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ci_install.returncode == 0, ci_install.stdout + ci_install.stderr
    (wheel,) = (team / "wheels").glob("journeymap-*.whl")
    requirement_lines = [
        line
        for line in (team / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert requirement_lines == [f"./wheels/{wheel.name}"]
