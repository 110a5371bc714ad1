"""Shared test helpers."""

from __future__ import annotations

import os
import shutil

import pytest

#: Debian package that provides each tool.
_PACKAGES = {"dot": "graphviz", "chromium": "chromium", "node": "nodejs", "npm": "npm"}


def require_tool(name: str) -> str:
    """Return the path of an external tool the test needs.

    On a developer's machine a missing tool skips the test with a reason; in CI
    (`CI=true`) it fails it, so a missing install step cannot hide behind a skip.
    """
    path = shutil.which(name)
    if path is None:
        package = _PACKAGES.get(name, name)
        message = f"{name!r} is not on PATH (install it: apt-get install -y {package})"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{message}; CI must run every test", pytrace=False)
        pytest.skip(message)
    return path
