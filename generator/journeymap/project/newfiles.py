"""New files inside a folder, created only where nothing is, and never through a link.

`journeymap init` promises to overwrite nothing. A link is something, even one whose
target is missing: writing "through" it would create or change a file outside the
folder. So `obstacles` treats every link (dangling or not) as an existing file, and a
link or a file where a folder is needed as in the way; `create` then makes each folder
and file relative to an open descriptor of its parent (`O_NOFOLLOW` on every folder,
`O_CREAT | O_EXCL` on the file), so a link that appears after the check is refused too
rather than followed. Linux and macOS have every flag used here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path


def obstacles(root: Path, rels: Iterable[str]) -> dict[Path, str]:
    """What stands where `rels` (paths relative to `root`, `/`-separated) would go: path ->
    why ("exists", "a link to …", "a file where init needs a folder"). Empty: all free."""
    found: dict[Path, str] = {}
    for rel in rels:
        *folders, name = rel.split("/")
        here = root
        for folder in folders:
            here = here / folder
            if not os.path.lexists(here):
                break  # `create` makes it, so nothing below it exists either
            why = _link(here) or (None if here.is_dir() else "a file where init needs a folder")
            if why:
                found[here] = why
                break
        else:
            if os.path.lexists(here / name):
                found[here / name] = _link(here / name) or "exists"
    return found


def create(root: Path, rel: str, data: bytes) -> Path:
    """Create `root/rel` holding `data`, and the folders on its way that are missing.

    `root` itself may be reached through a link (the user named it); below it, a link in
    place of a folder or of the file fails with `OSError`, and so does an existing file.
    """
    *folders, name = rel.split("/")
    nofollow = os.O_NOFOLLOW | os.O_DIRECTORY | os.O_RDONLY
    parent = os.open(root, os.O_DIRECTORY | os.O_RDONLY)
    try:
        for folder in folders:
            # A real folder already there is opened below; a link or a file fails there.
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, dir_fd=parent)
            child = os.open(folder, nofollow, dir_fd=parent)
            os.close(parent)
            parent = child
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        with os.fdopen(os.open(name, flags, 0o666, dir_fd=parent), "wb") as handle:
            handle.write(data)
    finally:
        os.close(parent)
    return root / rel


def _link(path: Path) -> str | None:
    if not path.is_symlink():
        return None
    try:
        return f"a link to {os.readlink(path)}"
    except OSError:
        return "a link"
