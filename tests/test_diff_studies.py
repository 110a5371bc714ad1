"""`journeymap diff` and `validate --changed-since` over studies (SPEC "Changes", v1.2):
studies added, removed and changed listed; a stage a study edit moves names the study as
its cause; deleting a cited study is a new failing finding; a changed study file touches
the journeys that cite it. Real git repositories, the core run in this process."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from diff_helpers import Shown, folder_diff, git_diff, journeymap_here
from git_helpers import commit_all, git, init_repo, write

pytestmark = pytest.mark.usefixtures("git_environment")

TODAY = dt.date(2026, 12, 1)

STUDY = """
title: Onboarding interviews
kind: interview
date: 2026-10-19
participants: 6
"""

CITING = """
title: Onboarding
stages:
  - id: setup
    title: Set up
    assumption: Setup is quick.
    evidence:
      - study: interviews
        stance: contradicts
        summary: Setup took an afternoon.
  - id: invite
    title: Invite the team
    assumption: Inviting is obvious.
    waiver: {reason: later, approved_by: Lead, until: 2027-06-01}
"""

OTHER = """
title: Billing
stages:
  - id: pay
    title: Pay
    assumption: Paying is easy.
    evidence:
      - {kind: survey, source: Survey, date: 2026-11-01, stance: supports, summary: Easy.}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = init_repo(tmp_path / "repo")
    write(root, "research/interviews.yml", STUDY)
    write(root, "research/unused.yml", STUDY.replace("Onboarding", "Unused"))
    write(root, "journeys/onboarding.yml", CITING)
    write(root, "journeys/billing.yml", OTHER)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_unchanged_studies_change_nothing(repo: Path) -> None:
    diff = git_diff(repo, today=TODAY)
    assert diff.studies == () and diff.journeys == () and not diff.failed


def test_a_study_dated_back_moves_every_citing_stage_with_the_study_named(repo: Path) -> None:
    write(repo, "research/interviews.yml", STUDY.replace("2026-10-19", "2024-10-19"))
    diff = git_diff(repo, today=TODAY)
    assert [(s.id, s.change, s.fields) for s in diff.studies] == [
        ("interviews", "changed", ("date",))
    ]
    [(journey, stage)] = diff.status_moves()
    assert (journey.id, stage.id, stage.before, stage.after) == (
        "onboarding",
        "setup",
        stage.before.CONTRADICTED if stage.before else None,
        stage.before.STALE if stage.before else None,
    )
    assert stage.because == ("interviews",)
    # the contradicting item stopped counting through the study edit: disagreement removed
    assert [item.summary for item in stage.disagreement_removed] == ["Setup took an afternoon."]
    shown = Shown.of(diff)
    assert "contradicted → stale (because study interviews changed)" in shown.text
    assert "Studies: interviews changed (date)." in shown.text
    assert "because study interviews changed" in shown.markdown
    assert "Studies: interviews changed (date)." in shown.markdown
    [study] = shown.json["studies"]
    assert study == {
        "id": "interviews",
        "title": "Onboarding interviews",
        "file": "research/interviews.yml",
        "change": "changed",
        "fields_changed": ["date"],
        "cited_by": 1,
    }
    [journey_json] = shown.json["journeys"]
    assert journey_json["stages"][0]["because"] == ["interviews"]
    assert shown.json["summary"]["disagreement_removed"] == 1
    assert shown.json["summary"]["caused_by_studies"] == 1
    assert not diff.failed


def test_deleting_a_cited_study_is_a_new_failure(repo: Path) -> None:
    (repo / "research/interviews.yml").unlink()
    diff = git_diff(repo, today=TODAY)
    assert [(s.id, s.change, s.cited_by) for s in diff.studies] == [("interviews", "removed", 1)]
    assert [(f.code, f.journey, f.stage) for f in diff.findings.new_failures] == [
        ("unknown-study", "onboarding", "setup")
    ]
    assert diff.failed
    shown = Shown.of(diff)
    assert "interviews removed (cited by 1 evidence item)" in shown.text
    # the contradicting evidence disappeared with its study
    assert shown.json["summary"]["disagreement_removed"] == 1


def test_added_and_removed_uncited_studies_are_listed(repo: Path) -> None:
    (repo / "research/unused.yml").unlink()
    write(repo, "research/new.yml", STUDY.replace("Onboarding", "New"))
    diff = git_diff(repo, today=TODAY)
    assert [(s.id, s.change) for s in diff.studies] == [("new", "added"), ("unused", "removed")]
    assert diff.journeys == () and not diff.failed


def test_a_folder_base_compares_studies_too(repo: Path, tmp_path: Path) -> None:
    base = tmp_path / "base"
    write(base, "research/interviews.yml", STUDY.replace("2026-10-19", "2024-10-19"))
    write(base, "journeys/onboarding.yml", CITING)
    write(base, "journeys/billing.yml", OTHER)
    diff = folder_diff(repo, base, today=TODAY)
    assert {(s.id, s.change) for s in diff.studies} == {
        ("interviews", "changed"),
        ("unused", "added"),
    }
    [(_, stage)] = diff.status_moves()
    assert (stage.id, stage.because) == ("setup", ("interviews",))


def test_changed_since_a_changed_study_touches_the_journeys_citing_it(repo: Path) -> None:
    write(repo, "research/interviews.yml", STUDY.replace("kind: interview", "kind: interveiw"))
    ran = journeymap_here("validate", "--changed-since", "main", "--format", "json", cwd=repo)
    files = {f["file"] for f in json.loads(ran.stdout)["findings"]}
    assert "research/interviews.yml" in files  # the study's own schema error
    assert "journeys/billing.yml" not in files


def test_changed_since_a_deleted_study_reports_the_citing_evidence(repo: Path) -> None:
    (repo / "research/interviews.yml").unlink()
    ran = journeymap_here("validate", "--changed-since", "main", "--format", "json", cwd=repo)
    codes = {(f["code"], f["file"]) for f in json.loads(ran.stdout)["findings"]}
    assert ("unknown-study", "journeys/onboarding.yml") in codes
    assert ran.returncode == 1
