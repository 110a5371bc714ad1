"""Graphviz renderers: DOT sources to sanitized SVG, batched, in parallel and cached.

`dot` when it is installed, else the pip-installed `graphviz-pure`. A renderer is a
process we do not trust to behave: it runs in its own process group under a watch
(`processes.supervise`), and is stopped with everything it started when it stops
writing output, runs too long, writes too much or prints too much. Only output that
parses as SVG is used or cached, and a cache entry that does not parse is a miss.
Diagrams one renderer could not draw go to the next, and everything that went wrong is
said in one warning, with the advice its cause calls for: a diagram too large or too
slow to draw, or a renderer that is broken.

The SVG is sanitized before it is inlined into a page, as defence in depth against a
renderer that passes text through.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from journeymap.paths import resolved
from journeymap.site.processes import Cause, Job, log_head, supervise
from journeymap.text import plural

# The limits below were chosen from measurements on a 2-core machine (bench/generate.py
# portfolios, 20 stages per journey): `dot` draws a 500-diagram batch in 0.9 s alone and
# 1.7 s with a second batch beside it (2-3.5 ms per diagram, 30 ms to start), graphviz-pure
# in 2.0 s and 3.6 s; a realistic 400-stage journey takes 0.2 s and 0.6 MB of SVG, a
# tangled 100-stage one (300 random edges) 2.3 s.

#: A renderer that writes nothing new for this long is stuck: it is stopped (with every
#: process it started) and the next renderer draws what is left. Seconds, not minutes.
STALL_SECONDS = 10.0
#: However much it writes, a renderer process gets at most this long ...
BASE_SECONDS = 10.0
#: ... plus this long per diagram in its batch (about 30 times the slowest measured).
PER_DIAGRAM_SECONDS = 0.1
#: `dot -V` answers in milliseconds; a renderer that does not answer in this long is skipped.
VERSION_SECONDS = 5.0
#: An SVG larger than this is not a journey diagram (a 400-stage one is 0.6 MB).
MAX_SVG_BYTES = 16 * 1024 * 1024
#: A renderer that prints more than this (stdout and stderr together), plus 1 KB per
#: diagram, is stopped (a warning from Graphviz is about 100 bytes).
MAX_LOG_BYTES = 1024 * 1024
#: Cache entries unused for this long are removed, ...
CACHE_MAX_AGE_DAYS = 30
#: ... and the oldest ones beyond this size ...
CACHE_MAX_BYTES = 256 * 1024 * 1024
#: ... at most once in this long (a look at the cache's folder, no renderer).
PRUNE_EVERY_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class GraphvizCommand:
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
    #: Renderers (their commands) that went wrong and drew nothing: a long-lived caller
    #: (the live preview) passes them back as `avoid`, so each save does not wait again.
    broken: set[str] = field(default_factory=set)
    #: Sources no renderer could draw because of the diagram itself (its SVG is too
    #: large, or it takes too long): a long-lived caller need not try them again.
    hopeless: set[int] = field(default_factory=set)


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


# --- Versions and the cache -----------------------------------------------------------


def _version(name: str, command: str, cache_dir: Path) -> tuple[str | None, str]:
    """(version, problem): the renderer's version, remembered per executable so a rebuild
    runs no process; None with the reason when it does not answer `-V` properly."""
    real = resolved(Path(command))
    try:
        stat = real.stat()
    except OSError as error:
        return None, f"cannot be run ({error.strerror or error})"
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
        version = remembered.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    else:
        with contextlib.suppress(OSError):
            os.utime(remembered)  # still in use: pruning keeps it
        return version, ""
    with tempfile.TemporaryDirectory(prefix="journeymap-version-") as tmp:
        job = Job(
            [command, "-V"],
            Path(tmp),
            Path(tmp) / "log",
            stall_seconds=VERSION_SECONDS,
            budget_seconds=VERSION_SECONDS,
            max_log_bytes=MAX_LOG_BYTES,
            max_file_bytes=MAX_SVG_BYTES,
        )
        supervise([job])
        text = log_head(job.log)
    if job.failure:
        return None, f"`{name} -V` {job.failure}"
    if job.returncode != 0:
        return None, f"`{name} -V` exited with status {job.returncode}" + (
            f": {text}" if text else ""
        )
    version = text or "unknown"
    _write_atomic(remembered, version)
    return version, ""


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


def _cache_key(renderer: GraphvizCommand, source: str) -> str:
    material = f"{renderer.name}\0{renderer.version}\0{source}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _read_limited(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_SVG_BYTES + 1)
    except OSError:
        return None


_TOO_LARGE = f"a file larger than {MAX_SVG_BYTES // 2**20} MB"


def _svg_text(data: bytes) -> tuple[str, str] | str:
    """(raw text, sanitized SVG) for bytes that are an SVG document, else the reason why not."""
    if not data.strip():
        return "an empty file"
    if len(data) > MAX_SVG_BYTES:
        return _TOO_LARGE
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "a file that is not UTF-8 text"
    clean = sanitize_svg(text)
    if not clean:
        return "a file that is not a well-formed SVG document"
    return text, clean


def _from_cache(path: Path) -> str | None:
    """The sanitized SVG of a cache entry; a missing, unreadable or damaged one is a miss
    (and a damaged one is removed, to be replaced)."""
    data = _read_limited(path)
    if data is None and not path.is_dir():
        return None
    parsed = _svg_text(data) if data is not None else "unreadable"
    if isinstance(parsed, str):
        _remove(path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # last used: pruning keeps what builds still use
    return parsed[1]


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        pass


def prune_cache(cache_dir: Path, now: float | None = None) -> None:
    """Bound the cache: entries unused for CACHE_MAX_AGE_DAYS go, then the least recently
    used beyond CACHE_MAX_BYTES; also leftovers of interrupted writes. At most once per
    PRUNE_EVERY_SECONDS (the time is remembered in the cache), so a build pays one stat."""
    now = time.time() if now is None else now
    stamp = cache_dir / "pruned"
    try:
        if now - stamp.stat().st_mtime < PRUNE_EVERY_SECONDS:
            return
    except OSError:
        pass
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        stamp.touch()
        os.utime(stamp, (now, now))
    except OSError:
        return
    entries: list[tuple[float, int, Path]] = []
    for folder in (cache_dir / "svg", cache_dir / "renderers"):
        try:
            items = list(os.scandir(folder))
        except OSError:
            continue
        for item in items:
            try:
                stat = item.stat(follow_symlinks=False)
            except OSError:
                continue
            path = Path(item.path)
            age = now - stat.st_mtime
            if age > CACHE_MAX_AGE_DAYS * 86400 or (item.name.endswith(".tmp") and age > 3600):
                _remove(path)
            else:
                entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries, key=lambda entry: entry[0]):
        if total <= CACHE_MAX_BYTES:
            break
        _remove(path)
        total -= size


# --- Rendering ------------------------------------------------------------------------


def _chunks(indices: list[int], count: int) -> list[list[int]]:
    count = max(1, min(count, len(indices)))
    return [indices[start::count] for start in range(count)]


@dataclass
class _Outcome:
    """What one renderer made of the diagrams it was given."""

    svgs: dict[int, tuple[str, str]] = field(default_factory=dict)  # index: (raw, clean)
    problems: list[str] = field(default_factory=list)
    causes: set[Cause] = field(default_factory=set)
    stuck: set[int] = field(default_factory=set)  # where a stopped process was
    blame: dict[int, Cause] = field(default_factory=dict)  # sources too large or too slow
    processes: int = 0


def _render_batch(
    renderer: GraphvizCommand, sources: Sequence[str], pending: list[int], suspects: set[int]
) -> _Outcome:
    """Render the pending sources with one process per CPU, each drawing a chunk of them
    (`-O` writes `d<i>.dot.svg` next to each `d<i>.dot`). Each of the `suspects` (a source
    an earlier renderer was stopped on) gets a process of its own: should it stop this
    renderer too, nothing else is lost with it (graphviz-pure writes its files late)."""
    outcome = _Outcome()
    usual = [index for index in pending if index not in suspects]
    chunks = _chunks(usual, os.cpu_count() or 1) if usual else []
    chunks += [[index] for index in pending if index in suspects]
    with tempfile.TemporaryDirectory(prefix="journeymap-dot-") as tmp:
        jobs: list[tuple[Job, list[int]]] = []
        for number, chunk in enumerate(chunks):
            folder = Path(tmp) / f"c{number}"
            folder.mkdir()
            for index in chunk:
                (folder / f"d{index}.dot").write_text(sources[index], encoding="utf-8")
            job = Job(
                [renderer.command, "-Tsvg", "-O", *(f"d{index}.dot" for index in chunk)],
                folder,
                Path(tmp) / f"c{number}.log",
                stall_seconds=STALL_SECONDS,
                budget_seconds=BASE_SECONDS + PER_DIAGRAM_SECONDS * len(chunk),
                max_log_bytes=MAX_LOG_BYTES + 1024 * len(chunk),
                max_file_bytes=MAX_SVG_BYTES,
            )
            jobs.append((job, chunk))
        outcome.processes = len(jobs)
        supervise([job for job, _ in jobs])
        invalid: dict[str, int] = {}
        missing = 0
        for job, chunk in jobs:
            if job.failure:
                outcome.problems.append(job.failure)
                outcome.causes.add(job.cause)
            elif job.returncode:
                message = log_head(job.log)
                outcome.problems.append(
                    f"exited with status {job.returncode}" + (f" ({message})" if message else "")
                )
            for index in chunk:
                data = _read_limited(job.cwd / f"d{index}.dot.svg")
                if data is None:
                    missing += 1
                    parsed: tuple[str, str] | str = "none"
                else:
                    parsed = _svg_text(data)
                    if isinstance(parsed, str):
                        invalid[parsed] = invalid.get(parsed, 0) + 1
                        if parsed == _TOO_LARGE:
                            outcome.blame[index] = "size"
                if isinstance(parsed, str):
                    if job.failure and not outcome.stuck.intersection(chunk):
                        outcome.stuck.add(index)  # the first one it did not finish
                        if job.cause != "renderer":
                            outcome.blame[index] = job.cause
                    continue
                outcome.svgs[index] = parsed
        stopped_for_size = any(job.failure and job.cause == "size" for job, _ in jobs)
        for reason, count in invalid.items():
            if reason == _TOO_LARGE and stopped_for_size:
                continue  # said once: it was stopped for it
            outcome.problems.append(f"wrote {reason} for {plural(count, 'diagram')}")
            outcome.causes.add("size" if reason == _TOO_LARGE else "renderer")
        if missing and not any(job.failure or job.returncode for job, _ in jobs):
            outcome.problems.append(f"exited without writing {plural(missing, 'diagram')}")
        if outcome.problems and not outcome.causes:  # it exited with an error, or wrote nothing
            outcome.causes.add("renderer")
    return outcome


def render_svgs(
    sources: Sequence[str],
    cache_dir: Path | None = None,
    avoid: frozenset[str] = frozenset(),
) -> Rendering:
    """Render DOT sources to sanitized SVG, all in batch, reusing cached results.

    Uncached sources are split into one chunk per CPU, each chunk rendered by a single
    renderer process, chunks in parallel. What a renderer could not draw goes to the next
    one; a source no renderer can handle gets None. Problems make one warning. Renderers
    whose command is in `avoid` (they went wrong before) are only read from the cache.
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
    failed: list[str] = []  # one sentence per renderer that went wrong
    causes: set[Cause] = set()
    drawn_after_failure: dict[str, int] = {}
    stuck: set[int] = set()
    blame: dict[int, Cause | None] = {}  # what the last renderer to try a source blamed
    blamed_by: dict[str, set[int]] = {}  # renderer -> the sources it gave up on
    drew_nothing: list[tuple[str, set[Cause]]] = []
    for name, command in commands:
        if not pending:
            break
        version, problem = _version(name, command, cache)
        if version is None:
            failed.append(f"`{name}` ({command}) {problem}")
            causes.add("renderer")
            continue
        renderer = GraphvizCommand(name, command, version)
        keys = {index: _cache_key(renderer, sources[index]) for index in pending}
        for index in list(pending):
            svg = _from_cache(cache / "svg" / f"{keys[index]}.svg")
            if svg is not None:
                rendering.svgs[index] = svg
                pending.remove(index)
        if not pending:
            break
        if command in avoid:
            failed.append(f"`{name}` ({command}) went wrong earlier in this preview")
            causes.add("renderer")
            continue
        outcome = _render_batch(renderer, sources, pending, stuck)
        rendering.processes += outcome.processes
        blame.update({index: outcome.blame.get(index) for index in pending})
        blamed_by[command] = set(outcome.blame)
        for index, (raw, clean) in outcome.svgs.items():
            _write_atomic(cache / "svg" / f"{keys[index]}.svg", raw)
            rendering.svgs[index] = clean
            pending.remove(index)
        if failed and outcome.svgs:
            drawn_after_failure[name] = len(outcome.svgs)
        if outcome.problems:
            failed.append(f"`{name}` ({command}) " + "; ".join(dict.fromkeys(outcome.problems)))
            causes |= outcome.causes
            if not outcome.svgs:
                drew_nothing.append((command, outcome.causes))
        stuck |= outcome.stuck
    prune_cache(cache)
    rendering.hopeless = {index for index in pending if blame.get(index)}
    # A renderer that gave up on a diagram another one drew is to blame, not the diagram.
    drawn = {index for index, svg in enumerate(rendering.svgs) if svg}
    faulty = {command for command, blamed in blamed_by.items() if blamed & drawn}
    for command, why in drew_nothing:
        if "renderer" in why or command in faulty:
            rendering.broken.add(command)
    if failed:
        diagram_faults = {cause for index in rendering.hopeless if (cause := blame[index])}
        renderer_fault = "renderer" in causes or bool(faulty)
        rendering.warnings.append(
            _failure_warning(
                failed, drawn_after_failure, len(pending), diagram_faults, renderer_fault
            )
        )
    return rendering


def _failure_warning(
    failed: list[str],
    fallback: dict[str, int],
    lost: int,
    diagram_faults: set[Cause],
    renderer_fault: bool,
) -> str:
    """One warning: what went wrong with each renderer, what that cost, and the advice
    for the cause: a diagram too large or too slow to draw, or the installation."""
    parts = ["Graphviz failed: " + ". ".join(failed) + "."]
    for name, count in fallback.items():
        drawn = plural(count, "stage-flow diagram")
        parts.append(f"{drawn} {'was' if count == 1 else 'were'} drawn with {name} instead.")
    if lost:
        parts.append(
            f"{plural(lost, 'stage-flow diagram')} could not be drawn: "
            "those journey pages are built without their diagram."
        )
    if "size" in diagram_faults:
        parts.append(
            f"A diagram whose SVG is over {MAX_SVG_BYTES // 2**20} MB is too large to show: "
            "its journey has too many stages or `next` links to draw as one; split it into "
            "several journeys."
        )
    if "time" in diagram_faults:
        parts.append(
            "A journey with many stages, or whose `next` links cross very often, can take "
            "too long to draw: split it, or link fewer stages."
        )
    if renderer_fault:
        parts.append("Check the Graphviz installation (try `dot -V` and `dot -Tsvg`).")
    return " ".join(parts)


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
_URL_REF = re.compile(r"url\(['\"]?([^'\")]*)", re.IGNORECASE)

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def sanitize_svg(svg: str) -> str:
    """Inline-ready SVG: no prolog or doctype, only drawing elements, no script, no `on*`
    attribute, no `style`, and links only to `#fragments` or http(s) URLs. Anything that
    is not a well-formed document whose root is `<svg>` gives "".

    `<title>` elements go too: Graphviz fills them with internal node names, which would
    show as tooltips and in the search index (links keep their `xlink:title` tooltip).
    Nodes come in the order the DOT source declares them (see `_declared_order`)."""
    body = _PROLOG.sub("", svg).strip()
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, ValueError):
        return ""
    if _local(root.tag) != "svg":
        return ""
    _clean(root)
    _declared_order(root)
    return ET.tostring(root, encoding="unicode")


_NODE_ID = re.compile(r"node(\d+)")


def _declared_order(element: ET.Element) -> None:
    """Node groups (`<g id="nodeN" class="node">`, N counting from the first node the
    DOT source declares) sorted by N in the places nodes take among their siblings.
    Graphviz writes them in an order of its layout (stage 6 before 5); the document's
    order is the keyboard's (each node is a link), and the diagram declares stages in
    the journey's order. Nodes do not overlap, so the drawing is the same."""
    children = list(element)
    slots = [
        (index, int(match.group(1)))
        for index, child in enumerate(children)
        if (match := _NODE_ID.fullmatch(child.get("id", "")))
        and "node" in child.get("class", "").split()
    ]
    ordered = sorted(slots, key=lambda slot: slot[1])
    for (place, _), (source, _) in zip(slots, ordered, strict=True):
        element[place] = children[source]
    for child in element:
        if not _NODE_ID.fullmatch(child.get("id", "")):
            _declared_order(child)


def _clean(element: ET.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in _ALLOWED_TAGS:
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        local = _local(name).lower()
        value = _CONTROL.sub("", element.attrib[name])
        unsafe_link = local == "href" and not _SAFE_LINK.match(value)
        # fill="url(http://…)" and the like would make every reader's browser fetch it.
        outside = any(not target.startswith("#") for target in _URL_REF.findall(value))
        if local.startswith("on") or local == "style" or unsafe_link or outside:
            del element.attrib[name]
