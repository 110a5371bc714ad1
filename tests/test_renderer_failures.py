"""A renderer that misbehaves never hangs, crashes or silently empties a build (issue 9):
it is stopped in seconds with every process it started, what it wrote is used only if it
is an SVG document, the diagrams go to graphviz-pure instead, and one warning says so.
The renderers here are real processes: shell scripts named `dot` first on PATH."""

from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from commands import environment, journeymap, path_with, require_tool
from fake_renderers import EACH, REASONS, SVG, fake_dot, marked_processes
from journeymap.site import graphviz as renderer
from site_helpers import ALPHA, BETA, evidence, journey, soup, stage, write_site

SOURCES = [f"digraph {{ a{n} -> b{n} -> c{n} }}" for n in range(3)]  # two chunks on 2 CPUs
DAY = 86400.0


def assert_svg_file(path: Path) -> None:
    root = ET.fromstring(path.read_bytes())
    assert root.tag.rsplit("}", 1)[-1] == "svg", path


def graphviz_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "Graphviz" in line or "`dot`" in line]


@pytest.mark.parametrize(
    "behaviour",
    [
        "garbage-bytes",
        "invalid-utf8-in-svg",
        "not-svg",
        "truncated-svg",
        "empty-files",
        "no-output",
        "fails",
        "leaves-a-child-behind",
        "prints-endlessly",
        "warns-endlessly",
        "writes-endlessly",
    ],
)
def test_a_broken_dot_falls_back_to_graphviz_pure_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, diagram_cache: Path, mark: str, behaviour: str
) -> None:
    monkeypatch.setenv("PATH", path_with(fake_dot(tmp_path, behaviour, mark)))

    rendering = renderer.render_svgs(SOURCES)

    for svg in rendering.svgs:
        assert svg is not None and svg.startswith("<svg") and 'class="node"' in svg
    assert len(rendering.warnings) == 1, rendering.warnings
    (warning,) = rendering.warnings
    assert "`dot`" in warning and REASONS[behaviour] in warning
    assert "3 stage-flow diagrams were drawn with graphviz-pure instead" in warning
    entries = sorted((diagram_cache / "svg").iterdir())
    assert len(entries) == len(SOURCES)  # graphviz-pure's; nothing `dot` wrote is kept
    for entry in entries:
        assert_svg_file(entry)
    assert marked_processes(mark) == []

    again = renderer.render_svgs(SOURCES)
    assert again.svgs == rendering.svgs
    assert len(again.warnings) == 1


@pytest.mark.parametrize("behaviour", ["hangs", "hangs-in-a-child", "hangs-on-version"])
def test_a_hanging_dot_is_stopped_in_seconds_and_leaves_no_process(
    tmp_path: Path, mark: str, behaviour: str
) -> None:
    """`journeymap build` as a user runs it; the timeouts are shortened for the test."""
    if behaviour == "hangs-on-version":
        folder = fake_dot(tmp_path, "hangs", mark, on_version="sleep $MARK & wait")
    else:
        folder = fake_dot(tmp_path, behaviour, mark)
    stages = [
        stage(f"s{n}", evidence("supports"), next=[f"s{n + 1}"] if n < 3 else []) for n in range(4)
    ]
    root = write_site(
        tmp_path / "project", {"alpha": ALPHA, "beta": BETA, "gamma": journey("G", *stages)}
    )
    result = journeymap(
        "build",
        cwd=root,
        env=environment(PATH=path_with(folder), JOURNEYMAP_CACHE_DIR=str(tmp_path / "cache")),
        timeout=60,  # the old code waited 150 s
        constants={"site.graphviz.STALL_SECONDS": 1.0, "site.graphviz.VERSION_SECONDS": 1.0},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (warning,) = graphviz_warnings(result.stderr)
    assert warning.startswith("WARNING")
    reason = "`dot -V` stopped responding" if behaviour == "hangs-on-version" else "stopped"
    assert reason in warning
    assert "drawn with graphviz-pure instead" in warning
    for name, count in (("alpha", 6), ("beta", 2), ("gamma", 4)):
        page = soup(root / "site" / "journeys" / name / "index.html")
        assert len(page.select("figure.jm-diagram svg g.node")) == count
    assert marked_processes(mark) == []


def test_a_diagram_that_stops_every_renderer_loses_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, diagram_cache: Path, mark: str
) -> None:
    """Both renderers hang on one diagram (as real ones do on a very tangled graph); the
    second, like graphviz-pure, creates its files at once and fills them at the end."""
    monkeypatch.setattr(renderer, "STALL_SECONDS", 1.0)
    draw = f"printf '%s><g class=\"node\"/></svg>' '{SVG}' > \"$f.svg\""
    tangled = 'if grep -q tangled "$f"; then sleep $MARK; fi'
    dot = fake_dot(tmp_path, EACH.format(body=f"{tangled}; {draw}"), mark)
    pure = fake_dot(
        tmp_path / "pure",
        "; ".join(EACH.format(body=body) for body in (': > "$f.svg"', tangled, draw)),
        mark,
    )
    (pure / "dot").rename(pure / "graphviz-pure")
    monkeypatch.setenv("PATH", f"{dot}{os.pathsep}{pure}{os.pathsep}{os.environ['PATH']}")
    sources = ["digraph { tangled -> x }"] + [f"digraph {{ a{n} -> b{n} }}" for n in range(6)]

    rendering = renderer.render_svgs(sources)

    assert [bool(svg) for svg in rendering.svgs] == [False] + [True] * 6
    (warning,) = rendering.warnings
    assert "`dot`" in warning and "`graphviz-pure`" in warning and "stopped responding" in warning
    assert "1 stage-flow diagram could not be drawn" in warning
    assert marked_processes(mark) == []


def test_a_dot_that_cannot_be_started_is_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, diagram_cache: Path, mark: str
) -> None:
    folder = fake_dot(tmp_path, "exit 0", mark)
    (folder / "dot").write_text("no interpreter line: exec fails\n")
    monkeypatch.setenv("PATH", path_with(folder))
    rendering = renderer.render_svgs(SOURCES)
    assert all(rendering.svgs)
    (warning,) = rendering.warnings
    assert "`dot -V` could not be started" in warning
    assert "drawn with graphviz-pure instead" in warning


@pytest.mark.parametrize("damage", ["truncated", "garbage-bytes", "empty", "not-svg", "folder"])
def test_a_damaged_cache_entry_is_a_miss_and_is_replaced(diagram_cache: Path, damage: str) -> None:
    require_tool("dot")
    first = renderer.render_svgs(SOURCES[:2])
    assert all(first.svgs) and not first.warnings
    entry, _other = sorted((diagram_cache / "svg").iterdir())
    good = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "garbage-bytes":
        entry.write_bytes(b"\xff\xfe\x00\x81" + good[4:])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "not-svg":
        entry.write_bytes(b"<html><body>cached</body></html>")
    else:
        entry.unlink()
        entry.mkdir()
        (entry / "inside").write_text("x")

    second = renderer.render_svgs(SOURCES[:2])

    assert second.svgs == first.svgs
    assert second.processes == 1  # the damaged one was drawn again, the other came cached
    assert not second.warnings
    assert entry.read_bytes() == good  # replaced by the real drawing
    third = renderer.render_svgs(SOURCES[:2])
    assert third.processes == 0 and third.svgs == first.svgs


def test_the_cache_forgets_what_no_build_has_used_for_a_month(diagram_cache: Path) -> None:
    require_tool("dot")
    renderer.render_svgs(SOURCES[:1])
    (used,) = (diagram_cache / "svg").iterdir()
    now = time.time()
    unused = diagram_cache / "svg" / ("0" * 64 + ".svg")
    unused.write_bytes(used.read_bytes())
    recent = diagram_cache / "svg" / ("1" * 64 + ".svg")
    recent.write_bytes(used.read_bytes())
    leftover = diagram_cache / "svg" / "tmpabc.tmp"  # an interrupted write
    leftover.write_text("<svg")
    for path, age in (
        (used, 40 * DAY),
        (unused, 40 * DAY),
        (recent, 2 * DAY),
        (leftover, 0.2 * DAY),
    ):
        os.utime(path, (now - age, now - age))
    os.utime(diagram_cache / "pruned", (now - 2 * DAY, now - 2 * DAY))  # last pruned two days ago

    again = renderer.render_svgs(SOURCES[:1])

    assert again.processes == 0  # pruning starts no renderer
    assert used.exists(), "an entry this build used was pruned"
    assert recent.exists()
    assert not unused.exists()
    assert not leftover.exists()
    unused.write_bytes(used.read_bytes())
    os.utime(unused, (now - 40 * DAY, now - 40 * DAY))
    renderer.render_svgs(SOURCES[:1])
    assert unused.exists(), "the cache was looked through twice in a day"


def test_the_cache_keeps_within_its_size_dropping_the_least_recently_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(renderer, "CACHE_MAX_BYTES", 10_000)
    folder = tmp_path / "svg"
    folder.mkdir()
    now = time.time()
    for days in range(1, 6):
        path = folder / f"{days}.svg"
        path.write_bytes(b" " * 4000)
        os.utime(path, (now - days * DAY, now - days * DAY))
    renderer.prune_cache(tmp_path, now=now)
    assert sorted(path.name for path in folder.iterdir()) == ["1.svg", "2.svg"]


def test_a_live_preview_stops_asking_a_renderer_that_went_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, diagram_cache: Path, mark: str
) -> None:
    """Each save of a previewed journey would wait for a hanging `dot` again: the plan's
    memo (kept between the preview's rebuilds) passes it on as a renderer to avoid."""
    from journeymap.site.memo import Memo

    counter = tmp_path / "started"
    folder = fake_dot(tmp_path, f'echo started >> "{counter}"; sleep $MARK', mark)
    monkeypatch.setenv("PATH", path_with(folder))
    monkeypatch.setattr(renderer, "STALL_SECONDS", 1.0)
    root = write_site(tmp_path / "project", {"alpha": ALPHA, "beta": BETA})
    from journeymap.check.pipeline import check
    from journeymap.config.settings import settings_from_options

    settings = settings_from_options({}, root, root / "mkdocs.yml")
    memo = Memo()
    journeys = check(None, settings).journeys
    first, warnings = memo.diagrams(journeys)
    assert all(svg.startswith("<svg") for svg in first.values())  # graphviz-pure drew them
    assert "stopped responding" in " ".join(warnings)
    started = counter.read_text().count("started")
    assert started >= 1
    (root / "journeys" / "beta.yml").write_text(
        (root / "journeys" / "beta.yml").read_text().replace("Stage one", "Stage one, edited")
    )
    edited = check(None, settings).journeys  # a stage title changed: a new DOT to draw
    memo.failed.clear()  # as each build does
    second, warnings = memo.diagrams(edited)
    assert all(svg.startswith("<svg") for svg in second.values())
    assert counter.read_text().count("started") == started  # `dot` was not asked again
    assert "went wrong earlier in this preview" in " ".join(warnings)
    assert marked_processes(mark) == []


def test_a_diagram_too_large_for_every_renderer_is_said_to_be_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, diagram_cache: Path, mark: str
) -> None:
    """Both renderers write an SVG over 16 MB for one journey (as for a journey of
    thousands of stages): the warning says the diagram is too large, not that Graphviz is
    broken; a live preview does not draw that diagram again, and still draws the others."""
    from journeymap.check.pipeline import check
    from journeymap.config.settings import settings_from_options
    from journeymap.site.memo import Memo

    counter = tmp_path / "started"
    draw = f"printf '%s><g class=\"node\"/></svg>' '{SVG}' > \"$f.svg\""
    huge = (
        f'if grep -q hugestage "$f"; then yes "<g/>" | head -c 20000000 > "$f.svg"; else {draw}; fi'
    )
    behaviour = f'echo started >> "{counter}"; ' + EACH.format(body=huge)
    dot = fake_dot(tmp_path, behaviour, mark)
    pure = fake_dot(tmp_path / "pure", behaviour, mark)
    (pure / "dot").rename(pure / "graphviz-pure")
    monkeypatch.setenv("PATH", f"{dot}{os.pathsep}{pure}{os.pathsep}{os.environ['PATH']}")
    large = journey("Huge", stage("hugestage", evidence("supports")))
    root = write_site(tmp_path / "project", {"alpha": ALPHA, "beta": BETA, "huge": large})
    settings = settings_from_options({}, root, root / "mkdocs.yml")
    memo = Memo()

    first, warnings = memo.diagrams(check(None, settings).journeys)

    assert first["huge"] == "" and first["alpha"].startswith("<svg")
    (warning,) = warnings
    assert "wrote a file larger than 16 MB" in warning
    assert "too large to show" in warning and "split it" in warning
    assert "Graphviz installation" not in warning
    started = counter.read_text().count("started")
    (root / "journeys" / "alpha.yml").write_text(
        (root / "journeys" / "alpha.yml").read_text().replace("Stage start", "Stage start, edited")
    )
    memo.failed.clear()  # as each build does
    second, warnings = memo.diagrams(check(None, settings).journeys)
    assert second["alpha"].startswith("<svg") and second["huge"] == ""
    assert counter.read_text().count("started") == started + 1  # alpha's, not the huge one
    assert warnings == []
    assert marked_processes(mark) == []
