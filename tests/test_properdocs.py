"""ProperDocs, the maintained fork of MkDocs 1.6, builds a site with the journeymap plugin:
it reads mkdocs.yml and runs `mkdocs.plugins` entry points, so the same pages come out,
and a journey that fails the gate fails its build too."""

from __future__ import annotations

import shutil
from pathlib import Path

from commands import PYTHON_BIN, run
from repo_paths import copy_example
from site_helpers import build, soup, stages_of

JOURNEYS = ("first-invoice", "onboarding", "support-call")


def properdocs() -> str:
    found = shutil.which("properdocs", path=str(PYTHON_BIN))
    assert found is not None, "properdocs is a test dependency (pip install -e '.[test]')"
    return found


def test_properdocs_builds_the_example_site_as_mkdocs_does(tmp_path: Path) -> None:
    ours = copy_example(tmp_path / "mkdocs")
    mkdocs_site = build(ours)
    theirs = copy_example(tmp_path / "properdocs")
    result = run([properdocs(), "build"], theirs)
    assert result.returncode == 0, result.stdout + result.stderr
    site = theirs / "site"
    for journey_id in JOURNEYS:
        page = site / "journeys" / journey_id / "index.html"
        assert stages_of(page) == stages_of(mkdocs_site / "journeys" / journey_id / "index.html")
        assert stages_of(page)
        assert soup(page).select_one(".jm-diagram svg") is not None
    assert soup(site / "index.html").select(".jm-dashboard tbody tr")
    assert soup(site / "gaps" / "index.html").select_one(".jm-gaps") is not None


def test_properdocs_refuses_a_journey_that_fails_the_gate(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    onboarding = root / "journeys" / "onboarding.yml"
    onboarding.write_text(
        onboarding.read_text(encoding="utf-8")
        + "  - id: guessed\n    title: Guessed\n    assumption: Nobody asked.\n",
        encoding="utf-8",
    )
    result = run([properdocs(), "build"], root)
    assert result.returncode != 0
    assert "unvalidated-stage" in result.stdout + result.stderr
    assert not (root / "site" / "journeys" / "onboarding" / "index.html").exists()
