"""`personal-data`: e-mail addresses, phone numbers and card numbers in published text.

Two tables drive the detector: research text full of ordinary numbers that must raise
nothing, and real forms of personal data from many countries that must each be found
whole, with its kind. Then the rule through the pipeline: every published field, the
position of the value in every way YAML writes text, and the option that turns it off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from journey_helpers import check_folder, write_journey
from journeymap.personal_data import Kind, find, may_hold, redact

# Research text as teams write it: counts, shares, dates, money, ids, scores, versions.
ORDINARY = [
    "38 tickets in September asked whether the invoice email was phishing.",
    "n = 412 respondents; 38% of them (n=157) said no.",
    "42% of owners, 12.5 % of calls, 0.4‰ of sessions",
    "Gathered 2026-09-30, reported 30/09/2026, again on 09.30.2026 and 30.09.2026",
    "Sept 30, 2026; 1 October 2026; Q3 2026; FY2026/27",
    "Plans cost $1,299.00, €49,90, £1 234 567 or ¥120000 a year",
    "Helpdesk ticket #4521873, ticket 48213977, case 00123456 and Zendesk 4821397",
    "Tickets 4521873-4521899 were merged into INC0012345 and ZD-4521873",
    "Invoice INV-2026-000123, order 123-456-789, order number 1234567890",
    "Queue 12 held 1,234 calls; queue 7 had 1.234.567 minutes of hold music",
    "CSAT 4.2/5, CSAT 87.5, NPS 32 → 41 (+9), +12.5% and +1,234 sign-ups",
    "version 2.14.1, v10.2.3, build 20260930, release 4.0.1.12345",
    "1999-2026, 2019 to 2024, 2019\u20132024, 1,000\u20135,000 users, 10\u201320 minutes",
    "between 1,000 and 5,000 users, 1,234,567 sessions, 12 345 visits, 1 000 000 views",
    "IP 192.168.10.254 on port 8080; 10.0.0.1 was down",
    "From 09:00 to 17:30, calls 1 of 3 at 14:00 on 12/10/2026",
    "ISBN 978-3-16-148410-0, SKU 00012345678, reference 20261012-0042",
    "Room 4021, floor 3, postcode SW1A 1AA, zip 94107",
    "Page 123 456 789 of the transcript; 3-5 days; 100-200 users",
    "Paid £1,299.99 on 12 March; 49.99/month; 1 500 000 EUR",
    "Card ending 1111, expiry 12/27; order 4111111111111111",
    "Call the helpline on 0800 123 4567 (free) or 0845 601 2345",
    "SMS code 123456 arrived after 90 seconds",
    "Interviewed 6 owners at acme dot com's office",
    "Revenue grew 1234567 dollars; survey 2026-10 (412 responses), wave 3",
    "Look at example dot com, then @mention the team in #support",
]

# What customers read out: each text holds one piece of personal data, found whole.
PERSONAL: list[tuple[str, str, Kind]] = [
    ("Just write to me at jo.bloggs@example.com.", "jo.bloggs@example.com", Kind.EMAIL),
    ("My address is JÖRG.müller@beispiel.de", "JÖRG.müller@beispiel.de", Kind.EMAIL),
    ("sam+billing@mail.example.co.uk works", "sam+billing@mail.example.co.uk", Kind.EMAIL),
    ("o'neil_r@sub-domain.example.org", "o'neil_r@sub-domain.example.org", Kind.EMAIL),
    ("jo [at] example [dot] com", "jo [at] example [dot] com", Kind.EMAIL),
    ("Mail jo(at)example.de please", "jo(at)example.de", Kind.EMAIL),
    ("E-mail me: jo dot bloggs at gmail dot com", "jo dot bloggs at gmail dot com", Kind.EMAIL),
    ("Call me on +44 20 7946 0958 please", "+44 20 7946 0958", Kind.PHONE),
    ("ring 020 7946 0958 after six", "020 7946 0958", Kind.PHONE),
    ("my mobile is 07911 123456", "07911 123456", Kind.PHONE),
    ("+1 (415) 555-2671 works", "+1 (415) 555-2671", Kind.PHONE),
    ("(415) 555-2671", "(415) 555-2671", Kind.PHONE),
    ("try 415-555-2671 or not", "415-555-2671", Kind.PHONE),
    ("415.555.2671", "415.555.2671", Kind.PHONE),
    ("my number is 4155552671", "4155552671", Kind.PHONE),
    ("phone: 07911123456", "07911123456", Kind.PHONE),
    ("tel:+442079460958", "+442079460958", Kind.PHONE),
    ("0044 20 7946 0958", "0044 20 7946 0958", Kind.PHONE),
    ("Berlin: +49 30 901820", "+49 30 901820", Kind.PHONE),
    ("Festnetz 030 901820", "030 901820", Kind.PHONE),
    ("Handy 0151 23456789", "0151 23456789", Kind.PHONE),
    ("+33 1 42 68 53 00", "+33 1 42 68 53 00", Kind.PHONE),
    ("Appelez le 06 12 34 56 78", "06 12 34 56 78", Kind.PHONE),
    ("Tokyo +81 3-1234-5678", "+81 3-1234-5678", Kind.PHONE),
    ("03-1234-5678", "03-1234-5678", Kind.PHONE),
    ("+91 98765 43210", "+91 98765 43210", Kind.PHONE),
    ("Sydney (02) 9876 5432", "(02) 9876 5432", Kind.PHONE),
    ("0412 345 678", "0412 345 678", Kind.PHONE),
    ("Madrid +34 912 345 678", "+34 912 345 678", Kind.PHONE),
    ("Roma +39 06 1234 5678", "+39 06 1234 5678", Kind.PHONE),
    ("Amsterdam 020 123 4567", "020 123 4567", Kind.PHONE),
    ("+46 8 123 456 78", "+46 8 123 456 78", Kind.PHONE),
    ("+48 22 123 45 67", "+48 22 123 45 67", Kind.PHONE),
    ("+353 1 234 5678", "+353 1 234 5678", Kind.PHONE),
    ("São Paulo +55 11 91234-5678", "+55 11 91234-5678", Kind.PHONE),
    ("+27 21 123 4567", "+27 21 123 4567", Kind.PHONE),
    ("Lagos +234 803 123 4567", "+234 803 123 4567", Kind.PHONE),
    ("Visa 4111 1111 1111 1111", "4111 1111 1111 1111", Kind.CARD),
    ("4111-1111-1111-1111", "4111-1111-1111-1111", Kind.CARD),
    ("Mastercard 5555555555554444 expires", "5555555555554444", Kind.CARD),
    ("Mastercard 2223 0031 2200 3222", "2223 0031 2200 3222", Kind.CARD),
    ("Amex 378282246310005", "378282246310005", Kind.CARD),
    ("Amex 3782 822463 10005", "3782 822463 10005", Kind.CARD),
    ("Discover 6011 1111 1111 1117", "6011 1111 1111 1117", Kind.CARD),
    ("JCB 3530111333300000", "3530111333300000", Kind.CARD),
    ("Diners 3056 9309 0259 04", "3056 9309 0259 04", Kind.CARD),
    ("UnionPay 6200000000000005", "6200000000000005", Kind.CARD),
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_in_research_text_are_no_personal_data(text: str) -> None:
    assert [text[f.start : f.end] for f in find(text)] == []


@pytest.mark.parametrize(("text", "value", "kind"), PERSONAL)
def test_personal_data_is_found_whole_with_its_kind(text: str, value: str, kind: Kind) -> None:
    assert [(text[f.start : f.end], f.kind) for f in find(text)] == [(value, kind)]
    assert may_hold(text)
    assert value not in redact(text) and kind.placeholder in redact(text)


def test_a_card_number_that_fails_luhn_or_has_no_issuer_is_none() -> None:
    assert find("4111 1111 1111 1112") == []  # Luhn fails
    assert find("1234 5678 9012 3452") == []  # passes Luhn, no card issuer starts with 1


def test_redact_keeps_the_rest_of_the_text() -> None:
    text = "Write to jo@example.com, or call +44 20 7946 0958 after 38 tickets."
    assert redact(text) == "Write to [e-mail address], or call [phone number] after 38 tickets."
    assert (
        redact("Nothing here, 38 tickets, 2026-09-30.") == "Nothing here, 38 tickets, 2026-09-30."
    )


# --- the rule, through the pipeline ---------------------------------------------------

EVIDENCE = "{kind: interview, summary: s, source: s, date: 2026-10-01, stance: supports}"


def found(tmp_path: Path, text: str, **options: object) -> list[tuple[int, int, str]]:
    write_journey(tmp_path, "t.yml", text)
    report = check_folder(tmp_path, **options)
    return [
        (f.line or 0, f.column or 0, f.message)
        for f in report.findings
        if f.code == "personal-data"
    ]


def test_every_published_field_is_checked(tmp_path: Path) -> None:
    text = (
        "title: T jo@example.com\n"
        "persona: Owner, 07911 123456\n"
        "owner: team@example.com\n"
        "summary: Call 020 7946 0958\n"
        "tags: [a@example.com]\n"
        "stages:\n"
        "  - id: a\n"
        "    title: b@example.com\n"
        "    assumption: c@example.com\n"
        "    assumed_by: d@example.com\n"
        "    touchpoints: [e@example.com]\n"
        "    pain_points: [f@example.com]\n"
        "    opportunities: [g@example.com]\n"
        "    phase: h@example.com\n"
        "    evidence:\n"
        "      - kind: interview\n"
        "        summary: i@example.com\n"
        "        quote: j@example.com\n"
        "        source: k@example.com\n"
        "        url: https://notes.example.com/?who=l@example.com\n"
        "        date: 2026-10-01\n"
        "        stance: supports\n"
    )
    lines = [line for line, _, _ in found(tmp_path, text)]
    assert lines == [1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19, 20]


def test_the_message_names_the_kind_and_the_field_never_the_value(tmp_path: Path) -> None:
    text = (
        "title: T\nstages:\n  - id: a\n    title: A\n    assumption: x\n"
        f"    evidence: [{EVIDENCE.replace('summary: s', 'summary: Card 4111 1111 1111 1111')}]\n"
        "    pain_points: [Call +44 20 7946 0958]\n"
    )
    (_, _, card), (_, _, phone) = found(tmp_path, text)
    assert "the text of 'summary' holds a payment-card number" in card
    assert "an item of 'pain_points' holds a phone number" in phone
    assert "personal_data: false" in card
    for message in (card, phone):
        assert not any(part in message for part in ("4111", "7946", "0958"))


@pytest.mark.parametrize(
    ("yaml_text", "where"),
    [
        ("assumption: Write to jo@example.com now", [(4, 26)]),
        ("assumption: 'Write to jo@example.com now'", [(4, 27)]),
        ('assumption: "It\'s \\"jo@example.com\\" now"', [(4, 25)]),
        ("assumption: >\n      Write to me\n      at jo@example.com", [(6, 10)]),
        ("assumption: |\n      Write to me at\n      jo@example.com", [(6, 7)]),
        ("assumption: Call +44 20\n      7946 0958 now", [(4, 22)]),
        ("assumption: jo@example.com or jo@example.com", [(4, 17), (4, 35)]),
    ],
)
def test_points_at_the_value_however_the_text_is_written(
    tmp_path: Path, yaml_text: str, where: list[tuple[int, int]]
) -> None:
    text = (
        f"title: T\nstages:\n  - id: a\n    {yaml_text}\n    title: A\n    evidence: [{EVIDENCE}]\n"
    )
    assert [(line, column) for line, column, _ in found(tmp_path, text)] == where
    for line, column in where:
        assert text.splitlines()[line - 1][column - 1 :].startswith(("jo@", "+44"))


def test_a_value_an_alias_repeats_is_reported_where_it_is_written(tmp_path: Path) -> None:
    text = (
        "title: T\nstages:\n  - id: a\n    title: A\n    assumption: &who jo@example.com\n"
        f"    assumed_by: *who\n    evidence: [{EVIDENCE}]\n"
    )
    assert [(line, column) for line, column, _ in found(tmp_path, text)] == [(5, 22)]


def test_a_file_with_schema_errors_is_checked_all_the_same(tmp_path: Path) -> None:
    text = "title: T\nstages:\n  - id: a\n    title: Call jo@example.com\n"  # no assumption
    assert [(line, column) for line, column, _ in found(tmp_path, text)] == [(4, 17)]


def test_a_team_with_consent_turns_it_off(tmp_path: Path) -> None:
    text = f"title: jo@example.com\nstages:\n  - {{id: a, title: A, assumption: x, evidence: [{EVIDENCE}]}}\n"
    assert len(found(tmp_path, text)) == 1
    assert found(tmp_path, text, personal_data=False) == []
    # ... and reports still never repeat the value
    report = check_folder(tmp_path, personal_data=False)
    assert report.findings == []


def test_only_e_mail_addresses_count_in_links(tmp_path: Path) -> None:
    evidence = EVIDENCE.replace(
        "stance: supports",
        "stance: supports, url: 'https://x.example.com/4111111111111111/07911123456'",
    )
    text = f"title: T\nstages:\n  - {{id: a, title: A, assumption: x, evidence: [{evidence}]}}\n"
    assert found(tmp_path, text) == []
