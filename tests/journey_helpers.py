"""Helpers for tests that check small journey snippets."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from journeymap.check.pipeline import check
from journeymap.check.report import Report
from journeymap.config.settings import Settings, settings_from_options

#: The day in-process checks run as (`check_folder`, `problems`): dates in their YAML are
#: written against it, so a finding never changes with the calendar.
FIXED_TODAY = dt.date(2026, 11, 25)
#: The real today: what `journeymap` and MkDocs check against (their own process, a real
#: build); journeys for them are dated relative to it.
REAL_TODAY = dt.date.today()


def settings_for(root: Path, **options: object) -> Settings:
    return settings_from_options(options, root, None)


def write_journey(root: Path, name: str, text: str) -> Path:
    folder = root / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def check_folder(root: Path, today: dt.date = FIXED_TODAY, **options: object) -> Report:
    return check(None, settings_for(root, **options), today=today)


def located(report: Report) -> list[tuple[str, str, int | None, int | None]]:
    """(code, severity, line, column) of every finding, in report order."""
    return [(f.code, f.severity.value, f.line, f.column) for f in report.findings]


def problems(
    root: Path, text: str, name: str = "t.yml", today: dt.date = FIXED_TODAY, **options: object
) -> list[tuple[str, int | None, int | None]]:
    """(code, line, column) of every finding for one journey file: a rule case in one line."""
    write_journey(root, name, text)
    return [(f.code, f.line, f.column) for f in check_folder(root, today, **options).findings]
