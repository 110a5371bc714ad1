"""`--format json`: exactly SPEC's object, `findings` and `summary`."""

from __future__ import annotations

import json

from journeymap.check import Report
from journeymap.findings import Severity


def render(report: Report, strict: bool) -> str:
    findings = [
        {
            "code": finding.code,
            "severity": finding.severity.value,
            "file": finding.file,
            "line": finding.line,
            "column": finding.column,
            "journey": finding.journey,
            "stage": finding.stage,
            "message": finding.message,
        }
        for finding in report.findings
    ]
    summary = {
        "journeys": len(report.journeys),
        "stages": report.stages,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
    }
    return json.dumps({"findings": findings, "summary": summary}, indent=2) + "\n"
