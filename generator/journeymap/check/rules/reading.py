"""File checks: can the file be read, is it YAML, does it follow the format, is text cut."""

from __future__ import annotations

import bisect
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.check.findings import Severity
from journeymap.check.rules.context import FileContext, misplaced_key
from journeymap.check.rules.registry import Issue, Scope, rule
from journeymap.journey.loader import Document, Loc
from journeymap.journey.model import TEXT_PATTERN, Journey, is_slug
from journeymap.journey.schema_advice import NOUNS, explain, mapping_model, model_at
from journeymap.text import did_you_mean


@rule(
    "yaml-syntax",
    Severity.ERROR,
    "the file is not valid YAML (or not UTF-8)",
    scope=Scope.FILE,
)
def yaml_syntax(ctx: FileContext) -> Iterator[Issue]:
    """The file cannot be read as YAML: the finding says what to fix, where the slip is.

    Fails: a tab used for indentation, an unclosed quote or bracket, an unquoted
    `: ` inside a value, a merge-conflict marker, bytes that are not UTF-8, two
    documents in one file, and a file that cannot be read at all (a symbolic link
    that loops or points nowhere, a folder or a pipe named `*.yml`, no permission,
    a file over 1 MiB, the size limit) or is not read (a symbolic link out of the
    repository: never opened, the finding names the link): that one has no line.
    """
    if ctx.read_error is not None:
        yield Issue(ctx.read_error, whole_file=True)
    elif ctx.load_error is not None and ctx.load_error.syntax:
        yield Issue(ctx.load_error.message, at=ctx.load_error.position)


@rule("duplicate-id", scope=Scope.FILE)
def second_name(ctx: FileContext) -> Iterator[Issue]:
    """Two entries of the journeys folder are one file (a symbolic or hard link).

    The journey is read once, from the entry that is not a link (else the one named
    like the file itself); the other is reported, with no line. Fails: `alias.yml`
    linking to `sign-up.yml` next to it.
    """
    if ctx.same_as is not None:
        what = (
            f"the same file as {ctx.same_as} (a hard link)"
            if ctx.hard_link
            else f"a symbolic link to {ctx.same_as}"
        )
        yield Issue(
            f"this is {what}: one journey would have two names, and two ids, so it is read "
            f"once, as {ctx.same_as}; remove this {'name' if ctx.hard_link else 'link'}",
            whole_file=True,
        )


@rule("duplicate-key", Severity.ERROR, "a mapping repeats a key", scope=Scope.FILE)
def duplicate_key(ctx: FileContext) -> Iterator[Issue]:
    """A mapping repeats a key; YAML readers silently keep only the last value.

    Points at the repeated key. Fails: a stage with two `evidence:` keys (the first
    list would be lost). Keys repeated in a mapping written where a list belongs
    (`evidence:` items without `- `) are one `schema` finding instead.
    """
    if ctx.document is None:
        return
    misshapen = ctx.misshapen
    misplaced = {id(duplicate): loc for duplicate, loc in ctx.misplaced_duplicates}
    for duplicate in ctx.document.duplicates:
        if any(duplicate.mapping is node for node in misshapen):
            continue
        owner = misplaced.get(id(duplicate))
        if owner is not None:  # the same key is missing just above or below
            noun = NOUNS[mapping_model(owner[:-1]) or Journey]
            line = ctx.document.position(owner[:-1]).line
            yield Issue(
                f"key {duplicate.key!r} is repeated (first at line {duplicate.first.line}), "
                f"and {noun} that starts at line {line} has none: one of the two belongs "
                "there; indent it to line up with that mapping's keys",
                at=duplicate.position,
            )
            continue
        yield Issue(
            f"key {duplicate.key!r} is repeated (first at line {duplicate.first.line}): "
            "only the last value would count; merge the two",
            at=duplicate.position,
        )


@rule(
    "schema",
    Severity.ERROR,
    "a missing, unknown or invalid field; points at the field",
    scope=Scope.FILE,
)
def schema(ctx: FileContext) -> Iterator[Issue]:
    """A key is missing, unknown or holds a value of the wrong kind.

    Points at the field: an unknown key at the key, a missing one at the mapping
    that lacks it, a bad value (or one that does not fit its YAML tag, such as
    `!!bool maybe`) at the value. A misspelt key is one finding ("unknown key
    'asumption' — did you mean 'assumption'?"), not also a missing one.
    Fails: `touchpionts:` (unknown key), `stance: no` (YAML reads it as false),
    `kind: stakeholder-workshop` (not a customer source), `emotion: 3`, a file
    named `billing.YML` (rename it `billing.yml`), a journey file in a subfolder of the
    journeys folder (move it up: journeys are read from the folder itself), a journey
    of more than 500 stages or a stage of more than 200 evidence items (the size
    limits: the one finding of the file, at the `stages` or `evidence` key).
    """
    if ctx.nested:
        yield Issue(
            f"{ctx.name!r} is in a subfolder of the journeys folder, where journeys are not "
            "read: move it into the journeys folder itself (or out of it, if it is no journey)",
            whole_file=True,
        )
        return
    if ctx.misnamed:
        yield Issue(
            f"{ctx.name!r} is not read as a journey file: journey files end in .yml or "
            f".yaml, in lowercase; rename it to {ctx.stem + ctx.name[len(ctx.stem) :].lower()!r}",
            whole_file=True,
        )
        return
    error = ctx.load_error
    if error is not None and not error.syntax:
        yield Issue(error.message, at=error.position, stage=error.stage)
    document = ctx.document
    if document is None:
        return
    bad: list[Loc] = []
    for value in document.bad_values:
        loc = document.path_of(value.node)
        if loc is not None:
            bad.append(loc)
        yield Issue(value.message, loc=loc or (), at=document.lines.mark(value.node.start_mark))
    supplied = {loc for _, loc in ctx.misplaced_duplicates}  # `duplicate-key` names them
    errors = [
        e
        for e in ctx.validation[1]
        if not _under_any(tuple(e["loc"]), bad) and tuple(e["loc"]) not in supplied
    ]
    yield from _schema_issues(errors, document)


@rule("schema", scope=Scope.FILE)
def journey_id(ctx: FileContext) -> Iterator[Issue]:
    """The `id` must equal the file's stem, and the stem must be a valid id.

    (An `id` that is not a valid id at all is the schema check's finding alone.)
    """
    data = ctx.data
    if not isinstance(data, dict):
        return
    given = data.get("id")
    if isinstance(given, str) and is_slug(given) and given != ctx.stem:
        yield Issue(
            f"id {given!r} differs from the file name {ctx.stem!r}: rename the file to "
            f"{given}.yml or remove the id",
            loc=("id",),
        )
    elif given is None and not is_slug(ctx.stem):
        yield Issue(
            f"the file name {ctx.stem!r} is not a valid journey id: rename the file using "
            "lowercase letters, digits and hyphens (e.g. first-invoice.yml)",
        )


@rule(
    "comment-in-text",
    Severity.WARNING,
    "an unquoted text value is followed by ` #…` on its line: YAML drops the rest as a "
    "comment, so the text is cut",
    scope=Scope.FILE,
)
def comment_in_text(ctx: FileContext) -> Iterator[Issue]:
    """Text after ` #` in an unquoted text value is a YAML comment: it is silently dropped.

    `source: Interviews, notes #1 to #5` holds only "Interviews, notes". Points at
    the `#`. Fix: put the whole value in quotes; if it is meant as a comment, move
    it to a line of its own. Comments after ids, dates, numbers and choices
    (`stance: supports  # or contradicts`) are left alone: nothing is cut there.
    """
    document = ctx.document
    if document is None:
        return
    text = document.text
    if " #" not in text and "\t#" not in text:
        return
    # index just past a value's last character -> index of the `#` after it
    hashes = _comments_after_text(text)
    if not hashes:
        return
    ends = sorted(hashes)
    seen: set[int] = set()  # an alias repeats a value: its text is cut once, where written
    for loc, node in _text_values(document.root, Journey, (), ends):
        if node.style or node.end_mark is None or id(node) in seen:  # type: ignore[attr-defined]
            continue
        seen.add(id(node))
        at = hashes.get(node.end_mark.index)
        if at is not None:
            kept = " ".join(str(node.value).split())
            yield Issue(
                f"{_field(loc)} is cut at ' #': YAML reads the rest of the line as a comment, "
                f"so the value is only {_clip(kept)!r}. Put the whole value in quotes "
                '("…") to keep the text; if it is a comment, move it to a line of its own',
                loc=loc,
                at=document.lines.at(at),
            )


_BREAKS = "\r\n\x85\u2028\u2029"
# `key: value` alone on a line (no flow brackets, no second `: `): the value is the key's.
_KEY_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)*([^\s:#'\"\[\]{},][^:#]*?)[ \t]*:[ \t]+([^\[\]{},]*)")


def _comments_after_text(text: str) -> dict[int, int]:
    """Where a comment follows something on its line: end of that something -> the `#`.

    Comments after the value of a key that never holds text (`stance: supports  # …`)
    are left out here, so files whose comments are all of that kind need no walk.
    """
    found: dict[int, int] = {}
    # The line breaks this text holds (YAML's: LF, CR, and NEL, LS, PS in non-ASCII text).
    breaks = [b for b in ("\r\n" if text.isascii() else _BREAKS) if b in text]
    at = text.find("#")
    while at != -1:
        before = at
        while before > 0 and text[before - 1] in " \t":
            before -= 1
        line_start = max((text.rfind(b, 0, before) for b in breaks), default=-1) + 1
        if before == line_start:  # a comment line: nothing on it can be cut
            ends = [i for i in (text.find(b, at) for b in breaks) if i != -1]
            at = text.find("#", min(ends)) if ends else -1
            continue
        if before < at:
            line = _KEY_VALUE.fullmatch(text, line_start, before)
            if line is None or line.group(1) in _TEXT_KEYS:
                found[before] = at
        at = text.find("#", at + 1)
    return found


def _schema_issues(errors: list[ErrorDetails], document: Document) -> Iterator[Issue]:
    """One issue per mistake: a misspelt or misplaced key is not also a missing one."""
    missing = {
        tuple(e["loc"]): e
        for e in errors
        if e["type"] == "missing" and e["loc"] and isinstance(e["loc"][-1], str)
    }
    unknown: dict[Loc, str] = {}
    explained: set[Loc] = set()
    for error in errors:
        loc: Loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            message, covered = _unknown_key(loc, missing, document)
            unknown[loc] = message
            if covered is not None:
                explained.add(covered)
    for error in errors:
        loc = tuple(error["loc"])
        if loc in unknown:
            yield Issue(unknown[loc], loc=loc, at_key=True)
        elif not (error["type"] == "missing" and loc in explained):
            node = document.node_at(loc)
            quoted = isinstance(node, ScalarNode) and node.style in ("'", '"')
            yield Issue(
                explain(error, document.raw(loc), quoted=quoted),
                loc=loc,
                at_key=error["type"] == "invalid_key",
            )


def _unknown_key(
    loc: Loc, missing: dict[Loc, ErrorDetails], document: Document
) -> tuple[str, Loc | None]:
    """The message for an unknown key, and the missing key it explains (if one).

    A key written with the right name in the wrong mapping (indented too little or too
    much) is said to belong where it does; only then is the name taken for a typo.
    """
    key = str(loc[-1])
    parent = loc[:-1]
    model = model_at(loc)
    noun = NOUNS[model]
    misplaced = misplaced_key(key, parent, missing, document)
    if misplaced is not None:
        owner, covered = misplaced
        return _belongs(key, noun, owner, document), covered
    lacking = [m[-1] for m in missing if m[:-1] == parent]
    node = document.node_at(parent)
    present = {k.value for k, _ in node.value} if isinstance(node, MappingNode) else set()
    unused = [name for name in model.model_fields if name not in present]
    hint = did_you_mean(key, [str(k) for k in lacking]) or did_you_mean(key, unused)
    if hint is not None:
        covered = (*parent, hint)
        return (
            f"unknown key {key!r} in {noun} — did you mean {hint!r}?",
            covered if covered in missing else None,
        )
    allowed = ", ".join(model.model_fields)
    return f"unknown key {key!r} in {noun}; the keys are: {allowed}", None


def _belongs(key: str, noun: str, owner: Loc, document: Document) -> str:
    line = document.position(owner).line
    where = NOUNS[mapping_model(owner) or Journey]
    return (
        f"key {key!r} is not a key of {noun}: it belongs to {where} that starts "
        f"at line {line}; indent it to line up with that mapping's keys"
    )


def _under_any(loc: Loc, prefixes: list[Loc]) -> bool:
    return any(loc[: len(prefix)] == prefix for prefix in prefixes)


# --- which values are free text (from the model: fields typed `Text`) ----------------------

_TEXT, _TEXT_LIST = "text", "text-list"


def _kind(annotation: Any, metadata: list[Any]) -> str | type[BaseModel] | None:
    """'text', 'text-list', a model (or a list of one), or None for anything else."""
    if any(getattr(m, "pattern", None) == TEXT_PATTERN for m in metadata):
        return _TEXT
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _kind(args[0], [*metadata, *args[1:]])
    if origin in (typing.Union, types.UnionType):
        kinds = [_kind(arg, []) for arg in args if arg is not type(None)]
        return kinds[0] if len(kinds) == 1 else None
    if origin is list and args:
        inner = _kind(args[0], [])
        return _TEXT_LIST if inner == _TEXT else inner
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _shape(model: type[BaseModel]) -> dict[str, str | type[BaseModel]]:
    shape: dict[str, str | type[BaseModel]] = {}
    for name, info in model.model_fields.items():
        kind = _kind(info.annotation, list(info.metadata))
        if kind is not None:
            shape[name] = kind
    return shape


_SHAPES: dict[type[BaseModel], dict[str, str | type[BaseModel]]] = {}


def _text_keys() -> frozenset[str]:
    keys: set[str] = set()
    todo: list[type[BaseModel]] = [Journey]
    while todo:
        model = todo.pop()
        for name, kind in _shape(model).items():
            if isinstance(kind, type):
                todo.append(kind)
            else:
                keys.add(name)
    return frozenset(keys)


#: Keys whose value is free text (or a list of it) in some mapping of the format.
_TEXT_KEYS = _text_keys()


def _text_values(
    node: Node, model: type[BaseModel], loc: Loc, ends: list[int]
) -> Iterator[tuple[Loc, Node]]:
    """(loc, scalar node) of the values the model types as free text, in spans holding `ends`."""
    if not isinstance(node, MappingNode) or not _spans(node, ends):
        return
    shape = _SHAPES.get(model)
    if shape is None:
        shape = _SHAPES[model] = _shape(model)
    for key_node, value_node in node.value:
        kind = shape.get(key_node.value) if isinstance(key_node, ScalarNode) else None
        if kind is None:
            continue
        here = (*loc, key_node.value)
        if kind == _TEXT:
            if isinstance(value_node, ScalarNode):
                yield here, value_node
        elif isinstance(value_node, SequenceNode) and _spans(value_node, ends):
            for index, item in enumerate(value_node.value):  # a list of text or of mappings
                if kind == _TEXT_LIST and isinstance(item, ScalarNode):
                    yield (*here, index), item
                elif isinstance(kind, type):
                    yield from _text_values(item, kind, (*here, index), ends)
        elif isinstance(kind, type):
            yield from _text_values(value_node, kind, here, ends)


def _spans(node: Node, ends: list[int]) -> bool:
    """Whether one of the sorted `ends` lies within the node's text."""
    start, end = node.start_mark.index, node.end_mark.index
    position = bisect.bisect_left(ends, start)
    return position < len(ends) and ends[position] <= end


def _field(loc: Loc) -> str:
    for step in reversed(loc):
        if isinstance(step, str):
            return f"the text of {step!r}" if step == loc[-1] else f"an item of {step!r}"
    return "the text"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
