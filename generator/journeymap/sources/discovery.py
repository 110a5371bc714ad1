"""Which journey files a check reads, and their bytes.

Discovery finds the journey files of a folder (or as given on the command line); every
entry named like one is a source, whatever it is, so checking it says why it cannot be
read. One rule holds for every command (validate, build, serve, generate, diff): no
symbolic link leads journeymap out of the project. A journey file that is a link out of
it is a finding that names the link and is never opened; a journeys folder that is one
is refused. The project is the git work tree that holds the configuration (the nearest
folder above it with a `.git`), else the folder of the configuration; a folder the
configuration or the command line names outside it is read as named, and the same rule
then holds for the links in it. So a pull request cannot make a protected pipeline
publish, in findings or a preview, what some file elsewhere on the machine holds.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from journeymap.config.settings import Settings
from journeymap.errors import NoJourneys, UsageError
from journeymap.journey.limits import MAX_FILE_BYTES, file_too_large
from journeymap.paths import resolved

#: The suffixes of journey files, in the case they must be written in (`.YML` is a
#: finding saying to rename it).
SUFFIXES = (".yml", ".yaml")
#: How messages name the project when it is a git work tree, and when it is not.
REPOSITORY = "the repository"
PROJECT_FOLDER = "the project folder"


@dataclass(frozen=True)
class Source:
    """A journey file to check."""

    path: Path  # where the file is (reading, resolving, edit links)
    display: str  # how findings name the file
    content: bytes | None = None  # in-memory bytes (e.g. a git blob); None: read `path`
    #: For a second name of a file in the portfolio (a symbolic or hard link): how the
    #: first name is shown. Such a source is not read: its one finding says what it is.
    same_as: str | None = None
    hard_link: bool = False  # a second name that is a hard link, not a symbolic one
    #: In a subfolder of the journeys folder, where journeys are not read: its one
    #: finding says to move it (a journey there would otherwise vanish without a word).
    nested: bool = False
    #: Why the file is not read (a link out of the project): its one finding says so.
    refused: str | None = None


def link_out(project: str) -> str:
    """The finding for a journey file that a symbolic link leads out of `project`: it
    names nothing the link leads to (the finding's file is the link)."""
    return (
        f"this leads out of {project} through a symbolic link, so it is not read (journeymap "
        f"reads no journey file from outside {project}): put the journey file itself in "
        f"{project}, or remove the link"
    )


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


# --- which files --------------------------------------------------------------------------


def discover(paths: Sequence[Path] | None, settings: Settings) -> list[Source]:
    """The journey files to check: files as given, and each folder's `*.yml`/`*.yaml`.

    Every entry of a folder named like a journey file is a source, whatever it is
    (a dangling link, a folder, a pipe, `x.YML`): checking it reports why it cannot
    be read. Hidden entries (`.x.yml`, editors' lock files) are skipped.
    Raises `NoJourneys` for a path that does not exist or when nothing is found, and
    `UsageError` for a folder that a symbolic link leads out of the project.
    """
    bounds = Bounds.of(settings.config_dir)
    sources: list[Source] = []
    if not paths:
        folder = settings.journeys
        named = settings.options.journeys
        where = f" (set by {settings.config_file.name})" if settings.config_file else ""
        written = Path(os.path.normpath(settings.config_dir / named))
        inner = bounds.admit(written, resolved(folder))
        if inner is None:
            raise UsageError(
                f"the journeys folder {named}{where} leads out of {bounds.name} through a "
                f"symbolic link, so it is not read: journeymap reads no journey file from "
                f"outside {bounds.name}; point the link at a folder inside it (or name a "
                "folder outside it in the journeymap option 'journeys')"
            )
        if folder.exists() and not folder.is_dir():
            raise NoJourneys(
                f"the journeys folder {shown_path(folder, settings)} is a file, not a folder: "
                "set the journeymap option 'journeys' to the folder of journey files"
            )
        if not folder.is_dir():
            shown = shown_path(folder, settings)
            first = "or run `journeymap new ID` to write a first journey"
            if os.path.islink(folder):  # links are followed as far as they lead
                state = "is a symbolic link that loops back on itself: point it at a folder"
            elif Path(os.path.normpath(named)).as_posix() != shown:
                state = f"leads to {shown}, which does not exist: create it, {first}"
            else:
                state = f"does not exist: create it, {first}"
            raise NoJourneys(f"the journeys folder {named}{where} {state}")
        sources.extend(_folder(folder, shown_path(folder, settings), inner))
    else:
        for given in paths:
            inner = bounds.admit(Path(os.path.abspath(given)), resolved(given))
            if given.is_dir():
                if inner is None:
                    raise UsageError(
                        f"{given}: this folder leads out of {bounds.name} through a symbolic "
                        f"link, so it is not read: journeymap reads no journey file from "
                        f"outside {bounds.name}; name the folder itself"
                    )
                sources.extend(_folder(given, given.as_posix(), inner))
            elif os.path.lexists(given):
                refused = None if inner is not None else link_out(bounds.name)
                sources.append(Source(given, given.as_posix(), refused=refused))
            else:
                raise NoJourneys(f"{given}: no such file or folder")
    if not sources:
        names = [str(p) for p in paths] if paths else [shown_path(settings.journeys, settings)]
        where = ", ".join(names)
        raise NoJourneys(
            f"no journey files (*.yml, *.yaml) found in {where}: "
            "run `journeymap new ID` to write a first journey"
        )
    return sorted(_one_name_each(sources), key=lambda source: source.display)


def _one_name_each(sources: Sequence[Source]) -> list[Source]:
    """Each file checked once, under its own name; its other names say they are one.

    A path given twice (a file and its folder, or through a link to its folder) is the
    same entry: kept once, silently.
    Two entries that are one file (`alias.yml -> sign-up.yml`, or a hard link) would make
    one journey two, or hide one of them: the file is read under the name that is not a
    link (else the one whose stem is the file's own), and each other name becomes a
    `same_as` source, reported as such. A link out of the project is its own finding.
    """
    groups: dict[object, list[Source]] = {}
    for source in sources:
        if source.refused is not None:
            key: object = ("refused", os.path.abspath(source.path))
        else:
            try:
                status = os.stat(source.path)
            except (OSError, ValueError):  # unreadable: checking it says why
                key = os.path.abspath(source.path)
            else:
                key = (status.st_dev, status.st_ino)
        groups.setdefault(key, []).append(source)
    kept: list[Source] = []
    for group in groups.values():
        entries: dict[str, Source] = {}
        for source in group:  # the same entry given twice: the first way it was given
            entry = os.path.join(os.path.realpath(source.path.parent), source.path.name)
            entries.setdefault(entry, source)
        names = list(entries.values())
        if len(names) == 1:
            kept.append(names[0])
            continue
        targets = {Path(os.path.realpath(s.path)).stem for s in names if s.path.is_symlink()}
        names.sort(key=lambda s: (s.path.is_symlink(), s.path.stem not in targets, s.display))
        first = names[0]
        kept.append(first)
        for other in names[1:]:
            hard = not other.path.is_symlink()
            kept.append(replace(other, same_as=first.display, hard_link=hard))
    return kept


def _folder(folder: Path, display_root: str, bounds: Bounds) -> Iterator[Source]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise NoJourneys(f"{folder}: cannot be read ({error.strerror})") from None
    root = PurePosixPath(display_root)
    for name in names:
        path = folder / name
        if is_journey_name(name):
            # the folder is inside the bounds: only a link in it can lead out of them
            out = os.path.islink(path) and not bounds.holds(resolved(path))
            refused = link_out(bounds.name) if out else None
            yield Source(path, (root / name).as_posix(), refused=refused)
        elif not name.startswith(".") and _real_folder(path):
            yield from _nested(folder, name, root)


def _nested(folder: Path, name: str, root: PurePosixPath) -> Iterator[Source]:
    """Journey-named files anywhere under the subfolder `name` (links to folders are not
    followed, so no loop): sources that are not read, each reported as misplaced."""
    for here, folders, files in os.walk(folder / name, onerror=lambda _: None):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        relative = Path(here).relative_to(folder)
        for file in sorted(files):
            if is_journey_name(file):
                path = relative / file
                yield Source(folder / path, (root / path.as_posix()).as_posix(), nested=True)


def _real_folder(path: Path) -> bool:
    """A folder, not a link to one."""
    return not path.is_symlink() and path.is_dir()


def is_journey_name(name: str) -> bool:
    """The file names taken from a journeys folder (`.YML` too: it gets a finding)."""
    return not name.startswith(".") and name.lower().endswith(SUFFIXES)


def shown_path(path: Path, settings: Settings) -> str:
    """How findings name a path the configuration leads to: relative to the config's
    folder, `../journeys` for a folder beside it (SPEC: `file` is relative to the
    config's folder), never absolute, which would publish where a checkout lies."""
    try:
        return Path(os.path.relpath(path, settings.config_dir)).as_posix()
    except ValueError:  # on another drive (Windows): no relative path leads there
        return path.as_posix()


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
            return "this is a folder, not a journey file: rename it (or move it out of the folder)"
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
        return (
            "this is a symbolic link that loops back on itself, so the file cannot be "
            "read: point the link at a journey file, or remove it"
        )
    if error.errno == errno.ENOENT and path.is_symlink():
        # Never the link's target: findings are published (previews, generated pages,
        # CI logs), and a target names a place on someone's own machine.
        return (
            "this is a symbolic link to a file that does not exist: point the link at a "
            "journey file, or remove it"
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return "the file cannot be read (permission denied): make it readable, e.g. chmod a+r"
    if error.errno == errno.EISDIR:
        return "this is a folder, not a journey file: rename it (or move it out of the folder)"
    if error.errno == errno.ENXIO:  # a socket: opening it finds no device behind it
        return _NOT_A_FILE
    # The reason alone: str(error) would add the absolute path, which findings never show.
    return f"the file cannot be read ({error.strerror or type(error).__name__})"


_NOT_A_FILE = (
    "this is not a regular file (a pipe, socket or device): journey files are "
    "plain text files; remove it or rename it"
)
