"""SARIF 2.1.0 for GitHub code scanning: one rule per finding code, results with locations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from journeymap import HOME_URL, __version__
from journeymap.check.findings import Severity
from journeymap.check.report import Report
from journeymap.check.rules import RULES
from journeymap.text import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A percent-encoded URI for a file, relative to the current folder where it can be.

    GitHub matches results to files by repository-relative URIs; an absolute path
    outside the current folder becomes a `file://` URI.
    """
    if os.path.isabs(path):
        try:
            path = Path(path).relative_to(Path.cwd()).as_posix()
        except ValueError:
            return Path(path).as_uri()
    return quote(path.replace(os.sep, "/"), safe="/", errors="surrogateescape")


def render(report: Report, strict: bool) -> str:
    codes = list(RULES)
    rules = [
        {
            "id": code,
            "name": "".join(part.capitalize() for part in code.split("-")),
            "shortDescription": {"text": doc.summary},
            "fullDescription": {"text": doc.doc.split("\n\n", 1)[0].replace("\n", " ")},
            "help": {"text": doc.doc},
            "defaultConfiguration": {"level": _LEVEL[doc.severity]},
        }
        for code, doc in RULES.items()
    ]
    results: list[dict[str, Any]] = []
    for finding in report.visible:
        location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.file)}}
        if finding.line is not None:  # else the finding is about the file as a whole
            location["region"] = {"startLine": finding.line, "startColumn": finding.column or 1}
        results.append(
            {
                "ruleId": finding.code,
                "ruleIndex": codes.index(finding.code),
                "level": _LEVEL[finding.severity],
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": location}],
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "journeymap",
                        "version": __version__,
                        # Optional in SARIF: only while the project has a published home.
                        **({"informationUri": HOME_URL} if HOME_URL else {}),
                        "rules": rules,
                    }
                },
                # PyYAML counts columns in code points, not UTF-16 units (SARIF's default).
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json_text(log, indent=2) + "\n"
