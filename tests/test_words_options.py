"""The options of issue 21 as a team uses them: `jargon` and `personal_data` in mkdocs.yml.

`journeymap validate` and `mkdocs build` read them with the same checks; both findings are
warnings, so they fail a run only with `--strict` (or `strict: true`); a change to either
option is a policy edit `journeymap diff` calls out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from commands import journeymap
from git_helpers import RECENT, commit_all, git, init_repo, write
from journeymap.config.options import Options
from journeymap.errors import ConfigError

JOURNEY = f"""
title: Identity check
stages:
  - id: kyc
    title: Open the KYC portal
    assumption: Owners find the identity check, and the Dunning letters explain it.
    touchpoints: [email, KYC portal]
    evidence:
      - kind: interview
        summary: Two owners asked us to call them on +44 20 7946 0958.
        source: Interviews, October
        date: {RECENT}
        stance: supports
"""


def config(options: str = "") -> str:
    return "site_name: Journeys\nplugins:\n  - journeymap:\n      journeys: journeys\n" + options


def project(root: Path, options: str = "") -> Path:
    write(root, "mkdocs.yml", config(options))
    write(root, "journeys/identity.yml", JOURNEY)
    return root


def codes(output: str) -> list[tuple[str, str]]:
    """(location, code) of each finding line of the text format."""
    found = []
    for line in output.splitlines():
        parts = line.split(" ")
        if len(parts) > 2 and parts[1] in ("error", "warning", "info"):
            found.append((parts[0].rstrip(":"), parts[2]))
    return found


def test_jargon_and_personal_data_are_warnings_that_strict_fails(tmp_path: Path) -> None:
    root = project(tmp_path, "      jargon: [KYC, dunning]\n")
    plain = journeymap("validate", cwd=root)
    assert plain.returncode == 0, plain.stdout
    assert codes(plain.stdout) == [
        ("journeys/identity.yml:4:21", "insider-jargon"),
        ("journeys/identity.yml:6:26", "insider-jargon"),
        ("journeys/identity.yml:9:54", "personal-data"),
    ]
    assert "7946" not in plain.stdout
    strict = journeymap("validate", "--strict", cwd=root)
    assert strict.returncode == 1


def test_without_a_jargon_list_nothing_is_jargon(tmp_path: Path) -> None:
    result = journeymap("validate", cwd=project(tmp_path))
    assert [code for _, code in codes(result.stdout)] == ["personal-data"]


def test_personal_data_false_turns_the_check_off(tmp_path: Path) -> None:
    root = project(tmp_path, "      personal_data: false\n      strict: true\n")
    result = journeymap("validate", cwd=root)
    assert result.returncode == 0, result.stdout
    assert codes(result.stdout) == []


@pytest.mark.parametrize(
    ("written", "says"),
    [
        (
            "jargon: KYC",
            "option 'jargon' must be a list of terms, e.g. [KYC, dunning, payment run], not 'KYC'",
        ),
        (
            "jargon: [KYC, yes]",
            "option 'jargon' must be a list of terms (text), but holds True: put it in quotes",
        ),
        (
            "jargon: ['  ', KYC]",
            "option 'jargon' must be a list of terms, each with a letter or digit in it, not '  '",
        ),
        ("personal_data: maybe", "option 'personal_data' must be true or false, not 'maybe'"),
        (
            "personal-data: false",
            "unknown journeymap option 'personal-data' (did you mean 'personal_data'?)",
        ),
    ],
)
def test_a_bad_value_is_a_sentence_in_validate_and_in_mkdocs(
    tmp_path: Path, written: str, says: str
) -> None:
    root = project(tmp_path, f"      {written}\n")
    result = journeymap("validate", cwd=root)
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr


def test_the_list_is_read_as_written_once_per_term() -> None:
    options = Options.read({"jargon": ["KYC", "payment   run", "kyc", "Dunning"]}, "mkdocs.yml")
    assert options.jargon == ("KYC", "payment run", "Dunning")
    assert Options.read({"jargon": None}, "mkdocs.yml").jargon == ()
    with pytest.raises(ConfigError):
        Options.read({"jargon": {"KYC": 1}}, "mkdocs.yml")


def test_mkdocs_build_reads_the_same_options(tmp_path: Path) -> None:
    root = project(tmp_path, "      jargon: KYC\n")
    write(root, "docs/index.md", "# Home\n")
    result = journeymap("build", cwd=root)
    assert result.returncode == 2
    assert "'jargon': must be a list of terms, e.g. [KYC, dunning, payment run]" in result.stderr


def test_diff_calls_out_a_change_to_either_option(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "repo")
    project(root, "      jargon: [KYC]\n")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "mkdocs.yml", config("      jargon: [KYC, dunning]\n      personal_data: false\n"))
    commit_all(root, "feature")
    result = journeymap("diff", "--base", "main", "--format", "text", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "jargon [KYC] → [KYC, dunning]; personal_data true → false" in result.stdout
