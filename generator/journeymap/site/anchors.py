"""The HTML ids of the generated pages, in two namespaces that cannot meet.

A stage's anchor is `stage-<stage id>`; every other id journeymap writes (the page's
sections, the gaps page's journey groups) starts with `jm-`. Stage ids are slugs, so no
stage id, whatever it is (`flow`, `map`, `jm-map`…), can give an id that page structure
uses. Graphviz's own SVG ids (`graph0`, `node1`, `a_node1`, `edge1`, `clust1`) and
Material's (`__drawer`, `__search`…) fit neither pattern.
"""

from __future__ import annotations

STAGE_PREFIX = "stage-"
STRUCTURE_PREFIX = "jm-"

#: Journey page sections.
JOURNEY = "jm-journey"
FLOW = "jm-flow"
MAP = "jm-map"
EMOTION = "jm-emotion"
STAGES = "jm-stages"
#: Dashboard sections.
JOURNEYS = "jm-journeys"
TABLE = "jm-table"
STATUSES = "jm-statuses"
#: Gaps page sections.
GAPS = "jm-gaps"
#: The page of a journey file that cannot be read: its heading.
UNREADABLE = "jm-unreadable"


def stage_anchor(stage_id: str) -> str:
    """The id of a stage's heading on its journey page."""
    return STAGE_PREFIX + stage_id


def gaps_anchor(journey_id: str) -> str:
    """The id of a journey's group on the gaps page."""
    return f"{STRUCTURE_PREFIX}gaps-{journey_id}"
