"""The emotion curve: an inline SVG of the stages' `emotion` values (-2 to 2).

A stage without a value is a gap in the line, marked as "no data", never a guessed zero.
All text is escaped here (the SVG is inserted as markup); colours come from CSS classes,
so the curve follows the site's light or dark palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLUMN = 120
TOP = 16
ROW = 22  # vertical distance between two emotion levels
AXIS = 34  # room for the level labels on the left
LABELS = 34  # room for the stage labels at the bottom
LEVEL_NAMES = {2: "+2", 1: "+1", 0: "0", -1: "\u22121", -2: "\u22122"}


def _y(value: int) -> float:
    return TOP + (2 - value) * ROW


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _tone(value: int) -> str:
    return "positive" if value > 0 else "negative" if value < 0 else "neutral"


def emotion_svg(points: Sequence[tuple[str, int | None]]) -> str:
    """SVG markup for (stage title, emotion or None) pairs in stage order; "" if no values."""
    if not any(value is not None for _, value in points):
        return ""
    width = AXIS + COLUMN * len(points)
    height = TOP + 4 * ROW + 12 + LABELS
    parts = [
        f'<svg class="jm-emotion" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="Emotion curve across {len(points)} stages">'
    ]
    for level, name in LEVEL_NAMES.items():
        y = _y(level)
        kind = "jm-emotion__zero" if level == 0 else "jm-emotion__grid"
        parts.append(f'<line class="{kind}" x1="{AXIS}" y1="{y}" x2="{width}" y2="{y}"/>')
        parts.append(
            f'<text class="jm-emotion__level" x="{AXIS - 8}" y="{y + 4}" '
            f'text-anchor="end">{name}</text>'
        )
    xs = [AXIS + COLUMN * index + COLUMN / 2 for index in range(len(points))]
    for index in range(len(points) - 1):
        left, right = points[index][1], points[index + 1][1]
        if left is not None and right is not None:
            parts.append(
                f'<line class="jm-emotion__line" x1="{xs[index]}" y1="{_y(left)}" '
                f'x2="{xs[index + 1]}" y2="{_y(right)}"/>'
            )
    label_y = TOP + 4 * ROW + 12 + 18
    for x, (title, value) in zip(xs, points, strict=True):
        if value is None:
            parts.append(
                f'<g class="jm-emotion__missing"><title>{escape(title)}: no data</title>'
                f'<circle cx="{x}" cy="{_y(0)}" r="5"/></g>'
            )
        else:
            parts.append(
                f'<g class="jm-emotion__point jm-emotion__point--{_tone(value)}">'
                f"<title>{escape(title)}: {LEVEL_NAMES[value]}</title>"
                f'<circle cx="{x}" cy="{_y(value)}" r="6"/></g>'
            )
        parts.append(
            f'<text class="jm-emotion__label" x="{x}" y="{label_y}" '
            f'text-anchor="middle">{escape(_short(title))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
