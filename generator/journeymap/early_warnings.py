"""`python -m journeymap.early_warnings FILE`: kept for workflows older versions wrote.

The weekly job of the workflow `journeymap init` wrote before `validate --format weekly`
existed runs `journeymap validate --format json > FILE`, then this on FILE. It turns
that output back into findings and prints the same list through the weekly format;
new workflows run `journeymap validate --format weekly` instead.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from journeymap.check.findings import Finding, Severity
from journeymap.check.formats import weekly
from journeymap.check.report import Report
from journeymap.cli import config_option
from journeymap.config.settings import load_settings
from journeymap.errors import JourneymapError


class _Unusable(click.ClickException):
    exit_code = 2


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("findings_file", type=click.Path(dir_okay=False, path_type=Path))
@config_option
def main(findings_file: Path, config_file: Path | None) -> None:
    """Print the early-warnings list for FINDINGS_FILE (`journeymap validate --format json`)."""
    try:
        warn_days = load_settings(config_file).options.warn_days
        data = json.loads(findings_file.read_text(encoding="utf-8"))
    except JourneymapError as error:
        raise _Unusable(str(error)) from None
    except OSError as error:
        raise _Unusable(f"cannot read {findings_file}: {error.strerror or error}") from None
    except ValueError as error:  # not UTF-8, or not JSON
        raise _Unusable(f"{findings_file} is not JSON: {error}") from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        raise _Unusable(f"{findings_file} is not the output of `journeymap validate --format json`")
    read = [_finding(item) for item in findings]
    report = Report([], read, files=0, stages=0, today=dt.date.today(), warn_days=warn_days)
    click.echo(weekly.render(report, False), nl=False)


def _finding(item: Mapping[str, Any]) -> Finding:
    """A finding as `--format json` wrote it (every field the list shows, as written)."""
    line = item.get("line")
    return Finding(
        code=str(item.get("code")),
        severity=Severity.INFO,  # the list shows each, whatever its severity
        file=str(item.get("file") or ""),
        line=line if isinstance(line, int) and not isinstance(line, bool) else None,
        column=None,
        journey=str(item["journey"]) if item.get("journey") else None,
        stage=str(item["stage"]) if item.get("stage") else None,
        message=str(item.get("message") or ""),
    )


if __name__ == "__main__":
    main(prog_name="python -m journeymap.early_warnings")
