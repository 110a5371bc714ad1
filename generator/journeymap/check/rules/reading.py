"""File checks: can the file be read, is it YAML, does it follow the format, is text cut."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, ScalarNode

from journeymap.check.findings import Severity
from journeymap.check.rules.context import FileContext, misplaced_key
from journeymap.check.rules.registry import Issue, Scope, rule
from journeymap.journey.loader import Document, Loc
from journeymap.journey.model import Journey, is_slug
from journeymap.journey.schema_advice import NOUNS, explain, mapping_model, model_at
from journeymap.journey.study import INHERITED, Study
from journeymap.journey.texts import field_phrase, text_keys, walk_text
from journeymap.text import did_you_mean, excerpt


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
            noun = NOUNS[mapping_model(owner[:-1], ctx.model) or ctx.model]
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
    noun, folder = ctx.noun, ctx.folder_noun
    plural = "journeys" if noun == "journey" else "studies"
    if ctx.nested:
        yield Issue(
            f"{ctx.name!r} is in a subfolder of the {folder}, where {plural} are not "
            f"read: move it into the {folder} itself (or out of it, if it is no {noun})",
            whole_file=True,
        )
        return
    if ctx.misnamed:
        yield Issue(
            f"{ctx.name!r} is not read as a {noun} file: {noun} files end in .yml or "
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
    # What an evidence item would inherit from a study it names that does not exist:
    # `unknown-study` names the one mistake, with no echo for the keys it lacks.
    uninherited = {(*loc, key) for loc in ctx.uninherited for key, _ in INHERITED}
    errors = [
        e
        for e in ctx.validation[1]
        if not _under_any(tuple(e["loc"]), bad)
        and tuple(e["loc"]) not in supplied
        and not (e["type"] == "missing" and tuple(e["loc"]) in uninherited)
    ]
    yield from _schema_issues(errors, document, ctx.model)


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
        example = "first-invoice.yml" if ctx.model is Journey else "billing-interviews.yml"
        yield Issue(
            f"the file name {ctx.stem!r} is not a valid {ctx.noun} id: rename the file using "
            f"lowercase letters, digits and hyphens (e.g. {example})",
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
    for value in walk_text(document.root, ctx.model, (), ends, urls=False):
        loc, node = value.loc, value.node
        if node.style or node.end_mark is None or id(node) in seen:
            continue
        seen.add(id(node))
        at = hashes.get(node.end_mark.index)
        if at is not None:
            kept = " ".join(str(node.value).split())
            yield Issue(
                f"{field_phrase(loc)} is cut at ' #': YAML reads the rest of the line as a "
                f"comment, so the value is only {_clip(kept)!r}. Put the whole value in quotes "
                '("…") to keep the text; if it is a comment, move it to a line of its own',
                loc=loc,
                at=document.lines.at(at),
            )


@rule(
    "split-list-item",
    Severity.WARNING,
    "an unquoted item of a list in brackets reads as the rest of the one before it (it "
    "starts in lower case after one that ends no sentence): the comma split one text in "
    "two; points at the comma",
    scope=Scope.FILE,
)
def split_list_item(ctx: FileContext) -> Iterator[Issue]:
    """A comma inside a list in brackets ends an item, even in the middle of a sentence.

    `opportunities: [Show an estimated fix time, even a rough one]` holds two
    opportunities, "Show an estimated fix time" and "even a rough one". Reported where an
    unquoted item starts with a lower-case letter right after one that starts with a
    capital and ends no sentence (`.`, `!`, `?`, `…`, `:`, `;`), and one of the two has
    three words or more; points at the comma. Lists of lower-case words or ids
    (`tags: [billing, smb]`, `touchpoints: [email, web app]`, `[Help centre, chat]`) and
    lists written one item a line (`- …`) are left alone. Fix: put the text in quotes to
    keep it one item (`["Show an estimated fix time, even a rough one"]`); if they are
    two items, start the second with a capital letter, or quote it.
    """
    document = ctx.document
    if document is None or _MAYBE_SPLIT.search(document.text) is None:
        return
    seen: set[int] = set()  # an alias repeats a list: its items are split once, where written
    for value in walk_text(document.root, Journey, lists_only=True):
        items = value.items
        if items is None or not items.flow_style or value.index == 0 or value.node.style:
            continue
        if id(value.node) in seen:
            continue
        seen.add(id(value.node))
        before = items.value[value.index - 1]
        if not isinstance(before, ScalarNode) or before.style:
            continue
        first, rest = str(before.value), value.value
        if not _reads_on(first, rest):
            continue
        comma = document.text.find(",", before.end_mark.index, value.node.start_mark.index)
        if comma == -1:
            continue
        yield Issue(
            f"{field_phrase(value.loc)} starts in lower case right after an item that ends "
            f"no sentence: the comma between them ends an item in a list in brackets, so "
            f"{_clip(first + ', ' + rest)!r} is two items. Put the whole text in quotes "
            '("…") to keep it one item; if they are two, start the second with a capital '
            "letter",
            loc=value.loc,
            at=document.lines.at(comma),
        )


# A quick look first: an item in brackets that starts with a letter that may be a capital,
# then a comma and a letter that may be lower case (a superset of `_reads_on`).
_MAYBE_SPLIT = re.compile(
    r"\[(?:[^\[\]{},]*,)*?[ \t\r\n]*[^\W\d_a-z][^\[\]{},]*,[ \t\r\n]*[^\W\d_A-Z]"
)
_SENTENCE_END = ".!?…:;"
_CLOSING = "\"')]\u00bb\u201d\u2019"  # closing quotes and brackets after a full stop


def _reads_on(first: str, rest: str) -> bool:
    """Whether `rest` reads as the continuation of `first` (see `split_list_item`)."""
    if not (first[:1].isupper() and rest[:1].islower()):
        return False
    if first.rstrip(_CLOSING)[-1:] in _SENTENCE_END:
        return False
    return max(len(first.split()), len(rest.split())) >= 3


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


#: Keys whose value is free text (or a list of it) in some mapping of the format.
_TEXT_KEYS = text_keys(Journey) | text_keys(Study)


def _schema_issues(
    errors: list[ErrorDetails], document: Document, root: type[BaseModel]
) -> Iterator[Issue]:
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
            message, covered = _unknown_key(loc, missing, document, root)
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
                explain(error, document.raw(loc), quoted=quoted, root=root),
                loc=loc,
                at_key=error["type"] == "invalid_key",
            )


def _unknown_key(
    loc: Loc, missing: dict[Loc, ErrorDetails], document: Document, root: type[BaseModel]
) -> tuple[str, Loc | None]:
    """The message for an unknown key, and the missing key it explains (if one).

    A key written with the right name in the wrong mapping (indented too little or too
    much) is said to belong where it does; only then is the name taken for a typo.
    """
    key = str(loc[-1])
    parent = loc[:-1]
    model = model_at(loc, root)
    noun = NOUNS[model]
    misplaced = misplaced_key(key, parent, missing, document, root)
    if misplaced is not None:
        owner, covered = misplaced
        return _belongs(key, noun, owner, document, root), covered
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


def _belongs(key: str, noun: str, owner: Loc, document: Document, root: type[BaseModel]) -> str:
    line = document.position(owner).line
    where = NOUNS[mapping_model(owner, root) or root]
    return (
        f"key {key!r} is not a key of {noun}: it belongs to {where} that starts "
        f"at line {line}; indent it to line up with that mapping's keys"
    )


def _under_any(loc: Loc, prefixes: list[Loc]) -> bool:
    return any(loc[: len(prefix)] == prefix for prefix in prefixes)


def _clip(text: str, limit: int = 60) -> str:
    return excerpt(text, limit)
