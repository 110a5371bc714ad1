"""The site (SPEC "The site"): real `mkdocs build`s of fixture portfolios and of the
example site, read back with BeautifulSoup and compared with what the core reports; every
link on the generated pages leads somewhere, with either URL style."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from journeymap.check.report import Report
from journeymap.journey.status import Status
from repo_paths import copy_example
from site_helpers import (
    ALPHA,
    BETA,
    DELTA,
    GAMMA,
    build,
    evidence,
    journey,
    linked_file,
    mkdocs_config,
    report_for,
    soup,
    stage,
    stages_of,
    write_site,
)

EDIT = "https://github.com/acme/journeys/edit/main/journeys/"


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    journeys = {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA, "delta": DELTA}
    root = write_site(tmp_path_factory.mktemp("portfolio"), journeys)
    build(root)
    return root / "site", report_for(root)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Report]]:
    """The repository's own example site, built once (into a temporary folder)."""
    work = copy_example(tmp_path_factory.mktemp("example"))
    build(work)
    yield work / "site", report_for(work)


def test_pages_are_at_the_spec_paths(portfolio: tuple[Path, Report]) -> None:
    site, report = portfolio
    assert (site / "index.html").is_file()
    assert (site / "gaps" / "index.html").is_file()
    for checked in report.journeys:
        assert (site / "journeys" / checked.id / "index.html").is_file()
    assert (site / "about" / "index.html").is_file()
    assert (site / "assets" / "journeymap" / "journeymap.css").is_file()


def test_each_stage_carries_the_status_the_core_derives(portfolio: tuple[Path, Report]) -> None:
    site, report = portfolio
    for checked in report.journeys:
        page = site / "journeys" / checked.id / "index.html"
        expected = {stage_id: status.value for stage_id, status in checked.statuses.items()}
        assert dict(stages_of(page)) == expected
        order = [tag["data-stage"] for tag in soup(page).select("section.jm-stage")]
        assert order == list(checked.statuses)
    alpha = dict(stages_of(site / "journeys" / "alpha" / "index.html"))
    assert set(alpha.values()) == {s.value for s in Status} - {"unvalidated"}


def test_the_diagram_has_one_linked_node_per_stage_and_the_next_edges(
    portfolio: tuple[Path, Report],
) -> None:
    site, report = portfolio
    for checked in report.journeys:
        page = soup(site / "journeys" / checked.id / "index.html")
        svg = page.select_one("figure.jm-diagram svg")
        assert svg is not None
        nodes = svg.select("g.node")
        assert len(nodes) == len(checked.journey.stages)
        links = sorted(a.get("xlink:href") for a in svg.select("g.node a"))
        assert links == sorted(f"#stage-{s.id}" for s in checked.journey.stages)
        for link in links:  # every node leads to its stage's heading
            assert page.select_one(f"section[data-stage] > h3{link}") is not None
    # alpha: start branches to check and pay; the others follow in order
    alpha = soup(site / "journeys" / "alpha" / "index.html")
    edges = alpha.select("figure.jm-diagram svg g.edge")
    assert len(edges) == 2 + 1 + 1 + 1 + 1  # start->check,pay; check->pay; pay->old; ...


def test_journey_page_shows_header_map_lanes_and_details(portfolio: tuple[Path, Report]) -> None:
    site, _ = portfolio
    page = soup(site / "journeys" / "alpha" / "index.html")
    title = page.select_one("article h1")
    assert title is not None and title.get_text() == "Alpha journey"
    head = page.select_one(".jm-head")
    assert head is not None
    text = head.get_text(" ", strip=True)
    for part in ("Owner", "Team A", "Alpha summary.", "5 of 6 stages"):
        assert part in text
    assert [li.get_text() for li in head.select(".jm-tags li")] == ["a", "b"]
    mix = {tag["data-count"]: int(tag.get_text()) for tag in head.select("[data-count]")}
    assert mix == {"contradicted": 1, "contested": 2, "stale": 1, "waived": 1, "confirmed": 1}
    lanes = [tag.get_text() for tag in page.select(".jm-map__lanes .jm-lane-name")]
    assert lanes == [
        "Stage",
        "Assumption",
        "Evidence",
        "Emotion",
        "Pain points",
        "Opportunities",
        "Touchpoints",
    ]
    assert len(page.select(".jm-map a.jm-map__stage")) == 6
    check = page.select_one('section[data-stage="check"]')
    assert check is not None
    assert check.select_one(".jm-side--assumption") is not None
    cards = check.select(".jm-side--evidence article.jm-evidence")
    assert [card["data-kind"] for card in cards] == ["complaint", "analytics"]  # complaints first
    waived = page.select_one('section[data-stage="waived"] .jm-waiver')
    assert waived is not None and "Head of CX" in waived.get_text()
    link = page.select_one('section[data-stage="mixed"] .jm-evidence a[href]')
    assert link is not None
    assert link["href"] == "https://example.com/notes"
    assert set(link["rel"]) == {"noopener", "noreferrer"}
    assert page.select_one(".jm-emotion-figure svg.jm-emotion") is not None


def test_the_evidence_lane_describes_every_source(portfolio: tuple[Path, Report]) -> None:
    site, _ = portfolio
    page = soup(site / "journeys" / "alpha" / "index.html")
    cells = page.select(".jm-map .jm-cell--evidence")
    check = cells[1].get_text(" ", strip=True)  # a complaint that contradicts, analytics
    assert check.startswith("2 sources:")
    for part in ("1 support", "1 contradict", "complaint", "analytics", "1 negative"):
        assert part in check, check


def test_call_to_action_on_stale_stages(portfolio: tuple[Path, Report]) -> None:
    site, _ = portfolio
    page = soup(site / "journeys" / "alpha" / "index.html")
    cta = page.select_one('section[data-stage="old"] .jm-cta')
    assert cta is not None and "Talk to customers about" in cta.get_text()
    assert page.select_one('section[data-stage="start"] .jm-cta') is None


def core_counts(report: Report, journey_id: str | None = None) -> dict[str, int]:
    statuses = [
        status
        for checked in report.journeys
        if journey_id in (None, checked.id)
        for status in checked.statuses.values()
    ]
    return {s.value: statuses.count(s) for s in Status if statuses.count(s)}


def test_dashboard_figures_are_the_cores_counts(portfolio: tuple[Path, Report]) -> None:
    site, report = portfolio
    page = soup(site / "index.html")

    def figure(name: str) -> str:
        tag = page.select_one(f'[data-figure="{name}"]')
        assert tag is not None, name
        return tag.get_text(strip=True)

    counts = core_counts(report)
    complaints = sum(
        1
        for checked in report.journeys
        for stage in checked.journey.stages
        for item in stage.evidence
        if item.kind == "complaint" or item.sentiment == "negative"
    )
    assert report.evidence_share is not None
    assert figure("journeys") == str(len(report.journeys))
    assert figure("stages") == str(report.stages)
    assert figure("share") == f"{round(100 * report.evidence_share)}%"
    assert figure("confirmed") == f"{round(100 * counts['confirmed'] / report.stages)}%"
    assert figure("complaints") == str(complaints)
    assert figure("contradicted") == str(counts["contradicted"])
    assert figure("gaps") == "12"  # the rows of the gaps page (see the gaps test)
    for checked in report.journeys:
        row = page.select_one(f'tbody tr[data-journey="{checked.id}"]')
        assert row is not None
        mix = {tag["data-count"]: int(tag.get_text()) for tag in row.select(".jm-mix [data-count]")}
        assert mix == core_counts(report, checked.id)
        evidenced = row.select_one("[data-share]")
        assert evidenced is not None
        assert evidenced.get_text() == f"{checked.stages_with_evidence} of {len(checked.statuses)}"
        link = row.select_one("a.jm-journey-link")
        assert link is not None and link["href"] == f"journeys/{checked.id}/"
    totals = page.select_one("tfoot tr")
    assert totals is not None
    mix = {tag["data-count"]: int(tag.get_text()) for tag in totals.select(".jm-mix [data-count]")}
    assert mix == counts


def test_the_status_mix_is_honest_and_no_column_repeats(portfolio: tuple[Path, Report]) -> None:
    site, _ = portfolio
    page = soup(site / "index.html")
    headers = [th.get_text(strip=True) for th in page.select("table.jm-journeys thead th")]
    assert len(headers) == len(set(headers))
    # Gamma: nothing confirmed, 3 contradicted, 1 stale. Nothing in its row may read as
    # "all good": no 100%, no confirmed segment, the contradictions in numbers.
    gamma = page.select_one('tbody tr[data-journey="gamma"]')
    assert gamma is not None
    assert "100%" not in gamma.get_text()
    bar = gamma.select_one(".jm-mix")
    assert bar is not None and bar["aria-label"] == "3 contradicted, 1 stale"
    assert [seg["data-count"] for seg in bar.select("[data-count]")] == ["contradicted", "stale"]
    assert "This build reported" not in page.get_text()


def test_the_dashboard_is_most_urgent_first_without_javascript(
    portfolio: tuple[Path, Report],
) -> None:
    site, _ = portfolio
    page = soup(site / "index.html")
    order = [row["data-journey"] for row in page.select("tbody tr[data-journey]")]
    # gamma: 3 contradicted; alpha: 1 contradicted, 2 contested...; delta: numbers only
    # and waivers; beta: all confirmed
    assert order == ["gamma", "alpha", "delta", "beta"]
    form = page.select_one("form.jm-filters")
    assert form is not None and form.has_attr("hidden")  # shown by the script only
    owners = [o.get_text() for o in form.select('select[name="owner"] option')]
    assert owners == ["All", "Team A (2)", "Team C (1)"]
    script = [s["src"] for s in page.select("script[src]") if "journeymap" in s["src"]]
    assert script == ["assets/journeymap/journeymap.js"]
    assert (site / "assets" / "journeymap" / "journeymap.js").is_file()


def test_gaps_page_is_the_ranked_research_backlog(portfolio: tuple[Path, Report]) -> None:
    site, report = portfolio
    page = soup(site / "gaps" / "index.html")
    sections = page.select("section[data-journey]")
    assert [section["data-journey"] for section in sections] == ["gamma", "alpha", "delta"]
    expected = {
        "gamma": [("g1", "contradicted"), ("g2", "contradicted"), ("g3", "contradicted"),
                  ("g4", "stale")],
        "alpha": [("pay", "contradicted"), ("check", "contested"), ("mixed", "contested"),
                  ("old", "stale"), ("waived", "waived")],
        "delta": [("d1", "metrics-only"), ("d3", "waived"), ("d2", "waived")],
    }  # fmt: skip
    statuses = {checked.id: checked.statuses for checked in report.journeys}
    steps = []
    for section in sections:
        journey_id = section["data-journey"]
        rows = section.select("tr[data-stage]")
        assert [(row["data-stage"], row["data-gap"]) for row in rows] == expected[journey_id]
        for row in rows:
            assert row["data-status"] == statuses[journey_id][row["data-stage"]].value
            link = row.select_one("th a[href]")
            assert link is not None
            assert link["href"] == f"../journeys/{journey_id}/#stage-{row['data-stage']}"
            step = row.select_one(".jm-next-step")
            assert step is not None
            steps.append(step.get_text())
    assert len(steps) == len(set(steps)) == 12, "a next step repeats"
    owner = sections[0].select_one(".jm-owner")
    assert owner is not None and "Team C" in owner.get_text()
    soon, late = sections[2].select('tr[data-gap="waived"]')
    assert soon["data-due"] < late["data-due"]
    assert "Head of CX" in soon.get_text() and soon["data-due"] in soon.get_text()
    numbers = sections[2].select_one('tr[data-gap="metrics-only"]')
    assert numbers is not None and "1 analytics report and 1 metric" in numbers.get_text()
    counts = {
        tag["data-count"]: int(tag.get_text()) for tag in page.select(".jm-gap-counts [data-count]")
    }
    assert counts == {"contradicted": 4, "contested": 2, "stale": 2, "metrics-only": 1, "waived": 3}


def test_edit_links_point_at_the_yaml_files(portfolio: tuple[Path, Report]) -> None:
    site, report = portfolio
    dashboard = soup(site / "index.html")
    for checked in report.journeys:
        url = f"{EDIT}{checked.id}.yml"
        page = soup(site / "journeys" / checked.id / "index.html")
        assert page.select_one(f'a.md-content__button[href="{url}"]') is not None  # Material
        assert page.select_one(f'.jm-head a[href="{url}"]') is not None
        assert dashboard.select_one(f'a[href="{url}"]') is not None


def test_no_edit_links_without_repo_url(tmp_path: Path) -> None:
    config = mkdocs_config()
    del config["repo_url"], config["edit_uri"]
    site = build(write_site(tmp_path, {"beta": BETA}, config))
    page = soup(site / "journeys" / "beta" / "index.html")
    assert page.select_one("a.jm-edit") is None
    assert page.select_one("a.md-content__button") is None


def test_github_default_edit_uri_drops_the_docs_folder(tmp_path: Path) -> None:
    config = mkdocs_config()
    del config["edit_uri"]  # MkDocs' GitHub default: edit/master/docs/
    site = build(write_site(tmp_path, {"beta": BETA}, config))
    page = soup(site / "journeys" / "beta" / "index.html")
    link = page.select_one("a.jm-edit")
    assert link is not None
    assert link["href"] == "https://github.com/acme/journeys/edit/master/journeys/beta.yml"


def test_nav_has_a_journeys_section_next_to_the_users_pages(
    portfolio: tuple[Path, Report],
) -> None:
    site, _ = portfolio
    nav = soup(site / "about" / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    links = [a.get_text(strip=True) for a in nav.select("a.md-nav__link")]
    for title in ("Overview", "Research gaps", "Alpha journey", "Beta journey", "About"):
        assert title in links
    assert "Journeys" in nav.get_text()


def test_users_index_keeps_home_and_the_dashboard_moves(tmp_path: Path) -> None:
    docs = {"index.md": "# Our home\n\nWelcome.\n", "about.md": "# About\n"}
    site = build(write_site(tmp_path, {"beta": BETA}, docs=docs))
    home = soup(site / "index.html")
    assert "Welcome." in home.get_text()
    assert home.select_one(".jm-dashboard") is None
    dashboard = soup(site / "journeys" / "index.html")
    assert dashboard.select_one(".jm-dashboard") is not None
    link = dashboard.select_one('tr[data-journey="beta"] a.jm-journey-link')
    assert link is not None and link["href"] == "beta/"
    gaps_link = dashboard.select_one("a.jm-figure--link")
    assert gaps_link is not None and gaps_link["href"] == "../gaps/"


def test_more_than_30_journeys_stay_out_of_the_nav(tmp_path: Path) -> None:
    many = {
        f"j{index:02d}": journey(f"Journey {index:02d}", stage("s", evidence("supports")))
        for index in range(31)
    }
    site = build(write_site(tmp_path, many))
    nav = soup(site / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    hrefs = [a.get("href", "") for a in nav.select("a")]
    assert not [href for href in hrefs if "journeys/j" in href]
    titles = [a.get_text(strip=True) for a in nav.select("a.md-nav__link")]
    assert "Overview" in titles and "Research gaps" in titles
    dashboard = soup(site / "index.html")
    assert len(dashboard.select("a.jm-journey-link")) == 31
    assert (site / "journeys" / "j30" / "index.html").is_file()


def test_a_template_override_replaces_only_that_template(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {"beta": journey("Beta <b>bold</b>", stage("one", evidence("supports")))},
        mkdocs_config(plugins=["search", {"journeymap": {"templates": "overrides/journeymap"}}]),
    )
    overrides = root / "overrides" / "journeymap"
    overrides.mkdir(parents=True)
    (overrides / "journey.html").write_text(
        '<div class="ours" data-stages="{{ journey.stages|length }}">{{ journey.title }}</div>\n',
        encoding="utf-8",
    )
    site = build(root)
    page = soup(site / "journeys" / "beta" / "index.html")
    ours = page.select_one("div.ours")
    assert ours is not None
    assert ours.get_text() == "Beta <b>bold</b>"  # still escaped: text, not markup
    assert ours["data-stages"] == "1"
    assert soup(site / "index.html").select_one(".jm-dashboard") is not None


def test_page_titles_are_escaped_in_head_and_nav(tmp_path: Path) -> None:
    title = "</title><script>window.__pwned=1</script>"
    site = build(write_site(tmp_path, {"beta": journey(title, stage("one", evidence("supports")))}))
    page = soup(site / "journeys" / "beta" / "index.html")
    assert page.title is not None
    assert page.title.get_text().startswith(title)
    assert not [s for s in page.select("script") if "__pwned" in s.get_text()]


def test_the_example_site_builds_with_every_journey(example: tuple[Path, Report]) -> None:
    site, report = example
    assert len(report.journeys) >= 3
    assert not report.failed(strict=True)
    assert soup(site / "index.html").select_one(".jm-dashboard") is not None
    for checked in report.journeys:
        page = site / "journeys" / checked.id / "index.html"
        expected = {stage_id: status.value for stage_id, status in checked.statuses.items()}
        assert dict(stages_of(page)) == expected
        svg = soup(page).select_one("figure.jm-diagram svg")
        assert svg is not None
        assert len(svg.select("g.node")) == len(checked.journey.stages)
        # No repo_url while the project has no public home: the source is named, not linked.
        assert soup(page).select_one("a.jm-edit") is None
        assert f"journeys/{checked.path.name}" in soup(page).get_text()
    about = soup(site / "about" / "index.html")
    assert "About these journeys" in about.get_text()


def test_an_explicit_nav_keeps_its_order_and_gets_the_journeys_section(tmp_path: Path) -> None:
    config = mkdocs_config(nav=[{"Start": "about.md"}, {"Beta map": "journeys/beta.md"}])
    site = build(write_site(tmp_path, {"alpha": ALPHA, "beta": BETA}, config))
    nav = soup(site / "about" / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    titles = [a.get_text(strip=True) for a in nav.select("a.md-nav__link")]
    assert titles.index("Start") + 1 == titles.index("Beta map")
    assert "Alpha journey" in titles and "Research gaps" in titles
    assert titles.count("Beta journey") == 0  # listed once, under the user's title


def test_a_users_page_at_a_generated_path_wins_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = {"gaps.md": "# Our own gaps page\n"}
    site = build(write_site(tmp_path, {"beta": BETA}, docs=docs))
    assert "Our own gaps page" in soup(site / "gaps" / "index.html").get_text()
    assert any(
        "docs/gaps.md is where journeymap would put" in r.getMessage() for r in caplog.records
    )
    link = soup(site / "index.html").select_one("a.jm-figure--link")
    assert link is not None and link["href"] == "gaps/"


def test_a_journey_called_index_gets_its_own_page(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"index": BETA}, docs={"index.md": "# Home\n"})
    site = build(root)
    page = soup(site / "journeys" / "index" / "index.html")
    assert page.select("[data-stage]")
    dashboard = soup(site / "journeys" / "index.html")
    assert dashboard.select_one("[data-figure=journeys]") is not None
    assert "Home" in soup(site / "index.html").get_text()


def test_a_users_page_at_a_generated_url_wins_too(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"beta": BETA}, docs={"gaps/index.md": "# Our backlog\n"})
    site = build(root)
    assert "Our backlog" in soup(site / "gaps" / "index.html").get_text()


def test_no_edit_links_when_edit_uri_is_empty(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"beta": BETA}, mkdocs_config(edit_uri=""))
    site = build(root)
    html = (site / "journeys" / "beta" / "index.html").read_text(encoding="utf-8")
    assert "journeys/beta.yml" not in html.replace("journeys/beta.yml</", "")
    assert soup(site / "journeys" / "beta" / "index.html").select("a.md-content__button") == []


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_on_generated_pages_leads_to_a_built_file(
    tmp_path: Path, directory_urls: bool
) -> None:
    config = mkdocs_config(use_directory_urls=directory_urls)
    site = build(write_site(tmp_path, {"alpha": ALPHA, "beta": BETA}, config))
    suffix = "/index.html" if directory_urls else ".html"
    pages = [
        site / "index.html",
        site / ("gaps" + suffix),
        site / "journeys" / ("alpha" + suffix),
    ]
    checked = 0
    for page in pages:
        base = page.relative_to(site).as_posix()
        for link in soup(page).select(".jm a[href]"):
            href = str(link["href"])
            if href.startswith(("http://", "https://")):
                continue
            file = linked_file(site, page, href)
            assert file.is_file(), f"{base}: {href} -> {file}"
            fragment = urlsplit(href).fragment
            if fragment:
                assert soup(file).select_one(f"#{fragment}") is not None, href
            checked += 1
    assert checked > 10
