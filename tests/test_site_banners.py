"""What each page says about the findings at its top (SPEC "Preview"), without MkDocs: a
journey page lists its file's errors and warnings, the page of a file that cannot be read
says why, and in a preview every page counts what would fail CI, here and elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

from journeymap.site import plan as siteplan
from journeymap.site.rendering import PageRenderer
from site_helpers import ALPHA, BETA, STALE, evidence, html_of, journey, plan_for, stage, write_site


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
