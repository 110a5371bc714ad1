"""The markdown summary of `journeymap diff`, rendered the way GitHub renders it (cmark-gfm):
journey text (and file and folder names, and configuration values) cannot inject markup,
links or mentions. In this process, against a base folder; its size limit is in
test_diff_markdown_budget."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from diff_helpers import folder_diff
from git_helpers import LATER, RECENT, write
from github_markdown import render, visible
from journeymap.diff.formats import markdown

# Markup, HTML, links, images, mentions, issue references, autolinks, math, line breaks
# and table-cell breaks: every way a summary could turn text into something else.
HOSTILE = (
    "x | <script>alert(1)</script> *em* **b** `code` [a](javascript:alert(1)) "
    "![i](http://e/x.png) @octocat #12 www.evil.com https://evil.example <b>b</b> "
    "&amp; \\ ~~s~~ $x$\nrow\r\n| c |"
)
SHOWN = HOSTILE.replace("\r\n", " ").replace("\n", " ")
_TEXT_CHARS = 160  # the summary shortens journey text to this many characters


def hostile_journey(root: Path) -> None:
    text = json.dumps(HOSTILE)  # a YAML double-quoted scalar
    write(
        root,
        "journeys/billing.yml",
        f"""
        title: {text}
        stages:
          - id: pay
            title: {text}
            assumption: {text}
            evidence:
              - kind: interview
                summary: {text}
                source: {text}
                date: {RECENT}
                stance: contradicts
          - id: remind
            title: Reminder
            assumption: x
            waiver:
              reason: {text}
              approved_by: {text}
              until: {LATER}
        """,
    )


def hostile_change(tmp_path: Path, edit: Callable[[str], str]) -> tuple[Path, Path]:
    """A base folder holding the hostile journey, and a head folder holding `edit` of it."""
    base = tmp_path / "base"
    hostile_journey(base)
    head = tmp_path / "head"
    write(head, "journeys/billing.yml", edit((base / "journeys/billing.yml").read_text()))
    return base, head


def test_journey_text_is_shown_literally_never_as_markup(tmp_path: Path) -> None:
    # the head deletes the contradicting evidence (a callout), changes the waiver, and adds
    # a file whose very name is hostile
    base, head = hostile_change(
        tmp_path,
        lambda text: text.replace("stance: contradicts", "stance: supports").replace(
            f"until: {LATER}", "until: 2099-01-01"
        ),
    )
    (head / "journeys" / "a|<b>@x *y*.yml").write_text("title: [unclosed\n")
    diff = folder_diff(head, base)
    assert diff.failed
    out = markdown.render(diff)
    soup = render(out)
    for tag in ("script", "a", "img", "code", "em", "del", "b", "input", "math", "h1", "h2"):
        assert soup.find_all(tag) == [], f"<{tag}> in {soup.find_all(tag)}"
    text = visible(soup.get_text())
    shortened = SHOWN[: _TEXT_CHARS - 1].rstrip() + "…"
    assert text.count(shortened) >= 4  # headline lists, table cells, waiver reason, approver
    assert "a|<b>@x *y*.yml" in text
    # nothing GitHub would turn into a mention, an issue link or a link
    html = str(soup)
    for linkable in ("@octocat", "#12", "www.evil.com", "https://evil", "@x"):
        assert linkable not in html
    # every table row keeps its five cells
    for row in soup.select("table tr"):
        assert len(row.find_all(["td", "th"])) == 5
    # the disagreement callout names the evidence, escaped like the rest
    callout = soup.find("blockquote")
    assert callout is not None
    assert "Disagreement removed" in callout.get_text()
    assert shortened in visible(callout.get_text())


def test_a_small_change_is_shown_whole(tmp_path: Path) -> None:
    base, head = hostile_change(
        tmp_path, lambda text: text.replace("stance: contradicts", "stance: mixed")
    )
    diff = folder_diff(head, base)
    assert not diff.failed
    out = markdown.render(diff)
    assert "Not shown" not in out
    assert out.count("\n##### ") == 1
    assert "**1 stage changes status: 1 newly contested.**" in out
    # contradicts -> mixed keeps the disagreement: no callout
    assert "Disagreement removed" not in out


def test_edited_evidence_and_policy_values_are_shown_literally(tmp_path: Path) -> None:
    """An edit shows both values of the field it changed; a policy edit shows both values
    of the option: all of it journey (or configuration) text, escaped like the rest."""
    before, after = json.dumps(HOSTILE), json.dumps("*new* " + HOSTILE)
    base, head = hostile_change(
        tmp_path, lambda text: text.replace(f"summary: {before}", f"summary: {after}")
    )
    folder = "j|<b>@x *y*"
    (head / "journeys").rename(head / folder)
    write(head, "mkdocs.yml", f"plugins:\n  - journeymap:\n      journeys: {json.dumps(folder)}\n")
    diff = folder_diff(head, base)
    assert not diff.failed
    out = markdown.render(diff)
    soup = render(out)
    for tag in ("script", "a", "img", "code", "em", "del", "b"):
        assert soup.find_all(tag) == [], f"<{tag}> in {soup.find_all(tag)}"
    text = visible(soup.get_text())
    assert f"journeys journeys → {folder}" in text
    [cell] = [td for td in soup.select("table td") if "(edited: summary" in td.get_text()]
    edited = visible(cell.get_text())
    assert f"(edited: summary {SHOWN[:79].rstrip()}… → *new* {SHOWN[:73].rstrip()}…)" in edited
    for row in soup.select("table tr"):
        assert len(row.find_all(["td", "th"])) == 5
