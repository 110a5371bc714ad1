"""File checks on the words a journey publishes: personal data, and the team's jargon.

`personal_data_in` is the detector over any file's published text (a journey's, a
study's): give it the loaded document and the model of its root (`Journey`, a study's
model), and it says what it found, of which kind, and where it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from journeymap.check.findings import Severity
from journeymap.check.rules.context import FileContext
from journeymap.check.rules.registry import Issue, Scope, rule
from journeymap.journey.loader import Document, Loc
from journeymap.journey.positions import Position
from journeymap.journey.texts import field_phrase, text_values
from journeymap.personal_data import Kind, find, may_hold

__all__ = ["PersonalData", "insider_jargon", "personal_data", "personal_data_in"]


@dataclass(frozen=True, slots=True)
class PersonalData:
    """One piece of personal data in a file: its kind, the value it is in, where it starts."""

    kind: Kind
    loc: Loc
    position: Position


def personal_data_in(document: Document, model: type[BaseModel]) -> Iterator[PersonalData]:
    """Each e-mail address, phone number and card number in the text values of a document
    whose root `model` describes, with where it starts in the file. Links are searched for
    e-mail addresses only (their digits are ids and dates, not phone numbers)."""
    if not may_hold(document.text):  # one quick look at the whole file first
        return
    for value in text_values(document, model):
        for found in find(value.value):
            if value.url and found.kind is not Kind.EMAIL:
                continue
            where = value.position(document, found.start, found.end)
            yield PersonalData(found.kind, value.loc, where)


def personal_data_message(found: PersonalData) -> str:
    """The finding's message: the kind and the field, never the value."""
    noun = found.kind.value.split(" ", 1)[1]
    return (
        f"{field_phrase(found.loc)} holds {found.kind.value}: the site shows it to everyone "
        "who can read it, and its search finds it; remove it, or write what it stands for "
        f'("the customer\'s {noun}"). If the person it belongs to agreed to it being '
        "shown, set `personal_data: false` in the journeymap options"
    )


@rule(
    "personal-data",
    Severity.WARNING,
    "text that will be published holds an e-mail address, a phone number or a payment-card "
    "number; points at it, and the message names the kind, never the value",
    scope=Scope.FILE,
)
def personal_data(ctx: FileContext) -> Iterator[Issue]:
    """Published text holds what identifies a person: an e-mail address, a phone number,
    a payment-card number (one that passes the Luhn check).

    Customers read out their contact details in interviews and tickets, and a quote
    copied from the notes carries them onto a site the whole company reads. Points at
    the value; the message names its kind, and no output of journeymap repeats it.
    Fails: `quote: "Just write to me at sam@example.org"`, `summary: Called back on
    +1 415 555 2671`. Passes: counts, percentages, dates, prices, versions and
    numbers named as ids (`38 tickets`, `n = 412`, `CSAT 4.2`, `ticket 4821397`).
    Fix: remove it, or write what it stands for ("the customer's e-mail address").
    A team whose participants agreed to their details being shown sets
    `personal_data: false`.
    """
    document = ctx.document
    if document is None or not ctx.options.personal_data:
        return
    for found in personal_data_in(document, ctx.model):
        yield Issue(personal_data_message(found), loc=found.loc, at=found.position)


#: Where insider words reach customers' eyes as the map's own words (not assumptions,
#: the team's own voice, nor quotes, the customers').
_JARGON_FIELDS = frozenset({"title", "touchpoints", "pain_points", "opportunities"})


@rule(
    "insider-jargon",
    Severity.WARNING,
    "a stage's `title`, a touchpoint, pain point or opportunity uses a term of the "
    "configured `jargon` list (whole words, any case); points at the term",
    scope=Scope.FILE,
)
def insider_jargon(ctx: FileContext) -> Iterator[Issue]:
    """A stage is named or described in the team's own words, which customers do not use.

    The terms are the `jargon` option's list (internal product names, policy words,
    abbreviations). A term matches as a whole word in any case (`KYC` matches "kyc
    portal", not "KYCs"); a term of several words matches as that phrase, whatever the
    spaces or line breaks between them. Checked in a stage's `title`, `touchpoints`,
    `pain_points` and `opportunities`; not in assumptions (the team's own voice) nor in
    evidence (customers' words). Points at the term. Fails, with `jargon: [KYC,
    dunning]`: `title: Dunning reminder`, `touchpoints: [KYC portal]`. Fix: write it as
    customers would say it ("Payment reminder", "identity check").
    """
    document = ctx.document
    if document is None or not ctx.options.jargon:
        return
    pattern = _pattern(ctx.options.jargon)
    if pattern.search(document.text) is None:
        return
    for value in text_values(document, ctx.model):
        if not _checked(value.loc):
            continue
        for match in pattern.finditer(value.value):
            yield Issue(
                f"{match.group()!r} in {field_phrase(value.loc)} is on the team's jargon "
                "list: customers do not say it, so the map reads as the team talking to "
                "itself and hides where customers get lost; write it as customers would "
                "say it (their words in interviews, tickets and reviews)",
                loc=value.loc,
                at=value.position(document, match.start(), match.end()),
            )


def _checked(loc: Loc) -> bool:
    """Whether `loc` is a stage's title, or an item of its touchpoints, pain points or
    opportunities."""
    if len(loc) < 3 or loc[0] != "stages" or loc[2] not in _JARGON_FIELDS:
        return False
    return len(loc) == (3 if loc[2] == "title" else 4)


@cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every term, longest first (so "dunning letter" wins over "dunning")."""
    phrases = [
        r"\s+".join(re.escape(word) for word in term.split())
        for term in sorted(terms, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)", re.IGNORECASE)
