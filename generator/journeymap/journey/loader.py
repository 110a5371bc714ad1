"""Load one journey file: YAML text -> plain Python data, plus the node tree for positions.

PyYAML's C loader (`CSafeLoader`) composes the node tree in C; construction runs
in Python. Positions cost nothing extra: `yaml.load` composes the same tree, we
only keep it (for one file at a time) so that a finding can be traced back to
the line and column of the key or value it is about.

Guards, each ending in a clean `LoadError` (or a recorded problem) instead of a
hang or a crash:

- bytes that are not UTF-8, merge-conflict markers, and anything the YAML parser
  rejects (`LoadError` with `syntax=True`, the `yaml-syntax` finding);
- a value that does not fit its explicit tag (`!!bool maybe`, `!!timestamp abc`,
  `!!seq` on text) or a tag the safe constructor does not know (`!local`,
  `!!python/…`, which would construct objects): recorded as a `BadValue` at the
  value and read as if untagged, so the rest of the file is still checked;
- duplicate keys, which PyYAML silently resolves to the last one (`DuplicateKey`);
- nesting deeper than `MAX_DEPTH` and alias expansion ("billion laughs") larger
  than `MAX_EXPANDED_NODES`, checked before any code walks the data (`guards`).

What a loaded file is (`Document` and the problems noticed) is `document`; the tags of
YAML's core schema and whether a value fits its tag, `yaml_base`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.journey.document import BadValue, Document, DuplicateKey, LoadError, Loc
from journeymap.journey.guards import MAX_DEPTH, MAX_EXPANDED_NODES, check_expansion, check_nesting
from journeymap.journey.positions import Lines, Position, end_of
from journeymap.journey.yaml_base import (
    C_LOADER,
    MAP,
    MERGE_TAG,
    PAIRS_TAGS,
    SEQ,
    STR,
    TAG_KINDS,
    TEXT_TAGS,
    YAML,
    BaseLoader,
    fits,
    kind_of,
    shown_tag,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "BadValue",
    "Document",
    "DuplicateKey",
    "LoadError",
    "Loc",
    "Position",
    "decode",
    "load",
]

_RESOLVED_CACHE_SIZE = 4096
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# git's conflict markers, each at the start of a line (diff3 adds `|||||||`).
_CONFLICT = re.compile(r"(?:^|(?<=[\r\n]))(?:<{7}|={7}|>{7}|\|{7})(?=[ \r\n]|$)")


class _JourneyLoader(BaseLoader):
    """The safe C loader, recording duplicate keys and misfit tags instead of failing."""

    def __init__(self, stream: str, lines: Lines) -> None:
        super().__init__(stream)
        self.lines = lines
        self.duplicates: list[DuplicateKey] = []
        self.bad_values: list[BadValue] = []
        self.odd_keys: dict[tuple[int, Any], Node] = {}
        self._memo: dict[int, Any] | None = None

    _resolved: dict[str, str] = {}  # noqa: RUF012 - a process-wide cache, on purpose

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """PyYAML's tag resolution (the composer calls it for every node), made cheap.

        The safe loader has no path resolvers: a collection gets the default tag, a
        quoted scalar is text, and a plain scalar's tag is remembered per value.
        """
        if kind is ScalarNode:
            if not implicit[0]:
                return STR
            tag = self._resolved.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if tag in TEXT_TAGS:
                    tag = STR
                if len(self._resolved) < _RESOLVED_CACHE_SIZE:
                    self._resolved[value] = tag
            return tag
        return SEQ if kind is SequenceNode else MAP

    def build(self, root: Node, aliases: bool) -> Any:
        """Python data from the node tree, as `construct_document` would build it.

        A lean walk for the plain mappings, lists and text a journey is made of;
        anything else (other tags, merge keys) goes to PyYAML's safe constructor.
        """
        self._memo = {} if aliases else None
        try:
            return self._value(root)
        finally:
            self._memo = None

    def _value(self, node: Node) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag == STR:  # the common case first
                return node.value
            if tag == MERGE_TAG:  # `<<` as a value (not as a key) is text
                return node.value
            style = node.style  # type: ignore[attr-defined]
            if not style and self.resolve(ScalarNode, node.value, (True, False)) == tag:
                # Implicitly resolved (or explicitly tagged as it would resolve): it fits.
                return self.construct_object(node, deep=True)
            return self._tagged(node)
        memo = self._memo
        if memo is not None and id(node) in memo:
            return memo[id(node)]
        value: Any
        if cls is MappingNode and node.tag == MAP:
            value = self._mapping(node)  # type: ignore[arg-type]
        elif cls is SequenceNode and node.tag == SEQ:
            value = [self._value(child) for child in node.value]
        else:
            value = self._tagged(node)
        if memo is not None:
            memo[id(node)] = value
        return value

    def _tagged(self, node: Node) -> Any:
        """A node with an explicit tag: its value if it fits the tag, else a `BadValue`."""
        tag = node.tag
        message: str | None = None
        if tag.rsplit(":", 1)[-1] in TAG_KINDS and tag.startswith(YAML):
            if fits(node):
                try:
                    value = self.construct_object(node, deep=True)
                except Exception:  # a constructor's error: the value does not fit its tag
                    pass
                else:
                    if tag not in PAIRS_TAGS:
                        return value
                    message = (
                        f"the YAML tag {shown_tag(tag)} turns the list into pairs, which no "
                        "key of a journey file holds: remove the tag and write a plain list"
                    )
            if message is None:
                promised = TAG_KINDS[tag[len(YAML) :]]
                message = (
                    f"{kind_of(node)} does not fit its YAML tag {shown_tag(tag)} "
                    f"({promised}): remove the tag, or write a value of that kind"
                )
        else:
            message = (
                f"the YAML tag {shown_tag(tag)!r} is not allowed in journey files: remove it "
                "and write plain text, numbers, lists and mappings (nothing in a journey "
                "file runs code)"
            )
        if not any(bad.node is node for bad in self.bad_values):
            self.bad_values.append(BadValue(node, message))
        return self._untagged(node)

    def _untagged(self, node: Node) -> Any:
        """A node's value read as if it had no tag: text, a list or a mapping."""
        if isinstance(node, MappingNode):
            return self._mapping(node)
        if isinstance(node, SequenceNode):
            return [self._value(child) for child in node.value]
        return str(node.value)

    def _mapping(self, node: MappingNode) -> Any:
        pairs = node.value
        mapping: dict[Any, Any] = {}
        for key_node, value_node in pairs:
            if key_node.__class__ is ScalarNode and key_node.tag == STR:
                key = key_node.value
            elif key_node.tag == MERGE_TAG:
                try:
                    return self.construct_object(node, deep=True)
                except Exception as error:  # whatever the merged values hold
                    mark = getattr(error, "problem_mark", None) or key_node.start_mark
                    raise LoadError(
                        "a merge key (<<) whose values cannot be read: merge keys need a "
                        "mapping or a list of mappings of plain values; write the keys out instead",
                        self.lines.mark(mark),
                        syntax=False,
                    ) from None
            else:
                key = self._value(key_node)
                try:
                    hash(key)
                except TypeError:
                    raise LoadError(
                        "a key is a list or mapping: keys must be plain text",
                        self.lines.mark(key_node.start_mark),
                        syntax=False,
                    ) from None
                # pydantic names such a key by its value (1, True) or its repr ('None').
                for alias in (key, str(key), repr(key)):
                    self.odd_keys.setdefault((id(node), alias), key_node)
            mapping[key] = self._value(value_node)
        if len(mapping) != len(pairs):
            self._record_duplicates(node, pairs)
        return mapping

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        """An impossible date such as 2026-13-01 stays text, so the schema can point at it."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return node.value

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        """Plain decimal integers only; YAML 1.1's other forms stay text.

        `1:30` (base 60), `010` (octal), `0x10`, `1_000` are numbers only to YAML 1.1:
        editors reading the JSON Schema (YAML 1.2) see text, and so does the schema
        check, which then points at the value. Digits past Python's limit stay text too.
        """
        value = node.value
        if _DECIMAL.fullmatch(value):
            try:
                return int(value)
            except ValueError:
                return value
        return value

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        own_pairs = node.value  # flatten_mapping() removes merge keys from this very list
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value) or node.value is not own_pairs:
            self._record_duplicates(node, own_pairs)
        return mapping

    def _record_duplicates(self, mapping: MappingNode, pairs: list[tuple[Node, Node]]) -> None:
        seen: dict[tuple[str, str], Node] = {}
        for key_node, _ in pairs:
            if not isinstance(key_node, ScalarNode) or key_node.tag == MERGE_TAG:
                continue
            ident = (key_node.tag, key_node.value)
            if ident in seen:
                self.duplicates.append(
                    DuplicateKey(
                        key=key_node.value,
                        position=self.lines.mark(key_node.start_mark),
                        first=self.lines.mark(seen[ident].start_mark),
                        mapping=mapping,
                    )
                )
            else:
                seen[ident] = key_node


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, without its BOM; `LoadError` pointing at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        skipped = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # utf-8-sig counts after the BOM
        start = skipped + error.start
        before = raw[skipped:start].decode("utf-8")
        raise LoadError(
            f"the file is not UTF-8 (byte 0x{raw[start]:02x} cannot be decoded): "
            "save it with UTF-8 encoding",
            end_of(before),
            syntax=True,
        ) from None


def load(raw: bytes) -> Document:
    """Parse one journey file's bytes. Raises `LoadError`, never anything else from YAML."""
    text = decode(raw)
    lines = Lines(text)
    if ("<<<<<<<" in text or "=======" in text or ">>>>>>>" in text or "|||||||" in text) and (
        marker := _CONFLICT.search(text)
    ):
        raise LoadError(
            f"a merge conflict marker ({marker.group()}) is left in the file: keep the "
            "version you want between the markers and delete the <<<<<<<, ======= and "
            ">>>>>>> lines",
            lines.at(marker.start()),
            syntax=True,
        )
    check_nesting(text, lines)
    loader = _JourneyLoader(text, lines)
    try:
        root = loader.get_single_node()
        if root is None:
            raise LoadError(
                "the file is empty: a journey needs at least a title and one stage "
                "(run `journeymap new ID` for a commented skeleton)",
                Position(1, 1),
                syntax=False,
            )
        aliases = "*" in text
        alias_slots: dict[tuple[int, int], Any] = {}
        if aliases and check_expansion(root, lines):
            alias_slots = _alias_slots(root, text)  # before `build`: merge keys change the tree
        data = loader.build(root, aliases)
    except yaml.MarkedYAMLError as error:
        from journeymap.journey.syntax_advice import explain  # only for a broken file

        message, position = explain(error, lines)
        raise LoadError(message, position, syntax=True) from None
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        raise _reader_error(error, lines) from None
    except RecursionError:
        raise LoadError(
            "the document is nested too deeply to be read; a journey file needs about 5 levels",
            Position(1, 1),
            syntax=False,
        ) from None
    finally:
        loader.dispose()
    return Document(
        data=data,
        root=root,
        lines=lines,
        duplicates=loader.duplicates,
        bad_values=loader.bad_values,
        odd_keys=loader.odd_keys,
        aliases=alias_slots,
    )


def _reader_error(error: yaml.YAMLError, lines: Lines) -> LoadError:
    position = getattr(error, "position", None)
    # libyaml counts the offset in bytes of the UTF-8 text; the Python reader in characters.
    if isinstance(position, int):
        where = lines.at_byte(position) if C_LOADER else lines.at(position)
    else:
        where = Position(1, 1)
    character = getattr(error, "character", None)
    if isinstance(character, str) and character:
        character = ord(character[0])
    shown = f" U+{character:04X}" if isinstance(character, int) else ""
    return LoadError(
        f"the character{shown} is not allowed in a YAML file (an invisible control "
        "character, often pasted from another program): delete it",
        where,
        syntax=True,
    )


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _alias_slots(root: Node, text: str) -> dict[tuple[int, int], Any]:
    """Where each alias was written, by the place it fills: (id of the list or mapping,
    the item's index in a list or the id of its key node in a mapping) -> the alias's mark.

    The composed tree holds the anchored node itself where an alias was: the events,
    read in the same order as a walk of the tree, say which places were aliases.
    """
    events = (e for e in yaml.parse(text, Loader=BaseLoader) if isinstance(e, _NODE_EVENTS))
    slots: dict[tuple[int, int], Any] = {}
    stack: list[tuple[Node, tuple[int, int] | None]] = [(root, None)]
    while stack:
        node, slot = stack.pop()
        event = next(events, None)
        if isinstance(event, yaml.AliasEvent):
            if slot is not None:
                slots[slot] = event.start_mark
            continue
        children: list[tuple[Node, tuple[int, int] | None]]
        if isinstance(node, MappingNode) and isinstance(event, yaml.MappingStartEvent):
            children = []
            for key_node, value_node in node.value:
                children.append((key_node, None))
                children.append((value_node, (id(node), id(key_node))))
        elif isinstance(node, SequenceNode) and isinstance(event, yaml.SequenceStartEvent):
            children = [(child, (id(node), index)) for index, child in enumerate(node.value)]
        elif isinstance(node, ScalarNode) and isinstance(event, yaml.ScalarEvent):
            continue
        else:  # the tree and the events disagree (cannot happen): no alias positions
            return {}
        stack.extend(reversed(children))
    return slots


_JourneyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _JourneyLoader.construct_yaml_timestamp
)
_JourneyLoader.add_constructor("tag:yaml.org,2002:int", _JourneyLoader.construct_yaml_int)
