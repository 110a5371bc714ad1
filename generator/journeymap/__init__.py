"""journeymap: customer-journey maps in YAML, checked against customer evidence.

The sub-packages follow the pipeline: `journey` (one file) → `sources` (which files) →
`check` (rules, findings, formats) → `diff`; `site` (plan, pages, diagrams) →
`builders` (plugin, generate, serve, build) → `cli`. `config` is the policy every stage
reads; `project` starts a new repository.

`__version__` and `HOME_URL` are read from the installed package's metadata when first
asked for, so that importing journeymap (every command does) costs nothing.
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["HOME_URL", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    if name == "HOME_URL":
        return _home_url()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("journeymap")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


@cache
def _home_url() -> str | None:
    """The project's public home page: `Homepage` under `[project.urls]` in pyproject.toml.

    That table is the one place the address is written; everything that links to the
    project (SARIF's `informationUri`, the `journeymap new` skeleton) reads it from
    here, and links nowhere while the project has no published home.
    """
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        entries = metadata("journeymap").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in entries:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == "homepage" and url.strip():
            return url.strip()
    return None
