"""Stage-flow diagrams: DOT from a journey, SVG from Graphviz, batched, cached and sanitized.

Every label that comes from a journey file goes through `graphviz.escape()`, so text
shaped like an HTML-like label or like DOT syntax is shown literally; links and
tooltips are built from slugs and statuses only. The SVG is sanitized again before it
is inlined into a page, as defence in depth against a renderer that passes text through.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from importlib import metadata
from pathlib import Path

import graphviz

from journeymap.model import Journey
from journeymap.status import Status

#: Fill, border and text colour per status: pastel fills with dark text read on both the
#: light and the dark palette (the SVG background is transparent).
STATUS_COLOURS: dict[Status, tuple[str, str, str]] = {
    Status.UNVALIDATED: ("#fde2e1", "#c62828", "#5f1414"),
    Status.WAIVED: ("#e8eaf0", "#6b7280", "#2f3441"),
    Status.STALE: ("#fff1c7", "#b7791f", "#5c3d0b"),
    Status.CONTESTED: ("#f1e4fb", "#7e3fb3", "#3f1d5c"),
    Status.CONTRADICTED: ("#ffe3cc", "#d35400", "#5e2600"),
    Status.CONFIRMED: ("#dcf5e3", "#2e8540", "#14401e"),
}

RENDER_TIMEOUT_SECONDS = 120


def journey_dot(journey: Journey, statuses: Mapping[str, Status]) -> str:
    """The DOT source of a journey's stage flow: one node per stage, edges from `next`."""
    graph = graphviz.Digraph("stage flow")
    graph.attr(rankdir="LR", bgcolor="transparent", pad="0.2", nodesep="0.35", ranksep="0.45")
    graph.attr(
        "node",
        shape="box",
        style="rounded,filled",
        fontname="Helvetica,Arial,sans-serif",
        fontsize="12",
        margin="0.18,0.08",
        penwidth="1.6",
    )
    graph.attr("edge", color="#8a8f98", arrowsize="0.7", penwidth="1.3")
    ids = [stage.id for stage in journey.stages]
    names = {stage_id: f"s{index}" for index, stage_id in enumerate(ids)}
    for stage in journey.stages:
        status = statuses.get(stage.id, Status.UNVALIDATED)
        fill, border, text = STATUS_COLOURS[status]
        lines = textwrap.wrap(
            stage.title, width=22, max_lines=3, placeholder=" …", break_long_words=False
        ) or [""]
        label = "\\n".join(graphviz.escape(line) for line in lines)
        graph.node(
            names[stage.id],
            label=f"{label}\\n{status.value}",
            fillcolor=fill,
            color=border,
            fontcolor=text,
            URL=f"#stage-{stage.id}",  # a slug: never free text
            tooltip=f"{stage.id}: {status.value}",
            target="_self",
        )
    for index, stage in enumerate(journey.stages):
        targets = stage.next if stage.next is not None else ids[index + 1 : index + 2]
        for target in targets:
            if target in names:  # an unknown id is the core's finding, not an edge
                graph.edge(names[stage.id], names[target])
    return str(graph.source)


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
