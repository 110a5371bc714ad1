"""`--format json`: SPEC's object: `findings`, `summary` and the `journeys` read.

One finding and one journey per line: readable in a log and in a diff, and written
by the C JSON encoder (an indented dump of a large portfolio takes ten times longer),
by the rule of every JSON journeymap writes (`text.json_text`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from journeymap.check.findings import Severity
from journeymap.check.report import Report
from journeymap.personal_data import redact
from journeymap.text import json_text


def render(report: Report, strict: bool) -> str:
    findings = (finding.as_json() for finding in report.visible)
    summary = {
        "journeys": len(report.outlines),
        "stages": report.stages,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
    }
    journeys = (
        {
            "id": outline.id,
            "file": outline.file,
            "title": redact(outline.title) if outline.title else None,
            "stages": [
                {
                    "id": stage.id,
                    "line": stage.line,
                    "status": stage.status,  # a str enum
                    "segments": stage.segments,
                    "split_by_segment": stage.split is not None,
                }
                for stage in outline.stages
            ],
        }
        for outline in report.outlines
    )
    studies = (
        {"id": study.id, "file": study.file, "title": study.title, "cited_by": study.cited_by}
        for study in report.study_outlines
    )
    return (
        '{"findings": '
        + _lines(findings)
        + ',\n "summary": '
        + json_text(summary)
        + ',\n "journeys": '
        + _lines(journeys)
        + ',\n "studies": '
        + _lines(studies)
        + "}\n"
    )


def _lines(items: Iterable[dict[str, Any]]) -> str:
    """A JSON list with one item a line."""
    encoded = [json_text(item) for item in items]
    return "[\n  " + ",\n  ".join(encoded) + "\n ]" if encoded else "[]"
