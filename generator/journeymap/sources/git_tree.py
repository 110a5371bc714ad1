"""A commit's tree as a `Tree`: its folders listed, its links followed, its files read.

Plumbing only (`ls-tree`, `cat-file --batch`), through `sources.git`'s read-only runner.
Symbolic links are followed inside the tree as the file system would follow them in a
checkout of the commit: a link whose target is absolute, or climbs above the top level,
leads out of the tree ("outside": git does not hold what it points to); one that leads
to nothing (dangling, a loop, through a file) is "broken". Each folder is listed once
and the targets of a folder's links are read in one `cat-file --batch`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from journeymap.sources.disk import REPOSITORY
from journeymap.sources.git import Repo
from journeymap.sources.tree import Entry, Facts, Kind

_SYMLINK_MODE = "120000"
#: As the system's limit of symbolic links followed on one path: more is a loop.
_MAX_LINKS = 40

#: Where a symbolic link leads when it leads to no entry of the tree: out of it
#: ("outside"), or nowhere ("broken").
LinkEnd = Literal["outside", "broken"]


@dataclass(frozen=True, slots=True)
class TreeFile:
    """An entry of a folder of a commit's tree: a file, a symbolic link, a folder
    (`kind` "tree") or a submodule ("commit")."""

    name: str
    mode: str
    oid: str
    kind: str = "blob"

    @property
    def is_symlink(self) -> bool:
        return self.mode == _SYMLINK_MODE

    @property
    def is_blob(self) -> bool:
        """A file or a symbolic link: something git holds the bytes of."""
        return self.kind == "blob"

    @property
    def tree_kind(self) -> Kind:
        if self.kind == "blob":
            return Kind.LINK if self.is_symlink else Kind.FILE
        return Kind.FOLDER if self.kind in ("tree", "commit") else Kind.OTHER


class GitTree:
    """The tree of `commit` in `repo`; paths are top-level-relative ("" is the top level)."""

    name = REPOSITORY

    def __init__(self, repo: Repo, commit: str) -> None:
        self.repo = repo
        self.commit = commit
        self._listings: dict[str, dict[str, TreeFile] | None] = {}
        self._targets: dict[str, str] = {}  # a link's oid -> the path it holds

    def join(self, folder: str, relative: str) -> str:
        return f"{folder}/{relative}" if folder else relative

    def listing(self, folder: str) -> dict[str, TreeFile] | None:
        """The entries directly in `folder` by name; None when it is not a folder there."""
        if folder not in self._listings:
            result = self.repo.git("ls-tree", "-z", f"{self.commit}:{folder}", check=False)
            self._listings[folder] = (
                {file.name: file for file in _parse(result.stdout)}
                if result.returncode == 0
                else None
            )
        return self._listings[folder]

    def entries(self, folder: str) -> list[Entry]:
        listing = self.listing(folder) or {}
        return [Entry(name, listing[name].tree_kind) for name in sorted(listing)]

    def entry(self, path: str) -> TreeFile | None:
        """The entry at `path` itself (a link not followed), or None."""
        parent, _, name = path.rpartition("/")
        return (self.listing(parent) or {}).get(name)

    def files_under(
        self, folder: str, prune: Callable[[PurePosixPath], bool]
    ) -> Iterator[tuple[PurePosixPath, Kind]]:
        result = self.repo.git("ls-tree", "-r", "-z", f"{self.commit}:{folder}", check=False)
        if result.returncode != 0:
            return
        for file in _parse(result.stdout):
            relative = PurePosixPath(file.name)
            kind = file.tree_kind
            # a submodule is a folder (of another repository): not descended into here
            if kind is not Kind.FOLDER and not any(prune(up) for up in relative.parents[:-1]):
                yield relative, kind

    def facts(self, path: str, kind: Kind) -> Facts:
        if kind is not Kind.LINK:
            return Facts(path, False, False, path, None)
        end = self.resolve(path)
        if end == "outside" or end == "broken":
            return Facts(path, True, end == "outside", None, None)
        return Facts(path, True, False, end, PurePosixPath(end).stem)

    def resolve(self, path: str) -> str | LinkEnd:
        """Where `path` (as written) leads with every link on the way followed: its
        top-level-relative path ("" for the top level), "outside" or "broken"."""
        pending = [part for part in path.split("/") if part]
        done: list[str] = []
        followed = 0
        while pending:
            part = pending.pop(0)
            if part == ".":
                continue
            if part == "..":
                if not done:
                    return "outside"
                done.pop()
                continue
            here = "/".join(done)
            listing = self.listing(here)
            entry = None if listing is None else listing.get(part)
            if entry is None:
                return "broken"
            if entry.is_symlink:
                followed += 1
                if followed > _MAX_LINKS:
                    return "broken"
                target = self._target(here, entry)
                if target.startswith("/"):
                    return "outside"
                pending[:0] = [step for step in target.split("/") if step]
                continue
            if pending and entry.kind != "tree":
                return "broken"  # through a file (or a submodule, which git does not hold)
            done.append(part)
        return "/".join(done)

    def real_folder(self, path: str) -> str | LinkEnd:
        """Where the folder `path` is, as `resolve`; "broken" when no folder is there."""
        end = self.resolve(path)
        if end in ("outside", "broken") or end == "":
            return end
        found = self.entry(end)
        return end if found is not None and found.kind == "tree" else "broken"

    def read(self, paths: Iterable[str]) -> dict[str, bytes | None]:
        """The bytes of the file each path leads to (links followed), in one
        `cat-file --batch`; None where it leads to no file git holds."""
        wanted: dict[str, str] = {}
        contents: dict[str, bytes | None] = {}
        for path in paths:
            end = self.resolve(path)
            found = None if end in ("outside", "broken") else self.entry(end)
            if found is not None and found.is_blob and not found.is_symlink:
                wanted[path] = found.oid
            else:
                contents[path] = None
        blobs = self._blobs(set(wanted.values()))
        contents.update({path: blobs.get(oid) for path, oid in wanted.items()})
        return contents

    def _target(self, folder: str, link: TreeFile) -> str:
        """The path a link holds; the first asked in a folder reads every link of it."""
        if link.oid not in self._targets:
            links = {file.oid for file in (self.listing(folder) or {}).values() if file.is_symlink}
            found = self._blobs(links | {link.oid})
            self._targets.update(
                (oid, os.fsdecode(data)) for oid, data in found.items() if data is not None
            )
        return self._targets.get(link.oid, "")

    def _blobs(self, oids: Iterable[str]) -> dict[str, bytes]:
        """The bytes of each blob, by id, in one `cat-file --batch` (missing ones left out)."""
        ordered = sorted(oids)
        if not ordered:
            return {}
        request = "".join(f"{oid}\n" for oid in ordered).encode("ascii")
        output = self.repo.git("cat-file", "--batch", stdin=request).stdout
        found: dict[str, bytes] = {}
        position = 0
        for oid in ordered:
            end = output.index(b"\n", position)
            header = output[position:end].split(b" ")
            position = end + 1
            if len(header) != 3:  # "<oid> missing"
                continue
            size = int(header[2])
            found[oid] = output[position : position + size]
            position += size + 1
        return found


def _parse(listing: bytes) -> Iterator[TreeFile]:
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        yield TreeFile(os.fsdecode(name), mode, oid, kind)
