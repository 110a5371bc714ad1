"""The site is never lost and a build never leaves a mess (issue 9; SPEC "Command line":
`build` never leaves a half-built site behind): killed and terminated builds, builds at
once, and site folders that cannot be renamed (mount points, a read-only project).
Real `journeymap build` processes, real signals, real mounts (in a private mount
namespace), real `dot`; a `dot` that hangs holds a build still while it is signalled."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from commands import JOURNEYMAP, environment, journeymap, path_with, require_tool, unavailable
from fake_renderers import fake_dot, kill_marked, marked_processes
from site_helpers import ALPHA, BETA, UNVALIDATED, tree_digest, write_site

PROJECT = ["docs", "journeys", "mkdocs.yml", "site"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project whose site was built once, and its diagram cache."""
    require_tool("dot")
    folder = tmp_path_factory.mktemp("built")
    root = write_site(folder / "project", {"alpha": ALPHA, "beta": BETA})
    result = journeymap("build", cwd=root, env=environment(JOURNEYMAP_CACHE_DIR=str(folder)))
    assert result.returncode == 0, result.stderr
    return root, folder


@pytest.fixture
def project(built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built project, for a test to do anything with."""
    template, cache = built
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(cache))
    return Path(shutil.copytree(template, tmp_path / "project", symlinks=True))


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def leftovers(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir() if path.name.startswith(".site"))


def start_hanging_build(root: Path, tmp_path: Path, mark: str) -> subprocess.Popen[str]:
    """`journeymap build` held still inside its build by a `dot` that hangs (a new journey
    and an empty cache make it render); returns once it is there."""
    (root / "journeys" / "gamma.yml").write_text(
        (root / "journeys" / "beta.yml").read_text().replace("Beta", "Gamma")
    )
    (tmp_path / "tmp").mkdir()
    env = environment(
        PATH=path_with(fake_dot(tmp_path, "hangs", mark)),
        JOURNEYMAP_CACHE_DIR=str(tmp_path / "empty-cache"),
        TMPDIR=str(tmp_path / "tmp"),
    )
    process = subprocess.Popen(
        [*JOURNEYMAP, "build"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_until(lambda: bool(leftovers(root)) and bool(marked_processes(mark))), (
        "the build never reached the renderer"
    )
    return process


def test_a_killed_build_leaves_a_mess_that_the_next_build_clears(
    project: Path, tmp_path: Path, mark: str
) -> None:
    before = tree_digest(project / "site")
    process = start_hanging_build(project, tmp_path, mark)
    process.kill()  # SIGKILL: nothing can clean up
    process.communicate(timeout=30)
    assert any(name.startswith(".site.building-") for name in leftovers(project))
    kill_marked(mark)  # the renderer it started outlives a SIGKILL (a real one ends soon)
    assert tree_digest(project / "site") == before

    again = journeymap("build", cwd=project)

    assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in project.iterdir()) == PROJECT
    assert (project / "site" / "journeys" / "gamma" / "index.html").is_file()


def test_sigterm_stops_a_build_and_cleans_up_after_it(
    project: Path, tmp_path: Path, mark: str
) -> None:
    before = tree_digest(project / "site")
    process = start_hanging_build(project, tmp_path, mark)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    assert sorted(path.name for path in project.iterdir()) == PROJECT
    assert tree_digest(project / "site") == before
    assert marked_processes(mark) == []
    assert list((tmp_path / "tmp").iterdir()) == []  # the renderer's scratch folder too


def test_a_site_moved_aside_by_an_interrupted_swap_comes_back(project: Path) -> None:
    """A kill between the swap's two renames leaves the site under `.site.old-…`."""
    before = tree_digest(project / "site")
    (project / "site").rename(project / ".site.old-k1ll3d_x")
    (project / "journeys" / "broken.yml").write_text(yaml.safe_dump(UNVALIDATED))
    failed = journeymap("build", cwd=project)
    assert failed.returncode == 1
    assert "previous site is unchanged" in failed.stderr
    assert sorted(path.name for path in project.iterdir()) == PROJECT
    assert tree_digest(project / "site") == before


def test_only_our_own_leftovers_are_removed(project: Path) -> None:
    others = [
        project / ".public.building-abcd1234",  # another site's build, maybe running
        project / ".site.building-notours",  # not a name we make
        project / ".site.old-abcd1234.txt",
    ]
    for path in others:
        path.mkdir()
    (project / ".site.building-abcd1234").mkdir()  # ours, left by a killed build
    assert journeymap("build", cwd=project).returncode == 0
    assert sorted(path.name for path in project.iterdir()) == sorted(
        PROJECT + [path.name for path in others]
    )


def hold_lock(project: Path) -> int:
    """Take the site's lock the way a running build holds it."""
    descriptor = os.open(project / ".site.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def test_a_build_waits_for_the_one_running_and_says_so(project: Path, tmp_path: Path) -> None:
    descriptor = hold_lock(project)
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [*JOURNEYMAP, "build"],
            cwd=project,
            env=environment(),
            stderr=stderr,
        )
        try:
            assert wait_until(lambda: "Waiting for another journeymap build" in log.read_text())
            time.sleep(0.5)
            assert process.poll() is None, "it did not wait"
            assert leftovers(project) == [".site.lock"]  # it has not started building
        finally:
            os.close(descriptor)
        assert process.wait(timeout=120) == 0, log.read_text()
    assert str(project / "site") in log.read_text()
    assert sorted(path.name for path in project.iterdir()) == PROJECT


def test_builds_at_once_take_turns_and_all_succeed(project: Path, tmp_path: Path) -> None:
    """Three builds wait on a fourth, then race each other as it ends."""
    (project / "journeys" / "gamma.yml").write_text(
        (project / "journeys" / "beta.yml").read_text().replace("Beta", "Gamma")
    )
    env = environment()
    logs = [tmp_path / f"build{number}.log" for number in range(3)]
    descriptor = hold_lock(project)
    try:
        processes = []
        for log in logs:
            with log.open("w") as stderr:
                processes.append(
                    subprocess.Popen([*JOURNEYMAP, "build"], cwd=project, env=env, stderr=stderr)
                )
        assert wait_until(
            lambda: all("Waiting for another journeymap build" in log.read_text() for log in logs)
        ), [log.read_text() for log in logs]
    finally:
        os.close(descriptor)
    for process, log in zip(processes, logs, strict=True):
        assert process.wait(timeout=300) == 0, log.read_text()
    assert sorted(path.name for path in project.iterdir()) == PROJECT
    for name in ("alpha", "beta", "gamma"):
        assert (project / "site" / "journeys" / name / "index.html").is_file()


def test_a_build_that_waited_too_long_says_so(project: Path) -> None:
    descriptor = hold_lock(project)
    try:
        result = journeymap(
            "build", cwd=project, constants={"builders.site_folder.LOCK_TIMEOUT_SECONDS": 1.0}
        )
    finally:
        os.close(descriptor)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(project / ".site.lock") in result.stderr
    assert "let it finish or stop it, then build again" in result.stderr


def test_a_site_dir_that_cannot_be_made_is_a_sentence_with_the_path(project: Path) -> None:
    (project / "notes.txt").write_text("a file, not a folder")
    result = journeymap("build", "--site-dir", "notes.txt/site", cwd=project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert str(project / "notes.txt") in result.stderr
    assert "choose a --site-dir" in result.stderr
    assert (project / "notes.txt").read_text() == "a file, not a folder"


# --- Site folders that cannot be renamed ------------------------------------------------

#: Runs inside a private mount namespace (mounts vanish with it): sets up the scenario,
#: runs `journeymap build`s, and writes what it saw to a JSON file for the test to check.
DRIVER = r"""
import json, os, subprocess, sys
from pathlib import Path

scenario, project, elsewhere, report = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
site = project / "site"

def mount(*args):
    subprocess.run(["mount", *args], check=True)

def build():
    result = subprocess.run(
        [sys.executable, "-m", "journeymap", "build", "-v"],  # -v: where it staged
        cwd=project, capture_output=True, text=True, timeout=300,
    )
    files = sorted(
        str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()
    ) if site.is_dir() else []
    return {"returncode": result.returncode, "stderr": result.stderr, "files": files,
            "project": sorted(path.name for path in project.iterdir())}

if scenario in ("read-only-project", "read-only-project-no-site"):
    mount("--bind", str(project), str(project))
    mount("-o", "remount,ro,bind", str(project))
if scenario in ("bind-mount", "read-only-project"):  # a bind mount: os.path.ismount misses it
    mount("--bind", elsewhere, str(site))
elif scenario != "read-only-project-no-site":
    mount("-t", "tmpfs", "tmpfs", str(site))
if site.is_dir():  # what a gh-pages checkout keeps there, and MkDocs leaves alone
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / ".nojekyll").write_text("")
steps = [build()]
if scenario != "read-only-project-no-site":
    if scenario != "read-only-project":
        (project / "docs" / "extra.md").unlink()  # the next site has one page less
    steps.append(build())
    if scenario != "read-only-project":
        (project / "journeys" / "broken.yml").write_text(sys.argv[5])
        steps.append(build())  # fails: the site must stay as it was
Path(report).write_text(json.dumps(steps))
"""


def mount_namespace(tmp_path: Path) -> list[str]:
    """The command prefix that runs a program in a private mount namespace where it may
    mount: an unprivileged user namespace, or plain `unshare --mount` for root."""
    probe = tmp_path / "probe"
    probe.mkdir()
    for prefix in (["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"]):
        if shutil.which("unshare") is None:
            break
        tried = subprocess.run(
            [*prefix, "mount", "-t", "tmpfs", "tmpfs", str(probe)], capture_output=True
        )
        if tried.returncode == 0:
            return prefix
    unavailable("cannot mount in a private mount namespace here (`unshare -rm` is not allowed)")


@pytest.mark.parametrize(
    "scenario", ["tmpfs-mount", "bind-mount", "read-only-project", "read-only-project-no-site"]
)
def test_a_site_folder_that_cannot_be_renamed_gets_its_contents_replaced(
    tmp_path: Path, diagram_cache: Path, scenario: str
) -> None:
    require_tool("dot")
    prefix = mount_namespace(tmp_path)
    docs = {"about.md": "# About\n", "extra.md": "# Extra\n"}
    root = write_site(tmp_path / "project", {"beta": BETA}, docs=docs)
    if scenario != "read-only-project-no-site":
        (root / "site").mkdir()
    (tmp_path / "elsewhere").mkdir()
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    report = tmp_path / "report.json"
    subprocess.run(
        [
            *prefix,
            sys.executable,
            str(driver),
            scenario,
            str(root),
            str(tmp_path / "elsewhere"),
            str(report),
            yaml.safe_dump(UNVALIDATED),
        ],
        check=True,
        timeout=600,
        env=environment(),
    )
    steps = json.loads(report.read_text())

    if scenario == "read-only-project-no-site":
        (only,) = steps
        assert only["returncode"] == 1
        assert "Traceback" not in only["stderr"]
        assert f"cannot write to {root}" in only["stderr"]
        assert "choose another --site-dir" in only["stderr"]
        assert only["project"] == ["docs", "journeys", "mkdocs.yml"]
        return
    first, second, *failed = steps
    # Built inside the site folder where it is known not to move; else next to it, and
    # copied in when the rename fails (a bind mount looks like a plain folder).
    staged = "/site/.journeymap-building-" if scenario != "bind-mount" else "/.site.building-"
    for step in (first, second):
        assert step["returncode"] == 0, step["stderr"]
        assert staged in step["stderr"]
        assert "journeys/beta/index.html" in step["files"]
        assert not any(name.startswith(".journeymap-") for name in step["files"])
        assert {".git/HEAD", ".nojekyll"} <= set(step["files"])  # hidden files are kept
        assert step["project"] == PROJECT
    if scenario == "read-only-project":
        return
    assert "extra/index.html" in first["files"]
    assert "extra/index.html" not in second["files"]  # what the new site lacks goes
    (broken,) = failed
    assert broken["returncode"] == 1
    assert "previous site is unchanged" in broken["stderr"]
    assert broken["files"] == second["files"]
