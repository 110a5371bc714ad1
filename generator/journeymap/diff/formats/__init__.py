"""Output formats of `journeymap diff`: one module per format, each a `render(diff)`.

Kept apart from `formats/` (the formats of `validate`'s findings): a diff is another
object, and its formats share their wording (`words`) with each other only.
"""

from __future__ import annotations

from collections.abc import Callable

from journeymap.diff.compare import Diff
from journeymap.diff.formats import json, markdown, text

Renderer = Callable[[Diff], str]

#: Format name -> renderer; the `--format` choices of `journeymap diff`, in this order.
DIFF_FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "markdown": markdown.render,
    "json": json.render,
}
