"""The baseline: known gaps that fail nothing while they are listed (SPEC "Baseline").

A team adopting journeymap on journeys it already has records today's failing findings
once (`journeymap validate --write-baseline`) and turns the gate on for everything new.
The file lists one entry a line (journey, stage, code, the day it was recorded),
sorted, so a pull request that adds one is plain to review.

`read` gives the entries of the configured file (None while there is no file; a file
that cannot be used is a `ConfigError`, never ignored); `apply` turns each failing
finding an entry matches into an `info` that says since when it is known, and reports
each entry nothing matches any more as `baseline-fixed`; `written` is the file's next
text: only the entries still matched, plus (with `grow`) today's new failures.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.check.findings import Finding, Severity
from journeymap.check.report import Report
from journeymap.errors import ConfigError
from journeymap.text import plural, printable

if TYPE_CHECKING:
    from journeymap.config.settings import Settings

#: The file's first lines: what it is, and how to work with it.
HEADER = (
    "# Known gaps: failing findings that fail nothing while they are listed here.\n"
    "# Written by `journeymap validate --write-baseline`, one entry a line, sorted.\n"
    "# Work them down; review every line a change adds.\n"
)
_KEYS = ("journey", "stage", "code", "since")

Key = tuple[str, str | None, str]


@dataclass(frozen=True)
class Entry:
    """One known gap: a failing finding's code, journey and stage, and when it was recorded."""

    journey: str
    stage: str | None
    code: str
    since: dt.date
    line: int = 0  # where the file has it (0: not written yet)

    @property
    def key(self) -> Key:
        return (self.journey, self.stage, self.code)

    def sort_key(self) -> tuple[str, bool, str, str]:
        """The file's order: by journey, the journey's own entries first, then by stage
        and code."""
        return (self.journey, self.stage is not None, self.stage or "", self.code)

    @property
    def where(self) -> str:
        """The journey and stage it names, e.g. "billing/pay" (or "billing")."""
        return self.journey if self.stage is None else f"{self.journey}/{self.stage}"

    def line_text(self) -> str:
        """The entry as one line of the file (a YAML flow mapping, values quoted by PyYAML)."""
        import yaml

        values: dict[str, Any] = {"journey": self.journey}
        if self.stage is not None:
            values["stage"] = self.stage
        values.update(code=self.code, since=self.since)
        text = yaml.safe_dump(values, default_flow_style=True, sort_keys=False, width=1 << 30)
        return "- " + text.strip()


@dataclass(frozen=True)
class Baseline:
    """The baseline file as read: where it is (as shown) and its entries, by key."""

    file: str
    entries: dict[Key, Entry]

    def known(self, finding: Finding) -> Entry | None:
        """The entry a failing finding matches (same code, journey and stage), if any."""
        if finding.journey is None or finding.severity is Severity.INFO:
            return None
        return self.entries.get((finding.journey, finding.stage, finding.code))


def shown(settings: Settings) -> str:
    """The baseline file as messages show it: relative to the configuration's folder."""
    try:
        return settings.baseline_file.relative_to(settings.config_dir).as_posix()
    except ValueError:
        return str(settings.baseline_file)


def configured(settings: Settings) -> Baseline | None:
    """The configured baseline (None while its file does not exist)."""
    return read(settings.baseline_file, shown(settings))


def read(path: Path, display: str) -> Baseline | None:
    """The baseline at `path` (None when there is no such file). A file that cannot be
    read, or is not a baseline, is a `ConfigError` that says what to do."""
    if not os.path.lexists(path):
        return None
    from journeymap.sources.disk import read_bytes

    raw = read_bytes(path)
    if isinstance(raw, str):
        raise ConfigError(
            f"the baseline {display} cannot be read: {raw}; fix it, or delete it and run "
            "`journeymap validate --write-baseline`."
        )
    return parse(raw, display)


def parse(raw: bytes, display: str) -> Baseline:
    """The entries of a baseline file's bytes; a `ConfigError` for anything else."""
    from journeymap.journey.document import LoadError
    from journeymap.journey.loader import load

    def wrong(what: str, line: int | None = None) -> ConfigError:
        at = f"{display}:{line}" if line else display
        return ConfigError(
            f"the baseline {at} is not a list of known gaps: {what}; fix it, or delete the "
            "file and run `journeymap validate --write-baseline` to write it again."
        )

    if not raw.strip() or all(
        not line.strip() or line.lstrip().startswith(b"#") for line in raw.splitlines()
    ):
        return Baseline(display, {})  # every gap closed: an empty file
    try:
        document = load(raw)
    except LoadError as error:
        raise wrong(printable(error.message), error.position.line) from None
    data = document.data
    if not isinstance(data, list):
        raise wrong("it holds no list of entries (`- {journey: …, code: …, since: …}`)")
    entries: dict[Key, Entry] = {}
    for index, item in enumerate(data):
        line = document.position((index,)).line
        entry = _entry(item, line, wrong)
        known = entries.get(entry.key)
        if known is None or entry.since < known.since:
            entries[entry.key] = entry
    return Baseline(display, entries)


def _entry(item: object, line: int, wrong: Any) -> Entry:
    if not isinstance(item, dict):
        raise wrong("each entry is a mapping of journey, stage, code and since", line)
    unknown = sorted(str(key) for key in item if key not in _KEYS)
    if unknown:
        raise wrong(
            f"unknown key {printable(unknown[0])!r} (the keys are {', '.join(_KEYS)})", line
        )
    for key in ("journey", "code", "since"):
        if key not in item:
            raise wrong(f"the entry has no {key}", line)
    journey, stage, code, since = (item.get(key) for key in _KEYS)
    if not isinstance(journey, str) or not journey:
        raise wrong("journey must be a journey id", line)
    if stage is not None and (not isinstance(stage, str) or not stage):
        raise wrong("stage must be a stage id (or left out for the journey itself)", line)
    if not isinstance(code, str) or not code:
        raise wrong("code must be a finding code", line)
    from journeymap.check.rules import RULES

    if code not in RULES:
        from journeymap.text import did_you_mean

        close = did_you_mean(code, RULES)
        hint = f" (did you mean {close!r}?)" if close else ""
        raise wrong(f"{printable(code)!r} is no finding code{hint}", line)
    if not isinstance(since, dt.date) or isinstance(since, dt.datetime):
        raise wrong("since must be a day, YYYY-MM-DD", line)
    return Entry(journey, stage, code, since, line)


# --- applied to a report ---------------------------------------------------------------


def apply(
    report: Report, baseline: Baseline | None, *, fixed: bool = True, whole: bool = True
) -> Report:
    """The report with every failing finding the baseline lists as an `info` that says
    since when it is known, and (with `fixed`) a `baseline-fixed` info for each entry no
    finding matches any more: every entry when the report is of the `whole` journeys
    folder, else the entries of the journeys it read."""
    if baseline is None or not baseline.entries:
        return report
    findings: list[Finding] = []
    matched: set[Key] = set()
    known_stages: dict[str, dict[str, dt.date]] = {}
    for finding in report.findings:
        entry = baseline.known(finding)
        if entry is None:
            findings.append(finding)
            continue
        matched.add(entry.key)
        findings.append(
            replace(
                finding,
                severity=Severity.INFO,
                message=f"{finding.message}; {known_note(entry)}",
            )
        )
        if entry.stage is not None:
            since = known_stages.setdefault(entry.journey, {})
            since[entry.stage] = min(entry.since, since.get(entry.stage, entry.since))
    if fixed:
        findings.extend(_fixed(report, baseline, matched, whole))
    findings.sort(key=Finding.sort_key)
    journeys = [
        replace(checked, known=known_stages[checked.id]) if checked.id in known_stages else checked
        for checked in report.journeys
    ]
    return replace(report, findings=findings, journeys=journeys, _counts={})


def known_note(entry: Entry) -> str:
    """What a baselined finding adds to its message: "known since 2026-01-05 (baseline)"."""
    return f"known since {entry.since.isoformat()} (baseline)"


def _fixed(report: Report, baseline: Baseline, matched: set[Key], whole: bool) -> Iterable[Finding]:
    from journeymap.check.pipeline import baseline_findings

    read = {outline.id for outline in report.outlines} | {
        f.journey for f in report.findings if f.journey is not None
    }
    stages = {
        outline.id: {stage.id for stage in outline.stages if stage.id is not None}
        for outline in report.outlines
    }
    closed: list[tuple[Entry, str | None]] = []
    for key, entry in baseline.entries.items():
        if key in matched or (entry.journey not in read and not whole):
            continue
        gone = (
            "journey"
            if entry.journey not in read
            else "stage"
            if entry.stage is not None and entry.stage not in stages.get(entry.journey, set())
            else None
        )
        closed.append((entry, gone))
    return baseline_findings(closed, baseline.file)


# --- written ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """What `--write-baseline` wrote: the entries, and what changed against the old file."""

    entries: tuple[Entry, ...]
    kept: int  # entries of the old file still matched
    removed: int  # entries of the old file no finding matches any more
    added: int  # today's failures added (a first baseline, or `grow`)
    left_out: int  # today's failures not added (no `grow`, or no journey to name)


def failing_keys(findings: Sequence[Finding], strict: bool) -> dict[Key, Finding]:
    """Each (journey, stage, code) with a finding that fails the run, first finding kept."""
    keys: dict[Key, Finding] = {}
    for finding in findings:
        if finding.journey is not None and finding.severity.fails(strict):
            keys.setdefault((finding.journey, finding.stage, finding.code), finding)
    return keys


def next_entries(
    findings: Sequence[Finding],
    old: Baseline | None,
    today: dt.date,
    *,
    strict: bool,
    grow: bool,
) -> Written:
    """The entries `--write-baseline` writes: the old file's entries that a failing finding
    still matches (each keeps its day), plus today's other failures when there is no old
    file or `grow` is given. `findings` are the report's before the baseline applied."""
    failing = failing_keys(findings, strict)
    unnamed = sum(1 for f in findings if f.journey is None and f.severity.fails(strict))
    old_entries = old.entries if old is not None else {}
    kept = [replace(entry, line=0) for key, entry in old_entries.items() if key in failing]
    new = [key for key in failing if key not in old_entries]
    adding = old is None or grow
    added = [Entry(*key, since=today) for key in new] if adding else []
    entries = tuple(sorted(kept + added, key=Entry.sort_key))
    return Written(
        entries,
        kept=len(kept),
        removed=len(old_entries) - len(kept),
        added=len(added),
        left_out=unnamed + (0 if adding else len(new)),
    )


def text_of(entries: Sequence[Entry]) -> str:
    """The baseline file's text: the header, then one entry a line, sorted."""
    return HEADER + "".join(
        entry.line_text() + "\n" for entry in sorted(entries, key=Entry.sort_key)
    )


def summary(written: Written, display: str) -> str:
    """What `--write-baseline` did, in one sentence (and advice for what it left out)."""
    text = f"journeymap: wrote {plural(len(written.entries), 'known gap')} to {display}"
    notes = []
    if written.removed:
        notes.append(f"{written.removed} closed since removed")
    if written.added and written.kept:
        notes.append(f"{written.added} added")
    if notes:
        text += f" ({', '.join(notes)})"
    text += "."
    if written.left_out:
        text += (
            f" {plural(written.left_out, 'failing finding')} not in it still fail"
            + ("s" if written.left_out == 1 else "")
            + f": fix {'it' if written.left_out == 1 else 'them'}, or pass --grow to add "
            + ("it" if written.left_out == 1 else "them")
            + " to the baseline."
        )
    return text
