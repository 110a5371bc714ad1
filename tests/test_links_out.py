"""Nothing is read from outside the project: a journey file that is a symbolic link out
of it is one finding that names the link, on every command and on both sides of a diff;
links inside it work as before.

The project is the git work tree (or, without git, the folder of mkdocs.yml). What a
link out of it points to is, here, a file holding a token and a key name that must never
appear in any output: findings, the preview, generated pages, a diff.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from commands import journeymap
from git_helpers import RECENT, commit_all, diff_json, git, init_repo, write
from journey_helpers import settings_for
from journeymap.check.pipeline import check
from journeymap.config.settings import load_settings
from journeymap.errors import UsageError
from site_helpers import BETA, Serving, write_site

# What an attacker's link points to: every one of these words is in the outside file only.
SECRET = "id: ghp_SECRETTOKEN123\nAPI_KEY: hunter2-PRIVATE\ntitle: Top secret plans\nstages: []\n"
LEAKS = ("SECRETTOKEN", "API_KEY", "hunter2", "PRIVATE", "Top secret")
PLACE = "elsewhere"  # the outside folder's name: where a link out leads is never shown
FINE = (
    "title: Fine\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n"
    f"      - {{kind: interview, summary: s, source: s, date: {RECENT}, stance: supports}}\n"
)


def leaked(text: str) -> list[str]:
    return [word for word in LEAKS if word in text]


def outside(tmp_path: Path) -> Path:
    """The file out of the project, in a folder named so that its path shows up too."""
    return write(tmp_path / "elsewhere", "secret.yml", SECRET)


def project(tmp_path: Path, with_git: bool = True) -> Path:
    """A site (mkdocs.yml, journeys/beta.yml), a git work tree unless not `with_git`."""
    root = write_site(tmp_path / "repo", {"beta": BETA})
    if with_git:
        init_repo(root)
    return root


def link_out(tmp_path: Path, root: Path, name: str = "leak.yml") -> Path:
    link = root / "journeys" / name
    link.symlink_to(outside(tmp_path))
    return link


def findings_of(root: Path, file: str) -> list[tuple[str, int | None, str]]:
    report = check(None, settings_for(root))  # BETA is dated against the real today
    return [(f.code, f.line, f.message) for f in report.findings if f.file == file]


# --- one finding, for every way a link leads out -------------------------------------------


def _absolute(tmp_path: Path, folder: Path) -> None:
    (folder / "leak.yml").symlink_to(outside(tmp_path))


def _relative(tmp_path: Path, folder: Path) -> None:
    outside(tmp_path)
    (folder / "leak.yml").symlink_to("../../elsewhere/secret.yml")


def _through_a_link_inside(tmp_path: Path, folder: Path) -> None:
    """A link to a link in the project that leads out: the last one decides."""
    (folder.parent / "shared").mkdir()
    (folder.parent / "shared" / "hop.yml").symlink_to(outside(tmp_path))
    (folder / "leak.yml").symlink_to("../shared/hop.yml")


def _through_a_linked_folder(tmp_path: Path, folder: Path) -> None:
    """A link to a file in the project's folder that is itself a link out."""
    outside(tmp_path)
    (folder.parent / "vendor").symlink_to(tmp_path / "elsewhere")
    (folder / "leak.yml").symlink_to("../vendor/secret.yml")


def _to_a_missing_file(tmp_path: Path, folder: Path) -> None:
    """Out of the project is out, whether or not anything is there."""
    (folder / "leak.yml").symlink_to(tmp_path / "elsewhere" / "nothing-here.yml")


def _to_a_folder(tmp_path: Path, folder: Path) -> None:
    outside(tmp_path)
    (folder / "leak.yml").symlink_to(tmp_path / "elsewhere")


WAYS_OUT: list[Callable[[Path, Path], None]] = [
    _absolute,
    _relative,
    _through_a_link_inside,
    _through_a_linked_folder,
    _to_a_missing_file,
    _to_a_folder,
]


@pytest.mark.parametrize("with_git", [True, False], ids=["repository", "project-folder"])
@pytest.mark.parametrize("make", WAYS_OUT, ids=[way.__name__.strip("_") for way in WAYS_OUT])
def test_a_link_out_is_one_finding_that_names_the_link(
    tmp_path: Path, make: Callable[[Path, Path], None], with_git: bool
) -> None:
    root = project(tmp_path, with_git)
    make(tmp_path, root / "journeys")
    where = "the repository" if with_git else "the project folder"
    assert findings_of(root, "journeys/leak.yml") == [
        (
            "yaml-syntax",
            None,
            f"this leads out of {where} through a symbolic link, so it is not read "
            f"(journeymap reads no journey file from outside {where}): put the journey "
            f"file itself in {where}, or remove the link",
        )
    ]
    assert findings_of(root, "journeys/beta.yml") == []  # the neighbour is checked as ever


def _inside(tmp_path: Path, folder: Path) -> None:
    write(folder.parent, "shared/leak.yml", FINE)
    (folder / "leak.yml").symlink_to("../shared/leak.yml")


def _out_and_back_in(tmp_path: Path, folder: Path) -> None:
    """Through the folder above the project and back: it ends in the project."""
    write(folder.parent, "shared/leak.yml", FINE)
    (folder / "leak.yml").symlink_to("../../repo/shared/leak.yml")


def _absolute_inside(tmp_path: Path, folder: Path) -> None:
    write(folder.parent, "shared/leak.yml", FINE)
    (folder / "leak.yml").symlink_to(folder.parent / "shared" / "leak.yml")


WAYS_IN = [_inside, _out_and_back_in, _absolute_inside]


@pytest.mark.parametrize("with_git", [True, False], ids=["repository", "project-folder"])
@pytest.mark.parametrize("make", WAYS_IN, ids=[way.__name__.strip("_") for way in WAYS_IN])
def test_a_link_inside_the_project_is_read_as_before(
    tmp_path: Path, make: Callable[[Path, Path], None], with_git: bool
) -> None:
    root = project(tmp_path, with_git)
    make(tmp_path, root / "journeys")
    report = check(None, settings_for(root))
    assert [f for f in report.findings if f.file == "journeys/leak.yml"] == []
    assert "leak" in [journey.id for journey in report.journeys]


def test_the_project_is_the_whole_repository_not_the_folder_of_mkdocs_yml(
    tmp_path: Path,
) -> None:
    """mkdocs.yml in docs-site/ of a repository: a link to the repository's shared/ is
    inside it; without the repository's .git the same link leads out of the project."""
    repo = init_repo(tmp_path / "repo")
    root = write_site(repo / "docs-site", {"beta": BETA})
    write(repo, "shared/leak.yml", FINE)
    (root / "journeys" / "leak.yml").symlink_to("../../shared/leak.yml")
    assert findings_of(root, "journeys/leak.yml") == []
    (repo / ".git").rename(tmp_path / "git-dir-moved-away")
    [(code, _, message)] = findings_of(root, "journeys/leak.yml")
    assert code == "yaml-syntax" and "out of the project folder" in message


# --- a journeys folder that is a link out is refused -----------------------------------------


@pytest.mark.parametrize("with_git", [True, False], ids=["repository", "project-folder"])
def test_a_journeys_folder_that_links_out_is_refused_without_a_word_of_it(
    tmp_path: Path, with_git: bool
) -> None:
    """Its files are not listed (their names are the outside's), nor its path shown."""
    root = project(tmp_path, with_git)
    outside(tmp_path)
    (root / "journeys").rename(root / "old-journeys")
    (root / "journeys").symlink_to(tmp_path / "elsewhere")
    where = "the repository" if with_git else "the project folder"
    with pytest.raises(UsageError) as raised:
        check(None, load_settings(root / "mkdocs.yml"))
    assert str(raised.value) == (
        f"the journeys folder journeys (set by mkdocs.yml) leads out of {where} through a "
        f"symbolic link, so it is not read: journeymap reads no journey file from outside "
        f"{where}; point the link at a folder inside it (or name a folder outside it in "
        "the journeymap option 'journeys')"
    )
    for command in (["validate"], ["build", "--preview"], ["generate", "--out", "gen"]):
        code, out, err = journeymap(*command, cwd=root)
        assert code == 2, (command, out, err)
        assert "leads out of" in err and not leaked(out + err) and PLACE not in err
    assert not (root / "site").exists() and not (root / "gen").exists()


def test_a_folder_the_configuration_names_outside_is_read_and_its_links_judged(
    tmp_path: Path,
) -> None:
    """`journeys: ../elsewhere` is the configuration's own choice, read as named; a link
    in it may lead within it or into the project, not on to a third place."""
    root = project(tmp_path)
    write(tmp_path / "elsewhere", "fine.yml", FINE)
    write(root, "shared/inner.yml", FINE)
    (tmp_path / "elsewhere" / "inner.yml").symlink_to(root / "shared" / "inner.yml")
    (tmp_path / "elsewhere" / "alias.yml").symlink_to("fine.yml")
    third = write(tmp_path / "third", "secret.yml", SECRET)
    (tmp_path / "elsewhere" / "leak.yml").symlink_to(third)
    settings = settings_for(root, journeys="../elsewhere")
    report = check(None, settings)
    assert [journey.id for journey in report.journeys] == ["fine", "inner"]
    assert sorted((f.file, f.code) for f in report.findings) == [
        ("../elsewhere/alias.yml", "duplicate-id"),
        ("../elsewhere/leak.yml", "yaml-syntax"),
    ]
    assert not leaked(" ".join(f.message for f in report.findings))


def test_paths_on_the_command_line_follow_the_same_rule(tmp_path: Path) -> None:
    """A link out given by name is the same finding; a file named outside is read."""
    root = project(tmp_path)
    link_out(tmp_path, root)
    write(tmp_path / "named", "fine.yml", FINE)
    code, out, _ = journeymap("validate", "-f", "json", "journeys/leak.yml", cwd=root)
    assert code == 1 and not leaked(out)
    assert [(f["file"], f["code"]) for f in json.loads(out)["findings"]] == [
        ("journeys/leak.yml", "yaml-syntax")
    ]
    code, out, _ = journeymap("validate", str(tmp_path / "named" / "fine.yml"), cwd=root)
    assert code == 0, out
    (root / "linked").symlink_to(tmp_path / "elsewhere")
    code, out, err = journeymap("validate", "linked", cwd=root)
    assert (code, out) == (2, "")
    assert "linked: this folder leads out of the repository" in err and not leaked(err)


# --- every command, every output ------------------------------------------------------------


def test_no_output_of_any_command_holds_what_a_link_out_points_to(tmp_path: Path) -> None:
    """The example of the issue: a committed link to a file of tokens. validate in every
    format, the preview, generated pages, the live preview and diff all say the link is
    out of the repository, and nothing of what it points to."""
    root = project(tmp_path)
    link_out(tmp_path, root)
    commit_all(root, "main")
    outputs: list[str] = []
    for output in ("text", "github", "json", "sarif"):
        code, out, err = journeymap("validate", "-f", output, cwd=root)
        assert code == 1, err
        assert "leads out of the repository" in out.replace("%20", " ")
        outputs.append(out + err)
    code, out, err = journeymap("build", "--preview", cwd=root)
    assert code == 0, err
    outputs.append(out + err)
    code, out, err = journeymap("generate", "--out", "generated", cwd=root)
    outputs.append(out + err)
    files = [p for folder in ("site", "generated") for p in (root / folder).rglob("*")]
    pages = [p.read_text("utf-8", "replace") for p in files if p.is_file()]
    assert any("leads out of the repository" in page for page in pages)
    for format_ in ("text", "markdown", "json"):
        code, out, err = journeymap("diff", "--base", "main", "-f", format_, cwd=root)
        assert code == 0, err
        outputs.append(out + err)
    with Serving(root) as server:
        page = server.wait_for("", "Beta journey")
    outputs.append(page + server.errors)
    assert [leaked(text) for text in outputs + pages] == [[]] * len(outputs + pages)
    assert not [text for text in outputs if PLACE in text]


# --- both sides of a diff alike ---------------------------------------------------------------


def test_a_link_out_the_change_keeps_is_the_same_finding_on_both_sides(tmp_path: Path) -> None:
    root = project(tmp_path)
    link_out(tmp_path, root)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "journeys/beta.yml", (root / "journeys" / "beta.yml").read_text() + "\n")
    # what the link points to changes: not part of the repository, nor of the change
    (tmp_path / "elsewhere" / "secret.yml").write_text(SECRET.replace("[]", "[x]"))
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    assert result["journeys"] == []
    assert [(f["file"], f["code"]) for f in result["findings"]["pre_existing"]] == [
        ("journeys/leak.yml", "yaml-syntax")
    ]


def test_deleting_a_link_out_says_that_journey_file_went_away(tmp_path: Path) -> None:
    """The issue's example: the link was committed, the change deletes it. The base side
    does not read it either, so what went away is a journey file nobody could read."""
    root = project(tmp_path)
    link_out(tmp_path, root, "billing.yml")
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "rm", "-q", "journeys/billing.yml")
    commit_all(root, "delete the link")
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    [journey] = result["journeys"]
    assert (journey["file"], journey["change"], journey["unreadable"]) == (
        "journeys/billing.yml",
        "removed",
        "base",
    )
    assert "leads out of the repository" in journey["error"]["message"]
    assert [f["file"] for f in result["findings"]["resolved"]] == ["journeys/billing.yml"]
    code, text, _ = journeymap("diff", "--base", "main", cwd=root)
    assert "No journey changed" not in text
    assert "journeys/billing.yml: journey billing removed" in text
    assert "could not be read at the base" in text and not leaked(text)


def test_a_link_out_replaced_by_a_real_file_is_readable_only_now(tmp_path: Path) -> None:
    root = project(tmp_path)
    link_out(tmp_path, root)
    commit_all(root, "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "journeys" / "leak.yml").unlink()
    write(root, "journeys/leak.yml", FINE)
    code, result, err = diff_json(root, "--base", "main")
    assert code == 0, err
    [journey] = result["journeys"]
    assert (journey["id"], journey["change"], journey["unreadable"]) == ("leak", "changed", "base")
    assert not leaked(json.dumps(result))


def test_a_base_folder_with_a_link_out_of_it_is_not_read_either(tmp_path: Path) -> None:
    """--base-dir: the base folder is the base's project; its link out is never opened
    (not even to compare it with the head's file)."""
    base = write_site(tmp_path / "base", {"beta": BETA})
    (base / "journeys" / "leak.yml").symlink_to(outside(tmp_path))
    root = project(tmp_path)
    write(root, "journeys/leak.yml", FINE)
    code, result, err = diff_json(root, "--base-dir", str(base))
    assert code == 0, err
    [journey] = result["journeys"]
    assert (journey["id"], journey["change"], journey["unreadable"]) == ("leak", "changed", "base")
    assert not leaked(json.dumps(result))


def test_a_base_folder_whose_journeys_folder_links_out_is_refused(tmp_path: Path) -> None:
    """The base's journeys folder a link out of the base folder: its files are not read
    (nor listed) on that side either, and the sentence says which side."""
    base = write_site(tmp_path / "base", {"beta": BETA})
    outside(tmp_path)
    shutil.rmtree(base / "journeys")
    (base / "journeys").symlink_to(tmp_path / "elsewhere")
    root = project(tmp_path)
    code, out, err = journeymap("diff", "--base-dir", str(base), cwd=root)
    assert (code, out) == (2, "")
    assert err.startswith(
        f"journeymap: error: at the base ({base}), the journeys folder journeys (set by "
        "mkdocs.yml) leads out of the project folder through a symbolic link"
    ), err
    assert not leaked(err)
