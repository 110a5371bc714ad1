"""The site plan, without MkDocs: where pages go, their URLs and edit links, what they
say about findings, and that journey text stays inert in the Markdown they become."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from journeymap.config.settings import Settings, settings_from_options
from journeymap.errors import UsageError
from journeymap.site import plan as siteplan
from journeymap.site.memo import Memo
from journeymap.site.rendering import PageRenderer
from journeymap.site.templates import TemplateFailed
from repo_paths import TEMPLATES
from site_helpers import ALPHA, BETA, STALE, evidence, journey, report_for, stage, write_site


def settings_of(root: Path) -> Settings:
    return settings_from_options({}, root, root / "mkdocs.yml")


def plan_for(root: Path, **options: object) -> siteplan.SitePlan:
    return siteplan.plan(report_for(root), settings_of(root), **options)  # type: ignore[arg-type]


def html_of(plan: siteplan.SitePlan, uri: str) -> str:
    """The HTML of the page the plan puts at `uri`."""
    return PageRenderer(plan).html(plan.by_uri[uri])


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
    assert siteplan.edit_url(site, settings_of(tmp_path), path) == expected


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


def test_preview_plans_a_page_per_unreadable_file_and_the_banner_counts_failures(
    tmp_path: Path,
) -> None:
    broken = "title: Broken\nstages:\n  - id: one\n    title: One\n    asumption: typo\n"
    unvalidated = journey("Unvalidated", stage("one"))
    root = write_site(tmp_path, {"beta": BETA, "broken": broken, "bare": unvalidated})
    assert "journeys/broken.md" not in plan_for(root).by_uri  # a real build has no such page
    plan = plan_for(root, preview=True)
    page = plan.by_uri["journeys/broken.md"]
    assert page.kind is siteplan.Kind.UNREADABLE
    html = PageRenderer(plan).html(page)
    assert "journeys/broken.yml:5:5" in html
    assert "asumption" in html
    dashboard = html_of(plan, "index.md")
    failing = sum(1 for f in plan.report.findings if f.severity.value == "error")
    assert failing >= 2
    assert f"{failing} findings would fail CI" in re.sub(r"\s+", " ", dashboard)
    assert 'href="journeys/broken/"' in dashboard
    bare = html_of(plan, "journeys/bare.md")
    assert "unvalidated-stage" in bare and "Error (fails CI)" in bare


def test_journey_pages_show_warnings_but_not_infos(tmp_path: Path) -> None:
    stale = journey(
        "Stale", stage("old", evidence("supports", days=900)), stage("x", evidence("contradicts"))
    )
    plan = plan_for(write_site(tmp_path, {"stale": stale}))
    html = html_of(plan, "journeys/stale.md")
    assert 'data-code="stale-evidence"' in html
    assert 'data-code="assumption-contradicted"' not in html


def test_front_matter_and_titles_are_data(tmp_path: Path) -> None:
    title = 'Bill: "pay" </title><script>x</script> {{ 7*7 }}'
    root = write_site(
        tmp_path, {"beta": journey(title, stage("one", evidence("supports")), summary="a\nb: c")}
    )
    plan = plan_for(root)
    markdown = PageRenderer(plan).markdown(plan.by_uri["journeys/beta.md"])
    front, body = markdown.split("\n---\n", 1)
    import yaml

    meta = yaml.safe_load(front.removeprefix("---\n"))
    assert (
        meta["title"]
        == "Bill: &quot;pay&quot; &lt;/title&gt;&lt;script&gt;x&lt;/script&gt; {{ 7*7 }}"
    )
    assert "<script>" not in body


@pytest.mark.parametrize(
    "text",
    [
        "line one\n--8<--\nmkdocs.yml\n--8<--",
        "before\n```\nfenced\n```",
        "{{ config.site_name }} {% raw %}",
        "indented\n    code block",
        "a `tick` and *stars*",
    ],
)
def test_no_journey_text_starts_a_line_of_a_generated_page(tmp_path: Path, text: str) -> None:
    root = write_site(
        tmp_path, {"beta": journey("Beta", stage("one", evidence("supports"), assumption=text))}
    )
    plan = plan_for(root)
    markdown = PageRenderer(plan).markdown(plan.by_uri["journeys/beta.md"])
    for line in markdown.splitlines():
        stripped = line.strip()
        assert not stripped.startswith(("--8<--", "```", "mkdocs.yml", "fenced", "code block"))
    assert "{{" not in markdown and "{%" not in markdown
    assert "`" not in markdown.split("---\n", 2)[2]


def test_a_second_plan_reuses_unchanged_pages_and_diagrams(tmp_path: Path) -> None:
    from journeymap.check.pipeline import check

    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    settings = settings_of(root)
    cache: dict = {}  # type: ignore[type-arg]
    memo = Memo()
    first = siteplan.plan(check(None, settings, cache=cache), settings, memo=memo)
    before = {uri: PageRenderer(first, memo).html(page) for uri, page in first.by_uri.items()}
    (root / "journeys" / "beta.yml").write_text(
        (root / "journeys" / "beta.yml").read_text().replace("Beta journey", "Beta, edited")
    )
    second = siteplan.plan(check(None, settings, cache=cache), settings, memo=memo)
    after = {uri: PageRenderer(second, memo).html(page) for uri, page in second.by_uri.items()}
    assert after["journeys/alpha.md"] is before["journeys/alpha.md"]  # not rendered again
    assert "Beta, edited" in after["journeys/beta.md"]
    assert after["journeys/beta.md"] != before["journeys/beta.md"]
    assert second.nav_signature() != first.nav_signature()  # the title is in the nav


def test_a_clean_page_in_a_failing_preview_says_the_failures_are_elsewhere(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {"stale": STALE, "bare": journey("Bare", stage("one"))})
    plan = plan_for(root, preview=True)
    stale_page = " ".join(html_of(plan, "journeys/stale.md").split())
    assert "jm-findings--failing" not in stale_page  # its own warning does not fail CI
    assert "1 finding in other journey files would fail CI" in stale_page
    assert "in this journey file would fail CI" not in stale_page
    bare_page = " ".join(html_of(plan, "journeys/bare.md").split())
    assert "jm-findings--failing" in bare_page
    assert "1 finding in this journey file would fail CI" in bare_page
    assert "other journey files" not in bare_page


@pytest.mark.parametrize(
    ("template", "line"),
    [
        ("<p>\n{% if %}\n</p>", 2),  # syntax
        ("<p>\n\n{{ journey.nope.deeper }}</p>", 3),  # undefined
        ("<p>{{ journey.title() }}</p>", 1),  # a TypeError inside the template
    ],
)
def test_a_broken_override_is_named_at_its_file_and_line(
    beta_project: Path, template: str, line: int
) -> None:
    root = beta_project
    (root / "ours").mkdir()
    (root / "ours" / "journey.html").write_text(template, encoding="utf-8")
    settings = settings_from_options({"templates": "ours"}, root, root / "mkdocs.yml")
    plan = siteplan.plan(report_for(root), settings)
    with pytest.raises(TemplateFailed, match=rf"ours/journey\.html:{line}: the page"):
        html_of(plan, "journeys/beta.md")


def test_the_dashboard_raises_no_alarm_for_zero(tmp_path: Path) -> None:
    calm = journey("Calm", stage("one", evidence("supports")))
    plan = plan_for(write_site(tmp_path, {"calm": calm}))
    assert "jm-figure--alert" not in html_of(plan, "index.md")
    alarm = plan_for(write_site(tmp_path / "b", {"alpha": ALPHA}))
    assert html_of(alarm, "index.md").count("jm-figure--alert") == 2


def test_a_dangling_link_in_the_overrides_folder_is_no_crash(tmp_path: Path) -> None:
    import os

    root = write_site(tmp_path, {"beta": BETA})
    (root / "ours").mkdir()
    os.symlink("nowhere.html", root / "ours" / "journey.html.bak")
    settings = settings_from_options({"templates": "ours"}, root, root / "mkdocs.yml")
    plan = siteplan.plan(report_for(root), settings)
    assert "Beta journey" in html_of(plan, "journeys/beta.md")


def test_a_second_name_for_a_journey_gets_a_page_that_says_so(tmp_path: Path) -> None:
    import os

    root = write_site(tmp_path, {"beta": BETA})
    os.symlink("beta.yml", root / "journeys" / "alias.yml")
    plan = plan_for(root, preview=True)
    titles = {page.title for page in plan.pages}
    assert "alias.yml repeats another journey" in titles
    assert not any("could not be read" in title for title in titles)
