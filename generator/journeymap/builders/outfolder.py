"""The files `journeymap generate` owns in its `--out` folder, and how it writes them:
nothing of the user's is lost, nothing is written outside the folder, and a run killed at
any point leaves a folder the next run brings up to date.

- Its own: a file the manifest (`manifest`) lists, whose bytes have a recorded digest.
  A file not listed, edited since it was written, or listed by an older manifest without
  a digest, is the user's: never overwritten (the run is refused before it writes
  anything, naming the file) and never removed (it is kept, said once, and no longer
  listed).
- Never through a link: a symbolic link below `--out` on the way to a file the run would
  write refuses the run; one on the way to a file it would remove keeps that file. Every
  file is read, written and removed through `nofollow`, which follows no link below
  `--out`, so a link that appears during the run is refused too.
- Recoverable: the manifest is written first, listing each file the run will touch with
  the digest it holds and the one it will hold (an intent log), then the files (each
  in one rename), then the manifest of what was written. Temporary files a killed run
  left are removed by the next.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from journeymap import nofollow
from journeymap.builders import manifest
from journeymap.errors import UsageError

#: How many files a refusal names, one a line.
SHOWN = 10


@dataclass(frozen=True)
class Written:
    """What one run did in the folder (paths relative to it)."""

    written: list[str]
    unchanged: list[str]
    removed: list[str]
    kept: dict[str, str]  # no longer generated, yet not generate's to remove: path -> why


@dataclass(frozen=True)
class _Found:
    """What is at a path below the folder now (all None: nothing)."""

    data: bytes | None = None  # a regular file's bytes
    link: Path | None = None  # a symbolic link on the way, or in its place
    other: str | None = None  # why what is there cannot be read as a file


@dataclass(frozen=True)
class _NotOurs:
    """Why generate may not replace or remove a file: what to name, and how to say it."""

    path: Path  # the file, or the link on its way
    refused: str  # when the run would write it
    kept: str  # when the run would remove it


def write(out: Path, files: Mapping[str, bytes]) -> Written:
    """Make `out` hold `files` (relative path -> bytes) and nothing else of generate's."""
    listed, listing = _listed(out)
    found = {rel: _find(out, rel) for rel in files.keys() | listed.keys()}
    in_the_way: dict[Path, str] = {}
    for rel in sorted(files):
        why = _not_ours(out, rel, found[rel], listed, files[rel])
        if why is not None:
            in_the_way.setdefault(why.path, why.refused)
    if in_the_way:
        raise UsageError(_refusal(out, in_the_way))
    kept: dict[str, str] = {}
    going: list[str] = []
    for rel in sorted(listed.keys() - files.keys()):
        why = _not_ours(out, rel, found[rel], listed, None)
        if why is not None:
            kept[rel] = why.kept
        elif found[rel].data is not None:
            going.append(rel)
    written = [rel for rel in sorted(files) if found[rel].data != files[rel]]
    unchanged = [rel for rel in sorted(files) if found[rel].data == files[rel]]
    _clear_temporaries(out, [*files, *listed])
    final = {rel: {manifest.digest(data)} for rel, data in files.items()}
    if written or going:
        intent = {rel: set(digests) for rel, digests in final.items()}
        for rel in [*files, *going]:
            held = found[rel].data
            if held is not None:
                intent.setdefault(rel, set()).add(manifest.digest(held))
        _put(out, manifest.NAME, manifest.text(intent).encode("utf-8"))
    for rel in written:
        _put(out, rel, files[rel])
    removed: list[str] = []
    for rel in going:
        if _remove(out, rel, listed[rel]):
            removed.append(rel)
        else:
            kept[rel] = "it was edited while journeymap generate ran"
    text = manifest.text(final).encode("utf-8")
    if text != listing:
        _put(out, manifest.NAME, text)
    return Written(written, unchanged, removed, kept)


def _listed(out: Path) -> tuple[dict[str, frozenset[str]], bytes | None]:
    """The manifest in `out`: what it lists, and its bytes (None: there is none)."""
    path = out / manifest.NAME
    link = nofollow.link_on_the_way(out, manifest.NAME)
    if link is not None:
        raise UsageError(
            f"{path} is a symbolic link, where journeymap generate keeps the list of the "
            "files it wrote; remove it, or choose another --out."
        )
    try:
        data = nofollow.read(out, manifest.NAME)
    except OSError as error:
        raise UsageError(
            f"cannot read {path}, the list of the files journeymap generate wrote: "
            f"{error.strerror or error}; fix it or remove it, or choose another --out."
        ) from None
    return (manifest.parse(data) if data is not None else {}), data


def _find(out: Path, rel: str) -> _Found:
    link = nofollow.link_on_the_way(out, rel)
    if link is not None:
        return _Found(link=link)
    try:
        return _Found(data=nofollow.read(out, rel))
    except OSError as error:
        return _Found(other=error.strerror or str(error))


def _not_ours(
    out: Path, rel: str, found: _Found, listed: Mapping[str, frozenset[str]], new: bytes | None
) -> _NotOurs | None:
    """Why generate may not write `new` to `rel` (None: remove it), or None when it may."""
    path = out / rel
    if found.link is not None:
        return _NotOurs(
            found.link,
            "it is a symbolic link, and generate never writes or removes a file through one",
            f"it is reached through the symbolic link {found.link}, and generate never "
            "removes a file through one",
        )
    if found.other is not None:
        why = f"it is not a file generate can replace ({found.other})"
        return _NotOurs(path, why, why)
    if found.data is None or found.data == new:
        return None
    if rel not in listed:
        why = f"it is not listed in {out / manifest.NAME} as written by journeymap generate"
        return _NotOurs(path, why, why)
    digests = listed[rel]
    if manifest.digest(found.data) in digests:
        return None
    if not digests:
        why = (
            "an older journeymap generate listed it without a digest, so an edit by hand "
            "cannot be told apart"
        )
        return _NotOurs(path, why, why)
    why = "it was edited since journeymap generate wrote it"
    return _NotOurs(path, why, why)


def _refusal(out: Path, in_the_way: Mapping[Path, str]) -> str:
    lines = [f"\n  {path}: {why}" for path, why in sorted(in_the_way.items())]
    if len(lines) > SHOWN:
        lines[SHOWN:] = [f"\n  and {len(lines) - SHOWN} more"]
    return (
        f"journeymap generate writes only the files it owns in {out}, never through a "
        f"link, and wrote nothing: these are in the way:{''.join(lines)}\n"
        "Move them away (a link: put a folder in its place), or choose another --out."
    )


def _clear_temporaries(out: Path, rels: Iterable[str]) -> None:
    """The temporary files a killed run left beside the files it wrote go."""
    names: dict[str, set[str]] = {"": {manifest.NAME}}
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        names.setdefault(folder, set()).add(name)
    for folder, inside in names.items():
        nofollow.clear_temporaries(out, folder, inside)


def _put(out: Path, rel: str, data: bytes) -> None:
    try:
        os.makedirs(out, exist_ok=True)
        nofollow.replace(out, rel, data)
    except OSError as error:
        raise UsageError(
            f"cannot write {out / rel}: {error.strerror or error}. Fix that and run "
            "journeymap generate again: it takes over from where this run stopped."
        ) from None


def _remove(out: Path, rel: str, digests: frozenset[str]) -> bool:
    """Remove `rel` if it still holds what generate wrote; False when it does not."""
    try:
        data = nofollow.read(out, rel)
        if data is None:
            return True
        if manifest.digest(data) not in digests:
            return False
        nofollow.remove(out, rel)
    except OSError as error:
        raise UsageError(
            f"cannot remove {out / rel}: {error.strerror or error}. Fix that and run "
            "journeymap generate again: it takes over from where this run stopped."
        ) from None
    return True
