"""What `journeymap diff` says, word for word, where a reviewer was left guessing: new
warnings in the markdown summary, an evidence item edited in place, coverage when one
side has no stages. Real git repositories; expectations worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from commands import journeymap
from git_helpers import RECENT, commit_all, diff_json, git, init_repo, write
from journey_helpers import REAL_TODAY

SOON = (REAL_TODAY + dt.timedelta(days=10)).isoformat()  # within warn_days (30)

BASE = f"""
title: Invoices
stages:
  - id: open
    title: Open the invoice
    assumption: Customers open the PDF.
    evidence:
      - kind: interview
        summary: Four of six owners open the PDF at once.
        source: Billing interviews, notes 3
        date: {RECENT}
        sample: 6
        stance: supports
  - id: pay
    title: Pay
    assumption: Customers pay on time.
"""
PAY_EVIDENCE = f"""    evidence:
      - {{kind: survey, summary: Most paid, source: Survey 3, date: {RECENT}, stance: supports}}
"""


def branch(tmp_path: Path, base: str, head: str | None) -> Path:
    """main holds journeys/invoices.yml as `base`; the branch commits `head` (None: the
    file deleted)."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/invoices.yml", base)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    if head is None:
        git(root, "rm", "-q", "journeys/invoices.yml")
    else:
        write(root, "journeys/invoices.yml", head)
    commit_all(root, "feature")
    return root


def test_markdown_lists_new_warnings_as_not_failing(tmp_path: Path) -> None:
    """The branch adds a stage whose waiver ends in 10 days (waiver-expiring) and writes
    ` #` in a plain assumption, which YAML cuts as a comment (comment-in-text)."""
    base = BASE + PAY_EVIDENCE
    head = base.replace("Customers pay on time.", "Customers pay #on time") + (
        "  - id: remind\n    title: Remind\n    assumption: A reminder helps.\n"
        f"    waiver: {{reason: Contract, approved_by: Head of CX, until: {SOON}}}\n"
    )
    root = branch(tmp_path, base, head)
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert code == 0
    lines = out.splitlines()
    title = (
        "**2 new warnings** (not failing: only `--strict` or `strict: true` makes warnings fail):"
    )
    listed = lines[lines.index(title) + 1 : lines.index(title) + 3]
    assert [line.split(" ")[2:4] for line in listed] == [
        ["warning", "comment-in-text:"],
        ["warning", "waiver-expiring:"],
    ]
    # the `#` in the assumption of `pay`; the `until` of the new stage's waiver
    assert listed[0].startswith("- journeys\\/invoices\\.yml\\:\u200b15\\:\u200b31 ")
    assert listed[1].startswith("- journeys\\/invoices\\.yml\\:\u200b21\\:\u200b64 ")
    code, result, _ = diff_json(root, "--base", "main")
    assert result["summary"]["new_warnings"] == 2
    # strict: the same warnings fail the change, and are listed as failing
    code, out, _ = journeymap(
        "diff", "--base", "main", "--format", "markdown", "--strict", cwd=root
    )
    assert code == 1
    assert "**2 new failing findings (strict: warnings count): the change fails the check.**" in out
    assert "new warnings" not in out


def test_an_evidence_item_edited_in_place_says_what_changed(tmp_path: Path) -> None:
    root = branch(
        tmp_path, BASE + PAY_EVIDENCE, (BASE + PAY_EVIDENCE).replace("sample: 6", "sample: 9")
    )
    code, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert code == 0
    stage = out[out.index("  stage open") :].split("\n\n")[0].splitlines()
    assert stage == [
        "  stage open (Open the invoice): confirmed (unchanged)",
        "    ~ interview (supports): Four of six owners open the PDF at once. "
        "(edited: sample 6 → 9)",
    ]
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert (
        "| open: Open the invoice | confirmed \\(unchanged\\) | \\~ interview, supports: "
        "“Four of six owners open the PDF at once\\.” \\(edited: sample 6 → 9\\) |  |  |"
    ) in out
    code, result, _ = diff_json(root, "--base", "main")
    [journey] = result["journeys"]
    [changed] = journey["stages"]
    item = {
        "kind": "interview",
        "stance": "supports",
        "summary": "Four of six owners open the PDF at once.",
    }
    # SPEC's lists keep the item as removed and added; the edit says what changed
    assert (changed["evidence_removed"], changed["evidence_added"]) == ([item], [item])
    assert changed["evidence_edited"] == [
        {**item, "changes": {"sample": {"before": 6, "after": 9}}}
    ]


def test_turning_a_complaint_into_support_is_an_edit_that_removes_disagreement(
    tmp_path: Path,
) -> None:
    base = BASE.replace("stance: supports", "stance: contradicts") + PAY_EVIDENCE
    root = branch(tmp_path, base, base.replace("stance: contradicts", "stance: supports"))
    _, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert (
        "    ~ interview (contradicts): Four of six owners open the PDF at once. "
        "(edited: stance contradicts → supports) [disagreement removed]"
    ) in out.splitlines()


def test_coverage_when_one_side_has_no_stages(tmp_path: Path) -> None:
    root = branch(tmp_path, BASE + PAY_EVIDENCE, None)  # 2 of 2 stages had evidence
    _, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert out.splitlines()[2] == (
        "1 journey removed. No stages left (coverage was 100% of stages with customer evidence)."
    )
    root = init_repo(tmp_path / "new")
    write(root, "README.md", "Journeys to come.\n")
    commit_all(root, "main")
    write(root, "journeys/invoices.yml", BASE)  # 1 of 2 stages has evidence
    _, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert out.splitlines()[2] == (
        "1 journey added. Coverage 50% of stages have customer evidence (no stages before)."
    )
