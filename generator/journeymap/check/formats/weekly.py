"""The weekly early-warnings list, in Markdown for `$GITHUB_STEP_SUMMARY`.

The workflow `journeymap init` writes runs `journeymap validate --format json > FILE`
(exit status 2 stops it there), then `python -m journeymap.check.formats.weekly FILE`: what
ends or goes stale within `warn_days` (read from the same mkdocs.yml, so the heading
says the number), then what already has. The list never fails the run.

Journey text (file names, ids, the approver in a message) is data: `text.md`, the
escaping `journeymap diff --format markdown` uses, shows it literally, never as markup,
a link, a mention, an issue or commit reference or an emoji.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from journeymap.cli import config_option
from journeymap.text import md, plural

SOON = ("waiver-expiring", "evidence-aging")
PAST = ("expired-waiver", "stale-evidence")
#: Items shown in each list: a step summary holds at most 1 MiB.
LIST_ITEMS = 200
_MESSAGE_CHARS = 400


def render(findings: Sequence[Mapping[str, Any]], warn_days: int) -> str:
    """The two lists, from the `findings` of `journeymap validate --format json`."""
    within = "today" if warn_days == 0 else f"within {plural(warn_days, 'day')}"
    return "\n".join(
        [
            f"## Ends or goes stale {within}",
            "",
            *_items(findings, SOON),
            "",
            "## Already expired or stale",
            "",
            *_items(findings, PAST),
            "",
        ]
    )


def _items(findings: Sequence[Mapping[str, Any]], codes: Iterable[str]) -> list[str]:
    wanted = set(codes)
    chosen = [finding for finding in findings if finding.get("code") in wanted]
    if not chosen:
        return ["None."]
    lines = [_item(finding) for finding in chosen[:LIST_ITEMS]]
    if len(chosen) > LIST_ITEMS:
        rest = plural(len(chosen) - LIST_ITEMS, "more", "more")
        lines.append(f"- *…and {rest}: `journeymap validate` lists them all.*")
    return lines


def _item(finding: Mapping[str, Any]) -> str:
    where = md(str(finding.get("file") or "?"), limit=None)
    line = finding.get("line")
    if isinstance(line, int) and not isinstance(line, bool):
        where += f":{line}"
    journey = md(str(finding.get("journey") or "-"))
    stage = md(str(finding.get("stage") or "-"))
    message = md(str(finding.get("message") or ""), limit=_MESSAGE_CHARS)
    return f"- {where} **{journey}** / {stage}: {message}"


class _Unusable(click.ClickException):
    exit_code = 2


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("findings_file", type=click.Path(dir_okay=False, path_type=Path))
@config_option
def main(findings_file: Path, config_file: Path | None) -> None:
    """Print the early-warnings list for FINDINGS_FILE (`journeymap validate --format json`)."""
    from journeymap.config.settings import load_settings
    from journeymap.errors import JourneymapError

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
    click.echo(render(findings, warn_days), nl=False)


if __name__ == "__main__":
    main(prog_name="python -m journeymap.check.formats.weekly")
