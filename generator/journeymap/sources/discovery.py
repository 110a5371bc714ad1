"""Which files make the portfolio: one set of rules over any tree of files.

The rules, the same on disk and at a git revision (`Tree`):

- The sources of a folder are its entries named like a journey file (`*.yml`,
  `*.yaml`, in any case: `x.YML` is a finding saying to rename it), whatever each is: a
  dangling link, a folder or a pipe is a source too, so checking it says why it cannot
  be read. Hidden entries (`.x.yml`, editors' lock files) are skipped.
- A file named like a journey file anywhere under a subfolder (not a hidden one, nor one
  named like a journey file, which is a source itself) is a source that is not read: its
  one finding says to move it, where it would otherwise vanish without a word.
- A symbolic link that leads out of the tree's bounds is never read: its one finding
  names the link (`link_out`). On disk the bounds are the project (`sources.disk`); in
  git, the repository's tree.
- Two names of one file (a symbolic or a hard link) are read once, under the name that
  is not a link, else the one whose stem is the file's own, else the first by name;
  each other name is a source that says it is a second name (`Source.same_as`).

The folder and the file suffixes are parameters (`sources_in`), so another kind of file
kept in a folder of its own is discovered by the same rules. `discover` applies them to
the configured journeys folder, or to the files and folders named on the command line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TypeVar

from journeymap.config.settings import Settings
from journeymap.errors import NoJourneys, UsageError
from journeymap.paths import resolved
from journeymap.sources.disk import Bounds, DiskTree
from journeymap.sources.tree import Facts, Tree

#: The suffixes of journey files, in the case they must be written in (`.YML` is a
#: finding saying to rename it).
SUFFIXES = (".yml", ".yaml")

P = TypeVar("P")


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


def is_journey_name(name: str, suffixes: Sequence[str] = SUFFIXES) -> bool:
    """The file names taken from a folder of journey files (`.YML` too: it gets a finding)."""
    return not name.startswith(".") and name.lower().endswith(tuple(suffixes))


# --- the rules, over any tree -------------------------------------------------------------


def sources_in(
    tree: Tree[P],
    folder: P,
    display: PurePosixPath,
    place: Callable[[PurePosixPath], Path],
    suffixes: Sequence[str] = SUFFIXES,
) -> list[Source]:
    """The sources of `folder` in `tree`, by the rules above, each named `display/<its
    path in the folder>` in findings and placed at `place(<its path in the folder>)`."""
    return one_name_each(found_in(tree, folder, display, place, suffixes))


def found_in(
    tree: Tree[P],
    folder: P,
    display: PurePosixPath,
    place: Callable[[PurePosixPath], Path],
    suffixes: Sequence[str] = SUFFIXES,
) -> Iterator[tuple[Source, Facts]]:
    """The sources of `folder` before `one_name_each`, each with its entry's facts."""
    for entry in tree.entries(folder):
        if is_journey_name(entry.name, suffixes):
            name = PurePosixPath(entry.name)
            facts = tree.facts(tree.join(folder, entry.name), entry.kind)
            refused = link_out(tree.name) if facts.outside else None
            yield Source(place(name), (display / name).as_posix(), refused=refused), facts

    def pruned(below: PurePosixPath) -> bool:
        """Not looked into: hidden folders, and those named like a journey file at the top
        (each is a source itself)."""
        return below.name.startswith(".") or (
            len(below.parts) == 1 and is_journey_name(below.name, suffixes)
        )

    for inner, kind in tree.files_under(folder, pruned):
        if len(inner.parts) > 1 and is_journey_name(inner.name, suffixes):
            facts = tree.facts(tree.join(folder, inner.as_posix()), kind)
            yield Source(place(inner), (display / inner).as_posix(), nested=True), facts


def one_name_each(found: Iterable[tuple[Source, Facts]]) -> list[Source]:
    """Each file checked once, under its own name; its other names say they are one.

    The same entry found twice (a file and its folder given, or through a link to its
    folder) is kept once, silently. Two entries that are one file (`alias.yml ->
    sign-up.yml`, or a hard link) would make one journey two, or hide one of them: the
    file is read under the name that is not a link (else the one whose stem is the
    file's own, else the first by name), and each other name becomes a `same_as`
    source, reported as such. A link out of the bounds is its own finding.
    """
    groups: dict[Hashable, list[tuple[Source, Facts]]] = {}
    for source, facts in found:
        key: Hashable
        if source.refused is not None:
            key = ("refused", facts.entry)
        elif facts.file is None:  # unreadable: checking it says why
            key = ("entry", facts.entry)
        else:
            key = ("file", facts.file)
        groups.setdefault(key, []).append((source, facts))
    kept: list[Source] = []
    for group in groups.values():
        entries: dict[Hashable, tuple[Source, Facts]] = {}
        for source, facts in group:  # the same entry twice: the first way it was given
            entries.setdefault(facts.entry, (source, facts))
        names = list(entries.values())
        if len(names) == 1:
            kept.append(names[0][0])
            continue
        targets = {facts.stem for _, facts in names if facts.link}
        names.sort(
            key=lambda pair: (pair[1].link, pair[0].path.stem not in targets, pair[0].display)
        )
        first = names[0][0]
        kept.append(first)
        for other, facts in names[1:]:
            kept.append(replace(other, same_as=first.display, hard_link=not facts.link))
    return kept


# --- on disk: the configured folder, or the paths given -----------------------------------


def discover(paths: Sequence[Path] | None, settings: Settings) -> list[Source]:
    """The journey files to check: files as given, and each folder's sources (above).

    Raises `NoJourneys` for a path that does not exist or when nothing is found, and
    `UsageError` for a folder that a symbolic link leads out of the project.
    """
    bounds = Bounds.of(settings.config_dir)
    found: list[tuple[Source, Facts]] = []
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
        found.extend(_on_disk(inner, folder, shown_path(folder, settings)))
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
                found.extend(_on_disk(inner, given, given.as_posix()))
            elif os.path.lexists(given):
                tree = DiskTree(bounds if inner is None else inner)
                refused = None if inner is not None else link_out(bounds.name)
                source = Source(given, given.as_posix(), refused=refused)
                found.append((source, tree.facts(given, tree.kind(given))))
            else:
                raise NoJourneys(f"{given}: no such file or folder")
    if not found:
        names = [str(p) for p in paths] if paths else [shown_path(settings.journeys, settings)]
        where = ", ".join(names)
        raise NoJourneys(
            f"no journey files (*.yml, *.yaml) found in {where}: "
            "run `journeymap new ID` to write a first journey"
        )
    return sorted(one_name_each(found), key=lambda source: source.display)


def discover_studies(settings: Settings) -> list[Source]:
    """The study files of the configured research folder, by the same rules as journey
    files; a project without the folder has no studies (SPEC "Research studies").

    Raises `UsageError` for a research folder that a symbolic link leads out of the
    project, and for one that is a file.
    """
    folder = settings.research
    named = settings.options.research
    if not os.path.lexists(settings.config_dir / named) and not folder.exists():
        return []
    bounds = Bounds.of(settings.config_dir)
    written = Path(os.path.normpath(settings.config_dir / named))
    inner = bounds.admit(written, resolved(folder))
    if inner is None:
        raise UsageError(
            f"the research folder {named} leads out of {bounds.name} through a symbolic "
            f"link, so it is not read: journeymap reads no study file from outside "
            f"{bounds.name}; point the link at a folder inside it"
        )
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"the research folder {shown_path(folder, settings)} is a file, not a folder: set "
            "the journeymap option 'research' to the folder of study files"
        )
    if not folder.is_dir():
        return []
    found = _on_disk(inner, folder, shown_path(folder, settings))
    return sorted(one_name_each(found), key=lambda source: source.display)


def _on_disk(bounds: Bounds, folder: Path, display: str) -> list[tuple[Source, Facts]]:
    """The sources of a folder on disk (inside `bounds`), before `one_name_each`."""
    try:
        return list(found_in(DiskTree(bounds), folder, PurePosixPath(display), folder.joinpath))
    except OSError as error:
        raise NoJourneys(f"{folder}: cannot be read ({error.strerror})") from None


def shown_path(path: Path, settings: Settings) -> str:
    """How findings name a path the configuration leads to: relative to the config's
    folder, `../journeys` for a folder beside it (SPEC: `file` is relative to the
    config's folder), never absolute, which would publish where a checkout lies."""
    try:
        return Path(os.path.relpath(path, settings.config_dir)).as_posix()
    except ValueError:  # on another drive (Windows): no relative path leads there
        return path.as_posix()
