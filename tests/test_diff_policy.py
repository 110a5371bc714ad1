"""`journeymap diff` says when a change edits the journeymap policy (the plugin's options in
mkdocs.yml). Both sides are checked with the head's options (SPEC "Changes"), so a
looser policy shows in no status and no finding: the diff must say it in words.

Real git repositories and folders; the base's mkdocs.yml is read as the base has it.
"""

from __future__ import annotations

from pathlib import Path

from commands import journeymap
from git_helpers import RECENT, commit_all, diff_json, git, init_repo, write

JOURNEY = f"""
title: Invoices
stages:
  - id: pay
    title: Pay
    assumption: Customers pay on time.
    evidence:
      - {{kind: survey, summary: Most paid, source: Survey 3, date: {RECENT}, stance: supports}}
"""
STRICT_YEAR = """
site_name: Journeys
plugins:
  - journeymap:
      max_evidence_age_days: 365
      strict: true
"""
LOOSE = """
site_name: Journeys
plugins:
  - journeymap:
      max_evidence_age_days: 9999
      strict: false
"""
POLICY = (
    "This change edits the journeymap policy in mkdocs.yml: max_evidence_age_days 365 → 9999; "
    "strict true → false (both sides are checked with the new policy, so statuses and "
    "findings here do not show what the edit itself changes)"
)


def repo_with(tmp_path: Path, base: dict[str, str], head: dict[str, str]) -> Path:
    """main holds `base` (path -> text) and a journey; the branch commits `head` over it
    (an empty text deletes the file)."""
    root = init_repo(tmp_path / "repo")
    write(root, "journeys/invoices.yml", JOURNEY)
    for path, text in base.items():
        write(root, path, text)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    for path, text in head.items():
        if text:
            write(root, path, text)
        else:
            (root / path).unlink()
    commit_all(root, "feature")
    return root


def test_a_looser_policy_is_said_in_every_format(tmp_path: Path) -> None:
    root = repo_with(tmp_path, {"mkdocs.yml": STRICT_YEAR}, {"mkdocs.yml": LOOSE})
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0  # the journeys did not change
    assert result["journeys"] == []
    assert result["policy_changes"] == [
        {"option": "max_evidence_age_days", "before": 365, "after": 9999},
        {"option": "strict", "before": True, "after": False},
    ]
    assert result["policy_note"] is None
    assert result["summary"]["policy_changes"] == 2

    code, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert code == 0
    lines = out.splitlines()
    # right under the headline, before anything per journey
    assert lines[3:5] == ["", POLICY + "."]

    code, out, _ = journeymap("diff", "--base", "main", "--format", "markdown", cwd=root)
    assert code == 0
    # the file's name and values are escaped like journey text; the option names too
    escaped = POLICY.replace("_", "\\_").replace("mkdocs.yml", "mkdocs\\.yml")
    assert f"> ⚠️ **{escaped}.**" in out
    # after the headline, before the sections
    assert out.index("**No stage changes") < out.index("This change edits")
    assert out.index("This change edits") < out.index("\n**No new failing finding")


def test_no_policy_edit_no_policy_line(tmp_path: Path) -> None:
    root = repo_with(
        tmp_path,
        {"mkdocs.yml": STRICT_YEAR},
        {"mkdocs.yml": STRICT_YEAR.replace("site_name: Journeys", "site_name: Our journeys")},
    )
    code, result, _ = diff_json(root, "--base", "main")
    assert (code, result["policy_changes"], result["policy_note"]) == (0, [], None)
    code, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert "policy" not in out


def test_an_inherited_file_is_read_as_the_base_has_it(tmp_path: Path) -> None:
    """mkdocs.yml INHERITs shared.yml, which holds the options; the branch edits only
    shared.yml. Reading the parent from the working tree would see no change."""
    shared = "plugins:\n  - journeymap:\n      warn_days: 30\n"
    root = repo_with(
        tmp_path,
        {"mkdocs.yml": "INHERIT: config/shared.yml\nsite_name: S\n", "config/shared.yml": shared},
        {"config/shared.yml": shared.replace("30", "1")},
    )
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    assert result["policy_changes"] == [{"option": "warn_days", "before": 30, "after": 1}]


def test_a_configuration_added_by_the_change_is_compared_with_the_defaults(
    tmp_path: Path,
) -> None:
    root = repo_with(
        tmp_path,
        {},
        {
            "mkdocs.yml": "site_name: S\nplugins:\n  - journeymap:\n      max_evidence_age_days: 30\n"
        },
    )
    _, result, _ = diff_json(root, "--base", "main")
    assert result["policy_changes"] == [
        {"option": "max_evidence_age_days", "before": 365, "after": 30}
    ]
    # and one the change deletes: the head runs with the defaults again
    root = repo_with(tmp_path / "deleted", {"mkdocs.yml": STRICT_YEAR}, {"mkdocs.yml": ""})
    _, result, _ = diff_json(root, "--base", "main")
    assert result["policy_changes"] == [{"option": "strict", "before": True, "after": False}]


def test_a_base_configuration_that_cannot_be_read_is_said_and_runs_nothing(
    tmp_path: Path,
) -> None:
    root = repo_with(
        tmp_path,
        {"mkdocs.yml": "site_name: S\nplugins: [journeymap\n"},
        {"mkdocs.yml": STRICT_YEAR},
    )
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    assert result["policy_changes"] == []
    note = result["policy_note"]
    assert note.startswith(
        "The base's journeymap policy could not be read, so it is not compared: "
    )
    assert "mkdocs.yml:" in note
    code, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert note + "." in out

    # a tag that would run Python in a loader that allowed it: read as a plain value
    pwned = tmp_path / "pwned"
    evil = f"site_name: !!python/object/apply:os.system ['touch {pwned}']\n" + LOOSE
    root = repo_with(tmp_path / "evil", {"mkdocs.yml": evil}, {"mkdocs.yml": STRICT_YEAR})
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    assert not pwned.exists()
    assert result["policy_changes"] == [
        {"option": "max_evidence_age_days", "before": 9999, "after": 365},
        {"option": "strict", "before": False, "after": True},
    ]


def test_base_dir_reads_the_base_folder_s_configuration(tmp_path: Path) -> None:
    base = tmp_path / "base"
    write(base, "mkdocs.yml", STRICT_YEAR)
    write(base, "journeys/invoices.yml", JOURNEY)
    head = tmp_path / "head"
    write(head, "mkdocs.yml", LOOSE)
    write(head, "journeys/invoices.yml", JOURNEY)
    code, out, err = journeymap("diff", "--base-dir", str(base), cwd=head)
    assert code == 0, err
    assert POLICY + "." in out.splitlines()


def test_renaming_mkdocs_yml_to_mkdocs_yaml_is_no_policy_edit(tmp_path: Path) -> None:
    """MkDocs reads mkdocs.yaml where there is no mkdocs.yml: the base's policy is the file
    MkDocs would read there, whichever of the two names the head uses."""
    root = repo_with(
        tmp_path, {"mkdocs.yml": STRICT_YEAR}, {"mkdocs.yml": "", "mkdocs.yaml": STRICT_YEAR}
    )
    code, result, _ = diff_json(root, "--base", "main")
    assert code == 0
    assert (result["policy_changes"], result["policy_note"]) == ([], None)
    code, out, _ = journeymap("diff", "--base", "main", cwd=root)
    assert code == 0 and "policy" not in out
