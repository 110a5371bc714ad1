"""The list of files `journeymap generate` wrote into a folder, and which are still its own.

`generate --out DIR` writes `DIR/.journeymap-generated.json` (a dotfile builders ignore):
each file it wrote, relative to DIR, with the SHA-256 of the bytes it wrote. A file is
generate's only while its bytes have a digest recorded for it: one edited since is the
user's. `generate` reads the list to remove pages that no longer belong and to never touch
a file it did not write; the MkDocs plugin reads it to tell pages `generate` left in the
docs folder (journeymap's, stale as soon as a journey changes) from a user's own pages.

The list is also the run's intent log: before it writes anything, `generate` records
each file it is about to write with both digests, what the file holds now and what it
will hold, and only once every file is written the new digest alone. A run killed at
any point leaves every file it touched listed with the digest it holds, so the next run
still owns them. An older manifest is a plain list of paths, without digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from pathlib import Path

from journeymap.text import json_text

NAME = ".journeymap-generated.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse(data: bytes) -> dict[str, frozenset[str]]:
    """What a manifest lists: relative path -> the digests its file may have (none
    recorded: an older list, or a value that is not one). Empty when it cannot be read;
    a path that does not lead to a file below the folder (`..`, `/…`: a tampered list)
    is left out."""
    try:
        listed = json.loads(data.decode("utf-8"))
    except ValueError:
        return {}
    if isinstance(listed, list):  # written before digests were recorded
        return {item: frozenset() for item in listed if _below(item)}
    files = listed.get("files") if isinstance(listed, dict) else None
    if not isinstance(files, dict):
        return {}
    return {rel: _digests(value) for rel, value in files.items() if _below(rel)}


def _below(rel: object) -> bool:
    """Whether `rel` is names joined by "/", none of them empty, "." or "..", nor this
    manifest's own."""
    if not isinstance(rel, str):
        return False
    parts = rel.split("/")
    return NAME not in parts and all(part not in ("", ".", "..") for part in parts)


def _digests(value: object) -> frozenset[str]:
    values = value if isinstance(value, list) else [value]
    return frozenset(item for item in values if isinstance(item, str))


def read(folder: Path) -> dict[str, frozenset[str]]:
    """What the manifest in `folder` lists (see `parse`); empty when there is none."""
    try:
        return parse((folder / NAME).read_bytes())
    except OSError:
        return {}


def text(files: Mapping[str, Collection[str]]) -> str:
    """The manifest listing `files` (relative path -> the digests its file may have: one
    when written, two while a run writes it)."""
    listed: dict[str, str | list[str]] = {}
    for rel, digests in sorted(files.items()):
        ordered = sorted(digests)
        listed[rel] = ordered[0] if len(ordered) == 1 else ordered
    return json_text({"files": listed}, indent=1) + "\n"


def unchanged(folder: Path) -> list[str]:
    """The files the manifest in `folder` lists that are still as `generate` wrote them:
    regular files inside `folder` (never a link put in a page's place), whose bytes
    have a recorded digest. A file edited since is someone's own, and so is one an
    older manifest lists without a digest."""
    kept: list[str] = []
    for rel, recorded in sorted(read(folder).items()):
        path = folder / rel
        if path.is_symlink() or not path.is_file():
            continue
        try:
            if digest(path.read_bytes()) not in recorded:
                continue
        except OSError:
            continue
        kept.append(rel)
    return kept
