"""Stage-flow diagrams: the DOT source of a journey (`renderer` turns it into SVG).

Every label that comes from a journey file goes through `graphviz.escape()`, so text
shaped like an HTML-like label or like DOT syntax is shown literally; links and
tooltips are built from slugs and statuses only.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import graphviz

from journeymap.model import Journey
from journeymap.status import Status

#: Fill, border and text colour per status: pastel fills with dark text read on both the
#: light and the dark palette (the SVG background is transparent).
STATUS_COLOURS: dict[Status, tuple[str, str, str]] = {
    Status.UNVALIDATED: ("#fde2e1", "#c62828", "#5f1414"),
    Status.WAIVED: ("#e8eaf0", "#6b7280", "#2f3441"),
    Status.STALE: ("#fff1c7", "#b7791f", "#5c3d0b"),
    Status.CONTESTED: ("#f1e4fb", "#7e3fb3", "#3f1d5c"),
    Status.CONTRADICTED: ("#ffe3cc", "#d35400", "#5e2600"),
    Status.CONFIRMED: ("#dcf5e3", "#2e8540", "#14401e"),
}


def journey_dot(journey: Journey, statuses: Mapping[str, Status]) -> str:
    """The DOT source of a journey's stage flow: one node per stage, edges from `next`."""
    graph = graphviz.Digraph("stage flow")
    graph.attr(rankdir="LR", bgcolor="transparent", pad="0.2", nodesep="0.35", ranksep="0.45")
    graph.attr(
        "node",
        shape="box",
        style="rounded,filled",
        fontname="Helvetica,Arial,sans-serif",
        fontsize="12",
        margin="0.18,0.08",
        penwidth="1.6",
    )
    graph.attr("edge", color="#8a8f98", arrowsize="0.7", penwidth="1.3")
    ids = [stage.id for stage in journey.stages]
    names = {stage_id: f"s{index}" for index, stage_id in enumerate(ids)}
    for stage in journey.stages:
        status = statuses.get(stage.id, Status.UNVALIDATED)
        fill, border, text = STATUS_COLOURS[status]
        lines = textwrap.wrap(
            stage.title, width=22, max_lines=3, placeholder=" …", break_long_words=False
        ) or [""]
        label = "\\n".join(graphviz.escape(line) for line in lines)
        graph.node(
            names[stage.id],
            label=f"{label}\\n{status.value}",
            fillcolor=fill,
            color=border,
            fontcolor=text,
            URL=f"#stage-{stage.id}",  # a slug: never free text
            tooltip=f"{stage.id}: {status.value}",
            target="_self",
        )
    for index, stage in enumerate(journey.stages):
        targets = stage.next if stage.next is not None else ids[index + 1 : index + 2]
        for target in targets:
            if target in names:  # an unknown id is the core's finding, not an edge
                graph.edge(names[stage.id], names[target])
    return str(graph.source)
