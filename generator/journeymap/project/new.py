"""`journeymap new ID`: a commented journey skeleton that says what to fill in.

Validated as it is written, the skeleton has exactly one error, `unvalidated-stage`:
the stage holds an assumption and no customer evidence yet, which is the point.
"""

from __future__ import annotations

import os
from pathlib import Path

from journeymap import HOME_URL
from journeymap.errors import UsageError
from journeymap.journey.model import is_slug
from journeymap.journey.schema import SCHEMA_FILE
from journeymap.paths import looping_link

_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A customer journey.{reference}
# Put text in quotes when it holds " #" ("notes #3"): YAML drops the rest
# as a comment.
---
title: {title}
# The id is the file's name; written out, it must be the same:
# id: {journey_id}
# persona: Who travels this journey
# owner: The team accountable for it
# summary: One paragraph on where the journey starts and ends.
# tags: [example]
stages:
  - id: first-step
    title: First step
    # What the team believes happens here, or what customers want here:
    assumption: Customers find what they need on the first try.
    # assumed_by: Product team
    # Consecutive stages that share a phase are drawn as one group:
    # phase: Discover
    # touchpoints: [website]
    # Talk to customers, then write down what they said or did. Kinds:
    # interview, survey, support-ticket, complaint, review, usability-test,
    # observation, sales-call, social, analytics, metric.
    # evidence:
    #   - kind: interview
    #     summary: What customers said or did.
    #     source: Where anyone can find it again (notes, ticket, report).
    #     date: YYYY-MM-DD
    #     stance: supports        # supports | contradicts | mixed
    #     quote: "The customer's own words."
    #     url: https://research.example.com/notes
    #     sample: 5
    #     sentiment: negative     # positive | neutral | negative
    #     segment: smb            # a segment declared in the options
    #   # Or cite a study in research/ (kind, source, date carry over):
    #   - study: onboarding-interviews
    #     summary: What customers said or did.
    #     stance: supports
    # Or, to go ahead without customer input for now, a dated decision:
    # waiver:
    #   reason: Why the team goes ahead without customer input here.
    #   approved_by: Who decided
    #   until: YYYY-MM-DD
    # emotion: 0               # -2 (very negative) to 2 (very positive)
    # pain_points: []
    # opportunities: []
    # next: [another-stage]    # default: the following stage
"""


class SkeletonError(UsageError):
    """The skeleton cannot be written; the message is a sentence for the user."""


def skeleton_text(journey_id: str, folder: Path, config_dir: Path) -> str:
    """The skeleton for `journey_id`, its modeline pointing at the repository's schema."""
    schema = Path(os.path.relpath(config_dir / SCHEMA_FILE, folder)).as_posix()
    title = journey_id.replace("-", " ").capitalize()
    reference = f"\n# Reference: {HOME_URL}" if HOME_URL else ""
    return _TEMPLATE.format(schema=schema, title=title, reference=reference, journey_id=journey_id)


def write_skeleton(journey_id: str, folder: Path, config_dir: Path) -> Path:
    """Write `<folder>/<journey_id>.yml`; never overwrite (either suffix)."""
    if not is_slug(journey_id):
        raise SkeletonError(
            f"{journey_id!r} is not a valid journey id: use lowercase letters, digits and "
            "hyphens, starting with a letter or digit (e.g. first-invoice)"
        )
    for suffix in (".yml", ".yaml"):
        existing = folder / f"{journey_id}{suffix}"
        if existing.exists():
            raise SkeletonError(f"{existing} already exists; choose another id")
    target = folder / f"{journey_id}.yml"
    looping = looping_link(folder)
    if looping is not None:
        raise SkeletonError(
            f"cannot write {target}: {looping} is a symbolic link that loops back on itself; "
            "point it at a folder, or remove it"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(skeleton_text(journey_id, folder, config_dir))
    except OSError as error:
        raise SkeletonError(f"cannot write {target}: {error.strerror}") from None
    return target
