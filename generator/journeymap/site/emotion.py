"""The emotion curve: an inline SVG of the stages' `emotion` values (-2 to 2).

A stage without a value is a gap in the line, marked as "no data", never a guessed zero.
Stage titles are wrapped over as many lines as they need, never cut. The SVG is drawn
at its own size, in rem (the page lets it scroll sideways inside its box rather than
shrink it), so its text is as large as the stylesheet says, relative to the page's.
All text is escaped here (the SVG is inserted as markup); colours come from CSS classes,
so the curve follows the site's light or dark palette.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from html import escape
from itertools import pairwise

from journeymap.site.labels import signed

COLUMN = 150  # width of one stage, in px
TOP = 18
ROW = 26  # vertical distance between two emotion levels
AXIS = 40  # room for the level labels on the left
LINE = 19  # line height of the stage labels (the stylesheet sets 15 px text)
#: Characters per label line: 15 px text averages under 8.5 px a character.
WRAP = 16
#: Material's root font size up to 100em wide: the curve is drawn 1:1 there, and grows
#: with the root size beyond (so its 15 px stay above the page's 0.72rem text).
ROOT_PX = 20


def _y(value: int) -> int:
    return TOP + (2 - value) * ROW


def _tone(value: int) -> str:
    return "positive" if value > 0 else "negative" if value < 0 else "neutral"


def _lines(title: str) -> list[str]:
    return textwrap.wrap(title, width=WRAP, break_on_hyphens=False) or [""]


def emotion_svg(points: Sequence[tuple[str, int | None]]) -> str:
    """SVG markup for (stage title, emotion or None) pairs in stage order; "" if no values."""
    if not any(value is not None for _, value in points):
        return ""
    labels = [_lines(title) for title, _ in points]
    base = _y(-2) + 30  # first label line
    width = AXIS + COLUMN * len(points)
    height = base + LINE * (max(len(lines) for lines in labels) - 1) + 8
    parts = [
        f'<svg class="jm-emotion" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="width: {width / ROOT_PX:g}rem" '
        f'aria-label="Emotion curve across {len(points)} stages">'
    ]
    for level in range(2, -3, -1):
        y = _y(level)
        kind = "jm-emotion__zero" if level == 0 else "jm-emotion__grid"
        parts.append(f'<path class="{kind}" d="M{AXIS} {y}H{width}"/>')
        parts.append(
            f'<text class="jm-emotion__level" x="{AXIS - 8}" y="{y + 4}" '
            f'text-anchor="end">{signed(level)}</text>'
        )
    xs = [AXIS + COLUMN * index + COLUMN // 2 for index in range(len(points))]
    segments = [
        f"M{xs[i]} {_y(left)}L{xs[i + 1]} {_y(right)}"
        for i, ((_, left), (_, right)) in enumerate(pairwise(points))
        if left is not None and right is not None
    ]
    if segments:
        parts.append(f'<path class="jm-emotion__line" d="{"".join(segments)}"/>')
    for x, (title, value), lines in zip(xs, points, labels, strict=True):
        if value is None:
            parts.append(
                f'<circle class="jm-emotion__missing" cx="{x}" cy="{_y(0)}" r="5">'
                f"<title>{escape(title)}: no data</title></circle>"
            )
        else:
            parts.append(
                f'<circle class="jm-emotion__point jm-emotion__point--{_tone(value)}" '
                f'cx="{x}" cy="{_y(value)}" r="6"><title>{escape(title)}: {signed(value)}'
                "</title></circle>"
            )
        text = escape(lines[0]) + "".join(
            f'<tspan x="{x}" dy="{LINE}">{escape(line)}</tspan>' for line in lines[1:]
        )
        parts.append(
            f'<text class="jm-emotion__label" x="{x}" y="{base}" text-anchor="middle">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
