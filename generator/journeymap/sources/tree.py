"""What discovery asks of a tree of files, on disk or at a git revision: the `Tree` protocol.

Discovery (`sources.discovery`) holds the rules (which entries of a folder are sources,
which are second names of one file, which links lead out); a tree only answers
questions about its entries. `sources.disk.DiskTree` answers them from the file system,
`sources.git_tree.GitTree` from a commit, so both sides of `journeymap diff` are
discovered by the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePosixPath
from typing import Protocol, TypeVar


class Kind(Enum):
    """What an entry of a folder is, its symbolic links not followed."""

    FILE = "file"
    FOLDER = "folder"  # a git submodule too: a folder of its own repository
    LINK = "link"
    OTHER = "other"  # a pipe, socket or device


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a folder: its name and what it is."""

    name: str
    kind: Kind


@dataclass(frozen=True, slots=True)
class Facts:
    """What discovery needs to know of one entry, its links followed as far as they lead."""

    #: The entry itself: the same entry reached twice (a path given twice, or through a
    #: link to its folder) has the same `entry`.
    entry: Hashable
    link: bool  # the entry is a symbolic link
    outside: bool  # a link that leads out of the tree's bounds: never read
    #: The file (or folder) the entry is once its links are followed: two entries with
    #: the same `file` are two names of one file. None: it leads nowhere (dangling, a loop).
    file: Hashable | None
    #: For a link, the stem of the name of the file it leads to (None where `file` is);
    #: None for an entry that is not a link.
    stem: str | None


P = TypeVar("P")


class Tree(Protocol[P]):
    """A tree of files whose paths are `P` (a `Path` on disk, a top-level-relative `str`
    in git)."""

    @property
    def name(self) -> str:
        """How messages call the tree: "the repository" or "the project folder"."""
        ...

    def join(self, folder: P, relative: str) -> P:
        """The path of `relative` (a name, or POSIX names joined with "/") in `folder`."""
        ...

    def entries(self, folder: P) -> list[Entry]:
        """The entries directly in `folder`, sorted by name."""
        ...

    def files_under(
        self, folder: P, prune: Callable[[PurePosixPath], bool]
    ) -> Iterator[tuple[PurePosixPath, Kind]]:
        """Every entry that is not a folder anywhere in `folder` (its own entries too), as
        a path relative to it: links to folders are not followed (so no loop), and no
        folder is descended into whose relative path `prune` accepts."""
        ...

    def facts(self, path: P, kind: Kind) -> Facts:
        """What the entry at `path`, of `kind` as its folder's listing says, is for
        discovery's rules."""
        ...
