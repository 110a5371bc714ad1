"""The `journeymap` command as users run it: exit codes, help, formats, config, new, schema."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from commands import JOURNEYMAP, environment, journeymap, mkdocs
from journey_helpers import write_journey
from journeymap.cli import main
from repo_paths import REPO

GOOD = (
    "title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n"
    "      - {kind: survey, summary: s, source: s, date: 2026-10-01, stance: supports}\n"
)
WARNING = GOOD.replace("kind: survey", "kind: metric")


def test_exit_status_0_1_and_2(tmp_path: Path) -> None:
    write_journey(tmp_path, "ok.yml", GOOD)
    assert journeymap("validate", cwd=tmp_path).returncode == 0
    write_journey(tmp_path, "warn.yml", WARNING)
    assert journeymap("validate", cwd=tmp_path).returncode == 0
    assert journeymap("validate", "--strict", cwd=tmp_path).returncode == 1
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - journeymap:\n      strict: true\n")
    assert journeymap("validate", cwd=tmp_path).returncode == 1
    code, _, err = journeymap("validate", "--format", "xml", cwd=tmp_path)
    assert code == 2 and "xml" in err


@pytest.mark.parametrize(
    ("args", "setup", "expected"),
    [
        (["validate", "missing.yml"], None, "missing.yml: no such file or folder"),
        (["validate"], None, "the journeys folder journeys does not exist"),
        (["validate", "--config", "nope.yml"], None, "nope.yml: no such configuration file"),
        (["validate"], "plugins: [search, {journeymap: {jorneys: x}}]", "did you mean 'journeys'?"),
        (
            ["validate"],
            "plugins:\n  - journeymap:\n      max_evidence_age_days: soon\n",
            "max_evidence_age_days",
        ),
        (["validate"], "plugins: [\n", "mkdocs.yml:2:1"),
        (["new", "Bad Id"], None, "not a valid journey id"),
        (["validate"], "a: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        (
            ["validate"],
            "plugins:\n  - journeymap:\n      templates: nowhere\n",
            "'nowhere', which is not a folder",
        ),
        (
            ["validate"],
            "plugins:\n  - journeymap:\n      journeys: mkdocs.yml\n",
            "is a file, not a folder",
        ),
    ],
)
def test_usage_and_configuration_errors_exit_2_without_traceback(
    tmp_path: Path, args: list[str], setup: str | None, expected: str
) -> None:
    if setup is not None:
        (tmp_path / "mkdocs.yml").write_text(setup)
    code, out, err = journeymap(*args, cwd=tmp_path)
    assert code == 2, (out, err)
    assert expected in err
    assert "Traceback" not in out + err


def test_empty_journeys_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "journeys").mkdir()
    code, _, err = journeymap("validate", cwd=tmp_path)
    assert code == 2 and "no journey files" in err


def test_config_reads_mkdocs_tags_without_running_them(tmp_path: Path) -> None:
    write_journey(tmp_path, "ok.yml", GOOD)
    (tmp_path / "site.yml").write_text(
        "site_name: !ENV [SITE_NAME, x]\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - journeymap:\n      journeys: !ENV [JOURNEYS_DIR, journeys]\n"
    )
    code, out, _ = journeymap("validate", "-c", "site.yml", cwd=tmp_path)
    assert code == 0, out
    assert "1 journey" in out


def test_paths_are_shown_as_given(tmp_path: Path) -> None:
    path = write_journey(
        tmp_path, "billing.yml", GOOD.replace("    evidence:\n", "    x: 1\n    evidence:\n")
    )
    code, out, _ = journeymap("validate", "journeys/billing.yml", "--format", "json", cwd=tmp_path)
    assert code == 1
    assert json.loads(out)["findings"][0]["file"] == "journeys/billing.yml"
    code, out, _ = journeymap("validate", str(path.parent), "-f", "json", cwd=tmp_path)
    assert json.loads(out)["findings"][0]["file"] == f"{path.parent.as_posix()}/billing.yml"


def test_github_format_is_the_default_in_github_actions(tmp_path: Path) -> None:
    write_journey(tmp_path, "w.yml", WARNING)
    _, out, _ = journeymap("validate", cwd=tmp_path, env=environment(GITHUB_ACTIONS="true"))
    assert out.startswith(
        "::warning file=journeys/w.yml,line=3,col=5,title=journeymap metrics-only::"
    )


def test_no_colour_when_not_a_terminal(tmp_path: Path) -> None:
    write_journey(tmp_path, "w.yml", WARNING)
    _, out, _ = journeymap("validate", cwd=tmp_path, env=environment(NO_COLOR=""))
    assert "\x1b[" not in out


def test_help_on_every_command_and_version(cli_runner: CliRunner) -> None:
    for command in main.list_commands(None):  # type: ignore[arg-type]
        result = cli_runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage: main" in result.output or "Usage:" in result.output
    help_text = cli_runner.invoke(main, ["validate", "--help"]).output
    assert "unvalidated-stage" in help_text and "Exit status" in help_text
    assert cli_runner.invoke(main, ["--version"]).output.startswith("journeymap, version ")


def test_new_writes_a_skeleton_with_exactly_one_unvalidated_stage_error(tmp_path: Path) -> None:
    code, out, _ = journeymap("new", "first-invoice", cwd=tmp_path)
    assert code == 0 and "journeys/first-invoice.yml" in out
    text = (tmp_path / "journeys" / "first-invoice.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../journey.schema.json\n")
    code, out, _ = journeymap("validate", "-f", "json", cwd=tmp_path)
    findings = json.loads(out)["findings"]
    assert code == 1
    assert [(f["code"], f["severity"]) for f in findings] == [("unvalidated-stage", "error")]
    assert "talk to customers" in findings[0]["message"]
    code, _, err = journeymap("new", "first-invoice", cwd=tmp_path)
    assert code == 2 and "already exists" in err
    assert (tmp_path / "journeys" / "first-invoice.yml").read_text() == text


def test_new_uses_the_configured_folder(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - journeymap:\n      journeys: maps/cx\n")
    assert journeymap("new", "billing", cwd=tmp_path).returncode == 0
    text = (tmp_path / "maps" / "cx" / "billing.yml").read_text()
    assert "$schema=../../journey.schema.json" in text


def test_schema_command_matches_the_committed_schema(cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    committed = (REPO / "journey.schema.json").read_text(encoding="utf-8")
    assert result.output == committed, "run: journeymap schema > journey.schema.json"
    schema = json.loads(committed)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["properties"]["title"]["description"]
    assert "$defs" not in json.dumps(schema)


def test_example_journeys_validate_strict_against_cli_and_schema() -> None:
    import jsonschema
    import yaml

    journeys = sorted((REPO / "journeys").glob("*.yml"))
    assert len(journeys) >= 3
    validator = jsonschema.Draft7Validator(json.loads((REPO / "journey.schema.json").read_text()))
    for path in journeys:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../journey.schema.json\n"), path
        data = yaml.safe_load(text)
        # editors see unquoted dates as strings (YAML 1.2); so does this check
        data = json.loads(json.dumps(data, default=str))
        assert list(validator.iter_errors(data)) == [], path
    code, out, err = journeymap("validate", "--strict", "-f", "json", cwd=REPO)
    assert code == 0, out + err
    summary = json.loads(out)["summary"]
    assert summary["errors"] == summary["warnings"] == 0
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert codes == {"assumption-contested", "assumption-contradicted"}


def test_an_output_error_is_a_sentence_not_a_bug_report(tmp_path: Path) -> None:
    write_journey(tmp_path, "ok.yml", GOOD)
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*JOURNEYMAP, "schema"],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
    assert result.returncode == 2
    assert "No space left on device" in result.stderr
    assert "bug" not in result.stderr and "Traceback" not in result.stderr


def test_file_names_that_need_escaping_stay_valid_in_json_and_sarif(tmp_path: Path) -> None:
    write_journey(tmp_path, "a b.yml", GOOD.replace("title: T", "title: T\ncolour: x"))
    code, out, _ = journeymap("validate", "-f", "sarif", cwd=tmp_path)
    assert code == 1
    location = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "journeys/a%20b.yml"
    code, out, _ = journeymap("validate", "-f", "json", cwd=tmp_path)
    out.encode("ascii")
    assert json.loads(out)["findings"][0]["file"] == "journeys/a b.yml"


def test_min_severity_hides_output_but_never_a_failure(
    tmp_path: Path, cli_runner: CliRunner
) -> None:
    write_journey(tmp_path, "w.yml", WARNING)
    code, out, _ = journeymap("validate", "--strict", "--min-severity", "error", cwd=tmp_path)
    assert code == 1, out
    assert "metrics-only" not in out
    assert "1 warning (not shown)" in out and "Fails (strict: warnings fail too)." in out
    code, out, _ = journeymap("validate", "--min-severity", "warning", "-f", "github", cwd=tmp_path)
    assert code == 0 and out.startswith("::warning file=journeys/w.yml,line=3,col=5,")
    code, _, err = journeymap("validate", "--min-severity", "notice", cwd=tmp_path)
    assert code == 2 and "notice" in err
    help_text = cli_runner.invoke(main, ["validate", "--help"]).output
    assert "--min-severity" in help_text and "still fails the run" in " ".join(help_text.split())


def test_every_finding_code_is_in_validate_help(cli_runner: CliRunner) -> None:
    from journeymap.check.rules import RULES

    help_text = cli_runner.invoke(main, ["validate", "--help"]).output
    for code, doc in RULES.items():
        assert code in help_text and doc.severity.value in help_text


def test_validate_checks_the_rest_when_an_entry_cannot_be_read(tmp_path: Path) -> None:
    write_journey(tmp_path, "ok.yml", GOOD)
    (tmp_path / "journeys" / "loop.yml").symlink_to("loop.yml")
    code, out, err = journeymap("validate", "-f", "json", cwd=tmp_path)
    assert code == 1, err
    data = json.loads(out)
    assert [(f["file"], f["code"], f["line"]) for f in data["findings"]] == [
        ("journeys/loop.yml", "yaml-syntax", None)
    ]
    assert [j["id"] for j in data["journeys"]] == ["ok"]
    assert "Traceback" not in err


def test_validate_says_when_the_default_policy_applies(tmp_path: Path) -> None:
    """No mkdocs.yml, or one without the plugin: a note says so (the policy may differ from
    what the site build uses); a misspelt plugin name is a configuration error."""
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "a.yml").write_text(
        "title: A\nstages:\n  - id: one\n    title: One\n    assumption: x\n"
        "    waiver: {reason: r, approved_by: b, until: 2099-01-01}\n"
    )
    code, _, err = journeymap("validate", cwd=tmp_path)
    assert code == 0 and err == ""  # no site at all: the defaults, silently
    nested = tmp_path / "journeys"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n")
    code, _, err = journeymap("validate", cwd=nested)
    assert code == 2 and f"there is no mkdocs.yml in this folder (there is one in {tmp_path}" in err
    code, _, err = journeymap("validate", cwd=tmp_path)
    assert code == 0 and "mkdocs.yml lists no journeymap plugin; using the default policy" in err
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search, journeymapp]\n")
    code, _, err = journeymap("validate", cwd=tmp_path)
    assert code == 2 and "did you mean 'journeymap'" in err and "Traceback" not in err
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search, journeymap]\n")
    code, _, err = journeymap("validate", cwd=tmp_path)
    assert code == 0 and "note:" not in err


def test_plugin_options_beside_the_plugin_name_are_a_configuration_error(
    tmp_path: Path,
) -> None:
    """`- journeymap:` with its options at the same indent is one item of three keys: MkDocs
    refuses it, so the gate must not quietly use the default policy instead."""
    write_journey(tmp_path, "ok.yml", GOOD)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - search\n  - journeymap:\n    strict: true\n"
    )
    for args in (["validate"], ["diff", "--base-dir", "."], ["generate", "--out", "out"]):
        code, out, err = journeymap(*args, cwd=tmp_path)
        assert code == 2, (args, out, err)
        assert "an item under plugins holds 'journeymap', 'strict'" in err
        assert "indent them" in err and "Traceback" not in err
    # the same slip with plugins written as a mapping
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  search: {}\n  journeymap:\n  strict: true\n"
    )
    for args in (["validate"], ["new", "other"], ["build"]):
        code, out, err = journeymap(*args, cwd=tmp_path)
        assert code == 2, (args, out, err)
        assert "plugins lists 'strict' beside 'journeymap'" in err, err


def test_mkdocs_yaml_is_the_configuration_when_there_is_no_mkdocs_yml(tmp_path: Path) -> None:
    """MkDocs reads ./mkdocs.yaml when there is no ./mkdocs.yml: so does every command."""
    write_journey(tmp_path, "a.yml", WARNING)
    (tmp_path / "mkdocs.yaml").write_text(
        "site_name: x\nplugins:\n  - journeymap:\n      strict: true\n"
    )
    code, out, err = journeymap("validate", cwd=tmp_path)
    assert code == 1 and "note:" not in err, (out, err)  # a warning fails: strict
    assert "Fails (strict: warnings fail too)" in out
    (tmp_path / "mkdocs.yml").symlink_to("gone.yml")  # MkDocs opens it, fails, goes on
    code, out, err = journeymap("validate", cwd=tmp_path)
    assert code == 1 and "Fails (strict: warnings fail too)" in out, (out, err)


def test_links_that_loop_or_lead_nowhere_are_sentences(tmp_path: Path) -> None:
    """A symbolic link loop where a folder is expected (the journeys folder, --site-dir,
    --out) is a sentence naming it, never `internal error: RuntimeError`."""
    write_journey(tmp_path, "ok.yml", GOOD)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - journeymap\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "L").symlink_to("L")
    code, _, err = journeymap("build", "--site-dir", "L", cwd=tmp_path)
    assert code == 2 and "is a symbolic link that loops back on itself" in err, err
    code, _, err = journeymap("generate", "--out", "L/sub", cwd=tmp_path)
    assert code == 2 and "L is a symbolic link that loops back on itself" in err, err
    ran = mkdocs("build", "-d", "L", cwd=tmp_path)
    assert ran.returncode != 0 and "Traceback" not in ran.stderr
    assert "L is a symbolic link that loops back on itself" in ran.stderr
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - journeymap:\n      journeys: L\n"
    )
    code, _, err = journeymap("validate", cwd=tmp_path)
    assert code == 2 and "the journeys folder L (set by mkdocs.yml) is a symbolic link" in err
    code, _, err = journeymap("new", "x", cwd=tmp_path)
    assert code == 2 and "L is a symbolic link that loops back on itself" in err, err
    ran = mkdocs("build", cwd=tmp_path)
    assert ran.returncode != 0 and "Traceback" not in ran.stderr
    assert "is a symbolic link that loops back on itself" in ran.stderr
    (tmp_path / "gone").symlink_to("nowhere/x")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - journeymap:\n      journeys: gone\n"
    )
    code, _, err = journeymap("validate", cwd=tmp_path)
    assert code == 2 and "the journeys folder gone (set by mkdocs.yml) leads to nowhere/x" in err


def test_new_shows_every_field_of_the_format_commented(tmp_path: Path) -> None:
    # The skeleton is where a team learns the format: every key a journey, a stage, an
    # evidence item and a waiver can hold is there (commented where it is optional), at
    # its own depth, so none is discovered only in FORMAT.md.
    from journeymap.journey.model import Evidence, Journey, Stage, Waiver

    assert journeymap("new", "billing", cwd=tmp_path).returncode == 0
    lines = (tmp_path / "journeys" / "billing.yml").read_text().splitlines()

    def keys_at(indent: int) -> set[str]:
        found = set()
        for line in lines:
            uncommented = re.sub(r"^( *)# ?", r"\1", line)
            match = re.fullmatch(r"( *)(- )?([a-z_]+):(?: .*)?", uncommented)
            if match and len(match.group(1)) == indent:
                found.add(match.group(3))
        return found

    assert set(Journey.model_fields) <= keys_at(0)
    assert set(Stage.model_fields) <= keys_at(2) | keys_at(4)
    assert set(Evidence.model_fields) <= keys_at(6) | keys_at(8)
    assert set(Waiver.model_fields) <= keys_at(6)
    assert "# id: billing" in lines
