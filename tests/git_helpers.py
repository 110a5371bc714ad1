"""Helpers for tests that build real git repositories (and run the real `journeymap`
in them, through `commands`)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

from commands import journeymap, run
from journey_helpers import REAL_TODAY

# Dates relative to the real today: the CLI checks as of today.
RECENT = (REAL_TODAY - dt.timedelta(days=30)).isoformat()
#: A journey whose one stage has fresh supporting evidence: it passes.
VALIDATED = f"""
title: Fine
stages:
  - id: a
    title: A
    assumption: x
    evidence:
      - {{kind: survey, summary: s, source: s, date: {RECENT}, stance: supports}}
"""
#: A journey of two stages without evidence: two `unvalidated-stage` errors.
TWO_GAPS = """
title: Old
stages:
  - id: a
    title: A
    assumption: x
  - id: b
    title: B
    assumption: y
"""
OLDER = (REAL_TODAY - dt.timedelta(days=60)).isoformat()
LATER = (REAL_TODAY + dt.timedelta(days=200)).isoformat()
LATER_STILL = (REAL_TODAY + dt.timedelta(days=300)).isoformat()
EXPIRED = (REAL_TODAY - dt.timedelta(days=10)).isoformat()

# The first two stages of the billing journey several diff tests start from:
# `invoice-email`: a contradicting ticket and a supporting interview -> contested;
# `pay`: no evidence -> unvalidated.
BILLING_STAGES = f"""
  - id: invoice-email
    title: Invoice email arrives
    assumption: Customers open the invoice email.
    evidence:
      - kind: support-ticket
        summary: 38 tickets asked whether the invoice email was phishing.
        source: Helpdesk tag invoice-phishing
        date: {RECENT}
        stance: contradicts
      - kind: interview
        summary: Four of six owners open the PDF at once.
        source: Billing interviews, notes 3
        date: {RECENT}
        stance: supports
  - id: pay
    title: Pay the invoice
    assumption: The invoice layout is clear.
"""


def git(cwd: Path, *args: str) -> str:
    result = run(["git", *args], cwd, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def init_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def short(root: Path, revision: str) -> str:
    return git(root, "rev-parse", "--short", revision).strip()


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def diff_json(cwd: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = journeymap("diff", "--format", "json", *args, cwd=cwd)
    assert code in (0, 1), err
    return code, json.loads(out), err


def finding_keys(findings: list[dict[str, Any]], *extra: str) -> list[tuple[Any, ...]]:
    """(code, file, journey, stage, *extra) of each finding, sorted: messages are the rules'."""
    return sorted(
        tuple(f[key] for key in ("code", "file", "journey", "stage", *extra)) for f in findings
    )
