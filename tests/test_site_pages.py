"""Page views without a build: edit links for the usual `edit_uri` forms, evidence order,
ages and shares, the research backlog's ranking and wording, the dashboard's rows and
filters, the map's blocks, and the emotion curve's gaps, wrapping and escaping."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from journey_helpers import check_folder, write_journey
from journeymap.journey.model import Stage
from journeymap.journey.status import Status
from journeymap.site.context import Portfolio
from journeymap.site.emotion import emotion_svg
from journeymap.site.figures import Gap, percent
from journeymap.site.pages.evidence import age_text, http_url
from journeymap.site.pages.journey import stage_view
from journeymap.site.pages.portfolio import portfolio


def test_evidence_order_complaints_and_negative_first_then_contradicting_then_newest() -> None:
    today = dt.date(2026, 11, 1)
    items = [
        {"kind": "survey", "stance": "supports", "date": "2026-10-30"},
        {"kind": "interview", "stance": "contradicts", "date": "2026-09-01"},
        {"kind": "review", "stance": "supports", "date": "2026-01-01", "sentiment": "negative"},
        {"kind": "complaint", "stance": "supports", "date": "2026-10-01"},
        {"kind": "observation", "stance": "mixed", "date": "2026-10-20"},
    ]
    stage = Stage.model_validate(
        {
            "id": "s",
            "title": "S",
            "assumption": "A",
            "evidence": [
                {
                    **item,
                    "summary": item["kind"],
                    "source": "x",
                    "date": dt.date.fromisoformat(item["date"]),
                }
                for item in items
            ],
        }
    )
    view = stage_view(stage, Status.CONTESTED, {"s": "S"}, None, today=today, max_age=365)
    assert [e.kind for e in view.evidence] == [
        "complaint",
        "review",
        "interview",
        "observation",
        "survey",
    ]
    assert view.complaints == 2
    assert view.newest_evidence == "2026-10-30"
    assert view.gap == "contested" and view.call_to_action is None
    # The map's evidence lane describes every item, not only the first one.
    assert [(t.key, t.count) for t in view.stances] == [
        ("supports", 3),
        ("contradicts", 1),
        ("mixed", 1),
    ]
    assert view.kinds == ["Complaint", "Review", "Interview", "Observation", "Survey"]


def test_unvalidated_and_stale_stages_ask_for_research() -> None:
    stage = Stage.model_validate({"id": "s", "title": "Pay", "assumption": "A"})
    today = dt.date(2026, 11, 1)
    unvalidated = stage_view(stage, Status.UNVALIDATED, {}, None, today=today, max_age=365)
    assert unvalidated.call_to_action is not None
    assert unvalidated.call_to_action.startswith("Talk to customers about “Pay”")
    stale = stage_view(stage, Status.STALE, {}, None, today=today, max_age=365)
    assert stale.call_to_action is not None and "365 days" in stale.call_to_action


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "today"),
        (1, "1 day ago"),
        (45, "45 days ago"),
        (400, "13 months ago"),
        (800, "2 years ago"),
    ],
)
def test_age_text(days: int, text: str) -> None:
    assert age_text(days) == text


def test_percent_and_http_url() -> None:
    assert percent(0, 0) == 0
    assert percent(2, 3) == 67
    assert http_url("https://x.example/a") == "https://x.example/a"
    assert http_url("javascript:alert(1)") is None
    assert http_url(None) is None


# A portfolio with a stage in every backlog category, checked by the real core on the
# helpers' fixed today (2026-11-25): two journeys, so ranking across journeys shows too.
BACKLOG = """\
title: Backlog
owner: Billing team
persona: Owner
stages:
  - id: fine
    title: Fine
    assumption: All good.
    evidence:
      - {kind: interview, summary: Fine., source: Notes, date: 2026-10-01, stance: supports}
  - id: waived-late
    title: Waived late
    assumption: Later.
    waiver: {reason: Booked for spring., approved_by: Head of CX, until: 2027-03-01}
  - id: numbers
    title: Numbers
    assumption: The funnel is fine.
    touchpoints: [web]
    evidence:
      - {kind: analytics, summary: 80% finish., source: Funnel, date: 2026-10-01, stance: supports}
      - {kind: metric, summary: NPS 40., source: NPS, date: 2026-10-02, stance: supports}
  - id: old
    title: Old
    assumption: Nothing changed.
    evidence:
      - {kind: survey, summary: Old survey., source: Survey 2024, date: 2024-05-01, stance: supports}
  - id: split
    title: Split
    assumption: People like it.
    evidence:
      - {kind: interview, summary: Some like it., source: Notes 1, date: 2026-10-01, stance: supports}
      - {kind: review, summary: Some do not., source: Store, date: 2026-10-03, stance: contradicts}
  - id: wrong
    title: Wrong
    assumption: The email is clear.
    assumed_by: Design team
    evidence:
      - {kind: complaint, summary: Looks like phishing., source: Helpdesk, date: 2026-10-01, stance: contradicts, sentiment: negative}
  - id: ran-out
    title: Ran out
    assumption: No need to ask.
    waiver: {reason: Legal text., approved_by: Head of Legal, until: 2026-01-31}
  - id: guess
    title: Guess
    assumption: Customers find the button.
    assumed_by: Growth team
    touchpoints: [app, web]
  - id: waived-soon
    title: Waived soon
    assumption: Soon.
    waiver: {reason: Research next month., approved_by: Head of Product, until: 2026-12-10}
"""
CALM = """\
title: Calm
owner: Care team
stages:
  - id: a
    title: A
    assumption: Fine.
    evidence:
      - {kind: interview, summary: Yes., source: Notes, date: 2026-10-01, stance: supports}
  - id: b
    title: B
    assumption: Soon.
    waiver: {reason: Later., approved_by: Head of Care, until: 2027-01-15}
"""


@pytest.fixture(scope="module")
def backlog(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    root = tmp_path_factory.mktemp("backlog")
    write_journey(root, "backlog.yml", BACKLOG)
    write_journey(root, "calm.yml", CALM)
    report = check_folder(root)
    urls = {c.id: f"journeys/{c.id}/" for c in report.journeys}
    return portfolio(report, max_age=365, urls={**urls, "dashboard": "", "gaps": "gaps/"})


def test_the_backlog_is_ranked_most_urgent_first(backlog: Portfolio) -> None:
    assert [group.journey.id for group in backlog.backlog] == ["backlog", "calm"]
    rows = [(item.stage.id, item.gap) for item in backlog.backlog[0].items]
    assert rows == [
        ("guess", "unvalidated"),
        ("ran-out", "expired"),
        ("wrong", "contradicted"),
        ("split", "contested"),
        ("old", "stale"),
        ("numbers", "metrics-only"),
        ("waived-soon", "waived"),  # the waiver that ends first comes first
        ("waived-late", "waived"),
    ]
    assert [(c.gap, c.count) for c in backlog.backlog_counts] == [
        (g.value, n) for g, n in zip(Gap, [1, 1, 1, 1, 1, 1, 3], strict=True)
    ]
    assert backlog.gaps == 9


def test_each_backlog_row_says_why_and_what_next_from_its_own_facts(backlog: Portfolio) -> None:
    items = {item.stage.id: item for group in backlog.backlog for item in group.items}
    steps = [item.next_step for item in items.values()]
    assert len(set(steps)) == len(steps), "a next step repeats"
    for stage_id, item in items.items():
        assert item.stage.title in item.next_step, stage_id
    assert "Growth team" in items["guess"].next_step and "app and web" in items["guess"].next_step
    assert "Head of Legal" in items["ran-out"].reason and "2026-01-31" in items["ran-out"].reason
    assert "Head of Legal" in items["ran-out"].next_step
    assert "1 complaint" in items["wrong"].reason and "Design team" in items["wrong"].next_step
    assert items["split"].reason == "Customers disagree: 1 source supports and 1 contradicts."
    assert items["wrong"].reason == "1 source contradicts (1 complaint); none supports."
    assert "2024-05-01" in items["old"].reason and "survey" in items["old"].next_step
    assert "1 analytics report and 1 metric" in items["numbers"].reason
    soon = items["waived-soon"]
    assert soon.due == "2026-12-10" and "Head of Product" in soon.reason
    assert "in 15 days" in soon.reason and "Research next month." in soon.reason
    assert items["b"].due == "2027-01-15"


def test_dashboard_rows_are_most_urgent_first_with_filter_keys(backlog: Portfolio) -> None:
    assert [row.journey.id for row in backlog.rows] == ["backlog", "calm"]
    assert [row.urgency for row in backlog.rows] == [1, 2]
    filters = {f.name: f for f in backlog.filters}
    assert list(filters) == ["status", "owner", "persona"]  # no journey has tags
    owners = {o.label: o.key for o in filters["owner"].options}
    assert owners == {"Billing team": "o1", "Care team": "o2"}
    assert backlog.rows[1].owner == "o2" and backlog.rows[1].persona == ""
    statuses = {o.key: o.count for o in filters["status"].options}
    # journeys with a stage of each status, most urgent first
    assert list(statuses.items()) == [
        ("unvalidated", 1),
        ("contradicted", 1),
        ("contested", 1),
        ("stale", 1),
        ("waived", 2),
        ("confirmed", 2),
    ]
    assert set(backlog.rows[1].statuses) == {"waived", "confirmed"}


def test_the_map_is_cut_into_phase_blocks_of_at_most_six(tmp_path: Path) -> None:
    lines = ["title: Phases", "stages:"]
    for index in range(14):
        phase = "Discover" if index < 2 else "Use" if index < 10 else None
        lines += [
            f"  - id: s{index}",
            f"    title: Stage {index}",
            "    assumption: A.",
            "    waiver: {reason: R., approved_by: X, until: 2027-12-31}",
        ]
        if phase:
            lines.append(f"    phase: {phase}")
    write_journey(tmp_path, "phases.yml", "\n".join(lines) + "\n")
    report = check_folder(tmp_path)
    view = portfolio(
        report, max_age=365, urls={"phases": "p/", "dashboard": "", "gaps": "g/"}
    ).journeys[0]
    blocks = [(b.phase, b.continued, [s.number for s in b.stages]) for b in view.blocks]
    assert blocks == [
        ("Discover", False, [1, 2]),
        ("Use", False, [3, 4, 5, 6, 7, 8]),
        ("Use", True, [9, 10]),
        (None, False, [11, 12, 13, 14]),
    ]
    assert view.has_phases


def test_emotion_curve_has_gaps_and_escapes_titles() -> None:
    svg = emotion_svg([("<b>a</b>", -2), ("b", None), ("c", 1), ("d", 2)])
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    line = re.search(r'class="jm-emotion__line" d="([^"]*)"', svg)
    assert line is not None and line.group(1).count("M") == 1  # c to d only: b has no value
    assert svg.count('class="jm-emotion__missing"') == 1
    assert emotion_svg([("a", None)]) == ""


def test_emotion_labels_are_wrapped_never_cut() -> None:
    titles = [
        "Sign in to My Account with the new single sign-on",
        "Pay",
        "Supercalifragilisticexpialidocious-and-more",
    ]
    svg = emotion_svg([(title, 1) for title in titles])
    labels = re.findall(r'<text class="jm-emotion__label"[^>]*>(.*?)</text>', svg)
    assert len(labels) == 3
    for title, label in zip(titles, labels, strict=True):
        lines = re.sub(r"<tspan[^>]*>", "\n", label).replace("</tspan>", "").split("\n")
        assert "…" not in label
        assert "".join(lines).replace(" ", "") == title.replace(" ", "")
        assert all(len(line) <= 16 for line in lines)
    assert "<tspan" in labels[0]  # the long title takes several lines


@pytest.mark.parametrize(
    ("stances", "reason", "chips"),
    [
        (["contradicts"], "1 source contradicts (1 interview); none supports.", ["1 contradicts"]),
        (
            ["contradicts", "contradicts"],
            "2 sources contradict (2 interviews); none supports.",
            ["2 contradict"],
        ),
        (
            ["supports", "supports", "contradicts"],
            "Customers disagree: 2 sources support and 1 contradicts.",
            ["2 support", "1 contradicts"],
        ),
        (["mixed"], "Customers disagree: 1 source is mixed.", ["1 is mixed"]),
        (
            ["contradicts", "mixed", "mixed"],
            "Customers disagree: 1 source contradicts and 2 are mixed.",
            ["1 contradicts", "2 are mixed"],
        ),
    ],
)
def test_counted_sources_agree_with_their_verbs(
    tmp_path: Path, stances: list[str], reason: str, chips: list[str]
) -> None:
    items = "".join(
        f"      - {{kind: interview, summary: s, source: s, date: 2026-10-0{n + 1}, stance: {s}}}\n"
        for n, s in enumerate(stances)
    )
    write_journey(
        tmp_path,
        "t.yml",
        f"title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n    evidence:\n{items}",
    )
    report = check_folder(tmp_path)
    view = portfolio(report, max_age=365, urls={"t": "t/", "dashboard": "", "gaps": "gaps/"})
    assert [item.reason for item in view.backlog[0].items] == [reason]
    stage = view.journeys[0].stages[0]
    assert [f"{t.count} {t.label}" for t in stage.stances] == chips


def test_a_waiver_on_its_last_day_is_not_in_0_days(tmp_path: Path) -> None:
    write_journey(
        tmp_path,
        "t.yml",
        "title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n"
        "    waiver: {reason: R., approved_by: Me, until: 2026-11-25}\n",
    )
    view = portfolio(check_folder(tmp_path), max_age=365, urls={"t": "t/"})
    assert view.backlog[0].items[0].reason == "Waived by Me until 2026-11-25 (its last day): R."
