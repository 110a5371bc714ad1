"""The wheel alone is enough: installed (not editable) into a fresh virtual environment,
it gives the `journeymap` command and the MkDocs plugin with every template and asset."""

from __future__ import annotations

import json
import os
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from commands import run
from repo_paths import PACKAGE, SCAFFOLD_FILES, TEMPLATES, copy_checkout

HOME = "https://example.org/journeymap-home"


def build_wheel(work: Path, pyproject_tail: str = "") -> Path:
    """Build the wheel from a copy of the sources, so the checkout stays untouched."""
    source = copy_checkout(work / "src", "bench")
    if pyproject_tail:
        with (source / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
            pyproject.write(pyproject_tail)
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work, "."]
    run(pip_wheel, source, timeout=600).ok()
    (built,) = work.glob("journeymap-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def fresh_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield install_fresh(wheel, tmp_path_factory)


def install_fresh(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding journeymap from the wheel; its dependencies are borrowed from the
    running environment through a path file (plain paths: that environment's editable
    journeymap finder is not activated)."""
    root = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(root)
    python = root / "bin" / "python"
    purelib = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root
    ).ok()
    borrowed = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
    Path(purelib.strip(), "borrowed-deps.pth").write_text("\n".join(borrowed) + "\n")
    pip_install = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps"]
    run([*pip_install, wheel], root, timeout=600).ok()
    return root


def clean_env(venv_root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv_root / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONNOUSERSITE"] = "1"
    return env


def test_wheel_holds_every_subpackage_template_and_scaffold_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in PACKAGE.rglob("*.py"):
        if "__pycache__" not in path.parts:
            assert f"journeymap/{path.relative_to(PACKAGE).as_posix()}" in names
    for path in SCAFFOLD_FILES.iterdir():
        assert f"journeymap/project/scaffold_files/{path.name}" in names
    for path in TEMPLATES.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"journeymap/site_templates/{path.relative_to(TEMPLATES).as_posix()}" in names
    assert "journeymap/py.typed" in names
    assert not any(name.startswith(("generator/", "site_templates/", "tests/")) for name in names)


def test_installed_wheel_runs_and_builds_a_site_outside_the_checkout(
    fresh_env: Path, tmp_path: Path
) -> None:
    env = clean_env(fresh_env)
    python = str(fresh_env / "bin" / "python")
    cli = str(fresh_env / "bin" / "journeymap")
    location = run(
        [python, "-c", "import journeymap; print(journeymap.__file__)"], tmp_path, env
    ).ok()
    assert Path(location.strip()).resolve().is_relative_to(fresh_env.resolve())

    assert "0.1.0" in run([cli, "--version"], tmp_path, env).ok()
    run([cli, "init", "team"], tmp_path, env).ok()
    team = tmp_path / "team"
    run([cli, "validate", "--strict"], team, env).ok()
    run([python, "-m", "mkdocs", "build"], team, env, timeout=600).ok()

    site = team / "site"
    page = (site / "journeys" / "sign-up" / "index.html").read_text(encoding="utf-8")
    assert 'data-stage="landing"' in page
    installed_templates = Path(location.strip()).parent / "site_templates"
    shipped_css = {p.name for p in installed_templates.rglob("*.css")}
    built_css = {p.name for p in site.rglob("*.css")}
    assert shipped_css, "the wheel ships no stylesheet"
    assert shipped_css <= built_css


def links_to_the_project(venv_root: Path, work: Path) -> tuple[str | None, str]:
    """SARIF's informationUri and the skeleton's first comment, from the installed wheel."""
    env = clean_env(venv_root)
    cli = str(venv_root / "bin" / "journeymap")
    run([cli, "init", "team"], work, env).ok()
    team = work / "team"
    run([cli, "new", "demo"], team, env).ok()
    skeleton = " ".join(
        (team / "journeys" / "demo.yml").read_text(encoding="utf-8").splitlines()[1:3]
    )
    result = run([cli, "validate", "--format", "sarif"], team, env)
    assert result.returncode == 1, result.stderr  # the skeleton's stage has no evidence yet
    driver = json.loads(result.stdout)["runs"][0]["tool"]["driver"]
    return driver.get("informationUri"), skeleton


def test_without_a_published_home_nothing_links_to_one(fresh_env: Path, tmp_path: Path) -> None:
    uri, skeleton = links_to_the_project(fresh_env, tmp_path)
    assert uri is None
    assert skeleton.startswith("# A customer journey. # Put text in quotes")


def test_the_home_address_is_set_in_one_place(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """`Homepage` under [project.urls] in pyproject.toml, and nothing else, gives every
    link to the project its address."""
    wheel = build_wheel(
        tmp_path_factory.mktemp("wheel-home"), f'\n[project.urls]\nHomepage = "{HOME}"\n'
    )
    uri, skeleton = links_to_the_project(install_fresh(wheel, tmp_path_factory), tmp_path)
    assert uri == HOME
    assert skeleton == f"# A customer journey. # Reference: {HOME}"
