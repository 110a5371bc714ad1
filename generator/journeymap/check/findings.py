"""The Finding value: one problem, where it is, and what to do about it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from journeymap.text import printable


class Severity(str, Enum):
    """How much a finding matters: errors fail a build, warnings with --strict, infos never."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def fails(self, strict: bool) -> bool:
        """Whether a finding of this severity fails the run."""
        return self is Severity.ERROR or (strict and self is Severity.WARNING)

    @property
    def rank(self) -> int:
        """0 for infos, 1 for warnings, 2 for errors."""
        return _RANKS[self]

    def at_least(self, other: Severity) -> bool:
        """Whether this severity is `other` or higher."""
        return self.rank >= other.rank


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one file. Plain data: formats decide how it looks."""

    code: str
    severity: Severity
    file: str
    line: int | None
    column: int | None
    journey: str | None
    stage: str | None
    message: str

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.code)

    def as_json(self) -> dict[str, object]:
        """The finding as SPEC's `--format json` writes it."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "journey": self.journey,
            "stage": self.stage,
            "message": self.message,
        }

    @property
    def location(self) -> str:
        """`file:line:column` (or `file` alone), safe to print on a terminal or in a log."""
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return where


def format_line(
    finding: Finding,
    *,
    severity: bool = True,
    style: Callable[[str, str], str] | None = None,
) -> str:
    """The one-line form of a finding: `file:line:col: [severity ]code message`.

    The text format and the MkDocs log both print it. `style(part, role)` may
    decorate the `location` and `severity` parts (colour); control characters in
    the file name and message are escaped so no line can be forged.
    """
    paint = style or (lambda part, role: part)
    head = paint(finding.location, "location") + ":"
    if severity:
        head += " " + paint(finding.severity.value, "severity")
    return f"{head} {finding.code} {printable(finding.message)}"
