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
            "'emotion' must be a whole number from -2 to 2, not 3",
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
        # what a new user misread
        (
            STAGE + '    emotion: "1"\n' + EVIDENCE,
            "'emotion' must be a whole number from -2 to 2, not the text '1' (a number in quotes is text): remove the quotes",
        ),
        (
            STAGE + EVIDENCE.replace("stance: supports", "stance: supports, sample: '5'"),
            "not the text '5' (a number in quotes is text): remove the quotes",
        ),
        (
            STAGE + EVIDENCE.replace("stance: supports", "stance: supports, sample: !!float 5"),
            "'sample' must be a positive whole number (respondents, tickets…), not the decimal number 5.0: write 5, a whole number",
        ),
        (STAGE + "    emotion: 1.5\n" + EVIDENCE, "not the decimal number 1.5"),
        (
            STAGE + "    waiver: {reason: r, until: 2027-01-01}\n",
            "missing key 'approved_by' in a waiver: add it — who decided (a person or a role)",
        ),
        (
            STAGE + "    waiver: {reason: r, approved_by: me, until: 2026-11-25}\n",
            "ends today (2026-11-25), and from tomorrow the stage fails the build: add customer evidence, or renew",
        ),
        # the new codes
        (
            STAGE.replace("title: A", "title: Pay #2") + EVIDENCE,
            "the text of 'title' is cut at ' #': YAML reads the rest of the line as a comment, so the value is only 'Pay'. Put the whole value in quotes",
        ),
        (
            STAGE + "    waiver: {reason: r, approved_by: Head of CX, until: 2026-12-01}\n",
            "the waiver of stage 'a' (approved by 'Head of CX') ends on 2026-12-01, in 6 days: gather customer evidence before then, or renew",
        ),
        (
            STAGE + EVIDENCE.replace("2026-10-01", "2025-12-01"),
            "its newest evidence (2025-12-01) turns stale on 2026-12-02, in 7 days, at 365 days old",
        ),
        (
            "title: T\nstages:\n"
            "  - {id: a, title: A, assumption: x, next: [c]}\n  - {id: b, title: B, assumption: x}\n  - {id: c, title: C, assumption: x}\n",
            "Stage 'b' cannot be reached: no `next` link (nor the default order) leads to it from the first stage 'a'",
        ),
        (
            "title: T\nstages:\n"
            "  - {id: a, title: A, assumption: x, phase: Discover}\n  - {id: b, title: B, assumption: x, phase: Buy}\n  - {id: c, title: C, assumption: x, phase: Discover}\n",
            "phase 'Discover' is split: stage 'c' returns to it after stage 'b' (phase 'Buy'), so the map and the diagram draw 'Discover' twice; move 'c' next to the other stages of 'Discover' (from 'a'), or give it a phase of its own",
        ),
    ],
)
def test_plain_message(tmp_path: Path, text: str, expected: str) -> None:
    write_journey(tmp_path, "t.yml", text)
    messages = [f.message for f in check_folder(tmp_path).findings]
    assert any(expected in message for message in messages), messages
    assert not any("Input should" in message for message in messages), messages


# The parser's commonest complaints, as an editing user triggers them: each becomes
# advice at the slip (not where the parser gave up), with the fix.
# fmt: off
SLIPS: list[tuple[str, str, tuple[int, int], str]] = [
    ("colon-in-value", "title: T\nsummary: Note: read this\n", (2, 14), "put the whole value in quotes"),
    ("colon-in-quote-text", 'quote: "I said": no\n', (1, 16), "put the whole value in quotes"),
    ("key-indented-too-far", STAGE + "      evidence: []\n", (6, 15), "indented further than the keys above"),
    ("conflict-marker", "title: T\n<<<<<<< HEAD\nsummary: a\n=======\nsummary: b\n>>>>>>> main\n", (2, 1), "merge conflict marker"),
    ("conflict-marker-diff3", "title: T\nsummary: a\n||||||| base\nsummary: b\n", (3, 1), "merge conflict marker"),
    ("bracket-in-flow-item", "title: T\ntags: [a [b], c]\n", (2, 10), "put an item holding [ ] { } , # or ': ' in quotes"),
    ("text-after-flow-list", "title: T\ntags: [a], b]\n", (2, 10), "text follows the closing bracket"),
    ("unclosed-flow-list", "title: T\ntags: [a, b\nsummary: x\n", (2, 7), "this [ is never closed"),
    ("unclosed-flow-list-at-end", "title: T\ntags: [a, b\n", (2, 7), "this [ is never closed"),
    ("unclosed-flow-mapping", "title: T\nx: {a: b\nsummary: x\n", (2, 4), "this { is never closed"),
    ("double-comma", "title: T\ntags: [a, , b]\n", (2, 11), "two commas in a row"),
    ("unclosed-double-quote", 'title: "T\nsummary: x\n', (1, 8), 'this " opens a quoted value that is never closed'),
    ("unclosed-single-quote", "title: 'T\nsummary: x\n", (1, 8), "inside '…' write an apostrophe as ''"),
    ("apostrophe-in-single-quotes", "title: 'it's'\nsummary: x\n", (1, 12), "text follows the closing quote"),
    ("backslash-in-double-quotes", 'title: "C:\\path"\n', (1, 11), "write \\\\ for a backslash"),
    ("tab-indent", "title: T\n\tsummary: x\n", (2, 1), "YAML indents with spaces, never tabs"),
    ("tab-in-stage", "title: T\nstages:\n  - id: a\n  \ttitle: x\n", (4, 3), "never tabs"),
    ("at-sign", "title: @home\n", (1, 8), "a value cannot start with '@'"),
    ("backtick", "title: `x`\n", (1, 8), "a value cannot start with '`'"),
    ("percent", "title: T\nsummary: %50\n", (2, 10), "a value cannot start with '%'"),
    ("star", "title: *bold*\n", (1, 8), "starts with '*'"),
    ("ampersand", "title: & co\n", (1, 8), "starts with '&'"),
    ("greater-than", "summary: > 50% of users\n", (1, 10), "starts with '|' or '>'"),
    ("dedented-key", "title: T\nstages:\n  - id: a\n    title: A\n   assumption: x\n", (5, 4), "not lined up with the items of its list"),
    ("misaligned-key", "title: T\nstages:\n  - id: a\n    title: A\n  title: x\n - id: b\n", (5, 3), "not lined up"),
    ("missing-colon", "title: T\nsummary\n", (2, 1), "add ': ' after the key"),
    ("second-document", "title: T\n---\ntitle: U\n", (2, 1), "a second YAML document"),
    ("undefined-alias", "title: *x\n", (1, 8), "refers to an anchor (&name) that does not exist"),
    ("control-character", "title: T\x01\n", (1, 9), "U+0001 is not allowed"),
    ("hash-in-flow-list", "title: T\ntags: [a #x, b]\nsummary: s\n", (2, 10), "this ' #' starts a YAML comment, which hides the rest of the line, the closing ] included"),
    ("hash-in-flow-mapping", "title: T\nx: {a: b #1}\n", (2, 10), "the closing } included"),
    ("double-quote-in-double-quotes", 'title: T\nsummary: "He said "no" twice"\n', (2, 20), 'a " inside "…" ends the value; write it as \\"'),
    ("dash-after-key", "title: T\nsummary: - dash text\n", (2, 10), "a value that starts with '- ' reads as a list item"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "where", "advice"), [case[1:] for case in SLIPS], ids=[case[0] for case in SLIPS]
)
def test_parser_slips_become_advice_at_the_slip(
    tmp_path: Path, text: str, where: tuple[int, int], advice: str
) -> None:
    write_journey(tmp_path, "t.yml", text)
    findings = check_folder(tmp_path).findings
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml-syntax", *where)], findings
    assert advice in findings[0].message, findings[0].message


# One mistake, one finding that says what the mistake is.
# fmt: off
ONE_MISTAKE: list[tuple[str, str, str]] = [
    ("misspelt-key", STAGE.replace("assumption", "asumption") + EVIDENCE, "unknown key 'asumption' in a stage — did you mean 'assumption'?"),
    ("misspelt-key-in-evidence", STAGE + EVIDENCE.replace("summary: s", "sumary: s"), "unknown key 'sumary' in an evidence item — did you mean 'summary'?"),
    ("key-in-the-wrong-mapping", STAGE + "    evidence:\n      - {kind: interview, summary: s, source: s, stance: supports}\n    date: 2026-10-01\n", "key 'date' is not a key of a stage: it belongs to an evidence item that starts at line 7"),
    ("evidence-as-mapping", STAGE + "    evidence:\n      kind: interview\n      summary: s\n      kind: survey\n      summary: t\n", "'evidence' must be a list, not a mapping: start each item with '- '"),
    ("stage-as-text", "title: T\nstages:\n  - Pay the invoice\n", "a stage must be a mapping of keys"),
    ("duplicate-stage-id-meant-for-next", "title: T\nstages:\n  - {id: a, title: A, assumption: x, next: [c], waiver: {reason: r, approved_by: me, until: 2028-01-01}}\n  - {id: a, title: C, assumption: y, waiver: {reason: r, approved_by: me, until: 2028-01-01}}\n", "was this stage meant to be 'c'?"),
    ("expired-waiver", STAGE + "    waiver: {reason: r, approved_by: me, until: 2026-01-01}\n", "expired on 2026-01-01: the stage has no customer evidence"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in ONE_MISTAKE], ids=[case[0] for case in ONE_MISTAKE]
)
def test_one_mistake_gives_one_finding_that_names_it(
    tmp_path: Path, text: str, expected: str
) -> None:
    write_journey(tmp_path, "t.yml", text)
    messages = [f.message for f in check_folder(tmp_path).findings]
    assert len(messages) == 1, messages
    assert expected in messages[0], messages


# A key with the right name in the wrong mapping is one finding saying where it belongs,
# whichever key it is: every key of an evidence item and of a waiver written one level
# too far out (after the item, at the stage's indentation), every stage key written into
# an evidence item or a waiver, every journey key written into a stage.
ITEM = {
    "kind": "interview",
    "summary": "s",
    "source": "s",
    "date": "2026-10-01",
    "stance": "supports",
    "quote": "q",
    "url": "https://example.com/notes",
    "sample": "5",
    "sentiment": "negative",
}
WAIVER = {"reason": "r", "approved_by": "me", "until": "2027-01-01"}
HEAD = "title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n"


def _block(pairs: dict[str, str], indent: str, first: str = "") -> str:
    lines = [f"{key}: {value}" for key, value in pairs.items()]
    return "".join(
        f"{indent[:-2] + first if index == 0 and first else indent}{line}\n"
        for index, line in enumerate(lines)
    )


def _misplaced() -> list[tuple[str, str, str]]:
    cases = []
    for key in ITEM:
        kept = {k: v for k, v in ITEM.items() if k != key}
        text = (
            HEAD + "    evidence:\n" + _block(kept, "        ", "- ") + f"    {key}: {ITEM[key]}\n"
        )
        cases.append((f"evidence-{key}-outdented", text, "belongs to an evidence item"))
    for key in WAIVER:
        kept = {k: v for k, v in WAIVER.items() if k != key}
        text = HEAD + "    waiver:\n" + _block(kept, "      ") + f"    {key}: {WAIVER[key]}\n"
        cases.append((f"waiver-{key}-outdented", text, "belongs to a waiver"))
    stage_keys = {
        "assumed_by": "me",
        "touchpoints": "[email]",
        "emotion": "1",
        "pain_points": "[slow]",
        "opportunities": "[faster]",
        "next": "[a]",
        "phase": "Buy",
    }
    for key, value in stage_keys.items():
        text = (
            HEAD + "    evidence:\n" + _block(ITEM, "        ", "- ") + f"        {key}: {value}\n"
        )
        cases.append((f"stage-{key}-in-evidence", text, "belongs to a stage"))
        text = HEAD + "    waiver:\n" + _block(WAIVER, "      ") + f"      {key}: {value}\n"
        cases.append((f"stage-{key}-in-waiver", text, "belongs to a stage"))
    for key, value in {"persona": "P", "owner": "O", "summary": "S", "tags": "[t]"}.items():
        text = HEAD + "    waiver:\n" + _block(WAIVER, "      ") + f"    {key}: {value}\n"
        cases.append((f"journey-{key}-in-a-stage", text, "belongs to the journey"))
    title_in_stage = HEAD.replace("title: T\n", "") + "    waiver:\n" + _block(WAIVER, "      ")
    cases.append(
        (
            "journey-title-in-a-stage",
            title_in_stage + "    title: T\n",
            "the journey that starts at line 1 has none",
        )
    )
    return cases


MISPLACED = _misplaced()


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in MISPLACED], ids=[case[0] for case in MISPLACED]
)
def test_a_key_in_the_wrong_mapping_is_one_finding_saying_where_it_belongs(
    tmp_path: Path, text: str, expected: str
) -> None:
    write_journey(tmp_path, "t.yml", text)
    messages = [f.message for f in check_folder(tmp_path).findings]
    assert len(messages) == 1, (text, messages)
    assert expected in messages[0], (text, messages)
    assert "indent it to line up with that mapping's keys" in messages[0]


# A customer measure or channel under its own name is customer input, not an opinion:
# the message names the kinds it belongs to and why, as a did-you-mean does.
@pytest.mark.parametrize(
    ("written", "kinds"),
    [
        ("nps", "'survey' or 'metric'"),
        ("NPS", "'survey' or 'metric'"),
        ("csat", "'survey' or 'metric'"),
        ("ces", "'survey' or 'metric'"),
        ("customer_effort_score", "'survey' or 'metric'"),
        ("tickets", "'support-ticket'"),
        ("zendesk", "'support-ticket'"),
        ("app-store-reviews", "'review'"),
        ("session-recordings", "'usability-test' or 'observation'"),
        ("focus-group", "'interview'"),
        ("heatmap", "'analytics'"),
    ],
)
def test_customer_measure_as_kind_suggests_its_kind(
    tmp_path: Path, written: str, kinds: str
) -> None:
    write_journey(
        tmp_path,
        "t.yml",
        STAGE + EVIDENCE.replace("kind: interview", f"kind: {written}"),
    )
    messages = [f.message for f in check_folder(tmp_path).findings]
    (message,) = [m for m in messages if "evidence kind" in m]
    assert f"evidence kind '{written}' is customer input under another name" in message
    assert f"did you mean {kinds}?" in message
    assert "internal opinions" not in message
    # the reason: why that kind fits
    assert message.rstrip().endswith(
        ("over time", "support", "product", "went", "interview", "did")
    )
