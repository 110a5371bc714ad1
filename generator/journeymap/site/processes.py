"""Processes we do not trust to behave (Graphviz renderers), run under a watch.

Each runs in its own process group; `supervise` stops it, with everything it started,
when it stops writing output, runs too long, writes too large a file or prints too
much, and whatever interrupts the wait (Ctrl-C, SIGTERM turned into an exception) stops
every process first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

#: Why a renderer drew nothing, for the advice: the diagram is too large (it wrote a file
#: over the limit) or too slow to draw (it was stopped for time), or the renderer itself
#: went wrong (it failed, wrote no SVG, printed too much).
Cause = Literal["size", "time", "renderer"]


@dataclass
class Job:
    """One renderer process: its command, where it works, its limits, and how it ended."""

    argv: list[str]
    cwd: Path
    log: Path
    stall_seconds: float
    budget_seconds: float
    max_log_bytes: int
    max_file_bytes: int
    failure: str | None = None  # why it was stopped, or why it could not start
    cause: Cause = "renderer"  # what the failure says about the diagram
    returncode: int | None = None


@dataclass
class _Running:
    job: Job
    process: subprocess.Popen[bytes]
    output: BinaryIO
    started: float
    changed: float
    fingerprint: tuple[int, int] = (0, 0)


def supervise(jobs: Sequence[Job]) -> None:
    """Run the jobs side by side, each in its own process group, until all have ended.

    A job is stopped (its whole process group, so nothing it started outlives it) when
    nothing in its folder changes for `stall_seconds`, when it runs past `budget_seconds`,
    writes a file larger than `max_file_bytes` or prints more than `max_log_bytes`; its
    `failure` says which. Whatever interrupts the wait (Ctrl-C, SIGTERM turned into an
    exception) stops every process first.
    """
    running: list[_Running] = []
    try:
        for job in jobs:
            started = _start(job)
            if started is not None:
                running.append(started)
        pause = 0.005
        while running:
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
            for entry in list(running):
                if _check(entry):
                    running.remove(entry)
    finally:
        for entry in running:
            _stop(entry)


def _start(job: Job) -> _Running | None:
    output = job.log.open("wb")
    try:
        process = subprocess.Popen(
            job.argv,
            cwd=job.cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,  # its own process group: stopped as a whole
        )
    except (OSError, subprocess.SubprocessError) as error:
        output.close()
        job.failure = f"could not be started ({one_line(str(error))})"
        return None
    now = time.monotonic()
    return _Running(job, process, output, now, now)


def _check(entry: _Running) -> bool:
    """Whether the job has ended (stopping it if it must); False while it runs on."""
    job = entry.job
    if _has_exited(entry.process):
        _stop(entry)
        job.returncode = entry.process.returncode
        return True
    now = time.monotonic()
    count, total, largest = _folder_state(job.cwd)
    if (count, total) != entry.fingerprint:
        entry.fingerprint = (count, total)
        entry.changed = now
    if largest > job.max_file_bytes:
        job.failure = f"wrote a file larger than {job.max_file_bytes // 2**20} MB"
        job.cause = "size"
    elif _size(entry.output) > job.max_log_bytes:
        job.failure = f"printed more than {job.max_log_bytes // 1024} KB"
    elif now - entry.changed > job.stall_seconds:
        job.failure = f"stopped responding (no output for {job.stall_seconds:g} s)"
        job.cause = "time"
    elif now - entry.started > job.budget_seconds:
        job.failure = f"was still running after {job.budget_seconds:g} s"
        job.cause = "time"
    else:
        return False
    _stop(entry)
    return True


def _has_exited(process: subprocess.Popen[bytes]) -> bool:
    """Whether the process has ended, without reaping it: while it is a zombie its
    process group id cannot be reused, so stopping the group stays safe."""
    waitid = getattr(os, "waitid", None)
    if waitid is None:  # no waitid (macOS): reaps, a tiny window for id reuse
        return process.poll() is not None
    try:
        return waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _stop(entry: _Running) -> None:
    """Kill the job's whole process group (also after a normal exit: it may have left
    children behind), then reap the leader."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(entry.process.pid, signal.SIGKILL)
    entry.process.wait()
    entry.output.close()


def _folder_state(folder: Path) -> tuple[int, int, int]:
    """(entries, total bytes, largest file) of a folder: what tells progress."""
    count = total = largest = 0
    try:
        with os.scandir(folder) as entries:
            for item in entries:
                count += 1
                try:
                    size = item.stat(follow_symlinks=False).st_size
                except OSError:
                    continue
                total += size
                largest = max(largest, size)
    except OSError:
        pass
    return count, total, largest


def _size(handle: BinaryIO) -> int:
    try:
        return os.fstat(handle.fileno()).st_size
    except OSError:
        return 0


def one_line(text: str, limit: int = 200) -> str:
    """A renderer's message as one safe line: no control characters, bounded length."""
    line = " ".join(text.split())
    line = "".join(char if char.isprintable() else "?" for char in line)
    return line[:limit] + ("…" if len(line) > limit else "")


def log_head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return one_line(handle.read(4096).decode("utf-8", errors="replace"))
    except OSError:
        return ""
