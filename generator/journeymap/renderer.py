"""Graphviz renderers: DOT sources to sanitized SVG, batched, in parallel and cached.

`dot` when it is installed, else the pip-installed `graphviz-pure`. The SVG is
sanitized before it is inlined into a page, as defence in depth against a renderer
that passes text through.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from importlib import metadata
from pathlib import Path

RENDER_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Renderer:
    """A Graphviz command that turns DOT into SVG."""

    name: str
    command: str
    version: str


@dataclass
class Rendering:
    """SVGs in the order of the sources (None where none could be made), and why not."""

    svgs: list[str | None]
    warnings: list[str] = field(default_factory=list)
    processes: int = 0


def default_cache_dir() -> Path:
    """$JOURNEYMAP_CACHE_DIR, else $XDG_CACHE_HOME/journeymap, else ~/.cache/journeymap."""
    explicit = os.environ.get("JOURNEYMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "journeymap"


def _renderer_commands() -> list[tuple[str, str]]:
    """System `dot` first, then the pip-installed pure port (also next to this Python)."""
    found: list[tuple[str, str]] = []
    dot = shutil.which("dot")
    if dot:
        found.append(("dot", dot))
    pure = shutil.which("graphviz-pure") or shutil.which(
        "graphviz-pure", path=str(Path(sys.executable).parent)
    )
    if pure:
        found.append(("graphviz-pure", pure))
    return found


def _version(name: str, command: str, cache_dir: Path) -> str:
    """The renderer's version, remembered per executable so a rebuild runs no process."""
    real = Path(command).resolve()
    try:
        stat = real.stat()
    except OSError:
        return "unknown"
    package = ""
    if name == "graphviz-pure":
        try:
            package = metadata.version("graphviz-pure")
        except metadata.PackageNotFoundError:
            package = ""
    key = hashlib.sha256(
        f"{name}\0{real}\0{stat.st_mtime_ns}\0{stat.st_size}\0{package}".encode()
    ).hexdigest()
    remembered = cache_dir / "renderers" / key
    try:
        return remembered.read_text(encoding="utf-8")
    except OSError:
        pass
    try:
        result = subprocess.run(
            [command, "-V"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    version = (result.stderr or result.stdout).strip() or "unknown"
    if result.returncode == 0:
        _write_atomic(remembered, version)
    return version


def _write_atomic(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        os.replace(handle.name, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _cache_key(renderer: Renderer, source: str) -> str:
    material = f"{renderer.name}\0{renderer.version}\0{source}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _chunks(indices: list[int], count: int) -> list[list[int]]:
    count = max(1, min(count, len(indices)))
    return [indices[start::count] for start in range(count)]


def _render_chunk(renderer: Renderer, folder: Path, chunk: list[int]) -> str | None:
    """Render `d<i>.dot` files with one process; returns an error text or None."""
    files = [f"d{index}.dot" for index in chunk]
    try:
        result = subprocess.run(
            [renderer.command, "-Tsvg", "-O", *files],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return str(error)
    if result.returncode != 0:
        return (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
    return None


def render_svgs(sources: Sequence[str], cache_dir: Path | None = None) -> Rendering:
    """Render DOT sources to sanitized SVG, all in batch, reusing cached results.

    Uncached sources are split into one chunk per CPU, each chunk rendered by a single
    renderer process, chunks in parallel. A source no renderer can handle gets None.
    """
    cache = cache_dir if cache_dir is not None else default_cache_dir()
    rendering = Rendering(svgs=[None] * len(sources))
    if not sources:
        return rendering
    commands = _renderer_commands()
    if not commands:
        rendering.warnings.append(
            "No Graphviz renderer found (neither `dot` nor `graphviz-pure` is on PATH): "
            "journey pages are built without their stage-flow diagram. "
            "Install Graphviz or `pip install graphviz-pure`."
        )
        return rendering
    pending = list(range(len(sources)))
    errors: list[str] = []
    for name, command in commands:
        if not pending:
            break
        renderer = Renderer(name, command, _version(name, command, cache))
        keys = {index: _cache_key(renderer, sources[index]) for index in pending}
        for index in list(pending):
            try:
                raw = (cache / "svg" / f"{keys[index]}.svg").read_text(encoding="utf-8")
            except OSError:
                continue
            rendering.svgs[index] = sanitize_svg(raw)
            pending.remove(index)
        if not pending:
            break
        with tempfile.TemporaryDirectory(prefix="journeymap-dot-") as tmp:
            folder = Path(tmp)
            for index in pending:
                (folder / f"d{index}.dot").write_text(sources[index], encoding="utf-8")
            chunks = _chunks(pending, os.cpu_count() or 1)
            rendering.processes += len(chunks)
            with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
                outcomes = list(pool.map(partial(_render_chunk, renderer, folder), chunks))
            errors.extend(f"{name}: {error}" for error in outcomes if error)
            for index in list(pending):
                output = folder / f"d{index}.dot.svg"
                if not output.is_file():
                    continue
                raw = output.read_text(encoding="utf-8")
                _write_atomic(cache / "svg" / f"{keys[index]}.svg", raw)
                rendering.svgs[index] = sanitize_svg(raw)
                pending.remove(index)
    if pending:
        detail = "; ".join(errors)[:500] or "no output"
        rendering.warnings.append(
            f"Graphviz could not render {len(pending)} stage-flow diagram(s) ({detail}): "
            "those journey pages are built without their diagram."
        )
    return rendering


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_ALLOWED_TAGS = {
    "svg",
    "g",
    "a",
    "polygon",
    "polyline",
    "path",
    "ellipse",
    "circle",
    "rect",
    "line",
    "text",
    "tspan",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
}
_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_SAFE_LINK = re.compile(r"^(#|https?://)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]+")

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def sanitize_svg(svg: str) -> str:
    """Inline-ready SVG: no prolog or doctype, only drawing elements, no script, no `on*`
    attribute, no `style`, and links only to `#fragments` or http(s) URLs.

    `<title>` elements go too: Graphviz fills them with internal node names, which would
    show as tooltips and in the search index (links keep their `xlink:title` tooltip)."""
    body = _PROLOG.sub("", svg).strip()
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return ""
    if _local(root.tag) != "svg":
        return ""
    _clean(root)
    return ET.tostring(root, encoding="unicode")


def _clean(element: ET.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in _ALLOWED_TAGS:
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        local = _local(name).lower()
        unsafe_link = local == "href" and not _SAFE_LINK.match(
            _CONTROL.sub("", element.attrib[name])
        )
        if local.startswith("on") or local == "style" or unsafe_link:
            del element.attrib[name]
