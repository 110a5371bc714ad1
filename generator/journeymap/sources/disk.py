"""The file system as a `Tree`, the bounds its links must stay in, and reading a file.

One rule holds for every command (validate, build, serve, generate, diff): no symbolic
link leads journeymap out of the project. The project is the git work tree that holds
the configuration (the nearest folder above it with a `.git`), else the folder of the
configuration; a folder the configuration or the command line names outside it is read
as named, and the same rule then holds for the links in it (`Bounds`).

A file is read without blocking and only once it is known to be a regular file within
the size limit, so a pipe or a device named `x.yml` never hangs a run; why a file
cannot be read is a sentence that never names where a link points.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from journeymap.journey.limits import MAX_FILE_BYTES, file_too_large
from journeymap.paths import resolved
from journeymap.sources.tree import Entry, Facts, Kind

#: How messages name the project when it is a git work tree, and when it is not.
REPOSITORY = "the repository"
PROJECT_FOLDER = "the project folder"


@dataclass(frozen=True)
class Bounds:
    """Where links may lead: the project (`roots[0]`) and the folders named outside it."""

    roots: tuple[Path, ...]
    name: str  # how messages call the project: REPOSITORY or PROJECT_FOLDER

    @classmethod
    def of(cls, project: Path) -> Bounds:
        """The git work tree holding `project` (a resolved folder), else `project`."""
        for folder in (project, *project.parents):
            if os.path.lexists(folder / ".git"):
                return cls((folder,), REPOSITORY)
        return cls((project,), PROJECT_FOLDER)

    def holds(self, path: Path) -> bool:
        return any(path.is_relative_to(root) for root in self.roots)

    def admit(self, written: Path, real: Path) -> Bounds | None:
        """The bounds for what lies at `real`, reached as `written` (absolute, links not
        followed): None when a link on the way leads out of them; a folder named outside
        them is read as named, and becomes a root of its own."""
        if self.holds(real):
            return self
        if self.holds(written):
            return None
        return replace(self, roots=(*self.roots, real))


@dataclass(frozen=True)
class DiskTree:
    """The file system, its links judged against `bounds`. Made for one discovery: it
    remembers where each folder it was asked about really is."""

    bounds: Bounds
    _real: dict[Path, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.bounds.name

    def join(self, folder: Path, relative: str) -> Path:
        return folder / relative

    def entries(self, folder: Path) -> list[Entry]:
        """Raises OSError when the folder cannot be listed."""
        entries = []
        with os.scandir(folder) as listing:
            for item in listing:
                entries.append(Entry(item.name, _kind(item)))
        return sorted(entries, key=lambda entry: entry.name)

    def files_under(
        self, folder: Path, prune: Callable[[PurePosixPath], bool]
    ) -> Iterator[tuple[PurePosixPath, Kind]]:
        # os.walk lists a link to a folder with the folders, and does not follow it
        for here, folders, files in os.walk(folder, onerror=lambda _: None):
            relative = PurePosixPath(Path(here).relative_to(folder).as_posix())
            links = {name for name in folders if os.path.islink(os.path.join(here, name))}
            folders[:] = sorted(
                name for name in folders if name not in links and not prune(relative / name)
            )
            for name in sorted([*files, *links]):
                yield relative / name, Kind.LINK if name in links else Kind.FILE

    def facts(self, path: Path, kind: Kind) -> Facts:
        link = kind is Kind.LINK
        outside = link and not self.bounds.holds(resolved(path))
        found: tuple[int, int] | None = None
        if not outside:  # what a link out of the bounds leads to is not even looked at
            try:
                status = os.stat(path)
            except (OSError, ValueError):  # it leads nowhere: reading it says why
                pass
            else:
                found = (status.st_dev, status.st_ino)
        parent = path.parent
        real = self._real.get(parent)
        if real is None:
            real = self._real[parent] = os.path.realpath(parent)
        return Facts(
            entry=os.path.join(real, path.name),
            link=link,
            outside=outside,
            file=found,
            stem=resolved(path).stem if link and found is not None else None,
        )

    def kind(self, path: Path) -> Kind:
        """What the entry at `path` is (a path given on the command line)."""
        try:
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):
            return Kind.OTHER
        if stat.S_ISLNK(mode):
            return Kind.LINK
        return (
            Kind.FOLDER if stat.S_ISDIR(mode) else Kind.FILE if stat.S_ISREG(mode) else Kind.OTHER
        )


def _kind(item: os.DirEntry[str]) -> Kind:
    try:
        if item.is_symlink():
            return Kind.LINK
        if item.is_dir(follow_symlinks=False):
            return Kind.FOLDER
        if item.is_file(follow_symlinks=False):
            return Kind.FILE
    except OSError:
        pass
    return Kind.OTHER


# --- reading a file -----------------------------------------------------------------------


def read_bytes(path: Path) -> bytes | str:
    """The bytes of a journey file, or a sentence saying why it cannot be read.

    Opened without blocking and checked to be a regular file before reading, so a
    pipe or a device named `x.yml` never hangs the run; a file over the size limit is
    not read at all (nor more of it than the limit, should it grow meanwhile).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        return _unreadable(path, error)
    try:
        status = os.fstat(fd)
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            return _FOLDER
        if not stat.S_ISREG(mode):
            return _NOT_A_FILE
        too_large = file_too_large(status.st_size)
        if too_large is not None:
            return too_large
        chunks = []
        total = 0
        while total <= MAX_FILE_BYTES and (chunk := os.read(fd, 1 << 20)):
            chunks.append(chunk)
            total += len(chunk)
        return file_too_large(total) or b"".join(chunks)
    except OSError as error:
        return _unreadable(path, error)
    finally:
        os.close(fd)


def _unreadable(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return _LOOP
    if error.errno == errno.ENOENT and path.is_symlink():
        return _DANGLING
    if error.errno in (errno.EACCES, errno.EPERM):
        return "the file cannot be read (permission denied): make it readable, e.g. chmod a+r"
    if error.errno == errno.EISDIR:
        return _FOLDER
    if error.errno == errno.ENXIO:  # a socket: opening it finds no device behind it
        return _NOT_A_FILE
    # The reason alone: str(error) would add the absolute path, which findings never show.
    return f"the file cannot be read ({error.strerror or type(error).__name__})"


_FOLDER = "this is a folder, not a journey file: rename it (or move it out of the folder)"
_NOT_A_FILE = (
    "this is not a regular file (a pipe, socket or device): journey files are "
    "plain text files; remove it or rename it"
)
_LOOP = (
    "this is a symbolic link that loops back on itself, so the file cannot be "
    "read: point the link at a journey file, or remove it"
)
# Never the link's target: findings are published (previews, generated pages, CI logs),
# and a target names a place on someone's own machine.
_DANGLING = (
    "this is a symbolic link to a file that does not exist: point the link at a "
    "journey file, or remove it"
)
