"""What journeymap uses of PyYAML: the safe C loader, and the tags of YAML's core schema.

The tags' names, what an explicit tag promises (for messages), and whether a value
written with one fits it (`!!bool maybe` does not).
"""

from __future__ import annotations

import base64
import binascii
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from journeymap.text import excerpt

__all__ = [
    "C_LOADER",
    "MAP",
    "MERGE_TAG",
    "PAIRS_TAGS",
    "SEQ",
    "STR",
    "TAG_KINDS",
    "TEXT_TAGS",
    "YAML",
    "BaseLoader",
    "fits",
    "kind_of",
    "shown_tag",
]

try:  # libyaml bindings: ten times faster than the pure-Python parser
    from yaml import CSafeLoader as BaseLoader

    C_LOADER = True
except ImportError:  # pragma: no cover - only on builds of PyYAML without libyaml
    from yaml import SafeLoader as BaseLoader  # type: ignore[assignment]

    C_LOADER = False

YAML = "tag:yaml.org,2002:"
MERGE_TAG = YAML + "merge"
STR = YAML + "str"
MAP = YAML + "map"
SEQ = YAML + "seq"
#: Plain scalars PyYAML resolves to tags the safe constructor cannot build (`=`, `<<`
#: as a value): they are text.
TEXT_TAGS = frozenset({YAML + "value", YAML + "yaml"})

# What an explicit tag promises, for messages; and whether a plain value fits it.
TAG_KINDS: dict[str, str] = {
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
_SCALAR_TAGS = frozenset(YAML + name for name in ("null", "bool", "int", "float", "timestamp"))
_MAPPING_TAGS = frozenset({MAP, YAML + "set"})
_SEQUENCE_TAGS = frozenset({SEQ, YAML + "omap", YAML + "pairs"})
# Lists of one-key mappings that PyYAML builds as (key, value) tuples: valid YAML, but
# a value no journey field takes, and one that pydantic would refuse item by item.
PAIRS_TAGS = frozenset({YAML + "omap", YAML + "pairs"})


def fits(node: Node) -> bool:
    """Whether a node's value is of the kind its (explicit) tag says."""
    tag = node.tag
    if isinstance(node, ScalarNode):
        if tag in _SCALAR_TAGS:
            value = node.value
            if tag == YAML + "float" and _matches(YAML + "int", value):
                return True  # YAML 1.2 reads `!!float 1` as 1.0
            return _matches(tag, value)
        if tag == YAML + "binary":
            try:
                base64.b64decode("".join(node.value.split()), validate=True)
            except (binascii.Error, ValueError):
                return False
            return True
        return tag == STR
    if isinstance(node, MappingNode):
        return tag in _MAPPING_TAGS
    return tag in _SEQUENCE_TAGS


def _matches(tag: str, value: str) -> bool:
    return any(regexp.match(value) for regexp in _RESOLVERS.get(tag, ()))


def shown_tag(tag: str) -> str:
    return "!!" + tag[len(YAML) :] if tag.startswith(YAML) else tag


def kind_of(node: Node) -> str:
    """What a node holds, as the subject of a sentence: "a mapping", "the value 'x'"."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = str(node.value)
    return "the value " + repr(excerpt(value, 40, "..."))
