"""The folder `journeymap serve` answers from: the last build, in a folder no build writes.

MkDocs builds the preview into one folder, in place: a full build empties it first, a
dirty build rewrites the pages that changed. Served from there, a request during a
rebuild would find a page missing or half written, which is why MkDocs' server holds
every request until the rebuild ends (minutes, for a large one). Here each build that
succeeds is published into a new folder instead, and requests are answered from the
newest published one, whatever a rebuild is doing meanwhile. Publishing copies only the
files the build wrote; every other file is a hard link to the previous copy, so it costs
a look at each file, not a copy of the site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: What tells that a built file was written again: its inode, size, mtime and ctime.
Signature = tuple[int, int, int, int]


class LiveSite:
    """A build folder (`work`, where MkDocs writes) and the published copies of it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.work = root / "build"
        self.work.mkdir(parents=True, exist_ok=True)
        self.generation = 0
        self.current = root / "live-0"  # empty until the first build is published
        self.current.mkdir(exist_ok=True)
        self._published: dict[str, Signature] = {}  # relative path -> work file when copied

    def publish(self) -> Path:
        """Publish the build folder as it is now; the folder that holds it from now on.

        The copy before it is kept (a request may have just picked a file in it); older
        ones are removed.
        """
        self.generation += 1
        target = self.root / f"live-{self.generation}"
        previous = self.current
        published: dict[str, Signature] = {}
        for folder, _, names in os.walk(self.work):
            relative = os.path.relpath(folder, self.work)
            (target / relative).mkdir(parents=True, exist_ok=True)
            for name in names:
                path = os.path.normpath(os.path.join(relative, name))
                status = os.stat(os.path.join(folder, name))
                signature = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
                published[path] = signature
                if self._published.get(path) == signature and _link(previous / path, target / path):
                    continue
                shutil.copyfile(os.path.join(folder, name), target / path)
        self._published = published
        self.current = target
        for older in self.root.glob("live-*"):
            if older not in (target, previous):
                shutil.rmtree(older, ignore_errors=True)
        return target


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError:  # gone, or a file system without hard links: copy instead
        return False
    return True
