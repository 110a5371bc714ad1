"""The rule registry: every finding code, its documentation, and the checks that emit it.

A check is a function registered with `@rule(code, …, scope=…)`; its docstring is
the code's documentation (README table, SARIF rule help, `validate --help`). The
pipeline (`journeymap.check.pipeline`) runs the checks of each scope in registration
order and stamps every issue a check yields with the check's code and the
code's severity: a check never names a code or a severity itself, and no code
exists outside this registry.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from journeymap.check.findings import Severity
from journeymap.journey.positions import Position

Loc = tuple[str | int, ...]


class Scope(Enum):
    """What a check looks at. The pipeline runs file, journey, stage and portfolio checks
    in that order, and the baseline's last, over the whole report; codes of one severity
    are listed in this order."""

    BASELINE = "baseline"  # the baseline's known gaps against the findings (`check.baseline`)
    FILE = "file"  # one file as read: its name, its text, its YAML, its schema
    JOURNEY = "journey"  # the stages of one journey together
    STAGE = "stage"  # one stage that is valid on its own
    PORTFOLIO = "portfolio"  # every journey of the folder at once
    RESEARCH = "research"  # every study of the research folder, with what cites each


@dataclass(frozen=True, slots=True)
class Issue:
    """What a check found, before the pipeline gives it a code, a severity and a position.

    Where it is: `at` (an exact position), else `whole_file` (no line: the file as a
    whole), else `loc` (a path of keys and indices in the document; the key itself
    with `at_key`). `stage` defaults to the stage `loc` runs through.
    """

    message: str
    loc: Loc = ()
    stage: str | None = None
    at_key: bool = False
    at: Position | None = None
    whole_file: bool = False


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """What a finding code means, for the README, SARIF and --help."""

    code: str
    severity: Severity
    summary: str
    doc: str
    scope: Scope


@dataclass(frozen=True, slots=True)
class Check:
    """One registered check: a function of a scope's context that yields issues."""

    code: str
    scope: Scope
    func: Callable[[Any], Iterator[Any]]


#: Every finding code, by severity, then by scope (file, journey, stage), then as registered.
RULES: dict[str, RuleDoc] = {}
_CHECKS: dict[Scope, list[Check]] = {scope: [] for scope in Scope}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

F = TypeVar("F", bound=Callable[..., Any])


def rule(
    code: str,
    severity: Severity | None = None,
    summary: str | None = None,
    *,
    scope: Scope,
) -> Callable[[F], F]:
    """Register a check under a finding code.

    The first check of a code gives its severity, summary and documentation; a code
    may have further checks (in other scopes), registered with the code alone.
    """

    def register(func: F) -> F:
        doc = inspect.cleandoc(func.__doc__ or "")
        known = RULES.get(code)
        if known is None:
            if severity is None or summary is None:
                raise TypeError(f"the first check of {code!r} needs a severity and a summary")
            RULES[code] = RuleDoc(code, severity, summary, doc, scope)
            ordered = sorted(
                RULES.values(),
                key=lambda r: (_ORDER[r.severity], list(Scope).index(r.scope)),
            )
            RULES.clear()
            RULES.update((r.code, r) for r in ordered)
        elif severity not in (None, known.severity) or summary not in (None, known.summary):
            raise TypeError(f"{code!r} is registered with another severity or summary")
        _CHECKS[scope].append(Check(code, scope, func))
        return func

    return register


def checks(scope: Scope) -> list[Check]:
    """The checks of one scope, in registration order."""
    return _CHECKS[scope]
