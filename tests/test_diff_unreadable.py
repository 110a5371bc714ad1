"""`journeymap diff` where a journey file cannot be read on one side, and where a file
only repeats a journey (`duplicate-id`): what a pull-request reviewer must see.

A file broken by the change is neither its stages removed nor coverage gained; a file
readable again is not its stages new; a duplicate added or removed is not a journey
added or removed, nor disagreement removed. Real git repositories (and a base folder);
every expectation is worked out by hand from the files below.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from commands import journeymap
from git_helpers import (
    BILLING_STAGES,
    RECENT,
    commit_all,
    diff_json,
    finding_keys,
    git,
    init_repo,
    write,
)

TICKET = {
    "kind": "support-ticket",
    "stance": "contradicts",
    "summary": "38 tickets asked whether the invoice email was phishing.",
}

# `invoice-email`: a contradicting ticket and a supporting interview -> contested;
# `pay`: no evidence -> unvalidated. 1 of 2 stages with customer evidence.
BILLING = "\ntitle: First invoice\nstages:" + BILLING_STAGES

# `call`: supported -> confirmed. 1 of 1 stage with customer evidence.
SUPPORT = f"""
title: Contact support
stages:
  - id: call
    title: Call the helpline
    assumption: Customers find the number.
    evidence:
      - kind: interview
        summary: All five found it.
        source: Support interviews
        date: {RECENT}
        stance: supports
"""

# Three ways a change makes billing.yml unreadable as a journey, and where the first
# error is: (name, edit of the file's text, code, line, column).
BREAKS: list[tuple[str, Callable[[str], str], str, int, int]] = [
    # an unclosed bracket: not YAML; the finding points at the `[`
    (
        "yaml",
        lambda text: text.replace("title: First invoice", "title: [First invoice"),
        "yaml-syntax",
        1,
        8,
    ),
    # a list at the top level: YAML, but no journey
    ("top-level-list", lambda text: "- " + text.lstrip("\n").replace("\n", "\n  "), "schema", 1, 1),
    # `stages` written as a mapping: a journey whose stages cannot be read
    (
        "stages-mapping",
        lambda _: (
            "title: First invoice\nstages:\n  invoice-email: {title: Invoice email arrives}\n"
        ),
        "schema",
        3,
        3,
    ),
]


def repo(tmp_path: Path, files: dict[str, str]) -> Path:
    """main holds `files` (with journeys/support.yml); a branch `feature` is checked out."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/support.yml", SUPPORT)
    for name, text in files.items():
        write(root, f"journeys/{name}", text)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def outputs(root: Path, *base: str) -> tuple[int, dict[str, Any], str, str]:
    """(exit status, JSON, text, markdown) of `journeymap diff` against `base`."""
    code, result, _ = diff_json(root, *base)
    text_code, text, _ = journeymap("diff", *base, cwd=root, env={"NO_COLOR": "1"})
    md_code, markdown, _ = journeymap("diff", *base, "--format", "markdown", cwd=root)
    assert text_code == md_code == code
    return code, result, text, markdown


def stage_rows(journey: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (s["id"], s["change"], s["before"], s["after"], s["unreadable"]) for s in journey["stages"]
    ]


# --- 1. a file the change makes unreadable ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "edit", "code", "line", "column"), BREAKS, ids=[b[0] for b in BREAKS]
)
def test_a_file_the_change_breaks_is_unknown_not_removed(
    tmp_path: Path,
    name: str,
    edit: Callable[[str], str],
    code: str,
    line: int,
    column: int,
) -> None:
    """The base: billing (2 stages, 1 with evidence) and support (1 of 1): 67%. Breaking
    billing.yml used to read "No stage changes status" with coverage 67% → 100%."""
    root = repo(tmp_path, {"billing.yml": BILLING})
    path = root / "journeys" / "billing.yml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    status, result, text, markdown = outputs(root, "--base", "main")
    assert status == 1  # the error is new: the gate fails, as it did

    [journey] = result["journeys"]
    assert (journey["id"], journey["change"], journey["unreadable"]) == (
        "billing",
        "changed",
        "head",
    )
    error = journey["error"]
    assert (error["code"], error["file"], error["line"], error["column"]) == (
        code,
        "journeys/billing.yml",
        line,
        column,
    )
    # each stage keeps its base status and is unknown after the change: not removed
    assert stage_rows(journey) == [
        ("invoice-email", "changed", "contested", None, "head"),
        ("pay", "changed", "unvalidated", None, "head"),
    ]
    [email, pay] = journey["stages"]
    assert email["disagreement_hidden"] == [TICKET]
    assert (email["evidence_removed"], email["disagreement_removed"]) == ([], [])
    assert pay["disagreement_hidden"] == []
    summary = result["summary"]
    assert summary["disagreement_removed"] == 0
    assert summary["disagreement_hidden"] == 1
    assert summary["unreadable_after"] == 1
    assert (summary["journeys_removed"], summary["stages_removed"]) == (0, 0)
    assert summary["status_changes"] == {}
    # billing is left out on both sides: support's 1 of 1, before and after
    assert result["coverage_excludes"] == ["journeys/billing.yml"]
    assert (summary["coverage_before"], summary["coverage_after"]) == (1.0, 1.0)
    assert (code, "journeys/billing.yml", "billing", None) in finding_keys(
        result["findings"]["introduced"]
    )

    where = f"journeys/billing.yml:{line}:{column}: {code}: "
    assert text.splitlines()[1].startswith(
        f"journeys/billing.yml can no longer be read as a journey ({where}"
    )
    assert (
        "): its 2 stages are unknown after the change, not removed; "
        "no other stage changes status.\n"
    ) in text
    assert "Coverage unchanged: 100% of stages have customer evidence (leaving out " in text
    assert "Disagreement no longer visible: 1 piece of customer evidence" in text
    assert (
        "  billing / invoice-email (journeys/billing.yml): support-ticket (contradicts): "
        "38 tickets asked whether the invoice email was phishing."
    ) in text
    assert (
        "  stage invoice-email (Invoice email arrives): contested → unknown (the file cannot be read)"
        in text
    )
    for shown in (text, markdown):
        assert "No stage changes status" not in shown
        assert "removed" not in shown.replace("not removed", "").replace("known to be removed", "")
        assert "67%" not in shown

    md_where = f"journeys\\/billing\\.yml\\:{line}\\:{column}: {code}: "
    assert markdown.count("\n**journeys\\/billing\\.yml can no longer be read as a journey (") == 1
    # a zero-width space after each colon: `:1:` would be an emoji shortcode on GitHub
    assert f"can no longer be read as a journey ({md_where}" in markdown.replace("\u200b", "")
    assert "> ⚠️ **Disagreement no longer visible: 1 piece of customer evidence" in markdown
    assert (
        "| invoice\\-email: Invoice email arrives | contested → unknown \\(the file cannot be "
        "read\\) | ? ⚠️ support-ticket, contradicts: “38 tickets asked whether the invoice "
        "email was phishing\\.” \\(no longer visible\\) |"
    ) in markdown


def test_a_file_readable_again_has_no_new_stages(tmp_path: Path) -> None:
    """The mirror: billing.yml broken at the base, fixed by the change. Its stages are not
    new and nothing is "newly contested": their status at the base is unknown."""
    root = repo(tmp_path, {"billing.yml": BILLING.replace("title: First", "title: [First")})
    write(root, "journeys/billing.yml", BILLING)
    status, result, text, markdown = outputs(root, "--base", "main")
    # `pay` fails now; at the base the file could not be read, so that is new
    assert status == 1
    assert finding_keys(result["findings"]["introduced"]) == [
        ("assumption-contested", "journeys/billing.yml", "billing", "invoice-email"),
        ("unvalidated-stage", "journeys/billing.yml", "billing", "pay"),
    ]
    [journey] = result["journeys"]
    assert (journey["change"], journey["unreadable"]) == ("changed", "base")
    assert (journey["error"]["code"], journey["error"]["line"], journey["error"]["column"]) == (
        "yaml-syntax",
        1,
        8,
    )
    assert stage_rows(journey) == [
        ("invoice-email", "changed", None, "contested", "base"),
        ("pay", "changed", None, "unvalidated", "base"),
    ]
    summary = result["summary"]
    assert summary["status_changes"] == {}
    assert summary["new_stages"] == {}
    assert (summary["stages_added"], summary["readable_again"]) == (0, 1)
    assert result["coverage_excludes"] == ["journeys/billing.yml"]
    assert (summary["coverage_before"], summary["coverage_after"]) == (1.0, 1.0)

    assert text.splitlines()[1] == (
        "journeys/billing.yml can be read again (at the base: journeys/billing.yml:1:8: "
        f"yaml-syntax: {journey['error']['message']}): its 2 stages had no status at the "
        "base to compare with; no other stage changes status."
    )
    assert (
        "  stage pay (Pay the invoice): unknown (the file could not be read) → unvalidated" in text
    )
    assert (
        "can be read again (at the base: journeys\\/billing\\.yml\\:\u200b1\\:\u200b8: yaml-syntax: "
        in markdown
    )
    for shown in (text, markdown):
        assert "newly" not in shown
        assert "Newly contradicted or contested" not in shown
        assert "67%" not in shown


# --- 2. a duplicate of a journey, removed or added --------------------------------------------


def with_alias(tmp_path: Path) -> Path:
    """main: billing.yml, alias.yml -> billing.yml (a link: validate's duplicate-id)."""
    root = repo(tmp_path, {"billing.yml": BILLING})
    git(root, "checkout", "-q", "main")
    (root / "journeys" / "alias.yml").symlink_to("billing.yml")
    commit_all(root, "a second name")
    git(root, "checkout", "-q", "feature")
    git(root, "reset", "-q", "--hard", "main")
    return root


def no_journey_changes(result: dict[str, Any]) -> None:
    summary = result["summary"]
    assert result["journeys"] == []
    assert (summary["journeys_removed"], summary["journeys_added"]) == (0, 0)
    assert (summary["disagreement_removed"], summary["stages_changed"]) == (0, 0)
    # billing (1 of 2) and support (1 of 1), the duplicate not counted twice
    assert (summary["coverage_before"], summary["coverage_after"]) == (0.6667, 0.6667)


def removed_duplicate_is_told(
    text: str, markdown: str, file: str, of_file: str, fixed: str = "1 failing finding"
) -> None:
    assert (
        f"No journey changed; duplicate of billing removed: {file} (billing stays, read from {of_file})."
        in text
    )
    escaped = [name.replace("/", "\\/").replace(".", "\\.") for name in (file, of_file)]
    assert (
        "**No stage changes status.** No journey changed; duplicate of billing removed: "
        f"{escaped[0]} (billing stays, read from {escaped[1]})."
    ) in markdown
    for shown in (text, markdown):
        assert "Disagreement removed" not in shown
        assert "journey removed" not in shown
        assert "alias / " not in shown
        assert f"Fixed: {fixed} of the base no longer occur" in shown


@pytest.mark.parametrize("base", ["git", "folder"])
def test_removing_a_link_to_a_journey_removes_a_duplicate(tmp_path: Path, base: str) -> None:
    root = with_alias(tmp_path)
    args = ["--base", "main"]
    if base == "folder":  # the same base as a folder: its link is a link there too
        shutil.copytree(root / "journeys", tmp_path / "base" / "journeys", symlinks=True)
        args = ["--base-dir", str(tmp_path / "base")]
    (root / "journeys" / "alias.yml").unlink()
    status, result, text, markdown = outputs(root, *args)
    assert status == 0
    no_journey_changes(result)
    assert result["duplicates"] == [
        {
            "file": "journeys/alias.yml",
            "change": "removed",
            "of": {"id": "billing", "file": "journeys/billing.yml"},
            "file_kept": False,
        }
    ]
    assert result["summary"]["duplicates_removed"] == 1
    assert finding_keys(result["findings"]["resolved"]) == [
        ("duplicate-id", "journeys/alias.yml", "alias", None)
    ]
    removed_duplicate_is_told(text, markdown, "journeys/alias.yml", "journeys/billing.yml")


def test_adding_a_link_to_a_journey_adds_a_duplicate(tmp_path: Path) -> None:
    root = repo(tmp_path, {"billing.yml": BILLING})
    (root / "journeys" / "alias.yml").symlink_to("billing.yml")
    status, result, text, markdown = outputs(root, "--base", "main")
    assert status == 1  # a duplicate-id error, new: the gate fails
    no_journey_changes(result)
    assert result["duplicates"] == [
        {
            "file": "journeys/alias.yml",
            "change": "added",
            "of": {"id": "billing", "file": "journeys/billing.yml"},
            "file_kept": False,
        }
    ]
    assert finding_keys(result["findings"]["introduced"]) == [
        ("duplicate-id", "journeys/alias.yml", "alias", None)
    ]
    told = (
        "No journey changed; duplicate of billing added: {} repeats the journey read from {} "
        "(a duplicate-id error)."
    )
    assert told.format("journeys/alias.yml", "journeys/billing.yml") in text
    assert told.format("journeys\\/alias\\.yml", "journeys\\/billing\\.yml") in markdown
    for shown in (text, markdown):
        assert "journey added" not in shown
        assert "alias / " not in shown


def test_removing_a_second_file_of_one_id_removes_a_duplicate(tmp_path: Path) -> None:
    """billing.yml and a copy billing.yaml: one id twice. Validate reports the second by
    name, billing.yml, and says to remove it; the change does."""
    root = repo(tmp_path, {"billing.yml": BILLING, "billing.yaml": BILLING})
    code, out, _ = journeymap("validate", "--format", "json", cwd=root)
    assert code == 1
    assert ("duplicate-id", "journeys/billing.yml", "billing", None) in finding_keys(
        json.loads(out)["findings"]
    )
    (root / "journeys" / "billing.yml").unlink()
    status, result, text, markdown = outputs(root, "--base", "main")
    assert status == 0
    no_journey_changes(result)
    assert result["duplicates"] == [
        {
            "file": "journeys/billing.yml",
            "change": "removed",
            "of": {"id": "billing", "file": "journeys/billing.yaml"},
            "file_kept": False,
        }
    ]
    # the copy's own findings go with it: its duplicate-id and its unvalidated `pay`
    assert finding_keys(result["findings"]["resolved"]) == [
        ("duplicate-id", "journeys/billing.yml", "billing", None),
        ("unvalidated-stage", "journeys/billing.yml", "billing", "pay"),
    ]
    removed_duplicate_is_told(
        text, markdown, "journeys/billing.yml", "journeys/billing.yaml", "2 failing findings"
    )


def test_adding_a_second_file_of_one_id_adds_a_duplicate(tmp_path: Path) -> None:
    root = repo(tmp_path, {"billing.yaml": BILLING})
    write(root, "journeys/billing.yml", BILLING)
    status, result, text, _ = outputs(root, "--base", "main")
    assert status == 1
    no_journey_changes(result)
    assert [(d["file"], d["change"], d["of"]["file"]) for d in result["duplicates"]] == [
        ("journeys/billing.yml", "added", "journeys/billing.yaml")
    ]
    # the copy is checked too: its own findings come with it
    assert finding_keys(result["findings"]["introduced"]) == [
        ("assumption-contested", "journeys/billing.yml", "billing", "invoice-email"),
        ("duplicate-id", "journeys/billing.yml", "billing", None),
        ("unvalidated-stage", "journeys/billing.yml", "billing", "pay"),
    ]
    assert "duplicate of billing added: journeys/billing.yml repeats the journey" in text


def test_a_copy_sorted_before_the_journey_is_still_the_duplicate(tmp_path: Path) -> None:
    """billing.yml was there; the change adds billing.yaml (which validate, going by name,
    reads first). What the change did is add a duplicate, not rename the journey."""
    root = repo(tmp_path, {"billing.yml": BILLING})
    write(root, "journeys/billing.yaml", BILLING)
    status, result, text, markdown = outputs(root, "--base", "main")
    assert status == 1
    no_journey_changes(result)
    assert [(d["file"], d["change"], d["of"]["file"]) for d in result["duplicates"]] == [
        ("journeys/billing.yaml", "added", "journeys/billing.yml")
    ]
    assert "duplicate of billing added: journeys/billing.yaml repeats the journey" in text
    assert "renamed" not in text + markdown


def test_removing_the_copy_validate_reads_first_removes_a_duplicate(tmp_path: Path) -> None:
    """Both files at the base; the change removes billing.yaml, the one validate read
    first. billing.yml stays, so the journey stays where it is: a duplicate removed."""
    root = repo(tmp_path, {"billing.yml": BILLING, "billing.yaml": BILLING})
    (root / "journeys" / "billing.yaml").unlink()
    status, result, text, markdown = outputs(root, "--base", "main")
    assert status == 0
    no_journey_changes(result)
    assert [(d["file"], d["change"], d["of"]["file"]) for d in result["duplicates"]] == [
        ("journeys/billing.yaml", "removed", "journeys/billing.yml")
    ]
    assert "renamed" not in text + markdown
