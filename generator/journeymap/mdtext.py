"""Text from journey files as inert GitHub Markdown: shown as written, never as markup, a
link, a mention, an issue or commit reference, an emoji or math.

GitHub turns text into something else in two stages, and `md` defeats both:

1. cmark-gfm parses Markdown: emphasis, links, images, HTML, code spans, table cells,
   math and its own autolinks (`www.`, `https://`, e-mail addresses). Every ASCII
   punctuation character gets a backslash escape, so none of it can start.
2. After parsing, GitHub rewrites the text itself, where a backslash escape is already
   gone: `@user`, `@org/team`, `#12`, `GH-12`, `owner/repo#12`, `owner/repo@sha`, bare
   commit SHAs, `:emoji:` shortcodes, security advisories (`GHSA-8r8j-xvfj-36f9`) and
   the autolink references a repository sets up (`JIRA-123`). Each of these is a run of
   characters GitHub matches whole, so a zero-width space (U+200B, what Dependabot
   writes into `@mentions` it must not send) goes inside every such run: after `@`, `#`,
   `:` and `$` when a character follows, after any punctuation that a digit follows
   (`GH-`, `JIRA-`, `#`), between `www` and its dot and `GHSA` and its hyphen, and into
   every run of 7 or more hexadecimal digits, so that no run is longer than 6. Nothing
   shows: the visible text is the original.

Line breaks become spaces (a summary line or table cell stays one line), and the other
characters a reader would not see or that reorder text (controls, bidi overrides, and
the undecodable bytes of a file name) are written as `\\x1b`-style escapes, as in a
terminal (`findings.printable`), so the output is always valid UTF-8.
"""

from __future__ import annotations

import re

from journeymap.check.findings import printable

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
    return _PUNCTUATION.sub(r"\\\1", inert(text))


def inert(text: str) -> str:
    """`text` with a zero-width space inside every run GitHub would rewrite after parsing."""
    text = _SHORTCUTS.sub(BREAK, text)
    return _HEX_RUN.sub(_split_hex, text)


def _split_hex(match: re.Match[str]) -> str:
    run = match.group()
    return BREAK.join(run[start : start + _HEX_PIECE] for start in range(0, len(run), _HEX_PIECE))
