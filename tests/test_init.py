"""`journeymap init`: a new team's journey repository that validates and builds as written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
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


# -- never through a link, never half-written --------------------------------------------


def names_under(root: Path) -> list[str]:
    """Every path under `root`, links included (not followed), relative and sorted."""
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*"))


def scaffold_targets() -> list[str]:
    from journeymap.project.init import planned_files

    return sorted(planned_files())


@pytest.mark.parametrize("rel", scaffold_targets())
@pytest.mark.parametrize("dangling", [True, False], ids=["dangling", "to-a-file"])
def test_init_never_writes_through_a_link_in_place_of_a_file(
    tmp_path: Path, rel: str, dangling: bool
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "inTarget.yml"
    if not dangling:
        target.write_text("theirs\n", encoding="utf-8")
    team = tmp_path / "team"
    link = team / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    before = names_under(team)

    code, out, err = journeymap("init", "team", cwd=tmp_path)
    assert code == 2, out + err
    assert "Traceback" not in err and "wrote" not in out
    assert f"team/{rel} (a link to {target})" in err
    assert names_under(team) == before  # nothing written, the link left as it was
    assert names_under(outside) == ([] if dangling else ["inTarget.yml"])
    if not dangling:
        assert target.read_text(encoding="utf-8") == "theirs\n"


FOLDERS = ["journeys", "docs", ".github", ".github/workflows"]


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("dangling", [True, False], ids=["dangling", "to-a-folder"])
def test_init_never_writes_through_a_link_in_place_of_a_folder(
    tmp_path: Path, folder: str, dangling: bool
) -> None:
    outside = tmp_path / "outside"
    if not dangling:
        outside.mkdir()
    team = tmp_path / "team"
    link = team / folder
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    before = names_under(team)

    code, out, err = journeymap("init", "team", cwd=tmp_path)
    assert code == 2, out + err
    assert "Traceback" not in err and "wrote" not in out
    assert f"team/{folder} (a link to {outside})" in err
    assert names_under(team) == before
    assert outside.exists() is not dangling
    if not dangling:
        assert list(outside.iterdir()) == []


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_file_where_init_needs_a_folder_stops_it_before_it_writes(
    tmp_path: Path, folder: str
) -> None:
    team = tmp_path / "team"
    (team / folder).parent.mkdir(parents=True, exist_ok=True)
    (team / folder).write_text("a file\n", encoding="utf-8")
    before = names_under(team)
    code, out, err = journeymap("init", "team", cwd=tmp_path)
    assert code == 2, out + err
    assert "Traceback" not in err and "wrote" not in out
    assert f"team/{folder} (a file where init needs a folder)" in err
    assert names_under(team) == before


def test_init_into_a_dangling_link_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "team").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    code, out, err = journeymap("init", "team", cwd=tmp_path)
    assert code == 2, out + err
    assert "Traceback" not in err
    assert f"team is a link to {tmp_path / 'elsewhere'}, which does not exist" in err
    assert names_under(tmp_path) == ["team"]


def test_init_into_a_link_to_a_folder_writes_into_that_folder(tmp_path: Path) -> None:
    # The folder the user names may be reached through a link (a home folder often is);
    # only what lies inside it must be real.
    (tmp_path / "real").mkdir()
    (tmp_path / "team").symlink_to(tmp_path / "real", target_is_directory=True)
    journeymap("init", "team", cwd=tmp_path).ok()
    assert (tmp_path / "real" / "mkdocs.yml").is_file()
    assert (tmp_path / "real" / "docs" / ".gitkeep").is_file()


def test_init_adds_to_existing_real_folders(tmp_path: Path) -> None:
    team = tmp_path / "team"
    (team / "journeys").mkdir(parents=True)
    (team / "journeys" / "ours.yml").write_text("title: Ours\n", encoding="utf-8")
    (team / ".github" / "workflows").mkdir(parents=True)
    (team / ".github" / "workflows" / "ci.yml").write_text("x\n", encoding="utf-8")
    journeymap("init", "team", cwd=tmp_path).ok()
    assert (team / "journeys" / "ours.yml").read_text(encoding="utf-8") == "title: Ours\n"
    assert (team / "journeys" / "sign-up.yml").is_file()
    assert (team / ".github" / "workflows" / "journeys.yml").is_file()


# -- what init says next ------------------------------------------------------------------


def next_message(out: str) -> str:
    return out[out.index("Next:") :]


def test_next_says_cd_only_when_a_folder_was_given(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    said = next_message(journeymap("init", cwd=here).ok())
    assert said.startswith("Next: journeymap validate && journeymap serve")
    assert "cd " not in said

    dot = tmp_path / "dot"
    dot.mkdir()
    said = next_message(journeymap("init", ".", cwd=dot).ok())
    assert said.startswith("Next: journeymap validate")  # `cd .` says nothing

    said = next_message(journeymap("init", "team", cwd=tmp_path).ok())
    assert said.startswith("Next: cd team && journeymap validate && journeymap serve")

    said = next_message(journeymap("init", "my team", cwd=tmp_path).ok())
    assert said.startswith("Next: cd 'my team' && journeymap validate")


def test_next_says_which_line_names_the_default_branch(tmp_path: Path) -> None:
    said = next_message(journeymap("init", "team", cwd=tmp_path).ok())
    assert "branches: [main]" in said and ".github/workflows/journeys.yml" in said
    workflow = (tmp_path / "team" / ".github" / "workflows" / "journeys.yml").read_text()
    assert "    branches: [main]\n" in workflow  # the very line named


# -- yamllint ------------------------------------------------------------------------------


def test_every_yaml_file_init_writes_passes_yamllint_defaults(tmp_path: Path) -> None:
    # A team that already runs yamllint (in pre-commit, in CI) must not start red:
    # yamllint's default rules, warnings counted too (--strict), find nothing.
    journeymap("init", "team", cwd=tmp_path).ok()
    team = tmp_path / "team"
    written = {
        path.relative_to(team).as_posix()
        for path in team.rglob("*")
        if path.suffix in {".yml", ".yaml"}
    }
    assert written == {
        "mkdocs.yml",
        "journeys/sign-up.yml",
        ".pre-commit-config.yaml",
        ".github/workflows/journeys.yml",
    }
    assert not (team / ".yamllint").exists()  # nothing relaxed: the defaults as they are
    env = environment(PATH=path_with(), XDG_CONFIG_HOME=str(tmp_path / "no-user-config"))
    env.pop("YAMLLINT_CONFIG_FILE", None)
    lint = [sys.executable, "-m", "yamllint", "--strict", "-f", "parsable"]

    # The linter finds what it should (so the test can fail): a long line, a comment
    # too close, an unquoted `on`, no document start.
    (tmp_path / "bad.yml").write_text("on: push\nx: 1 # " + "y" * 80 + "\n", encoding="utf-8")
    bad = run([*lint, "-d", "default", "bad.yml"], tmp_path, env)
    assert bad.returncode == 1  # errors; with --strict, warnings alone exit 2
    for rule in ("line-length", "comments", "truthy", "document-start"):
        assert f"({rule})" in bad.stdout, rule

    result = run([*lint, "."], team, env)  # the config yamllint finds there: its default
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    result = run([*lint, "-d", "default", *sorted(written)], team, env)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    # The hook this repository ships to other repositories, too.
    hooks = run([*lint, "-d", "default", REPO / ".pre-commit-hooks.yaml"], tmp_path, env)
    assert hooks.returncode == 0 and hooks.stdout == "", hooks.stdout + hooks.stderr
    # And every journey `journeymap new` starts there.
    journeymap("new", "a-much-longer-journey-name-than-usual", cwd=team).ok()
    new = run([*lint, "-d", "default", "journeys"], team, env)
    assert new.returncode == 0 and new.stdout == "", new.stdout + new.stderr


def test_pre_commit_accepts_the_hook_and_the_config_as_written(tmp_path: Path) -> None:
    env = environment(PATH=path_with(), PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    pre_commit = [sys.executable, "-m", "pre_commit"]
    manifest = run([*pre_commit, "validate-manifest", REPO / ".pre-commit-hooks.yaml"], REPO, env)
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    config = SCAFFOLD_FILES / "pre-commit-config.yaml"
    checked = run([*pre_commit, "validate-config", config], REPO, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_link_that_appears_after_the_check_is_refused_not_followed(tmp_path: Path) -> None:
    # The check before writing lists what is in the way; the writing itself never follows
    # a link either (a link made in between, by another program, is an error).
    from journeymap.nofollow import create

    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "team"
    root.mkdir()
    (root / "mkdocs.yml").symlink_to(outside / "inTarget.yml")
    (root / "journeys").symlink_to(outside, target_is_directory=True)
    (root / "docs").write_text("a file\n", encoding="utf-8")
    for rel in ("mkdocs.yml", "journeys/sign-up.yml", "docs/.gitkeep"):
        with pytest.raises(OSError):
            create(root, rel, b"x")
    assert list(outside.iterdir()) == []
    assert create(root, ".github/workflows/journeys.yml", b"x") == (
        root / ".github/workflows/journeys.yml"
    )
    assert (root / ".github/workflows/journeys.yml").read_bytes() == b"x"


# -- a repository that has a .gitignore and a requirements.txt already ------------------


GITIGNORE = "node_modules/\n.venv\n*.pyc"  # no newline at the end; .venv without its slash
REQUIREMENTS = "mkdocs-material==9.5.0\nrequests>=2\n"


def existing_repository(root: Path) -> Path:
    root.mkdir()
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (root / "requirements.txt").write_text(REQUIREMENTS, encoding="utf-8")
    return root


def test_init_with_an_existing_gitignore_or_requirements_says_how_to_go_on(
    tmp_path: Path,
) -> None:
    for present in ([".gitignore"], ["requirements.txt"], [".gitignore", "requirements.txt"]):
        repo = tmp_path / "-".join(present)
        repo.mkdir()
        for name in present:
            (repo / name).write_text("ours\n", encoding="utf-8")
        result = journeymap("init", ".", cwd=repo)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        for name in present:
            assert f"{name} (exists: `--existing add` adds what it lacks" in result.stderr
        assert "run again with `--existing add`" in result.stderr
        assert "`--existing skip`" in result.stderr
        assert sorted(p.name for p in repo.iterdir()) == sorted(present)  # nothing written


def test_init_existing_add_appends_only_what_is_missing_and_changes_no_line(
    tmp_path: Path,
) -> None:
    repo = existing_repository(tmp_path / "repo")
    result = journeymap("init", "--existing", "add", cwd=repo).ok()
    gitignore = (repo / ".gitignore").read_text(encoding="utf-8")
    assert gitignore.startswith(GITIGNORE + "\n")  # every line as it was, then the additions
    added = gitignore[len(GITIGNORE) + 1 :].splitlines()
    assert added == ["", "# Added by journeymap init:", "site/", "__pycache__/", "journeymap.sarif"]
    # `.venv` was there (without its slash): not repeated
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    assert requirements.startswith(REQUIREMENTS + "\n# Added by journeymap init:\n")
    assert "./wheels/journeymap-" in requirements.splitlines()[-1]
    assert "added 3 lines to .gitignore" in result
    assert "added 1 line to requirements.txt" in result
    assert (repo / "mkdocs.yml").is_file() and (repo / "journeys" / "sign-up.yml").is_file()
    # The repository works as one init made from nothing.
    journeymap("validate", "--strict", cwd=repo).ok()

    # Run again on what it wrote (the other files moved away): nothing is missing.
    for name in ("mkdocs.yml", "journey.schema.json", ".pre-commit-config.yaml"):
        (repo / name).unlink()
    (repo / "journeys" / "sign-up.yml").unlink()
    (repo / ".github" / "workflows" / "journeys.yml").unlink()
    (repo / "docs" / ".gitkeep").unlink()
    again = journeymap("init", "--existing", "add", cwd=repo).ok()
    assert (repo / ".gitignore").read_text(encoding="utf-8") == gitignore
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == requirements
    assert "left .gitignore as it was: it holds what init needs" in again


@pytest.mark.parametrize(
    "line",
    [
        "journeymap==1.2.0",
        "JourneyMap>=1",
        "journeymap[dev] ; python_version >= '3.10'",
        "./wheels/journeymap-0.9.0-py3-none-any.whl",
        "https://example.com/dist/journeymap-1.0-py3-none-any.whl",
    ],
)
def test_init_existing_add_leaves_requirements_that_name_journeymap(
    tmp_path: Path, line: str
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "requirements.txt").write_text(f"mkdocs\n{line}\n", encoding="utf-8")
    journeymap("init", "--existing", "add", cwd=repo).ok()
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == f"mkdocs\n{line}\n"


def test_init_existing_skip_leaves_both_files_byte_for_byte(tmp_path: Path) -> None:
    repo = existing_repository(tmp_path / "repo")
    result = journeymap("init", "--existing", "skip", cwd=repo).ok()
    assert (repo / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == REQUIREMENTS
    assert "left .gitignore as it was" in result
    assert (repo / "mkdocs.yml").is_file()


def test_init_existing_add_still_refuses_what_it_cannot_add_to(tmp_path: Path) -> None:
    # Another file in the way stops it all; a link in place of .gitignore is never
    # written through; a .gitignore that is not UTF-8 is not guessed at.
    repo = existing_repository(tmp_path / "taken")
    (repo / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    result = journeymap("init", "--existing", "add", cwd=repo)
    assert result.returncode == 2 and "mkdocs.yml (exists)" in result.stderr
    assert (repo / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    assert not (repo / "journeys").exists()

    linked = tmp_path / "linked"
    linked.mkdir()
    (tmp_path / "outside").write_text("x\n", encoding="utf-8")
    (linked / ".gitignore").symlink_to(tmp_path / "outside")
    result = journeymap("init", "--existing", "add", cwd=linked)
    assert result.returncode == 2 and ".gitignore (a link to" in result.stderr
    assert (tmp_path / "outside").read_text(encoding="utf-8") == "x\n"

    latin = tmp_path / "latin"
    latin.mkdir()
    (latin / ".gitignore").write_bytes(b"caf\xe9/\n")
    result = journeymap("init", "--existing", "add", cwd=latin)
    assert result.returncode == 2 and "it is not UTF-8 text" in result.stderr
    assert "site/" in result.stderr  # the lines to add by hand
    assert (latin / ".gitignore").read_bytes() == b"caf\xe9/\n"
    assert sorted(p.name for p in latin.iterdir()) == [".gitignore"]
