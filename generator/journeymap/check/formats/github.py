"""GitHub Actions workflow commands, so findings land as annotations on the PR diff.

Messages and property values are escaped as the official actions toolkit escapes them
(`text.workflow_data`, `text.workflow_property`).
"""

from __future__ import annotations

from journeymap.check.findings import Finding, Severity
from journeymap.check.formats.text import summary
from journeymap.check.report import Report
from journeymap.text import workflow_data, workflow_property

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, strict: bool) -> str:
    """One workflow command per finding, then the plain summary line for the log."""
    lines = [command(finding) for finding in report.visible]
    lines.append(summary(report, strict))
    return "\n".join(lines) + "\n"


def command(finding: Finding) -> str:
    properties = [f"file={workflow_property(finding.file)}"]
    if finding.line is not None:
        properties.append(f"line={finding.line}")
        properties.append(f"col={finding.column or 1}")
    properties.append(f"title={workflow_property(f'journeymap {finding.code}')}")
    return (
        f"::{_COMMAND[finding.severity]} {','.join(properties)}::{workflow_data(finding.message)}"
    )
