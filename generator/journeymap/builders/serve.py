"""`journeymap serve`: a live preview that never hangs and rebuilds only what changed.

MkDocs' own `serve` stalls every request while the last rebuild failed, and rebuilds
the whole site on every save. Here the site is a preview (built whatever the findings,
which the pages show); a build that fails all the same (a broken template override, a
broken mkdocs.yml) is shown on every page served, and the server goes on serving. A
save that touches only journey files rebuilds only the pages whose content changed
(the plugin knows which, and keeps the search index whole); any other change
(mkdocs.yml, docs, template overrides) rebuilds everything.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url

from journeymap.builders.plugin import enable_preview
from journeymap.builders.site_folder import Signals

log = logging.getLogger("mkdocs.journeymap.serve")

#: How often the watched folders are polled for saves (MkDocs polls every 0.5 s).
POLL_SECONDS = 0.2
_DIRTY_NOTICE = "A 'dirty' build is being performed"


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that shows the last build error on every page."""

    build_error: str | None = None

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        if self.build_error is None:
            return content
        banner = error_html(self.build_error).encode("utf-8")
        start = content.find(b"<body")
        end = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:end] + banner + content[end:]


def error_html(message: str) -> str:
    """A banner (or a whole page) saying the preview could not be rebuilt, and why."""
    return (
        '<div role="alert" style="background:#fde2e1;color:#5f1414;border:2px solid #c62828;'
        'padding:0.8rem 1rem;margin:0;font:1rem/1.4 system-ui,sans-serif;white-space:pre-wrap">'
        "<strong>journeymap serve: the preview could not be rebuilt.</strong> "
        "Fix the problem and save; this page reloads.\n"
        f"{escape(message)}</div>"
    )


class _Errors(logging.Handler):
    """The error messages logged during one build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Quiet(logging.Filter):
    """Drops MkDocs' notice about dirty builds: here they are the point."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_NOTICE)


def serve(config_file: Path, address: str | None = None) -> None:
    """Serve a live preview of the site until interrupted."""
    site_dir = tempfile.mkdtemp(prefix="journeymap-serve-")
    options: dict[str, Any] = {"dev_addr": address} if address else {}

    def get_config() -> MkDocsConfig:
        config = load_config(config_file=str(config_file), site_dir=site_dir, **options)
        enable_preview(config)
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    previous: list[frozenset[tuple[str, int, int]] | None] = [None]
    watching: set[str] = set()  # filled once serving starts; later builds may add to it

    def builder(config: MkDocsConfig | None = None) -> None:
        errors = _Errors()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            if config is None:
                config = get_config()
            config.site_url = serve_url
            sources = snapshot(config)
            # Only journey files changed since a good build: rebuild what changed.
            dirty = previous[0] is not None and sources == previous[0]
            build(config, serve_url=serve_url, dirty=dirty)
        except Exception as error:  # the preview shows it and goes on serving
            # MkDocs logs a plugin's error and raises a bare "Aborted": show what it logged.
            message = "\n".join(errors.messages) or str(error) or type(error).__name__
            log.error(f"journeymap serve: the preview could not be rebuilt: {message}")
            server.build_error = message
            previous[0] = None
        else:
            server.build_error = None
            previous[0] = sources
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)
            if config is not None and watching:  # folders the configuration names now
                for item in config.watch:
                    if item not in watching and Path(item).exists():
                        watching.add(item)
                        server.watch(item)

    server = PreviewServer(
        builder=builder,
        host=host,
        port=port,
        root=site_dir,
        mount_path=mount_path,
        polling_interval=POLL_SECONDS,
    )

    def error_page(code: int) -> bytes | None:
        if server.build_error is not None:
            return error_html(server.build_error).encode("utf-8")
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    quiet = _Quiet()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    # SIGTERM and SIGHUP end the preview as Ctrl-C does: the temporary site is removed.
    with Signals():
        try:
            builder(config)
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            config.plugins.on_serve(server, config=config, builder=builder)
            for item in config.watch:
                server.watch(item)
            watching.update({config.docs_dir, config.config_file_path, *config.watch})
            try:
                server.serve()  # type: ignore[no-untyped-call]
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
            config.plugins.on_shutdown()
            shutil.rmtree(site_dir, ignore_errors=True)


def snapshot(config: MkDocsConfig) -> frozenset[tuple[str, int, int]]:
    """What a save outside the journey files changes: mkdocs.yml, docs, template overrides."""
    plugin = config.plugins.get("journeymap")
    config_file = Path(config.config_file_path)
    roots = [config_file, Path(config.docs_dir)]
    templates = plugin.config.get("templates") if plugin is not None else None
    if isinstance(templates, str):
        roots.append(config_file.parent / templates)
    return frozenset(_stats(roots))


def _stats(roots: list[Path]) -> Iterator[tuple[str, int, int]]:
    for root in roots:
        if root.is_file():
            stat = root.stat()
            yield str(root), stat.st_mtime_ns, stat.st_size
            continue
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                yield path, stat.st_mtime_ns, stat.st_size
