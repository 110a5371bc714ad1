"""Preview (SPEC "Preview"): `journeymap build --preview` and `journeymap serve` build the
site whatever the findings and show them on the pages; serve rebuilds when a journey file
changes, never hangs a request on a broken file, recovers when it is fixed, keeps its
search index whole, and re-renders only the pages an edit changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from commands import journeymap
from journeymap.config.settings import settings_from_options
from journeymap.site import plan as siteplan
from journeymap.site.memo import Memo
from journeymap.site.rendering import PageRenderer
from site_helpers import ALPHA, BETA, UNVALIDATED, Serving, fetch, soup, write_site

BROKEN_YAML = "title: Broken\nstages:\n  - id: one\n    title: One\n    assumption: [unclosed\n"


def test_build_preview_writes_the_site_whatever_the_findings(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"beta": BETA, "broken": BROKEN_YAML, "guess": UNVALIDATED})
    plain = journeymap("build", cwd=root)
    assert plain.returncode == 1 and not (root / "site").exists()
    result = journeymap("build", "--preview", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site = root / "site"
    broken = soup(site / "journeys" / "broken" / "index.html")
    text = broken.get_text(" ")
    assert re.search(r"journeys/broken\.yml:\d+:\d+", text), text[:500]
    assert "yaml-syntax" in text
    guess = soup(site / "journeys" / "guess" / "index.html")
    stage_two = guess.select_one('.jm-stage[data-stage="two"]')
    assert stage_two is not None and stage_two["data-status"] == "unvalidated"
    codes = [item["data-code"] for item in guess.select(".jm-findings .jm-finding")]
    assert codes == ["unvalidated-stage"]
    dashboard = " ".join(soup(site / "index.html").get_text(" ").split())
    assert "2 findings would fail CI" in dashboard
    # A later plain build still refuses, and keeps the preview that is there.
    again = journeymap("build", cwd=root)
    assert again.returncode == 1
    assert (site / "journeys" / "broken" / "index.html").is_file()


def test_serve_shows_a_broken_file_and_recovers_when_it_is_fixed(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"beta": BETA, "alpha": ALPHA})
    alpha = root / "journeys" / "alpha.yml"
    good = alpha.read_text(encoding="utf-8")
    with Serving(root) as server:
        server.wait_for("journeys/alpha/", "Alpha journey")
        alpha.write_text(good.replace("title: Alpha journey", "title: [Alpha journey"), "utf-8")
        page = server.wait_for("journeys/alpha/", "could not be read")
        assert "journeys/alpha.yml:" in page and "yaml-syntax" in page
        for path in ("", "gaps/", "journeys/beta/", "journeys/alpha/"):  # nothing hangs
            assert fetch(server.url + path, timeout=10) is not None
        dashboard = server.wait_for("", "would fail CI")
        assert "journeys/alpha.yml" in dashboard
        alpha.write_text(good.replace("Alpha journey", "Alpha journey, fixed"), "utf-8")
        page = server.wait_for("journeys/alpha/", "Alpha journey, fixed")
        assert "could not be read" not in page
        assert "would fail CI" not in (fetch(server.url) or "would fail CI")
    assert "Traceback" not in server.errors


def test_serve_shows_a_failed_rebuild_on_the_page_and_never_hangs(tmp_path: Path) -> None:
    config = {
        "site_name": "Fixture",
        "theme": {"name": "material"},
        "plugins": ["search", {"journeymap": {"templates": "ours"}}],
    }
    root = write_site(tmp_path, {"beta": BETA}, config)
    (root / "ours").mkdir()
    with Serving(root) as server:
        server.wait_for("journeys/beta/", "Beta journey")
        (root / "ours" / "journey.html").write_text("{{ journey.nope.deeper }}", "utf-8")
        page = server.wait_for("journeys/beta/", "the preview could not be rebuilt")
        assert "journey.html" in page
        assert fetch(server.url + "gaps/", timeout=10) is not None
        assert "Beta journey" in page  # the last good build, under the banner
        (root / "ours" / "journey.html").unlink()
        server.wait_for("journeys/beta/", "Beta journey", absent="could not be rebuilt")
    assert "Traceback" not in server.errors


def test_serve_search_index_holds_every_page_after_an_edit(tmp_path: Path) -> None:
    root = write_site(
        tmp_path, {"beta": BETA, "alpha": ALPHA}, docs={"about.md": "# About\n\nHand-written.\n"}
    )
    with Serving(root) as server:
        server.wait_for("journeys/beta/", "Beta journey")
        first = json.loads(server.wait_for("search/search_index.json", "Beta journey"))
        pages = {doc["location"].split("#")[0] for doc in first["docs"]}
        assert {"", "gaps/", "journeys/alpha/", "journeys/beta/", "about/"} <= pages
        edited = dict(BETA)
        edited["stages"] = [dict(BETA["stages"][0], title="Renamed stage one"), BETA["stages"][1]]
        (root / "journeys" / "beta.yml").write_text(yaml.safe_dump(edited), encoding="utf-8")
        server.wait_for("journeys/beta/", "Renamed stage one")
        index = json.loads(server.wait_for("search/search_index.json", "Renamed stage one"))
        after = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert after == pages
        titles = [doc["title"] for doc in index["docs"]]
        assert not any(title == "Stage one" for title in titles)  # the old entry is gone
        assert len(index["docs"]) == len(first["docs"])
    assert "Traceback" not in server.errors


def test_a_terminated_serve_leaves_no_temporary_site(tmp_path: Path, beta_project: Path) -> None:
    root = beta_project
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with Serving(root, TMPDIR=str(scratch)) as server:
        server.wait_for("journeys/beta/", "Beta journey")
        assert list(scratch.iterdir())  # the preview's site lives there while it runs
    assert server.process.returncode == 128 + 15  # SIGTERM, as a shell reports it
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("localhost", "Must be a string of format 'IP:PORT'"),
        ("127.0.0.1:99999", "the port must be 1 to 65535"),
        ("nowhere:80", "does not appear to be an IPv4 or IPv6 address"),
    ],
)
def test_serve_refuses_a_bad_address_at_once(
    beta_project: Path, address: str, expected: str
) -> None:
    root = beta_project
    result = journeymap("serve", "-a", address, cwd=root)
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_serve_on_a_busy_address_says_so_before_building(beta_project: Path) -> None:
    import socket

    root = beta_project
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = journeymap("serve", "-a", f"127.0.0.1:{port}", cwd=root)
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Building documentation" not in result.stderr and "Traceback" not in result.stderr


def test_serve_watches_a_template_folder_named_while_it_runs(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"beta": BETA})
    with Serving(root) as server:
        server.wait_for("journeys/beta/", "Beta journey")
        (root / "ours").mkdir()
        (root / "ours" / "journey.html").write_text("{{ 1 // 0 }}", encoding="utf-8")
        config = yaml.safe_load((root / "mkdocs.yml").read_text())
        config["plugins"] = [
            "search",
            {"journeymap": {"journeys": "journeys", "templates": "ours"}},
        ]
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        server.wait_for("journeys/beta/", "ZeroDivisionError")
        (root / "ours" / "journey.html").write_text("<p>{{ journey.title }} (ours)</p>", "utf-8")
        server.wait_for("journeys/beta/", "Beta journey (ours)")
    assert "Traceback" not in server.errors


def test_a_second_plan_reuses_unchanged_pages_and_diagrams(tmp_path: Path) -> None:
    from journeymap.check.pipeline import check

    root = write_site(tmp_path, {"alpha": ALPHA, "beta": BETA})
    settings = settings_from_options({}, root, root / "mkdocs.yml")
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


def test_serve_rebuilds_when_a_journey_file_changes(beta_project: Path) -> None:
    root = beta_project
    with Serving(root) as server:
        # Only the page itself counts (an error page's navigation names the journey too).
        server.wait_for("journeys/beta/", "Beta journey", error_pages=False)
        changed = dict(BETA, title="Beta journey, renamed")
        (root / "journeys" / "beta.yml").write_text(yaml.safe_dump(changed), encoding="utf-8")
        server.wait_for("journeys/beta/", "Beta journey, renamed", error_pages=False)
    assert "Traceback" not in server.errors
