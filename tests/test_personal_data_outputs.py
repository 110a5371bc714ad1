"""No output of journeymap repeats the personal data it warns about (SPEC `personal-data`).

One journey holds an e-mail address, phone numbers and a card number in every place
where an output might quote it: a journey and a stage title, an assumption that an
error message quotes, an approver that a warning names, text that `comment-in-text` cuts,
a bad value a schema error shows, an evidence summary and quote that `diff` lists. Every
report is read whole: `validate` in each format, `diff` in each format, the MkDocs log
and the preview banner of every page. The pages themselves publish what the file says:
the warning is there to stop that.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click
import pytest
from commands import journeymap
from github_markdown import render, visible
from journey_helpers import check_folder, write_journey
from journeymap.check.formats import NAMES, renderer
from site_helpers import soup

SOON = (dt.date.today() + dt.timedelta(days=10)).isoformat()
RECENT = (dt.date.today() - dt.timedelta(days=10)).isoformat()

LEAKY = f"""\
title: Paid with 4111 1111 1111 1111
stages:
  - id: call-back
    title: Call back on 020 7946 0958
    assumption: Customers write to jo.bloggs@example.com before they call.
  - id: quoted
    title: Quoted
    assumption: Owners read the invoice.
    evidence:
      - kind: interview
        summary: She asked to be called on +44 20 7946 0958 about it.
        quote: "Just write to me at jo.bloggs@example.com"
        source: Phone 07911 123456 #3
        date: {RECENT}
        stance: contradicts
  - id: approved
    title: Approved
    assumption: Fine.
    waiver: {{reason: Booked, approved_by: jo.bloggs@example.com, until: {SOON}}}
  - id: feeling
    title: Feeling
    assumption: Fine.
    emotion: call 07911 123456
    waiver: {{reason: Booked, approved_by: Head of CX, until: 2099-01-01}}
"""
#: The values, and pieces a shortened quote could leave of them.
VALUES = ("4111 1111 1111 1111", "7946 0958", "jo.bloggs", "example.com", "07911", "123456")
KINDS = ("an e-mail address", "a phone number", "a payment-card number")


def leaks(output: str) -> list[str]:
    """The values (or pieces of them) `output` holds, once the invisible is dropped."""
    seen = output.replace("\u200b", "").replace("\\", "")
    return [value for value in VALUES if value in seen]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_journey(tmp_path, "leaky.yml", LEAKY)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Leaky\nplugins:\n  - search\n  - journeymap\n", encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    return tmp_path


def test_every_value_is_found_and_named_by_its_kind(project: Path) -> None:
    report = check_folder(project, today=dt.date.today())
    personal = [
        (f.line, f.column, f.message.split(":", 1)[0])
        for f in report.findings
        if f.code == "personal-data"
    ]
    assert personal == [
        (1, 18, "the text of 'title' holds a payment-card number"),
        (4, 25, "the text of 'title' holds a phone number"),
        (5, 36, "the text of 'assumption' holds an e-mail address"),
        (11, 44, "the text of 'summary' holds a phone number"),
        (12, 37, "the text of 'quote' holds an e-mail address"),
        (13, 23, "the text of 'source' holds a phone number"),
        (19, 43, "the text of 'approved_by' holds an e-mail address"),
    ]
    # the other findings that quote the file's text say where the value was, not what
    codes = {f.code for f in report.findings}
    assert {"unvalidated-stage", "comment-in-text", "waiver-expiring", "schema"} <= codes


@pytest.mark.parametrize("name", NAMES)
def test_validate_never_repeats_the_value(
    project: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    output = click.unstyle(renderer(name)(check_folder(project, today=dt.date.today()), False))
    # weekly lists only what ends or goes stale: the waiver approved by an e-mail address
    assert ("waiver" if name == "weekly" else "personal-data") in output
    assert leaks(output) == []
    if name == "json":
        assert json.loads(output)["journeys"][0]["title"] == "Paid with [payment-card number]"


def test_the_unvalidated_message_quotes_the_assumption_without_the_value(project: Path) -> None:
    report = check_folder(project, today=dt.date.today())
    (message,) = [f.message for f in report.findings if f.code == "unvalidated-stage"]
    assert "'Customers write to [e-mail address] before they call.'" in message
    (cut,) = [f.message for f in report.findings if f.code == "comment-in-text"]
    assert "'Phone [phone number]'" in cut


@pytest.mark.parametrize("fmt", ["markdown", "text", "json"])
def test_diff_never_repeats_the_value(project: Path, tmp_path: Path, fmt: str) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text())
    write_journey(base, "leaky.yml", LEAKY.replace("stance: contradicts", "stance: supports"))
    code, out, err = journeymap("diff", "--base-dir", str(base), "--format", fmt, cwd=project)
    assert code in (0, 1), err
    text = visible(render(out).get_text()) if fmt == "markdown" else out
    assert "contradicts" in text  # the evidence item is listed, its summary without the value
    assert "She asked to be called on [phone number] about it." in text.replace("\\", "")
    assert leaks(text) == [] and leaks(out) == []
    assert leaks(err) == []
    if fmt == "json":
        stages = {s["id"]: s for s in json.loads(out)["journeys"][0]["stages"]}
        edited = stages["quoted"]["evidence_added"][0]["summary"]
        assert edited == "She asked to be called on [phone number] about it."


def test_diff_of_an_added_journey_never_repeats_the_value(project: Path, tmp_path: Path) -> None:
    base = tmp_path / "empty"
    (base / "journeys").mkdir(parents=True)
    (base / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text())
    for fmt in ("markdown", "text", "json"):
        code, out, err = journeymap("diff", "--base-dir", str(base), "--format", fmt, cwd=project)
        assert code == 1, err  # the added journey brings failing findings
        assert "Paid with" in out
        assert leaks(out) == [] and leaks(err) == [], fmt


def test_the_preview_banners_and_the_log_never_repeat_the_value(project: Path) -> None:
    valid = LEAKY.split("  - id: feeling")[0]  # without the schema error: a journey page
    write_journey(project, "valid.yml", valid.replace("Paid with", "Valid, paid with"))
    result = journeymap("build", "--preview", cwd=project)
    assert result.returncode == 0, result.stderr
    assert leaks(result.stdout + result.stderr) == []
    site = project / "site"
    banners = 0
    for page in site.rglob("index.html"):
        for aside in soup(page).select(".jm-findings"):
            banners += 1
            text = aside.get_text(" ")
            assert leaks(text) == [], page
    assert banners >= 2  # the dashboard's and the journey page's
    journey = " ".join(soup(site / "journeys" / "valid" / "index.html").get_text(" ").split())
    assert re.search(r"personal-data", journey)
    # The page publishes what the file says: the warning is what stops it.
    assert "Just write to me at jo.bloggs@example.com" in journey


@pytest.mark.parametrize(
    "written", ["+44 20 7946 0958", "Jo.Bloggs@Example.com", "4111 1111 1111 1111"]
)
def test_an_id_suggestion_never_spells_out_personal_data(tmp_path: Path, written: str) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "j.yml").write_text(
        f"title: T\nstages:\n  - id: {json.dumps(written)}\n    title: S\n    assumption: A\n",
        encoding="utf-8",
    )
    report = check_folder(tmp_path, today=dt.date.today())
    (message,) = [f.message for f in report.findings if f.code == "schema"]
    assert "is not a valid id" in message
    assert "e.g." not in message
    digits = "".join(c for c in written if c.isdigit())
    assert (digits or "bloggs") not in "".join(c for c in message.lower() if c.isalnum())
