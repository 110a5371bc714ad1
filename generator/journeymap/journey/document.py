"""A journey file as loaded: its data, node tree and text, and what the loader noticed.

`Document.position` traces a location in the data (a pydantic error's `loc`) back to
the line and column of the key or value it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.journey.positions import Lines, Position
from journeymap.journey.yaml_base import STR

Loc = tuple[str | int, ...]


class LoadError(Exception):
    """The file could not be turned into data.

    `syntax` is true when the text is not YAML at all (the `yaml-syntax` finding),
    false when it is YAML that cannot be a journey (too deep, an alias bomb, empty).
    """

    def __init__(
        self, message: str, position: Position, *, syntax: bool, stage: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.syntax = syntax
        self.stage = stage  # the stage it is about, where it is about one


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key that a mapping repeats: PyYAML kept the last value."""

    key: str
    position: Position
    first: Position
    mapping: MappingNode


@dataclass(frozen=True, slots=True)
class BadValue:
    """A value that does not fit its explicit YAML tag; it was read as if untagged."""

    node: Node
    message: str


@dataclass(slots=True)
class Document:
    """A loaded journey file: its data, node tree, text and what the loader noticed."""

    data: Any
    root: Node
    lines: Lines
    duplicates: list[DuplicateKey] = field(default_factory=list)
    bad_values: list[BadValue] = field(default_factory=list)
    # (id of a mapping node, how an error's location names a key) -> key node, for
    # keys that are not text (`1:`, `null:`, `yes:`).
    odd_keys: dict[tuple[int, Any], Node] = field(default_factory=dict)
    # Where aliases were written (see `_alias_slots`): a finding inside a repeated value
    # points at the alias that repeats it, not at the value's first occurrence.
    aliases: dict[tuple[int, int], Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.lines.text

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """Where the value at `loc` is (or its key, with `key=True`).

        Walks as far down `loc` as the tree goes: a missing field resolves to the
        mapping that lacks it.
        """
        node, key_node, complete, alias = self._walk(loc)
        # The key is written out unless an alias above it repeats the whole mapping.
        if complete and key and key_node is not None and (alias is None or alias[1] == len(loc)):
            return self.lines.mark(key_node.start_mark)
        if alias is not None:
            return self.lines.mark(alias[0])
        return self.lines.mark(node.start_mark)

    def node_at(self, loc: Loc) -> Node | None:
        """The node at `loc`, or None when the tree does not go that far."""
        node, _, complete, _ = self._walk(loc)
        return node if complete else None

    def raw(self, loc: Loc) -> str | None:
        """The YAML source text of the scalar at `loc`, if there is one."""
        node = self.node_at(loc)
        return str(node.value) if isinstance(node, ScalarNode) else None

    def path_of(self, target: Node) -> Loc | None:
        """The location of a node in the tree (the first one found), or None."""
        stack: list[tuple[Node, Loc]] = [(self.root, ())]
        seen: set[int] = set()
        while stack:
            node, loc = stack.pop()
            if node is target:
                return loc
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if key_node is target:
                        return loc
                    name = key_node.value if isinstance(key_node, ScalarNode) else "?"
                    stack.append((value_node, (*loc, str(name))))
            elif isinstance(node, SequenceNode):
                stack.extend((child, (*loc, index)) for index, child in enumerate(node.value))
        return None

    def _walk(self, loc: Loc) -> tuple[Node, Node | None, bool, tuple[Any, int] | None]:
        """The node `loc` leads to (or as far as the tree goes), its key node, whether the
        walk went all the way, and the first alias it went through (mark, step number)."""
        node, key_node = self.root, None
        alias: tuple[Any, int] | None = None
        for number, step in enumerate(loc, 1):
            child: tuple[Node, Node | None] | None = None
            slot: tuple[int, int] | None = None
            if isinstance(node, MappingNode):
                for k, v in reversed(node.value):  # the last occurrence is the one kept
                    if isinstance(k, ScalarNode) and k.value == str(step) and k.tag == STR:
                        child = (v, k)
                        break
                else:
                    odd = self.odd_keys.get((id(node), step))
                    if odd is not None:
                        child = next(((v, k) for k, v in node.value if k is odd), None)
                if child is not None:
                    slot = (id(node), id(child[1]))
            elif (
                isinstance(node, SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                child = (node.value[step], None)
                slot = (id(node), step)
            if child is None:
                return node, key_node, False, alias
            if alias is None and self.aliases and slot in self.aliases:
                alias = (self.aliases[slot], number)
            node, key_node = child
        return node, key_node, True, alias
