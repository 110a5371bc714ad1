"""Failing builds (SPEC "The site", "Command line"): findings fail `mkdocs build` and
`journeymap build` with a message and a non-zero exit, never a traceback, and a failed
`journeymap build` leaves the previous site exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from commands import journeymap, mkdocs
from site_helpers import BETA, STALE, UNVALIDATED, mkdocs_config, tree_digest, write_site


def test_mkdocs_build_fails_on_error_findings_with_file_line_col(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"beta": BETA, "broken": UNVALIDATED})
    result = mkdocs("build", cwd=root)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "journeys/broken.yml:" in result.stderr
    assert "unvalidated-stage" in result.stderr
    line = next(text for text in result.stderr.splitlines() if "unvalidated-stage" in text)
    assert line.split(": ")[0].count(":") >= 2  # file:line:col


def test_warnings_are_counted_by_mkdocs_strict(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"stale": STALE})
    lenient = mkdocs("build", cwd=root)
    assert lenient.returncode == 0, lenient.stderr
    assert "stale-evidence" in lenient.stderr
    strict = mkdocs("build", "--strict", cwd=root)
    assert strict.returncode != 0
    assert "Traceback" not in strict.stderr


def test_plugin_strict_option_fails_on_warnings(tmp_path: Path) -> None:
    config = mkdocs_config(plugins=["search", {"journeymap": {"strict": True}}])
    result = mkdocs("build", cwd=write_site(tmp_path, {"stale": STALE}, config))
    assert result.returncode != 0
    assert "stale-evidence" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("journeys", "words"),
    [
        ({}, "journey"),
        ({"bad": "title: [unclosed\n"}, "yaml-syntax"),
        ({"bad": "title: x\nstages: []\n"}, "schema"),
    ],
)
def test_unusable_journeys_fail_cleanly(
    tmp_path: Path, journeys: dict[str, str], words: str
) -> None:
    root = write_site(tmp_path, journeys)
    for result in (mkdocs("build", cwd=root), journeymap("build", cwd=root)):
        assert result.returncode != 0
        assert words in result.stderr
        assert "Traceback" not in result.stderr


def test_missing_journeys_folder_is_a_sentence(tmp_path: Path) -> None:
    config = mkdocs_config(plugins=["search", {"journeymap": {"journeys": "nowhere"}}])
    root = write_site(tmp_path, {}, config)
    built = mkdocs("build", cwd=root)
    assert built.returncode != 0
    assert "nowhere" in built.stderr
    assert "Traceback" not in built.stderr
    ours = journeymap("build", cwd=root)
    assert ours.returncode == 2
    assert "nowhere" in ours.stderr
    assert "Traceback" not in ours.stderr


def test_bad_plugin_option_is_a_configuration_error(tmp_path: Path) -> None:
    config = mkdocs_config(plugins=["search", {"journeymap": {"max_evidence_age_days": "old"}}])
    root = write_site(tmp_path, {"beta": BETA}, config)
    ours = journeymap("build", cwd=root)
    assert ours.returncode == 2
    assert "max_evidence_age_days" in ours.stderr
    assert "Traceback" not in ours.stderr
    built = mkdocs("build", cwd=root)
    assert built.returncode != 0
    assert "Traceback" not in built.stderr


def test_journeymap_build_missing_config_exits_2(tmp_path: Path) -> None:
    result = journeymap("build", "--config", "nope.yml", cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.yml" in result.stderr
    assert "Traceback" not in result.stderr


def test_journeymap_build_swaps_in_a_new_site_and_keeps_the_old_one_on_failure(
    beta_project: Path,
) -> None:
    root = beta_project
    first = journeymap("build", cwd=root)
    assert first.returncode == 0, first.stderr
    site = root / "site"
    before = tree_digest(site)
    assert "journeys/beta/index.html" in before

    (root / "journeys" / "broken.yml").write_text(
        __import__("yaml").safe_dump(UNVALIDATED), encoding="utf-8"
    )
    failed = journeymap("build", cwd=root)
    assert failed.returncode == 1
    assert "unvalidated-stage" in failed.stderr
    assert "previous site is unchanged" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert tree_digest(site) == before
    assert sorted(p.name for p in root.iterdir()) == ["docs", "journeys", "mkdocs.yml", "site"]

    (root / "journeys" / "broken.yml").unlink()
    (root / "docs" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    again = journeymap("build", cwd=root)
    assert again.returncode == 0, again.stderr
    assert (site / "extra" / "index.html").is_file()
    assert sorted(p.name for p in root.iterdir()) == ["docs", "journeys", "mkdocs.yml", "site"]


def test_a_failed_first_build_never_speaks_of_a_previous_site(beta_project: Path) -> None:
    # No site yet (or only the hidden files a build keeps): there is no previous site
    # to be unchanged, so the message says that none was written.
    root = beta_project
    (root / "journeys" / "broken.yml").write_text(
        __import__("yaml").safe_dump(UNVALIDATED), encoding="utf-8"
    )
    for setup in ("none", "hidden only"):
        if setup == "hidden only":
            (root / "site").mkdir()
            (root / "site" / ".nojekyll").write_text("", encoding="utf-8")
        failed = journeymap("build", cwd=root)
        assert failed.returncode == 1 and "unvalidated-stage" in failed.stderr
        assert "previous site" not in failed.stderr, setup
        assert "the site was not built; no site was written (there was none before)." in (
            " ".join(failed.stderr.split())
        ), setup
        assert "Traceback" not in failed.stderr
    assert sorted(p.name for p in (root / "site").iterdir()) == [".nojekyll"]


def test_journeymap_build_strict_and_site_dir(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"stale": STALE})
    lenient = journeymap("build", "--site-dir", "public", cwd=root)
    assert lenient.returncode == 0, lenient.stderr
    assert (root / "public" / "journeys" / "stale" / "index.html").is_file()
    strict = journeymap("build", "--strict", "--site-dir", "public", cwd=root)
    assert strict.returncode == 1
    assert "stale-evidence" in strict.stderr
    assert (root / "public" / "journeys" / "stale" / "index.html").is_file()


def test_a_broken_template_override_is_a_message(tmp_path: Path) -> None:
    config = mkdocs_config(plugins=["search", {"journeymap": {"templates": "ours"}}])
    root = write_site(tmp_path, {"beta": BETA}, config)
    (root / "ours").mkdir()
    (root / "ours" / "journey.html").write_text("{{ journey.nope.deeper }}", encoding="utf-8")
    result = mkdocs("build", cwd=root)
    assert result.returncode != 0
    assert "journey.html" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("site_dir", [".", "journeys", "docs", "docs/site", ".."])
def test_build_refuses_a_site_dir_that_would_replace_the_project(
    beta_project: Path, site_dir: str
) -> None:
    root = beta_project
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    result = journeymap("build", "--site-dir", site_dir, cwd=root)
    assert result.returncode == 2, result.stderr
    assert "choose" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_build_refuses_to_replace_a_folder_that_is_not_a_site(beta_project: Path) -> None:
    root = beta_project
    (root / "notes").mkdir()
    (root / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    result = journeymap("build", "--site-dir", "notes", cwd=root)
    assert result.returncode == 2
    assert "does not look like a built site" in result.stderr
    assert (root / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert journeymap("build", "--site-dir", "public", cwd=root).returncode == 0
    assert journeymap("build", "--site-dir", "public", cwd=root).returncode == 0
