"""Guards against hostile YAML, each a `LoadError` before any code walks the data.

- nesting deeper than `MAX_DEPTH` (the composer is recursive C code that crashes the
  interpreter around 100,000 levels; past ~1,100 Python's own walks would fail):
  measured event by event, before the composer sees the document, when cheap scans
  say it might nest deeply (`check_nesting`);
- aliases that expand the document to more than `MAX_EXPANDED_NODES` values ("billion
  laughs"), and an alias inside the very list or mapping its anchor names, which would
  repeat itself forever (`check_expansion`).
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.journey.document import LoadError
from journeymap.journey.positions import Lines, Position
from journeymap.journey.yaml_base import BaseLoader

#: Deepest nesting of collections a journey file may have (a valid one needs 5).
MAX_DEPTH = 64
#: Largest number of nodes a document may expand to once aliases are followed.
MAX_EXPANDED_NODES = 250_000

# Cheap signs (C-speed scans) that a document might nest deeply; only then is the
# nesting measured event by event. Block nesting needs deep indentation or a chain of
# compact `- `/`? `/`: ` indicators on one line; flow nesting needs brackets.
# (A literal first character lets the regex engine skip ahead: ten times faster than ^.)
_DEEP_BLOCK = re.compile(r"\n[ \t?:-]{48}")
_BRACKETS_BEFORE_SCAN = 200


def check_nesting(text: str, lines: Lines) -> None:
    """Reject nesting deeper than MAX_DEPTH (measured only where it might be)."""
    if (
        text.count("[") + text.count("{") > _BRACKETS_BEFORE_SCAN
        or _DEEP_BLOCK.search("\n" + text[:64])
        or _DEEP_BLOCK.search(text)
    ):
        _check_depth(text, lines)


def _check_depth(text: str, lines: Lines) -> None:
    """Reject nesting deeper than MAX_DEPTH, reading events so nothing deep is ever built."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=BaseLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError(
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep; "
                        "a journey file needs about 5",
                        lines.mark(event.start_mark),
                        syntax=False,
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the real parse below reports the syntax error with its position


def check_expansion(root: Node, lines: Lines) -> bool:
    """Reject documents whose aliases expand to more than MAX_EXPANDED_NODES nodes, or
    that hold a recursive alias (an alias inside the very node its anchor names).

    Returns whether any list or mapping is repeated by an alias.
    """
    shared = False
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the nodes whose children are being walked
    # Iterative post-order walk: aliases make the tree a DAG, sizes are memoised per node.
    # Everything above a node's (node, True) entry on the stack lies below it in the tree:
    # meeting an open node again means the node is its own descendant.
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > MAX_EXPANDED_NODES:
                raise LoadError(
                    f"aliases (*name) expand this document to more than "
                    f"{MAX_EXPANDED_NODES:,} values; write the values out or reuse fewer "
                    "anchors",
                    lines.mark(node.start_mark),
                    syntax=False,
                )
            sizes[key] = total
            continue
        if key in sizes:  # met again: only an alias makes a node appear twice
            shared = True
            continue
        if isinstance(node, ScalarNode):
            sizes[key] = 1
            continue
        if key in open_nodes:
            raise _recursive_alias(lines)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    return shared


def _recursive_alias(lines: Lines) -> LoadError:
    """The finding for the first alias that refers to a list or mapping it is inside of.

    The composed tree no longer knows where an alias was written (it is the anchored
    node itself), so the events are read again, which happens only for such a file.
    """
    opened: list[str | None] = []  # the anchors of the collections the parser is inside
    for event in yaml.parse(lines.text, Loader=BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            opened.append(event.anchor)
        elif isinstance(event, yaml.CollectionEndEvent):
            opened.pop()
        elif isinstance(event, yaml.AliasEvent) and event.anchor in opened:
            name = event.anchor
            return LoadError(
                f"the alias *{name} is inside the list or mapping its anchor &{name} names, "
                "so it would repeat itself forever: write the values out instead of the alias",
                lines.mark(event.start_mark),
                syntax=False,
            )
    return LoadError(  # pragma: no cover - the walk found a cycle, so the events hold one
        "an alias (*name) is inside the list or mapping its anchor names: write the values out",
        Position(1, 1),
        syntax=False,
    )


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []
