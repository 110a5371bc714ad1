"""Schema findings speak plain words and say how to fix the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from journey_helpers import check_folder, write_journey

STAGE = "title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n"
EVIDENCE = "    evidence:\n      - {kind: interview, summary: s, source: s, date: 2026-10-01, stance: supports}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            STAGE + "    touchpionts: [email]\n" + EVIDENCE,
            "unknown key 'touchpionts' in a stage — did you mean 'touchpoints'?",
        ),
        (
            STAGE.replace("  - id: a", "  - id: a")
            + "    evidence:\n      - {kind: stakeholder-workshop, summary: s, source: s, date: 2026-10-01, stance: supports}\n",
            "evidence kind 'stakeholder-workshop' is not a customer source; internal opinions belong in the stage's assumption",
        ),
        (
            STAGE + EVIDENCE.replace("stance: supports", "stance: no"),
            "YAML reads an unquoted 'no' as a yes/no value",
        ),
        (
            STAGE.replace("title: T", "title: yes") + EVIDENCE,
            "'title' must be text, not true/false",
        ),
        (
            STAGE + "    emotion: 3\n" + EVIDENCE,
            "'emotion' must be a whole number from -2 to 2, not '3'",
        ),
        (
            STAGE
            + EVIDENCE.replace("stance: supports", "stance: supports, url: 'javascript:alert(1)'"),
            "is not a full web address: write it as http://host/",
        ),
        (
            STAGE + EVIDENCE.replace("2026-10-01", "2026-13-01"),
            "must be a real day written YYYY-MM-DD, not '2026-13-01'",
        ),
        (STAGE.replace("id: a", "id: Pay Now") + EVIDENCE, "e.g. 'pay-now'"),
        (
            STAGE.replace("    assumption: x\n", "") + EVIDENCE,
            "missing key 'assumption' in a stage: add it",
        ),
        ("- just\n- a list\n", "a journey file must be a mapping of keys at the top level"),
        ("title: T\nstages: []\n", "a journey needs at least one stage"),
        ("", "the file is empty"),
        (
            STAGE.replace("title: T", "title: T\n1: x") + EVIDENCE,
            "a key of the journey is not text",
        ),
        (STAGE.replace("title: A", "title: '   '") + EVIDENCE, "'title' is blank"),
        (
            STAGE + EVIDENCE.replace("stance: supports", "stance: supports, sample: 1:30"),
            "'sample' must be a positive whole number (respondents, tickets…), not '1:30'",
        ),
        (
            STAGE + EVIDENCE.replace("stance: supports", "stance: supports, sample: " + "9" * 5000),
            "not '99999",
        ),
        (
            "title: !!python/object/apply:os.system [echo hi]\nstages: []\n",
            "is not allowed in journey files",
        ),
    ],
)
def test_plain_message(tmp_path: Path, text: str, expected: str) -> None:
    write_journey(tmp_path, "t.yml", text)
    messages = [f.message for f in check_folder(tmp_path).findings]
    assert any(expected in message for message in messages), messages
    assert not any("Input should" in message for message in messages), messages
