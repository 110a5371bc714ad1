"""`journeymap generate` loses nothing of the user's (issue 17, "Files lost"): a page
edited by hand is theirs (never removed, never overwritten), no file is written or
removed through a link inside `--out`, and a run killed at any point leaves a folder the
next run brings up to date. Real `journeymap generate` processes, real SIGKILLs."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from commands import JOURNEYMAP, environment, journeymap
from site_helpers import ALPHA, BETA, GAMMA, tree_digest, write_site

MANIFEST = ".journeymap-generated.json"
EDIT = "\n<p>Notes from the design review, written by hand.</p>\n"


def generate(root: Path, out: str = "docs/journeys") -> tuple[int, str]:
    result = journeymap("generate", "--out", out, cwd=root)
    return result.returncode, result.stderr


def project(tmp_path: Path) -> Path:
    return write_site(tmp_path / "project", {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})


def revised(data: dict[str, object]) -> dict[str, object]:
    return {**data, "title": f"{data['title']} (revised)"}


def change(root: Path, journey_id: str) -> None:
    path = root / "journeys" / f"{journey_id}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(revised(data)), encoding="utf-8")


@pytest.mark.parametrize(
    ("edited", "then"),
    [
        ("beta.md", "journey removed"),
        ("beta.md", "journey changed"),
        ("assets/journeymap/journeymap.css", "journey changed"),
    ],
)
def test_a_page_edited_by_hand_is_never_removed_nor_overwritten(
    tmp_path: Path, edited: str, then: str
) -> None:
    root = project(tmp_path)
    out = root / "docs" / "journeys"
    assert generate(root)[0] == 0
    page = out / edited
    page.write_text(page.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    mine = page.read_text(encoding="utf-8")
    if then == "journey removed":
        (root / "journeys" / "beta.yml").unlink()
        code, stderr = generate(root)
        assert code == 0, stderr
        assert "1 removed" not in stderr and "0 removed" in stderr
        assert f"kept {page}" in stderr  # said once, then it is simply the user's
        assert edited not in json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
        code, stderr = generate(root)
        assert code == 0 and "kept" not in stderr, stderr
    else:
        change(root, "beta")
        before = tree_digest(out)
        code, stderr = generate(root)
        assert code == 2, stderr
        assert f"{page}: it was edited since journeymap generate wrote it" in stderr
        assert "Traceback" not in stderr
        assert tree_digest(out) == before  # refused before anything was written
    assert page.read_text(encoding="utf-8") == mine


def test_pages_an_older_manifest_lists_without_digests_are_never_lost(tmp_path: Path) -> None:
    """A manifest written as a plain list (before digests were recorded) cannot prove a
    page unedited: generate neither removes nor overwrites such a page, and says which."""
    root = project(tmp_path)
    out = root / "docs" / "journeys"
    assert generate(root)[0] == 0
    page = out / "beta.md"
    page.write_text(page.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    mine = page.read_bytes()
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    (out / MANIFEST).write_text(json.dumps(sorted(listed)), encoding="utf-8")
    (root / "journeys" / "beta.yml").unlink()
    code, stderr = generate(root)
    assert code == 2, stderr
    assert "without a digest" in stderr and f"{out / 'index.md'}" in stderr
    assert page.read_bytes() == mine
    for line in stderr.splitlines():  # the user deletes what it names, and runs it again
        if line.endswith("an edit by hand cannot be told apart"):
            Path(line.strip().split(": ")[0]).unlink()
    code, stderr = generate(root)
    assert code == 0, stderr
    assert f"kept {page}" in stderr
    assert page.read_bytes() == mine


#: Links inside --out, each where generate would write or remove a file: (the --out,
#: the link below it, where it leads relative to the project).
LINKS = [
    ("docs/research", "journeys", "outside"),  # the issue's: DIR/journeys
    ("docs/research", "assets", "outside"),
    ("docs/journeys", "assets/journeymap", "docs/journeys/mine"),  # a link inside --out
    ("docs/journeys", "alpha.md", "outside/alpha.md"),
]


@pytest.mark.parametrize(("out", "link", "target"), LINKS)
def test_generate_never_writes_through_a_link_inside_out(
    tmp_path: Path, out: str, link: str, target: str
) -> None:
    root = project(tmp_path)
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    if target.endswith(".md"):
        (root / target).write_text("# Someone's page\n", encoding="utf-8")
    else:
        (root / target).mkdir(parents=True)
        (root / target / "readme.txt").write_text("someone's\n", encoding="utf-8")
    path = root / out / link
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.relpath(root / target, path.parent), path)
    before = tree_digest(root)
    code, stderr = generate(root, out)
    assert code == 2, stderr
    assert f"{path}: it is a symbolic link" in stderr
    assert "Traceback" not in stderr
    assert tree_digest(root) == before  # nothing written, here or where the link leads


def test_generate_never_removes_through_a_link_inside_out(tmp_path: Path) -> None:
    """A page listed in the manifest, now reached through a link (the folder replaced by a
    link to another holding the same file): it is not generate's to remove."""
    root = project(tmp_path)
    out = root / "docs" / "research"
    assert generate(root, "docs/research")[0] == 0
    (out / "journeys").rename(out / "archive")
    (out / "journeys").mkdir()
    for name in ("alpha.md", "gamma.md"):
        (out / "archive" / name).rename(out / "journeys" / name)
    os.symlink("archive", out / "old")
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    listed["files"]["old/beta.md"] = listed["files"].pop("journeys/beta.md")
    (out / MANIFEST).write_text(json.dumps(listed), encoding="utf-8")
    kept = (out / "archive" / "beta.md").read_bytes()
    code, stderr = generate(root, "docs/research")
    assert code == 0, stderr
    assert (out / "archive" / "beta.md").read_bytes() == kept
    assert f"kept {out / 'old' / 'beta.md'}" in stderr


# --- Killed at any point ---------------------------------------------------------------

KILLS = 14  # a bounded number of runs killed; each lands in the writing, at random


def portfolio(step: int) -> dict[str, dict[str, object]]:
    """The journeys at a step of a portfolio's life: each step changes, removes and adds
    journeys, so a run writes, rewrites and removes pages, some never listed before."""
    journeys = {f"j{number:02d}": (ALPHA, BETA, GAMMA)[number % 3] for number in range(24)}
    if step % 2:
        journeys = {k: revised(v) for k, v in journeys.items() if int(k[1:]) % 3 != 1}
    journeys.update({f"new{step:02d}-{number}": GAMMA for number in range(6)})
    return journeys


def write_portfolio(root: Path, journeys: dict[str, dict[str, object]]) -> None:
    for path in (root / "journeys").iterdir():
        path.unlink()
    for name, data in journeys.items():
        (root / "journeys" / f"{name}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")


def run_and_kill(root: Path, out: Path, delay: float) -> tuple[int | None, float]:
    """Start `journeymap generate`; once it starts writing (the folder changes: every file
    is written beside its place and renamed into it), let it run `delay` seconds more and
    SIGKILL it. Returns its exit status if it ended first (else None), and how long after
    its first change the folder last changed."""
    mark = out.stat().st_mtime_ns
    process = subprocess.Popen(
        [*JOURNEYMAP, "generate", "--out", "docs/journeys"],
        cwd=root,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while process.poll() is None and out.stat().st_mtime_ns == mark:
        time.sleep(0.0002)
    first = last = time.monotonic()
    while process.poll() is None and time.monotonic() < first + delay:
        if out.stat().st_mtime_ns != mark:
            mark, last = out.stat().st_mtime_ns, time.monotonic()
        time.sleep(0.0002)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        return None, last - first
    return process.returncode, last - first


def test_a_generate_killed_at_any_point_is_brought_up_to_date_by_the_next_run(
    tmp_path: Path,
) -> None:
    """Runs killed while they write, at random points; each portfolio is run twice (the
    second run finds what the killed first left), then the next one; then a run to the end
    must give the pages a fresh run gives, with the user's files as they were."""
    root = write_site(tmp_path / "project", {**portfolio(0), "theirs": BETA})
    out = root / "docs" / "journeys"
    assert generate(root)[0] == 0
    # The user's own: a page of theirs, and a generated page they edited (its journey is
    # then removed for good, so it is theirs to keep).
    (out / "notes.md").write_text("# Our notes\n", encoding="utf-8")
    edited = out / "theirs.md"
    edited.write_text(edited.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    mine = {path: path.read_bytes() for path in (out / "notes.md", edited)}
    write_portfolio(root, portfolio(1))
    ended, window = run_and_kill(root, out, 600)  # how long the writing lasts
    assert ended == 0 and window > 0
    rng = random.Random(17)
    killed = 0
    for number in range(KILLS):
        write_portfolio(root, portfolio(2 + number // 2))
        ended, _ = run_and_kill(root, out, rng.uniform(0, window))
        killed += ended is None
        assert ended in (None, 0), f"run {number} refused the folder an earlier kill left"
    assert killed >= KILLS // 2, "too few runs were killed while writing"

    code, stderr = generate(root)
    assert code == 0, stderr
    for path, data in mine.items():
        assert path.read_bytes() == data
    fresh = write_site(tmp_path / "fresh", {})
    shutil.rmtree(fresh / "journeys")
    shutil.copytree(root / "journeys", fresh / "journeys")
    assert generate(fresh)[0] == 0
    expected = tree_digest(fresh / "docs" / "journeys")
    got = tree_digest(out)
    assert {rel for rel in got if rel not in expected} == {"notes.md", "theirs.md"}
    assert {rel: got[rel] for rel in expected} == expected
