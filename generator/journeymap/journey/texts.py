"""The text a file publishes: every value its model types as free text, and where it is.

Which values are text comes from the model (fields typed `Text`, lists of them, and
`HttpUrl` links), so a new field, or another kind of file with a model of its own (a
study), is covered without a list to keep up to date. Values are read from the node
tree, so a file with schema errors is covered too. `TextValue.position` turns a place
in a value back into the line and column where it is written, through quotes, folded
lines and block scalars.
"""

from __future__ import annotations

import bisect
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.journey.loader import Document, Loc
from journeymap.journey.model import TEXT_PATTERN, URL_PATTERN
from journeymap.journey.positions import Position

__all__ = ["TextValue", "field_phrase", "text_keys", "text_values", "walk_text"]

_TEXT, _TEXT_LIST, _URL = "text", "text-list", "url"


@dataclass(frozen=True, slots=True)
class TextValue:
    """One text value as written: where it is in the data, its node, and its list.

    `url` is true for a link (`HttpUrl`) rather than text; `items` is the list the value
    is item `index` of, if it is one.
    """

    loc: Loc
    node: ScalarNode
    url: bool = False
    items: SequenceNode | None = None
    index: int = 0

    @property
    def value(self) -> str:
        return str(self.node.value)

    def position(self, document: Document, start: int, end: int) -> Position:
        """Where `value[start:end]` is written: the line and column of its first character.

        Found in the value's source text, where line breaks and indentation may stand
        for the spaces between its words; where it cannot be (an escape sequence inside
        it), the value's own start.
        """
        node = self.node
        first, last = node.start_mark.index, node.end_mark.index
        piece = self.value[start:end]
        words = piece.split()
        if not words:
            return document.lines.mark(node.start_mark)
        if node.style in ("'", '"'):
            first += 1
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
        # The same piece written earlier in the value: its n-th occurrence is this one.
        nth = len(re.findall(pattern, self.value[:start])) if start else 0
        for count, match in enumerate(pattern.finditer(document.text, first, last)):
            if count == nth:
                return document.lines.at(match.start())
        return document.lines.mark(node.start_mark)


def text_values(document: Document, model: type[BaseModel]) -> list[TextValue]:
    """Every text value of a document whose root the model describes, in file order;
    a value an alias repeats is listed once, where it is written."""
    seen: set[int] = set()
    found = []
    for value in walk_text(document.root, model):
        if id(value.node) not in seen:
            seen.add(id(value.node))
            found.append(value)
    return sorted(found, key=lambda value: value.node.start_mark.index)


def walk_text(
    node: Node,
    model: type[BaseModel],
    loc: Loc = (),
    ends: list[int] | None = None,
    *,
    urls: bool = True,
    lists_only: bool = False,
) -> Iterator[TextValue]:
    """The text values under `node` (which `model` describes), each time it is reached.

    With `ends` (sorted character indexes), only the parts of the tree that hold one of
    them are visited; `urls=False` leaves links out; `lists_only` gives only the items of
    lists of text (and visits only the mappings that can hold one).
    """
    if not isinstance(node, MappingNode) or (ends is not None and not _spans(node, ends)):
        return
    shape = _lists_shape(model) if lists_only else _shape(model)
    for key_node, value_node in node.value:
        kind = shape.get(key_node.value) if isinstance(key_node, ScalarNode) else None
        if kind is None or (kind == _URL and not urls):
            continue
        here = (*loc, key_node.value)
        if kind in (_TEXT, _URL):
            if isinstance(value_node, ScalarNode):
                yield TextValue(here, value_node, url=kind == _URL)
        elif isinstance(value_node, SequenceNode) and (ends is None or _spans(value_node, ends)):
            for index, item in enumerate(value_node.value):  # a list of text or of mappings
                if kind == _TEXT_LIST and isinstance(item, ScalarNode):
                    yield TextValue((*here, index), item, items=value_node, index=index)
                elif isinstance(kind, type):
                    yield from walk_text(
                        item, kind, (*here, index), ends, urls=urls, lists_only=lists_only
                    )
        elif isinstance(kind, type):
            yield from walk_text(value_node, kind, here, ends, urls=urls, lists_only=lists_only)


def field_phrase(loc: Loc) -> str:
    """How a message names the value at `loc`: "the text of 'quote'", "an item of 'tags'"."""
    for step in reversed(loc):
        if isinstance(step, str):
            return f"the text of {step!r}" if step == loc[-1] else f"an item of {step!r}"
    return "the text"


def text_keys(model: type[BaseModel]) -> frozenset[str]:
    """Keys whose value is free text (or a list of it) in some mapping the model holds."""
    keys: set[str] = set()
    todo: list[type[BaseModel]] = [model]
    while todo:
        current = todo.pop()
        for name, kind in _shape(current).items():
            if isinstance(kind, type):
                todo.append(kind)
            elif kind != _URL:
                keys.add(name)
    return frozenset(keys)


# --- which values are free text (from the model) --------------------------------------


def _kind(annotation: Any, metadata: list[Any]) -> str | type[BaseModel] | None:
    """'text', 'text-list', 'url', a model (or a list of one), or None for anything else."""
    patterns = {getattr(m, "pattern", None) for m in metadata}
    if TEXT_PATTERN in patterns:
        return _TEXT
    if URL_PATTERN in patterns:
        return _URL
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _kind(args[0], [*metadata, *args[1:]])
    if origin in (typing.Union, types.UnionType):
        kinds = [_kind(arg, []) for arg in args if arg is not type(None)]
        return kinds[0] if len(kinds) == 1 else None
    if origin is list and args:
        inner = _kind(args[0], [])
        return _TEXT_LIST if inner == _TEXT else inner if isinstance(inner, type) else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


_SHAPES: dict[type[BaseModel], dict[str, str | type[BaseModel]]] = {}


def _shape(model: type[BaseModel]) -> dict[str, str | type[BaseModel]]:
    shape = _SHAPES.get(model)
    if shape is None:
        shape = {}
        for name, info in model.model_fields.items():
            kind = _kind(info.annotation, list(info.metadata))
            if kind is not None:
                shape[name] = kind
        _SHAPES[model] = shape
    return shape


_LISTS_SHAPES: dict[type[BaseModel], dict[str, str | type[BaseModel]]] = {}


def _lists_shape(model: type[BaseModel]) -> dict[str, str | type[BaseModel]]:
    """The part of a model's shape that leads to lists of text."""
    shape = _LISTS_SHAPES.get(model)
    if shape is None:
        shape = {
            name: kind
            for name, kind in _shape(model).items()
            if kind == _TEXT_LIST or (isinstance(kind, type) and _lists_shape(kind))
        }
        _LISTS_SHAPES[model] = shape
    return shape


def _spans(node: Node, ends: list[int]) -> bool:
    """Whether one of the sorted `ends` lies within the node's text."""
    start, end = node.start_mark.index, node.end_mark.index
    position = bisect.bisect_left(ends, start)
    return position < len(ends) and ends[position] <= end
