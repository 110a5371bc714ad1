"""Output formats of findings: one module per format, each a `render(report, strict)`."""

from __future__ import annotations

from collections.abc import Callable

from journeymap.check.formats import github, json, sarif, text
from journeymap.check.report import Report

Renderer = Callable[[Report, bool], str]

#: Format name -> renderer; the CLI's `--format` choices, in this order.
FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "github": github.render,
    "json": json.render,
    "sarif": sarif.render,
}
