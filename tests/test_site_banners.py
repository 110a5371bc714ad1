"""What each page says about the findings at its top (SPEC "Preview"), without MkDocs: a
journey page lists its file's errors and warnings, the page of a file that cannot be read
says why, and in a preview every page counts what would fail CI, here and elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

from journeymap.site import plan as siteplan
from journeymap.site.rendering import PageRenderer
from site_helpers import (
    ALPHA,
    BETA,
    STALE,
    evidence,
    html_of,
    journey,
    plan_for,
    stage,
    write_site,
)


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


def test_the_dashboard_raises_no_alarm_for_zero(tmp_path: Path) -> None:
    calm = journey("Calm", stage("one", evidence("supports")))
    plan = plan_for(write_site(tmp_path, {"calm": calm}))
    assert "jm-figure--alert" not in html_of(plan, "index.md")
    alarm = plan_for(write_site(tmp_path / "b", {"alpha": ALPHA}))
    assert html_of(alarm, "index.md").count("jm-figure--alert") == 2


def _lists_under_sentences(html: str) -> list[tuple[str, list[str]]]:
    """(sentence, codes of the list right under it) for each lead of the findings banner."""
    from bs4 import BeautifulSoup

    aside = BeautifulSoup(html, "html.parser").select_one("aside.jm-findings")
    assert aside is not None
    told: list[tuple[str, list[str]]] = []
    for element in aside.find_all(["p", "ul"], recursive=False):
        if element.name == "p":
            told.append((" ".join(element.get_text().split()), []))
        elif "jm-findings__list" in element.get("class", []):
            assert told, "a list of findings with no sentence above it"
            assert not told[-1][1], "two lists under one sentence"
            told[-1][1].extend(str(li["data-code"]) for li in element.find_all("li"))
    return told


def test_each_list_of_findings_sits_under_the_sentence_that_describes_it(
    tmp_path: Path,
) -> None:
    # A file with an error and a warning, next to another failing file: the error is
    # listed under "would fail CI", the warning under a sentence saying it does not, and
    # nothing under "in other journey files" (its link says where those are).
    mixed = journey("Mixed", stage("old", evidence("supports", days=900)), stage("bare"))
    root = write_site(tmp_path, {"mixed": mixed, "other": journey("Other", stage("one"))})
    told = _lists_under_sentences(html_of(plan_for(root, preview=True), "journeys/mixed.md"))
    assert [(sentence.split(":")[0], codes) for sentence, codes in told] == [
        ("Preview. 1 finding in this journey file would fail CI", ["unvalidated-stage"]),
        (
            "1 finding in this journey file does not fail CI (--strict would make its warnings fail)",
            ["stale-evidence"],
        ),
        ("Preview. 1 finding in other journey files would fail CI", []),
    ]
    # Strict: the warning fails too, so both are listed under "would fail CI".
    strict = plan_for(write_site(tmp_path / "strict", {"mixed": mixed}), preview=True, strict=True)
    told = _lists_under_sentences(html_of(strict, "journeys/mixed.md"))
    assert [codes for _, codes in told] == [["stale-evidence", "unvalidated-stage"]]
    # A published page (no preview) lists its warnings as before, under no preview sentence.
    html = html_of(plan_for(write_site(tmp_path / "calm", {"stale": STALE})), "journeys/stale.md")
    assert 'data-code="stale-evidence"' in html and "Preview." not in html


def test_a_file_broken_mid_edit_keeps_its_place_and_title_in_the_navigation(
    tmp_path: Path,
) -> None:
    from journeymap.site.memo import Memo
    from site_helpers import report_for

    root = write_site(
        tmp_path,
        {
            "alpha": BETA,
            "moving-home": journey("Moving home", stage("one", evidence("supports"))),
            "zeta": BETA,
        },
    )
    memo = Memo()
    settings_root = root
    good = siteplan.plan(
        report_for(settings_root), plan_for(root).settings, preview=True, memo=memo
    )
    before = [(page.uri, page.nav_title) for page in good.nav_pages()]
    (root / "journeys" / "moving-home.yml").write_text("title: [unclosed\n", encoding="utf-8")
    broken = siteplan.plan(report_for(root), good.settings, preview=True, memo=memo)
    after = [(page.uri, page.nav_title) for page in broken.nav_pages()]
    assert after == before  # same place, same address, same title
    assert broken.by_uri["journeys/moving-home.md"].kind is siteplan.Kind.UNREADABLE
    # Without a last good read (a first preview of a broken file): its name, in its place.
    fresh = plan_for(root, preview=True)
    titles = [page.nav_title for page in fresh.nav_pages()]
    assert titles[2:] == ["Beta journey", "moving-home.yml", "Beta journey"]
