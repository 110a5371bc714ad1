"""Hostile journey text (issue 3, "Security"): every text field of a journey holds XSS,
Markdown, attr_list, Jinja, DOT and snippet payloads. Built with the Markdown extensions
that make such text dangerous, each page is loaded in headless Chromium: no payload runs,
and each payload shows literally. The built HTML and SVG are also checked statically, and
so, without a build, is the Markdown a page becomes: no journey text starts a line of it,
and its front matter is data."""

from __future__ import annotations

import gzip
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from commands import journeymap, require_tool
from journeymap.site.rendering import PageRenderer
from site_helpers import (
    BETA,
    CHROMIUM_FLAGS,
    build,
    days_ago,
    evidence,
    journey,
    mkdocs_config,
    plan_for,
    soup,
    stage,
    waiver,
    write_site,
)

# Each payload, if it ever ran, would set data-pwned on <html>; the attribute name is
# assembled at run time so the literal text of a payload never looks like the effect.
MARK = "document.documentElement.setAttribute('data-'+'pwned','{0}')"
PAYLOADS = [
    f"<script>{MARK.format('script')}</script>",
    f'<img src=x onerror="{MARK.format("img")}">',
    f'<svg onload="{MARK.format("svg")}"></svg>',
    f"[click](javascript:{MARK.format('md-link')})",
    f"![x](javascript:{MARK.format('md-image')})",
    f'{{: onclick="{MARK.format("attr-list")}" }}',
    "{{ 7*7 }} {% raw %}raw{% endraw %} {{ config }}",
    f'"]; x [URL="javascript:{MARK.format("dot")}"]',
    '<x> URL="javascript:alert(1)"',
    "<b>bold</b>",
    '--8<-- "/etc/passwd"',
    f"</title><script>{MARK.format('title')}</script>",
    f"<div markdown=\"1\">*md* <a href='javascript:{MARK.format('md-in-html')}'>a</a></div>",
    f"```html\n<script>{MARK.format('fence')}</script>\n```",
]
BUNDLE = " ¶ ".join(PAYLOADS)
HOSTILE_URL = f'https://example.com/"><img/src=x/onerror={MARK.format("url").replace(" ", "")}>'

TEXT_FIELDS = {
    "journey": ["title", "persona", "owner", "summary"],
    "stage": ["title", "assumption", "assumed_by", "phase"],
    "evidence": ["summary", "source", "quote"],
    "waiver": ["reason", "approved_by"],
}


def hostile_journey() -> dict[str, Any]:
    evidence = {
        "kind": "complaint",
        "summary": BUNDLE,
        "source": BUNDLE,
        "quote": BUNDLE,
        "url": HOSTILE_URL,
        "date": days_ago(3),
        "stance": "mixed",
        "sentiment": "negative",
        "sample": 3,
    }
    lists = {"touchpoints": [BUNDLE], "pain_points": [BUNDLE], "opportunities": [BUNDLE]}
    hostile_waiver = {**waiver(), "reason": BUNDLE, "approved_by": BUNDLE}
    return {
        "title": BUNDLE,
        "persona": BUNDLE,
        "owner": BUNDLE,
        "summary": BUNDLE,
        "tags": [BUNDLE, *PAYLOADS],
        "stages": [
            {
                "id": "one",
                "title": BUNDLE,
                "assumption": BUNDLE,
                "assumed_by": BUNDLE,
                "phase": BUNDLE,
                "evidence": [evidence],
                "emotion": -2,
                **lists,
            },
            {
                "id": "two",
                "title": BUNDLE,
                "assumption": BUNDLE,
                "waiver": hostile_waiver,
                **lists,
            },
            {"id": "three", "title": PAYLOADS[7], "assumption": "x", "evidence": [evidence]},
        ],
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = mkdocs_config(
        markdown_extensions=[
            "attr_list",
            "md_in_html",
            {"pymdownx.snippets": {"check_paths": False}},
            "pymdownx.superfences",
        ]
    )
    root = write_site(tmp_path_factory.mktemp("hostile"), {"evil": hostile_journey()}, config)
    return build(root)


PAGES = ["journeys/evil/index.html", "index.html", "gaps/index.html", "about/index.html"]


def normal(text: str) -> str:
    return " ".join(text.split())


def dump_dom(chromium: str, page: Path, profile: Path) -> BeautifulSoup:
    result = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<html" in result.stdout
    return BeautifulSoup(result.stdout, "html.parser")


def test_no_payload_runs_in_a_browser(site: Path, tmp_path: Path) -> None:
    chromium = require_tool("chromium")
    control = tmp_path / "control.html"
    control.write_text(f"<html><body><script>{MARK.format('control')}</script></body></html>")
    dom = dump_dom(chromium, control, tmp_path / "profile")
    assert dom.html is not None and dom.html.get("data-pwned") == "control"  # detection works

    for name in PAGES:
        dom = dump_dom(chromium, site / name, tmp_path / "profile")
        assert dom.html is not None
        assert dom.html.get("data-pwned") is None, f"{name}: payload ran"
        if name.startswith("journeys/"):
            text = normal(dom.get_text(" "))
            for payload in PAYLOADS:
                assert normal(payload) in text, f"{name}: {payload!r} is not shown literally"


def test_every_text_field_shows_its_payload_literally(site: Path) -> None:
    page = soup(site / "journeys" / "evil" / "index.html")
    expected = normal(BUNDLE)

    def texts(selector: str) -> list[str]:
        found = [normal(tag.get_text(" ")) for tag in page.select(selector)]
        assert found, selector
        return found

    assert texts("article h1") == [expected]
    assert expected in texts(".jm-head .jm-lede")
    facts = " ".join(texts(".jm-facts dd"))
    assert facts.count(expected) == 2  # persona and owner
    assert normal(PAYLOADS[0]) in texts(".jm-tags li")
    for selector in (
        ".jm-map__title",
        ".jm-cell--assumption",
        ".jm-cell--pain li",
        ".jm-cell--opportunities li",
        ".jm-cell--touchpoints li",
        '[data-stage="one"] .jm-assumption',
        '[data-stage="one"] .jm-evidence__summary',
        '[data-stage="one"] .jm-evidence__source',
        '[data-stage="two"] .jm-waiver',
        ".jm-list--pain li",
        ".jm-list--opportunities li",
        ".jm-list--touchpoints li",
        ".jm-map__phase",
        '[data-stage="one"] .jm-stage__meta',
    ):
        assert any(expected in text for text in texts(selector)), selector
    quote = texts('[data-stage="one"] .jm-quote')[0]
    assert quote == expected  # the quotation marks come from the stylesheet
    title = page.title
    assert title is not None and title.get_text().startswith(BUNDLE)
    description = page.select_one('meta[name="description"]')
    assert description is not None and description["content"] == BUNDLE
    # The hostile URL is an https link, so it is kept, as one attribute value.
    link = page.select_one('[data-stage="one"] .jm-evidence a[href]')
    assert link is not None and link["href"] == HOSTILE_URL
    assert set(link["rel"]) == {"noopener", "noreferrer"}
    # Jinja in journey text stays text; snippets include nothing.
    assert "{{ 7*7 }}" in page.get_text() and "49" not in page.get_text()
    assert "root:x:0:0" not in (site / "journeys" / "evil" / "index.html").read_text()


def test_built_html_and_svg_hold_no_script_handler_or_javascript_link(site: Path) -> None:
    files = [*site.rglob("*.html"), *site.rglob("*.svg")]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if "pwned" not in text and "journeymap" not in text:
            continue
        document = BeautifulSoup(text, "html.parser")
        for script in document.select("script"):
            assert "pwned" not in script.get_text(), f"{path}: payload script"
        for tag in document.find_all(True):
            for name, value in tag.attrs.items():
                joined = " ".join(value) if isinstance(value, list) else str(value)
                assert not name.lower().startswith("on"), f"{path}: <{tag.name} {name}=…>"
                if name.lower() in {"href", "src", "xlink:href", "action", "formaction"}:
                    assert not normal(joined).lower().replace(" ", "").startswith("javascript:"), (
                        f"{path}: <{tag.name} {name}={joined!r}>"
                    )
        assert "<b>bold</b>" not in text
    page = soup(site / "journeys" / "evil" / "index.html")
    svg = page.select_one("figure.jm-diagram svg")
    assert svg is not None
    assert len(svg.select("g.node")) == 3
    assert {a.get("xlink:href") for a in svg.select("a")} == {
        "#stage-one",
        "#stage-two",
        "#stage-three",
    }


# A file name may hold any character but `/`: an escape sequence that recolours a
# terminal, a line break that forges a line. The site shows such a name as the text and
# SARIF outputs do, its control characters escaped visibly, never raw.
NASTY = "bad\x1b[31m\nname"  # broken YAML: an unreadable file's page
NASTY_SHOWN = "bad\\x1b[31m\\nname"  # how every page shows it
MISNAMED = "be\x1bta"  # good YAML under a name that is no journey id (a schema error)
MISNAMED_SHOWN = "be\\x1bta"
BROKEN_YAML = "title: Broken\nstages:\n  - id: one\n    title: [unclosed\n"


def site_texts(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every text a site's files hold: pages, scripts, the sitemap (unzipped), and each
    string of a JSON file (the search index), as read back (so `\\u001b` is ESC)."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".gz":
            yield path, gzip.decompress(path.read_bytes()).decode("utf-8")
        elif path.suffix == ".json":

            def strings(value: Any) -> Iterator[str]:
                if isinstance(value, str):
                    yield value
                elif isinstance(value, dict):
                    for key, item in value.items():
                        yield key
                        yield from strings(item)
                elif isinstance(value, list):
                    for item in value:
                        yield from strings(item)

            data = json.loads(path.read_text(encoding="utf-8"))
            yield path, "\0".join(strings(data))
        elif path.suffix in {".html", ".xml", ".js", ".css", ".svg", ".md", ".txt"}:
            yield path, path.read_text(encoding="utf-8")


def assert_no_raw_control_characters(folder: Path) -> None:
    for path, text in site_texts(folder):
        assert "\x1b" not in text, f"raw ESC in {path}"
        for raw_break in ("[31m\nname", "[31m&#10;name", "[31m\rname"):
            assert raw_break not in text, f"a raw line break of the file name in {path}"


def test_control_characters_in_file_names_are_escaped_everywhere_in_the_site(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {"beta": BETA, NASTY: BROKEN_YAML, MISNAMED: BETA})
    result = journeymap("build", "--preview", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site = root / "site"
    assert_no_raw_control_characters(site)
    assert not [p for p in site.rglob("*") if "\x1b" in p.name or "\n" in p.name]

    # The dashboard's files with findings, each escaped, each linking its page.
    dashboard = soup(site / "index.html")
    rows = {
        row.get_text(" ").split(":")[0].strip(): row
        for row in dashboard.select(".jm-findings__files li")
    }
    assert set(rows) == {f"journeys/{NASTY_SHOWN}.yml", f"journeys/{MISNAMED_SHOWN}.yml"}
    assert rows[f"journeys/{NASTY_SHOWN}.yml"]["data-file"] == f"journeys/{NASTY_SHOWN}.yml"
    # The unreadable file's page: its title, heading, nav entry and finding locations.
    page_link = rows[f"journeys/{NASTY_SHOWN}.yml"].a
    assert page_link is not None
    unreadable = soup(site / str(page_link["href"]) / "index.html")
    heading = unreadable.select_one(".jm-unreadable h1")
    assert heading is not None and heading.get_text() == f"{NASTY_SHOWN}.yml could not be read"
    assert (
        unreadable.title is not None
        and f"{NASTY_SHOWN}.yml could not be read" in unreadable.title.get_text()
    )
    nav = [" ".join(a.get_text().split()) for a in dashboard.select(".md-nav__link")]
    assert f"{NASTY_SHOWN}.yml" in nav
    wheres = [code.get_text() for code in unreadable.select(".jm-finding__where")]
    assert wheres and all(w.startswith(f"journeys/{NASTY_SHOWN}.yml:") for w in wheres)
    # The misnamed journey's page: its id, source path and edit link, never raw.
    misnamed_link = rows[f"journeys/{MISNAMED_SHOWN}.yml"].a
    assert misnamed_link is not None
    journey_page = soup(site / str(misnamed_link["href"]) / "index.html")
    box = journey_page.select_one(".jm-journey")
    assert box is not None and box["data-journey"] == MISNAMED_SHOWN
    edit = journey_page.select_one(".jm-journey a.jm-edit")
    assert edit is not None and edit.get_text() == f"journeys/{MISNAMED_SHOWN}.yml"
    assert str(edit["href"]).endswith("/journeys/be%1Bta.yml")
    message = journey_page.select_one('.jm-finding[data-code="schema"]')
    assert message is not None and MISNAMED_SHOWN in message.get_text()
    # The search index shows the names as the pages do.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [entry["title"] for entry in index["docs"]]
    assert f"{NASTY_SHOWN}.yml could not be read" in titles

    # `journeymap generate` writes the same pages as files: escaped there too.
    assert journeymap("generate", "--out", "docs/journeys", cwd=root).returncode == 0
    assert_no_raw_control_characters(root / "docs")


def test_front_matter_and_titles_are_data(tmp_path: Path) -> None:
    title = 'Bill: "pay" </title><script>x</script> {{ 7*7 }}'
    root = write_site(
        tmp_path, {"beta": journey(title, stage("one", evidence("supports")), summary="a\nb: c")}
    )
    plan = plan_for(root)
    markdown = PageRenderer(plan).markdown(plan.by_uri["journeys/beta.md"])
    front, body = markdown.split("\n---\n", 1)
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
