"""Fixtures for what many tests set up. Plain helpers live in their own modules
(commands, repo_paths, site_helpers, journey_helpers, git_helpers, fake_renderers):
tests never import from this file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from commands import GIT_ENV
from fake_renderers import kill_marked, new_mark
from site_helpers import BETA, write_site


@pytest.fixture(scope="session", autouse=True)
def _diagram_cache_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in and out of process draw into a cache of this run, never the user's own;
    a test that watches the cache sets its own (`diagram_cache`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOURNEYMAP_CACHE_DIR", str(tmp_path_factory.mktemp("diagram-cache")))
        yield


@pytest.fixture
def diagram_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty diagram cache for this test alone (`JOURNEYMAP_CACHE_DIR`), for it to look in."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def cli_runner() -> CliRunner:
    """`journeymap` in this process, for what needs no real process (help, schema)."""
    return CliRunner()


@pytest.fixture
def beta_project(tmp_path: Path) -> Path:
    """A project (mkdocs.yml, docs/about.md, journeys/beta.yml) that builds without a
    finding, in `tmp_path/project`."""
    return write_site(tmp_path / "project", {"beta": BETA})


@pytest.fixture
def mark() -> Iterator[str]:
    """The marker of the processes this test's fake renderers start; whatever a failed
    test leaves running is killed afterwards (a passing one asserts there is none)."""
    value = new_mark()
    yield value
    kill_marked(value)


@pytest.fixture
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """git as `journeymap` runs it in this process, with the tests' own environment (no
    GIT_* of the test run's shell, no user or system configuration): what `commands`
    gives the processes it starts."""
    for key in [key for key in os.environ if key.startswith("GIT_")]:
        monkeypatch.delenv(key)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
