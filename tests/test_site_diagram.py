"""Stage-flow diagrams: cached by DOT source and renderer (a rebuild with nothing changed
starts no renderer, and the cache never changes the output), the graphviz-pure
fallback, and SVG sanitizing."""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from commands import PYTHON_BIN, require_tool
from journeymap.journey.model import Journey
from journeymap.journey.status import Status
from journeymap.site import diagram
from journeymap.site import graphviz as renderer
from site_helpers import (
    ALPHA,
    BETA,
    PHASES,
    build,
    journey,
    long_journey,
    node_rows,
    soup,
    stage,
    write_site,
)


def counting_dot(folder: Path, real_dot: str, counter: Path) -> None:
    """A `dot` first on PATH that records each start, then runs the real one."""
    folder.mkdir()
    script = folder / "dot"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{counter}"\nexec "{real_dot}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def starts(counter: Path) -> int:
    return len(counter.read_text().splitlines()) if counter.exists() else 0


def test_a_rebuild_with_nothing_changed_starts_no_renderer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, diagram_cache: Path
) -> None:
    real_dot = require_tool("dot")
    counter = tmp_path / "starts.log"
    counting_dot(tmp_path / "bin", real_dot, counter)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    root = write_site(tmp_path / "site-src", {"alpha": ALPHA, "beta": BETA})

    site = build(root)
    first = starts(counter)
    assert first >= 1
    renders = [line for line in counter.read_text().splitlines() if "-Tsvg" in line]
    assert renders and all(line.count(".dot") >= 1 for line in renders)
    assert len(renders) <= (os.cpu_count() or 1)  # batched: one process per chunk
    pages = {
        name: (site / "journeys" / name / "index.html").read_text(encoding="utf-8")
        for name in ("alpha", "beta")
    }

    build(root)
    assert starts(counter) == first, "a rebuild with nothing changed ran Graphviz"

    shutil.rmtree(diagram_cache)
    build(root)
    assert starts(counter) > first
    for name, html in pages.items():
        assert (site / "journeys" / name / "index.html").read_text(encoding="utf-8") == html


def test_changing_one_journey_renders_only_that_diagram(diagram_cache: Path) -> None:
    require_tool("dot")
    first = renderer.render_svgs(["digraph { a -> b }", "digraph { c -> d }"])
    assert first.processes >= 1 and all(first.svgs)
    second = renderer.render_svgs(["digraph { a -> b }", "digraph { c -> e }"])
    assert second.processes == 1
    assert second.svgs[0] == first.svgs[0]


def test_without_dot_the_pure_renderer_draws_the_diagram(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, diagram_cache: Path
) -> None:
    # graphviz-pure is a dependency: the one installed with this Python (a PATH entry
    # may be a pyenv shim, a script that needs bash).
    local = PYTHON_BIN / "graphviz-pure"
    pure = str(local) if local.exists() else shutil.which("graphviz-pure")
    assert pure is not None, "graphviz-pure (a dependency of journeymap) is not installed"
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    (empty / "graphviz-pure").symlink_to(Path(pure).resolve())
    monkeypatch.setenv("PATH", str(empty))
    site = build(write_site(tmp_path / "src", {"beta": BETA}))
    svg = soup(site / "journeys" / "beta" / "index.html").select_one("figure.jm-diagram svg")
    assert svg is not None
    assert len(svg.select("g.node")) == 2


def test_without_any_renderer_the_page_is_built_without_diagram(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    diagram_cache: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(sys, "executable", str(empty / "python"))  # hides graphviz-pure too
    site = build(write_site(tmp_path / "src", {"beta": BETA}))
    page = soup(site / "journeys" / "beta" / "index.html")
    assert page.select_one("figure.jm-diagram svg") is None
    assert page.select("section.jm-stage")
    assert any("No Graphviz renderer" in record.getMessage() for record in caplog.records)


def test_labels_are_escaped_and_links_come_from_slugs(diagram_cache: Path) -> None:
    require_tool("dot")
    hostile = '<x> URL="javascript:alert(1)"'
    breakout = '"]; x [URL="javascript:alert(2)"'
    html_label = "<b>bold</b>"
    model = Journey.model_validate(
        journey(
            "J",
            stage("a", title=hostile, phase=hostile),
            stage("b", title=breakout, phase=breakout),
            stage("c", title=html_label),
        )
    )
    source = diagram.journey_dot(model, {"a": Status.CONFIRMED})
    (svg,) = renderer.render_svgs([source]).svgs
    assert svg
    drawn = BeautifulSoup(svg, "html.parser")
    assert len(drawn.select("g.node")) == 3  # no node smuggled in by the break-out
    links = {a.get("xlink:href") for a in drawn.select("a")}
    assert links == {"#stage-a", "#stage-b", "#stage-c"}
    text = " ".join(t.get_text() for t in drawn.select("g.node text"))
    for shown in ("<x>", 'URL="javascript:alert(1)"', '"];', "<b>bold</b>"):
        assert shown in text
    phases = [t.get_text() for t in drawn.select("g.cluster text")]
    assert phases == [hostile, breakout]  # phase boxes, labelled literally
    assert drawn.select("b") == []


def test_sanitize_svg_removes_scripts_handlers_and_unsafe_links() -> None:
    svg = (
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'onload="alert(1)"><script>alert(2)</script><foreignObject><p>x</p></foreignObject>'
        '<g class="node" onclick="alert(3)" style="x"><a xlink:href="javascript:alert(4)">'
        '<text>ok</text></a><a href=" JAVA&#9;script:alert(5)"><text>t</text></a>'
        '<a xlink:href="#stage-a"><text>in</text></a>'
        '<a xlink:href="https://example.com/"><text>out</text></a></g></svg>'
    )
    clean = renderer.sanitize_svg(svg)
    assert clean.startswith("<svg")
    lowered = clean.lower()
    for banned in ("<?xml", "doctype", "script", "onload", "onclick", "foreignobject", "style="):
        assert banned not in lowered, banned
    assert 'xlink:href="#stage-a"' in clean
    assert 'xlink:href="https://example.com/"' in clean
    assert clean.count("href") == 2
    assert renderer.sanitize_svg("<html><script/></html>") == ""
    assert renderer.sanitize_svg("not xml <") == ""


def test_long_flows_wrap_in_rows_and_phases_are_boxes(diagram_cache: Path) -> None:
    require_tool("dot")
    phased = Journey.model_validate(long_journey())
    plain = Journey.model_validate(long_journey(phases=False))
    six = Journey.model_validate(journey("Six", *(stage(f"s{n}") for n in range(1, 7))))
    sources = [diagram.journey_dot(model, {}) for model in (phased, plain, six)]
    phased_svg, plain_svg, six_svg = renderer.render_svgs(sources).svgs
    assert phased_svg and plain_svg and six_svg
    expected = [[f"#stage-s{n}" for n in range(row * 5 + 1, row * 5 + 6)] for row in range(4)]
    assert node_rows(phased_svg) == expected  # one row per phase, in travel order
    assert node_rows(plain_svg) == expected  # rows of five
    assert node_rows(six_svg) == [["#stage-s1", "#stage-s2", "#stage-s3"],
                                  ["#stage-s4", "#stage-s5", "#stage-s6"]]  # fmt: skip
    boxes = BeautifulSoup(phased_svg, "html.parser").select("g.cluster")
    assert [box.get_text(strip=True) for box in boxes] == PHASES
    assert BeautifulSoup(plain_svg, "html.parser").select("g.cluster") == []
    # 20 stages in a block narrower than a laptop screen, drawn at full size.
    width = float(
        re.match(r"([\d.]+)pt", BeautifulSoup(plain_svg, "html.parser").svg["width"]).group(1)
    )
    assert width * 4 / 3 < 1100


def test_sanitized_svg_keeps_no_reference_to_another_host() -> None:
    """A renderer is not trusted: url(...) in any attribute may only point into the SVG."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg">'
        '<rect fill="url(http://evil.example/p.svg#g)"/>'
        "<rect stroke=\"URL( '//evil.example/x')\"/>"
        '<rect filter="url(data:image/svg+xml;base64,AAAA)"/>'
        '<rect fill="url(#gradient)"/>'
        "</svg>"
    )
    clean = renderer.sanitize_svg(svg)
    assert "evil" not in clean and "data:" not in clean
    assert 'fill="url(#gradient)"' in clean
