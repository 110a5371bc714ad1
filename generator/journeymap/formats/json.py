"""`--format json`: SPEC's object: `findings`, `summary` and the `journeys` read."""

from __future__ import annotations

import json
from typing import Any

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
        for finding in report.visible
    ]
    summary = {
        "journeys": len(report.outlines),
        "stages": report.stages,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
    }
    journeys: list[dict[str, Any]] = [
        {
            "id": outline.id,
            "file": outline.file,
            "title": outline.title,
            "stages": [
                {
                    "id": stage.id,
                    "line": stage.line,
                    "status": stage.status.value if stage.status else None,
                }
                for stage in outline.stages
            ],
        }
        for outline in report.outlines
    ]
    document = {"findings": findings, "summary": summary, "journeys": journeys}
    return json.dumps(document, indent=2) + "\n"
