"""Generate a synthetic journey portfolio for benchmarks: deterministic, realistic, valid.

    python bench/generate.py --journeys 1000 --out /tmp/portfolio

writes `<out>/journeys/*.yml` (20 stages x 5 evidence items each, about 56 KB per
file), `<out>/mkdocs.yml` (Material, search, the journeymap plugin) and an empty
`<out>/docs/`. The same seed gives the same files; dates are relative to `--today`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

KINDS = [
    "interview", "survey", "support-ticket", "complaint", "review", "usability-test",
    "observation", "sales-call", "social", "analytics", "metric",
]  # fmt: skip
# Per stage: most evidence agrees with the team, some stages are contradicted or contested.
STANCE_PROFILES = (
    [["supports"]] * 14 + [["contradicts"]] * 3 + [["supports", "contradicts", "mixed"]] * 3
)
SENTIMENTS = ["positive", "neutral", "negative"]
TEAMS = ["Billing", "Growth", "Customer care", "Onboarding", "Payments", "Logistics", "Mobile"]
DOMAINS = ["billing", "onboarding", "support", "delivery", "renewal", "returns", "payments"]
PERSONAS = [
    "Small-business owner", "Team lead on a trial", "Home broadband customer",
    "Online shopper returning a parcel", "Finance manager at a mid-size company",
    "First-time mobile user", "Long-time customer renewing a contract",
]  # fmt: skip
VERBS = ["find", "open", "compare", "confirm", "pay", "track", "cancel", "renew", "upload", "ask"]
OBJECTS = [
    "the invoice", "the contract", "the delivery slot", "the password reset", "the plan",
    "the refund", "the support number", "the welcome email", "the account settings", "a receipt",
]  # fmt: skip
_PROSE = (
    "customers said they expected the page to explain the next step more clearly and several "
    "participants compared the experience with other services they use every week while a few "
    "mentioned that the wording felt internal and that they had to ask a colleague before "
    "continuing the task most respondents completed it without help but some abandoned after "
    "the second attempt because the confirmation did not arrive in time or looked like spam"
)
WORDS = _PROSE.split()


def sentence(rng: random.Random, low: int = 12, high: int = 30) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def evidence(rng: random.Random, today: dt.date, index: int, stances: list[str]) -> list[str]:
    kind = KINDS[(index + rng.randrange(len(KINDS))) % len(KINDS)]
    date = today - dt.timedelta(days=rng.randint(5, 330))
    lines = [
        f"      - kind: {kind}",
        f"        summary: {json.dumps(sentence(rng, 25, 45))}",
        f"        source: {json.dumps(f'Research log {rng.randint(100, 999)}, notes {index + 1}')}",
        f"        date: {date.isoformat()}",
        f"        stance: {rng.choice(stances)}",
        f"        sentiment: {rng.choice(SENTIMENTS)}",
        f"        sample: {rng.randint(1, 400)}",
    ]
    if rng.random() < 0.6:
        lines.append(f"        quote: {json.dumps(sentence(rng, 10, 25))}")
    if rng.random() < 0.4:
        lines.append(f"        url: https://research.example.com/{rng.randint(1000, 9999)}")
    return lines


def journey(rng: random.Random, number: int, today: dt.date, stages: int, items: int) -> str:
    domain = DOMAINS[number % len(DOMAINS)]
    lines = [
        "# yaml-language-server: $schema=../journey.schema.json",
        f"title: {domain.capitalize()} journey {number}",
        f"persona: {rng.choice(PERSONAS)}",
        f"owner: {rng.choice(TEAMS)} team",
        f"summary: {json.dumps(sentence(rng, 30, 60))}",
        f"tags: [{domain}, portfolio-{number % 10}]",
        "stages:",
    ]
    for s in range(stages):
        verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
        lines += [
            f"  - id: step-{s + 1}",
            f"    title: {json.dumps(f'{verb.capitalize()} {obj}')}",
            f"    assumption: {json.dumps(sentence(rng, 20, 40))}",
            f"    assumed_by: {rng.choice(TEAMS)} team",
            f"    touchpoints: [{rng.choice(['email', 'website', 'phone', 'app'])}, chat]",
            f"    emotion: {rng.randint(-2, 2)}",
            f"    pain_points: [{json.dumps(sentence(rng, 4, 8))}]",
            f"    opportunities: [{json.dumps(sentence(rng, 4, 8))}]",
        ]
        if s + 2 < stages and rng.random() < 0.15:
            lines.append(f"    next: [step-{s + 2}, step-{s + 3}]")
        if rng.random() < 0.05:  # some stages go ahead on a waiver instead
            until = today + dt.timedelta(days=rng.randint(30, 200))
            lines += [
                "    waiver:",
                f"      reason: {json.dumps(sentence(rng, 10, 20))}",
                f"      approved_by: Head of {rng.choice(TEAMS)}",
                f"      until: {until.isoformat()}",
            ]
            continue
        lines.append("    evidence:")
        stances = rng.choice(STANCE_PROFILES)
        for e in range(items):
            lines += evidence(rng, today, e, stances)
    return "\n".join(lines) + "\n"


MKDOCS_YML = """\
site_name: Benchmark portfolio
theme:
  name: material
plugins:
  - search
  - journeymap:
      journeys: journeys
"""


def generate(
    out: Path, journeys: int, seed: int = 7, today: dt.date | None = None,
    stages: int = 20, items: int = 5,
) -> Path:  # fmt: skip
    """Write the portfolio into `out` and return it."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    folder = out / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(exist_ok=True)
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for number in range(1, journeys + 1):
        name = f"{DOMAINS[number % len(DOMAINS)]}-{number:04d}.yml"
        (folder / name).write_text(journey(rng, number, today, stages, items), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=100, help="how many (10, 100, 1000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stages", type=int, default=20)
    parser.add_argument("--evidence", type=int, default=5, help="evidence items per stage")
    args = parser.parse_args()
    generate(args.out, args.journeys, args.seed, stages=args.stages, items=args.evidence)
    size = sum(p.stat().st_size for p in (args.out / "journeys").glob("*.yml"))
    print(f"wrote {args.journeys} journeys ({size / 1e6:.1f} MB) to {args.out / 'journeys'}")


if __name__ == "__main__":
    main()
