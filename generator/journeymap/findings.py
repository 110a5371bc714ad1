"""The Finding value: one problem, where it is, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How much a finding matters: errors fail a build, warnings with --strict, infos never."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def fails(self, strict: bool) -> bool:
        """Whether a finding of this severity fails the run."""
        return self is Severity.ERROR or (strict and self is Severity.WARNING)


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


def format_line(finding: Finding) -> str:
    """`file:line:col: code message`, as compilers print it (control characters escaped)."""
    where = finding.file
    if finding.line is not None:
        where += f":{finding.line}:{finding.column or 1}"
    return f"{where}: {finding.code} {finding.message}"
