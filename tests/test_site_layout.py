"""Where pages go, without MkDocs (SPEC "The site"): the plan alone decides it, from what
the builder knows; URLs as MkDocs computes them, none taken twice, a user's page in a
planned place wins; edit links for the usual `edit_uri` forms, never a local path; a page
for every kind, and for each journey file that cannot be read or repeats a journey."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from journeymap.config.settings import settings_from_options
from journeymap.errors import UsageError
from journeymap.site import plan as siteplan
from journeymap.site.rendering import PageRenderer
from repo_paths import TEMPLATES
from site_helpers import ALPHA, BETA, evidence, html_of, journey, plan_for, stage, write_site


def test_default_layout_urls_follow_mkdocs_rules(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    plan = plan_for(root)
    assert [(p.key, p.uri) for p in plan.pages] == [
        ("dashboard", "index.md"),
        ("gaps", "gaps.md"),
        ("journey:alpha", "journeys/alpha.md"),
        ("journey:beta", "journeys/beta.md"),
    ]
    assert plan.urls == {
        "dashboard": "./",
        "gaps": "gaps/",
        "journey:alpha": "journeys/alpha/",
        "journey:beta": "journeys/beta/",
    }
    flat = plan_for(root, site=siteplan.Site(use_directory_urls=False))
    assert flat.urls["journey:alpha"] == "journeys/alpha.html"


@pytest.mark.parametrize(
    ("theirs", "out", "dashboard", "journey_page"),
    [
        ({}, None, "index.md", "journeys/alpha.md"),  # the plugin: the dashboard is home
        ({"index.md": "./"}, None, "journeys/index.md", "journeys/alpha.md"),
        ({"README.md": "./"}, None, "journeys/index.md", "journeys/alpha.md"),
        ({}, "journeys", "index.md", "alpha.md"),  # generate --out docs/journeys
        ({}, "pages", "index.md", "journeys/alpha.md"),  # generate --out docs/pages
    ],
)
def test_the_plan_alone_decides_where_pages_go_from_what_the_builder_knows(
    tmp_path: Path, theirs: dict[str, str], out: str | None, dashboard: str, journey_page: str
) -> None:
    """The two facts a builder knows (the docs folder has a home page of its own; the name
    of generate's --out folder) decide the layout, in the plan and nowhere else."""
    root = write_site(tmp_path, {"alpha": ALPHA})
    site = siteplan.Site(existing=theirs.get, out=out)
    plan = plan_for(root, site=site)
    by_key = {page.key: page for page in plan.pages}
    assert by_key["dashboard"].uri == dashboard
    assert by_key["journey:alpha"].uri == journey_page
    assert plan.layout == siteplan.layout(home_page=bool(theirs), out=out)
    assert plan.layout.home == (dashboard == "index.md")


def test_every_kind_of_page_has_a_template_and_renders(tmp_path: Path) -> None:
    """A page kind is a `Kind`, its pages in the plan, its template and its context: a
    preview with a broken file plans (and renders) one page of every kind."""
    broken = "title: Broken\nstages:\n  - id: one\n    title: One\n    asumption: typo\n"
    plan = plan_for(write_site(tmp_path, {"alpha": ALPHA, "broken": broken}), preview=True)
    assert {page.kind for page in plan.pages} == set(siteplan.Kind)
    pages = PageRenderer(plan)
    for page in plan.pages:
        assert (TEMPLATES / page.kind.template).is_file()
        assert f"jm-{page.kind.value}" in pages.html(page), page.kind


@pytest.mark.parametrize(
    ("out", "ids", "expected"),
    [
        (None, ["index", "gaps"], ["journeys/index/index.md", "journeys/gaps.md"]),
        ("journeys", ["gaps", "index", "gaps-2"], ["gaps-2.md", "index/index.md", "gaps-2-2.md"]),
    ],
)
def test_no_page_takes_the_url_of_another(
    tmp_path: Path, out: str | None, ids: list[str], expected: list[str]
) -> None:
    root = write_site(tmp_path, {i: journey(i, stage("one", evidence("supports"))) for i in ids})
    plan = plan_for(root, site=siteplan.Site(out=out))
    by_key = {page.key: page for page in plan.pages}
    assert [by_key[f"journey:{i}"].uri for i in ids] == expected
    urls = [plan.url(page) for page in plan.pages]
    assert len(urls) == len(set(urls))


def test_a_users_page_at_a_planned_place_wins_and_links_lead_to_it(beta_project: Path) -> None:
    root = beta_project
    site = siteplan.Site(existing=lambda uri: "custom/gaps/" if uri == "gaps.md" else None)
    plan = plan_for(root, site=site)
    assert "gaps.md" not in plan.by_uri
    assert plan.displaced == ["gaps.md"]
    assert plan.urls["gaps"] == "custom/gaps/"
    dashboard = html_of(plan, "index.md")
    assert 'href="custom/gaps/"' in dashboard


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "expected"),
    [
        ("https://github.com/o/r", "edit/main/", "https://github.com/o/r/edit/main/journeys/a.yml"),
        (
            "https://github.com/o/r/",
            "/edit/main",
            "https://github.com/o/r/edit/main/journeys/a.yml",
        ),
        (
            "https://github.com/o/r",
            "edit/main/docs/",
            "https://github.com/o/r/edit/main/journeys/a.yml",
        ),
        (
            "https://gitlab.com/o/r",
            "-/edit/main/",
            "https://gitlab.com/o/r/-/edit/main/journeys/a.yml",
        ),
        (
            "https://example.com/r",
            "https://edit.example.com/r/",
            "https://edit.example.com/r/journeys/a.yml",
        ),
        (None, "edit/main/", None),
        ("https://github.com/o/r", "", None),
    ],
)
def test_edit_url_forms(
    tmp_path: Path, repo_url: str | None, edit_uri: str, expected: str | None
) -> None:
    site = siteplan.Site(repo_url=repo_url, edit_uri=edit_uri)
    path = tmp_path / "journeys" / "a.yml"
    path.parent.mkdir()
    path.write_text("title: x\n")
    assert (
        siteplan.edit_url(site, settings_from_options({}, tmp_path, tmp_path / "mkdocs.yml"), path)
        == expected
    )


def test_a_journeys_folder_outside_the_project_publishes_no_local_path(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    project = tmp_path / "project"
    write_site(elsewhere, {"beta": BETA})
    from journeymap.check.pipeline import check

    project.mkdir()
    settings = settings_from_options(
        {"journeys": "../elsewhere/journeys"}, project, project / "mkdocs.yml"
    )
    site = siteplan.Site(repo_url="https://github.com/o/r", edit_uri="edit/main/")
    plan = siteplan.plan(check(None, settings), settings, site=site)
    page = plan.by_uri["journeys/beta.md"]
    assert page.edit_url is None
    html = PageRenderer(plan).html(page) + html_of(plan, "index.md")
    assert str(tmp_path) not in html
    assert "beta.yml" in html  # the file is still named, without its local path
    # `journeys` as a link there is refused before anything is read (test_links_out.py)
    os.symlink(elsewhere / "journeys", project / "journeys")
    settings = settings_from_options({"journeys": "journeys"}, project, project / "mkdocs.yml")
    with pytest.raises(UsageError, match="leads out of the project folder"):
        check(None, settings)


def test_a_second_name_for_a_journey_gets_a_page_that_says_so(tmp_path: Path) -> None:
    import os

    root = write_site(tmp_path, {"beta": BETA})
    os.symlink("beta.yml", root / "journeys" / "alias.yml")
    plan = plan_for(root, preview=True)
    titles = {page.title for page in plan.pages}
    assert "alias.yml repeats another journey" in titles
    assert not any("could not be read" in title for title in titles)
