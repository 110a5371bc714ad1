"""`journeymap diff --format markdown`: for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

The headline comes first (what changed in customer knowledge), then disagreement
removed (called out on its own), newly contradicted or contested stages, new
unvalidated stages, waivers added or extended and by whom, the findings; then a table
per changed journey. At most `LIMIT` characters: past that, journeys are summarised.

Text from journey files (and file names, and the base's name) is data: `mdtext.md`
shows it literally, never as markup, a link, a mention or a reference.
"""

from __future__ import annotations

from collections.abc import Iterable

from journeymap.check.findings import Finding
from journeymap.diff.compare import Diff, EvidenceItem, JourneyChange, StageChange, WaiverChange
from journeymap.diff.formats import words
from journeymap.mdtext import md
from journeymap.text import plural

#: Largest summary written (GitHub allows 65,536 characters in a comment).
LIMIT = 60_000
_RESERVE = 600  # room kept for the note that says what was left out
_LIST_ITEMS = 10  # items shown in each headline list
_TABLE_ROWS = 60  # stages shown in one journey's table
_CELL_ITEMS = 6  # evidence items shown in one table cell

def render(diff: Diff, limit: int = LIMIT) -> str:
    out = _Budget(limit - _RESERVE)
    out.add(_top(diff))
    skipped = sum(1 for block in _sections(diff) if not out.add(block))
    if diff.journeys:
        out.add("#### Changes per journey\n")
    shown = 0
    for journey in diff.journeys:
        if not out.add(_journey(journey)):
            break
        shown += 1
    rest = diff.journeys[shown:]
    if rest or skipped:
        stages = sum(len(journey.stages) for journey in rest)
        parts = []
        if rest:
            parts.append(
                f"{plural(len(rest), 'more journey')} with {plural(stages, 'stage change')}"
            )
        if skipped:
            parts.append(plural(skipped, "section"))
        out.force(
            f"*Not shown: {' and '.join(parts)}; this summary stops at {limit:,} characters. "
            "Run `journeymap diff` (or `--format json`) for everything.*\n"
        )
    return out.text()


class _Budget:
    """Blocks of Markdown, up to a number of characters; a block that does not fit is left
    out whole (never cut in the middle of a table)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.blocks: list[str] = []
        self.size = 0

    def add(self, block: str) -> bool:
        if self.size + len(block) + 1 > self.limit:
            return False
        self.force(block)
        return True

    def force(self, block: str) -> None:
        self.blocks.append(block)
        self.size += len(block) + 1

    def text(self) -> str:
        return "\n".join(self.blocks)


def _top(diff: Diff) -> str:
    if diff.base_ref is not None:
        against = f"the merge-base of {md(diff.base_ref)} and HEAD ({md(diff.base_label)})"
    else:
        against = md(diff.base_label)
    lines = [
        "### Customer journeys: what this change does",
        "",
        f"**{words.headline(diff, _path)}.** {words.journeys_line(diff, _path)}. "
        f"{words.coverage_line(diff, _path)}. **{words.verdict(diff)}.**",
        "",
        f"<sub>The working tree compared with {against}, both checked as of {diff.today}.</sub>",
    ]
    policy = words.policy_line(diff, md)
    if policy:
        lines += ["", f"> ⚠️ **{policy}.**"]
    if diff.policy_note:
        lines += ["", f"> {md(diff.policy_note, None)}."]
    return "\n".join(lines) + "\n"


def _path(text: str) -> str:
    """A file name or a finding's message as inert Markdown."""
    return md(text, 300)


def _sections(diff: Diff) -> Iterable[str]:
    hidden = diff.disagreement_hidden()
    if hidden:
        yield _list(
            f"> ⚠️ **{words.hidden_line(len(hidden))}:**",
            [f"{_where(j, s)} in {md(j.file)}: {_evidence(item)}" for j, s, item in hidden],
            quote=True,
        )
    removed = diff.disagreement_removed()
    if removed:
        yield _list(
            f"> ⚠️ **{words.disagreement_line(len(removed))}:**",
            [f"{_where(j, s)}: {_evidence(item)}" for j, s, item in removed],
            quote=True,
        )
    disputed = [
        (journey, stage)
        for journey, stage in diff.status_moves()
        if stage.after is not None and stage.after.value in {"contradicted", "contested"}
    ]
    if disputed:
        yield _list(
            "**Newly contradicted or contested** (customers disagree with the assumption):",
            [f"{_where(j, s)}: {md(words.status_cell(s, j))}" for j, s in disputed],
        )
    unvalidated = [
        (journey, stage)
        for journey, stage in diff.status_moves()
        if stage.after is not None and stage.after.value == "unvalidated"
    ]
    if unvalidated:
        yield _list(
            "**New unvalidated stages** (no customer evidence, no waiver in force):",
            [f"{_where(j, s)}: {md(words.status_cell(s, j))}" for j, s in unvalidated],
        )
    waivers = [
        (journey, stage, change)
        for journey, stage, change in diff.waiver_changes()
        if change.change in {"added", "extended", "changed"}
    ]
    if waivers:
        items = []
        for journey, stage, change in waivers:
            reason = words.waiver_phrase(change).reason
            why = f": {md(reason)}" if reason else ""
            items.append(f"{_where(journey, stage)}: {_waiver(change, bold=True)}{why}")
        yield _list("**Waivers added or extended:**", items)
    yield _findings(diff)
    warnings = diff.findings.new_warnings
    if warnings:
        strict = "`--strict` or `strict: true`"
        yield _list(
            f"**{plural(len(warnings), 'new warning')}** (not failing: only {strict} makes "
            "warnings fail):",
            [_finding(f) for f in warnings],
        )


def _findings(diff: Diff) -> str:
    findings = diff.findings
    title = f"**{words.verdict(diff)}.**"
    block = _list(title, [_finding(f) for f in findings.new_failures])
    notes = []
    counted = words.not_counted(diff)
    if counted:
        notes.append(counted + ".")
    if findings.resolved:
        notes.append(words.fixed(len(findings.resolved)) + ".")
    return block + ("\n" + " ".join(notes) + "\n" if notes else "")


def _list(title: str, items: list[str], quote: bool = False) -> str:
    shown = items[:_LIST_ITEMS]
    lines = [title, *(f"- {item}" for item in shown)]
    if len(items) > len(shown):
        lines.append(f"- … and {len(items) - len(shown)} more (see the tables below)")
    prefix = "> " if quote else ""
    return "\n".join(line if line.startswith(">") else prefix + line for line in lines) + "\n"


def _journey(journey: JourneyChange) -> str:
    title = f": {md(journey.title)}" if journey.title else ""
    lines = [f"##### {md(journey.id)}{title} ({journey.change})", ""]
    facts = [md(journey.file)]
    if journey.renamed_from:
        facts.append(
            f"renamed from {md(journey.renamed_from.id)} ({md(journey.renamed_from.file)})"
        )
    coverage = words.journey_coverage(journey.coverage_before, journey.coverage_after)
    if coverage:
        facts.append(coverage)
    if journey.fields_changed:
        facts.append("changed: " + ", ".join(journey.fields_changed))
    note = words.unreadable_note(journey, _path)
    if note:
        head, bracket, rest = note.partition(" (")
        facts.append(f"**{head}**{bracket}{rest}" if journey.unreadable == "head" else note)
    lines.append(" · ".join(facts))
    if journey.stages:
        lines += [
            "",
            "| stage | status | evidence | waiver | also changed |",
            "|---|---|---|---|---|",
        ]
        for stage in journey.stages[:_TABLE_ROWS]:
            lines.append(_row(stage, journey))
        hidden = len(journey.stages) - _TABLE_ROWS
        if hidden > 0:
            lines.append(f"| … {plural(hidden, 'more stage')} | | | | |")
    return "\n".join(lines) + "\n"


def _row(stage: StageChange, journey: JourneyChange) -> str:
    gone = set(stage.disagreement_removed)
    evidence = [
        f"\\~ {'⚠️ ' if edit.before in gone else ''}{_evidence(edit.before)} \\(edited: "
        + "; ".join(
            f"{name} {md(before, 80)} → {md(after, 80)}"
            for name, before, after in map(words.field_change, edit.changes)
        )
        + "\\)"
        for edit in stage.evidence_edited
    ]
    evidence += [f"\\+ {_evidence(item)}" for item in stage.only_added()]
    evidence += [
        f"\u2212 {'⚠️ ' if item in gone else ''}{_evidence(item)}" for item in stage.only_removed()
    ]
    evidence += [
        f"? ⚠️ {_evidence(item)} \\(no longer visible\\)" for item in stage.disagreement_hidden
    ]
    if len(evidence) > _CELL_ITEMS:
        evidence = [*evidence[: _CELL_ITEMS - 1], f"… {len(evidence) - _CELL_ITEMS + 1} more"]
    waiver = _waiver(stage.waiver) if stage.waiver else ""
    title = f": {md(stage.title)}" if stage.title is not None else ""
    cells = [
        f"{md(stage.id)}{title}",
        md(words.status_cell(stage, journey)),
        "<br>".join(evidence),
        waiver,
        ", ".join(stage.fields_changed),
    ]
    return "| " + " | ".join(cells) + " |"


def _waiver(change: WaiverChange, bold: bool = False) -> str:
    what, approver, approver_before, _ = words.waiver_phrase(change)
    if not approver:
        return what
    who = f"**{md(approver)}**" if bold else md(approver)
    was = f" (was {md(approver_before)})" if approver_before else ""
    return f"{what}, approved by {who}{was}"


def _where(journey: JourneyChange, stage: StageChange) -> str:
    title = f" ({md(stage.title, 80)})" if stage.title is not None else ""
    return f"**{md(journey.id)} / {md(stage.id)}**{title}"


def _evidence(item: EvidenceItem) -> str:
    return f"{item.kind}, {item.stance}: “{md(item.summary)}”"


def _finding(finding: Finding) -> str:
    where = finding.file
    if finding.line is not None:
        where += f":{finding.line}:{finding.column or 1}"
    return f"{md(where)} {finding.severity.value} {finding.code}: {md(finding.message, 300)}"
