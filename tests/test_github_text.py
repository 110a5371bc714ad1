"""Journey text in the Markdown journeymap writes for GitHub (the `diff --format markdown`
summary, the weekly list) stays text: rendered as GitHub renders it, no link, mention,
issue or commit reference, emoji or math, and the visible text is the original.

GitHub rewrites the text of a page after cmark-gfm has parsed it, where a backslash
escape is already gone; cmark-gfm does not do those rewrites, so for them the test looks
at the rendered text itself: no run GitHub matches survives whole (`GITHUB_REWRITES`).
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from commands import journeymap
from git_helpers import LATER, RECENT, write
from github_markdown import render, rewritten, visible
from hypothesis import given, settings
from hypothesis import strategies as st
from journey_helpers import REAL_TODAY
from journeymap.text import md

# One of each thing GitHub turns into something else, in the forms it takes.
SHORTCUTS = [
    "#12",
    "GH-12",
    "gh-7",
    "owner/repo#12",
    "owner/repo@1a2b3c4",
    "owner@1a2b3c4d",
    "@octocat",
    "@github/security-team",
    "someone@example.com",
    "1a2b3c4",
    "deadbeefcafe",
    "DEADBEEF12",
    "0123456789abcdef0123456789abcdef01234567",
    "1234567",
    ":smile:",
    ":shipit:",
    ":+1:",
    ":100:",
    "journeys/x.yml:100:5",
    "https://evil.example/x",
    "http://evil.example",
    "www.evil.com",
    "WWW.EVIL.COM",
    "mailto:a@b.example",
    "xmpp:a@b.example",
    "JIRA-123",
    "ABC-1",
    "PROJ_42",
    "TICKET#9",
    "GHSA-xvfj-8r8j-36f9",
    "ghsa-8r8j-xvfj-36f9",
    "$x$",
    "$$x^2$$",
    "$`x`$",
]
SENTENCE = "See " + ", ".join(SHORTCUTS) + " and (GH-3)."
# Short enough to be shown whole everywhere (titles in a list are shortened to 80). No
# e-mail address: one in journey text is `personal-data`, and no report repeats it
# (tests/test_personal_data_outputs.py); `md` itself keeps one as text (SHORTCUTS).
SHORT = "GH-12 :shipit: @octocat #12 1a2b3c4d JIRA-9 o@1a2b3c4 www.x.io https://x.io $x$"


def shown(markdown: str, bold: int = 0) -> tuple[str, str]:
    """(text of the rendered page, what a reader sees), after checking it holds no link,
    image, emoji, math or markup element (other than the `bold` ones journeymap wrote)."""
    soup = render(markdown)
    for tag in ("a", "img", "g-emoji", "math", "code", "em", "del", "script", "b"):
        assert soup.find_all(tag) == [], f"<{tag}> in {soup}"
    if bold:
        assert len(soup.find_all("strong")) == bold, soup
    text = soup.get_text()
    return text, visible(text)


@pytest.mark.parametrize("token", [*SHORTCUTS, SENTENCE])
@pytest.mark.parametrize("where", ["{}", "- {}", "| a |\n|---|\n| {} |", "> - **x {} y**"])
def test_each_shortcut_is_shown_as_written(token: str, where: str) -> None:
    """A paragraph, a list item, a table cell, bold in a quoted list: where the summary
    puts journey text."""
    text, seen = shown(where.format(md(token, None)), bold=where.count("**") // 2)
    assert rewritten(text) == []
    assert token in seen
    if "**" in where:
        assert visible(render(where.format(md(token, None))).strong.get_text()) == f"x {token} y"


ALPHABET = string.ascii_letters[:8] + "GHJIRAgh" + string.digits + "@#:$-_/.+`*[]()<>!~ w"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_any_text_made_of_the_shortcuts_pieces_stays_text(text: str) -> None:
    page, seen = shown(f"- x {md(text, None)} y")
    assert rewritten(page) == []
    assert seen.strip() == f"x {text} y"


def test_the_diff_summary_shows_every_field_literally(tmp_path: Path) -> None:
    """Every piece of journey text the summary shows: titles, ids, summaries, the waiver's
    approver and reason, file names, finding messages, the base's name."""
    text = json.dumps(SHORT)
    stage = f"""
      - id: deadbeefcafe
        title: {text}
        assumption: {text}
    """
    evidence = f"""
        evidence:
          - {{kind: interview, summary: {text}, source: s, date: {RECENT}, stance: contradicts}}
    """
    waived = f"""
      - id: jira-123
        title: {text}
        assumption: {text}
        waiver: {{reason: {text}, approved_by: {text}, until: {LATER}}}
    """
    base = tmp_path / "base #12 @octocat"
    head = tmp_path / "head"
    journey = f"title: {text}\nstages:"
    write(base, "journeys/gh-12.yml", journey + stage.rstrip() + evidence)
    write(head, "journeys/gh-12.yml", journey + stage + waived)
    write(head, "journeys/abc-1 :shipit:.yml", "title: [unclosed\n")
    code, out, err = journeymap("diff", "--base-dir", str(base), "--format", "markdown", cwd=head)
    assert code == 1, err
    page, seen = shown(out)
    assert seen.count(SHORT) >= 6, seen  # titles, summary, approver, reason
    for token in ("GH-12", ":shipit:", "JIRA-123", "#12", "@octocat", "deadbeefcafe", "abc-1"):
        assert token not in page, token
    for visible_text in (
        "gh-12 / deadbeefcafe",
        "journeys/abc-1 :shipit:.yml",
        "base #12 @octocat",
    ):
        assert visible_text in seen, visible_text


def test_the_weekly_list_shows_every_field_literally(tmp_path: Path) -> None:
    soon = REAL_TODAY.fromordinal(REAL_TODAY.toordinal() + 10).isoformat()
    text = json.dumps(SHORT)
    write(
        tmp_path,
        "journeys/gh-12.yml",
        f"""
        title: {text}
        stages:
          - id: deadbeefcafe
            title: {text}
            assumption: {text}
            waiver: {{reason: {text}, approved_by: {text}, until: {soon}}}
        """,
    )
    (tmp_path / "journeys" / "gh-12.yml").rename(tmp_path / "journeys" / "x :smile: #9.yml")
    code, out, err = journeymap("validate", "--format", "weekly", cwd=tmp_path)
    assert code == 1, err  # the waiver's findings: the workflow's step lets 1 pass
    assert "## Ends or goes stale within 30 days" in out
    page, seen = shown(out)
    for token in (":smile:", "#9", "deadbeefcafe", "GH-12", "@octocat", ":100:"):
        assert token not in page, token
    assert "journeys/x :smile: #9.yml:6 x :smile: #9 / deadbeefcafe: the waiver" in seen
    assert f"approved by {SHORT!r}" in seen
