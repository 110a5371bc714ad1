"""What `journeymap init` adds to a `.gitignore` or `requirements.txt` a repository has.

Most repositories have both files already. They are lists of lines, so `init` can add
the lines it needs at the end, under a comment saying where they came from, and change
no line that is there: a pattern `.gitignore` already holds is not repeated, and a
`requirements.txt` that already names journeymap (any version, or a wheel of it) gets
nothing.
"""

from __future__ import annotations

import re

#: Files a repository often has already, to which `init` can add what it needs.
ADDABLE = (".gitignore", "requirements.txt")

_HEADER = "# Added by journeymap init:\n"
#: A requirement naming journeymap: `journeymap`, `journeymap==1.2`, `JourneyMap[x]>=1`,
#: or a path or URL of one of its wheels (`./wheels/journeymap-1.2-py3-none-any.whl`).
_JOURNEYMAP = re.compile(
    r"^\s*(?:journeymap\s*(?:$|[\[=<>!~;@ ])|\S*journeymap-[^/\s]*\.whl)", re.IGNORECASE
)


def missing_lines(rel: str, existing: str, planned: str) -> list[str]:
    """The lines of `planned` (what `init` would write as `rel`) that `existing` lacks,
    comments kept with the line they explain; [] when nothing is missing."""
    if rel == "requirements.txt":
        if any(_JOURNEYMAP.match(line) for line in existing.splitlines()):
            return []
        return planned.splitlines()
    have = {line.strip().rstrip("/") for line in existing.splitlines()}
    return [
        line
        for line in planned.splitlines()
        if line.strip() and not line.startswith("#") and line.strip().rstrip("/") not in have
    ]


def added_text(existing: str, lines: list[str]) -> str:
    """What to append to a file holding `existing` to add `lines`: on a line of their
    own, under a comment that says who added them."""
    lead = "" if not existing or existing.endswith("\n") else "\n"
    return lead + "\n" + _HEADER + "".join(f"{line}\n" for line in lines)


def requirement_count(lines: list[str]) -> int:
    """How many of `lines` are requirements or patterns (not comments nor blank)."""
    return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))
