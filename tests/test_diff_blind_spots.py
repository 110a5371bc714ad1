"""`journeymap diff` where a reviewer's view used to go blind or blame the wrong thing:
a journey file with a schema error elsewhere in it, findings matched to the wrong
partner, entries git cannot give as a file, a journeys folder moved behind a link.

Real git repositories; every expectation is worked out by hand from the files below.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from commands import journeymap
from git_helpers import OLDER, RECENT, commit_all, diff_json, finding_keys, git, init_repo, write

SUPPORTS = (
    f"{{kind: interview, summary: Read it at once, source: Notes 1, date: {RECENT}, "
    "stance: supports}"
)
CONTRADICTS = (
    f"{{kind: complaint, summary: Never saw it, source: Complaints 7, date: {RECENT}, "
    "stance: contradicts}"
)
SAMPLE_TEXT = (  # `sample: "12"` is a schema error: the stage is not valid on its own
    f'{{kind: survey, summary: Most paid, source: Survey 3, date: {RECENT}, stance: supports, sample: "12"}}'
)
SAMPLE_NUMBER = SAMPLE_TEXT.replace('"12"', "12")


def journey(one: list[str], two: list[str], assumption: str = "Customers read the invoice.") -> str:
    """Journey `j`: stage `one` with `one`'s evidence, stage `two` with `two`'s."""
    return (
        "title: Invoices\nstages:\n"
        f"  - id: one\n    title: Read the invoice\n    assumption: {assumption}\n"
        "    evidence:\n" + "".join(f"      - {item}\n" for item in one) + "  - id: two\n"
        "    title: Pay it\n    assumption: Customers pay on time.\n"
        "    evidence:\n" + "".join(f"      - {item}\n" for item in two)
    )


def branch(tmp_path: Path, base: str, head: str) -> Path:
    """main holds journeys/j.yml as `base`; the checked-out branch commits `head`."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/j.yml", base)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/j.yml", head)
    commit_all(root, "feature")
    return root


def stages(result: dict[str, Any]) -> list[dict[str, Any]]:
    [changed] = result["journeys"]
    assert (changed["id"], changed["change"]) == ("j", "changed")
    return list(changed["stages"])


COMPLAINT = {"kind": "complaint", "stance": "contradicts", "summary": "Never saw it"}


def deleted_complaint(stage: dict[str, Any]) -> None:
    """Stage `one` as the hand works it out: the complaint gone, contested -> confirmed."""
    assert (stage["id"], stage["change"], stage["before"], stage["after"]) == (
        "one",
        "changed",
        "contested",
        "confirmed",
    )
    assert stage["evidence_removed"] == [COMPLAINT]
    assert stage["disagreement_removed"] == [COMPLAINT]
    assert stage["evidence_added"] == []
    assert stage["unreadable"] is None


# --- 1. a schema error elsewhere in the file hides nothing ------------------------------------


def test_deleting_a_complaint_next_to_a_schema_error_is_seen(tmp_path: Path) -> None:
    """Stage `two` has a schema error on both sides; stage `one` is valid on its own and
    loses its contradicting complaint: contested -> confirmed, disagreement removed."""
    root = branch(
        tmp_path,
        journey([SUPPORTS, CONTRADICTS], [SAMPLE_TEXT]),
        journey([SUPPORTS], [SAMPLE_TEXT]),
    )
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0  # the schema error was there before: not introduced
    [stage] = stages(result)
    deleted_complaint(stage)
    assert result["summary"]["status_changes"] == {"contested->confirmed": 1}
    assert result["summary"]["disagreement_removed"] == 1
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("schema", "journeys/j.yml", "j", "two")
    ]
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert code == 0
    assert "**1 stage changes status: 1 newly confirmed.**" in out
    assert "> ⚠️ **Disagreement removed: this change deletes 1 piece" in out
    assert "> - **j / one** (Read the invoice): complaint, contradicts: “Never saw it”" in out
    assert "| one: Read the invoice | contested → confirmed | \u2212 ⚠️ complaint" in out


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # an assumption reworded in the valid stage
        (
            lambda text: text.replace("Customers read the invoice.", "Customers skim it."),
            {"fields_changed": ["assumption"], "evidence_edited": []},
        ),
        # an evidence date moved in the valid stage: one item edited in place
        (
            lambda text: text.replace(
                f"date: {RECENT}, stance: supports}}\n", f"date: {OLDER}, stance: supports}}\n", 1
            ),
            {
                "fields_changed": [],
                "evidence_edited": [
                    {
                        "kind": "interview",
                        "stance": "supports",
                        "summary": "Read it at once",
                        "changes": {"date": {"before": RECENT, "after": OLDER}},
                    }
                ],
            },
        ),
    ],
)
def test_edits_next_to_a_schema_error_are_seen(
    tmp_path: Path, edit: Any, expected: dict[str, Any]
) -> None:
    base = journey([SUPPORTS], [SAMPLE_TEXT])
    head = edit(base)
    assert head != base
    root = branch(tmp_path, base, head)
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    [stage] = stages(result)
    assert (stage["id"], stage["before"], stage["after"]) == ("one", "confirmed", "confirmed")
    assert {key: stage[key] for key in expected} == expected


SURVEY = {"kind": "survey", "stance": "supports", "summary": "Most paid"}


def test_a_journey_invalid_on_one_side_compares_as_when_valid(tmp_path: Path) -> None:
    """The branch deletes the complaint and fixes stage `two` (invalid -> valid); the other
    way round it deletes the complaint and breaks stage `two`. Stage `one` compares the
    same in both; stage `two` has no status on the side with the error, and its survey
    (the item with the error) counts only where it is valid."""
    invalid_first = branch(
        tmp_path / "fix",
        journey([SUPPORTS, CONTRADICTS], [SAMPLE_TEXT]),
        journey([SUPPORTS], [SAMPLE_NUMBER]),
    )
    code, result, _ = diff_json(invalid_first, "--base", "main")
    assert code == 0
    one, two = stages(result)
    deleted_complaint(one)
    assert (two["id"], two["before"], two["after"], two["unreadable"]) == (
        "two",
        None,
        "confirmed",
        "base",
    )
    assert (two["evidence_added"], two["evidence_removed"]) == ([SURVEY], [])
    assert finding_keys(result["findings"]["resolved"]) == [
        ("schema", "journeys/j.yml", "j", "two")
    ]
    code, out, _ = journeymap("diff", "--base", "main", cwd=invalid_first)
    assert "  stage two (Pay it): schema errors (see the findings) at the base → confirmed" in out

    invalid_after = branch(
        tmp_path / "break",
        journey([SUPPORTS, CONTRADICTS], [SAMPLE_NUMBER]),
        journey([SUPPORTS], [SAMPLE_TEXT]),
    )
    code, result, _ = diff_json(invalid_after, "--base", "main")
    assert code == 1  # the schema error is new
    one, two = stages(result)
    deleted_complaint(one)
    assert (two["id"], two["before"], two["after"], two["unreadable"]) == (
        "two",
        "confirmed",
        None,
        "head",
    )
    assert (two["evidence_added"], two["evidence_removed"]) == ([], [SURVEY])
    assert finding_keys(result["findings"]["introduced"]) == [
        ("schema", "journeys/j.yml", "j", "two")
    ]
    code, out, _ = journeymap("diff", "--base", "main", cwd=invalid_after)
    assert out.splitlines()[1] == (
        "2 stages change status: 1 newly confirmed, 1 now with schema errors."
    )
    assert "  stage two (Pay it): confirmed → schema errors (see the findings)" in out


def test_deleting_a_complaint_from_a_stage_with_a_schema_error_is_seen(tmp_path: Path) -> None:
    """Stage `one` itself has the error (its interview's `sample: "12"`), on both sides: it
    has no status, but its complaint is valid on its own, and deleting it is seen."""
    broken = SUPPORTS.replace("stance: supports", 'stance: supports, sample: "12"')
    root = branch(
        tmp_path,
        journey([broken, CONTRADICTS], [SAMPLE_NUMBER]),
        journey([broken], [SAMPLE_NUMBER]),
    )
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    [stage] = stages(result)
    assert (stage["id"], stage["before"], stage["after"], stage["unreadable"]) == (
        "one",
        None,
        None,
        "both",
    )
    assert stage["evidence_removed"] == [COMPLAINT]
    assert stage["disagreement_removed"] == [COMPLAINT]
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert "> - **j / one** (Read the invoice): complaint, contradicts: “Never saw it”" in out
    assert (
        "| one: Read the invoice | schema errors \\(see the findings\\)\\, before and after |"
        in out
    )


def test_base_dir_sees_inside_a_file_with_a_schema_error(tmp_path: Path) -> None:
    base = tmp_path / "base"
    write(base, "journeys/j.yml", journey([SUPPORTS, CONTRADICTS], [SAMPLE_TEXT]))
    project = tmp_path / "project"
    write(project, "journeys/j.yml", journey([SUPPORTS], [SAMPLE_TEXT]))
    code, result, _ = diff_json(project, "--base-dir", str(base))
    assert code == 0
    [stage] = stages(result)
    deleted_complaint(stage)


# --- 2. findings matched to their own partner --------------------------------------------------


def test_a_new_schema_error_next_to_an_old_one_is_the_new_one(tmp_path: Path) -> None:
    """Stage `two` already had `sample: "12"`; the branch adds a bad date to it. Both are
    `schema` findings of j/two: the new one is the date, the old one the sample."""
    base = journey([SUPPORTS], [SAMPLE_TEXT])
    root = branch(
        tmp_path,
        base,
        base.replace(
            f"date: {RECENT}, stance: supports, sample",
            "date: 2026-13-02, stance: supports, sample",
        ),
    )
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 1
    [new] = result["findings"]["introduced"]
    [old] = result["findings"]["pre_existing"]
    assert (new["code"], new["stage"], old["code"], old["stage"]) == (
        "schema",
        "two",
        "schema",
        "two",
    )
    assert "'date'" in new["message"] and "2026-13-02" in new["message"]
    assert "'sample'" in old["message"]
    code, out, _ = journeymap("diff", "--base", "main", cwd=root)
    new_part, old_part = out.split("New findings:")[1].split("Not counted:")
    assert "'date'" in new_part and "'sample'" not in new_part
    assert "'sample'" in old_part and "'date'" not in old_part


def test_findings_that_moved_up_a_line_keep_their_partner(tmp_path: Path) -> None:
    """Stage `one` repeats `title`, then `assumption`: two duplicate-key findings of j/one,
    each message naming the line of the first key. The branch fixes the repeated title,
    which moves the repeated assumption up a line: the finding fixed is the title's."""
    base = (
        "title: Invoices\nstages:\n"
        "  - id: one\n    title: Read\n    title: Read it\n"
        "    assumption: A\n    assumption: B\n"
        f"    evidence:\n      - {SUPPORTS}\n"
    )
    head = base.replace("    title: Read\n    title: Read it\n", "    title: Read it\n")
    root = branch(tmp_path, base, head)
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    [fixed] = result["findings"]["resolved"]
    [kept] = result["findings"]["pre_existing"]
    assert (fixed["code"], fixed["line"], kept["code"], kept["line"]) == (
        "duplicate-key",
        5,  # the second title, at the base
        "duplicate-key",
        6,  # the second assumption, a line higher than at the base
    )
    assert "'title'" in fixed["message"] and "line 4" in fixed["message"]
    assert "'assumption'" in kept["message"] and "line 5" in kept["message"]


# --- 5. entries git cannot give as a file, on both sides alike --------------------------------

FINE = f"title: Fine\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n      - {SUPPORTS}\n"
UNVALIDATED = "title: Shared\nstages:\n  - id: s\n    title: S\n    assumption: x\n"


def test_entries_git_cannot_give_as_a_file_compare_as_unchanged(tmp_path: Path) -> None:
    """A link out of the tree (to a journey with an unvalidated stage), a folder named
    like a journey file and a dangling link, on both sides; the branch only edits
    fine.yml. validate fails alike on both sides; diff blames the branch for nothing."""
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere, "shared.yml", UNVALIDATED)
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", FINE)
    (root / "journeys" / "shared.yml").symlink_to(elsewhere / "shared.yml")
    write(root, "journeys/archive.yml/old.txt", "kept for the record\n")
    (root / "journeys" / "draft.yml").symlink_to("old-draft.yml")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/fine.yml", FINE.replace("assumption: x", "assumption: y"))
    commit_all(root, "reword")

    code, out, _ = journeymap("validate", "--format", "json", cwd=root)
    assert code == 1
    failing = sorted((f["file"], f["code"]) for f in __import__("json").loads(out)["findings"])
    assert [file for file, _ in failing] == [
        "journeys/archive.yml",
        "journeys/draft.yml",
        "journeys/shared.yml",
    ]
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("fine", "changed")]
    assert result["findings"]["introduced"] == []
    assert sorted((f["file"], f["code"]) for f in result["findings"]["pre_existing"]) == failing
    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert code == 0
    assert "1 journey changed." in out and "added" not in out


def test_a_second_link_to_one_file_is_the_same_finding_on_both_sides(tmp_path: Path) -> None:
    """validate checks a file once however many links lead to it, and names the second
    link as a second name: the base does the same, so the change introduces nothing."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", FINE)
    (root / "journeys" / "same.yml").symlink_to("fine.yml")
    write(root, "journeys/other.yml", FINE)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/other.yml", FINE.replace("assumption: x", "assumption: y"))
    commit_all(root, "reword")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("other", "changed")]


def test_a_dangling_link_the_branch_makes_readable_is_a_new_journey(tmp_path: Path) -> None:
    """The link is unchanged, but the file it points to is new: its stage is the branch's."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", FINE)
    (root / "journeys" / "draft.yml").symlink_to("../drafts/draft.yml")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "drafts/draft.yml", UNVALIDATED)
    commit_all(root, "write the draft")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 1
    assert [(j["id"], j["change"]) for j in result["journeys"]] == [("draft", "added")]
    assert finding_keys(result["findings"]["introduced"]) == [
        ("unvalidated-stage", "journeys/draft.yml", "draft", "s")
    ]


# --- 6. a journeys folder moved behind a link --------------------------------------------------


def test_a_folder_moved_behind_a_link_changes_nothing(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/fine.yml", FINE)
    write(root, "journeys/shared.yml", UNVALIDATED)  # fails on both sides
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "data").mkdir()
    git(root, "mv", "journeys", "data/journeys")
    (root / "journeys").symlink_to("data/journeys")
    commit_all(root, "move the journeys")
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    assert result["journeys"] == []
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("unvalidated-stage", "data/journeys/shared.yml", "shared", "s")
    ]
    assert result["findings"]["introduced"] == []


def test_a_folder_the_configuration_moves_is_compared_where_each_side_has_it(
    tmp_path: Path,
) -> None:
    root = init_repo(tmp_path / "repo")
    write(root, "mkdocs.yml", "site_name: S\nplugins:\n  - journeymap\n")
    write(root, "journeys/fine.yml", FINE)
    write(root, "journeys/shared.yml", UNVALIDATED)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "mv", "journeys", "maps")
    write(root, "mkdocs.yml", "site_name: S\nplugins:\n  - journeymap:\n      journeys: maps\n")
    write(root, "maps/fine.yml", FINE.replace("assumption: x", "assumption: y"))
    commit_all(root, "journeys are maps now")
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    assert [(j["id"], j["file"], j["change"]) for j in result["journeys"]] == [
        ("fine", "maps/fine.yml", "changed")
    ]
    assert result["policy_changes"] == [
        {"option": "journeys", "before": "journeys", "after": "maps"}
    ]
    assert result["findings"]["introduced"] == []


def test_the_same_move_against_a_base_folder(tmp_path: Path) -> None:
    base = tmp_path / "base"
    write(base, "journeys/fine.yml", FINE)
    project = tmp_path / "project"
    shutil.copytree(base / "journeys", project / "data" / "journeys")
    (project / "journeys").symlink_to("data/journeys")
    code, result, err = diff_json(project, "--base-dir", str(base))
    assert code == 0, err
    assert result["journeys"] == []


def test_a_journey_left_in_a_subfolder_is_old_news_until_one_is_added(tmp_path: Path) -> None:
    """A journey file in a subfolder is a finding (it is not read); one the base had too is
    not the change's doing, whether compared with git or with a folder."""
    root = init_repo(tmp_path / "repo")
    text = journey([SUPPORTS], [SUPPORTS])
    write(root, "journeys/j.yml", text)
    write(root, "journeys/archive/old.yml", text)
    commit_all(root, "base")
    git(root, "checkout", "-q", "-b", "change")
    write(root, "journeys/j.yml", journey([SUPPORTS, CONTRADICTS], [SUPPORTS]))
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert finding_keys(result["findings"]["introduced"]) == [
        ("assumption-contested", "journeys/j.yml", "j", "one")
    ]
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("schema", "journeys/archive/old.yml", "old", None)
    ]
    # edited where it lies: still the same finding, not a journey added
    write(root, "journeys/archive/old.yml", text + "# kept for the record\n")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0 and result["findings"]["pre_existing"] != []
    # moved up, as the finding says: the finding is fixed and the journey added
    (root / "journeys/archive/old.yml").rename(root / "journeys/old.yml")
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert finding_keys(result["findings"]["resolved"]) == [
        ("schema", "journeys/archive/old.yml", "old", None)
    ]
    (root / "journeys/old.yml").rename(root / "journeys/archive/old.yml")
    shutil.copytree(root, tmp_path / "base", ignore=shutil.ignore_patterns(".git"))
    write(root, "journeys/archive/2025/new.yml", text)
    code, result, _ = diff_json(root, "--base-dir", str(tmp_path / "base"))
    assert code == 1
    assert finding_keys(result["findings"]["introduced"]) == [
        ("schema", "journeys/archive/2025/new.yml", "new", None)
    ]
    assert finding_keys(result["findings"]["pre_existing"]) == [
        ("schema", "journeys/archive/old.yml", "old", None)
    ]
