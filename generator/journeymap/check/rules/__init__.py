"""The finding codes: one check per function, its documentation as its docstring.

`RULES` holds every code's severity, summary and documentation (the README table,
the SARIF rule descriptions and `journeymap validate --help` come from it);
`checks(scope)` gives the functions the pipeline runs for each scope.
"""

from __future__ import annotations

from journeymap.check.rules import baseline, journey, portfolio, reading, research, stage, words
from journeymap.check.rules.context import (
    FileContext,
    JourneyContext,
    JourneyRecord,
    PortfolioContext,
    Research,
    ResearchContext,
    StageContext,
    StageEntry,
    StudyRecord,
)
from journeymap.check.rules.registry import RULES, Check, Issue, Loc, RuleDoc, Scope, checks, rule

__all__ = [
    "RULES",
    "Check",
    "FileContext",
    "Issue",
    "JourneyContext",
    "JourneyRecord",
    "Loc",
    "PortfolioContext",
    "Research",
    "ResearchContext",
    "RuleDoc",
    "Scope",
    "StageContext",
    "StageEntry",
    "StudyRecord",
    "baseline",
    "checks",
    "journey",
    "portfolio",
    "reading",
    "research",
    "rule",
    "stage",
    "words",
]
