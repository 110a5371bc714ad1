"""`journeymap diff` without its command line: both sides checked, then compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from journeymap.config.settings import Settings
from journeymap.diff.changes import Diff
from journeymap.diff.compare import compare
from journeymap.diff.sides import folder_sides, git_sides


def diff_against(
    settings: Settings,
    *,
    base_ref: str | None = None,
    base_dir: Path | None = None,
    strict: bool = False,
    today: dt.date | None = None,
) -> Diff:
    """The working tree against `base_dir` (a folder laid out like the project) when
    given, else the merge-base of `base_ref` (default: origin/main, …) and HEAD; both
    sides checked as of `today` (default: today), with the head's policy (`strict` or
    its own)."""
    today = today or dt.date.today()
    if base_dir is not None:
        sides = folder_sides(settings, base_dir, today)
    else:
        sides = git_sides(settings, base_ref, today)
    strict = strict or settings.options.strict
    return compare(sides.base, sides.head, sides.description, strict=strict)
