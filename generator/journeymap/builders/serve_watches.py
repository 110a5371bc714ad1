"""The paths `journeymap serve` rebuilds for, watched for as long as it runs.

MkDocs' server watches each path with watchdog, whose watch of a folder ends for good
when the folder goes away (`mv journeys x; mv x journeys`), and which cannot watch a
path that does not exist yet. `Watches` keeps every wanted path watched: it looks at
each one a few times a second (one `stat`), and when a path went away, came back, was
replaced (another file or folder now has its name) or appeared, it watches it anew and
asks for a rebuild, so the preview says the path is missing, and picks it up again.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable

import watchdog.events
import watchdog.observers.api

#: A path's identity (device, inode), or None while nothing is there.
Identity = tuple[int, int] | None


def identity(path: str) -> Identity:
    """What is at `path` now (links followed), or None."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


class _Events(watchdog.events.FileSystemEventHandler):
    """Any change of a file under the path asks for a rebuild (folder events come with
    the changes of their files, as in MkDocs); the end of the watch itself is noted."""

    def __init__(self, watches: Watches, path: str) -> None:
        self.watches = watches
        self.path = path

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if isinstance(event, watchdog.events.DirDeletedEvent) and event.src_path == self.path:
            self.watches.lost(self.path)  # watchdog stops watching a folder it saw go
        elif not event.is_directory:
            self.watches.changed()


class Watches:
    """Wanted paths, each watched while it exists, and watched again when it comes back."""

    def __init__(self, observer: watchdog.observers.api.BaseObserver, changed: Callable[[], None]):
        self.observer = observer
        self.changed = changed  # asks for a rebuild
        self.paths: dict[str, Identity] = {}  # wanted path -> what was watched there
        self._watches: dict[str, watchdog.observers.api.ObservedWatch] = {}
        self._lock = threading.Lock()  # never held by the observer's threads (no deadlock)
        self._lost: set[str] = set()  # folders whose watch ended, reported by those threads
        self._lost_lock = threading.Lock()
        self._stopped = threading.Event()

    def add(self, path: str) -> None:
        """Watch `path` (a file or a folder) from now on, whether it exists yet or not."""
        path = os.path.abspath(path)
        with self._lock:
            if path not in self.paths:
                self.paths[path] = self._watch(path)

    def lost(self, path: str) -> None:
        """The watch of `path` ended (the folder went): the next look watches it anew."""
        with self._lost_lock:
            self._lost.add(path)
        self.changed()

    def look(self) -> None:
        """Watch anew each path that went, came back or was replaced since the last look;
        any such path asks for a rebuild."""
        with self._lost_lock:
            lost, self._lost = self._lost, set()
        with self._lock:
            for path, watched in list(self.paths.items()):
                if path in lost or identity(path) != watched:
                    self._unwatch(path)
                    self.paths[path] = self._watch(path)
                    self.changed()

    def keep(self, interval: float) -> None:
        """Look every `interval` seconds, in a thread of its own, until `stop()`."""

        def run() -> None:
            while not self._stopped.wait(interval):
                self.look()

        threading.Thread(target=run, name="journeymap-watches", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()

    def _watch(self, path: str) -> Identity:
        found = identity(path)
        if found is None:
            return None
        try:
            self._watches[path] = self.observer.schedule(_Events(self, path), path, recursive=True)
        except OSError:  # gone again in between: the next look tries again
            return None
        return found

    def _unwatch(self, path: str) -> None:
        watch = self._watches.pop(path, None)
        if watch is not None:
            with contextlib.suppress(KeyError, OSError):  # its emitter already ended
                self.observer.unschedule(watch)
