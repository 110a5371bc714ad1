"""Misbehaving renderers for the tests: small shell scripts named `dot`, put first on
PATH, that are real processes (hanging, leaving children behind, writing garbage); and
a way to find the processes they leave, by a marker in their command line."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import uuid
from pathlib import Path

#: What each fake `dot` does when asked to render (`dot -Tsvg -O d1.dot d2.dot …`);
#: `$MARK` is a number unique to the test, carried by every process it starts.
SVG = '<svg xmlns="http://www.w3.org/2000/svg"'
EACH = 'for f in "$@"; do case "$f" in *.dot) {body} ;; esac; done'
BEHAVIOURS = {
    "hangs": "sleep $MARK",
    "hangs-in-a-child": "sleep $MARK & wait",
    "leaves-a-child-behind": "sleep $MARK & " + EACH.format(body="printf 'x' > \"$f.svg\""),
    "garbage-bytes": EACH.format(body="printf '\\377\\376\\000\\201garbage' > \"$f.svg\""),
    "invalid-utf8-in-svg": EACH.format(
        body=f"printf '%s><text>\\377\\376</text></svg>' '{SVG}' > \"$f.svg\""
    ),
    "not-svg": EACH.format(body="printf '<html><body>drawn</body></html>' > \"$f.svg\""),
    "truncated-svg": EACH.format(body=f"printf '%s><g><text>cut' '{SVG}' > \"$f.svg\""),
    "empty-files": EACH.format(body=': > "$f.svg"'),
    "no-output": "exit 0",
    "fails": "echo 'Error: boom' >&2; exit 3",
    "prints-endlessly": "yes 'drawing' | head -c 200000000",
    "warns-endlessly": "yes 'Warning: again' | head -c 200000000 >&2",
    "writes-endlessly": EACH.format(body='yes "<g/>" | head -c 200000000 > "$f.svg"'),
}
#: The renderer's reason the warning must give for each behaviour.
REASONS = {
    "hangs": "stopped responding",
    "hangs-in-a-child": "stopped responding",
    "leaves-a-child-behind": "not a well-formed SVG",
    "garbage-bytes": "not UTF-8",
    "invalid-utf8-in-svg": "not UTF-8",
    "not-svg": "not a well-formed SVG",
    "truncated-svg": "not a well-formed SVG",
    "empty-files": "empty file",
    "no-output": "without writing",
    "fails": "exited with status 3 (Error: boom)",
    "prints-endlessly": "printed more than",
    "warns-endlessly": "printed more than",
    "writes-endlessly": "larger than",
}


def new_mark() -> str:
    """A `sleep` duration no other process on the machine uses: the marker."""
    return f"86{uuid.uuid4().int % 10**6:06d}.{uuid.uuid4().int % 10**4:04d}"


def fake_dot(root: Path, behaviour: str, mark: str, on_version: str | None = None) -> Path:
    """Write `root/bin-MARK/dot` (the marker in its path, so in its command line) and
    return its folder; it answers `-V` like Graphviz (or runs `on_version`)."""
    folder = root / f"bin-{mark}"
    folder.mkdir(parents=True, exist_ok=True)
    version = on_version or 'echo "dot - graphviz version 0.0 (fake)" >&2; exit 0'
    script = folder / "dot"
    script.write_text(
        "#!/bin/sh\n"
        f"MARK={mark}\n"
        f'if [ "$1" = -V ]; then {version}; fi\n'
        'case "$1" in -T*) shift; shift ;; esac\n'  # drop -Tsvg -O
        f"{BEHAVIOURS.get(behaviour, behaviour)}\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def marked_processes(mark: str) -> list[int]:
    """Live processes whose command line holds the marker (zombies have none)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if mark.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


def kill_marked(mark: str) -> None:
    """Clean up after a failed test: the processes the test's fake renderer started."""
    for pid in marked_processes(mark):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
