"""The one rule for every JSON journeymap writes (`validate --format json` and `sarif`,
`diff --format json`, the schema, `generate`'s manifest, the search index a serve keeps
whole).

The output is ASCII: every other character is a `\\u` escape, so it is valid UTF-8
whatever the terminal's or the file's encoding, and whatever the text holds: control
characters and line separators are escaped as JSON escapes them, and a file name whose
bytes are not UTF-8 (which Python reads as lone surrogates, `os.fsdecode`) is written
as those escapes (`"caf\\udcff.yml"`), so a script gets the very name back
(`os.fsencode(json.load(…)["file"])`) rather than bytes no JSON parser accepts. No NaN
or Infinity, which JSON does not have.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any, *, indent: int | None = None, compact: bool = False) -> str:
    """`value` as JSON text, by the rule above; `compact` leaves out the spaces."""
    separators = (",", ":") if compact else None
    return json.dumps(
        value, ensure_ascii=True, allow_nan=False, indent=indent, separators=separators
    )
