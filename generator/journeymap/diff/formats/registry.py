"""The formats of `journeymap diff` by name: the `--format` choices, in this order."""

from __future__ import annotations

from collections.abc import Callable

from journeymap.diff.changes import Diff
from journeymap.diff.formats import json, markdown, text

DiffFormat = Callable[[Diff], str]

#: Format name -> its `render`.
DIFF_FORMATS: dict[str, DiffFormat] = {
    "text": text.render,
    "markdown": markdown.render,
    "json": json.render,
}
