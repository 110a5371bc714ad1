"""Entries of the journeys folder that cannot be read are findings for that file; the rest is checked.

SPEC "Findings": a file that cannot be read (symlink loop, dangling link) is a finding
for that file; every other file is still checked. A pipe named like a journey file
must not hang the run.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from commands import journeymap
from journey_helpers import check_folder, write_journey
from journeymap.sources.disk import read_bytes
from site_helpers import BETA, write_site

GOOD = "title: T\nstages:\n  - {id: a, title: A, assumption: x}\n"


def entries(tmp_path: Path) -> list[tuple[str, str, int | None, str]]:
    report = check_folder(tmp_path)
    return [(f.file, f.code, f.line, f.message) for f in report.findings]


def with_good_neighbour(tmp_path: Path) -> Path:
    write_journey(tmp_path, "zz-good.yml", GOOD)
    return tmp_path / "journeys"


def assert_one_finding_and_the_neighbour_checked(
    tmp_path: Path, name: str, code: str, words: str
) -> None:
    found = entries(tmp_path)
    assert [(file, c, line) for file, c, line, _ in found] == [
        (f"journeys/{name}", code, None),
        ("journeys/zz-good.yml", "unvalidated-stage", 3),
    ]
    assert words in found[0][3], found[0][3]


def _loop(folder: Path) -> str:
    (folder / "loop.yml").symlink_to("loop.yml")
    return "loop.yml"


def _dangling(folder: Path) -> str:
    (folder / "gone.yml").symlink_to("../nowhere/gone.yml")
    return "gone.yml"


def _folder(folder: Path) -> str:
    (folder / "archive.yml").mkdir()
    return "archive.yml"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_loop, "loops"),
        (_dangling, "a symbolic link to a file that does not exist"),
        (_folder, "a folder"),
    ],
    ids=["symlink-loop", "dangling-symlink", "folder"],
)
def test_an_entry_that_cannot_be_read(
    tmp_path: Path, make: Callable[[Path], str], words: str
) -> None:
    name = make(with_good_neighbour(tmp_path))
    assert_one_finding_and_the_neighbour_checked(tmp_path, name, "yaml-syntax", words)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_a_read_error_is_a_sentence_with_the_reason() -> None:
    """Reading /proc/self/mem from offset 0 fails with EIO, even for root: a read error
    that no file mode can cause when the tests run as root. (A journey file cannot link
    there: a link out of the project is never opened, see test_links_out.py.)"""
    assert read_bytes(Path("/proc/self/mem")) == "the file cannot be read (Input/output error)"


def _socket(folder: Path) -> str:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(folder / "sock.yml"))  # the file stays when the socket is closed
    server.close()
    return "sock.yml"


def test_a_socket_is_not_a_regular_file(tmp_path: Path) -> None:
    name = _socket(with_good_neighbour(tmp_path))
    assert_one_finding_and_the_neighbour_checked(
        tmp_path, name, "yaml-syntax", "this is not a regular file (a pipe, socket or device)"
    )


def test_a_dangling_link_never_shows_where_it_points(tmp_path: Path) -> None:
    """Findings are published (CI logs, previews, generated pages): a link's target names a
    place on someone's machine, so no output holds it. (One out of the project is never
    even followed: test_links_out.py.)"""
    root = write_site(tmp_path / "project", {"beta": BETA})
    (root / "journeys" / "roadmap.yml").symlink_to(root / "alice" / "private" / "roadmap.yml")
    for output in ("text", "github", "json", "sarif"):
        ran = journeymap("validate", "-f", output, cwd=root)
        assert ran.returncode == 1, ran
        assert "a symbolic link to a file that does not exist" in ran.stdout
        assert "alice" not in ran.stdout + ran.stderr, ran.stdout
    preview = journeymap("build", "--preview", cwd=root)
    assert preview.returncode == 0, preview.stderr
    assert "alice" not in preview.stdout + preview.stderr
    pages = [path for path in (root / "site").rglob("*") if path.is_file()]
    assert any("does not exist" in path.read_text("utf-8", "replace") for path in pages)
    assert not [path for path in pages if "alice" in path.read_text("utf-8", "replace")]


def test_a_two_link_loop(tmp_path: Path) -> None:
    folder = with_good_neighbour(tmp_path)
    (folder / "a.yml").symlink_to("b.yml")
    (folder / "b.yml").symlink_to("a.yml")
    found = entries(tmp_path)
    assert [(file, code) for file, code, *_ in found] == [
        ("journeys/a.yml", "yaml-syntax"),
        ("journeys/b.yml", "yaml-syntax"),
        ("journeys/zz-good.yml", "unvalidated-stage"),
    ]


@pytest.mark.parametrize("name", ["billing.YML", "billing.Yaml", "billing.yML"])
def test_a_suffix_in_another_case_is_a_finding_saying_to_rename(tmp_path: Path, name: str) -> None:
    folder = with_good_neighbour(tmp_path)
    (folder / name).write_text(GOOD)
    found = entries(tmp_path)
    assert [(file, code, line) for file, code, line, _ in found] == [
        (f"journeys/{name}", "schema", None),
        ("journeys/zz-good.yml", "unvalidated-stage", 3),
    ]
    assert f"rename it to 'billing{Path(name).suffix.lower()}'" in found[0][3]


def test_a_fifo_does_not_hang_the_run(tmp_path: Path) -> None:
    folder = with_good_neighbour(tmp_path)
    os.mkfifo(folder / "pipe.yml")
    # In a subprocess with a timeout: a read that blocks would hang this test forever.
    script = (
        "import sys, datetime; sys.path.insert(0, sys.argv[2]);"
        "from journey_helpers import check_folder; from pathlib import Path;"
        "print([(f.file, f.code, f.line) for f in check_folder(Path(sys.argv[1])).findings])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(
        [
            ("journeys/pipe.yml", "yaml-syntax", None),
            ("journeys/zz-good.yml", "unvalidated-stage", 3),
        ]
    )


def test_each_broken_link_is_its_own_finding(tmp_path: Path) -> None:
    folder = with_good_neighbour(tmp_path)
    (folder / "a.yml").symlink_to("missing.yml")
    (folder / "b.yml").symlink_to("missing.yml")
    assert [(file, code) for file, code, *_ in entries(tmp_path)] == [
        ("journeys/a.yml", "yaml-syntax"),
        ("journeys/b.yml", "yaml-syntax"),
        ("journeys/zz-good.yml", "unvalidated-stage"),
    ]


def test_hidden_entries_are_not_journey_files(tmp_path: Path) -> None:
    folder = with_good_neighbour(tmp_path)
    (folder / ".#billing.yml").symlink_to("user@host.1234:1700000000")  # an editor's lock file
    assert [file for file, *_ in entries(tmp_path)] == ["journeys/zz-good.yml"]


def test_broken_entries_given_on_the_command_line_are_findings_too(tmp_path: Path) -> None:
    from journey_helpers import FIXED_TODAY, settings_for
    from journeymap.check.pipeline import check

    folder = with_good_neighbour(tmp_path)
    (folder / "loop.yml").symlink_to("loop.yml")
    report = check(
        [folder / "loop.yml", folder / "zz-good.yml"], settings_for(tmp_path), FIXED_TODAY
    )
    assert [(f.code, f.line) for f in report.findings] == [
        ("yaml-syntax", None),
        ("unvalidated-stage", 3),
    ]


@pytest.mark.parametrize("alias", ["alias.yml", "zz-alias.yml", "alias.yaml"])
def test_a_link_to_another_journey_keeps_the_journey_and_reports_the_link(
    tmp_path: Path, alias: str
) -> None:
    """`alias.yml -> sign-up.yml`: the journey stays `sign-up` (in the JSON and on the site),
    whichever name sorts first, and the link is one finding, whatever it is called."""
    root = write_site(tmp_path / "project", {"beta": BETA, "sign-up": BETA})
    (root / "journeys" / alias).symlink_to("sign-up.yml")
    ran = journeymap("validate", "-f", "json", cwd=root)
    output = json.loads(ran.stdout)
    assert [j["id"] for j in output["journeys"]] == ["beta", "sign-up"]
    assert [(f["file"], f["code"], f["line"]) for f in output["findings"]] == [
        (f"journeys/{alias}", "duplicate-id", None)
    ]
    assert "a symbolic link to journeys/sign-up.yml" in output["findings"][0]["message"]
    assert ran.returncode == 1
    preview = journeymap("build", "--preview", cwd=root)
    assert preview.returncode == 0, preview.stderr
    journey_page = (root / "site" / "journeys" / "sign-up" / "index.html").read_text("utf-8")
    assert "data-stage=" in journey_page
    # The link may have a preview page, saying what it is; never a second copy of the map.
    alias_page = root / "site" / "journeys" / Path(alias).stem / "index.html"
    if alias_page.exists():
        text = alias_page.read_text("utf-8")
        assert "data-stage=" not in text and "symbolic link to journeys/sign-up.yml" in text


def test_a_hard_link_is_one_file_with_two_names(tmp_path: Path) -> None:
    folder = with_good_neighbour(tmp_path)
    os.link(folder / "zz-good.yml", folder / "copy.yml")
    (folder / "twice.yml").symlink_to("zz-good.yml")
    found = entries(tmp_path)
    assert [(file, code, line) for file, code, line, _ in found] == [
        ("journeys/copy.yml", "duplicate-id", None),
        ("journeys/twice.yml", "duplicate-id", None),
        ("journeys/zz-good.yml", "unvalidated-stage", 3),
    ]
    assert "the same file as journeys/zz-good.yml (a hard link)" in found[0][3]


def test_a_file_given_with_its_folder_is_checked_once_without_a_finding(tmp_path: Path) -> None:
    from journey_helpers import FIXED_TODAY, settings_for
    from journeymap.check.pipeline import check

    folder = with_good_neighbour(tmp_path)
    (tmp_path / "link").symlink_to("journeys")
    given = [folder / "zz-good.yml", folder, tmp_path / "link" / "zz-good.yml"]
    report = check(given, settings_for(tmp_path), FIXED_TODAY)
    assert [(Path(f.file).name, f.code) for f in report.findings] == [
        ("zz-good.yml", "unvalidated-stage")
    ]
    assert (report.files, report.unread) == (1, 0)


def test_journey_files_in_subfolders_are_each_a_finding_not_skipped(tmp_path: Path) -> None:
    """A journey put in a subfolder is not read; it says so rather than vanish from the
    site without a word. Hidden folders and links to folders are not searched."""
    folder = with_good_neighbour(tmp_path)
    (folder / "archive" / "2024").mkdir(parents=True)
    (folder / "archive" / "old.yml").write_text(GOOD)
    (folder / "archive" / "2024" / "older.yaml").write_text(GOOD)
    (folder / "archive" / "notes.txt").write_text("not a journey")
    (folder / ".drafts").mkdir()
    (folder / ".drafts" / "draft.yml").write_text(GOOD)
    (folder / "archive" / "up").symlink_to("..")  # would loop if followed
    found = entries(tmp_path)
    assert [(file, code, line) for file, code, line, _ in found] == [
        ("journeys/archive/2024/older.yaml", "schema", None),
        ("journeys/archive/old.yml", "schema", None),
        ("journeys/zz-good.yml", "unvalidated-stage", 3),
    ]
    assert "is in a subfolder of the journeys folder, where journeys are not read" in found[1][3]
