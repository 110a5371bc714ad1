"""The site folder on disk: `journeymap build` builds into a staging folder and puts the
result in place only when the build succeeded, so the site is never lost or half-built.

- One build at a time per site folder: a lock (`.<site>.lock` next to it, removed
  afterwards) makes a second build wait, with a message, and give up after a while.
- What an interrupted build left behind (a killed process cannot clean up) is ours to
  remove under that lock; a site moved aside for a swap that never finished comes back.
- SIGTERM and SIGHUP stop a build like Ctrl-C does: the staging folder is removed and
  the previous site stays; they wait while the site itself is being swapped.
- The new site replaces the old one by two renames next to it; a site folder that cannot
  be renamed (a mount point, a folder whose parent is read-only) gets its contents
  replaced instead, entry by entry, each a rename within the folder.
- The hidden entries of the old site (a name starting with "."; a gh-pages checkout's
  `.git`, `.nojekyll`, `.htaccess`, `.well-known/`) are kept, as MkDocs' own clean of the
  site folder keeps them; an old site is deleted only once they are back in the new one.
- Only a folder that journeymap or MkDocs built is replaced (`built_site`), or one that
  would lose nothing (missing, empty, or holding only hidden entries).

Every error names the path and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from journeymap.config.settings import Settings
from journeymap.errors import BuildFailed, ConfigError
from journeymap.paths import looping_link

log = logging.getLogger("mkdocs.plugins.journeymap.site")

#: How long a build waits for another build of the same site folder to finish.
LOCK_TIMEOUT_SECONDS = 900.0
#: What `journeymap build` leaves in every site it builds: the next build replaces a folder
#: that holds it (a dotfile, so it is kept like the other hidden files).
MARKER = ".built-by-journeymap"
MARKER_TEXT = (
    "This folder is a site built by `journeymap build`, which replaces it whole on the next\n"
    "build (keeping only its hidden files, as MkDocs does). Keep your own files elsewhere.\n"
)
#: What MkDocs itself leaves in every site it builds, whatever the theme: it adds
#: sitemap.xml to every theme's templates and writes sitemap.xml.gz beside it; and the
#: index of its search plugin (Material's too). A site built by an earlier journeymap,
#: or by `mkdocs build`, is recognised by these.
MKDOCS_FINGERPRINTS = (("sitemap.xml", "sitemap.xml.gz"), ("search/search_index.json",))
#: Prefix of our working folders inside a site folder that is replaced in place.
INSIDE_PREFIX = ".journeymap-"
_MKDTEMP_SUFFIX = r"[a-z0-9_]{8}"  # what tempfile.mkdtemp appends
_INSIDE = re.compile(rf"\.journeymap-(building|incoming|old)-{_MKDTEMP_SUFFIX}")
#: rename() errors that replacing the folder's contents can get around.
_CANNOT_RENAME = {errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES, errno.ENOTEMPTY}
_PARENT_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def check_target(target: Path, settings: Settings, docs_dir: Path) -> None:
    """Refuse a site folder whose replacement would delete the project, its sources or
    anything else that is not a built site.

    The build swaps the whole folder, so it must not be (or contain) the project, the
    docs, the journeys or the templates, nor sit inside the docs or journeys; and an
    existing folder is replaced only if journeymap or MkDocs built it (`built_site`), or
    if it would lose nothing (missing, empty, or holding only hidden entries).
    """
    check_clear_of_sources(target, settings, docs_dir)
    if os.path.lexists(target) and not target.is_dir():
        raise ConfigError(f"{target} is a file; choose a folder for the site.")
    try:
        replaced = sorted(entry.name for entry in os.scandir(target) if not kept(entry.name))
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing to lose (a file on the way is for `staging` to report)
    except OSError as error:
        raise ConfigError(
            f"cannot read the site folder {target}: {error.strerror}; choose another --site-dir."
        ) from None
    if replaced and not built_site(target):
        shown = ", ".join(replaced[:3]) + (
            f" and {len(replaced) - 3} more" if len(replaced) > 3 else ""
        )
        raise ConfigError(
            f"{target} does not look like a built site: it holds {shown}, and none of what "
            f"journeymap or MkDocs leave in a site they built ({MARKER}, sitemap.xml.gz, "
            "search/search_index.json). journeymap build replaces the whole folder (keeping "
            "only its hidden files, as MkDocs does), so choose a new or empty folder "
            "(--site-dir, or site_dir in mkdocs.yml; default: site), or move those away."
        )


def kept(name: str) -> bool:
    """Whether an entry of the site folder outlives a build: a hidden one, as in MkDocs'
    `clean_directory` (it never copies hidden files, so it never deletes them either)."""
    return name.startswith(".")


def built_site(folder: Path) -> bool:
    """Whether `folder` holds a site journeymap built (its `MARKER`) or MkDocs did (see
    `MKDOCS_FINGERPRINTS`)."""
    if (folder / MARKER).is_file():
        return True
    return any(all((folder / name).is_file() for name in names) for names in MKDOCS_FINGERPRINTS)


def unchanged_note(target: Path) -> str:
    """What a failed build says of the site folder: "the previous site is unchanged" only
    when there was one (a site in `target`), else that none was written."""
    try:
        had_site = target.is_dir() and any(not kept(entry.name) for entry in os.scandir(target))
    except OSError:
        had_site = False
    if had_site:
        return "the previous site is unchanged"
    return "no site was written (there was none before)"


def check_clear_of_sources(target: Path, settings: Settings, docs_dir: Path) -> None:
    """Refuse a site folder that is, holds or sits in the project, docs, journeys or
    templates: cleaning it (MkDocs does, before every build) would delete them."""
    looping = looping_link(target)
    if looping is not None:
        raise ConfigError(
            f"the site folder {target} cannot be reached: {looping} is a symbolic link that "
            "loops back on itself; remove it, or choose another site folder (--site-dir, or "
            "site_dir in mkdocs.yml)."
        )
    sources = {
        "the project (the folder of mkdocs.yml)": settings.config_dir,
        "the docs folder": docs_dir,
        "the journeys folder": settings.journeys,
    }
    if settings.templates is not None:
        sources["the templates folder"] = settings.templates
    for what, source in sources.items():
        if source == target or source.is_relative_to(target):
            raise ConfigError(
                f"the site folder {target} would replace {what} ({source}); "
                "choose another site folder (--site-dir, or site_dir in mkdocs.yml; default: site)."
            )
    for what, source in (("docs", docs_dir), ("journeys", settings.journeys)):
        if target.is_relative_to(source):
            raise ConfigError(
                f"the site folder {target} is inside the {what} folder ({source}); "
                "choose a folder outside it (--site-dir, or site_dir in mkdocs.yml; default: site)."
            )


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """An empty folder to build the site into; when the `with` body succeeds, its
    contents become the site at `target`, and when it fails the previous site is left
    exactly as it was and the folder is removed. Builds of one site run one at a time."""
    _make_parent(target)
    with Signals() as signals, _locked(target):
        _clear_leftovers(target)
        folder, inside = _make_staging(target)
        try:
            yield folder
            with signals.deferred():
                _install(folder, target, inside)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


# --- Signals --------------------------------------------------------------------------


class Signals:
    """SIGTERM and SIGHUP raise SystemExit (exit status 128 + signal) so that cleanups
    run, as on Ctrl-C; inside `deferred()` they wait until it ends. Only in the main
    thread, and only where the signal still has its default action."""

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.installed: list[int] = []
        self.deferring = 0
        self.pending: int | None = None

    def __enter__(self) -> Signals:
        if threading.current_thread() is threading.main_thread():
            for number in self.SIGNALS:
                if signal.getsignal(number) is signal.SIG_DFL:
                    signal.signal(number, self._handle)
                    self.installed.append(number)
        return self

    def __exit__(self, *exc: object) -> None:
        for number in self.installed:
            signal.signal(number, signal.SIG_DFL)

    def _handle(self, number: int, frame: FrameType | None) -> None:
        if self.deferring:
            self.pending = number
            return
        raise SystemExit(128 + number)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self.deferring += 1
        try:
            yield
        finally:
            self.deferring -= 1
        if not self.deferring and self.pending is not None:
            raise SystemExit(128 + self.pending)


# --- The lock -------------------------------------------------------------------------


def lock_path(target: Path) -> Path:
    """The lock file of a site folder: next to it, so that it is not published."""
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold the site folder's lock; the lock file is removed when released.

    A process waiting on a lock file that the holder removed finds, once it has the
    lock, that the path no longer names its file, and starts again: so removing it is
    safe. A parent folder we cannot write to is locked itself instead."""
    path = lock_path(target)
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    said = False
    while True:
        descriptor, is_file = _open_lock(path)
        try:
            while not _try_lock(descriptor):
                if not said:
                    log.info(
                        f"Waiting for another journeymap build of {target} to finish "
                        f"(it holds {path})."
                    )
                    said = True
                if time.monotonic() > deadline:
                    raise BuildFailed(
                        f"another journeymap build of {target} has not finished after "
                        f"{LOCK_TIMEOUT_SECONDS:g} s (it holds {path}); let it finish or stop "
                        f"it, then build again; {unchanged_note(target)}."
                    )
                time.sleep(0.2)
            if is_file and not _same_file(path, descriptor):
                continue  # the holder removed it as we waited: lock the new one
            try:
                yield
            finally:
                if is_file:
                    with contextlib.suppress(OSError):
                        path.unlink()
            return
        finally:
            os.close(descriptor)


def _open_lock(path: Path) -> tuple[int, bool]:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644), True
    except OSError as error:
        if error.errno not in _PARENT_NOT_WRITABLE:
            raise BuildFailed(
                f"cannot create the lock file {path}: {error.strerror}; make "
                f"{path.parent} writable or choose another --site-dir."
            ) from None
    try:
        return os.open(path.parent, os.O_RDONLY | os.O_CLOEXEC), False
    except OSError as error:
        raise BuildFailed(
            f"cannot open {path.parent}: {error.strerror}; choose another --site-dir."
        ) from None


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks: build unlocked rather than not at all
        log.debug("the file system does not support locks; building without one")
    return True


def _same_file(path: Path, descriptor: int) -> bool:
    try:
        named = path.stat()
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


# --- Leftovers of interrupted builds ---------------------------------------------------


def _clear_leftovers(target: Path) -> None:
    """Remove the staging folders of builds that were killed (we hold the lock, so no
    build of this site is running), and bring back a site moved aside by a swap that was
    interrupted between its two renames. An old site still holding hidden entries (a
    build killed after its swap) hands them to the site before it goes."""
    ours = re.compile(rf"\.{re.escape(target.name)}\.(building|old)-{_MKDTEMP_SUFFIX}")
    moved_aside: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in target.parent.iterdir():
            match = ours.fullmatch(entry.name)
            if match is None or not _our_folder(entry):
                continue
            if match.group(1) == "old":
                moved_aside.append(entry)
            else:
                shutil.rmtree(entry, ignore_errors=True)
    with contextlib.suppress(OSError):
        moved_aside.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    if moved_aside and not target.exists():
        with contextlib.suppress(OSError):
            moved_aside.pop(0).rename(target)
            log.info(f"Restored the site {target} that an interrupted build had moved aside.")
    for old in moved_aside:
        if _handed_over(old, target):
            shutil.rmtree(old, ignore_errors=True)
    if target.is_dir():
        with contextlib.suppress(OSError):
            for entry in list(target.iterdir()):
                match = _INSIDE.fullmatch(entry.name)
                if match is None or not _our_folder(entry):
                    continue
                if match.group(1) != "old" or _handed_over(entry, target):
                    shutil.rmtree(entry, ignore_errors=True)


def _handed_over(old: Path, target: Path) -> bool:
    """Move the hidden entries of an old site left behind into the site; False (with a
    warning, and the old site left where it is) when they cannot all be moved."""
    if not target.is_dir():
        return False
    try:
        keep_hidden(old, target)
    except OSError as error:
        log.warning(_hidden_not_kept(old, target, error))
        return False
    return True


def _our_folder(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return path.is_dir() and not path.is_symlink() and info.st_uid == os.geteuid()


# --- Staging and installing ------------------------------------------------------------


def _make_parent(target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        where = error.filename or target.parent
        raise BuildFailed(
            f"cannot create the folder {where} for the site {target}: {error.strerror}; "
            "choose a --site-dir in a folder you can write to."
        ) from None


def _make_staging(target: Path) -> tuple[Path, bool]:
    """(folder, inside): a new folder next to the site, or inside it when the site is a
    mount point or its parent cannot be written (its contents are replaced then)."""
    inside = target.is_dir() and os.path.ismount(target)
    if not inside:
        try:
            sibling = tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent)
            return Path(sibling), False
        except OSError as error:
            if error.errno not in _PARENT_NOT_WRITABLE or not target.is_dir():
                raise BuildFailed(
                    f"cannot write to {target.parent}: {error.strerror}; make it writable "
                    "or choose another --site-dir."
                ) from None
    try:
        return Path(tempfile.mkdtemp(prefix=f"{INSIDE_PREFIX}building-", dir=target)), True
    except OSError as error:
        raise BuildFailed(
            f"cannot write to the site folder {target}: {error.strerror}; make it writable "
            "or choose another --site-dir."
        ) from None


def _install(folder: Path, target: Path, inside: bool) -> None:
    """Make the built `folder` the site at `target`, with journeymap's `MARKER` in it."""
    try:
        (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as error:
        raise BuildFailed(_not_installed(target, error)) from None
    if inside:
        _replace_contents(folder, target)
        return
    folder.chmod(0o755)  # mkdtemp makes it private; a site is for sharing
    try:
        _swap(folder, target)
    except OSError as error:
        if error.errno not in _CANNOT_RENAME or not target.is_dir():
            raise BuildFailed(_not_installed(target, error)) from None
        log.debug(f"{target} cannot be renamed ({error.strerror}); replacing its contents")
        _copy_in(folder, target)


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is, with the old site removed only once the new one is in
    and holds the old one's hidden entries. On an error the old site is back in place (and
    `new` is left to the caller)."""
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    _retire(old, target)


def _retire(old: Path, target: Path) -> None:
    """Delete the previous site `old` once its hidden entries are in the new one."""
    try:
        keep_hidden(old, target)
    except OSError as error:
        raise BuildFailed(
            f"the new site is in place, but {_hidden_not_kept(old, target, error)}"
        ) from None
    shutil.rmtree(old, ignore_errors=True)


def keep_hidden(old: Path, site: Path) -> None:
    """Move the hidden entries of the previous site `old` into the new `site`, as MkDocs
    keeps them. Where the new site has an entry of the same name, two folders are merged
    and otherwise the new site's entry wins, as when MkDocs writes its files over them.
    Raises `OSError` when one cannot be moved (what is left stays in `old`)."""
    for entry in sorted(old.iterdir()):
        if kept(entry.name) and not _INSIDE.fullmatch(entry.name):
            _merge(entry, site / entry.name)


def _merge(source: Path, destination: Path) -> None:
    if not os.path.lexists(destination):
        source.rename(destination)
    elif _real_folder(source) and _real_folder(destination):
        for child in sorted(source.iterdir()):
            _merge(child, destination / child.name)


def _real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _hidden_not_kept(old: Path, target: Path, error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    return (
        f"the hidden files of the previous site could not all be moved into {target}: "
        f"{error.strerror or error}{where}. They are in {old}: move them into {target} "
        f"(each build tries again, and removes {old} only once they are moved)."
    )


def _copy_in(folder: Path, target: Path) -> None:
    """Copy the new site into the site folder (a rename cannot cross into it), then
    replace the contents from there."""
    try:
        incoming = Path(tempfile.mkdtemp(prefix=f"{INSIDE_PREFIX}incoming-", dir=target))
    except OSError as error:
        raise BuildFailed(_not_installed(target, error)) from None
    try:
        shutil.copytree(folder, incoming, symlinks=True, dirs_exist_ok=True)
        _replace_contents(incoming, target)
    except OSError as error:
        raise BuildFailed(_not_installed(target, error)) from None
    finally:
        shutil.rmtree(incoming, ignore_errors=True)


def _replace_contents(incoming: Path, target: Path) -> None:
    """Replace the entries of `target` by those of `incoming` (a folder inside it), each
    by renames within the folder, so no file is ever half-written; entries the new site
    does not have go, but for hidden ones (`keep_hidden`). On an error every rename is
    undone."""
    try:
        old = Path(tempfile.mkdtemp(prefix=f"{INSIDE_PREFIX}old-", dir=target))
    except OSError as error:
        raise BuildFailed(_not_installed(target, error)) from None
    done: list[tuple[Path, Path]] = []

    def move(source: Path, destination: Path) -> None:
        source.rename(destination)
        done.append((source, destination))

    try:
        names = {entry.name for entry in incoming.iterdir()}
        for name in sorted(names):
            if os.path.lexists(target / name):
                move(target / name, old / name)
            move(incoming / name, target / name)
        for entry in list(target.iterdir()):
            if entry.name not in names and not kept(entry.name):
                move(entry, old / entry.name)
    except OSError as error:
        for source, destination in reversed(done):
            with contextlib.suppress(OSError):
                destination.rename(source)
        with contextlib.suppress(OSError):
            old.rmdir()  # only when everything came back
        raise BuildFailed(_not_installed(target, error)) from None
    _retire(old, target)


def _not_installed(target: Path, error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    return (
        f"could not put the new site in place at {target}: {error.strerror or error}{where}. "
        f"The previous site is unchanged; make {target} and {target.parent} writable, "
        "or choose another --site-dir."
    )
