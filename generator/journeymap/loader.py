"""Load one journey file: YAML text -> plain Python data, plus the node tree for positions.

PyYAML's C loader (`CSafeLoader`) composes the node tree in C; construction runs
in Python. Positions cost nothing extra: `yaml.load` composes the same tree, we
only keep it (for one file at a time) so that a finding can be traced back to
the line and column of the key or value it is about.

Guards, each ending in a clean `LoadError` instead of a hang or a crash:

- bytes that are not UTF-8, and anything the YAML parser rejects (`yaml-syntax`);
- tags that would construct objects: the safe constructor knows none (`schema`);
- duplicate keys, which PyYAML silently resolves to the last one (`duplicate-key`);
- nesting deeper than `MAX_DEPTH` and alias expansion ("billion laughs") larger
  than `MAX_EXPANDED_NODES`, checked before any code walks the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml bindings: ten times faster than the pure-Python parser
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - only on builds of PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: Deepest nesting of collections a journey file may have (a valid one needs 5).
MAX_DEPTH = 64
#: Largest number of nodes a document may expand to once aliases are followed.
MAX_EXPANDED_NODES = 250_000

_MERGE_TAG = "tag:yaml.org,2002:merge"
# Cheap signs (C-speed scans) that a document might nest deeply; only then is the
# nesting measured event by event, before the composer (recursive C code that
# crashes the interpreter around 100,000 levels) ever sees it. Block nesting needs
# deep indentation or a chain of compact `- `/`? `/`: ` indicators on one line;
# flow nesting needs brackets.
# (A literal first character lets the regex engine skip ahead: ten times faster than ^.)
_DEEP_BLOCK = re.compile(r"\n[ \t?:-]{48}")
_BRACKETS_BEFORE_SCAN = 200
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_RESOLVED_CACHE_SIZE = 4096
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column."""

    line: int
    column: int


class LoadError(Exception):
    """The file could not be turned into data. `code` is a finding code."""

    def __init__(self, code: str, message: str, position: Position | None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key that a mapping repeats: PyYAML kept the last value."""

    key: str
    position: Position
    first: Position


@dataclass(slots=True)
class Document:
    """A loaded journey file: its data, its node tree and the duplicate keys found."""

    data: Any
    root: Node
    duplicates: list[DuplicateKey] = field(default_factory=list)

    def position(self, loc: tuple[str | int, ...], *, key: bool = False) -> Position:
        """Where the value at `loc` is (or its key, with `key=True`).

        Walks as far down `loc` as the tree goes: a missing field resolves to the
        mapping that lacks it.
        """
        node, key_node, complete = self._walk(loc)
        if complete and key and key_node is not None:
            node = key_node
        return mark_position(node.start_mark)

    def raw(self, loc: tuple[str | int, ...]) -> str | None:
        """The YAML source text of the scalar at `loc`, if there is one."""
        node, _, complete = self._walk(loc)
        if complete and isinstance(node, ScalarNode):
            return str(node.value)
        return None

    def _walk(self, loc: tuple[str | int, ...]) -> tuple[Node, Node | None, bool]:
        node, key_node = self.root, None
        for step in loc:
            child: tuple[Node, Node | None] | None = None
            if isinstance(node, MappingNode):
                for k, v in reversed(node.value):  # the last occurrence is the one kept
                    if isinstance(k, ScalarNode) and k.value == str(step):
                        child = (v, k)
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                child = (node.value[step], None)
            if child is None:
                return node, key_node, False
            node, key_node = child
        return node, key_node, True


def mark_position(mark: Any) -> Position:
    """1-based position of a PyYAML mark (0-based), of either the C or the Python parser."""
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


class _JourneyLoader(_BaseLoader):
    """The safe C loader, recording duplicate keys instead of dropping them silently."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[DuplicateKey] = []
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
            if node.tag == _STR:
                return node.value
            return self.construct_object(node, deep=True)
        memo = self._memo
        if memo is not None and id(node) in memo:
            return memo[id(node)]
        value: Any
        if cls is MappingNode and node.tag == _MAP:
            value = self._mapping(node)  # type: ignore[arg-type]
        elif cls is SequenceNode and node.tag == _SEQ:
            value = [self._value(child) for child in node.value]
        else:
            value = self.construct_object(node, deep=True)
        if memo is not None:
            memo[id(node)] = value
        return value

    def _mapping(self, node: MappingNode) -> Any:
        pairs = node.value
        mapping: dict[Any, Any] = {}
        for key_node, value_node in pairs:
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                key = key_node.value
            elif key_node.tag == _MERGE_TAG:
                return self.construct_object(node, deep=True)
            else:
                key = self._value(key_node)
                try:
                    hash(key)
                except TypeError:
                    raise LoadError(
                        "schema",
                        "a key is a list or mapping: keys must be plain text",
                        mark_position(key_node.start_mark),
                    ) from None
            mapping[key] = self._value(value_node)
        if len(mapping) != len(pairs):
            self._record_duplicates(pairs)
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
            self._record_duplicates(own_pairs)
        return mapping

    def _record_duplicates(self, pairs: list[tuple[Node, Node]]) -> None:
        seen: dict[tuple[str, str], Node] = {}
        for key_node, _ in pairs:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            ident = (key_node.tag, key_node.value)
            if ident in seen:
                self.duplicates.append(
                    DuplicateKey(
                        key=key_node.value,
                        position=mark_position(key_node.start_mark),
                        first=mark_position(seen[ident].start_mark),
                    )
                )
            else:
                seen[ident] = key_node


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, without its BOM; `LoadError` pointing at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            "yaml-syntax",
            f"the file is not UTF-8 (byte 0x{raw[error.start]:02x} cannot be decoded): "
            "save it with UTF-8 encoding",
            Position(line, column),
        ) from None


def load(raw: bytes) -> Document:
    """Parse one journey file's bytes. Raises `LoadError`, never anything else from YAML."""
    text = decode(raw)
    if (
        text.count("[") + text.count("{") > _BRACKETS_BEFORE_SCAN
        or _DEEP_BLOCK.search("\n" + text[:64])
        or _DEEP_BLOCK.search(text)
    ):
        _check_depth(text)
    loader = _JourneyLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise LoadError(
                "schema",
                "the file is empty: a journey needs at least a title and one stage "
                "(run `journeymap new ID` for a commented skeleton)",
                Position(1, 1),
            )
        aliases = "*" in text
        if aliases:
            _check_expansion(root)
        data = loader.build(root, aliases)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text) from None
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        raise _reader_error(error, text) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        # A value its explicit tag cannot hold (`!!int abc`, `!!float x`).
        raise LoadError(
            "schema",
            f"a value cannot be read as its YAML tag says ({error}); "
            "remove the tag or fix the value",
            Position(1, 1),
        ) from None
    finally:
        loader.dispose()
    return Document(data=data, root=root, duplicates=loader.duplicates)


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> LoadError:
    mark = error.problem_mark or error.context_mark
    if isinstance(error, yaml.constructor.ConstructorError):
        problem = error.problem or "cannot be read"
        if "constructor for the tag" in problem:
            found = re.search(r"'([^']*)'\s*$", problem)
            tag = (found.group(1) if found else "?").replace("tag:yaml.org,2002:", "!!")
            return LoadError(
                "schema",
                f"the YAML tag {tag!r} is not allowed in journey files: write plain "
                "text, numbers, lists and mappings (nothing in a journey file runs code)",
                mark_position(mark),
            )
        return LoadError("schema", f"{problem}: use plain text keys", mark_position(mark))
    parts = [p for p in (error.context, error.problem) if p]
    message = "; ".join(parts) or "invalid YAML"
    tab = mark is not None and _char_at(text, mark.line, mark.column) == "\t"
    if tab and "tab" not in message:
        message += " (a tab: YAML indents with spaces, never tabs)"
    return LoadError("yaml-syntax", f"invalid YAML: {message}", mark_position(mark))


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _reader_error(error: yaml.YAMLError, text: str) -> LoadError:
    position = getattr(error, "position", None)
    if isinstance(position, int):
        before = text[:position]
        line = before.count("\n") + 1
        column = position - (before.rfind("\n") + 1) + 1
        where: Position | None = Position(line, column)
    else:
        where = Position(1, 1)
    character = getattr(error, "character", None)
    if isinstance(character, str) and character:
        character = ord(character[0])
    shown = f" U+{character:04X}" if isinstance(character, int) else ""
    return LoadError(
        "yaml-syntax",
        f"invalid YAML: the character{shown} is not allowed in a YAML file; remove it",
        where,
    )


def _check_depth(text: str) -> None:
    """Reject nesting deeper than MAX_DEPTH, reading events so nothing deep is ever built."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError(
                        "schema",
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep; "
                        "a journey file needs about 5",
                        mark_position(event.start_mark),
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the real parse below reports the syntax error with its position


def _check_expansion(root: Node) -> None:
    """Reject documents whose aliases expand to more than MAX_EXPANDED_NODES nodes."""
    sizes: dict[int, int] = {}
    # Iterative post-order walk: aliases make the tree a DAG, sizes are memoised per node.
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, ScalarNode):
            sizes[id(node)] = 1
            continue
        children = _children(node)
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        total = 1 + sum(sizes[id(child)] for child in children)
        if total > MAX_EXPANDED_NODES:
            raise LoadError(
                "schema",
                f"aliases (*name) expand this document to more than {MAX_EXPANDED_NODES:,} "
                "values; write the values out or reuse fewer anchors",
                mark_position(node.start_mark),
            )
        sizes[id(node)] = total


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
