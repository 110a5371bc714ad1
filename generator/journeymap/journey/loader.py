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
  than `MAX_EXPANDED_NODES`, checked before any code walks the data.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from journeymap.journey import syntax_advice as syntax
from journeymap.journey.positions import Lines, Position, end_of
from journeymap.text import excerpt

try:  # libyaml bindings: ten times faster than the pure-Python parser
    from yaml import CSafeLoader as _BaseLoader

    _C_LOADER = True
except ImportError:  # pragma: no cover - only on builds of PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    _C_LOADER = False

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

#: Deepest nesting of collections a journey file may have (a valid one needs 5).
MAX_DEPTH = 64
#: Largest number of nodes a document may expand to once aliases are followed.
MAX_EXPANDED_NODES = 250_000

Loc = tuple[str | int, ...]

_YAML = "tag:yaml.org,2002:"
_MERGE_TAG = _YAML + "merge"
_STR = _YAML + "str"
_MAP = _YAML + "map"
_SEQ = _YAML + "seq"
# Plain scalars PyYAML resolves to tags the safe constructor cannot build (`=`, `<<`
# as a value): they are text.
_TEXT_TAGS = frozenset({_YAML + "value", _YAML + "yaml"})
# Cheap signs (C-speed scans) that a document might nest deeply; only then is the
# nesting measured event by event, before the composer (recursive C code that
# crashes the interpreter around 100,000 levels) ever sees it. Block nesting needs
# deep indentation or a chain of compact `- `/`? `/`: ` indicators on one line;
# flow nesting needs brackets.
# (A literal first character lets the regex engine skip ahead: ten times faster than ^.)
_DEEP_BLOCK = re.compile(r"\n[ \t?:-]{48}")
_BRACKETS_BEFORE_SCAN = 200
_RESOLVED_CACHE_SIZE = 4096
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# git's conflict markers, each at the start of a line (diff3 adds `|||||||`).
_CONFLICT = re.compile(r"(?:^|(?<=[\r\n]))(?:<{7}|={7}|>{7}|\|{7})(?=[ \r\n]|$)")


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
                    if isinstance(k, ScalarNode) and k.value == str(step) and k.tag == _STR:
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


# What an explicit tag promises, for messages; and whether a plain value fits it.
_TAG_KINDS: dict[str, str] = {
    "null": "null (nothing)",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "timestamp": "a date (YYYY-MM-DD) or date and time",
    "binary": "base64 data",
    "str": "text",
    "seq": "a list",
    "map": "a mapping",
    "set": "a mapping of keys without values",
    "omap": "a list of one-key mappings",
    "pairs": "a list of one-key mappings",
}
_RESOLVERS: dict[str, list[re.Pattern[str]]] = {}
for _resolvers in Resolver.yaml_implicit_resolvers.values():
    for _tag, _regexp in _resolvers:
        _RESOLVERS.setdefault(_tag, []).append(_regexp)
_SCALAR_TAGS = frozenset(_YAML + name for name in ("null", "bool", "int", "float", "timestamp"))
_MAPPING_TAGS = frozenset({_MAP, _YAML + "set"})
_SEQUENCE_TAGS = frozenset({_SEQ, _YAML + "omap", _YAML + "pairs"})
# Lists of one-key mappings that PyYAML builds as (key, value) tuples: valid YAML, but
# a value no journey field takes, and one that pydantic would refuse item by item.
_PAIRS_TAGS = frozenset({_YAML + "omap", _YAML + "pairs"})


def _fits(node: Node) -> bool:
    """Whether a node's value is of the kind its (explicit) tag says."""
    tag = node.tag
    if isinstance(node, ScalarNode):
        if tag in _SCALAR_TAGS:
            value = node.value
            if tag == _YAML + "float" and _matches(_YAML + "int", value):
                return True  # YAML 1.2 reads `!!float 1` as 1.0
            return _matches(tag, value)
        if tag == _YAML + "binary":
            try:
                base64.b64decode("".join(node.value.split()), validate=True)
            except (binascii.Error, ValueError):
                return False
            return True
        return tag == _STR
    if isinstance(node, MappingNode):
        return tag in _MAPPING_TAGS
    return tag in _SEQUENCE_TAGS


def _matches(tag: str, value: str) -> bool:
    return any(regexp.match(value) for regexp in _RESOLVERS.get(tag, ()))


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag


def _kind_of(node: Node) -> str:
    """What a node holds, as the subject of a sentence: "a mapping", "the value 'x'"."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = str(node.value)
    return "the value " + repr(excerpt(value, 40, "..."))


class _JourneyLoader(_BaseLoader):
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
                return _STR
            tag = self._resolved.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if tag in _TEXT_TAGS:
                    tag = _STR
                if len(self._resolved) < _RESOLVED_CACHE_SIZE:
                    self._resolved[value] = tag
            return tag
        return _SEQ if kind is SequenceNode else _MAP

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
            if tag == _STR:  # the common case first
                return node.value
            if tag == _MERGE_TAG:  # `<<` as a value (not as a key) is text
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
        if cls is MappingNode and node.tag == _MAP:
            value = self._mapping(node)  # type: ignore[arg-type]
        elif cls is SequenceNode and node.tag == _SEQ:
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
        if tag.rsplit(":", 1)[-1] in _TAG_KINDS and tag.startswith(_YAML):
            if _fits(node):
                try:
                    value = self.construct_object(node, deep=True)
                except Exception:  # a constructor's error: the value does not fit its tag
                    pass
                else:
                    if tag not in _PAIRS_TAGS:
                        return value
                    message = (
                        f"the YAML tag {_shown_tag(tag)} turns the list into pairs, which no "
                        "key of a journey file holds: remove the tag and write a plain list"
                    )
            if message is None:
                promised = _TAG_KINDS[tag[len(_YAML) :]]
                message = (
                    f"{_kind_of(node)} does not fit its YAML tag {_shown_tag(tag)} "
                    f"({promised}): remove the tag, or write a value of that kind"
                )
        else:
            message = (
                f"the YAML tag {_shown_tag(tag)!r} is not allowed in journey files: remove it "
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
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                key = key_node.value
            elif key_node.tag == _MERGE_TAG:
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
            if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
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
    if (
        text.count("[") + text.count("{") > _BRACKETS_BEFORE_SCAN
        or _DEEP_BLOCK.search("\n" + text[:64])
        or _DEEP_BLOCK.search(text)
    ):
        _check_depth(text, lines)
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
        if aliases and _check_expansion(root, lines):
            alias_slots = _alias_slots(root, text)  # before `build`: merge keys change the tree
        data = loader.build(root, aliases)
    except yaml.MarkedYAMLError as error:
        message, position = syntax.explain(error, lines)
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
        where = lines.at_byte(position) if _C_LOADER else lines.at(position)
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


def _check_depth(text: str, lines: Lines) -> None:
    """Reject nesting deeper than MAX_DEPTH, reading events so nothing deep is ever built."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
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


def _check_expansion(root: Node, lines: Lines) -> bool:
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


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _alias_slots(root: Node, text: str) -> dict[tuple[int, int], Any]:
    """Where each alias was written, by the place it fills: (id of the list or mapping,
    the item's index in a list or the id of its key node in a mapping) -> the alias's mark.

    The composed tree holds the anchored node itself where an alias was: the events,
    read in the same order as a walk of the tree, say which places were aliases.
    """
    events = (e for e in yaml.parse(text, Loader=_BaseLoader) if isinstance(e, _NODE_EVENTS))
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


def _recursive_alias(lines: Lines) -> LoadError:
    """The finding for the first alias that refers to a list or mapping it is inside of.

    The composed tree no longer knows where an alias was written (it is the anchored
    node itself), so the events are read again, which happens only for such a file.
    """
    opened: list[str | None] = []  # the anchors of the collections the parser is inside
    for event in yaml.parse(lines.text, Loader=_BaseLoader):
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


_JourneyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _JourneyLoader.construct_yaml_timestamp
)
_JourneyLoader.add_constructor("tag:yaml.org,2002:int", _JourneyLoader.construct_yaml_int)
