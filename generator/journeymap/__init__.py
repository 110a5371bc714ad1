"""journeymap: customer-journey maps in YAML, checked against customer evidence."""

from importlib.metadata import PackageNotFoundError, metadata, version

try:
    __version__ = version("journeymap")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"


def _home_url() -> str | None:
    """The project's public home page: `Homepage` under `[project.urls]` in pyproject.toml.

    That table is the one place the address is written; everything that links to the
    project (SARIF's `informationUri`, the `journeymap new` skeleton) reads it from
    here, and links nowhere while the project has no published home.
    """
    try:
        entries = metadata("journeymap").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in entries:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == "homepage" and url.strip():
            return url.strip()
    return None


HOME_URL: str | None = _home_url()
