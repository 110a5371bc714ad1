"""How the tests run programs: `journeymap` and `mkdocs` as a user would, each in its own
process, from an environment in which nothing of the test run's own shell (GitHub
Actions, git's hooks and configuration, colour) changes the result and MkDocs is quiet;
and the external tools (Graphviz, Chromium…) a test needs."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

#: Where this Python's console scripts are (journeymap, mkdocs, pre-commit, graphviz-pure).
PYTHON_BIN = Path(sys.executable).parent
#: The command lines a user types, run by this Python.
JOURNEYMAP = [sys.executable, "-m", "journeymap"]
MKDOCS = [sys.executable, "-m", "mkdocs"]

#: A developer's own git configuration (aliases, diff.renames, hooks…) cannot change results.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_TERMINAL_PROMPT": "0",
}


def environment(**extra: str) -> dict[str, str]:
    """A user's terminal: this process's environment without GitHub Actions' and git's
    variables, git's own configuration off, no colour, and no Material end-of-life notice
    in MkDocs' output; then `extra`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GIT_") and key != "GITHUB_ACTIONS"
    }
    env.update(GIT_ENV)
    env.update(NO_COLOR="1", NO_MKDOCS_2_WARNING="1")
    env.update(extra)
    return env


def path_with(*folders: Path | str) -> str:
    """PATH with `folders` first, then this Python's scripts (so `journeymap`, `pre-commit`
    and graphviz-pure are found as in an activated environment), then the PATH we run with."""
    return os.pathsep.join([*map(str, folders), str(PYTHON_BIN), os.environ.get("PATH", "")])


@dataclass(frozen=True)
class Ran:
    """What a command did. Unpacks as `code, out, err = journeymap(...)`."""

    command: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def __iter__(self) -> Iterator[int | str]:
        return iter((self.returncode, self.stdout, self.stderr))

    def ok(self) -> str:
        """The output, once the command is known to have succeeded (else the test fails
        with what it printed)."""
        assert self.returncode == 0, (
            f"{shlex.join(self.command)} exited {self.returncode}\n{self.stdout}\n{self.stderr}"
        )
        return self.stdout


def run(
    command: Sequence[str | Path],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> Ran:
    """Run `command` in `cwd` in its own process; `env` is its whole environment
    (default: `environment()`)."""
    args = tuple(str(part) for part in command)
    result = subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else environment(),
        timeout=timeout,
    )
    return Ran(args, result.returncode, result.stdout, result.stderr)


def journeymap(
    *args: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    constants: Mapping[str, float] | None = None,
) -> Ran:
    """`journeymap ARGS` in `cwd`. `constants` sets module constants first, for limits a
    test cannot wait out (`{"site.graphviz.STALL_SECONDS": 1.0}`)."""
    return run(journeymap_command(*args, constants=constants), cwd, env, timeout)


def journeymap_command(*args: str, constants: Mapping[str, float] | None = None) -> list[str]:
    """The command line of `journeymap ARGS`, with `constants` set first (see `journeymap`)."""
    if not constants:
        return [*JOURNEYMAP, *args]
    lines = [f"import journeymap.{name.rsplit('.', 1)[0]}" for name in constants]
    lines += [f"journeymap.{name} = {value!r}" for name, value in constants.items()]
    lines += ["from journeymap.cli import main", "main(prog_name='journeymap')"]
    return [sys.executable, "-c", "\n".join(lines), *args]


def mkdocs(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 300
) -> Ran:
    """`mkdocs ARGS` in `cwd`."""
    return run([*MKDOCS, *args], cwd, env, timeout)


#: Debian package that provides each tool.
_PACKAGES = {"dot": "graphviz", "chromium": "chromium", "node": "nodejs", "npm": "npm"}


def unavailable(message: str) -> NoReturn:
    """Skip the test on a developer's machine; in CI (`CI=true`) fail it, so a missing
    install step cannot hide behind a skip."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message}; CI must run every test", pytrace=False)
    pytest.skip(message)


def require_tool(name: str) -> str:
    """The path of an external tool the test needs (see `unavailable` when it is missing)."""
    path = shutil.which(name)
    if path is None:
        package = _PACKAGES.get(name, name)
        unavailable(f"{name!r} is not on PATH (install it: apt-get install -y {package})")
    return path
