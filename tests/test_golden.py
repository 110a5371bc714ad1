"""Golden files: the output formats of one portfolio that triggers every finding code.

tests/golden/journeys/ holds the portfolio; tests/golden/expected.<format> what each
format prints for it (checked on FIXED_TODAY). After an intended change of output, rewrite
the expected files and review the diff:

    JOURNEYMAP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from journey_helpers import FIXED_TODAY, settings_for
from journeymap.check.formats import NAMES, renderer
from journeymap.check.pipeline import check
from journeymap.check.report import Report
from journeymap.check.rules import RULES

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"


#: The personal data words.yml holds: no output may repeat it.
PERSONAL = ("jo.bloggs@example.com", "7946 0958")


#: The golden portfolio's segments (its research/ folder cites them, and misspells one).
SEGMENTS = {"smb": "Small businesses", "enterprise": "Enterprises"}


def golden_report() -> Report:
    return check(
        None, settings_for(GOLDEN, jargon=["KYC", "dunning"], segments=SEGMENTS), today=FIXED_TODAY
    )


def test_the_portfolio_triggers_every_code() -> None:
    assert {finding.code for finding in golden_report().findings} == set(RULES)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_output_matches_the_golden_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)  # SARIF makes paths relative to the current folder
    output = click.unstyle(renderer(name)(golden_report(), False))
    expected = GOLDEN / f"expected.{name}"
    if UPDATE:
        expected.write_text(output, encoding="utf-8")
    assert expected.exists(), (
        f"no {expected.name}: run JOURNEYMAP_UPDATE_GOLDEN=1 pytest {__file__}"
    )
    assert not any(value in output for value in PERSONAL)
    assert output == expected.read_text(encoding="utf-8"), (
        f"{name} output changed; if intended, run JOURNEYMAP_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    )
