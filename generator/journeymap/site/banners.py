"""What each page says about the findings at its top (`findings.html`), in plain words.

A page that shows a journey file (its journey page, or the page of a file that could
not be read) lists that file's findings, and counts what fails CI there and elsewhere;
the other pages count the portfolio's, and the dashboard lists the files with findings
and the pages that show them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from journeymap.check.findings import Finding, Severity
from journeymap.site.plan import Kind
from journeymap.text import printable

if TYPE_CHECKING:
    from journeymap.site.plan import PlannedPage, SitePlan


@dataclass(frozen=True)
class FindingNote:
    """A finding as a page shows it, in plain words."""

    severity: str  # error, warning, info
    label: str  # "Error (fails CI)", "Warning"
    code: str
    where: str  # "journeys/x.yml:12:5"
    message: str
    fails: bool = False  # it would fail CI (an error; a warning too when strict)


@dataclass(frozen=True)
class FileFindings:
    """The findings of one journey file, and the page that shows them."""

    file: str
    url: str | None
    errors: int
    warnings: int


@dataclass(frozen=True)
class Banner:
    """What a page says about the findings at its top (rendered by `findings.html`).

    `failing_here` counts the findings of this page's own journey file that would fail
    CI; `failing_elsewhere` those of every other file (the whole portfolio's, on the
    dashboard and the gaps page); `overview` is the dashboard's URL, which lists them.
    """

    preview: bool
    strict: bool
    notes: list[FindingNote]
    failing_here: int
    failing_elsewhere: int
    overview: str
    files: list[FileFindings] = field(default_factory=list)  # dashboard only

    @property
    def alarming(self) -> bool:
        """Red: this page's file fails CI (or, on the overview pages, any file does)."""
        return self.preview and self.failing_here > 0

    @property
    def failing_notes(self) -> list[FindingNote]:
        """This file's findings that would fail CI: listed under the sentence that says so."""
        return [n for n in self.notes if n.fails]

    @property
    def other_notes(self) -> list[FindingNote]:
        """This file's findings that do not fail CI: listed under a sentence of their own."""
        return [n for n in self.notes if not n.fails]

    @property
    def empty(self) -> bool:
        failing = self.failing_here + self.failing_elsewhere
        return not self.notes and not self.files and not (self.preview and failing)


def note(finding: Finding, strict: bool) -> FindingNote:
    """A finding in plain words."""
    where = finding.location
    if finding.severity is Severity.ERROR:
        label = "Error (fails CI)"
    elif finding.severity is Severity.WARNING:
        label = "Warning (fails CI: strict)" if strict else "Warning"
    else:
        label = "Note"
    # The message names files and quotes values: escaped as the text format escapes it.
    message = printable(finding.message)
    fails = finding.severity.fails(strict)
    return FindingNote(finding.severity.value, label, finding.code, where, message, fails)


class Banners:
    """The banner of each page of a plan."""

    def __init__(self, plan: SitePlan) -> None:
        self.plan = plan

    @functools.cached_property
    def _findings(self) -> dict[str, list[Finding]]:
        """The report's findings by file, in the report's order (indexed once: a page
        asks for its own, and a portfolio has thousands of pages and findings)."""
        by_file: dict[str, list[Finding]] = {}
        for finding in self.plan.report.findings:
            by_file.setdefault(finding.file, []).append(finding)
        return by_file

    @functools.cached_property
    def _failing(self) -> dict[str, int]:
        """How many findings fail the build, per file."""
        counts: dict[str, int] = {}
        for finding in self.plan.report.findings:
            if finding.severity.fails(self.plan.strict):
                counts[finding.file] = counts.get(finding.file, 0) + 1
        return counts

    def of(self, page: PlannedPage) -> Banner:
        """The banner of `page`: a page that shows a journey file lists that file's
        findings (its notes too where the file could not be read)."""
        plan = self.plan
        failing = sum(self._failing.values())
        overview = plan.urls["dashboard"]
        if page.file is not None:
            shown = [
                f
                for f in self._findings.get(page.file, [])
                if f.severity is not Severity.INFO or page.kind is Kind.UNREADABLE
            ]
            here = self._failing.get(page.file, 0)
            notes = [note(f, plan.strict) for f in shown]
            return Banner(plan.preview, plan.strict, notes, here, failing - here, overview)
        files = self.file_findings() if page.kind is Kind.DASHBOARD else []
        return Banner(plan.preview, plan.strict, [], failing, 0, overview, files)

    def file_findings(self) -> list[FileFindings]:
        """Files with errors or warnings, most errors first, with the page showing them."""
        plan = self.plan
        urls = {page.file: plan.urls[page.key] for page in plan.pages if page.file}
        counts: dict[str, list[int]] = {}
        for finding in plan.report.findings:
            if finding.severity is Severity.INFO:
                continue
            count = counts.setdefault(finding.file, [0, 0])
            count[0 if finding.severity is Severity.ERROR else 1] += 1
        rows = [
            FileFindings(printable(file), urls.get(file), *count) for file, count in counts.items()
        ]
        return sorted(rows, key=lambda row: (-row.errors, -row.warnings, row.file))
