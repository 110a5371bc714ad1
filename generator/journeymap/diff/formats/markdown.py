"""`journeymap diff --format markdown`: for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

The headline comes first (what changed in customer knowledge, the base, a policy edit),
then disagreement removed (called out on its own), newly contradicted or contested
stages, new unvalidated stages, waivers added or extended and by whom, the verdict with
the findings; then a table per changed journey.

At most `LIMIT` characters, and only journey tables are ever left out to stay within
it: everything before them is always there. Each list there shows at most 10 items;
when even that does not fit (a change that breaks 190 files, or hundreds of long
quotes), the lists and the headline's files are shortened, down to their counts, until
it does. The last line then says what was left out and where to see it.

Text from journey files (and file names, and the base's name) is data: `text.md`
shows it literally, never as markup, a link, a mention or a reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from journeymap.check.findings import Finding
from journeymap.diff.changes import (
    Diff,
    EvidenceItem,
    JourneyChange,
    StageChange,
    Value,
    WaiverChange,
)
from journeymap.diff.formats import sentences
from journeymap.personal_data import redact
from journeymap.text import TEXT_CHARS, plural
from journeymap.text import md as inert


def md(text: str, limit: int | None = TEXT_CHARS) -> str:
    """Journey text as inert Markdown (`text.md`), personal data replaced by its kind
    before it is shortened: a summary never repeats it."""
    return inert(redact(text), limit)


#: Largest summary written (GitHub allows 65,536 characters in a comment).
LIMIT = 60_000
_RESERVE = 600  # room kept for the note that says what was left out
#: Items shown in each list before the tables, most first: fewer only when they do not fit.
_DETAIL = (10, 5, 3, 1, 0)
_TABLE_ROWS = 60  # stages shown in one journey's table
_CELL_ITEMS = 6  # evidence items shown in one table cell
_FIELD_CHARS = 300  # a stage's field before and after: a reworded assumption in full
_T = TypeVar("_T")
_EVERYTHING = "Run `journeymap diff` (or `--format json`) for everything."


class _Head:
    """How much of what comes before the tables is listed: `items` per list, and whether
    every table follows (so a list can point at them)."""

    def __init__(self, items: int, tables_follow: bool) -> None:
        self.items = items
        self.tables_follow = tables_follow

    def more(self, findings: bool = False) -> str:
        """Where to see the items a list leaves out."""
        if self.tables_follow and not findings:
            return "see the tables below"
        return "`journeymap diff` lists them all"

    def text(self, text: str) -> str:
        """A value quoted in the headline: shorter when the lists are."""
        return md(text, 160 if self.items >= 3 else 40)


def render(diff: Diff, limit: int = LIMIT) -> str:
    budget = limit - _RESERVE
    for items in _DETAIL:  # the most detail that fits; the least there is otherwise
        head = _head(diff, _Head(items, tables_follow=False))
        if _size(head) <= budget:
            break
    out = _Budget(budget - _size(head))
    title = "#### Changes per journey\n"
    tables: list[str] = []
    for journey in diff.journeys:
        block = _journey(journey)
        if not out.add(block if tables else title + "\n" + block):
            break
        tables.append(block)
    rest = diff.journeys[len(tables) :]
    if not rest:  # every table shown: the lists point at them (no longer than before)
        head = _head(diff, _Head(items, tables_follow=True))
    blocks = [*head, *([title, *tables] if tables else [])]
    shortened = items < _DETAIL[0]
    if rest or shortened:
        parts = []
        if rest:
            stages = sum(len(journey.stages) for journey in rest)
            parts.append(
                f"{plural(len(rest), 'more journey')} with {plural(stages, 'stage change')}"
            )
        if shortened:
            parts.append(f"{'some' if items else 'the'} items of the lists above")
        blocks.append(
            f"*Not shown: {' and '.join(parts)}; this summary stops at {limit:,} characters. "
            f"{_EVERYTHING}*\n"
        )
    return "\n".join(blocks)


class _Budget:
    """Blocks of Markdown, up to a number of characters; a block that does not fit is left
    out whole (never cut in the middle of a table)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0

    def add(self, block: str) -> bool:
        if self.size + len(block) + 1 > self.limit:
            return False
        self.size += len(block) + 1
        return True


def _size(blocks: list[str]) -> int:
    return sum(len(block) + 1 for block in blocks)


def _head(diff: Diff, head: _Head) -> list[str]:
    """Everything before the tables: never left out, only shortened."""
    return [_top(diff, head), *_sections(diff, head)]


def _top(diff: Diff, head: _Head) -> str:
    most = head.items
    if diff.base.ref is not None:
        against = f"the merge-base of {md(diff.base.ref)} and HEAD ({md(diff.base.label)})"
    else:
        against = md(diff.base.label)
    lines = [
        "### Customer journeys: what this change does",
        "",
        f"**{sentences.headline(diff, _path, most)}.** "
        f"{sentences.journeys_line(diff, _path, most)}. "
        f"{sentences.coverage_line(diff, _path, most)}. **{sentences.verdict(diff)}.**",
        "",
        *_studies(diff, most),
        f"<sub>The working tree compared with {against}, both checked as of {diff.today}.</sub>",
    ]
    policy = sentences.policy_line(diff, head.text)
    if policy:
        lines += ["", f"> ⚠️ **{policy}.**"]
    if diff.base.policy_note:
        lines += ["", f"> {md(diff.base.policy_note, 600 if most >= 3 else 200)}."]
    gaps_added, gaps_removed = sentences.baseline_lines(diff, head.text)
    if gaps_added:
        lines += ["", f"> ⚠️ **{gaps_added}.**"]
    if gaps_removed:
        lines += ["", f"{gaps_removed}."]
    return "\n".join(lines) + "\n"


def _studies(diff: Diff, most: int) -> list[str]:
    """The studies line, its own paragraph, when the change edits a study."""
    line = sentences.studies_line(diff, _path, most)
    return [f"{line}.", ""] if line else []


def _path(text: str) -> str:
    """A file name or a finding's message as inert Markdown."""
    return md(text, 300)


def _sections(diff: Diff, head: _Head) -> Iterable[str]:
    hidden = diff.disagreement_hidden()
    if hidden:
        yield _list(
            f"> ⚠️ **{sentences.hidden_line(len(hidden))}:**",
            hidden,
            lambda h: f"{_where(h[0], h[1])} in {md(h[0].file)}: {_evidence(h[2])}",
            head,
            quote=True,
        )
    removed = diff.disagreement_removed()
    if removed:
        yield _list(
            f"> ⚠️ **{sentences.disagreement_line(diff)}:**",
            removed,
            lambda r: f"{_where(r[0], r[1])}: {_evidence(r[2], sentences.stance_move(r[2], diff))}",
            head,
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
            disputed,
            _moved,
            head,
        )
    unvalidated = [
        (journey, stage)
        for journey, stage in diff.status_moves()
        if stage.after is not None and stage.after.value == "unvalidated"
    ]
    if unvalidated:
        yield _list(
            "**New unvalidated stages** (no customer evidence, no waiver in force):",
            unvalidated,
            _moved,
            head,
        )
    waivers = [
        (journey, stage, change)
        for journey, stage, change in diff.waiver_changes()
        if change.change in {"added", "extended", "changed"}
    ]
    if waivers:
        yield _list("**Waivers added or extended:**", waivers, _waived, head)
    yield _findings(diff, head)
    warnings = diff.findings.new_warnings
    if warnings:
        strict = "`--strict` or `strict: true`"
        yield _list(
            f"**{plural(len(warnings), 'new warning')}** (not failing: only {strict} makes "
            "warnings fail):",
            list(warnings),
            _finding,
            head,
            findings=True,
        )


def _moved(moved: tuple[JourneyChange, StageChange]) -> str:
    journey, stage = moved
    return f"{_where(journey, stage)}: {md(sentences.status_cell(stage, journey))}"


def _waived(waived: tuple[JourneyChange, StageChange, WaiverChange]) -> str:
    journey, stage, change = waived
    reason = sentences.waiver_phrase(change).reason
    why = f": {md(reason)}" if reason else ""
    return f"{_where(journey, stage)}: {_waiver(change, bold=True)}{why}"


def _findings(diff: Diff, head: _Head) -> str:
    findings = diff.findings
    title = f"**{sentences.verdict(diff)}.**"
    block = _list(title, list(findings.new_failures), _finding, head, findings=True)
    notes = []
    counted = sentences.not_counted(diff)
    if counted:
        notes.append(counted + ".")
    if findings.resolved:
        notes.append(sentences.fixed(len(findings.resolved)) + ".")
    return block + ("\n" + " ".join(notes) + "\n" if notes else "")


def _list(
    title: str,
    items: list[_T],
    show: Callable[[_T], str],
    head: _Head,
    *,
    quote: bool = False,
    findings: bool = False,
) -> str:
    """A title and its items, at most `head.items` of them (only those are rendered)."""
    shown = [show(item) for item in items[: head.items]]
    lines = [title, *(f"- {item}" for item in shown)]
    rest = len(items) - len(shown)
    if rest and shown:
        lines.append(f"- … and {rest} more ({head.more(findings)})")
    elif rest:
        lines.append(f"- {plural(rest, 'item')}, not listed here to fit ({head.more(findings)})")
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
    coverage = sentences.journey_coverage(journey.coverage_before, journey.coverage_after)
    if coverage:
        facts.append(coverage)
    if journey.fields_changed:
        facts.append("changed: " + ", ".join(journey.fields_changed))
    note = sentences.unreadable_note(journey, _path)
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
            for name, before, after in map(sentences.field_change, edit.changes)
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
        md(sentences.status_cell(stage, journey)),
        "<br>".join(evidence),
        waiver,
        "<br>".join(
            f"{md(change.name)}: {_quoted(change.before)} → {_quoted(change.after)}"
            for change in stage.field_values
        ),
    ]
    return "| " + " | ".join(cells) + " |"


def _waiver(change: WaiverChange, bold: bool = False) -> str:
    what, approver, approver_before, _ = sentences.waiver_phrase(change)
    if not approver:
        return what
    who = f"**{md(approver)}**" if bold else md(approver)
    was = f" (was {md(approver_before)})" if approver_before else ""
    return f"{what}, approved by {who}{was}"


def _where(journey: JourneyChange, stage: StageChange) -> str:
    title = f" ({md(stage.title, 80)})" if stage.title is not None else ""
    return f"**{md(journey.id)} / {md(stage.id)}**{title}"


def _evidence(item: EvidenceItem, stance: str | None = None) -> str:
    return f"{item.kind}, {stance or item.stance}: “{md(item.summary)}”"


def _quoted(value: Value) -> str:
    """A stage field's value in a table cell, in quotes, or `none`."""
    return "none" if value is None else f"“{md(str(value), _FIELD_CHARS)}”"


def _finding(finding: Finding) -> str:
    where = finding.file
    if finding.line is not None:
        where += f":{finding.line}:{finding.column or 1}"
    return f"{md(where)} {finding.severity.value} {finding.code}: {md(finding.message, 300)}"
