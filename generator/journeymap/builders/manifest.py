"""The list of files `journeymap generate` wrote into a folder, and which are still its own.

`generate --out DIR` writes `DIR/.journeymap-generated.json` (a dotfile builders ignore):
each file it wrote, relative to DIR, with the SHA-256 of the bytes it wrote. `generate`
reads it to remove pages that no longer belong and to never touch a file it did not
write; the MkDocs plugin reads it to tell pages `generate` left in the docs folder
(journeymap's, stale as soon as a journey changes) from a user's own pages.
An older manifest is a plain list of paths, without digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from journeymap import jsonout

NAME = ".journeymap-generated.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(folder: Path) -> dict[str, str | None]:
    """What the manifest in `folder` lists: relative path -> digest (None: not recorded).
    Empty when there is none, or it cannot be read."""
    try:
        data = json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, list):  # written before digests were recorded
        return {item: None for item in data if isinstance(item, str)}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        rel: value if isinstance(value, str) else None
        for rel, value in files.items()
        if isinstance(rel, str)
    }


def text(files: Mapping[str, bytes]) -> str:
    """The manifest of `files` (relative path -> the bytes written)."""
    listed = {rel: digest(data) for rel, data in sorted(files.items())}
    return jsonout.dumps({"files": listed}, indent=1) + "\n"


def unchanged(folder: Path) -> list[str]:
    """The files the manifest in `folder` lists that are still as `generate` wrote them:
    regular files inside `folder` (never a link put in a page's place), whose bytes
    have the recorded digest. A file edited since is someone's own, and so is one an
    older manifest lists without a digest (the next `generate` records one)."""
    kept: list[str] = []
    for rel, recorded in sorted(read(folder).items()):
        parts = PurePosixPath(rel).parts
        if not parts or rel.startswith("/") or ".." in parts or NAME in parts:
            continue
        path = folder.joinpath(*parts)
        if path.is_symlink() or not path.is_file():
            continue
        if recorded is None:  # an older list: nothing tells an edit apart, so it is theirs
            continue
        try:
            if digest(path.read_bytes()) != recorded:
                continue
        except OSError:
            continue
        kept.append("/".join(parts))
    return kept
