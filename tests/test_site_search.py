"""Search (issue 11): every stage title, assumption, evidence summary and quote is in
Material's search index exactly once, on an entry that lands on the stage (bench/run.py
measures the index's size against the journey text); and no stage id can take an id
the page structure uses."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from journeymap.check.report import Report
from journeymap.site import templates
from journeymap.site.pages.portfolio import portfolio as portfolio_view
from material.plugins.search.plugin import Parser
from site_helpers import (
    ALPHA,
    BETA,
    build,
    journey,
    long_journey,
    report_for,
    soup,
    stage,
    write_site,
)
from site_helpers import evidence as item


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    root = write_site(
        tmp_path_factory.mktemp("search"),
        {"long": long_journey(), "alpha": ALPHA, "beta": BETA},
    )
    build(root)
    return root / "site", report_for(root)


def index(site: Path) -> list[dict[str, Any]]:
    return list(json.loads((site / "search" / "search_index.json").read_text())["docs"])


def test_each_stage_text_is_indexed_once_on_its_stage(site: tuple[Path, Report]) -> None:
    folder, report = site
    docs = index(folder)
    long = next(checked for checked in report.journeys if checked.id == "long")
    for stage_ in long.journey.stages:
        texts = [stage_.title, stage_.assumption]
        texts += [e.summary for e in stage_.evidence] + [
            e.quote for e in stage_.evidence if e.quote
        ]
        for text in texts:
            found = [
                doc["location"]
                for doc in docs
                for field in (doc["title"], doc["text"])
                for _ in range(field.count(escape(text, quote=False)))
            ]
            assert found == [f"journeys/long/#stage-{stage_.id}"], (text, found)
    stage_entries = [doc for doc in docs if "#stage-" in doc["location"]]
    assert len(stage_entries) == sum(len(c.journey.stages) for c in report.journeys)
    for doc in stage_entries:  # the entry's title is its stage's title
        journey_id, stage_id = re.fullmatch(r"journeys/(.+)/#stage-(.+)", doc["location"]).groups()
        checked = next(c for c in report.journeys if c.id == journey_id)
        assert doc["title"] == escape(
            next(s.title for s in checked.journey.stages if s.id == stage_id), quote=False
        )


def test_the_gaps_page_and_the_dashboard_table_are_not_indexed_again(
    site: tuple[Path, Report],
) -> None:
    folder, report = site
    docs = index(folder)
    pages = {doc["location"].split("#")[0] for doc in docs}
    assert {"", "gaps/", "journeys/long/", "about/"} <= pages
    outside = " ".join(doc["text"] for doc in docs if not doc["location"].startswith("journeys/"))
    for checked in report.journeys:
        for stage_ in checked.journey.stages:
            assert escape(stage_.assumption, quote=False) not in outside
    # Words of neighbouring texts are never glued together (search splits on spaces).
    assert "words. Finding" not in outside
    long_texts = " ".join(
        doc["text"] for doc in docs if doc["location"].startswith("journeys/long/")
    )
    assert re.search(r"[a-z.][A-Z]", re.sub(r"<[^>]+>", " ", long_texts)) is None


def page_ids(page: Path) -> list[str]:
    return [str(tag["id"]) for tag in soup(page).select("[id]")]


def page_ids_of(html: str) -> list[str]:
    return [str(tag["id"]) for tag in BeautifulSoup(html, "html.parser").select("[id]")]


def test_no_stage_id_can_take_an_id_of_the_page_structure(tmp_path: Path) -> None:
    first = build(write_site(tmp_path / "first", {"j": long_journey()}))
    structure = set()
    for page in (
        first / "journeys" / "j" / "index.html",
        first / "index.html",
        first / "gaps" / "index.html",
    ):
        structure |= set(page_ids(page))
    candidates = set()
    for found in structure:
        for name in (found, found.removeprefix("stage-"), found.removeprefix("jm-")):
            if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", name):
                candidates.add(name)
    assert {"flow", "map", "stages", "jm-flow", "jm-map", "jm-stages", "journey"} <= candidates
    ids = sorted(candidates)
    clash = journey(
        "Clash",
        *(
            stage(stage_id, item("supports"), emotion=1, phase="P" if n % 3 else "Q")
            for n, stage_id in enumerate(ids)
        ),
    )
    site = build(write_site(tmp_path / "second", {"j": clash}))
    for page in (
        site / "journeys" / "j" / "index.html",
        site / "index.html",
        site / "gaps" / "index.html",
    ):
        found = page_ids(page)
        repeated = sorted({name for name in found if found.count(name) > 1})
        assert repeated == [], f"{page}: {repeated}"
    page = soup(site / "journeys" / "j" / "index.html")
    for stage_id in ids:
        heading = page.select_one(f'[id="stage-{stage_id}"]')
        assert heading is not None and heading.name == "h3"
        assert heading.parent is not None and heading.parent["data-stage"] == stage_id
    for anchor in ("jm-flow", "jm-map", "jm-emotion", "jm-stages"):
        tag = page.select_one(f'[id="{anchor}"]')
        assert tag is not None and tag.name == "h2"


def sections(html: str) -> list[tuple[str | None, str, str]]:
    """What Material's search makes of a page: (id, title, text) per indexed section,
    white space normalised (spaces next to tags do not separate words: tags do)."""
    parser = Parser()
    parser.feed(html)
    parser.close()

    def flat(parts: list[str]) -> str:
        text = " ".join("".join(parts).split())
        return re.sub(r"\s*(<[^>]+>)\s*", r"\1", text)

    return [
        (section.id, flat(section.title), flat(section.text))
        for section in parser.data
        if not section.is_excluded()
    ]


def test_search_reads_the_same_entries_from_the_lean_view_as_from_the_page(
    tmp_path: Path,
) -> None:
    """The plugin hands Material's search a lean view of each page; a builder without the
    plugin (journeymap generate) lets it read the page itself: the index is the same."""
    root = write_site(tmp_path, {"long": long_journey(), "alpha": ALPHA, "beta": BETA})
    report = report_for(root)
    urls = {checked.id: f"journeys/{checked.id}/" for checked in report.journeys}
    portfolio = portfolio_view(report, max_age=365, urls={**urls, "dashboard": "", "gaps": "gaps/"})
    env = templates.environment()

    def render(name: str, **context: Any) -> str:
        return templates.render(env, name, lambda url: url, portfolio=portfolio, **context)

    for journey_view in portfolio.journeys:
        page = render("journey.html", journey=journey_view)
        lean = render(templates.JOURNEY_SEARCH, journey=journey_view)
        assert sections(lean) == sections(page)
        assert len(sections(page)) == 1 + len(journey_view.stages)
        assert len(lean) * 3 < len(page)
        # The page's table of contents (built in the view) leads to ids the page has.
        ids = page_ids_of(page)
        entries = [*journey_view.toc, *(c for e in journey_view.toc for c in e.children)]
        assert len(entries) == 3 + bool(journey_view.emotion) + len(journey_view.stages)
        for entry in entries:
            assert ids.count(entry.anchor) == 1, entry.anchor
    for name in ("dashboard.html", "gaps.html"):
        page = render(name)
        assert sections(templates.search_view(page)) == sections(page)
        assert len(templates.search_view(page)) * 2 < len(page)
