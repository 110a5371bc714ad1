"""`--format weekly`: the early-warnings list, in Markdown for `$GITHUB_STEP_SUMMARY`.

What ends or goes stale within `warn_days` (the heading says the number the check used),
then what already has: the findings `waiver-expiring` and `evidence-aging`, then
`expired-waiver` and `stale-evidence`. The weekly run of the workflow `journeymap init`
writes appends it to the step summary; the list never fails that step (exit status 1
is the findings', 2 stops it).

Journey text (file names, ids, the approver in a message) is data: `text.md`, the
escaping `journeymap diff --format markdown` uses, shows it literally, never as markup,
a link, a mention, an issue or commit reference or an emoji.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from journeymap.check.findings import Finding
from journeymap.check.report import Report
from journeymap.text import md, plural

SOON = ("waiver-expiring", "evidence-aging")
PAST = ("expired-waiver", "stale-evidence")
#: Items shown in each list: a step summary holds at most 1 MiB.
LIST_ITEMS = 200
_MESSAGE_CHARS = 400


def render(report: Report, strict: bool) -> str:
    """The two lists, from the findings shown (`strict` changes nothing: a list fails nothing)."""
    warn_days = report.warn_days
    if warn_days is None:
        within = "soon"
    else:
        within = "today" if warn_days == 0 else f"within {plural(warn_days, 'day')}"
    findings = report.visible
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


def _items(findings: Sequence[Finding], codes: Iterable[str]) -> list[str]:
    wanted = set(codes)
    chosen = [finding for finding in findings if finding.code in wanted]
    if not chosen:
        return ["None."]
    lines = [_item(finding) for finding in chosen[:LIST_ITEMS]]
    if len(chosen) > LIST_ITEMS:
        rest = plural(len(chosen) - LIST_ITEMS, "more", "more")
        lines.append(f"- *…and {rest}: `journeymap validate` lists them all.*")
    return lines


def _item(finding: Finding) -> str:
    where = md(finding.file or "?", limit=None)
    if finding.line is not None:
        where += f":{finding.line}"
    journey = md(finding.journey or "-")
    stage = md(finding.stage or "-")
    message = md(finding.message, limit=_MESSAGE_CHARS)
    return f"- {where} **{journey}** / {stage}: {message}"
