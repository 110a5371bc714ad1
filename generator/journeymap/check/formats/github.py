"""GitHub Actions workflow commands, so findings land as annotations on the PR diff.

Escaping follows the official actions toolkit (`@actions/core` command.ts): in the
message `%`, CR and LF; in property values also `:` and `,`. The job log shows the
commands too, and it renders terminal escape sequences: every other control character
(and the bidi controls that reorder text) is written as an escape, as in the text format.
"""

from __future__ import annotations

from journeymap.check.findings import Finding, Severity, printable
from journeymap.check.formats.text import summary
from journeymap.check.pipeline import Report

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)  # `printable` writes backslash escapes: no `%` is added


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, strict: bool) -> str:
    """One workflow command per finding, then the plain summary line for the log."""
    lines = [command(finding) for finding in report.visible]
    lines.append(summary(report, strict))
    return "\n".join(lines) + "\n"


def command(finding: Finding) -> str:
    properties = [f"file={escape_property(finding.file)}"]
    if finding.line is not None:
        properties.append(f"line={finding.line}")
        properties.append(f"col={finding.column or 1}")
    properties.append(f"title={escape_property(f'journeymap {finding.code}')}")
    return f"::{_COMMAND[finding.severity]} {','.join(properties)}::{escape_data(finding.message)}"
