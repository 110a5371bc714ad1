"""Stage-flow diagrams: the DOT source of a journey (`graphviz` turns it into SVG).

Long flows wrap like text: stages are laid out in rows of at most ROW_STAGES, top to
bottom, so a 20-stage journey is a block of short rows rather than a strip that a page
would have to shrink until its labels cannot be read. Stages with a `phase` are drawn
inside a labelled box per phase (a Graphviz cluster); a phase starts a new row. Each
row reads left to right in travel order whatever the `next` links do (`_travel_edge`).

Colours are not in the DOT source: each node carries its status as a class
(`jm-node jm-status--<status>`) and journeymap.css paints nodes, edges and phase boxes
with the palette's variables, light or dark. Nodes are declared in stage order, which
the sanitized SVG keeps as its document order (graphviz.sanitize_svg), so the
keyboard reaches them in the journey's order.

Every label that comes from a journey file goes through `graphviz.escape()`, so text
shaped like an HTML-like label or like DOT syntax is shown literally; links and
tooltips are built from slugs and statuses only.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from itertools import groupby, pairwise

import graphviz

from journeymap.journey.model import Journey, Stage
from journeymap.journey.status import Status
from journeymap.site.anchors import stage_anchor

#: Most stages in one row of the diagram.
ROW_STAGES = 5
#: 12 pt: drawn at the SVG's own size, 16 CSS px.
FONT = {"fontname": "Helvetica,Arial,sans-serif", "fontsize": "12"}


def _runs(journey: Journey) -> list[tuple[str | None, list[int]]]:
    """Consecutive stages with the same phase (or none): (phase, stage indexes)."""
    indexes = range(len(journey.stages))
    return [
        (phase, list(run))
        for phase, run in groupby(indexes, key=lambda index: journey.stages[index].phase)
    ]


def _rows(members: list[int]) -> list[list[int]]:
    """A run of stages cut into rows of at most ROW_STAGES, of even length (7 stages: 4
    and 3, not 5 and 2). Phases do not share a row: Graphviz (2.43) draws an edge
    between two boxes on one rank twice."""
    size = -(-len(members) // -(-len(members) // ROW_STAGES))
    return [members[start : start + size] for start in range(0, len(members), size)]


def _label(stage: Stage, status: Status) -> str:
    lines = textwrap.wrap(
        stage.title, width=22, max_lines=3, placeholder=" …", break_long_words=False
    ) or [""]
    return "\\n".join(graphviz.escape(line) for line in lines) + f"\\n{status.value}"


def journey_dot(journey: Journey, statuses: Mapping[str, Status]) -> str:
    """The DOT source of a journey's stage flow: one node per stage, edges from `next`."""
    graph = graphviz.Digraph("stage flow")
    graph.attr(
        rankdir="TB",
        newrank="true",  # rows are ranked within their phase boxes
        bgcolor="transparent",
        pad="0.2",
        nodesep="0.35",
        ranksep="0.45",
        **FONT,
    )
    graph.attr(
        "node", shape="box", style="rounded,filled", margin="0.18,0.08", penwidth="1.6", **FONT
    )
    graph.attr("edge", arrowsize="0.7", penwidth="1.3")
    stages = journey.stages
    ids = [stage.id for stage in stages]
    names = [f"s{index}" for index in range(len(stages))]
    edges = {
        (index, ids.index(target))
        for index, stage in enumerate(stages)
        for target in (stage.next if stage.next is not None else ids[index + 1 : index + 2])
        if target in ids  # an unknown id is the core's finding, not an edge
    }
    rows: list[list[int]] = []
    for number, (phase, members) in enumerate(_runs(journey)):
        box = graphviz.Digraph(f"cluster_{number}" if phase else f"run_{number}")
        if phase:
            box.attr(
                label=graphviz.escape(phase),
                labeljust="l",
                style="rounded,dashed",
                margin="12",
            )
        for index in members:
            stage = stages[index]
            status = statuses.get(stage.id, Status.UNVALIDATED)
            box.node(
                names[index],
                label=_label(stage, status),
                # a status value: never free text
                **{"class": f"jm-node jm-status--{status.value}"},
                URL=f"#{stage_anchor(stage.id)}",  # a slug: never free text
                tooltip=f"{stage.id}: {status.value}",
                target="_self",
            )
        for row in _rows(members):  # one rank per row
            with box.subgraph() as line:
                line.attr(rank="same")
                for index in row:
                    line.node(names[index])
            rows.append(row)
        graph.subgraph(box)
    for row in rows:  # travel order left to right, even where `next` skips a stage
        for left, right in pairwise(row):
            if (left, right) not in edges:
                graph.edge(names[left], names[right], style="invis")
    row_of = {index: number for number, row in enumerate(rows) for index in row}
    for upper, lower in pairwise(rows):  # rows top to bottom, left-aligned
        graph.edge(names[upper[0]], names[lower[0]], style="invis", weight="10")
    for tail, head in sorted(edges):
        start, end, attributes = _travel_edge(names, tail, head, row_of[tail] != row_of[head])
        graph.edge(start, end, **attributes)
    return str(graph.source)


def _travel_edge(
    names: list[str], tail: int, head: int, across: bool
) -> tuple[str, str, dict[str, str]]:
    """(tail, head, attributes) of the DOT edge for a `next` link, written so that
    Graphviz has no reason to move a stage out of travel order.

    The order of the stages in a row rests on the invisible chain above; dot keeps it
    only while every edge agrees with it. A link between rows is no constraint on the
    layout (`constraint=false`, weight 0): as a ranking edge it takes part in dot's
    crossing minimisation across the phase boxes, which swapped a row's stages to shorten
    it (Four and Five, Six and Seven). A link back to an earlier stage is written
    from the earlier stage to the later with its arrow at the start
    (`dir=back`): drawn the same, it no longer closes a cycle with the chain, which dot
    would break by reversing whichever edge it met first."""
    attributes = {"constraint": "false", "weight": "0"} if across else {}
    if head < tail:
        return names[head], names[tail], {**attributes, "dir": "back"}
    return names[tail], names[head], attributes
