"""README's "Use it in your own repository" works as written: its commands, parsed out of
README.md and run one after another in a new folder beside a clean copy of this
repository (the clone a new team has), give a fresh virtual environment, a repository
whose journey validates, a built site, and a requirements.txt that CI can install."""

from __future__ import annotations

import os
import re
from pathlib import Path

from commands import PYTHON_BIN, environment, run
from repo_paths import copy_checkout, readme_section
from site_helpers import soup


def own_repository_commands() -> str:
    section = readme_section("Use it in your own repository")
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    assert blocks, "the section has no ```sh block"
    return str(blocks[0])


def user_environment(work: Path) -> dict[str, str]:
    """The environment of a user's shell: no virtual environment of ours on PATH."""
    ours = str(PYTHON_BIN)
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != ours]
    env = environment(
        PATH=os.pathsep.join(path), PYTHONNOUSERSITE="1", JOURNEYMAP_CACHE_DIR=str(work / "cache")
    )
    for name in ("VIRTUAL_ENV", "PYTHONPATH"):
        env.pop(name, None)
    return env


def test_the_readme_commands_give_a_validated_journey_and_a_built_site(tmp_path: Path) -> None:
    commands = own_repository_commands()
    assert "pip install ./journeymap" in commands
    assert "journeymap init my-journeys" in commands
    assert "git+" not in commands and "http" not in commands  # nothing from an address

    copy_checkout(tmp_path / "journeymap")
    env = user_environment(tmp_path)
    result = run(["bash", "-e", "-x", "-c", commands], tmp_path, env, timeout=600)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"

    team = tmp_path / "my-journeys"
    installed = tmp_path / ".venv" / "bin" / "journeymap"
    assert installed.is_file()
    page = soup(team / "site" / "journeys" / "sign-up" / "index.html")
    statuses = {tag["data-stage"]: tag["data-status"] for tag in page.select("[data-stage]")}
    assert statuses == {"landing": "confirmed", "create-account": "confirmed"}
    # bash -e stopped at the first failing command; -x shows each one ran.
    for command in ("journeymap init my-journeys", "journeymap validate", "journeymap build"):
        assert f"+ {command}" in result.stderr, command

    # What CI runs first in that repository: requirements.txt names the wheel now in wheels/.
    ci_install = run(
        [tmp_path / ".venv" / "bin" / "pip", "install", "-r", "requirements.txt"], team, env
    )
    assert ci_install.returncode == 0, ci_install.stdout + ci_install.stderr
    (wheel,) = (team / "wheels").glob("journeymap-*.whl")
    requirement_lines = [
        line
        for line in (team / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert requirement_lines == [f"./wheels/{wheel.name}"]
