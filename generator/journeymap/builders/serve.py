"""`journeymap serve`: a live preview that never stalls and rebuilds only what changed.

MkDocs' own `serve` holds every request while it rebuilds (minutes, for a large site),
stalls them for good once a rebuild failed, stops watching a folder that was removed
and put back, and rebuilds the whole site on every save. Here the site is a preview
(built whatever the findings, which the pages show); requests are answered from the
last build while the next one runs (`serve_folder`); a build that fails all the same (a
broken template override, a broken mkdocs.yml, a missing journeys folder) is shown on
every page served, and the server goes on serving; every watched path is watched again
when it comes back or appears (`serve_watches`). A save that touches only journey files
rebuilds only the pages whose content changed (the plugin knows which, and keeps the
search index whole); any other change (mkdocs.yml, docs, template overrides) rebuilds
everything.
"""

from __future__ import annotations

import contextlib
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
from journeymap.builders.serve_folder import LiveSite
from journeymap.builders.serve_watches import Watches
from journeymap.builders.site_folder import Signals
from journeymap.config.settings import Settings

log = logging.getLogger("mkdocs.journeymap.serve")

#: How often the watched folders are polled for saves (MkDocs polls every 0.5 s).
POLL_SECONDS = 0.2
_DIRTY_NOTICE = "A 'dirty' build is being performed"


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that answers from the last build while a rebuild runs,
    keeps its watches through paths that go and come back, and shows the last build
    error on every page."""

    build_error: str | None = None

    def __init__(self, *, site: LiveSite, **options: Any) -> None:
        super().__init__(root=str(site.current), **options)
        self.site = site
        self.watches = Watches(self.observer, self.request_rebuild)

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Rebuild when anything under `path` changes, for as long as the preview runs:
        also after it is removed and put back, or when it appears only later."""
        if func is not None and func is not self.builder:  # as MkDocs refuses it
            raise TypeError("Plugins can no longer pass a 'func' parameter to watch().")
        self.watches.add(path)
        # MkDocs starts its observer, and adds the reload script to pages, while this
        # is not empty; it also lists it when serving starts.
        self._watched_paths.setdefault(os.path.abspath(path), 1)

    def request_rebuild(self) -> None:
        """Rebuild soon (as MkDocs does on a change of a watched file)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    @contextlib.contextmanager
    def building(self) -> Iterator[None]:
        """While a build runs, requests are answered from the last published build.

        MkDocs' server holds every request until the rebuild it started ends (its folder
        is half built until then): the epoch requests wait for stays the one shown, and
        the new one is handed back when the build is done, for MkDocs to show."""
        with self._epoch_cond:
            wanted, self._wanted_epoch = self._wanted_epoch, self._visible_epoch
        try:
            yield
        finally:
            self._wanted_epoch = wanted

    def publish(self) -> None:
        """Answer from the build that just ended from now on."""
        self.root = str(self.site.publish())

    def shutdown(self, wait: bool = False) -> None:
        self.watches.stop()
        super().shutdown(wait)

    def error_page(self, code: int) -> bytes | None:
        """The last build error, as a page that reloads once it is fixed; else the site's
        own 404 page, if it has one."""
        if self.build_error is not None:
            return self._inject_js_into_html(_ERROR_PAGE, self._visible_epoch)
        page = Path(self.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        if self.build_error is None:
            return content
        banner = error_html(self.build_error).encode("utf-8")
        start = content.find(b"<body")
        end = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:end] + banner + content[end:]


#: The page served where there is no page to put the banner on.
_ERROR_PAGE = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8">'
    b"<title>journeymap serve</title></head><body></body></html>"
)


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
    """Serve a live preview of the site until interrupted (Ctrl-C, SIGTERM, SIGHUP)."""
    site = LiveSite(Path(tempfile.mkdtemp(prefix="journeymap-serve-")))
    options: dict[str, Any] = {"dev_addr": address} if address else {}

    def get_config() -> MkDocsConfig:
        config = load_config(config_file=str(config_file), site_dir=str(site.work), **options)
        enable_preview(config)
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    previous: list[frozenset[tuple[str, int, int]] | None] = [None]

    def builder(config: MkDocsConfig | None = None) -> None:
        errors = _Errors()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            with server.building():
                if config is None:
                    config = get_config()
                config.site_url = serve_url
                sources = snapshot(config)
                # Only journey files changed since a good build: rebuild what changed.
                dirty = previous[0] is not None and sources == previous[0]
                build(config, serve_url=serve_url, dirty=dirty)
                server.publish()
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
            if config is not None:  # what the configuration names now, there or not yet
                for path in watched(config):
                    server.watch(path)

    server = PreviewServer(
        builder=builder,
        host=host,
        port=port,
        site=site,
        mount_path=mount_path,
        polling_interval=POLL_SECONDS,
    )
    server.error_handler = server.error_page
    quiet = _Quiet()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    # SIGTERM and SIGHUP end the preview as Ctrl-C does: a build under way stops where it
    # is (with the renderers it started), and the temporary site is removed.
    with Signals() as signals:
        try:
            builder(config)  # and so it watches what the configuration names
            config.plugins.on_serve(server, config=config, builder=builder)
            server.watches.keep(POLL_SECONDS)
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            with signals.deferred():  # a second signal does not cut the cleanup short
                server.shutdown()
                logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
                config.plugins.on_shutdown()
                shutil.rmtree(site.root, ignore_errors=True)


def watched(config: MkDocsConfig) -> list[str]:
    """The paths a change in rebuilds the preview: mkdocs.yml, the docs, what MkDocs'
    `watch` names, and journeymap's journeys and template folders (there or not yet),
    both as configured (a link that is pointed elsewhere) and where they lead, and the
    baseline file."""
    paths = [config.config_file_path, config.docs_dir, *config.watch]
    settings = getattr(config.plugins.get("journeymap"), "settings", None)
    if isinstance(settings, Settings):
        for given, folder in (
            (settings.options.journeys, settings.journeys),
            (settings.options.templates, settings.templates),
        ):
            if given is not None and folder is not None:
                paths += [os.path.join(settings.config_dir, given), str(folder)]
        paths.append(str(settings.baseline_file))  # its known gaps change every page's
    return [path for path in paths if path]


def snapshot(config: MkDocsConfig) -> frozenset[tuple[str, int, int]]:
    """What a save outside the journey files changes: mkdocs.yml, docs, template overrides,
    the baseline."""
    plugin = config.plugins.get("journeymap")
    config_file = Path(config.config_file_path)
    roots = [config_file, Path(config.docs_dir)]
    settings = getattr(plugin, "settings", None)
    if isinstance(settings, Settings):
        roots.append(settings.baseline_file)
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
