"""The markdown summary of `journeymap diff` past its 60,000-character budget: only journey
tables are ever left out. The headline, the base, the policy edit, every callout (files
that can no longer be read, disagreement removed, newly contradicted, new unvalidated
stages, waivers), the findings and the verdict are always there; a part that is huge
itself is shortened (down to its count), never dropped, and the last line says what
was left out and where to see it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from diff_helpers import folder_diff
from github_markdown import render
from journey_helpers import FIXED_TODAY, check_folder, write_journey
from journeymap.diff.changes import BaseDescription, Diff, OptionChange, Side
from journeymap.diff.compare import compare
from journeymap.diff.formats import json as json_format
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
        words.disagreement_line(diff): len(diff.disagreement_removed()),
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
    """The report's own case, as the command a workflow runs does it (the policy edit
    read from the two folders' mkdocs.yml)."""
    base, head = tmp_path / "base", tmp_path / "head"
    for folder, journey in ((base, "title: B\nstages:\n" + stage("s")), (head, "title: [x\n")):
        for number in range(190):
            write_journey(folder, f"j{number:03}.yml", journey)
    (base / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - journeymap\n")
    (head / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - journeymap:\n      max_evidence_age_days: 9999\n"
    )
    diff = folder_diff(head, base, today=FIXED_TODAY)
    assert diff.failed
    out = markdown.render(diff)
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


def test_summary_is_capped_at_60000_characters_and_says_what_it_left_out(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    head = tmp_path / "head"
    summary = "Customers described the step in their own words at length. " * 3
    for number in range(300):
        stages = "".join(
            f"""  - id: s{index}
    title: Stage {index} of journey {number}
    assumption: Customers get through step {index}.
    evidence:
      - {{kind: interview, summary: "{summary}", source: Notes {index}, date: {RECENT}, stance: contradicts}}
"""
            for index in range(20)
        )
        (head / "journeys").mkdir(parents=True, exist_ok=True)
        (head / "journeys" / f"j{number:03}.yml").write_text(
            f"title: Journey {number}\nstages:\n{stages}"
        )
    diff = folder_diff(head, base, today=FIXED_TODAY)
    assert not diff.failed
    out = markdown.render(diff)
    assert len(out) <= 60_000
    lines = out.splitlines()
    assert lines[0] == "### Customer journeys: what this change does"
    assert lines[2].startswith(
        "**6000 stages change status: 6000 newly contradicted.** 300 journeys added."
    )
    shown = out.count("\n##### ")
    assert 0 < shown < 300
    assert lines[-1] == (
        f"*Not shown: {300 - shown} more journeys with {(300 - shown) * 20} stage changes; "
        "this summary stops at 60,000 characters. Run `journeymap diff` (or `--format json`) "
        "for everything.*"
    )
    soup = render(out)
    assert len(soup.find_all("table")) == shown  # no table cut in the middle
    # the headline lists are capped too
    newly = out[out.index("**Newly contradicted") :].split("\n\n")[0].splitlines()
    assert len(newly) == 1 + 10 + 1
    # most of them are in no table shown: the line says where they are
    assert newly[-1] == "- … and 5990 more (`journeymap diff` lists them all)"
    # the JSON has everything
    assert json.loads(json_format.render(diff))["summary"]["journeys_changed"] == 300
