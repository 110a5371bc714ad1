"""Output formats of findings: one module per format, each a `render(report, strict)`.

`journeymap validate --format NAME` imports only the module of the format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeymap.check.report import Report

Render = Callable[["Report", bool], str]

#: The format names (each the name of its module here): the CLI's `--format` choices,
#: in this order.
NAMES = ("text", "github", "json", "sarif", "weekly")


def renderer(name: str) -> Render:
    """The `render` function of the format `name` (one of `NAMES`)."""
    if name not in NAMES:
        raise ValueError(f"no format {name!r}")
    render: Render = importlib.import_module(f"{__name__}.{name}").render
    return render
