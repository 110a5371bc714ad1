"""The findings of the two sides matched: what the change introduced, what it found
already failing (and which of that time alone caused), and what it fixed.

Findings are matched by (code, journey, stage), identical messages first: a finding of
the head without a partner at the base is *introduced* by the change, and only the
failing ones fail `journeymap diff`. Both sides are checked with the same today, so a
waiver that ran out or evidence that aged out on a stage the change does not touch fails
on both sides alike: it is *time-caused*, never introduced.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from journeymap.check.findings import Finding
from journeymap.check.report import Report
from journeymap.diff.changes import FindingChanges

#: Finding codes that time alone can raise on an unchanged stage.
TIME_CODES = frozenset({"expired-waiver", "stale-evidence", "waiver-expiring", "evidence-aging"})

_LINE_NUMBER = re.compile(r"(?<=\bline )\d+")


def compare_findings(
    base: Report,
    head: Report,
    new_id: Mapping[str, str],
    touched: set[tuple[str, str]],
    strict: bool,
) -> FindingChanges:
    """Match head findings to base findings by (code, journey, stage): first the pairs
    with the same message, then those whose messages differ only in line numbers, then
    the rest in order. What is left over on the head side was introduced by the change."""

    def key(finding: Finding) -> tuple[str, str | None, str | None]:
        journey = new_id.get(finding.journey, finding.journey) if finding.journey else None
        return (finding.code, journey, finding.stage)

    pool: dict[tuple[str, str | None, str | None], list[Finding]] = defaultdict(list)
    for finding in base.findings:
        pool[key(finding)].append(finding)
    unmatched = list(head.findings)
    matched: set[int] = set()
    for same in (_same_message, _same_but_lines, lambda a, b: True):
        for index, finding in enumerate(unmatched):
            if index in matched:
                continue
            candidates = pool.get(key(finding))
            if not candidates:
                continue
            partner = next((c for c in candidates if same(c, finding)), None)
            if partner is not None:
                candidates.remove(partner)
                matched.add(index)
    introduced = [f for index, f in enumerate(unmatched) if index not in matched]
    pre_existing = tuple(
        f for index, f in enumerate(unmatched) if index in matched and f.severity.fails(strict)
    )
    time_caused = tuple(
        f
        for f in pre_existing
        if f.code in TIME_CODES and (f.journey or "", f.stage or "") not in touched
    )
    resolved = tuple(
        f for remaining in pool.values() for f in remaining if f.severity.fails(strict)
    )
    return FindingChanges(
        introduced=tuple(introduced),
        new_failures=tuple(f for f in introduced if f.severity.fails(strict)),
        pre_existing=pre_existing,
        time_caused=time_caused,
        resolved=tuple(sorted(resolved, key=Finding.sort_key)),
    )


def _same_message(base: Finding, head: Finding) -> bool:
    return base.message == head.message


def _same_but_lines(base: Finding, head: Finding) -> bool:
    """The same message once line numbers in it ("first at line 12") are left out."""
    return _LINE_NUMBER.sub("#", base.message) == _LINE_NUMBER.sub("#", head.message)
