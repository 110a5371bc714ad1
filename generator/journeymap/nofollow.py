"""Files inside a folder, reached without ever following a link below it.

Used by `project.init` and by `builders.outfolder` (generate), so it sits at the top
level, beside `paths`: neither imports the other's stage.

`journeymap init` promises to overwrite nothing, and `journeymap generate` to write and
remove only its own files inside `--out`. A link is something, even one whose target is
missing: writing "through" it would create or change a file outside the folder. So
`obstacles` treats every link (dangling or not) as an existing file, and a link or a file
where a folder is needed as in the way; `link_on_the_way` names the first link below the
folder. Then each operation opens every folder relative to an open descriptor of its
parent (`O_NOFOLLOW`): `create` makes a file only where nothing is (`O_CREAT | O_EXCL`),
`replace` writes a temporary file beside the old one and renames it over (no reader
sees half a file), `append` adds to a file that is there, `read` and `remove` never
follow a link; so a link that appears after a check is refused too rather than followed.
Linux and macOS have every flag used here.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

_NOFOLLOW_FOLDER = os.O_NOFOLLOW | os.O_DIRECTORY | os.O_RDONLY
#: What `replace` names its temporary files (those of `tempfile` match it too).
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")


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
    with _folder(root, folders, create=True) as parent:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        with os.fdopen(os.open(name, flags, 0o666, dir_fd=parent), "wb") as handle:
            handle.write(data)
    return root / rel


def append(root: Path, rel: str, data: bytes) -> Path:
    """Add `data` at the end of the existing regular file `root/rel`; `OSError` when it
    is missing, a link, or not a regular file, or a link is on the way."""
    *folders, name = rel.split("/")
    with _folder(root, folders, create=False) as parent:
        flags = os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK
        with os.fdopen(os.open(name, flags, dir_fd=parent), "ab") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise OSError(f"{root / rel} is not a regular file")
            handle.write(data)
    return root / rel


def link_on_the_way(root: Path, rel: str) -> Path | None:
    """The first symbolic link below `root` on the way to `root/rel` (that one included)."""
    here = root
    for part in rel.split("/"):
        here = here / part
        if here.is_symlink():
            return here
        if not os.path.lexists(here):
            return None
    return None


def read(root: Path, rel: str) -> bytes | None:
    """The bytes of the regular file `root/rel`; None when nothing is there. `OSError` when
    a link is on the way or in its place, a file where a folder is needed, or something
    other than a regular file (a folder, a pipe) is there."""
    *folders, name = rel.split("/")
    try:
        with _folder(root, folders, create=False) as parent:
            descriptor = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=parent)
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{root / rel} is not a regular file")
        return handle.read()


def replace(root: Path, rel: str, data: bytes) -> None:
    """Make `root/rel` hold `data` (mode 0644), in one rename: a temporary file beside it
    (`.NAME.XXXXXXXX.tmp`) is renamed over it. Missing folders are made; `OSError` for a
    link or a file where a folder is needed."""
    *folders, name = rel.split("/")
    with _folder(root, folders, create=True) as parent:
        temporary = f".{name}.{secrets.token_hex(4)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        descriptor = os.open(temporary, flags, 0o644, dir_fd=parent)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                os.fchmod(descriptor, 0o644)
                handle.write(data)
            os.replace(temporary, name, src_dir_fd=parent, dst_dir_fd=parent)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=parent)
            raise


def remove(root: Path, rel: str) -> None:
    """Remove `root/rel` (never what a link there points to), then the folders below
    `root` that it leaves empty; `OSError` for a link or a file on the way."""
    *folders, name = rel.split("/")
    descriptors = [os.open(root, os.O_DIRECTORY | os.O_RDONLY)]
    try:
        for folder in folders:
            descriptors.append(os.open(folder, _NOFOLLOW_FOLDER, dir_fd=descriptors[-1]))
        os.unlink(name, dir_fd=descriptors[-1])
        for depth in reversed(range(len(folders))):
            try:
                os.rmdir(folders[depth], dir_fd=descriptors[depth])
            except OSError:  # not empty: neither is any folder above it
                break
    finally:
        for descriptor in descriptors:
            os.close(descriptor)


def clear_temporaries(root: Path, folder: str, names: Iterable[str]) -> None:
    """Remove from `root/folder` ("" for `root`) the temporary files `replace` left for
    files called `names` (a run killed while it wrote); anything else stays."""
    names = set(names)
    try:
        with _folder(root, folder.split("/") if folder else [], create=False) as parent:
            with os.scandir(parent) as entries:
                left = [
                    entry.name
                    for entry in entries
                    if (match := _TEMPORARY.fullmatch(entry.name)) is not None
                    and match.group("name") in names
                    and entry.is_file(follow_symlinks=False)
                ]
            for name in left:
                with contextlib.suppress(OSError):
                    os.unlink(name, dir_fd=parent)
    except OSError:
        return  # no such folder, or a link: nothing of ours is in it


@contextlib.contextmanager
def _folder(root: Path, folders: Sequence[str], create: bool) -> Iterator[int]:
    """A descriptor of `root/folders…`: `root` as named, each folder below it opened
    without following a link (made first when missing, if `create`)."""
    descriptor = os.open(root, os.O_DIRECTORY | os.O_RDONLY)
    try:
        for folder in folders:
            if create:  # a real folder already there is opened below; a link fails there
                with contextlib.suppress(FileExistsError):
                    os.mkdir(folder, dir_fd=descriptor)
            child = os.open(folder, _NOFOLLOW_FOLDER, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = child
        yield descriptor
    finally:
        os.close(descriptor)


def _link(path: Path) -> str | None:
    if not path.is_symlink():
        return None
    try:
        return f"a link to {os.readlink(path)}"
    except OSError:
        return "a link"
