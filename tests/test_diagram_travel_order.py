"""Stage-flow diagrams run in travel order: whatever the shape of the journey (branches
that rejoin or never do, several from one stage, phases or none, phases cut by a
branch, loops, a `next` back to an earlier stage), each row shows its stages left to
right in the order of the file, rows follow each other top to bottom, and every link
to a later stage points right, or down where the flow wraps.

Drawn by real Graphviz (`dot`, and the graphviz-pure fallback), positions read from the
SVG the page inlines."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from commands import PYTHON_BIN, require_tool
from journeymap.journey.model import Journey
from journeymap.site import diagram
from journeymap.site import graphviz as renderer
from site_helpers import journey, node_centres, node_rows, stage

#: A journey shape: stage count, each stage's phase (or None for no phases), and the
#: `next` lists by stage number (1-based); the others go on to the following stage.
Shape = tuple[int, list[str] | None, dict[int, list[int]]]

SHAPES: dict[str, Shape] = {
    "linear": (4, None, {}),
    "linear, wrapping in rows": (12, None, {}),
    "linear, phases": (6, list("AABBCC"), {}),
    # the issue's example: stage 3 branches to 4 and 6, phases group the stages
    "branch to 4 and 6 in phases": (7, list("AAABBCC"), {3: [4, 6], 5: [7]}),
    "branch to 4 and 6, no phases": (7, None, {3: [4, 6], 5: [7]}),
    "branches that rejoin": (6, None, {1: [2, 4], 3: [5]}),
    "branches that never rejoin": (7, None, {2: [3, 5], 4: []}),
    "three branches from one stage": (8, list("AABBBBCC"), {2: [3, 5, 7], 4: [8], 6: [8]}),
    "two stages that branch": (9, list("AAABBBCCC"), {1: [2, 3], 4: [5, 7], 6: [9]}),
    "phases cut by a branch": (7, list("AABBBCC"), {2: [3, 6], 4: [7]}),
    "a branch out of the middle of a phase": (8, list("AAAABBBB"), {2: [5], 3: [4, 6]}),
    "a loop back within a row": (6, None, {4: [2, 5]}),
    "a loop back in phases": (6, list("AABBCC"), {4: [2, 5]}),
    "a next to the first stage": (6, None, {5: [1, 6]}),
    "a back link across rows": (12, None, {9: [2, 10], 11: [4, 12]}),
    "a stage that links to itself": (4, None, {2: [2, 3]}),
    "back links between phases": (8, list("AABBBBCC"), {1: [8, 1], 3: [4, 7], 8: [5]}),
    "phases and unphased stages": (7, [*"AA", "", *"BB", "", "C"], {2: [3, 5], 5: [7]}),
}


def random_shapes(count: int) -> dict[str, Shape]:
    """Tangled journeys no one would design, the same on every run (seeded): what a
    table of hand-made shapes misses."""
    chooser = random.Random(22)
    shapes: dict[str, Shape] = {}
    for number in range(count):
        size = chooser.randint(3, 14)
        phases = None
        if chooser.random() < 0.6:
            phase, phases = "A", []
            for _ in range(size):
                if chooser.random() < 0.3:
                    phase = chr(ord(phase) + 1)
                phases.append(phase)
        links: dict[int, list[int]] = {}
        for place in range(1, size + 1):
            roll = chooser.random()
            if roll < 0.3:
                links[place] = chooser.sample(range(1, size + 1), chooser.randint(1, 3))
            elif roll < 0.4:
                links[place] = [chooser.randint(1, size)] if chooser.random() < 0.7 else []
        shapes[f"random {number}: {size} stages, phases {phases}, next {links}"] = (
            size,
            phases,
            links,
        )
    return shapes


def model(shape: Shape) -> Journey:
    size, phases, links = shape
    stages = []
    for place in range(1, size + 1):
        extra: dict[str, Any] = {"title": f"Stage number {place} of the journey"}
        if phases and phases[place - 1]:
            extra["phase"] = f"Phase {phases[place - 1]}"
        if place in links:
            extra["next"] = [f"s{target}" for target in links[place]]
        stages.append(stage(f"s{place}", **extra))
    return Journey.model_validate(journey("Shape", *stages))


def out_of_order(shape: Shape, svg: str) -> list[str]:
    """What the drawing gets wrong about travel order, in words (nothing when right)."""
    size, _, _ = shape
    where = node_centres(svg)
    rows = node_rows(svg)
    problems = []
    if [href for row in rows for href in row] != [f"#stage-s{n}" for n in range(1, size + 1)]:
        problems.append(f"rows read {rows}")
    row_of = {href: number for number, row in enumerate(rows) for href in row}
    for tail, targets in travel_links(shape).items():
        for head in targets:
            if head <= tail:
                continue  # a link back: the arrow may loop
            start, end = f"#stage-s{tail}", f"#stage-s{head}"
            same_row = row_of[start] == row_of[end]
            if (same_row and where[end][0] <= where[start][0]) or row_of[end] < row_of[start]:
                problems.append(f"s{tail} -> s{head} does not point right or down")
    return problems


def travel_links(shape: Shape) -> dict[int, list[int]]:
    size, _, links = shape
    return {n: links.get(n, [n + 1] if n < size else []) for n in range(1, size + 1)}


def draw(shapes: dict[str, Shape]) -> dict[str, str]:
    sources = [diagram.journey_dot(model(shape), {}) for shape in shapes.values()]
    svgs = renderer.render_svgs(sources).svgs
    assert all(svgs), "Graphviz drew no diagram for some shapes"
    return dict(zip(shapes, (svg or "" for svg in svgs), strict=True))


def test_every_shape_of_journey_is_drawn_in_travel_order(diagram_cache: Path) -> None:
    require_tool("dot")
    shapes = {**SHAPES, **random_shapes(60)}
    drawn = draw(shapes)
    wrong = {
        name: problems for name in shapes if (problems := out_of_order(shapes[name], drawn[name]))
    }
    assert wrong == {}


def test_the_issue_example_reads_one_to_seven(diagram_cache: Path) -> None:
    """ "Three" was drawn left of "One", "Seven" left of "Six"."""
    require_tool("dot")
    shape = SHAPES["branch to 4 and 6 in phases"]
    (svg,) = draw({"issue": shape}).values()
    assert node_rows(svg) == [
        ["#stage-s1", "#stage-s2", "#stage-s3"],
        ["#stage-s4", "#stage-s5"],
        ["#stage-s6", "#stage-s7"],
    ]


def test_the_fallback_renderer_draws_travel_order_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, diagram_cache: Path
) -> None:
    local = PYTHON_BIN / "graphviz-pure"
    pure = str(local) if local.exists() else shutil.which("graphviz-pure")
    assert pure is not None, "graphviz-pure (a dependency of journeymap) is not installed"
    only_pure = tmp_path / "bin"
    only_pure.mkdir()
    (only_pure / "graphviz-pure").symlink_to(Path(pure).resolve())
    monkeypatch.setenv("PATH", str(only_pure))
    drawn = draw(SHAPES)
    wrong = {
        name: problems for name in SHAPES if (problems := out_of_order(SHAPES[name], drawn[name]))
    }
    assert wrong == {}
