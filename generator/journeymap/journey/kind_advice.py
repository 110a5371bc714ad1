"""Which evidence kind a customer measure or channel written as `kind` belongs to.

Teams write what they call their input (`nps`, `csat`, `tickets`, `zendesk`): those
are customer sources under another name, not internal opinions, so the error says
which kind to write and why, as a did-you-mean does for a typo.
"""

from __future__ import annotations

import re

#: (kinds to suggest, why they fit), shared by the names below.
_SCORE = (
    ("survey", "metric"),
    "a score customers give is customer input: 'survey' for the responses (their "
    "comments, the respondents as 'sample'), 'metric' for the score tracked over time",
)
_TICKETS = (("support-ticket",), "tickets and chats are what customers wrote to support")
_REVIEWS = (("review",), "reviews are customers' own public words about the product")
_CALLS = (
    ("sales-call", "interview"),
    "calls are conversations with customers: 'sales-call' when selling, 'interview' for research",
)
_WATCHING = (
    ("usability-test", "observation"),
    "recordings and tests show what customers did: 'usability-test' when they were given tasks, "
    "'observation' when they were watched as they went",
)
_NUMBERS = (("analytics",), "these are numbers about what customers did")
_ASKING = (("survey",), "questions put to customers are a survey")
_TALKING = (("interview",), "customers heard in their own words are an interview")

#: A customer measure or channel, as teams name it → the kinds it belongs to.
_MEASURES: dict[str, tuple[tuple[str, ...], str]] = {
    "nps": _SCORE,
    "net-promoter-score": _SCORE,
    "csat": _SCORE,
    "customer-satisfaction": _SCORE,
    "ces": _SCORE,
    "customer-effort-score": _SCORE,
    "satisfaction-score": _SCORE,
    "rating": _SCORE,
    "star-rating": _SCORE,
    "ticket": _TICKETS,
    "support": _TICKETS,
    "helpdesk": _TICKETS,
    "zendesk": _TICKETS,
    "freshdesk": _TICKETS,
    "intercom": _TICKETS,
    "chat": _TICKETS,
    "live-chat": _TICKETS,
    "contact-form": _TICKETS,
    "app-review": _REVIEWS,
    "app-store-review": _REVIEWS,
    "trustpilot": _REVIEWS,
    "g2": _REVIEWS,
    "call": _CALLS,
    "phone-call": _CALLS,
    "customer-call": _CALLS,
    "session-recording": _WATCHING,
    "recording": _WATCHING,
    "user-test": _WATCHING,
    "user-testing": _WATCHING,
    "field-study": _WATCHING,
    "diary-study": _WATCHING,
    "shadowing": _WATCHING,
    "contextual-inquiry": _WATCHING,
    "heatmap": _NUMBERS,
    "funnel": _NUMBERS,
    "ab-test": _NUMBERS,
    "a-b-test": _NUMBERS,
    "experiment": _NUMBERS,
    "clickstream": _NUMBERS,
    "questionnaire": _ASKING,
    "poll": _ASKING,
    "feedback-form": _ASKING,
    "focus-group": _TALKING,
    "customer-interview": _TALKING,
    "user-interview": _TALKING,
}


def customer_kind(written: str) -> tuple[tuple[str, ...], str] | None:
    """The kinds a customer measure or channel written as `kind` belongs to, and why;
    None when `written` names no customer source journeymap knows under another name.
    Case, spaces, underscores and a plural `s` do not matter (`NPS`, `Tickets`)."""
    name = re.sub(r"[\s_]+", "-", written.strip().lower())
    for candidate in (name, name[:-1] if name.endswith("s") else name):
        if candidate in _MEASURES:
            return _MEASURES[candidate]
    return None
