"""The markdown summary of `journeymap diff` past its 60,000-character budget: only journey
tables are ever left out. The headline, the base, the policy edit, every callout (files
that can no longer be read, disagreement removed, newly contradicted, new unvalidated
stages, waivers), the findings and the verdict are always there; a part that is huge
itself is shortened (down to its count), never dropped, and the last line says what
was left out and where to see it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from commands import journeymap
from github_markdown import render
from journey_helpers import FIXED_TODAY, check_folder, write_journey
from journeymap.diff.changes import BaseDescription, Diff, OptionChange, Side
from journeymap.diff.compare import compare
from journeymap.diff.formats import markdown
from journeymap.diff.formats import sentences as words
from journeymap.text import plural

# Journey text that is long and mostly punctuation, which escaping doubles.
LONG = "*[x](y)* `z` <b> | #1 @a :b: $c$ " * 8
LATER = (FIXED_TODAY + dt.timedelta(days=200)).isoformat()
SOON = (FIXED_TODAY + dt.timedelta(days=10)).isoformat()  # a waiver-expiring warning
RECENT = (FIXED_TODAY - dt.timedelta(days=20)).isoformat()
POLICY = "max\\_evidence\\_age\\_days 365 → 9999"


def evidence(stance: str, summary: str = LONG, source: str = "s") -> str:
    return (
        f'      - {{kind: interview, summary: "{summary}", source: {source}, date: {RECENT}, '
        f"stance: {stance}}}\n"
    )


def stage(id_: str, lines: str = "") -> str:
    return f'  - id: {id_}\n    title: "{LONG}"\n    assumption: x\n{lines}'


def waiver(until: str) -> str:
    return f'    waiver: {{reason: "{LONG}", approved_by: "{LONG}", until: {until}}}\n'


def journeys(tmp_path: Path, broken: int, changed: int) -> Diff:
    """`broken` journeys that the change makes unreadable, and `changed` journeys in which
    it does each thing a callout is for: it deletes contradicting evidence, makes a stage
    contradicted, ends a waiver (unvalidated: a failing finding) and adds one that ends
    soon (a warning)."""
    base, head = tmp_path / "base", tmp_path / "head"
    for number in range(broken):
        write_journey(base, f"b{number:03}.yml", "title: B\nstages:\n" + stage("s"))
        write_journey(head, f"b{number:03}.yml", "title: [unclosed\n")
    for number in range(changed):
        before = [
            stage("gone", "    evidence:\n" + evidence("contradicts") + evidence("supports", "ok")),
            stage("turn", "    evidence:\n" + evidence("supports", "ok")),
            stage("lose", waiver(LATER)),
            stage("gain"),
        ]
        after = [
            stage("gone", "    evidence:\n" + evidence("supports", "ok")),
            stage("turn", "    evidence:\n" + evidence("contradicts", source="t")),
            stage("lose"),
            stage("gain", waiver(SOON)),
        ]
        write_journey(base, f"c{number:03}.yml", f'title: "{LONG}"\nstages:\n' + "".join(before))
        write_journey(head, f"c{number:03}.yml", f'title: "{LONG}"\nstages:\n' + "".join(after))
    return compare(
        Side(check_folder(base)),
        Side(check_folder(head)),
        BaseDescription(f"../{LONG}", policy=(OptionChange("max_evidence_age_days", 365, 9999),)),
        strict=False,
    )


def listed(out: str, title: str) -> tuple[int, int]:
    """(items shown, items counted as not shown) of the list under `title`."""
    block = out[out.index(title) :].lstrip("\n").split("\n\n", 1)[0].splitlines()[1:]
    items = [line.removeprefix("> ") for line in block]
    more = 0
    if items and (found := re.match(r"- (?:… and )?(\d+) (?:more|items?)", items[-1])):
        more = int(found.group(1))
        items = items[:-1]
    return len(items), more


def check_everything_before_the_tables(out: str, diff: Diff, limit: int) -> None:
    def moved_to(*statuses: str) -> int:
        return sum(1 for _, s in diff.status_moves() if s.after and s.after.value in statuses)

    assert len(out) <= limit
    lines = out.splitlines()
    assert lines[0] == "### Customer journeys: what this change does"
    headline = lines[2]
    assert headline.startswith("**") and headline.endswith(f"**{words.verdict(diff)}.**")
    assert lines[4].startswith("<sub>The working tree compared with ")
    assert f"> ⚠️ **This change edits the journeymap policy in mkdocs\\.yml: {POLICY}" in out
    broken = len(diff.unreadable("head"))
    if broken:
        named = headline.count("can no longer be read as a journey (")
        if named < broken:
            noun = "more journey file" if named else "journey file"
            assert f"{plural(broken - named, noun)} can no longer be read as journeys" in headline
    lists = {
        words.disagreement_line(len(diff.disagreement_removed())): len(diff.disagreement_removed()),
        "**Newly contradicted or contested**": moved_to("contradicted", "contested"),
        "**New unvalidated stages**": moved_to("unvalidated"),
        "**Waivers added or extended:**": sum(
            1 for *_, change in diff.waiver_changes() if change.change == "added"
        ),
        f"\n**{words.verdict(diff)}.**\n": len(diff.findings.new_failures),
        f"**{plural(len(diff.findings.new_warnings), 'new warning')}**": len(
            diff.findings.new_warnings
        ),
    }
    for title, count in lists.items():
        if count:
            shown, more = listed(out, title)
            assert shown + more == count, title
            assert shown <= 10
    soup = render(out)
    assert len(soup.find_all("table")) == out.count("\n##### ")  # no table cut
    for row in soup.select("table tr"):
        assert len(row.find_all(["td", "th"])) == 5
    left_out = len(diff.journeys) - out.count("\n##### ")
    if left_out:
        assert lines[-1].startswith(f"*Not shown: {plural(left_out, 'more journey')} with ")
    if left_out or "more (" in out or "not listed here" in out:
        assert lines[-1].endswith("Run `journeymap diff` (or `--format json`) for everything.*")


@pytest.mark.parametrize(("broken", "changed"), [(190, 0), (0, 60), (190, 120)])
@pytest.mark.parametrize("limit", [markdown.LIMIT, 20_000, 6_000])
def test_only_journey_tables_are_left_out(
    tmp_path: Path, broken: int, changed: int, limit: int
) -> None:
    diff = journeys(tmp_path, broken, changed)
    check_everything_before_the_tables(markdown.render(diff, limit), diff, limit)


def test_a_small_change_lists_everything(tmp_path: Path) -> None:
    diff = journeys(tmp_path, 3, 2)
    out = markdown.render(diff)
    check_everything_before_the_tables(out, diff, markdown.LIMIT)
    assert "Not shown" not in out and "more (" not in out
    assert out.count("can no longer be read as a journey (") == 3


def test_190_unreadable_files_and_a_policy_edit_keep_the_headline(tmp_path: Path) -> None:
    """The report's own case, through the command a workflow runs."""
    base, head = tmp_path / "base", tmp_path / "head"
    for folder, journey in ((base, "title: B\nstages:\n" + stage("s")), (head, "title: [x\n")):
        for number in range(190):
            write_journey(folder, f"j{number:03}.yml", journey)
    (base / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - journeymap\n")
    (head / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - journeymap:\n      max_evidence_age_days: 9999\n"
    )
    code, out, err = journeymap("diff", "--base-dir", str(base), "--format", "markdown", cwd=head)
    assert code == 1, err
    assert len(out) <= markdown.LIMIT
    lines = out.splitlines()
    assert lines[0] == "### Customer journeys: what this change does"
    assert lines[2].startswith("**journeys\\/j000\\.yml can no longer be read as a journey (")
    assert (
        "; 180 more journey files can no longer be read as journeys: 180 stages in them are "
        "unknown after the change, not removed (`journeymap diff` names the files); no other "
        "stage changes status.** 190 journeys changed."
    ) in lines[2]
    assert lines[2].endswith("**190 new failing findings: the change fails the check.**")
    assert lines[4].startswith("<sub>The working tree compared with ")
    assert f"> ⚠️ **This change edits the journeymap policy in mkdocs\\.yml: {POLICY} " in out
    assert lines[-1].startswith("*Not shown: ")
