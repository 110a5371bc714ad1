"""The journeys several diff tests start from: billing (four stages: contested,
unvalidated, waived, confirmed), support (one contested stage), returns (one confirmed
stage), and the pull request's edit of billing. Dated from the real today, as
`journeymap` checks them."""

from __future__ import annotations

from git_helpers import BILLING_STAGES, LATER, LATER_STILL, RECENT

BILLING = (
    "\ntitle: First invoice\nowner: Billing team\nstages:"
    + BILLING_STAGES
    + f"""  - id: remind
    title: Payment reminder
    assumption: A reminder after 14 days is enough.
    waiver:
      reason: Reminder timing is set by contract.
      approved_by: Head of CX
      until: {LATER}
  - id: archive
    title: Archive the invoice
    assumption: Customers download a copy.
    evidence:
      - kind: survey
        summary: Most respondents keep a copy.
        source: Survey 12
        date: {RECENT}
        stance: supports
"""
)

SUPPORT = f"""
title: Contact support
stages:
  - id: call
    title: Call the helpline
    assumption: Customers find the number.
    evidence:
      - kind: complaint
        summary: Some could not find the number, others called at once.
        source: Complaints log
        date: {RECENT}
        stance: mixed
"""

RETURNS = f"""
title: Return a parcel
stages:
  - id: label
    title: Print the label
    assumption: Customers can print at home.
    evidence:
      - kind: usability-test
        summary: Five of five printed the label.
        source: Lab session 4
        date: {RECENT}
        stance: supports
"""


def billing_after() -> str:
    """The pull request's billing.yml: the contradicting ticket deleted, `pay` researched,
    the reminder's waiver extended by someone else, a new stage without evidence."""
    text = BILLING.replace(
        f"""      - kind: support-ticket
        summary: 38 tickets asked whether the invoice email was phishing.
        source: Helpdesk tag invoice-phishing
        date: {RECENT}
        stance: contradicts
""",
        "",
    )
    text = text.replace(
        """    assumption: The invoice layout is clear.
""",
        f"""    assumption: The invoice layout is clear.
    evidence:
      - kind: interview
        summary: All six owners found the amount and the due date.
        source: Billing interviews, notes 5
        date: {RECENT}
        stance: supports
""",
    )
    text = text.replace(
        f"""      approved_by: Head of CX
      until: {LATER}""",
        f"""      approved_by: VP Customer
      until: {LATER_STILL}""",
    )
    return (
        text
        + """  - id: refund
    title: Ask for a refund
    assumption: Customers rarely ask for refunds.
"""
    )
