"""Page values without a build: edit links for the usual `edit_uri` forms, evidence order,
ages and shares, and the emotion curve's gaps and escaping."""

from __future__ import annotations

import datetime as dt

import pytest
from journeymap.emotion import emotion_svg
from journeymap.model import Stage
from journeymap.pages import age_text, http_url, share, stage_view
from journeymap.status import Status


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
    assert view.signal == "complaint, supports"
    assert view.newest_evidence == "2026-10-30"
    assert view.is_gap and view.call_to_action is None


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


def test_share_and_http_url() -> None:
    assert share(0, 0) == 0
    assert share(2, 3) == 67
    assert http_url("https://x.example/a") == "https://x.example/a"
    assert http_url("javascript:alert(1)") is None
    assert http_url(None) is None


def test_emotion_curve_has_gaps_and_escapes_titles() -> None:
    svg = emotion_svg([("<b>a</b>", -2), ("b", None), ("c", 1), ("d", 2)])
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert svg.count('class="jm-emotion__line"') == 1  # c-d only: b has no value
    assert svg.count('class="jm-emotion__missing"') == 1
    assert emotion_svg([("a", None)]) == ""
