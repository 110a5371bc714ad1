"""Text output, like ruff and yamllint: `file:line:col: severity code message`, per file."""

from __future__ import annotations

import click

from journeymap.check import Report
from journeymap.findings import Finding, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(report: Report, strict: bool) -> str:
    """All findings grouped by file (a blank line between files), then a summary line.

    Colour codes are always written; `click.echo` strips them when the output is
    not a terminal.
    """
    lines: list[str] = []
    previous: str | None = None
    for finding in report.findings:
        if previous is not None and finding.file != previous:
            lines.append("")
        previous = finding.file
        lines.append(_line(finding))
    if lines:
        lines.append("")
    lines.append(summary(report, strict))
    return "\n".join(lines) + "\n"


def _line(finding: Finding) -> str:
    where = finding.file
    if finding.line is not None:
        where += f":{finding.line}:{finding.column or 1}"
    severity = click.style(finding.severity.value, fg=_COLOURS[finding.severity], bold=True)
    return f"{click.style(where, bold=True)}: {severity} {finding.code} {finding.message}"


def summary(report: Report, strict: bool) -> str:
    """One line: journeys, stages, errors, warnings, infos, share with customer evidence."""
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    parts = [
        _plural(report.files, "file"),
        _plural(len(report.journeys), "journey"),
        _plural(report.stages, "stage"),
    ]
    counts = [_plural(errors, "error"), _plural(warnings, "warning"), _plural(infos, "info")]
    share = report.evidence_share
    evidence = (
        f"{report.stages_with_evidence} of {report.stages} stages "
        f"({share:.0%}) have customer evidence"
        if share is not None
        else "no stages"
    )
    verdict = "fails" if report.failed(strict) else "passes"
    colour = "red" if report.failed(strict) else "green"
    return (
        f"{', '.join(parts)}: {', '.join(counts)}; {evidence}. "
        f"{click.style(verdict.capitalize(), fg=colour, bold=True)}"
        + (" (strict: warnings fail too)." if strict else ".")
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
