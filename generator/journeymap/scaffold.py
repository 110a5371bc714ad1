"""`journeymap init`: start a journey repository for another team.

The files come from `scaffold_files/` inside the package (so they ship in the wheel);
this repository's own `.github/workflows/journeys.yml` is a copy of the same workflow.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from journeymap import __version__
from journeymap.errors import UsageError
from journeymap.schema import SCHEMA_FILE, schema_text

EXAMPLE_ID = "sign-up"

# target path in the new repository -> file in scaffold_files/
_FILES: dict[str, str] = {
    "mkdocs.yml": "mkdocs.yml",
    f"journeys/{EXAMPLE_ID}.yml": "example.yml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/journeys.yml": "journeys-workflow.yml",
    ".gitignore": "gitignore",
    "requirements.txt": "requirements.txt",
    # MkDocs needs an existing docs folder; an empty one keeps the dashboard at the site root.
    "docs/.gitkeep": "",
}


class ScaffoldError(UsageError):
    """`init` cannot write its files; the message is a user-facing sentence."""


def scaffold_text(name: str) -> str:
    """The text of one shipped scaffold file."""
    return (resources.files("journeymap") / "scaffold_files" / name).read_text(encoding="utf-8")


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


def init(directory: Path, today: date | None = None) -> list[Path]:
    """Write the scaffold into `directory`; write nothing if any target file already exists."""
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} exists and is not a folder; choose another place.")
    files = planned_files(today)
    existing = [directory / rel for rel in files if (directory / rel).exists()]
    if existing:
        listed = "".join(f"\n  {path}" for path in existing)
        raise ScaffoldError(
            f"journeymap init writes nothing: these files already exist:{listed}\n"
            "Move them away or choose an empty folder."
        )
    written: list[Path] = []
    try:
        for rel, text in files.items():
            path = directory / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as error:
        raise ScaffoldError(f"Cannot write {error.filename}: {error.strerror}.") from error
    return written
