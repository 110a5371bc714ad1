"""The MkDocs plugin as an adapter: its hooks called in-process on a real MkDocs
configuration (no build), and the few things only a full `mkdocs build` shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commands import mkdocs
from journeymap.builders import mkdocs_site
from journeymap.builders.plugin import JourneymapPlugin, enable_preview
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import Section, get_navigation
from site_helpers import (
    BETA,
    STALE,
    UNVALIDATED,
    build,
    mkdocs_config,
    tree_digest,
    write_site,
)


def configured(root: Path) -> tuple[MkDocsConfig, JourneymapPlugin]:
    config = load_config(config_file=str(root / "mkdocs.yml"))
    plugin = config.plugins["journeymap"]
    assert isinstance(plugin, JourneymapPlugin)
    config = config.plugins.on_config(config)
    return config, plugin


def test_hooks_add_planned_pages_nav_and_stylesheet(beta_project: Path) -> None:
    config, plugin = configured(beta_project)
    assert "assets/journeymap/journeymap.css" in config.extra_css
    plugin.on_pre_build(config=config)
    files = plugin.on_files(get_files(config), config=config)
    planned = [f for f in files if isinstance(f, mkdocs_site.PlannedFile)]
    assert sorted(f.src_uri for f in planned) == ["gaps.md", "index.md", "journeys/beta.md"]
    assert all(f.changed for f in planned)
    assert files.get_file_from_path("assets/journeymap/journeymap.css") is not None
    nav = plugin.on_nav(get_navigation(files, config), config=config, files=files)
    section = nav.items[0]
    assert isinstance(section, Section) and section.title == "Journeys"
    assert [page.title for page in section.children] == [
        "Overview",
        "Research gaps",
        "Beta journey",
    ]
    # The same journeys again: nothing changed, so an incremental build rebuilds nothing.
    plugin.on_pre_build(config=config)
    again = plugin.on_files(get_files(config), config=config)
    assert not any(f.changed for f in again if isinstance(f, mkdocs_site.PlannedFile))


def test_failing_findings_stop_the_build_in_pre_build_unless_previewing(tmp_path: Path) -> None:
    config, plugin = configured(write_site(tmp_path, {"broken": UNVALIDATED, "beta": BETA}))
    with pytest.raises(PluginError, match=r"journeys/broken.yml:\d+:\d+: error unvalidated-stage"):
        plugin.on_pre_build(config=config)
    enable_preview(config)
    plugin.on_config(config)
    plugin.on_pre_build(config=config)  # a preview builds whatever the findings
    files = plugin.on_files(get_files(config), config=config)
    assert files.get_file_from_path("journeys/broken.md") is not None


def test_serving_makes_a_preview_until_shutdown(beta_project: Path) -> None:
    config, plugin = configured(beta_project)
    plugin.on_startup(command="build", dirty=False)
    assert not plugin.on_config(config) or not plugin.preview
    plugin.on_startup(command="serve", dirty=False)
    try:
        plugin.on_config(config)
        assert plugin.preview
    finally:
        plugin.on_shutdown()
    plugin.on_config(config)
    assert not plugin.preview


def test_a_failing_mkdocs_build_leaves_the_previous_site_as_it_was(beta_project: Path) -> None:
    root = beta_project
    assert mkdocs("build", cwd=root).returncode == 0
    before = tree_digest(root / "site")
    assert len(before) > 20
    (root / "journeys" / "broken.yml").write_text(json.dumps(UNVALIDATED), encoding="utf-8")
    failed = mkdocs("build", cwd=root)
    assert failed.returncode != 0
    assert "unvalidated-stage" in failed.stderr and "Traceback" not in failed.stderr
    assert tree_digest(root / "site") == before


def test_a_page_another_plugin_adds_at_a_journeys_place_wins_over_the_checked_plan(
    tmp_path: Path,
) -> None:
    # The pages are planned (and rendered) before MkDocs cleans the site, from the docs
    # folder alone; a plugin that adds a page in on_files, before journeymap's, changes
    # where pages go, and the plan made before must not be reused as it was.
    (tmp_path / "hook.py").write_text(
        "from mkdocs.plugins import event_priority\n"
        "from mkdocs.structure.files import File\n\n"
        "@event_priority(100)\n"
        "def on_files(files, config):\n"
        "    files.append(File.generated(config, 'journeys/beta.md', content='# Theirs'))\n"
        "    return files\n",
        encoding="utf-8",
    )
    root = write_site(tmp_path, {"beta": BETA}, mkdocs_config(hooks=["hook.py"]))
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "docs/journeys/beta.md is where journeymap would put a generated page" in (result.stderr)
    assert "Theirs" in (root / "site/journeys/beta/index.html").read_text(encoding="utf-8")
    dashboard = (root / "site/index.html").read_text(encoding="utf-8")
    assert 'href="journeys/beta/"' in dashboard


def test_a_home_page_another_plugin_adds_moves_the_dashboard(tmp_path: Path) -> None:
    # The trial plan (made before MkDocs cleans the site) saw no home page in the docs; a
    # plugin that adds one in on_files makes the dashboard give way, as a docs/index.md does.
    (tmp_path / "hook.py").write_text(
        "from mkdocs.plugins import event_priority\n"
        "from mkdocs.structure.files import File\n\n"
        "@event_priority(100)\n"
        "def on_files(files, config):\n"
        "    files.append(File.generated(config, 'index.md', content='# Their home'))\n"
        "    return files\n",
        encoding="utf-8",
    )
    site = build(write_site(tmp_path, {"beta": BETA}, mkdocs_config(hooks=["hook.py"])))
    assert "Their home" in (site / "index.html").read_text(encoding="utf-8")
    dashboard = (site / "journeys" / "index.html").read_text(encoding="utf-8")
    assert 'class="jm jm-dashboard"' in dashboard and 'href="beta/"' in dashboard


@pytest.mark.parametrize("site_dir", ["journeys", "templates"])
def test_mkdocs_build_refuses_a_site_dir_whose_clean_would_delete_the_sources(
    tmp_path: Path, site_dir: str
) -> None:
    """MkDocs empties site_dir before it builds: a site_dir that is (or holds) the journeys
    or the template overrides would delete them (MkDocs itself refuses one holding docs)."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "mine.css").write_text("/* a team's override */")
    options = {"journeys": "journeys", "templates": "templates"}
    config = mkdocs_config(site_dir=site_dir, plugins=["search", {"journeymap": options}])
    root = write_site(tmp_path, {"beta": BETA}, config)
    before = tree_digest(root)
    result = mkdocs("build", cwd=root)
    assert result.returncode != 0
    assert f"the site folder {(root / site_dir).resolve()} would replace" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(root) == before


def test_the_plugin_listed_twice_is_named_as_the_problem(tmp_path: Path) -> None:
    config = mkdocs_config(plugins=["search", "journeymap", "journeymap"])
    result = mkdocs("build", cwd=write_site(tmp_path, {"beta": BETA}, config))
    assert result.returncode != 0
    assert "the journeymap plugin is listed more than once under plugins" in result.stderr
    assert "gaps.md" not in result.stderr and "Traceback" not in result.stderr


def test_search_index_keeps_the_pages_an_incremental_build_did_not_rebuild(
    tmp_path: Path,
) -> None:
    index = mkdocs_site.SearchIndex()
    path = tmp_path / "search" / "search_index.json"
    path.parent.mkdir()

    def write(*docs: tuple[str, str]) -> None:
        entries = [{"location": location, "title": title, "text": ""} for location, title in docs]
        path.write_text(json.dumps({"config": {}, "docs": entries}))

    write(("", "Home"), ("a/", "A"), ("a/#s", "A section"), ("b/", "B"))
    index.update(tmp_path, {"", "a/", "b/"}, {"", "a/", "b/"}, full=True)
    write(("a/", "A, edited"))  # an incremental build rebuilt only a/
    index.update(tmp_path, {"a/"}, {"", "a/", "b/"}, full=False)
    titles = sorted(doc["title"] for doc in json.loads(path.read_text())["docs"])
    assert titles == ["A, edited", "B", "Home"]
    write()  # b/ was removed, nothing rebuilt
    index.update(tmp_path, set(), {"", "a/"}, full=False)
    assert sorted(d["title"] for d in json.loads(path.read_text())["docs"]) == ["A, edited", "Home"]


def test_mkdocs_quiet_strict_still_fails_on_journey_warnings(tmp_path: Path) -> None:
    """`-q` hides warnings from MkDocs' own strict count; the plugin reads --strict itself."""
    root = write_site(tmp_path, {"stale": STALE})
    assert mkdocs("build", "-q", cwd=root).returncode == 0
    result = mkdocs("build", "-q", "--strict", cwd=root)
    assert result.returncode != 0
    assert "stale-evidence" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("template", ["journey.html", "_search.html", "dashboard.html"])
def test_a_broken_override_fails_mkdocs_build_before_the_site_is_touched(
    tmp_path: Path, template: str
) -> None:
    config = mkdocs_config(plugins=["search", {"journeymap": {"templates": "ours"}}])
    root = write_site(tmp_path, {"beta": BETA}, config)
    (root / "ours").mkdir()
    assert mkdocs("build", cwd=root).returncode == 0
    before = tree_digest(root / "site")
    (root / "ours" / template).write_text("{{ journey.nope.deeper }}{% if %}", "utf-8")
    failed = mkdocs("build", cwd=root)
    assert failed.returncode != 0
    assert f"ours/{template}:1:" in failed.stderr and "Traceback" not in failed.stderr
    assert tree_digest(root / "site") == before
