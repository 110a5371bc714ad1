"""`journeymap init`: a new team's journey repository that validates and builds as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
SCAFFOLD = REPO / "generator" / "journeymap" / "scaffold_files"


def journeymap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from journeymap.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


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

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    page = repo / "site" / "journeys" / "sign-up" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    stages = {tag["data-stage"]: tag["data-status"] for tag in soup.select("[data-stage]")}
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


def test_the_scaffolded_workflow_is_this_repositorys_workflow() -> None:
    ours = (REPO / ".github" / "workflows" / "journeys.yml").read_text(encoding="utf-8")
    shipped = (SCAFFOLD / "journeys-workflow.yml").read_text(encoding="utf-8")
    assert ours == shipped, "copy scaffold_files/journeys-workflow.yml to .github/workflows/"


def test_workflow_validates_prs_with_annotations_and_sarif_and_deploys_main() -> None:
    workflow = yaml.safe_load((SCAFFOLD / "journeys-workflow.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    pr_steps = jobs["validate"]["steps"]
    runs = " ".join(step.get("run", "") for step in pr_steps)
    assert "journeymap validate --format github" in runs
    assert "--format sarif" in runs
    assert any("upload-sarif" in step.get("uses", "") for step in pr_steps)
    assert jobs["validate"]["permissions"]["security-events"] == "write"
    build_runs = " ".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "journeymap build --strict" in build_runs
    assert any("upload-pages-artifact" in s.get("uses", "") for s in jobs["build"]["steps"])
    assert any("deploy-pages" in s.get("uses", "") for s in jobs["deploy"]["steps"])
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_precommit_config_uses_a_hook_this_repo_defines() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((SCAFFOLD / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    used = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert used and used <= {hook["id"] for hook in hooks}
