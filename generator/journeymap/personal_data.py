"""Personal data in text: e-mail addresses, phone numbers and payment-card numbers.

`find(text)` says where each one is and of which kind; `redact(text)` writes the kind in
its place ("[e-mail address]"). The `personal-data` rule finds them in what a journey
publishes; every report journeymap prints (finding messages, diff summaries) goes
through `redact`, so no output of journeymap repeats a value it warns about.

What counts, and what is left alone so that research text raises no false alarm:

- An e-mail address: `name@domain.tld`, also written `name [at] domain [dot] tld` or
  `name(at)domain.tld`, and spoken out in a transcript (`jo dot bloggs at example dot
  com`) after a word such as "e-mail", "write" or "contact".
- A phone number, as Google's libphonenumber (`phonenumbers`) recognises and validates
  it: with a country code (`+44 20 7946 0958`, `0044 …`) in every country, and without
  one in the forms that can only be a phone number in the countries of `REGIONS`: a
  trunk prefix (`020 7946 0958`, `06 12 34 56 78`), an area code in brackets
  (`(415) 555-2671`), the North American 3-3-4 grouping (`415-555-2671`), or any valid
  number after a word such as "call", "phone", "mobile" or "tel". A company's toll-free,
  shared-cost or premium line (`0800 …`) is no person's. Counts, percentages, dates,
  times, prices, versions, years, ranges, IP addresses and numbers named as an
  identifier (`ticket 4821397`, `order 123-456-789`, `INV-2026-000123`) are not phone
  numbers.
- A payment-card number: 13 to 19 digits (in groups of spaces or hyphens, or none) that
  start as a card issuer's numbers do (Visa, Mastercard, American Express, Discover,
  JCB, Diners Club, UnionPay, Maestro) and pass the Luhn check.

`phonenumbers` is imported only when a text holds a run of digits that could be a phone
number, so that checking files without any costs nothing at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

__all__ = ["REGIONS", "Found", "Kind", "find", "may_hold", "redact"]


class Kind(Enum):
    """A kind of personal data, with how a message names it."""

    EMAIL = "an e-mail address"
    PHONE = "a phone number"
    CARD = "a payment-card number"

    @property
    def placeholder(self) -> str:
        """What a report writes in the value's place: "[e-mail address]"."""
        return "[" + self.value.split(" ", 1)[1] + "]"


@dataclass(frozen=True, slots=True)
class Found:
    """One piece of personal data: `text[start:end]` is it."""

    start: int
    end: int
    kind: Kind


#: Countries whose numbers are recognised without a country code (libphonenumber's
#: region codes; US stands for the whole North American plan, Canada included).
REGIONS = (
    "US", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "ES", "IT", "PT", "SE", "NO",
    "DK", "FI", "PL", "AU", "NZ", "IN", "JP", "BR", "MX", "ZA",
)  # fmt: skip

# --- e-mail addresses ------------------------------------------------------------------

_LOCAL = r"[^\W_](?:[\w.%+'-]*[^\W_])?"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_TLD = r"[^\W\d_]{2,24}"
# Patterns only `find` uses are compiled on first use (`re` keeps them): importing this
# module, which every command does, stays cheap.
_EMAIL = rf"(?<![\w.%+@-]){_LOCAL}@{_LABEL}(?:\.{_LABEL})*\.{_TLD}(?![\w-])"
_AT = r"\s?[\[({] ?at ?[\])}]\s?"
_DOT = r"(?:\.|\s?[\[({]\s?dot\s?[\])}]\s?)"
_BRACKETED = rf"(?<![\w.%+-]){_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_TLD}(?![\w-])"
_COMMON_TLDS = (
    "com|org|net|edu|gov|io|co|info|biz|me|uk|de|fr|nl|es|it|ie|pt|be|ch|at|se|no|dk|fi|"
    "pl|au|nz|ca|us|in|jp|br|mx|za|eu"
)
_WORD = r"[^\W_][\w-]*"
_SPOKEN = (
    rf"\b(?:e-?mail|mail|write|wrote|contact|reach|address)\b[^.!?\n]{{0,40}}?\b"
    rf"(?P<address>{_WORD}(?:\s+dot\s+{_WORD})*\s+at\s+{_WORD}(?:\s+dot\s+{_WORD})*"
    rf"\s+dot\s+(?:{_COMMON_TLDS}))\b"
)

# --- digits: candidates, dates and the like ----------------------------------------------

# A run of at least 7 digits, with the separators phone and card numbers are written with
# (a leading `+` or `(` is looked at before it). ASCII digits: a pattern that starts
# with one is scanned for at C speed, and a journey file holds thousands of digits.
_DIGIT_RUN = re.compile(r"[0-9](?:[ \u00a0\t.\-/()]{0,2}[0-9]){6,}")
# In the runs of a whole file, one per line: one that is not an ISO date.
_NOT_ISO_DATE = re.compile(r"^(?![0-9]{4}-[0-9]{2}-[0-9]{2}$).", re.MULTILINE)
_DATE = re.compile(
    r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"
    r"|\d{4}\s?[-\u2013/]\s?\d{4}"  # 2019-2024, a range of years
)
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_THOUSANDS = r"\d{1,3}(?:([,.\u00a0 ])\d{3})(?:\1\d{3})*"
_NANP = re.compile(r"\(?\d{3}\)?([-. ])\d{3}\1\d{4}|\(\d{3}\) ?\d{3}[-. ]\d{4}")

# The words just before a number that say what it is. A number named as an identifier is
# none of a person's; a number after "call" or "mobile" is a phone number in any form.


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ID_WORDS = _set(
    "ticket tickets case cases order orders invoice inv ref reference id account acct page "
    "pages isbn sku version v build release room po serial queue incident inc tracking "
    "parcel batch job issue pr bug item items code pin zip postcode iban bic swift "
    "transaction txn receipt policy contract customer member membership"
)
_PHONE_WORDS = _set(
    "call called calling phone phoned phones telephone tel mobile cell cellphone ring rang "
    "text texted sms whatsapp fax landline dial dialled dialed reach contact hotline"
)
_NEUTRAL_WORDS = _set("number numbers no nr num is was on at the me to of a")
_OWNERS = _set("my your his her their our")
_WORD_BEFORE = re.compile(r"[^\W\d_][\w-]*|#", re.UNICODE)
# No phone number leaves out these number types: they are companies' lines.
_BUSINESS_TYPES = ("TOLL_FREE", "PREMIUM_RATE", "SHARED_COST", "UAN")


def may_hold(text: str) -> bool:
    """Whether `text` may hold personal data at all: a quick test, no false negatives."""
    if "@" in text:
        return True
    lowered = text.lower()  # C-speed tests first; the patterns only where they may match
    if _BRACKETED_HINT.search(lowered):
        return True
    if "dot" in lowered and _SPOKEN_HINT.search(lowered):
        return True
    runs = _DIGIT_RUN.findall(text)
    if not runs or _NOT_ISO_DATE.search("\n".join(runs)) is None:
        return False  # no run of digits, or only the dates a journey file is full of
    return any(_worth_a_look(text, match) for match in _DIGIT_RUN.finditer(text))


# (searched for in the text in lower case: faster than with IGNORECASE)
_BRACKETED_HINT = re.compile(r"[\[({] ?at ?[\])}]")
_SPOKEN_HINT = re.compile(r"\sdot\s")  # "jo at example dot com"


def _worth_a_look(text: str, match: re.Match[str]) -> bool:
    """Whether a run of digits could hold a phone or card number: it is no date or IP
    address, and is long enough for a card, or holds the start of a number that
    `_reads_as_phone` could accept (a `+`, a bracket, a group that starts with 0, the
    3-3-4 grouping, or a word such as "call" before it). Only then is libphonenumber asked."""
    run = match.group()
    if _DATE.fullmatch(run) or _IP.fullmatch(run):
        return False
    before = text[match.start() - 1 : match.start()] if match.start() else ""
    if before in ("+", "(") or "(" in run or sum(char.isdigit() for char in run) >= 13:
        return True
    if _GROUP_OF_0.search(run) or _NANP.search(run):
        return True
    return _cue(text, match.start()) == "phone"


_GROUP_OF_0 = re.compile(r"(?<!\d)0")


def find(text: str) -> list[Found]:
    """Every e-mail address, phone number and payment-card number in `text`, in order."""
    if not may_hold(text):
        return []
    found: list[Found] = []
    for pattern, flags in ((_EMAIL, 0), (_BRACKETED, re.IGNORECASE)):
        found += [Found(m.start(), m.end(), Kind.EMAIL) for m in re.finditer(pattern, text, flags)]
    for match in re.finditer(_SPOKEN, text, re.IGNORECASE):
        found.append(Found(match.start("address"), match.end("address"), Kind.EMAIL))
    runs = [m for m in _DIGIT_RUN.finditer(text) if _worth_a_look(text, m)]
    found += _cards(text, runs)
    if runs:
        found += _phones(text, found)
    return _without_overlaps(found)


def redact(text: str) -> str:
    """`text` with each piece of personal data replaced by its kind: "[phone number]"."""
    hits = find(text)
    if not hits:
        return text
    parts: list[str] = []
    at = 0
    for hit in hits:
        parts += [text[at : hit.start], hit.kind.placeholder]
        at = hit.end
    parts.append(text[at:])
    return "".join(parts)


def _without_overlaps(found: list[Found]) -> list[Found]:
    """In text order; of two that overlap, the one found first (e-mail, card, phone)."""
    kept: list[Found] = []
    for hit in found:
        if not any(hit.start < other.end and other.start < hit.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda hit: hit.start)


# --- payment cards -----------------------------------------------------------------------

_CARD = r"(?<![\w.,/+-])\d(?:[ -]?\d){12,18}(?![\w]|[.,/-]\d)"
# Issuer prefixes (first digits, inclusive ranges) of the card schemes in use.
_ISSUERS = (
    ("4", "4"),  # Visa
    ("51", "55"),
    ("2221", "2720"),  # Mastercard
    ("34", "34"),
    ("37", "37"),  # American Express
    ("6011", "6011"),
    ("644", "649"),
    ("65", "65"),  # Discover
    ("3528", "3589"),  # JCB
    ("300", "305"),
    ("36", "36"),
    ("38", "39"),  # Diners Club
    ("62", "62"),  # UnionPay
    ("50", "50"),
    ("56", "69"),  # Maestro
)


def _cards(text: str, runs: list[re.Match[str]]) -> list[Found]:
    if not any(len(re.sub(r"\D", "", m.group())) >= 13 for m in runs):
        return []
    found = []
    for match in re.finditer(_CARD, text):
        number = match.group()
        digits = re.sub(r"\D", "", number)
        if not (_separators_even(number) and _issued(digits) and _luhn(digits)):
            continue
        if digits == number and _cue(text, match.start()) == "id":
            continue  # `order 4111111111111111`: an identifier that happens to pass
        found.append(Found(match.start(), match.end(), Kind.CARD))
    return found


def _separators_even(number: str) -> bool:
    """One kind of separator at most (`4111 1111-1111 1111` is no card number)."""
    return not (" " in number and "-" in number)


def _issued(digits: str) -> bool:
    return any(low <= digits[: len(low)] <= high for low, high in _ISSUERS)


def _luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


# --- phone numbers -----------------------------------------------------------------------


def _phones(text: str, taken: list[Found]) -> list[Found]:
    """The phone numbers libphonenumber finds, for each region, that read as one here."""
    phonenumbers = _library()
    spans: dict[tuple[int, int], Any] = {}
    for region in REGIONS:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
        for match in matcher:
            span = (match.start, match.end)
            if span not in spans and not _inside(span, taken):
                spans[span] = match.number
    found = []
    for (start, end), number in sorted(spans.items()):
        if _reads_as_phone(text, start, end) and not _business_line(phonenumbers, number):
            found.append(Found(start, end, Kind.PHONE))
    return found


@cache
def _library() -> Any:
    import phonenumbers

    return phonenumbers


def _inside(span: tuple[int, int], taken: list[Found]) -> bool:
    return any(span[0] < hit.end and hit.start < span[1] for hit in taken)


def _business_line(phonenumbers: Any, number: Any) -> bool:
    kind = phonenumbers.number_type(number)
    return any(kind == getattr(phonenumbers.PhoneNumberType, name) for name in _BUSINESS_TYPES)


def _reads_as_phone(text: str, start: int, end: int) -> bool:
    """Whether the number at `text[start:end]` is written as a phone number is, there."""
    raw = text[start:end]
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2]
    glued = bool(before) and (before.isalnum() or before in "-_#/@.,£$€¥")
    if glued or after[:1] in ("%", "‰"):
        return False  # part of a code, an amount or a share (INV-2026-000123, #4821397)
    if after[:1].isalnum() or re.match(r"[.,:/-]\d", after):
        return False
    if _DATE.fullmatch(raw.strip("()")) or _IP.fullmatch(raw) or re.fullmatch(_THOUSANDS, raw):
        return False  # a date, an IP address, a count (1,234,567 or 12 345 678)
    cue = _cue(text, start)
    if raw.startswith("+") or (raw.startswith("00") and cue != "id"):
        return True  # a country code
    if cue is not None:
        return cue == "phone"
    digits = re.sub(r"\D", "", raw)
    if len(digits) == len(raw):
        return False  # a bare run of digits, without a word that calls it a phone number
    return raw.startswith(("0", "(")) or _NANP.fullmatch(raw) is not None


def _cue(text: str, start: int) -> str | None:
    """ "id" or "phone" when one of the three words before the number says what it is
    ("ticket", "call"; "my number" is a phone number, "order number" an identifier)."""
    words = _WORD_BEFORE.findall(text[max(0, start - 40) : start])
    numbered = False
    for word in reversed(words[-3:]):
        lower = word.lower()
        if lower in _PHONE_WORDS or (numbered and lower in _OWNERS):
            return "phone"
        if lower in _ID_WORDS or lower == "#":
            return "id"
        if lower not in _NEUTRAL_WORDS:
            return None
        numbered = numbered or lower in ("number", "no", "nr", "num")
    return None
