"""`journeymap serve` keeps rebuilding for as long as it runs (issue 17): a watched path
that is removed and put back (the journeys folder, a journey file, mkdocs.yml, the docs
folder, the template overrides) is watched again; while it is missing the preview says
so on every page; a journeys folder that does not exist when serve starts is picked up
when it appears. A real `journeymap serve` over real HTTP."""

from __future__ import annotations

import html
import shutil
import time
from pathlib import Path

import pytest
import yaml
from site_helpers import ALPHA, BETA, Serving, mkdocs_config, write_site

TEMPLATE = "<p>{{ journey.title }} (ours)</p>"


def project(tmp_path: Path) -> Path:
    """Two journeys, a docs page and a template override, each a watched path."""
    config = mkdocs_config(
        plugins=["search", {"journeymap": {"journeys": "journeys", "templates": "ours"}}]
    )
    root = write_site(tmp_path / "project", {"alpha": ALPHA, "beta": BETA}, config)
    (root / "ours").mkdir()
    (root / "ours" / "journey.html").write_text(TEMPLATE, encoding="utf-8")
    return root


def edit_journey(root: Path, title: str) -> None:
    (root / "journeys" / "beta.yml").write_text(
        yaml.safe_dump(dict(BETA, title=title), sort_keys=False), encoding="utf-8"
    )


def journey_edits_show(server: Serving, root: Path, title: str) -> None:
    """A journey file saved now shows on its page: serve still watches the journeys."""
    edit_journey(root, title)
    server.wait_for("journeys/beta/", title, error_pages=False)


def edit_site_name(root: Path, name: str) -> None:
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = name
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


# path removed -> what every page says while it is missing; (page, text) once it is back
# and edited, which proves the path is watched again.
CASES = {
    "journeys-folder": ("journeys", "does not exist", ("journeys/beta/", "Beta, edited")),
    "journey-file": ("journeys/beta.yml", None, ("journeys/beta/", "Beta, edited")),
    "mkdocs.yml": ("mkdocs.yml", "does not exist", ("", "Renamed site")),
    "docs-folder": ("docs", "isn't an existing directory", ("about/", "About, edited")),
    "template-folder": ("ours", "'templates'", ("journeys/beta/", "(ours, edited)")),
}


def edit_inside(root: Path, case: str) -> None:
    if case == "mkdocs.yml":
        edit_site_name(root, "Renamed site")
    elif case == "docs-folder":
        (root / "docs" / "about.md").write_text("# About, edited\n", encoding="utf-8")
    elif case == "template-folder":
        text = TEMPLATE.replace("(ours)", "(ours, edited)")
        (root / "ours" / "journey.html").write_text(text, encoding="utf-8")
    else:
        edit_journey(root, "Beta, edited")


@pytest.mark.parametrize("case", list(CASES))
def test_serve_keeps_watching_a_path_that_is_removed_and_put_back(
    tmp_path: Path, case: str
) -> None:
    root = project(tmp_path)
    name, missing, (page, edited) = CASES[case]
    path, away = root / name, tmp_path / "away"
    with Serving(root) as server:
        server.wait_for("journeys/beta/", "Beta journey (ours)", error_pages=False)
        path.rename(away)
        if missing is not None:  # every page says why the preview cannot be rebuilt
            for shown in ("journeys/beta/", "", "nowhere/"):
                text = server.wait_for(shown, "the preview could not be rebuilt")
                assert missing in html.unescape(text)
        else:  # the journey's page is gone, the other journeys stay
            server.wait_for("", "Alpha journey", error_pages=False, absent="Beta journey")
        away.rename(path)
        server.wait_for("journeys/beta/", "Beta journey (ours)", absent="could not be rebuilt")
        edit_inside(root, case)
        server.wait_for(page, edited, error_pages=False)
        journey_edits_show(server, root, "Beta, edited again")  # and journeys still
    assert "Traceback" not in server.errors


def test_serve_keeps_rebuilding_after_the_journeys_folder_is_moved_away_and_back(
    tmp_path: Path,
) -> None:
    """The issue's steps: `mv journeys x; mv x journeys`, again and again, then an edit of
    mkdocs.yml and of a journey file."""
    root = project(tmp_path)
    with Serving(root) as server:
        server.wait_for("journeys/beta/", "Beta journey (ours)", error_pages=False)
        for _ in range(5):
            (root / "journeys").rename(root / "x")
            time.sleep(0.3)
            (root / "x").rename(root / "journeys")
            time.sleep(0.3)
        edit_site_name(root, "Renamed site")
        server.wait_for("", "Renamed site", error_pages=False)
        journey_edits_show(server, root, "Beta, edited")
    assert "Traceback" not in server.errors


def test_serve_picks_up_a_journeys_folder_that_appears_later(tmp_path: Path) -> None:
    root = project(tmp_path)
    shutil.move(root / "journeys", tmp_path / "later")
    with Serving(root) as server:
        page = server.wait_for("", "the preview could not be rebuilt")
        assert "journeys folder journeys" in page and "does not exist" in page
        assert "journeymap new" in page  # and what to do about it
        shutil.move(tmp_path / "later", root / "journeys")
        server.wait_for("journeys/beta/", "Beta journey (ours)", error_pages=False)
        journey_edits_show(server, root, "Beta, edited")
    assert "Traceback" not in server.errors


def test_serve_follows_a_journeys_link_that_is_pointed_elsewhere(tmp_path: Path) -> None:
    root = project(tmp_path)
    for name, title in (("a", "Beta in a"), ("b", "Beta in b")):
        folder = root / "data" / name
        folder.mkdir(parents=True)
        (folder / "beta.yml").write_text(yaml.safe_dump(dict(BETA, title=title)), "utf-8")
    shutil.rmtree(root / "journeys")
    (root / "journeys").symlink_to(Path("data", "a"), target_is_directory=True)
    with Serving(root) as server:
        server.wait_for("journeys/beta/", "Beta in a (ours)", error_pages=False)
        (root / "next").symlink_to(Path("data", "b"), target_is_directory=True)
        (root / "next").replace(root / "journeys")  # `ln -sfn data/b journeys`, in one step
        server.wait_for("journeys/beta/", "Beta in b (ours)", error_pages=False)
        (root / "data" / "b" / "beta.yml").write_text(yaml.safe_dump(dict(BETA, title="B, edited")))
        server.wait_for("journeys/beta/", "B, edited (ours)", error_pages=False)
    assert "Traceback" not in server.errors
