"""`journeymap generate --out DIR`: the pages as files a stock `mkdocs build` (plugin off)
turns into the same pages as the plugin's build; stale pages removed, foreign files never
touched, journey text inert whatever Markdown extensions the site enables."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from commands import PYTHON_BIN, journeymap, mkdocs, run
from site_helpers import (
    ALPHA,
    BETA,
    build,
    evidence,
    generate_pages,
    journey,
    linked_file,
    mkdocs_config,
    soup,
    stage,
    stages_of,
    write_site,
)


def stock(root: Path, **overrides: object) -> Path:
    """mkdocs.yml without the plugin; build it (a real `mkdocs build` in this process, run
    from the project's folder as a user runs it); return the site folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = mkdocs_config(plugins=["search"], site_dir="stock", **overrides)
    (root / "stock.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    here = os.getcwd()
    os.chdir(root)  # paths Markdown extensions read are relative to where MkDocs runs
    try:
        mkdocs_build(load_config(config_file=str(root / "stock.yml")))
    finally:
        os.chdir(here)
    return root / "stock"


def test_generated_pages_built_without_the_plugin_match_the_plugins_build(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    plugin_site = build(root)
    generate_pages(root, "docs/journeys")
    site = stock(root)
    for journey_id in ("alpha", "beta"):
        ours = site / "journeys" / journey_id / "index.html"
        theirs = plugin_site / "journeys" / journey_id / "index.html"
        assert stages_of(ours) == stages_of(theirs) and stages_of(ours)
        svg_ours = soup(ours).select_one(".jm-diagram svg")
        svg_theirs = soup(theirs).select_one(".jm-diagram svg")
        assert svg_ours is not None and svg_theirs is not None
        assert len(svg_ours.select("g.node")) == len(svg_theirs.select("g.node"))
        edit = soup(ours).select_one(".jm-edit")
        assert edit is not None
        assert (
            edit["href"] == f"https://github.com/acme/journeys/edit/main/journeys/{journey_id}.yml"
        )
    # The stylesheet comes with the pages, and every link on them leads to a built file.
    dashboard = site / "journeys" / "index.html"
    links = [
        str(a["href"]) for a in soup(dashboard).select(".jm-page a[href], .jm-page link[href]")
    ]
    assert any(link.endswith("journeymap.css") for link in links)
    checked = 0
    for page in [
        dashboard,
        site / "journeys" / "gaps" / "index.html",
        site / "journeys" / "alpha" / "index.html",
    ]:
        for element in soup(page).select(".jm-page a[href], .jm-page link[href]"):
            href = str(element["href"])
            if href.startswith(("http://", "https://")):
                continue
            assert linked_file(site, page, href).is_file(), f"{page}: {href}"
            checked += 1
    assert checked > 10


def test_generate_removes_what_no_longer_belongs_and_keeps_unchanged_files(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    generate_pages(root, "docs/journeys")
    out = root / "docs" / "journeys"
    alpha_mtime = (out / "alpha.md").stat().st_mtime_ns
    (root / "journeys" / "beta.yml").unlink()
    (out / "notes.md").write_text("# Mine\n", encoding="utf-8")  # not generate's
    result = journeymap("generate", "--out", "docs/journeys", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (out / "beta.md").exists()
    assert (out / "notes.md").read_text(encoding="utf-8") == "# Mine\n"
    assert "1 removed" in result.stderr
    # Alpha's page changed only where the portfolio shows (its links are the same):
    assert (out / "alpha.md").stat().st_mtime_ns == alpha_mtime


def test_generate_never_overwrites_a_file_it_did_not_write(beta_project: Path) -> None:
    root = beta_project
    out = root / "docs" / "journeys"
    out.mkdir()
    (out / "index.md").write_text("# Our own index\n", encoding="utf-8")
    result = journeymap("generate", "--out", "docs/journeys", cwd=root)
    assert result.returncode == 2
    assert "as written by journeymap generate" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "index.md").read_text(encoding="utf-8") == "# Our own index\n"
    assert not (out / "gaps.md").exists()


@pytest.mark.parametrize("out", [".", "journeys", "journeys/pages", ".."])
def test_generate_refuses_an_out_that_holds_or_sits_in_the_sources(
    beta_project: Path, out: str
) -> None:
    root = beta_project
    result = journeymap("generate", "--out", out, cwd=root)
    assert result.returncode == 2, result.stderr
    assert "choose a folder of its own" in result.stderr
    assert not (root / "index.md").exists() and not (root / "journeys" / "index.md").exists()


def test_journey_text_is_inert_in_generated_pages_with_markdown_extensions(tmp_path: Path) -> None:
    secret = "TOP-SECRET-VALUE"
    hostile = [
        "line\n--8<--\nsecret.txt\n--8<--",
        'inline --8<-- "secret.txt"',
        "before\n```\n<script>alert(1)</script>\n```",
        "{{ config.site_name }} {% if true %}x{% endif %}",
        "<img src=x onerror=alert(1)> *not bold* [link](javascript:alert(1))",
    ]
    stages = [
        stage(f"s{i}", evidence("supports", summary=text, quote=text), assumption=text, title=text)
        for i, text in enumerate(hostile)
    ]
    root = write_site(tmp_path, {"hostile": journey("Hostile", *stages)})
    (root / "secret.txt").write_text(secret, encoding="utf-8")
    generate_pages(root, "docs/journeys")
    extensions = [
        "attr_list",
        "md_in_html",
        {"pymdownx.snippets": {"base_path": ["."], "check_paths": False}},
        "pymdownx.superfences",
    ]
    site = stock(root, markdown_extensions=extensions)
    page = site / "journeys" / "hostile" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert secret not in html
    article = soup(page)
    assert not [s for s in article.find_all("script") if "alert" in s.get_text()]
    assert not article.find_all(attrs={"onerror": True})
    assert not article.select('a[href^="javascript"], img[src="x"]')
    for index, text in enumerate(hostile):
        section = article.select_one(f'.jm-stage[data-stage="s{index}"]')
        assert section is not None
        assumption = section.select_one(".jm-assumption")
        assert assumption is not None and assumption.get_text() == text


def test_zensical_builds_the_generated_pages_like_the_plugin(tmp_path: Path) -> None:
    """Zensical reads mkdocs.yml but runs no MkDocs plugin: the generated files are all
    it needs to build the same pages."""
    zensical = shutil.which("zensical", path=str(PYTHON_BIN))
    assert zensical is not None, "zensical is a test dependency (pip install -e '.[test]')"
    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    plugin_site = build(root)
    generate_pages(root, "docs/journeys")
    config = mkdocs_config(plugins=["search"], site_dir="zensical-site")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = run([zensical, "build"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "zensical-site"
    for journey_id in ("alpha", "beta"):
        ours = site / "journeys" / journey_id / "index.html"
        theirs = plugin_site / "journeys" / journey_id / "index.html"
        assert stages_of(ours) == stages_of(theirs) and stages_of(ours)
        assert soup(ours).select_one(".jm-diagram svg") is not None
        sheets = [str(link["href"]) for link in soup(ours).select('link[rel="stylesheet"]')]
        assert any(sheet.endswith("journeymap/journeymap.css") for sheet in sheets)
    assert (site / "journeys" / "assets" / "journeymap" / "journeymap.css").is_file()
    gaps = soup(site / "journeys" / "gaps" / "index.html")
    assert gaps.select_one(".jm-gaps") is not None


@pytest.mark.parametrize(
    ("out", "pages"),
    [
        ("docs", ["index.html", "gaps/index.html", "journeys/alpha/index.html"]),
        (
            "docs/journeys",
            ["journeys/index.html", "journeys/gaps/index.html", "journeys/alpha/index.html"],
        ),
        (
            "docs/research",
            [
                "research/index.html",
                "research/gaps/index.html",
                "research/journeys/alpha/index.html",
            ],
        ),
    ],
)
def test_where_generated_pages_land_as_the_readme_says(
    tmp_path: Path, out: str, pages: list[str]
) -> None:
    root = write_site(tmp_path, {"alpha": ALPHA})
    generate_pages(root, out)
    site = stock(root)
    dashboard, gaps, alpha = (soup(site / page) for page in pages)
    assert dashboard.select_one(".jm-dashboard") is not None
    assert gaps.select_one(".jm-gaps") is not None
    assert alpha.select_one('.jm-journey[data-journey="alpha"]') is not None


def test_generate_never_follows_or_replaces_a_link_it_did_not_write(tmp_path: Path) -> None:
    import json
    import os

    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    out = root / "docs" / "journeys"
    generate_pages(root, "docs/journeys")
    # A manifest naming a link (tampered, or a page a user replaced by a link) removes
    # neither the link nor what it points to.
    (out / "notes.md").write_text("user notes\n", encoding="utf-8")
    os.symlink("notes.md", out / "alias.md")
    manifest = out / ".journeymap-generated.json"
    listed = json.loads(manifest.read_text())
    listed["files"]["alias.md"] = None
    manifest.write_text(json.dumps(listed))
    generate_pages(root, "docs/journeys")
    assert (out / "notes.md").read_text(encoding="utf-8") == "user notes\n"
    assert (out / "alias.md").is_symlink()
    # A dangling link where a page would go is someone else's: refused, left as it is.
    (out / "gaps.md").unlink()
    os.symlink("../../elsewhere/draft.md", out / "gaps.md")
    result = journeymap("generate", "--out", "docs/journeys", cwd=root)
    assert result.returncode == 2 and "gaps.md" in result.stderr
    assert (out / "gaps.md").is_symlink() and not (root / "elsewhere").exists()


def search_titles(site: Path) -> list[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [str(entry["title"]) for entry in index["docs"]]


@pytest.mark.parametrize(
    ("out", "command"),
    [("docs/journeys", "mkdocs build"), ("docs", "journeymap build"), ("docs", "mkdocs build")],
)
def test_pages_generate_left_in_docs_give_way_to_the_plugins_fresh_pages(
    tmp_path: Path, out: str, command: str
) -> None:
    """A team that generated pages once, then turned the plugin on: the pages still in
    docs/ are journeymap's (its manifest lists them), so the plugin builds its fresh
    pages in their place instead of publishing the old ones."""
    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    generate_pages(root, out)
    beta = root / "journeys" / "beta.yml"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("Beta journey", "Beta journey, revised"), "utf-8"
    )
    if command == "mkdocs build":
        result = mkdocs("build", cwd=root)
    else:
        result = journeymap("build", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    page = soup(site / "journeys" / "beta" / "index.html")
    assert page.title is not None and page.title.get_text().startswith("Beta journey, revised")
    assert page.select_one('.jm-journey[data-journey="beta"]') is not None
    assert "Beta journey" not in search_titles(site)  # no stale page is indexed either
    # The dashboard is the plugin's, at the plugin's address (the docs have no home page);
    # the generated dashboard and gaps page of docs/journeys are not published beside it.
    assert soup(site / "index.html").select_one(".jm-dashboard") is not None
    assert (site / "gaps" / "index.html").is_file()
    assert not (site / "journeys" / "index.html").exists()
    assert not (site / "journeys" / "gaps").exists()
    assert "leaves it out" not in result.stderr
    notes = [line for line in result.stderr.splitlines() if "set aside" in line]
    assert len(notes) == 1 and notes[0].startswith("INFO"), result.stderr
    assert f"{out}:" in notes[0] and "Delete them" in notes[0]


def test_a_generated_page_edited_by_hand_is_the_users_and_wins(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    generate_pages(root, "docs/journeys")
    out = root / "docs" / "journeys"
    (out / "beta.md").write_text("# Our own beta page\n\nHand-written.\n", encoding="utf-8")
    (out / "notes.md").write_text("# Notes\n", encoding="utf-8")  # never generate's
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert "Our own beta page" in (site / "journeys" / "beta" / "index.html").read_text("utf-8")
    assert "journeys/beta.md is where journeymap would put a generated page" in result.stderr
    assert (site / "journeys" / "notes" / "index.html").is_file()
    alpha = soup(site / "journeys" / "alpha" / "index.html").select_one(".jm-journey")
    assert alpha is not None  # the unchanged generated pages gave way to the plugin's
    assert not (site / "journeys" / "index.html").exists()


def test_pages_an_older_manifest_lists_without_digests_are_the_users(tmp_path: Path) -> None:
    """A manifest written as a plain list (before digests were recorded) cannot tell a
    page edited by hand from one left as written: the page is kept as the user's."""
    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    generate_pages(root, "docs/journeys")
    out = root / "docs" / "journeys"
    listed = json.loads((out / ".journeymap-generated.json").read_text(encoding="utf-8"))
    (out / ".journeymap-generated.json").write_text(json.dumps(sorted(listed["files"])))
    page = out / "beta.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<p>HANDEDIT</p>\n", encoding="utf-8")
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "HANDEDIT" in (root / "site" / "journeys" / "beta" / "index.html").read_text("utf-8")
    assert "journeys/beta.md is where journeymap would put a generated page" in result.stderr
