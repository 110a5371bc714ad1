"""The baseline across commands: `diff` (its callouts in every format, its gate), the site
(real statuses, the dashboard's known gaps, the gaps page's marks), `mkdocs build` with
the plugin, the preview, `--changed-since`, and the pre-commit hook agreeing with CI.

Real git repositories and real builds; the core in this process where it proves the
behaviour (SPEC v1.2 "Baseline").
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest
from commands import environment, journeymap, path_with, run
from diff_helpers import Shown, folder_diff, git_diff, journeymap_here
from git_helpers import RECENT, TWO_GAPS, VALIDATED, commit_all, git, init_repo, write
from journey_helpers import REAL_TODAY
from site_helpers import Serving, build, soup

TODAY = REAL_TODAY.isoformat()
CONFIG = "site_name: t\nplugins:\n  - search\n  - journeymap\n"
EVIDENCE = f"""    evidence:
      - {{kind: survey, summary: s, source: s, date: {RECENT}, stance: supports}}
"""


def baseline_line(journey: str, stage: str, day: str = TODAY) -> str:
    return f"- {{journey: {journey}, stage: {stage}, code: unvalidated-stage, since: {day}}}\n"


def main_with_known_gaps(tmp_path: Path) -> Path:
    """main: old.yml with two unvalidated stages, both in the baseline; fine.yml fine."""
    root = init_repo(tmp_path / "repo")
    write(root, "mkdocs.yml", CONFIG)
    write(root, "docs/about.md", "# About\n")
    write(root, "journeys/old.yml", TWO_GAPS)
    write(root, "journeys/fine.yml", VALIDATED)
    assert journeymap_here("validate", "--write-baseline", cwd=root).returncode == 0
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    return root


# --- diff ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("git_environment")
def test_diff_calls_out_known_gaps_a_change_adds_in_every_format(tmp_path: Path) -> None:
    root = main_with_known_gaps(tmp_path)
    write(root, "journeys/new.yml", TWO_GAPS.replace("Old", "New"))
    assert git_diff(root).failed  # a new gap fails the gate...
    assert journeymap_here("validate", "--write-baseline", "--grow", cwd=root).returncode == 0
    diff = git_diff(root)
    assert not diff.failed  # ...unless the baseline takes it, which the diff calls out
    shown = Shown.of(diff)
    headline = "This change adds 2 known gaps to the baseline journeymap-baseline.yml"
    lines = shown.text.splitlines()
    assert lines.index(next(line for line in lines if line.startswith(headline))) < 6
    assert "unvalidated-stage at new/a and unvalidated-stage at new/b" in shown.text
    top = shown.markdown.split("####", 1)[0]
    assert "> ⚠️ **This change adds 2 known gaps to the baseline" in top
    assert shown.json["baseline_changes"]["added"] == [
        {"journey": "new", "stage": "a", "code": "unvalidated-stage", "since": TODAY},
        {"journey": "new", "stage": "b", "code": "unvalidated-stage", "since": TODAY},
    ]
    assert shown.json["summary"]["known_gaps_added"] == 2
    assert shown.json["summary"]["new_failures"] == 0
    code, out, _ = journeymap_here("diff", "--base", "main", cwd=root)
    assert code == 0 and headline in out


@pytest.mark.usefixtures("git_environment")
def test_diff_tells_known_gaps_removed_as_progress(tmp_path: Path) -> None:
    root = main_with_known_gaps(tmp_path)
    write(
        root,
        "journeys/old.yml",
        TWO_GAPS.replace("    assumption: y\n", "    assumption: y\n" + EVIDENCE),
    )
    assert journeymap_here("validate", "--write-baseline", cwd=root).returncode == 0
    shown = Shown.of(git_diff(root))
    progress = "Progress: this change removes 1 known gap from the baseline"
    assert progress in shown.text and progress in shown.markdown
    assert "adds" not in shown.text.split("journeys/", 1)[0].split("baseline")[0]
    assert shown.json["baseline_changes"]["removed"] == [
        {"journey": "old", "stage": "b", "code": "unvalidated-stage", "since": TODAY}
    ]
    assert shown.json["baseline_changes"]["added"] == []
    assert shown.json["summary"]["known_gaps_removed"] == 1


@pytest.mark.usefixtures("git_environment")
def test_an_untouched_baseline_is_no_change_and_known_gaps_never_fail_the_gate(
    tmp_path: Path,
) -> None:
    root = main_with_known_gaps(tmp_path)
    write(root, "journeys/fine.yml", VALIDATED.replace("title: A", "title: A again"))
    diff = git_diff(root)
    assert not diff.failed
    shown = Shown.of(diff)
    assert "known gap" not in shown.text and "known gap" not in shown.markdown
    assert shown.json["baseline_changes"] == {
        "file": "journeymap-baseline.yml",
        "added": [],
        "removed": [],
    }
    # a change that touches a known gap's stage (a new assumption) still passes the gate
    write(root, "journeys/old.yml", TWO_GAPS.replace("assumption: x", "assumption: z"))
    assert not git_diff(root).failed


def test_a_base_folder_is_compared_too_and_journey_text_is_escaped(tmp_path: Path) -> None:
    base = tmp_path / "base"
    head = tmp_path / "head"
    for root in (base, head):
        write(root, "mkdocs.yml", CONFIG)
        write(root, "journeys/old.yml", TWO_GAPS)
    write(head, "journeymap-baseline.yml", baseline_line("old", "'a'").replace("'a'", "a"))
    shown = Shown.of(folder_diff(head, base))
    assert "This change adds 1 known gap to the baseline" in shown.text
    assert shown.json["summary"]["known_gaps_added"] == 1
    # what the file names is data: Markdown shows it literally, never as markup
    write(
        head,
        "journeymap-baseline.yml",
        baseline_line("old", "a")
        + baseline_line("x_y", "'a*b'")
        + "- {journey: '<b>@me', code: schema, since: 2026-01-05}\n",
    )
    markdown = Shown.of(folder_diff(head, base)).markdown
    assert "x\\_y\\/a\\*b" in markdown
    assert "<b>" not in markdown and "\\<b\\>" in markdown and "@me" not in markdown


# --- the site ------------------------------------------------------------------------------


@pytest.mark.usefixtures("git_environment")
def test_the_site_shows_known_gaps_with_their_real_status_and_counts_them(
    tmp_path: Path,
) -> None:
    root = main_with_known_gaps(tmp_path)
    site = build(root)  # a real `mkdocs build` with the plugin: the known gaps fail nothing
    page = soup(site / "journeys" / "old" / "index.html")
    assert {(e["data-stage"], e["data-status"]) for e in page.select(".jm-stage")} == {
        ("a", "unvalidated"),
        ("b", "unvalidated"),
    }
    marks = page.select(".jm-stage .jm-known")
    assert [m["data-known"] for m in marks] == [TODAY, TODAY]
    assert f"Known gap since {TODAY} (baseline)" in marks[0].get_text()
    dashboard = soup(site / "index.html")
    figure = dashboard.select_one('[data-figure="known-gaps"]')
    assert figure is not None and figure.get_text() == "2"
    assert "known gaps in the baseline" in figure.parent.get_text()
    gaps = soup(site / "gaps" / "index.html")
    rows = gaps.select('.jm-gap-journey[data-journey="old"] tr[data-stage]')
    assert [(r["data-stage"], r["data-status"], r.get("data-known")) for r in rows] == [
        ("a", "unvalidated", TODAY),
        ("b", "unvalidated", TODAY),
    ]
    assert all(f"Known gap since {TODAY} (baseline)" in r.get_text() for r in rows)
    # one gap closed: the count follows; a new gap fails the build as before
    write(
        root,
        "journeys/old.yml",
        TWO_GAPS.replace("    assumption: y\n", "    assumption: y\n" + EVIDENCE),
    )
    site = build(root)
    figure = soup(site / "index.html").select_one('[data-figure="known-gaps"]')
    assert figure is not None and figure.get_text() == "1"
    write(root, "journeys/new.yml", TWO_GAPS.replace("Old", "New"))
    ran = journeymap("build", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert ran.returncode == 1 and "new.yml" in ran.stderr
    preview = journeymap("build", "--preview", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert preview.returncode == 0
    lede = soup(tmp_path / "out" / "index.html").get_text(" ")
    assert "2 errors" in " ".join(lede.split())


def test_a_site_without_a_baseline_shows_no_known_gaps(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", CONFIG)
    write(tmp_path, "docs/about.md", "# About\n")
    write(tmp_path, "journeys/fine.yml", VALIDATED)
    site = build(tmp_path)
    assert soup(site / "index.html").select_one('[data-figure="known-gaps"]') is None


# --- --changed-since and --format github ---------------------------------------------------


@pytest.mark.usefixtures("git_environment")
def test_changed_since_fails_on_new_gaps_only(tmp_path: Path) -> None:
    root = main_with_known_gaps(tmp_path)
    write(root, "journeys/old.yml", TWO_GAPS.replace("title: Old", "title: Older"))
    ran = journeymap_here("validate", "--changed-since", "main", "--format", "json", cwd=root)
    assert ran.returncode == 0
    assert {f["severity"] for f in json.loads(ran.stdout)["findings"]} == {"info"}
    write(root, "journeys/old.yml", TWO_GAPS + "  - id: c\n    title: C\n    assumption: z\n")
    ran = journeymap_here("validate", "--changed-since", "main", cwd=root)
    assert ran.returncode == 1 and "error unvalidated-stage Stage 'c'" in ran.stdout


@pytest.mark.usefixtures("git_environment")
def test_github_format_shows_warnings_and_up_by_default_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    root = main_with_known_gaps(tmp_path)
    write(root, "journeys/old.yml", TWO_GAPS.replace("title: Old", "title: Older"))
    metric = VALIDATED.replace("kind: survey", "kind: metric")
    write(root, "journeys/fine.yml", metric)
    args = ("validate", "--changed-since", "main", "--format", "github")
    ran = journeymap_here(*args, cwd=root)
    assert ran.returncode == 0
    out = ran.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in out[:-1]] == ["::warning"]
    assert out[-1].endswith("2 findings below warning left out (--min-severity info shows them).")
    shown = journeymap_here(*args, "--min-severity", "info", cwd=root).stdout.splitlines()
    assert sorted(line.split(" ", 1)[0] for line in shown[:-1]) == [
        "::notice",
        "::notice",
        "::warning",
    ]
    assert "left out" not in shown[-1]
    # other formats still show every finding by default
    assert (
        journeymap_here("validate", "--changed-since", "main", cwd=root).stdout.count(" info ") == 2
    )


# --- the pre-commit hook agrees with CI ----------------------------------------------------


def test_the_hook_reads_the_baseline_so_an_old_gap_blocks_no_commit(tmp_path: Path) -> None:
    assert journeymap("init", "team", cwd=tmp_path).returncode == 0
    team = tmp_path / "team"
    env = environment(PATH=path_with(), PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))

    def commit(message: str) -> subprocess.CompletedProcess[str] | object:
        run(["git", "add", "-A"], team, env)
        return run(["git", "commit", "-q", "-m", message], team, env)

    assert run(["git", "init", "-q", "-b", "main"], team, env).returncode == 0
    installed = run([sys.executable, "-m", "pre_commit", "install"], team, env, timeout=120)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    write(team, "journeys/old.yml", TWO_GAPS)  # an old gap on day one...
    assert journeymap("validate", "--write-baseline", cwd=team).returncode == 0
    first = commit("Adopt journeymap with known gaps")
    assert first.returncode == 0, first.stdout + first.stderr  # ...blocks nothing
    assert "journeymap validate" in first.stdout + first.stderr
    # a commit touching another journey passes the hook, as the gate passes it
    journey = team / "journeys" / "sign-up.yml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("Sign up", "Sign up now"))
    second = commit("Retitle")
    assert second.returncode == 0, second.stdout + second.stderr
    assert run(["git", "rev-list", "--count", "HEAD"], team, env).stdout.strip() == "2"
    # a new gap is blocked by the hook, as the gate fails it
    write(team, "journeys/new.yml", TWO_GAPS.replace("Old", "New"))
    third = commit("A new journey without evidence")
    assert third.returncode != 0
    assert "journeys/new.yml:3:5: error unvalidated-stage" in third.stdout + third.stderr
    # an edit of the baseline alone runs the hook too (a broken one is stopped)
    (team / "journeys" / "new.yml").unlink()
    (team / "journeymap-baseline.yml").write_text("- [\n", encoding="utf-8")
    fourth = commit("Break the baseline")
    assert fourth.returncode != 0
    assert "the baseline journeymap-baseline.yml:1 is not a list" in fourth.stdout + fourth.stderr


# --- the live preview ----------------------------------------------------------------------


def test_serve_rebuilds_when_the_baseline_changes_and_shows_a_broken_one(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write(root, "mkdocs.yml", CONFIG)
    write(root, "docs/about.md", "# About\n")
    write(root, "journeys/old.yml", TWO_GAPS)
    with Serving(root) as server:
        server.wait_for("", "Customer journeys", error_pages=False, absent="known gaps in")
        write(root, "journeymap-baseline.yml", baseline_line("old", "a"))
        server.wait_for("", "known gap in the baseline", error_pages=False)
        server.wait_for("gaps/", f'data-known="{TODAY}"', error_pages=False)
        write(root, "journeymap-baseline.yml", "- [\n")
        page = server.wait_for("", "the preview could not be rebuilt")
        assert "is not a list of known gaps" in html.unescape(page)
        write(
            root, "journeymap-baseline.yml", baseline_line("old", "a") + baseline_line("old", "b")
        )
        server.wait_for("", "known gaps in the baseline", absent="could not be rebuilt")
    assert "Traceback" not in server.errors
