"""Small helpers for the sentences journeymap writes (one home, used by every format)."""

from __future__ import annotations

from collections.abc import Sequence


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 file", "2 files"; `many` for nouns whose plural is not noun + "s"."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def listed(words: Sequence[str]) -> str:
    """Words joined as a sentence does: "a", "a and b", "a, b and c"."""
    if not words:
        return ""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
