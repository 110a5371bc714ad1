"""Positions as editors show them: 1-based lines and columns of characters.

A line ends at LF, CRLF or CR, as in every editor and in git; columns count
characters (code points), not bytes. YAML 1.1 also ends a line at NEL (U+0085),
LS (U+2028) and PS (U+2029), and so do libyaml's marks; editors do not (VS Code
offers to remove them as "unusual line terminators"), so positions are computed
from a mark's character index whenever a text holds any of them, or a CR alone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column."""

    line: int
    column: int


class Lines:
    """Turns character indexes and libyaml marks of one text into editor positions."""

    __slots__ = ("_simple", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Only LF or CRLF line ends: libyaml's own line and column are the editor's.
        # (C-speed scans; `isascii` is free on a str, and NEL, LS and PS are not ASCII.)
        self._simple = ("\r" not in text or text.count("\r") == text.count("\r\n")) and (
            text.isascii() or _ODD_BREAKS.search(text) is None
        )
        self._starts: list[int] | None = None

    def at(self, index: int) -> Position:
        """The position of the character at `index` (0-based) of the text."""
        starts = self._line_starts()
        line = bisect.bisect_right(starts, max(index, 0)) - 1
        return Position(line + 1, index - starts[line] + 1)

    def mark(self, mark: Any) -> Position:
        """The position of a PyYAML mark (its line, column and character index are 0-based)."""
        if mark is None:
            return Position(1, 1)
        if self._simple:
            return Position(mark.line + 1, mark.column + 1)
        return self.at(mark.index)

    def at_byte(self, offset: int) -> Position:
        """The position of a byte offset into the text's UTF-8 encoding (libyaml's reader)."""
        prefix = self.text.encode("utf-8", "surrogatepass")[:offset]
        return self.at(len(prefix.decode("utf-8", "ignore")))

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *(match.end() for match in _LINE_END.finditer(self.text))]
        return self._starts


def end_of(text: str) -> Position:
    """The position just after the last character of `text`."""
    return Lines(text + "\0").at(len(text))
