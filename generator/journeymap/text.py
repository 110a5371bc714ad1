"""The words journeymap writes, and text from journey files made safe for each output.

One home for wording (`plural`, `listed`, "did you mean", `excerpt`) and for every
escape: a terminal or log (`printable`), GitHub Markdown (`md`), GitHub workflow commands
(`workflow_data`, `workflow_property`), JSON (`json_text`), and the HTML of pages that
also go into Markdown files (`inert_html`). Journey text reaches no output another way.
Reports (messages, diff summaries) never repeat personal data: `excerpt` writes its kind
in its place (`personal_data.redact`) before any text is shortened, and so do the diff
formats before they escape journey text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup

from journeymap.personal_data import redact

# --- wording ------------------------------------------------------------------------


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 file", "2 files"; `many` for nouns whose plural is not noun + "s"."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def listed(words: Sequence[str]) -> str:
    """Words joined as a sentence does: "a", "a and b", "a, b and c"."""
    if not words:
        return ""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, if one is close enough to be a likely typo."""
    import difflib  # only for a mistake: not paid by a run that finds none

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def excerpt(text: str, limit: int | None, ellipsis: str = "…") -> str:
    """Journey text as a message quotes it: personal data replaced by its kind (first, so
    that shortening leaves no part of it), then shortened to `limit` characters."""
    text = redact(text)
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - len(ellipsis)] + ellipsis


# --- a terminal, a log --------------------------------------------------------------

# Characters that could end a line, move the cursor, recolour a terminal or reorder
# text (the "Trojan Source" bidi controls) if a file name or message printed them raw,
# and lone surrogates (undecodable bytes in a file name), which cannot be printed.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with control characters written as escapes (`\\x1b`, `\\n`, `\\u202e`)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


# --- GitHub Markdown ----------------------------------------------------------------
#
# Text from journey files as inert GitHub Markdown: shown as written, never as markup, a
# link, a mention, an issue or commit reference, an emoji or math.
#
# GitHub turns text into something else in two stages, and `md` defeats both:
#
# 1. cmark-gfm parses Markdown: emphasis, links, images, HTML, code spans, table cells,
#    math and its own autolinks (`www.`, `https://`, e-mail addresses). Every ASCII
#    punctuation character gets a backslash escape, so none of it can start.
# 2. After parsing, GitHub rewrites the text itself, where a backslash escape is already
#    gone: `@user`, `@org/team`, `#12`, `GH-12`, `owner/repo#12`, `owner/repo@sha`, bare
#    commit SHAs, `:emoji:` shortcodes, security advisories (`GHSA-8r8j-xvfj-36f9`) and
#    the autolink references a repository sets up (`JIRA-123`). Each of these is a run of
#    characters GitHub matches whole, so a zero-width space (U+200B, what Dependabot
#    writes into `@mentions` it must not send) goes inside every such run: after `@`, `#`,
#    `:` and `$` when a character follows, after any punctuation that a digit follows
#    (`GH-`, `JIRA-`, `#`), between `www` and its dot and `GHSA` and its hyphen, and into
#    every run of 7 or more hexadecimal digits, so that no run is longer than 6. Nothing
#    shows: the visible text is the original.
#
# Line breaks become spaces (a summary line or table cell stays one line), and the other
# characters a reader would not see or that reorder text (controls, bidi overrides, and
# the undecodable bytes of a file name) are written as `\\x1b`-style escapes, as in a
# terminal (`printable`), so the output is always valid UTF-8.

#: The invisible separator put inside every run GitHub would turn into a link or an emoji.
BREAK = "\u200b"
#: Characters of journey text shown, by default, before it is shortened with "…".
TEXT_CHARS = 160

_LINE_BREAKS = re.compile("[\t\n\x0b\x0c\r\x85\u2028\u2029]+")
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SHORTCUTS = re.compile(
    r"(?<=[@#:$])(?=\S)"  # mentions, teams, e-mail, issues, emoji, URL schemes, math
    r"|(?<=[!-/:-@\[-`{-~])(?=[0-9])"  # GH-12, JIRA-123, owner/repo#12, any PREFIX-digits
    r"|(?i:(?<=www)(?=\.)|(?<=ghsa)(?=-))"  # www. autolinks, security advisories
)
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{7,}")
_HEX_PIECE = 6  # one less than the shortest SHA GitHub links


def md(text: str, limit: int | None = TEXT_CHARS) -> str:
    """Journey text as inert Markdown: shown as written, never markup, links or mentions;
    shortened to `limit` characters (none: whole)."""
    text = printable(_LINE_BREAKS.sub(" ", text))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return _PUNCTUATION.sub(r"\\\1", unlinked(text))


def unlinked(text: str) -> str:
    """`text` with a zero-width space inside every run GitHub would rewrite after parsing."""
    text = _SHORTCUTS.sub(BREAK, text)
    return _HEX_RUN.sub(_split_hex, text)


def _split_hex(match: re.Match[str]) -> str:
    run = match.group()
    return BREAK.join(run[start : start + _HEX_PIECE] for start in range(0, len(run), _HEX_PIECE))


# --- GitHub workflow commands -------------------------------------------------------
#
# As the official actions toolkit escapes them (`@actions/core` command.ts): in the
# message `%`, CR and LF; in property values also `:` and `,`. The job log renders
# terminal escape sequences too: every other control character (and the bidi controls
# that reorder text) is written as an escape, as in the text format.


def workflow_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)  # `printable` writes backslash escapes: no `%` is added


def workflow_property(text: str) -> str:
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


# --- JSON ---------------------------------------------------------------------------
#
# The one rule for every JSON journeymap writes (`validate --format json` and `sarif`,
# `diff --format json`, the schema, `generate`'s manifest, the search index a serve keeps
# whole).
#
# The output is ASCII: every other character is a `\\u` escape, so it is valid UTF-8
# whatever the terminal's or the file's encoding, and whatever the text holds: control
# characters and line separators are escaped as JSON escapes them, and a file name whose
# bytes are not UTF-8 (which Python reads as lone surrogates, `os.fsdecode`) is written
# as those escapes (`"caf\\udcff.yml"`), so a script gets the very name back
# (`os.fsencode(json.load(…)["file"])`) rather than bytes no JSON parser accepts. No NaN
# or Infinity, which JSON does not have.


def json_text(value: Any, *, indent: int | None = None, compact: bool = False) -> str:
    """`value` as JSON text, by the rule above; `compact` leaves out the spaces."""
    import json  # only the formats that write JSON pay for it

    separators = (",", ":") if compact else None
    return json.dumps(
        value, ensure_ascii=True, allow_nan=False, indent=indent, separators=separators
    )


# --- pages (HTML that also goes into Markdown files) --------------------------------


def inert_html(value: Any) -> Any:
    """Jinja's `finalize`: text escaped as HTML, and also inert as Markdown source.

    The pages go into Markdown files (`journeymap generate`), where Markdown extensions
    read the raw text before any HTML is set aside: a line that starts with journey text
    could open a code fence or a snippet include (`--8<--`), and `{{ }}` is a macro to
    mkdocs-macros. So line breaks and braces in journey text become character
    references: the page reads the same, and no journey text ever starts a line.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        text = html.escape(value, quote=True)
        for raw, reference in _INERT:
            text = text.replace(raw, reference)
        return Markup(text)
    return value


_INERT = (("\r", "&#13;"), ("\n", "&#10;"), ("{", "&#123;"), ("}", "&#125;"), ("`", "&#96;"))
