"""`journeymap diff` on real git repositories: what a change does to what the team knows.

Every expectation is worked out by hand from the journey files below (SPEC "Changes"),
not taken from the code's output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from commands import journeymap
from git_helpers import (
    BILLING_STAGES,
    EXPIRED,
    LATER,
    LATER_STILL,
    RECENT,
    commit_all,
    diff_json,
    finding_keys,
    git,
    init_repo,
    short,
    write,
)
from github_markdown import visible
from journey_helpers import REAL_TODAY
from repo_paths import readme_section

BILLING = (
    "\ntitle: First invoice\nowner: Billing team\nstages:"
    + BILLING_STAGES
    + f"""  - id: remind
    title: Payment reminder
    assumption: A reminder after 14 days is enough.
    waiver:
      reason: Reminder timing is set by contract.
      approved_by: Head of CX
      until: {LATER}
  - id: archive
    title: Archive the invoice
    assumption: Customers download a copy.
    evidence:
      - kind: survey
        summary: Most respondents keep a copy.
        source: Survey 12
        date: {RECENT}
        stance: supports
"""
)

SUPPORT = f"""
title: Contact support
stages:
  - id: call
    title: Call the helpline
    assumption: Customers find the number.
    evidence:
      - kind: complaint
        summary: Some could not find the number, others called at once.
        source: Complaints log
        date: {RECENT}
        stance: mixed
"""

RETURNS = f"""
title: Return a parcel
stages:
  - id: label
    title: Print the label
    assumption: Customers can print at home.
    evidence:
      - kind: usability-test
        summary: Five of five printed the label.
        source: Lab session 4
        date: {RECENT}
        stance: supports
"""


def billing_after() -> str:
    """The pull request's billing.yml: the contradicting ticket deleted, `pay` researched,
    the reminder's waiver extended by someone else, a new stage without evidence."""
    text = BILLING.replace(
        f"""      - kind: support-ticket
        summary: 38 tickets asked whether the invoice email was phishing.
        source: Helpdesk tag invoice-phishing
        date: {RECENT}
        stance: contradicts
""",
        "",
    )
    text = text.replace(
        """    assumption: The invoice layout is clear.
""",
        f"""    assumption: The invoice layout is clear.
    evidence:
      - kind: interview
        summary: All six owners found the amount and the due date.
        source: Billing interviews, notes 5
        date: {RECENT}
        stance: supports
""",
    )
    text = text.replace(
        f"""      approved_by: Head of CX
      until: {LATER}""",
        f"""      approved_by: VP Customer
      until: {LATER_STILL}""",
    )
    return (
        text
        + """  - id: refund
    title: Ask for a refund
    assumption: Customers rarely ask for refunds.
"""
    )


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """main with billing and support; a feature branch that edits billing, deletes support
    (committed), and adds returns.yml as an untracked file in the working tree."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/billing.yml", BILLING)
    write(root, "journeys/support.yml", SUPPORT)
    commit_all(root, "journeys on main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/billing.yml", billing_after())
    git(root, "rm", "-q", "journeys/support.yml")
    commit_all(root, "research on billing; support journey dropped")
    write(root, "journeys/returns.yml", RETURNS)  # untracked, not committed
    return root


def test_json_reports_every_kind_of_change_as_worked_out_by_hand(pull_request: Path) -> None:
    code, result, _ = diff_json(pull_request, "--base", "main")
    assert code == 1  # the new `refund` stage is unvalidated: an introduced error
    assert result["base"] == short(pull_request, "main")
    assert result["head"] == "working tree"
    assert (result["policy_changes"], result["policy_note"]) == ([], None)
    assert result["journeys"] == [
        {
            "id": "billing",
            "file": "journeys/billing.yml",
            "change": "changed",
            "title": "First invoice",
            "renamed_from": None,
            "unreadable": None,
            "error": None,
            "fields_changed": [],
            "coverage_before": 0.5,  # 2 of 4 stages had evidence
            "coverage_after": 0.6,  # 3 of 5
            "stages": [
                {
                    "id": "invoice-email",
                    "title": "Invoice email arrives",
                    "change": "changed",
                    "before": "contested",
                    "after": "confirmed",
                    "evidence_added": [],
                    "evidence_removed": [
                        {
                            "kind": "support-ticket",
                            "stance": "contradicts",
                            "summary": "38 tickets asked whether the invoice email was phishing.",
                        }
                    ],
                    "disagreement_removed": [
                        {
                            "kind": "support-ticket",
                            "stance": "contradicts",
                            "summary": "38 tickets asked whether the invoice email was phishing.",
                        }
                    ],
                    "waiver": None,
                    "fields_changed": [],
                    "evidence_edited": [],
                    "unreadable": None,
                    "disagreement_hidden": [],
                },
                {
                    "id": "pay",
                    "title": "Pay the invoice",
                    "change": "changed",
                    "before": "unvalidated",
                    "after": "confirmed",
                    "evidence_added": [
                        {
                            "kind": "interview",
                            "stance": "supports",
                            "summary": "All six owners found the amount and the due date.",
                        }
                    ],
                    "evidence_removed": [],
                    "disagreement_removed": [],
                    "waiver": None,
                    "fields_changed": [],
                    "evidence_edited": [],
                    "unreadable": None,
                    "disagreement_hidden": [],
                },
                {
                    "id": "remind",
                    "title": "Payment reminder",
                    "change": "changed",
                    "before": "waived",
                    "after": "waived",
                    "evidence_added": [],
                    "evidence_removed": [],
                    "disagreement_removed": [],
                    "waiver": {
                        "change": "extended",
                        "before": {
                            "approved_by": "Head of CX",
                            "until": LATER,
                            "reason": "Reminder timing is set by contract.",
                        },
                        "after": {
                            "approved_by": "VP Customer",
                            "until": LATER_STILL,
                            "reason": "Reminder timing is set by contract.",
                        },
                    },
                    "fields_changed": [],
                    "evidence_edited": [],
                    "unreadable": None,
                    "disagreement_hidden": [],
                },
                {
                    "id": "refund",
                    "title": "Ask for a refund",
                    "change": "added",
                    "before": None,
                    "after": "unvalidated",
                    "evidence_added": [],
                    "evidence_removed": [],
                    "disagreement_removed": [],
                    "waiver": None,
                    "fields_changed": [],
                    "evidence_edited": [],
                    "unreadable": None,
                    "disagreement_hidden": [],
                },
            ],
        },
        {
            "id": "returns",
            "file": "journeys/returns.yml",
            "change": "added",
            "title": "Return a parcel",
            "renamed_from": None,
            "unreadable": None,
            "error": None,
            "fields_changed": [],
            "coverage_before": None,
            "coverage_after": 1.0,
            "stages": [
                {
                    "id": "label",
                    "title": "Print the label",
                    "change": "added",
                    "before": None,
                    "after": "confirmed",
                    "evidence_added": [
                        {
                            "kind": "usability-test",
                            "stance": "supports",
                            "summary": "Five of five printed the label.",
                        }
                    ],
                    "evidence_removed": [],
                    "disagreement_removed": [],
                    "waiver": None,
                    "fields_changed": [],
                    "evidence_edited": [],
                    "unreadable": None,
                    "disagreement_hidden": [],
                }
            ],
        },
        {
            "id": "support",
            "file": "journeys/support.yml",
            "change": "removed",
            "title": "Contact support",
            "renamed_from": None,
            "unreadable": None,
            "error": None,
            "fields_changed": [],
            "coverage_before": 1.0,
            "coverage_after": None,
            "stages": [
                {
                    "id": "call",
                    "title": "Call the helpline",
                    "change": "removed",
                    "before": "contested",
                    "after": None,
                    "evidence_added": [],
                    "evidence_removed": [
                        {
                            "kind": "complaint",
                            "stance": "mixed",
                            "summary": "Some could not find the number, others called at once.",
                        }
                    ],
                    "disagreement_removed": [
                        {
                            "kind": "complaint",
                            "stance": "mixed",
                            "summary": "Some could not find the number, others called at once.",
                        }
                    ],
                    "waiver": None,
                    "fields_changed": [],
                    "evidence_edited": [],
                    "unreadable": None,
                    "disagreement_hidden": [],
                }
            ],
        },
    ]
    summary = result["summary"]
    assert summary == {
        "journeys_changed": 3,
        "stages_changed": 6,
        "status_changes": {"contested->confirmed": 1, "unvalidated->confirmed": 1},
        # before: 3 of 5 stages with evidence; after: billing 3 of 5 + returns 1 of 1
        "coverage_before": 0.6,
        "coverage_after": 0.6667,
        "disagreement_removed": 2,
        "new_failures": 1,
        "journeys_added": 1,
        "journeys_removed": 1,
        "stages_added": 2,
        "stages_removed": 1,
        "new_stages": {"confirmed": 1, "unvalidated": 1},
        "pre_existing_failures": 0,
        "time_caused_failures": 0,
        "resolved_failures": 1,
        # SPEC's journeys_changed counts every journey listed; these say which is which
        "journey_changes": {"added": 1, "changed": 1, "removed": 1},
        "stage_changes": {"added": 2, "changed": 3, "removed": 1},
        "policy_changes": 0,
        "disagreement_hidden": 0,
        "unreadable_after": 0,
        "readable_again": 0,
        "duplicates_added": 0,
        "duplicates_removed": 0,
        "new_warnings": 0,
    }
    findings = result["findings"]
    assert finding_keys(findings["introduced"], "fails") == [
        ("unvalidated-stage", "journeys/billing.yml", "billing", "refund", True)
    ]
    assert findings["pre_existing"] == []
    assert finding_keys(findings["resolved"]) == [
        ("unvalidated-stage", "journeys/billing.yml", "billing", "pay")
    ]


def test_markdown_leads_with_the_headline_and_calls_out_removed_disagreement(
    pull_request: Path,
) -> None:
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=pull_request)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "### Customer journeys: what this change does"
    # five stages move: contested->confirmed, unvalidated->confirmed, new unvalidated
    # (refund), new confirmed (label), removed (call)
    assert lines[2] == (
        "**5 stages change status: 1 newly unvalidated, 3 newly confirmed, 1 removed.** "
        "1 journey changed, 1 added, 1 removed. Coverage 60% → 67% of stages have customer "
        "evidence. **1 new failing finding: the change fails the check.**"
    )
    callout = [line for line in lines if line.startswith(">")]
    assert callout[0] == (
        "> ⚠️ **Disagreement removed: this change deletes 2 pieces of customer evidence "
        "that contradicted the team's assumption or was mixed:**"
    )
    assert callout[1].startswith("> - **billing / invoice\\-email** (Invoice email arrives): ")
    assert "support-ticket, contradicts: “38 tickets asked whether" in callout[1]
    assert callout[2].startswith("> - **support / call** (Call the helpline): complaint, mixed")
    # the callout comes before the per-journey tables, right after the headline
    assert out.index("Disagreement removed") < out.index("#### Changes per journey")
    assert "**New unvalidated stages**" in out
    assert "- **billing / refund** (Ask for a refund): new\\: unvalidated" in out
    assert (
        f"- **billing / remind** (Payment reminder): waiver extended to {LATER_STILL} "
        f"(was {LATER}), approved by **VP Customer** (was Head of CX): Reminder timing is set "
        "by contract\\."
    ) in out
    assert "##### billing: First invoice (changed)" in out
    assert "| pay: Pay the invoice | unvalidated → confirmed | \\+ interview, supports:" in out


def test_text_output_and_exit_status_without_new_failures(pull_request: Path) -> None:
    # research the new stage too: nothing failing is introduced any more
    path = pull_request / "journeys" / "billing.yml"
    path.write_text(
        path.read_text()
        + f"""    evidence:
      - kind: survey
        summary: Refund requests are rare.
        source: Survey 14
        date: {RECENT}
        stance: supports
""",
        encoding="utf-8",
    )
    code, out, err = journeymap("diff", "--base", "main", cwd=pull_request)
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == ("5 stages change status: 4 newly confirmed, 1 removed.")
    assert "Disagreement removed: this change deletes 2 pieces" in out
    assert "  billing / invoice-email: support-ticket (contradicts): 38 tickets" in out
    assert "  stage refund (Ask for a refund): new: confirmed" in out
    # the waiver's approver changed: who approves it now, and who did before
    assert (
        f"  billing / remind: waiver extended to {LATER_STILL} (was {LATER}), approved by "
        "VP Customer (was Head of CX)"
    ) in out.splitlines()
    assert out.rstrip().endswith("No new failing finding: the change passes.")


def test_default_base_is_the_first_of_origin_main_origin_master_main_master(
    tmp_path: Path,
) -> None:
    origin = init_repo(tmp_path / "origin")
    write(origin, "journeys/billing.yml", BILLING)
    commit_all(origin, "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", origin.as_uri(), str(clone))
    git(clone, "checkout", "-q", "-b", "feature")
    # a local `main` that moved on must not win over origin/main
    git(clone, "branch", "-q", "-f", "main", "HEAD")
    write(clone, "journeys/billing.yml", billing_after())
    commit_all(clone, "feature")
    git(clone, "branch", "-q", "-f", "main", "HEAD")
    code, result, _ = diff_json(clone)
    assert code == 1
    assert result["base"] == short(clone, "origin/main")
    assert result["base_ref"] == "origin/main"
    assert [j["id"] for j in result["journeys"]] == ["billing"]


def test_merge_base_not_the_tip_of_the_base_branch(tmp_path: Path) -> None:
    """As `git diff main...`: what main did after the branch started is not this change."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/billing.yml", BILLING)
    commit_all(root, "start")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/returns.yml", RETURNS)
    commit_all(root, "feature adds returns")
    git(root, "checkout", "-q", "main")
    write(root, "journeys/support.yml", SUPPORT)  # main moves on meanwhile
    commit_all(root, "main adds support")
    git(root, "checkout", "-q", "feature")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("returns", "added")]
    assert result["base"] == short(root, "main~1")


def test_time_caused_failures_on_untouched_stages_are_reported_not_counted(
    tmp_path: Path,
) -> None:
    """A waiver that ran out while nobody touched the stage fails `validate`, but does not
    fail an unrelated pull request: both sides are checked as of the same today."""
    root = init_repo(tmp_path / "repo")
    write(
        root,
        "journeys/billing.yml",
        f"""
        title: First invoice
        stages:
          - id: legacy
            title: Legacy portal
            assumption: Nobody uses the old portal.
            waiver:
              reason: Portal shuts down soon.
              approved_by: Head of CX
              until: {EXPIRED}
          - id: pay
            title: Pay the invoice
            assumption: The layout is clear.
            evidence:
              - kind: survey
                summary: Owners found the amount.
                source: Survey 3
                date: {RECENT}
                stance: supports
        """,
    )
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    path = root / "journeys" / "billing.yml"
    path.write_text(path.read_text().replace("The layout is clear.", "The layout is plain."))
    commit_all(root, "reword an assumption")

    assert journeymap("validate", cwd=root).returncode == 1  # the expired waiver fails a full check
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert result["summary"]["new_failures"] == 0
    assert result["findings"]["introduced"] == []
    expired = [f for f in result["findings"]["pre_existing"] if f["code"] == "expired-waiver"]
    assert [(f["journey"], f["stage"], f["time_caused"]) for f in expired] == [
        ("billing", "legacy", True)
    ]
    assert result["summary"]["time_caused_failures"] >= 1
    assert [s["id"] for s in result["journeys"][0]["stages"]] == ["pay"]
    assert result["journeys"][0]["stages"][0]["fields_changed"] == ["assumption"]
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert code == 0
    assert "caused by time alone" in out

    # touching the stage (not its waiver) does not make the old failure new either
    path.write_text(path.read_text().replace("Nobody uses the old portal.", "Few use it."))
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    expired = [f for f in result["findings"]["pre_existing"] if f["code"] == "expired-waiver"]
    assert [(f["stage"], f["time_caused"]) for f in expired] == [("legacy", False)]

    # removing the evidence of `pay` is the change's doing: that failure is introduced
    text = path.read_text()
    path.write_text(text[: text.index("    evidence:")])
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 1
    assert finding_keys(result["findings"]["introduced"]) == [
        ("unvalidated-stage", "journeys/billing.yml", "billing", "pay")
    ]


def test_strict_counts_introduced_warnings_from_the_flag_or_the_config(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/returns.yml", RETURNS)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    path = root / "journeys" / "returns.yml"
    path.write_text(path.read_text().replace("usability-test", "metric"))  # metrics-only
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert finding_keys(result["findings"]["introduced"], "fails") == [
        ("metrics-only", "journeys/returns.yml", "returns", "label", False)
    ]
    code, result, _ = diff_json(root, "--base", "main", "--strict")
    assert code == 1
    assert result["summary"]["new_failures"] == 1
    write(root, "mkdocs.yml", "plugins:\n  - journeymap:\n      strict: true\n")
    assert journeymap("diff", "--base", "main", cwd=root).returncode == 1


def test_renamed_file_is_one_changed_journey_compared_with_its_old_file(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/billing.yml", BILLING)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "mv", "journeys/billing.yml", "journeys/invoices.yml")
    path = root / "journeys" / "invoices.yml"
    path.write_text(path.read_text().replace("title: First invoice", "title: Invoices"))
    commit_all(root, "rename billing to invoices")
    code, result, _ = diff_json(root, "--base", "main")
    # `pay` was unvalidated before the rename and still is: not introduced by it
    assert code == 0
    assert result["journeys"] == [
        {
            "id": "invoices",
            "file": "journeys/invoices.yml",
            "change": "changed",
            "title": "Invoices",
            "renamed_from": {"id": "billing", "file": "journeys/billing.yml"},
            "unreadable": None,
            "error": None,
            "fields_changed": ["title"],
            "coverage_before": 0.5,
            "coverage_after": 0.5,
            "stages": [],
        }
    ]
    assert result["summary"]["new_failures"] == 0
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("unvalidated-stage", "journeys/invoices.yml", "invoices", "pay")
    ]
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert "renamed from billing (journeys\\/billing\\.yml)" in out


def test_uncommitted_edit_and_deleted_file_in_the_working_tree(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/billing.yml", BILLING)
    write(root, "journeys/support.yml", SUPPORT)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "journeys" / "support.yml").unlink()  # deleted, not committed
    path = root / "journeys" / "billing.yml"  # edited, not committed
    path.write_text(
        path.read_text().replace("stance: supports\n  - id: pay", "stance: mixed\n  - id: pay")
    )
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [
        ("billing", "changed"),
        ("support", "removed"),
    ]
    stage = result["journeys"][0]["stages"][0]
    assert (stage["id"], stage["before"], stage["after"]) == (
        "invoice-email",
        "contested",
        "contested",
    )
    assert stage["evidence_added"] == [
        {
            "kind": "interview",
            "stance": "mixed",
            "summary": "Four of six owners open the PDF at once.",
        }
    ]
    assert stage["evidence_removed"] == [
        {
            "kind": "interview",
            "stance": "supports",
            "summary": "Four of six owners open the PDF at once.",
        }
    ]
    # a supporting item edited is no disagreement removed; the deleted mixed complaint is
    assert result["summary"]["disagreement_removed"] == 1


def test_journeys_folder_absent_at_the_base(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "README.md", "A new journey repository.\n")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/billing.yml", BILLING)
    commit_all(root, "first journeys")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 1  # `pay` is unvalidated, and new
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("billing", "added")]
    assert result["summary"]["coverage_before"] is None
    assert result["summary"]["coverage_after"] == 0.5
    assert result["summary"]["new_stages"] == {
        "confirmed": 1,
        "contested": 1,
        "unvalidated": 1,
        "waived": 1,
    }


def test_a_file_broken_by_the_change_is_changed_not_removed(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/support.yml", SUPPORT)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "journeys" / "support.yml").write_text("title: [unclosed\n")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 1
    assert result["journeys"] == [
        {
            "id": "support",
            "file": "journeys/support.yml",
            "change": "changed",
            "title": "Contact support",
            "renamed_from": None,
            "unreadable": "head",
            "error": {
                "code": "yaml-syntax",
                "severity": "error",
                "file": "journeys/support.yml",
                "line": 1,
                "column": 8,  # the `[`
                "journey": "support",
                "stage": None,
                "message": result["journeys"][0]["error"]["message"],
            },
            "fields_changed": [],
            "coverage_before": 1.0,
            "coverage_after": None,
            # its stage is unknown after the change, not removed; its mixed complaint
            # is no longer seen, not known to be removed
            "stages": [
                {
                    "id": "call",
                    "change": "changed",
                    "before": "contested",
                    "after": None,
                    "evidence_added": [],
                    "evidence_removed": [],
                    "waiver": None,
                    "title": "Call the helpline",
                    "fields_changed": [],
                    "disagreement_removed": [],
                    "evidence_edited": [],
                    "unreadable": "head",
                    "disagreement_hidden": [
                        {
                            "kind": "complaint",
                            "stance": "mixed",
                            "summary": "Some could not find the number, others called at once.",
                        }
                    ],
                }
            ],
        }
    ]
    assert result["summary"]["disagreement_removed"] == 0
    assert result["summary"]["disagreement_hidden"] == 1
    # the only journey cannot be read after the change: no coverage to compare
    assert result["coverage_excludes"] == ["journeys/support.yml"]
    assert (result["summary"]["coverage_before"], result["summary"]["coverage_after"]) == (
        None,
        None,
    )
    assert finding_keys(result["findings"]["introduced"]) == [
        ("yaml-syntax", "journeys/support.yml", "support", None)
    ]


def test_odd_file_names_are_read_from_the_base(tmp_path: Path) -> None:
    """Names git would quote, glob characters and a newline: read by object id, listed
    NUL-separated, matched literally."""
    root = init_repo(tmp_path / "repo")
    odd = "we ird [1]*:ö\nname.yml"
    write(root, f"journeys/{odd}", "title: [unclosed\n")  # broken at the base
    write(root, "journeys/sta*ble.yml", "title: [unclosed\n")  # broken, never touched
    write(root, "journeys/returns.yml", RETURNS)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, f"journeys/{odd}", "title: [closed]\n")  # parses now; still not a journey
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 1  # the name is not a valid journey id, and stages are missing
    resolved = finding_keys(result["findings"]["resolved"])
    assert resolved == [("yaml-syntax", f"journeys/{odd}", "we ird [1]*:ö\nname", None)]
    pre = finding_keys(result["findings"]["pre_existing"])
    assert ("yaml-syntax", "journeys/sta*ble.yml", "sta*ble", None) in pre
    assert all(f["file"] != "journeys/sta*ble.yml" for f in result["findings"]["introduced"])


def test_base_dir_compares_with_a_folder_without_git(tmp_path: Path, pull_request: Path) -> None:
    base = tmp_path / "base"
    write(base, "journeys/billing.yml", BILLING)
    write(base, "journeys/support.yml", SUPPORT)
    project = tmp_path / "project"  # not a git repository
    shutil.copytree(pull_request / "journeys", project / "journeys")
    code, result, err = diff_json(project, "--base-dir", str(base))
    assert code == 1, err
    assert result["base"] == str(base)
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [
        ("billing", "changed"),
        ("returns", "added"),
        ("support", "removed"),
    ]
    with_git = diff_json(pull_request, "--base", "main")[1]
    assert result["journeys"] == with_git["journeys"]
    assert result["summary"] == with_git["summary"]
    # a base folder without a journeys folder: every journey is new
    empty = tmp_path / "empty"
    empty.mkdir()
    code, result, _ = diff_json(project, "--base-dir", str(empty))
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [
        ("billing", "added"),
        ("returns", "added"),
    ]


def test_config_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "docs-site/mkdocs.yml", "plugins:\n  - journeymap:\n      journeys: maps\n")
    write(root, "docs-site/maps/billing.yml", BILLING)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "docs-site/maps/billing.yml", billing_after())
    code, result, _ = diff_json(root, "--base", "main", "--config", "docs-site/mkdocs.yml")
    assert code == 1
    assert [(j["id"], j["file"]) for j in result["journeys"]] == [("billing", "maps/billing.yml")]
    assert result["summary"]["status_changes"] == {
        "contested->confirmed": 1,
        "unvalidated->confirmed": 1,
    }


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (
            "clone",
            ["--base", "origin/nope"],
            "origin/nope is not a known revision; fetch it with `git fetch origin nope` or pass --base",
        ),
        ("repo", ["--base", "nope"], "nope is not a known revision; check the name"),
        ("repo", ["--base", "--output=x"], "--output=x is not a known revision"),
        ("bare-branch", [], "none of origin/main, origin/master, main, master is a known revision"),
        ("no-commit", ["--base", "main"], "main is not a known revision"),
        ("plain", [], "is not in a git repository"),
        ("repo", ["--base", "main", "--base-dir", "."], "--base and --base-dir name two bases"),
        ("orphan", ["--base", "main"], "main and HEAD have no history in common"),
    ],
)
def test_git_problems_exit_2_with_one_sentence(
    tmp_path: Path, setup: str, args: list[str], message: str
) -> None:
    if setup == "plain":
        root = tmp_path / "plain"
        write(root, "journeys/returns.yml", RETURNS)
    elif setup == "clone":
        origin = init_repo(tmp_path / "origin")
        write(origin, "journeys/returns.yml", RETURNS)
        commit_all(origin, "main")
        root = tmp_path / "clone"
        git(tmp_path, "clone", "-q", origin.as_uri(), str(root))
    else:
        root = init_repo(tmp_path / "repo")
        write(root, "journeys/returns.yml", RETURNS)
        if setup != "no-commit":
            commit_all(root, "first")
        if setup == "bare-branch":
            git(root, "branch", "-q", "-m", "main", "trunk")
        if setup == "orphan":
            git(root, "checkout", "-q", "--orphan", "other")
            commit_all(root, "unrelated history")
    code, out, err = journeymap("diff", *args, cwd=root)
    assert code == 2, (out, err)
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 or "Usage:" in err


def test_shallow_clone_without_the_merge_base_says_fetch_depth_0(tmp_path: Path) -> None:
    origin = init_repo(tmp_path / "origin")
    write(origin, "journeys/billing.yml", BILLING)
    commit_all(origin, "start")
    git(origin, "checkout", "-q", "-b", "feature")
    write(origin, "journeys/billing.yml", billing_after())
    commit_all(origin, "feature work")
    git(origin, "checkout", "-q", "main")
    write(origin, "journeys/returns.yml", RETURNS)
    commit_all(origin, "main moves on")
    clone = tmp_path / "clone"
    # what actions/checkout does by default: one commit deep
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", origin.as_uri(), str(clone))
    git(clone, "checkout", "-q", "feature")
    code, _, err = journeymap("diff", cwd=clone)
    assert code == 2
    assert err.strip() == (
        "journeymap: error: this clone is shallow and the merge-base of origin/main and HEAD "
        "is not in it: fetch the whole history (actions/checkout with `fetch-depth: 0`, or "
        "`git fetch --unshallow`)"
    )
    # a single-branch shallow clone does not even know origin/main
    single = tmp_path / "single"
    git(
        tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", origin.as_uri(), str(single)
    )
    code, _, err = journeymap("diff", "--base", "origin/main", cwd=single)
    assert code == 2
    assert "origin/main is not a known revision; fetch it with `git fetch origin main`" in err
    assert "fetch-depth: 0" in err
    # with the whole history the same diff works
    git(clone, "fetch", "-q", "--unshallow")
    code, result, _ = diff_json(clone)
    assert code == 1
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("billing", "changed")]


def test_readme_shows_the_markdown_summary_as_the_command_writes_it(tmp_path: Path) -> None:
    """README's "Pull requests" example is this module's pull request, with fixed dates."""
    section = readme_section("Pull requests")
    quoted = [line for line in section.splitlines() if line.startswith(">")]
    shown = "\n".join(line[2:] if line.startswith("> ") else "" for line in quoted)

    def dated(text: str) -> str:
        return (
            text.replace(RECENT, "2026-10-12")
            .replace(LATER_STILL, "2027-06-30")
            .replace(LATER, "2027-03-31")
        )

    root = init_repo(tmp_path / "repo")
    write(root, "journeys/billing.yml", dated(BILLING))
    write(root, "journeys/support.yml", dated(SUPPORT))
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/billing.yml", dated(billing_after()))
    git(root, "rm", "-q", "journeys/support.yml")
    write(root, "journeys/returns.yml", dated(RETURNS))
    commit_all(root, "pull request")
    _, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    # README shows what a reader sees: without the zero-width spaces that keep GitHub from
    # turning `:38:` or the commit into an emoji or a link
    out = visible(out).replace(short(root, "main"), "54478a8")
    assert shown == out.replace(REAL_TODAY.isoformat(), "2026-11-26").rstrip("\n")


def test_no_change_is_an_empty_diff_that_passes(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/billing.yml", BILLING)  # `pay` fails, on both sides
    commit_all(root, "main")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert result["journeys"] == []
    assert result["summary"] == {
        "journeys_changed": 0,
        "stages_changed": 0,
        "status_changes": {},
        "coverage_before": 0.5,
        "coverage_after": 0.5,
        "disagreement_removed": 0,
        "new_failures": 0,
        "journeys_added": 0,
        "journeys_removed": 0,
        "stages_added": 0,
        "stages_removed": 0,
        "new_stages": {},
        "pre_existing_failures": 1,
        "time_caused_failures": 0,
        "resolved_failures": 0,
        "journey_changes": {"added": 0, "changed": 0, "removed": 0},
        "stage_changes": {"added": 0, "changed": 0, "removed": 0},
        "policy_changes": 0,
        "disagreement_hidden": 0,
        "unreadable_after": 0,
        "readable_again": 0,
        "duplicates_added": 0,
        "duplicates_removed": 0,
        "new_warnings": 0,
    }
    code, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert out.splitlines()[1:3] == [
        "No stage changes status.",
        "No journey changed. Coverage unchanged: 50% of stages have customer evidence.",
    ]


def test_a_linked_journey_is_compared_with_what_the_link_pointed_to(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "shared/billing-source.yml", BILLING)
    (root / "journeys").mkdir()
    (root / "journeys" / "billing.yml").symlink_to("../shared/billing-source.yml")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    # the link is untouched; the file it points to (outside the journeys folder) changes
    write(root, "shared/billing-source.yml", billing_after())
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 1
    [journey] = result["journeys"]
    assert [(s["id"], s["before"], s["after"]) for s in journey["stages"]] == [
        ("invoice-email", "contested", "confirmed"),
        ("pay", "unvalidated", "confirmed"),
        ("remind", "waived", "waived"),
        ("refund", None, "unvalidated"),
    ]
