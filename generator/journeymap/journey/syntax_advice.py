"""The YAML parser's complaints, said as advice: what is wrong, where, and what to write.

libyaml reports what its grammar expected ("mapping values are not allowed in
this context"); the people who edit journeys need to hear what they typed
("a ': ' inside a value") and how to fix it ("put the value in quotes"). Each
message names the place the slip is (an opening quote, the line without a
colon), which is not always where the parser gave up; the parser's own words
follow in parentheses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from journeymap.journey.positions import Lines, Position

_QUOTE_IT = "put the whole value in quotes"
_KEY_LINE = re.compile(r"\s*(?:-\s+)*[^\s:#'\"][^:#]*")

Advice = Callable[[yaml.MarkedYAMLError, Lines], "tuple[str, Position] | None"]


def explain(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position]:
    """A plain message and the position of the slip, for a parser or scanner error."""
    for advice in _ADVICE:
        found = advice(error, lines)
        if found is not None:
            message, position = found
            return f"{message} (YAML parser: {_raw(error)})", position
    position = lines.mark(error.problem_mark or error.context_mark)
    message = f"invalid YAML: {_raw(error)}"
    if _char(lines, error.problem_mark) == "\t":
        message += " (a tab: YAML indents with spaces, never tabs)"
    return message, position


def _raw(error: yaml.MarkedYAMLError) -> str:
    return "; ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"


def _char(lines: Lines, mark: object) -> str:
    index = getattr(mark, "index", None)
    return lines.text[index : index + 1] if isinstance(index, int) else ""


def _before(lines: Lines, mark: object) -> str:
    """The text of the mark's line before the mark."""
    index = getattr(mark, "index", None)
    if not isinstance(index, int):
        return ""
    start = max(lines.text.rfind("\n", 0, index), lines.text.rfind("\r", 0, index)) + 1
    return lines.text[start:index]


def _problem(error: yaml.MarkedYAMLError) -> str:
    return error.problem or ""


def _context(error: yaml.MarkedYAMLError) -> str:
    return error.context or ""


def _tab(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position] | None:
    if "tab" in _problem(error) or _char(lines, error.problem_mark) == "\t":
        return (
            "a tab character: YAML indents with spaces, never tabs; replace the tab with spaces",
            lines.mark(error.problem_mark),
        )
    return None


def _colon_in_value(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position] | None:
    if not _problem(error).startswith("mapping values are not allowed"):
        return None
    where = lines.mark(error.problem_mark)
    if _KEY_LINE.fullmatch(_before(lines, error.problem_mark)):
        return (
            "this key is indented further than the keys above it, so YAML reads the line as "
            "more text of the value above: line it up with the other keys",
            where,
        )
    return (
        "a ': ' inside a value: YAML reads it as the start of a new key; "
        f'{_QUOTE_IT} ("…"), or write the colon without a space after it',
        where,
    )


def _missing_colon(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position] | None:
    if "could not find expected ':'" not in _problem(error):
        return None
    return (
        "this line is not 'key: value': add ': ' after the key; if the line continues the "
        "text of the line above, indent it further than that line's key (or quote the text)",
        lines.mark(error.context_mark or error.problem_mark),
    )


def _unclosed_quote(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position] | None:
    if "quoted scalar" not in _context(error):
        return None
    if "unknown escape" in _problem(error) or "escape" in _problem(error):
        return (
            'a backslash inside "…" starts an escape sequence (\\n, \\t…): write \\\\ for a '
            "backslash, or use single quotes '…'",
            lines.mark(error.problem_mark),
        )
    quote = _char(lines, error.context_mark) or '"'
    return (
        f"this {quote} opens a quoted value that is never closed: add the closing {quote}"
        + (" (inside '…' write an apostrophe as '': it''s)" if quote == "'" else ""),
        lines.mark(error.context_mark or error.problem_mark),
    )


def _reserved_start(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position] | None:
    context = _context(error)
    problem = _problem(error)
    starts = {
        "while scanning an alias": "'*' (an alias)",
        "while scanning an anchor": "'&' (an anchor)",
        "while scanning a tag": "'!' (a tag)",
        "while scanning a block scalar": "'|' or '>' (a block of text on the next lines)",
        "while scanning a directive": "'%' (a directive)",
    }
    for known, what in starts.items():
        if context.startswith(known):
            return (
                f"a value that starts with {what}: {_QUOTE_IT}",
                lines.mark(error.context_mark or error.problem_mark),
            )
    if "cannot start any token" in problem:
        char = _char(lines, error.problem_mark)
        return (
            f"a value cannot start with {char!r} in YAML: {_QUOTE_IT}",
            lines.mark(error.problem_mark),
        )
    if problem.startswith("block sequence entries are not allowed"):
        return (
            "a value that starts with '- ' reads as a list item, and a list cannot start "
            f'on the line of its key: {_QUOTE_IT} ("- …"), or start the list on the next '
            "line, indented",
            lines.mark(error.problem_mark),
        )
    if problem.startswith("found undefined alias"):
        return (
            f"a value that starts with '*' refers to an anchor (&name) that does not exist: "
            f"{_QUOTE_IT}",
            lines.mark(error.problem_mark),
        )
    return None


def _flow(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position] | None:
    problem = _problem(error)
    if "flow" in _context(error) and _at_end(lines, error.problem_mark):
        unclosed = _unclosed_bracket(lines.text)
        if unclosed is not None:
            return _never_closed_at(lines, unclosed)
    closing = "]" if "','" in problem and "']'" in problem else None
    closing = closing or ("}" if "','" in problem and "'}'" in problem else None)
    if closing is not None:
        opening = "[" if closing == "]" else "{"
        opened = lines.mark(error.context_mark)
        found = lines.mark(error.problem_mark)
        if found.line > opened.line and _char(lines, error.problem_mark) not in (",", "]", "}"):
            index = getattr(error.context_mark, "index", None)
            if isinstance(index, int) and lines.text[index : index + 1] == opening:
                return _never_closed_at(lines, index)
            return _never_closed(opening), opened
        return (
            f"in a {'list' if closing == ']' else 'mapping'} written in brackets "
            f"({opening}a, b{closing}) items are split at each ',' and the list ends at the "
            "first closing bracket: put an item holding [ ] { } , # or ': ' in quotes, or "
            "write one '- item' per line",
            found,
        )
    if "did not find expected node content" in problem and "flow" in _context(error):
        return (
            "a value is missing here (two commas in a row, or a comma before a closing "
            "bracket): remove the extra comma, or put the value in quotes",
            lines.mark(error.problem_mark),
        )
    return None


def _after_value(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position] | None:
    problem = _problem(error)
    if not (
        "did not find expected key" in problem
        or "did not find expected '-' indicator" in problem
        or problem.startswith("expected <block end>")
    ):
        return None
    where = lines.mark(error.problem_mark)
    before = _before(lines, error.problem_mark).rstrip()
    if before.strip() and before[-1] == "'":
        return (
            "text follows the closing quote of a value: "
            f"{_QUOTE_IT}; inside '…' write an apostrophe as '' (it''s)",
            where,
        )
    if before.strip() and before[-1] == '"':
        return (
            'text follows the closing quote of a value: a " inside "…" ends the value; '
            'write it as \\" ("He said \\"no\\"") or put the whole value in single quotes '
            "('He said \"no\"')",
            where,
        )
    if before.strip() and before[-1] in "]}":
        return (
            "text follows the closing bracket of a list: a list in brackets ends at the first "
            "']'; put items holding brackets or commas in quotes, or write one '- item' per line",
            where,
        )
    if "'-' indicator" in problem:
        return (
            "this line is not lined up with the items of its list: indent it like the keys of "
            "the item above, or start a new item with '- '",
            where,
        )
    return (
        "this line is not lined up with the keys around it: indent it like its sibling keys "
        "(with spaces), or put a value that continues here in quotes",
        where,
    )


def _documents(error: yaml.MarkedYAMLError, lines: Lines) -> tuple[str, Position] | None:
    if "but found another document" in _problem(error):
        return (
            "a second YAML document ('---') in one file: a file holds one journey; remove "
            "the '---' line or move the rest into its own file",
            lines.mark(error.problem_mark),
        )
    if _problem(error).startswith("expected '<document start>'"):
        return (
            "text after the journey's keys ended: top-level keys start at the beginning "
            "of the line; check this line's indentation",
            lines.mark(error.problem_mark),
        )
    if "duplicate anchor" in _context(error):
        return ("an anchor (&name) is defined twice: rename one", lines.mark(error.problem_mark))
    return None


def _never_closed_at(lines: Lines, index: int) -> tuple[str, Position]:
    """The advice for the bracket at `index` that is never closed: usually a ' #' in an
    item, which made the rest of the line a comment, closing bracket included."""
    bracket = lines.text[index]
    hidden = _hiding_comment(lines.text, index)
    if hidden is None:
        return _never_closed(bracket), lines.at(index)
    closing = "]" if bracket == "[" else "}"
    return (
        f"this ' #' starts a YAML comment, which hides the rest of the line, the closing "
        f"{closing} included: put the item holding '#' in quotes (\"a #1\")",
        lines.at(hidden),
    )


def _hiding_comment(text: str, opened: int) -> int | None:
    """The index of a comment inside the bracket at `opened` whose text holds the
    bracket's closing character (which the comment then hid), if there is one."""
    closing = "]" if text[opened] == "[" else "}"
    depth = 0
    quote = ""
    index = opened + 1
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote and not (quote == "'" and text[index + 1 : index + 2] == "'"):
                quote = ""
            elif char == quote or (char == "\\" and quote == '"'):
                index += 1
        elif char == "#" and text[index - 1] in " \t":
            end = min(
                (i for i in (text.find("\n", index), text.find("\r", index)) if i != -1),
                default=len(text),
            )
            if closing in text[index:end]:
                return index
            index = end
            continue
        elif char in "'\"" and text[index - 1] in " \t[{,":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                return None
            depth -= 1
        index += 1
    return None


def _never_closed(bracket: str) -> str:
    closing, what = ("]", "list") if bracket == "[" else ("}", "mapping")
    return f"this {bracket} is never closed: add the {closing!r} at the end of the {what}"


def _at_end(lines: Lines, mark: object) -> bool:
    index = getattr(mark, "index", None)
    return isinstance(index, int) and not lines.text[index:].strip()


def _unclosed_bracket(text: str) -> int | None:
    """Index of the last `[` or `{` never closed (quotes and comments skipped), if any."""
    opened: list[int] = []
    quote = ""
    previous = "\n"
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote:
                if quote == "'" and text[index + 1 : index + 2] == "'":
                    index += 1  # '' is an apostrophe inside '…'
                else:
                    quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char == "#" and previous in " \t\r\n":
            while index < len(text) and text[index] not in "\r\n":
                index += 1
            continue
        elif char in "'\"" and (previous in " \t\r\n[{,:-"):
            quote = char
        elif char in "[{":
            opened.append(index)
        elif char in "]}" and opened:
            opened.pop()
        previous = char
        index += 1
    return opened[-1] if opened else None


_ADVICE: tuple[Advice, ...] = (
    _tab,
    _colon_in_value,
    _missing_colon,
    _unclosed_quote,
    _reserved_start,
    _flow,
    _after_value,
    _documents,
)
