"""Paths as the file system resolves them, whatever they hold (a link loop included)."""

from __future__ import annotations

import os
from pathlib import Path


def resolved(path: Path) -> Path:
    """`path` made absolute with its symbolic links followed as far as they lead.

    `Path.resolve()` raises RuntimeError on a symbolic link loop (Python 3.11, 3.12), which
    would end a run with no file named; `os.path.realpath` stops at the loop instead, so
    the caller's own check (does it exist, is it a folder) reports it at the path given.
    """
    return Path(os.path.realpath(path))


def looping_link(path: Path) -> Path | None:
    """The symbolic link on the way to `path` that loops back on itself, if any.

    Of a path made by `resolved`: realpath follows every link that leads somewhere, so a
    link still in it is one that loops.
    """
    return next((part for part in (path, *path.parents) if part.is_symlink()), None)
