"""Text output, like ruff and yamllint: `file:line:col: severity code message`, per file."""

from __future__ import annotations

import click

from journeymap.check.findings import Severity, format_line
from journeymap.check.report import Report
from journeymap.text import plural

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(report: Report, strict: bool) -> str:
    """The findings shown, grouped by file (a blank line between files), then a summary.

    Colour codes are always written; `click.echo` strips them when the output is
    not a terminal.
    """
    lines: list[str] = []
    previous: str | None = None
    for finding in report.visible:
        if previous is not None and finding.file != previous:
            lines.append("")
        previous = finding.file

        def style(part: str, role: str, severity: Severity = finding.severity) -> str:
            if role == "severity":
                return click.style(part, fg=_COLOURS[severity], bold=True)
            return click.style(part, bold=True)

        lines.append(format_line(finding, style=style))
    if lines:
        lines.append("")
    lines.append(summary(report, strict))
    return "\n".join(lines) + "\n"


def summary(report: Report, strict: bool) -> str:
    """One line: files, journeys and stages read, findings by severity, evidence share."""
    files = plural(report.files, "file")
    if report.unread:
        files += f" ({report.unread} could not be read)"
    parts = [files, plural(len(report.outlines), "journey"), plural(report.stages, "stage")]
    counts = []
    for severity, noun in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "info"),
    ):
        count = plural(report.count(severity), noun)
        if report.hidden(severity):
            count += " (not shown)"
        counts.append(count)
    share = report.evidence_share
    evidence = (
        f"{report.stages_with_evidence} of {report.stages} stages "
        f"({share:.0%}) have customer evidence"
        if share is not None
        else "no stages read"
    )
    verdict = "fails" if report.failed(strict) else "passes"
    colour = "red" if report.failed(strict) else "green"
    return (
        f"{', '.join(parts)}: {', '.join(counts)}; {evidence}. "
        f"{click.style(verdict.capitalize(), fg=colour, bold=True)}"
        + (" (strict: warnings fail too)." if strict else ".")
        + left_out(report)
    )


def left_out(report: Report) -> str:
    """How many findings `--min-severity` left out of the output, and how to see them
    (nothing when it left out none)."""
    hidden = sum(report.hidden(severity) for severity in Severity)
    if not hidden:
        return ""
    return (
        f" {plural(hidden, 'finding')} below {report.min_severity.value} left out "
        "(--min-severity info shows them)."
    )
