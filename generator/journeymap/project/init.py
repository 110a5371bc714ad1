"""`journeymap init`: start a journey repository for another team.

The files come from `scaffold_files/` inside the package (so they ship in the wheel);
this repository's own `.github/workflows/journeys.yml` is a copy of the same workflow.
"""

from __future__ import annotations

import errno
import os
import shlex
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Literal

from journeymap import __version__, nofollow
from journeymap.errors import UsageError
from journeymap.journey.schema import SCHEMA_FILE, schema_text
from journeymap.paths import resolved
from journeymap.project.additions import ADDABLE, added_text, missing_lines, requirement_count

EXAMPLE_ID = "sign-up"
WORKFLOW = ".github/workflows/journeys.yml"

# target path in the new repository -> file in scaffold_files/
_FILES: dict[str, str] = {
    "mkdocs.yml": "mkdocs.yml",
    f"journeys/{EXAMPLE_ID}.yml": "example.yml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    WORKFLOW: "journeys-workflow.yml",
    ".gitignore": "gitignore",
    "requirements.txt": "requirements.txt",
    # MkDocs needs an existing docs folder; an empty one keeps the dashboard at the site root.
    "docs/.gitkeep": "",
}


class ScaffoldError(UsageError):
    """`init` cannot write its files; the message is a user-facing sentence."""


def scaffold_text(name: str) -> str:
    """The text of one shipped scaffold file."""
    return (resources.files("journeymap.project") / "scaffold_files" / name).read_text(
        encoding="utf-8"
    )


def planned_files(today: date | None = None) -> dict[str, str]:
    """Relative path -> content of every file `init` writes."""
    recent = (today or date.today()) - timedelta(days=30)
    files: dict[str, str] = {}
    for target, source in _FILES.items():
        text = scaffold_text(source) if source else ""
        if source == "example.yml":
            text = text.replace("{recent}", recent.isoformat())
        elif source == "requirements.txt":  # the wheel of the very journeymap that wrote it
            text = text.replace("{version}", __version__)
        files[target] = text
    files[SCHEMA_FILE] = schema_text()
    return files


#: What `init` may do with a `.gitignore` or `requirements.txt` that exists already.
Existing = Literal["add", "skip"]


def init(
    directory: Path, today: date | None = None, existing: Existing | None = None
) -> list[tuple[str, Path]]:
    """Write the scaffold into `directory`; write nothing if anything is in the way.
    Returns what was done to each file ("wrote", "added 3 lines to", "left … as it was").

    In the way: any file `init` would write that exists already (a link counts, even
    one to a missing target: writing through it would write outside the folder), and a
    link or a file where one of its folders (journeys/, docs/, .github/workflows/) must
    go. A regular `.gitignore` or `requirements.txt` is in the way only until
    `existing` says what to do with it: "add" the lines it lacks at its end (no line of
    it changes), or "skip" it. `directory` itself may be a link to a folder (the user
    named it), never a dangling one.
    """
    if directory.is_symlink() and not directory.exists():
        raise ScaffoldError(
            f"{directory} is a link to {os.readlink(directory)}, which does not exist; "
            "create that folder or choose another place."
        )
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} exists and is not a folder; choose another place.")
    files = planned_files(today)
    in_the_way = nofollow.obstacles(directory, files)
    present = {
        rel: directory / rel
        for rel in ADDABLE
        if in_the_way.get(directory / rel) == "exists" and (directory / rel).is_file()
    }
    additions: dict[str, bytes] = {}
    if existing is not None:
        for rel, path in present.items():
            del in_the_way[path]
            planned = files.pop(rel)
            if existing == "add":
                additions[rel] = _additions(directory, rel, planned)
    if in_the_way:
        listed = "".join(
            f"\n  {path} ({why}{_ADDABLE_HINT if path in present.values() else ''})"
            for path, why in in_the_way.items()
        )
        raise ScaffoldError(
            f"journeymap init writes nothing: these are in the way:{listed}\n"
            "Move them away or choose an empty folder."
            + (_ADDABLE_ADVICE if set(in_the_way) <= set(present.values()) else "")
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        where = error.filename or directory
        raise ScaffoldError(f"Cannot create {where}: {error.strerror or error}.") from error
    done: list[tuple[str, Path]] = []
    for rel, text in files.items():
        try:
            done.append(("wrote", nofollow.create(directory, rel, text.encode("utf-8"))))
        except OSError as error:
            why = error.strerror or str(error)
            if error.errno in (errno.EEXIST, errno.ELOOP, errno.ENOTDIR):
                why = "a file or link appeared there while init was writing; it is left as it was"
            count = len(done)
            written = f" (after writing {count} of {len(files)} files)" if count else ""
            raise ScaffoldError(f"Cannot write {directory / rel}: {why}{written}.") from error
    for rel, path in present.items():
        data = additions.get(rel, b"")
        if not data:
            why = "as it was" if existing == "skip" else "as it was: it holds what init needs"
            done.append((f"left {path} {why}", path))
            continue
        try:
            nofollow.append(directory, rel, data)
        except OSError as error:
            raise ScaffoldError(f"Cannot add to {path}: {error.strerror or error}.") from error
        count = requirement_count(data.decode("utf-8").splitlines())
        done.append((f"added {count} line{'s' if count != 1 else ''} to", path))
    return done


_ADDABLE_HINT = ": `--existing add` adds what it lacks, `--existing skip` leaves it"
_ADDABLE_ADVICE = (
    "\nOr run again with `--existing add` to add the lines they lack at their end "
    "(no line they hold changes, nothing already there is repeated), or "
    "`--existing skip` to leave them as they are."
)


def _additions(directory: Path, rel: str, planned: str) -> bytes:
    """The bytes to append to the existing `directory/rel` to add what it lacks."""
    try:
        data = nofollow.read(directory, rel) or b""
        existing = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        why = "it is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error
        raise ScaffoldError(
            f"Cannot add to {directory / rel}: {why}. Add these lines by hand:\n{planned}"
        ) from error
    lines = missing_lines(rel, existing, planned)
    return added_text(existing, lines).encode("utf-8") if lines else b""


def next_steps(directory: Path | None) -> str:
    """What to do after `init`: `cd` into the folder only when one other than here was named."""
    cd = ""
    if directory is not None and resolved(directory) != resolved(Path.cwd()):
        cd = f"cd {shlex.quote(str(directory))} && "
    return (
        f"Next: {cd}journeymap validate && journeymap serve\n"
        "For CI: put journeymap's wheel in wheels/ (requirements.txt says how), set "
        "repo_url in mkdocs.yml, and enable GitHub Pages (Settings > Pages > Source: GitHub "
        "Actions). If your default branch is not `main`, change `branches: [main]` in "
        f"{WORKFLOW}: pushes to that branch publish the site, and GitHub allows no "
        "expression in that line."
    )
