"""Wording: the small helpers of the sentences journeymap writes, and "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 file", "2 files"; `many` for nouns whose plural is not noun + "s"."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def listed(words: Sequence[str]) -> str:
    """Words joined as a sentence does: "a", "a and b", "a, b and c"."""
    if not words:
        return ""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, if one is close enough to be a likely typo."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None
