"""Markdown as GitHub shows it: rendered by cmark-gfm (GitHub's own renderer, with its
extensions: tables, autolinks, strikethrough), and the rewrites GitHub then applies to
the text of the page, which cmark-gfm does not do, as patterns to look for."""

from __future__ import annotations

import re

import cmarkgfm
from bs4 import BeautifulSoup
from cmarkgfm.cmark import Options

#: The invisible separator journeymap puts inside each run GitHub would rewrite.
BREAK = "\u200b"

# What GitHub rewrites in the text of a rendered page (after Markdown, escapes gone), as
# the shortest run of characters each rewrite needs to see whole.
GITHUB_REWRITES = {
    "@mention, @org/team, e-mail, owner/repo@sha": re.compile(r"@[A-Za-z0-9]"),
    "#12, owner/repo#12": re.compile(r"#[0-9]"),
    "GH-12, JIRA-123 and any PREFIX-digits autolink": re.compile(r"[!-/:-@\[-`{-~][0-9]"),
    "a commit SHA (7 to 40 hexadecimal digits)": re.compile(r"[0-9A-Fa-f]{7}"),
    ":emoji: shortcode": re.compile(r":[A-Za-z0-9_+-]+:"),
    "URL scheme": re.compile(r"[A-Za-z]:[^\s\u200b]"),
    "www. autolink": re.compile(r"(?i)www\."),
    "security advisory": re.compile(r"(?i)ghsa-"),
    "$math$": re.compile(r"\$[^\s\u200b]"),
}


def render(markdown: str) -> BeautifulSoup:
    """The page GitHub would show. UNSAFE passes raw HTML through: an escaping mistake
    then shows as a real tag."""
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return BeautifulSoup(html, "html.parser")


def rewritten(text: str) -> list[str]:
    """The GitHub rewrites that would apply somewhere in `text` (a rendered page's text)."""
    return [name for name, pattern in GITHUB_REWRITES.items() if pattern.search(text)]


def visible(text: str) -> str:
    """Text as a reader sees it: without the invisible separators."""
    return text.replace(BREAK, "")
