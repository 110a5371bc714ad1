"""`journeymap serve` never stalls (issue 17): while a rebuild runs, every request is
answered from the last build; SIGTERM and Ctrl-C end it at once, with the renderer it
started; a journey file beyond the size limits costs one finding, not minutes.

The slow rebuild is real: a `dot` first on PATH that hangs on one diagram until the test
opens a gate (its time limits raised so only the test ends it). A real `journeymap
serve` over real HTTP; "at once" is a generous timeout, never a measured speed."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from commands import path_with
from fake_renderers import EACH, SVG, fake_dot, marked_processes
from journeymap.journey import limits
from site_helpers import ALPHA, BETA, Serving, fetch, stage, write_site

#: The renderer's limits, raised: the gate alone ends the slow diagram.
PATIENT = {"site.graphviz.STALL_SECONDS": 600.0, "site.graphviz.BASE_SECONDS": 600.0}
#: A journey whose diagram the fake `dot` hangs on (its stage id is in the DOT source).
SLOW = dict(BETA, title="Beta journey, slow", stages=[*BETA["stages"], stage("slowstage")])


def wait_until_rebuilding(server: Serving, mark: str) -> None:
    """Until the rebuild is drawing the slow diagram (the fake `dot` is running)."""
    import time

    deadline = time.monotonic() + 60
    while not marked_processes(mark):
        assert server.process.poll() is None, "serve ended"
        assert time.monotonic() < deadline, "the rebuild never started drawing"
        time.sleep(0.05)


@contextmanager
def slow_rebuilds(tmp_path: Path, mark: str, **env: str) -> Iterator[tuple[Serving, Path, Path]]:
    """A serve whose renderer hangs on SLOW's diagram until `gate` exists."""
    gate = tmp_path / "gate"
    draw = f"printf '%s><g class=\"node\"/></svg>' '{SVG}' > \"$f.svg\""
    hang = f'if grep -q slowstage "$f"; then while [ ! -e "{gate}" ]; do sleep 0.1; done; fi'
    folder = fake_dot(tmp_path, EACH.format(body=f"{hang}; {draw}"), mark)
    root = write_site(tmp_path / "project", {"alpha": ALPHA, "beta": BETA})
    environment = {"PATH": path_with(folder), "JOURNEYMAP_CACHE_DIR": str(tmp_path / "cache")}
    with Serving(root, PATIENT, **environment, **env) as server:
        server.wait_for("journeys/beta/", "Beta journey", error_pages=False)
        yield server, root, gate


def test_a_request_during_a_slow_rebuild_is_answered_from_the_last_build(
    tmp_path: Path, mark: str
) -> None:
    with slow_rebuilds(tmp_path, mark) as (server, root, gate):
        (root / "journeys" / "beta.yml").write_text(yaml.safe_dump(SLOW), encoding="utf-8")
        wait_until_rebuilding(server, mark)
        for path in ("journeys/beta/", "", "gaps/", "journeys/alpha/", "search/search_index.json"):
            page = fetch(server.url + path, timeout=20)  # raises if the request hangs
            assert page is not None and "could not be rebuilt" not in page, path
            if path == "journeys/beta/":
                assert "Beta journey" in page and "slowstage" not in page  # the last build
        assert marked_processes(mark), "the answers came after the rebuild, not during it"
        gate.touch()
        page = server.wait_for("journeys/beta/", "Beta journey, slow", error_pages=False)
        assert 'data-stage="slowstage"' in page
    assert marked_processes(mark) == []
    assert "Traceback" not in server.errors


@pytest.mark.parametrize(
    ("signum", "status"),
    [
        (signal.SIGTERM, 128 + signal.SIGTERM),
        (signal.SIGHUP, 128 + signal.SIGHUP),
        (signal.SIGINT, 0),  # Ctrl-C, as MkDocs' serve ends on it
    ],
)
def test_a_signal_ends_serve_during_a_rebuild_with_the_renderer_it_started(
    tmp_path: Path, mark: str, signum: int, status: int
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with slow_rebuilds(tmp_path, mark, TMPDIR=str(scratch)) as (server, root, _):
        (root / "journeys" / "beta.yml").write_text(yaml.safe_dump(SLOW), encoding="utf-8")
        wait_until_rebuilding(server, mark)
        server.process.send_signal(signum)
        try:
            returncode = server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"serve still runs 10 s after signal {signum}")
        assert returncode == status
        assert marked_processes(mark) == []  # the hanging renderer went with it
        assert list(scratch.iterdir()) == []  # and so did the temporary site
    assert "Traceback" not in server.errors


def test_a_journey_file_beyond_the_limits_is_a_finding_in_the_preview_at_once(
    tmp_path: Path,
) -> None:
    """The issue's files: 20,000 stages (minutes of work before) and 40 MB (not read)."""
    root = write_site(tmp_path / "project", {"beta": BETA})
    lines = [f"  - {{id: s{n}, title: T, assumption: A}}\n" for n in range(20_000)]
    (root / "journeys" / "crowded.yml").write_text("title: Crowded\nstages:\n" + "".join(lines))
    assert (root / "journeys" / "crowded.yml").stat().st_size < limits.MAX_FILE_BYTES
    block = "".join(lines) * 60  # 40 MB of stages
    (root / "journeys" / "huge.yml").write_text("title: Huge\nstages:\n" + block)
    with Serving(root) as server:
        crowded = server.wait_for("journeys/crowded/", "20,000 stages", seconds=60)
        assert "journeys/crowded.yml:2:1" in crowded and "schema" in crowded
        huge = server.wait_for("journeys/huge/", "more than the 1 MiB", seconds=60)
        assert "yaml-syntax" in huge
        assert "Beta journey" in (fetch(server.url + "journeys/beta/") or "")
        (root / "journeys" / "beta.yml").write_text(
            yaml.safe_dump(dict(BETA, title="Beta, edited")), encoding="utf-8"
        )
        server.wait_for("journeys/beta/", "Beta, edited", seconds=60)
    assert "Traceback" not in server.errors
