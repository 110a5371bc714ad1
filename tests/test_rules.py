"""Every finding code, with its line and column, on small journey files: one case a line.

Each case is (source, expected findings as (code, line, column)[, policy options]),
run by one test through the whole pipeline (`problems`, the shared rule-test helper).
Stages written `- {…}` start at line 3 + their index, column 5.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from journey_helpers import check_folder, located, problems, write_journey
from journeymap.check.rules import RULES

EV = "{kind: interview, summary: s, source: s, date: 2026-10-01, stance: supports}"
OLD = "{kind: interview, summary: s, source: s, date: 2025-11-24, stance: supports}"
MIXED = "{kind: survey, summary: s, source: s, date: 2026-10-01, stance: mixed}"
NO = "{kind: complaint, summary: s, source: s, date: 2026-10-01, stance: contradicts}"
NUMBER = "{kind: metric, summary: s, source: s, date: 2026-10-01, stance: supports}"


def ok(stage_id: str, rest: str = "", evidence: str = EV) -> str:
    """A stage with evidence, as a flow mapping."""
    return f"{{id: {stage_id}, title: T, assumption: x, evidence: [{evidence}]{', ' + rest if rest else ''}}}"


def bare(stage_id: str, rest: str = "") -> str:
    """A stage without evidence, as a flow mapping."""
    return f"{{id: {stage_id}, title: T, assumption: x{', ' + rest if rest else ''}}}"


def journey(*stages: str, head: str = "title: T") -> str:
    return f"{head}\nstages:\n" + "".join(f"  - {stage}\n" for stage in stages)


def waiver(until: str) -> str:
    return f"waiver: {{reason: r, approved_by: me, until: {until}}}"


def aged(date: str) -> str:
    return ok("a", evidence=EV.replace("2026-10-01", date))


BLOCK = "title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n"
BLOCK_EV = BLOCK + f"    evidence: [{EV}]\n"

STUDY = "title: Study\nkind: interview\nstarted: 2026-09-01\ndate: 2026-09-05\n"

Expected = list[tuple[str, int | None, int | None]]
Case = tuple[str, Expected] | tuple[str, Expected, dict[str, object]]

# fmt: off
CASES: dict[str, Case] = {
    # yaml-syntax: where the slip is
    "syntax-tab": ("title: T\nstages:\n\t- id: a\n", [("yaml-syntax", 3, 1)]),
    "syntax-unclosed-flow": ("title: T\nstages: [{id: a, title: A, assumption: x}\n", [("yaml-syntax", 2, 9)]),
    "syntax-colon-in-value": (BLOCK.replace("x\n", "Note: this\n"), [("yaml-syntax", 5, 21)]),
    "syntax-conflict-marker": ("title: T\n<<<<<<< HEAD\nsummary: a\n=======\nsummary: b\n>>>>>>> main\nstages: []\n", [("yaml-syntax", 2, 1)]),
    # duplicate-key
    "duplicate-key": (BLOCK_EV + "    title: B\n", [("duplicate-key", 7, 5)]),
    # schema
    "schema-unknown-key": (BLOCK_EV + "    touchpionts: [email]\n", [("schema", 7, 5)]),
    "schema-missing-key": (journey("{id: a, assumption: x}"), [("schema", 3, 5)]),
    "schema-bad-value": (journey(ok("a", evidence=EV.replace("supports", "no"))), [("schema", 3, 116)]),
    "schema-misspelt-key-is-one": (BLOCK_EV.replace("assumption", "asumption"), [("schema", 5, 5)]),
    "schema-misplaced-key-is-one": (BLOCK + "    evidence:\n      - {kind: interview, summary: s, source: s, stance: supports}\n    date: 2026-10-01\n", [("schema", 8, 5)]),
    "schema-evidence-as-mapping-is-one": (BLOCK + "    evidence:\n      kind: interview\n      summary: s\n      kind: survey\n      summary: t\n", [("schema", 7, 7)]),
    "schema-stages-as-mapping-is-one": ("title: T\nstages:\n  id: a\n  title: A\n  assumption: x\n  id: b\n", [("schema", 3, 3)]),
    "schema-stage-as-text-is-one": (journey("pay the invoice", ok("b")), [("schema", 3, 5)]),
    "schema-tag-misfit-at-value": (journey(ok("a", "emotion: !!bool maybe")), [("schema", 3, 137)]),
    "schema-tag-unknown-at-value": (journey(ok("a", "title: !local x")), [("duplicate-key", 3, 128), ("schema", 3, 135)]),
    "schema-null-key-at-key": (journey(ok("a"), head="title: T\nnull: 3"), [("schema", 2, 1)]),
    "schema-number-key-at-key": (journey(ok("a", "1: x")), [("schema", 3, 128)]),
    "schema-uppercase-suffix": (journey(ok("a")), [("schema", None, None)], {"name": "t.YML"}),
    # one mistake, one finding (SPEC "Findings")
    "schema-until-outdented-is-one": (BLOCK + "    waiver:\n      reason: r\n      approved_by: me\n    until: 2027-01-01\n", [("schema", 9, 5)]),
    "journey-title-indented-into-a-stage-is-one": ("stages:\n  - id: a\n    title: A\n    assumption: x\n    waiver: {reason: r, approved_by: me, until: 2027-01-01}\n    title: T\n", [("duplicate-key", 6, 5)]),
    "comment-in-anchored-text-is-one": (BLOCK.replace("x\n", "&x text #1\n") + "    assumed_by: *x\n    " + waiver("2027-01-01") + "\n", [("comment-in-text", 5, 25)]),
    "omap-is-one": ("title: T\nstages: !!omap [a: 1, b: 2]\n", [("schema", 2, 9)]),
    "pairs-is-one": ("title: T\ntags: !!pairs [a: 1, b: 2]\n" + journey(ok("a"), head="").lstrip(), [("schema", 2, 7)]),
    # duplicate-id: one finding, no unknown-stage echoes, listed where the mistake is
    "duplicate-id-stage": (journey(ok("a"), ok("a")), [("duplicate-id", 4, 10)]),
    "duplicate-id-no-echo": (journey(ok("a", "next: [c]"), ok("b", "next: [c]"), ok("b")), [("duplicate-id", 5, 10)]),
    "duplicate-id-at-the-alias-that-repeats": ("title: T\nstages:\n  - &s " + ok("a") + "\n  - *s\n", [("duplicate-id", 4, 5)]),
    "finding-in-an-aliased-value-at-the-alias": ("title: T\nx: &v 5\nstages:\n  - {id: a, title: T, assumption: x, assumed_by: *v, evidence: [" + EV + "]}\n", [("schema", 2, 1), ("schema", 4, 50)]),
    # unknown-stage
    "unknown-stage": (journey(ok("a", "next: [b, nowhere]"), ok("b")), [("unknown-stage", 3, 138)]),
    "schema-invalid-journey-id-is-one": ("id: Billing\n" + journey(ok("a")), [("schema", 1, 5)]),
    "unknown-stage-waits-for-valid-ids": (journey(ok("a", "next: [pay-now]"), ok("Pay Now")), [("schema", 4, 10)]),
    # unreachable-stage
    "unreachable-skipped-by-next": (journey(ok("a", "next: [c]"), ok("b"), ok("c")), [("unreachable-stage", 4, 5)]),
    "unreachable-after-an-end": (journey(ok("a", "next: []"), ok("b"), ok("c")), [("unreachable-stage", 4, 5), ("unreachable-stage", 5, 5)]),
    "reachable-by-default-order-and-loops": (journey(ok("a"), ok("b", "next: [a, c]"), ok("c", "next: [b]")), []),
    # split-phase
    "phases-consecutive": (journey(ok("a", "phase: Discover"), ok("b", "phase: Discover"), ok("c", "phase: Buy"), ok("d")), []),
    "phase-split-by-another": (journey(ok("a", "phase: Discover"), ok("b", "phase: Buy"), ok("c", "phase: Discover")), [("split-phase", 5, 135)]),
    "phase-split-by-no-phase": (journey(ok("a", "phase: Use"), ok("b"), ok("c", "phase: Use")), [("split-phase", 5, 135)]),
    "phase-split-twice": (journey(ok("a", "phase: A"), ok("b", "phase: B"), ok("c", "phase: A"), ok("d", "phase: B"), ok("e", "phase: A")), [("split-phase", 5, 135), ("split-phase", 6, 135), ("split-phase", 7, 135)]),
    "unreachable-no-echo-of-unknown-next": (journey(ok("a", "next: [nowhere]"), ok("b")), [("unknown-stage", 3, 135)]),
    # unvalidated-stage
    "unvalidated-stage": (journey(bare("pay")), [("unvalidated-stage", 3, 5)]),
    # expired-waiver: one finding, at `until`
    "expired-waiver-is-one": (BLOCK + "    waiver:\n      reason: r\n      approved_by: me\n      until: 2026-11-24\n", [("expired-waiver", 9, 14)]),
    "expired-waiver-with-evidence-is-one": (journey(ok("a", waiver("2026-01-01"))), [("expired-waiver", 3, 172)]),
    # future-date
    "future-date": (journey(ok("a", evidence=EV.replace("2026-10-01", "2026-11-26"))), [("future-date", 3, 96)]),
    # stale-evidence
    "stale-evidence": (journey(ok("a", evidence=OLD)), [("stale-evidence", 3, 5)]),
    # metrics-only
    "metrics-only": (journey(ok("a", evidence=NUMBER)), [("metrics-only", 3, 5)]),
    # needless-waiver
    "needless-waiver": (journey(ok("a", waiver("2027-06-01"))), [("needless-waiver", 3, 5)]),
    # comment-in-text: at the `#`
    "comment-in-text": (BLOCK_EV.replace("title: A", "title: Pay #2"), [("comment-in-text", 4, 16)]),
    "comment-in-text-list-item": (BLOCK_EV + "    pain_points:\n      - slow # really\n", [("comment-in-text", 8, 14)]),
    "comment-in-text-multiline": (journey(ok("a"), head="title: T\nsummary: one\n  two # three"), [("comment-in-text", 3, 7)]),
    "comment-after-choice-is-fine": (BLOCK + "    evidence:\n      - kind: interview  # or survey\n        summary: s\n        source: 's #1'\n        date: 2026-10-01  # day\n        stance: supports  # supports | contradicts\n", []),
    "comment-after-flow-list-is-fine": (journey(ok("a"), head="title: T\ntags: [a, b] # x"), []),
    "hash-without-space-is-text": (BLOCK_EV.replace("title: A", "title: A#1"), []),
    # split-list-item: at the comma; lists of lower-case words, ids and quoted items are fine
    "split-list-item": (BLOCK_EV + "    opportunities: [Show an estimated fix time, even a rough one]\n", [("split-list-item", 7, 47)]),
    "split-list-item-after-one-word": (BLOCK_EV + "    pain_points: [Slow, and nobody says why]\n", [("split-list-item", 7, 23)]),
    "split-list-item-over-lines": (BLOCK_EV + "    pain_points: [Looks like phishing,\n      sender unknown]\n", [("split-list-item", 7, 38)]),
    "split-list-item-in-tags": (journey(ok("a"), head="title: T\ntags: [Billing for small firms, smb and mid-size]"), [("split-list-item", 2, 31)]),
    "split-list-lower-case-words-are-fine": (journey(ok("a", "touchpoints: [email, web app, bank transfer]"), head="title: T\ntags: [billing, smb]"), []),
    "split-list-short-items-are-fine": (journey(ok("a", "touchpoints: [Help centre, chat, Email, phone]")), []),
    "split-list-sentences-are-fine": (journey(ok("a", "pain_points: [Slow to load., slow to reply]")), []),
    "split-list-quoted-is-fine": (journey(ok("a", 'opportunities: ["Show a fix time, even a rough one", Ask first, then call back later]')), [("split-list-item", 3, 190)]),
    "split-list-block-is-fine": (BLOCK_EV + "    opportunities:\n      - Show a fix time\n      - even a rough one\n", []),
    # personal-data: at the value, in any published text (journey, stage, evidence, waiver)
    "personal-data-email-in-quote": (BLOCK + "    evidence:\n      - {kind: interview, summary: s, quote: 'Write to jo@example.com', source: s, date: 2026-10-01, stance: supports}\n", [("personal-data", 7, 56)]),
    "personal-data-phone-in-summary": (journey(ok("a", evidence=EV.replace("summary: s", "summary: Call her on +44 20 7946 0958"))), [("personal-data", 3, 88)]),
    "personal-data-card-in-title": (journey(ok("a"), head="title: Paid with 4111 1111 1111 1111"), [("personal-data", 1, 18)]),
    "personal-data-in-waiver-and-tags": (journey(bare("a", "waiver: {reason: r, approved_by: cx-lead@example.com, until: 2027-06-01}"), head="title: T\ntags: [call 020 7946 0958]"), [("personal-data", 2, 13), ("personal-data", 4, 71)]),
    "personal-data-off": (journey(ok("a"), head="title: jo@example.com"), [], {"personal_data": False}),
    "personal-data-numbers-are-fine": (journey(ok("a", evidence=EV.replace("summary: s", "summary: '38 tickets, n = 412, 42%, CSAT 4.2, ticket 4821397, 2026-09-30, v2.14.1'"))), []),
    # insider-jargon: whole words in any case, phrases; title, touchpoints, pain points, opportunities
    "insider-jargon-title": (BLOCK_EV.replace("title: A", "title: Dunning reminder"), [("insider-jargon", 4, 12)], {"jargon": ["dunning"]}),
    "insider-jargon-phrase-any-case": (journey(ok("a", "touchpoints: [email, the KYC   Portal]")), [("insider-jargon", 3, 153)], {"jargon": ["kyc portal", "KYC"]}),
    "insider-jargon-lists": (journey(ok("a", "pain_points: [No MRR view], opportunities: [Show mrr]")), [("insider-jargon", 3, 145), ("insider-jargon", 3, 177)], {"jargon": ["MRR"]}),
    "insider-jargon-whole-words": (BLOCK_EV.replace("title: A", "title: KYCs, prekyc and KYC_form"), [], {"jargon": ["KYC"]}),
    "insider-jargon-not-assumption-or-quote": (journey(ok("a", "assumed_by: KYC team", evidence=EV.replace("summary: s", "summary: KYC, quote: KYC"))), [], {"jargon": ["KYC"]}),
    # research: studies cited by evidence, segments declared in the configuration
    "unknown-study": (journey(ok("a", evidence="{study: t, summary: s, stance: supports}")), [("unknown-study", 3, 57), ("unused-study", 1, 1)], {"study": STUDY}),
    "unknown-segment": (journey(ok("a", evidence=EV.replace("summary: s", "segment: smbs, summary: s"))), [("unknown-segment", 3, 76)], {"segments": {"smb": "Small businesses"}}),
    "evidence-outside-study": (journey(ok("a", evidence="{study: s, date: 2026-10-09, summary: s, stance: supports}")), [("evidence-outside-study", 3, 66)], {"study": STUDY}),
    "unused-study": (journey(ok("a")), [("unused-study", 1, 1)], {"study": STUDY}),
    # waiver-expiring: in whole days, `until` inclusive
    "waiver-expiring-today": (journey(bare("a", waiver("2026-11-25"))), [("waiver-expiring", 3, 82)]),
    "waiver-expiring-in-warn-days": (journey(bare("a", waiver("2026-12-25"))), [("waiver-expiring", 3, 82)]),
    "waiver-not-expiring-after-warn-days": (journey(bare("a", waiver("2026-12-26"))), []),
    "waiver-expiring-warn-days-0": (journey(bare("a", waiver("2026-11-25"))), [("waiver-expiring", 3, 82)], {"warn_days": 0}),
    "waiver-expiring-warn-days-0-tomorrow": (journey(bare("a", waiver("2026-11-26"))), [], {"warn_days": 0}),
    # assumption-contradicted, assumption-contested
    "assumption-contradicted": (journey(ok("a", evidence=NO)), [("assumption-contradicted", 3, 5)]),
    "assumption-contested": (journey(ok("a", evidence=MIXED)), [("assumption-contested", 3, 5)]),
    # evidence-aging: stale on the day after its newest evidence is max_evidence_age_days old
    "evidence-aging-in-warn-days": (journey(aged("2025-12-24")), [("evidence-aging", 3, 5)]),
    "evidence-aging-tomorrow": (journey(aged("2025-11-25")), [("evidence-aging", 3, 5)]),
    "evidence-not-aging-after-warn-days": (journey(aged("2025-12-25")), []),
    "evidence-aging-from-the-policy": (journey(aged("2026-10-01")), [("evidence-aging", 3, 5)], {"max_evidence_age_days": 60}),
    # baseline-fixed: at the line of the baseline entry no finding matches any more
    "baseline-fixed": (journey(ok("a")), [("baseline-fixed", 1, 1)], {"baseline_text": "- {journey: t, stage: a, code: unvalidated-stage, since: 2026-01-05}\n"}),
    "baseline-matched-is-no-fixed": (journey(bare("a")), [("unvalidated-stage", 3, 5)], {"baseline_text": "- {journey: t, stage: a, code: unvalidated-stage, since: 2026-01-05}\n"}),
}
# fmt: on


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_case(tmp_path: Path, case: str) -> None:
    source, expected, *rest = CASES[case]
    options = dict(rest[0]) if rest else {}
    name = str(options.pop("name", "t.yml"))
    if "baseline_text" in options:
        (tmp_path / "journeymap-baseline.yml").write_text(str(options.pop("baseline_text")))
    study = options.pop("study", None)  # a study file research/s.yml, for the research codes
    if study is not None:
        (tmp_path / "research").mkdir()
        (tmp_path / "research" / "s.yml").write_text(str(study), encoding="utf-8")
    assert problems(tmp_path, source, name=name, **options) == expected


def test_every_code_has_a_case_and_a_severity_and_a_doc() -> None:
    covered = {code for _, expected, *_ in CASES.values() for code, *_ in expected}
    assert covered == set(RULES), set(RULES) ^ covered
    for doc in RULES.values():
        assert doc.summary and doc.doc


def test_severities_are_the_specs(tmp_path: Path) -> None:
    write_journey(
        tmp_path, "t.yml", journey(ok("a", evidence=NUMBER), bare("b", waiver("2026-12-01")))
    )
    assert located(check_folder(tmp_path)) == [
        ("metrics-only", "warning", 3, 5),
        ("waiver-expiring", "warning", 4, 82),
    ]


def test_duplicate_journey_id_across_files(tmp_path: Path) -> None:
    write_journey(tmp_path, "billing.yml", journey(ok("a")))
    write_journey(tmp_path, "billing.yaml", journey(ok("a")))
    report = check_folder(tmp_path)
    assert [(f.code, f.file, f.line) for f in report.findings] == [
        ("duplicate-id", "journeys/billing.yml", 1)
    ]
    assert "journeys/billing.yaml" in report.findings[0].message
    assert [j.id for j in report.journeys] == ["billing"]


def test_duplicate_journey_id_points_at_the_id(tmp_path: Path) -> None:
    write_journey(tmp_path, "a.yaml", journey(ok("s")))
    write_journey(tmp_path, "a.yml", journey(ok("s"), head="title: T\nid: a"))
    report = check_folder(tmp_path)
    assert [(f.code, f.file, f.line, f.column) for f in report.findings] == [
        ("duplicate-id", "journeys/a.yml", 2, 5)
    ]


def test_a_journey_whose_id_is_wrong_is_not_a_duplicate_of_the_file_it_names(
    tmp_path: Path,
) -> None:
    """`other.yml` says `id: waivers`: one schema finding there; `waivers.yml` is innocent."""
    write_journey(tmp_path, "other.yml", "id: waivers\n" + journey(ok("a")))
    write_journey(tmp_path, "waivers.yml", journey(ok("a")))
    report = check_folder(tmp_path)
    assert [(f.file, f.code, f.line) for f in report.findings] == [
        ("journeys/other.yml", "schema", 1)
    ]
    assert sorted(j.id for j in report.journeys) == ["other", "waivers"]
    assert [outline.id for outline in report.outlines] == ["other", "waivers"]


def test_id_must_equal_the_file_stem(tmp_path: Path) -> None:
    write_journey(tmp_path, "billing.yml", "id: invoices\n" + journey(ok("a")))
    report = check_folder(tmp_path)
    assert located(report) == [("schema", "error", 1, 5)]
    assert "rename the file to invoices.yml" in report.findings[0].message


def test_one_broken_file_does_not_hide_another(tmp_path: Path) -> None:
    write_journey(tmp_path, "a.yml", "title: [unclosed\n")
    write_journey(tmp_path, "b.yml", journey(bare("s")))
    report = check_folder(tmp_path)
    assert [(f.file, f.code) for f in report.findings] == [
        ("journeys/a.yml", "yaml-syntax"),
        ("journeys/b.yml", "unvalidated-stage"),
    ]
    assert report.failed(strict=False)


def test_strict_makes_warnings_fail_but_never_infos(tmp_path: Path) -> None:
    write_journey(tmp_path, "t.yml", journey(ok("a", evidence=NUMBER)))
    report = check_folder(tmp_path)
    assert not report.failed(strict=False)
    assert report.failed(strict=True)
    write_journey(tmp_path, "t.yml", journey(ok("a", evidence=MIXED)))
    assert not check_folder(tmp_path).failed(strict=True)


def test_rules_still_run_on_valid_stages_when_the_schema_fails(tmp_path: Path) -> None:
    write_journey(
        tmp_path,
        "t.yml",
        "title: T\ncolour: blue\nstages:\n"
        f"  - {ok('a', 'next: [b]')}\n  - {bare('b')}\n  - {ok('c', 'touchpionts: [email]')}\n",
    )
    assert [(f.code, f.line, f.stage) for f in check_folder(tmp_path).findings] == [
        ("schema", 2, None),
        ("unvalidated-stage", 5, "b"),
        ("schema", 6, "c"),
    ]


def test_expired_waiver_on_a_stage_with_evidence_says_remove_it(tmp_path: Path) -> None:
    write_journey(tmp_path, "t.yml", journey(ok("a", waiver("2026-01-01"))))
    messages = {f.code: f.message for f in check_folder(tmp_path).findings}
    assert "remove the waiver" in messages["expired-waiver"]
