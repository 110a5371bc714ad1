"""`journeymap init`: a new team's journey repository that validates and builds as written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from commands import Ran, environment, journeymap, mkdocs, path_with, run
from repo_paths import REPO, SCAFFOLD_FILES
from site_helpers import soup


def test_init_writes_a_repo_that_validates_strictly_and_builds(tmp_path: Path) -> None:
    result = journeymap("init", "team", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    repo = tmp_path / "team"
    for rel in (
        "mkdocs.yml",
        "journeys/sign-up.yml",
        "journey.schema.json",
        ".pre-commit-config.yaml",
        ".github/workflows/journeys.yml",
        ".gitignore",
    ):
        assert (repo / rel).is_file(), rel
    journey_text = (repo / "journeys/sign-up.yml").read_text(encoding="utf-8")
    assert journey_text.startswith("# yaml-language-server: $schema=../journey.schema.json\n")
    assert "site/" in (repo / ".gitignore").read_text(encoding="utf-8").splitlines()

    validate = journeymap("validate", "--strict", cwd=repo)
    assert validate.returncode == 0, validate.stdout + validate.stderr

    build = mkdocs("build", cwd=repo, timeout=600)
    assert build.returncode == 0, build.stderr
    page = soup(repo / "site" / "journeys" / "sign-up" / "index.html")
    stages = {tag["data-stage"]: tag["data-status"] for tag in page.select("[data-stage]")}
    assert stages == {"landing": "confirmed", "create-account": "confirmed"}
    assert (repo / "site" / "index.html").is_file()


def test_init_schema_is_the_one_journeymap_schema_prints(tmp_path: Path) -> None:
    assert journeymap("init", str(tmp_path / "r"), cwd=tmp_path).returncode == 0
    printed = journeymap("schema", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    written = (tmp_path / "r" / "journey.schema.json").read_text(encoding="utf-8")
    assert yaml.safe_load(written) == yaml.safe_load(printed.stdout)


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    result = journeymap("init", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "mkdocs.yml" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Ours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"]


def test_init_refuses_a_file_as_target(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = journeymap("init", "taken", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_the_local_precommit_hook_is_the_hook_this_repository_ships() -> None:
    (shipped,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((SCAFFOLD_FILES / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    ((repo,),) = [config["repos"]]
    assert repo["repo"] == "local"  # needs no address: runs the installed journeymap
    (local,) = repo["hooks"]
    same = ("id", "name", "entry", "files", "pass_filenames", "require_serial")
    assert {k: local[k] for k in same} == {k: shipped[k] for k in same}


def git(*args: str, cwd: Path, env: dict[str, str]) -> Ran:
    return run(["git", *args], cwd, env)


def test_the_precommit_hook_init_writes_stops_a_commit_with_a_failing_journey(
    tmp_path: Path,
) -> None:
    assert journeymap("init", "team", cwd=tmp_path).returncode == 0
    team = tmp_path / "team"
    # The hook runs the journeymap and pre-commit installed next to this Python.
    env = environment(PATH=path_with(), PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    assert git("init", "-q", "-b", "main", cwd=team, env=env).returncode == 0
    installed = run([sys.executable, "-m", "pre_commit", "install"], team, env, timeout=120)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git("add", "-A", cwd=team, env=env)
    first = git("commit", "-q", "-m", "Start", cwd=team, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "journeymap validate" in first.stdout + first.stderr  # the hook ran, and passed

    journey = team / "journeys" / "sign-up.yml"
    text = journey.read_text(encoding="utf-8")
    cut = text.index("    evidence:", text.index("id: create-account"))
    journey.write_text(text[:cut], encoding="utf-8")  # the last stage loses its evidence
    git("add", "-A", cwd=team, env=env)
    second = git("commit", "-q", "-m", "Drop the evidence", cwd=team, env=env)
    assert second.returncode != 0
    printed = second.stdout + second.stderr
    assert "journeys/sign-up.yml:" in printed and "unvalidated-stage" in printed
    assert git("rev-list", "--count", "HEAD", cwd=team, env=env).stdout.strip() == "1"


def test_requirements_name_the_wheel_of_the_journeymap_that_wrote_them(tmp_path: Path) -> None:
    from journeymap import __version__

    assert journeymap("init", "team", cwd=tmp_path).returncode == 0
    text = (tmp_path / "team" / "requirements.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines == [f"./wheels/journeymap-{__version__}-py3-none-any.whl"]
    assert "http" not in text and "git+" not in text


def test_init_writes_no_address_that_does_not_exist(tmp_path: Path) -> None:
    assert journeymap("init", "team", cwd=tmp_path).returncode == 0
    for path in (tmp_path / "team").rglob("*"):
        if path.is_file() and path.name != "journey.schema.json":
            text = path.read_text(encoding="utf-8")
            urls = re.findall(r"https?://[^\s\"')>]+", text)
            # Placeholders the team replaces, and nothing else.
            assert all("YOUR-ORG" in url for url in urls), (path, urls)
