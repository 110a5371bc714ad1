"""The study files of the two sides compared (SPEC "Changes", v1.2).

Studies are matched by id (a study file's stem). A study is *changed* when any of its
fields differs, or when it is a valid study on one side only; the fields that differ are
named, so the reviewer sees what an edit of one file did to every stage citing it.
Pure: it reads two reports.
"""

from __future__ import annotations

from journeymap.check.report import Report, StudyOutline
from journeymap.diff.changes import StudyChange
from journeymap.journey.study import Study

_FIELDS = tuple(name for name in Study.model_fields if name != "id")


def compare_studies(base: Report, head: Report) -> tuple[StudyChange, ...]:
    """The studies added, removed or changed between the base and the head, by id."""
    before, after = _outlines(base), _outlines(head)
    old = {checked.id: checked.study for checked in base.studies}
    new = {checked.id: checked.study for checked in head.studies}
    changes: list[StudyChange] = []
    for id_ in sorted(set(before) | set(after)):
        was, now = before.get(id_), after.get(id_)
        if now is None:
            assert was is not None
            changes.append(StudyChange(id_, was.title, was.file, "removed", (), was.cited_by))
            continue
        if was is None:
            changes.append(StudyChange(id_, now.title, now.file, "added", (), now.cited_by))
            continue
        fields = _fields(old.get(id_), new.get(id_))
        if fields:
            title = now.title or was.title
            changes.append(StudyChange(id_, title, now.file, "changed", fields, now.cited_by))
    return tuple(changes)


def _outlines(report: Report) -> dict[str, StudyOutline]:
    """The side's study files by id (the first of each id: the one evidence cites)."""
    found: dict[str, StudyOutline] = {}
    for outline in report.study_outlines:
        found.setdefault(outline.id, outline)
    return found


def _fields(before: Study | None, after: Study | None) -> tuple[str, ...]:
    if before is None and after is None:
        return ()  # not a valid study on either side: its findings tell
    if before is None or after is None:
        return ("valid",)
    return tuple(name for name in _FIELDS if getattr(before, name) != getattr(after, name))
