"""What a page says about customer evidence: its age in words, its link, the item as the
templates show it (`EvidenceView`), and the items counted by stance.

Shared by every page that shows evidence (the journey page, the research backlog).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from journeymap.journey.model import Evidence
from journeymap.journey.status import is_fresh
from journeymap.site import figures
from journeymap.site.context import EvidenceView, Tally
from journeymap.site.labels import kind_label, stance_words


def age_text(days: int) -> str:
    """How long ago, in words: "today", "3 days ago", "14 months ago"."""
    if days <= 0:
        return "today"
    if days == 1:
        return "1 day ago"
    if days < 60:
        return f"{days} days ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def http_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None (the model checks too: this is belt and braces)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def evidence_view(evidence: Evidence, today: dt.date, max_age: int) -> EvidenceView:
    """One evidence item as the templates show it."""
    return EvidenceView(
        kind=evidence.kind,
        kind_label=kind_label(evidence.kind),
        summary=evidence.summary,
        source=evidence.source,
        date=evidence.date.isoformat(),
        age=age_text((today - evidence.date).days),
        fresh=is_fresh(evidence.date, today, max_age),
        stance=evidence.stance,
        sentiment=evidence.sentiment,
        sample=evidence.sample,
        quote=evidence.quote,
        url=http_url(evidence.url),
        is_number=evidence.is_number,
        is_complaint=figures.is_complaint(evidence),
    )


def stances(evidence: Iterable[Evidence]) -> list[Tally]:
    """The items counted by stance (supports, contradicts, mixed; non-zero only), each
    count with its verb ("1 contradicts", "2 support")."""
    counts = Counter(item.stance for item in evidence)
    return [
        Tally(stance, stance_words(stance, counts[stance]), counts[stance])
        for stance in ("supports", "contradicts", "mixed")
        if counts[stance]
    ]
