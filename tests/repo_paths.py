"""Where things are in this checkout (the repository, the package, the example project),
and copies of them for tests that must write: a test never changes the checkout."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "generator" / "journeymap"
SCAFFOLD_FILES = PACKAGE / "project" / "scaffold_files"
TEMPLATES = REPO / "site_templates"
README = REPO / "README.md"

#: The example project at the top of the repository (what `make site` builds).
EXAMPLE = ("mkdocs.yml", "journeys", "research", "docs", "study.schema.json")

#: What a clone has that the sources do not, at the top of the checkout: builds,
#: caches, environments. Only top-level names: `generator/journeymap/site/` is source.
NOT_SOURCES = (".git", ".venv", "site", "build", "dist")
#: Leftovers anywhere in the tree.
NOT_SOURCES_ANYWHERE = ("*.egg-info", "__pycache__", ".*_cache")


def copy_example(work: Path) -> Path:
    """The example project copied into `work` (created if need be); returns `work`."""
    work.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, work / name)
        else:
            shutil.copy(source, work / name)
    return work


def copy_checkout(target: Path, *leave_out: str) -> Path:
    """A clean copy of this repository's sources at `target` (what a fresh clone holds),
    without the glob patterns in `leave_out` either; returns `target`."""
    anywhere = shutil.ignore_patterns(*NOT_SOURCES_ANYWHERE, *leave_out)

    def ignore(folder: str, names: list[str]) -> set[str]:
        left_out = set(anywhere(folder, names))
        if Path(folder) == REPO:
            left_out |= {name for name in names if name in NOT_SOURCES}
        return left_out

    shutil.copytree(REPO, target, ignore=ignore)
    return target


def readme_section(heading: str) -> str:
    """The text of README's `## heading` section, up to the next `## ` heading."""
    readme = README.read_text(encoding="utf-8")
    return readme.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
