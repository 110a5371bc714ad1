"""Pydantic's validation errors, said in plain words with a way to fix them.

Users never see pydantic's raw messages: each error becomes one sentence naming
the key, what is wrong with its value and what to write instead.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from journeymap.journey.kind_advice import customer_kind
from journeymap.journey.model import (
    EVIDENCE_KINDS,
    SLUG_PATTERN,
    TEXT_PATTERN,
    Evidence,
    Journey,
    Stage,
    Waiver,
)
from journeymap.journey.study import Study
from journeymap.personal_data import find
from journeymap.text import did_you_mean, excerpt

#: The model each nested key holds, to name allowed keys in "unknown key" hints.
_NESTED: dict[str, type[BaseModel]] = {"stages": Stage, "evidence": Evidence, "waiver": Waiver}
#: How messages name a mapping of each model.
NOUNS: dict[type[BaseModel], str] = {
    Journey: "the journey",
    Stage: "a stage",
    Evidence: "an evidence item",
    Waiver: "a waiver",
    Study: "the study",
}
#: How messages name a whole file of each top-level model.
FILE_NOUNS: dict[type[BaseModel], str] = {Journey: "journey", Study: "study"}


def _nested(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The nested models of a file format (a study file has none)."""
    return _NESTED if root is Journey else {}


def model_at(loc: tuple[str | int, ...], root: type[BaseModel] = Journey) -> type[BaseModel]:
    """The model whose field `loc` names (its last step is the field) in a file of `root`."""
    model: type[BaseModel] = root
    nested = _nested(root)
    for step in loc[:-1]:
        if isinstance(step, str) and step in nested:
            model = nested[step]
    return model


def mapping_model(
    loc: tuple[str | int, ...], root: type[BaseModel] = Journey
) -> type[BaseModel] | None:
    """The model of the mapping at `loc` (a journey, a stage, an evidence item, a
    waiver, a study), or None when no mapping of the format is written there."""
    model: type[BaseModel] = root
    steps = list(loc)
    while steps:
        step = steps.pop(0)
        nested = _nested(root).get(step) if isinstance(step, str) else None
        if nested is None or step not in model.model_fields:
            return None
        # A list of them (stages, evidence): an index must follow.
        if nested is not Waiver and (not steps or not isinstance(steps.pop(0), int)):
            return None
        model = nested
    return model


def explain(
    error: ErrorDetails,
    raw: str | None,
    *,
    quoted: bool = False,
    root: type[BaseModel] = Journey,
) -> str:
    """One plain sentence for one pydantic error. `raw` is the YAML text of the value;
    `quoted` says it was written in quotes; `root` is the file's format."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    key = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    model = model_at(loc, root) if loc else root
    shown = _show(raw) if raw is not None else _show(value)

    if kind == "invalid_key":
        return (
            f"a key of {NOUNS[model_at(loc, root)]} is not text: YAML reads unquoted numbers, "
            "dates, yes/no and null as values, not words; quote the key or remove it"
        )
    if kind == "missing":
        noun = NOUNS[model]
        field = model.model_fields.get(key or "")
        return f"missing key {key!r} in {noun}: add it" + _described(field)
    if kind == "extra_forbidden":
        allowed = list(model.model_fields)
        hint = did_you_mean(key or "", allowed)
        lead = f"unknown key {key!r} in {NOUNS[model]}"
        if hint:
            return f"{lead} — did you mean {hint!r}?"
        return f"{lead}; the keys are: {', '.join(allowed)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        if not loc:
            keys = "title, stages, …" if root is Journey else "title, kind, date, …"
            return (
                f"a {FILE_NOUNS[root]} file must be a mapping of keys at the top level "
                f"({keys}), not " + _type_name(value)
            )
        target = _NESTED.get(str(loc[-2])) if len(loc) >= 2 else None
        target = target or _NESTED.get(str(loc[-1])) or model
        keys = ", ".join(target.model_fields)
        lead = f"{NOUNS[target]} must be a mapping of keys ({keys}), not {_type_name(value)}"
        if isinstance(value, str) and target is not Waiver:
            first = next(iter(target.model_fields))
            return lead + f": write its keys on lines of their own ('- {first}: …')"
        return lead
    if kind == "list_type":
        if isinstance(value, dict) and key in _NESTED:
            first = next(iter(_NESTED[key].model_fields))
            return (
                f"{key!r} must be a list, not a mapping: start each item with '- ' "
                f"(e.g. '- {first}: …'), with the item's other keys lined up under it"
            )
        return f"{key!r} must be a list (one '- item' per line, or [a, b]), not {_type_name(value)}"
    if kind == "too_short" and key == "stages":
        return "'stages' is empty: a journey needs at least one stage"
    if kind == "literal_error":
        return _literal(key, value, shown, ctx)
    if kind == "string_type":
        return f"{_name(loc)} must be text, not {_type_name(value)}{_quote_hint(value, raw)}"
    if kind == "string_too_short":
        return f"{_name(loc)} is empty: write it out, or remove the key if it is optional"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG_PATTERN:
            # No example made from a value that holds personal data: it would spell it out.
            example = "" if find(str(value)) else f" (e.g. {_slugify(str(value))!r})"
            return (
                f"{shown} is not a valid id for {_name(loc)}: use lowercase letters, digits and "
                f"hyphens, starting with a letter or digit, at most 64 characters{example}"
            )
        if ctx.get("pattern") == TEXT_PATTERN:
            return f"{_name(loc)} is blank: write it out, or remove the key if it is optional"
        if key == "url":
            return (
                f"url {shown} is not a full web address: write it as http://host/… or "
                "https://host/… (no other kinds of link are shown)"
            )
    if kind in {"date_type", "date_parsing", "date_from_datetime_inexact"}:
        if isinstance(value, dt.datetime):
            return f"{_name(loc)} must be a day (YYYY-MM-DD), not a date and time"
        return f"{_name(loc)} must be a real day written YYYY-MM-DD, not {shown}"
    if key == "emotion" and kind in {"int_type", "greater_than_equal", "less_than_equal"}:
        return "'emotion' must be a whole number from -2 to 2, not " + _not_whole(
            value, shown, quoted
        )
    if key == "sample" and kind in {"int_type", "greater_than"}:
        return "'sample' must be a positive whole number (respondents, tickets…), not " + (
            _not_whole(value, shown, quoted)
        )
    if kind == "int_type":
        return f"{_name(loc)} must be a whole number, not {_not_whole(value, shown, quoted)}"
    return f"{_name(loc)}: {error['msg']} (got {shown})"


_NUMBER = re.compile(r"\s*[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?\s*")


def _not_whole(value: Any, shown: str, quoted: bool) -> str:
    """What a value given for a whole number is instead, said so that the fix is plain."""
    if isinstance(value, str) and quoted and _NUMBER.fullmatch(value):
        return f"the text {shown} (a number in quotes is text): remove the quotes"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        written = f"{value:g}" if value == value and abs(value) != float("inf") else str(value)
        if value.is_integer():
            return f"the decimal number {value!r}: write {written}, a whole number"
        return f"the decimal number {written}"
    if isinstance(value, bool):
        return "true/false"
    return shown


def _described(field: FieldInfo | None) -> str:
    """ " — who decided (a person or a role)": a field's description, to follow a sentence."""
    description = (field.description or "").rstrip(".") if field else ""
    return f" — {description[:1].lower()}{description[1:]}" if description else ""


def _literal(key: str | None, value: Any, shown: str, ctx: dict[str, Any]) -> str:
    choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    listed = ", ".join(choices)
    if key == "kind":
        measure = customer_kind(value) if isinstance(value, str) else None
        if measure:
            kinds, why = measure
            named = " or ".join(repr(kind) for kind in kinds)
            return (
                f"evidence kind {shown} is customer input under another name — "
                f"did you mean {named}? {why[:1].upper()}{why[1:]}"
            )
        hint = did_you_mean(str(value), EVIDENCE_KINDS) if isinstance(value, str) else None
        if hint:
            return f"evidence kind {shown} is unknown — did you mean {hint!r}?"
        return (
            f"evidence kind {shown} is not a customer source; internal opinions belong in "
            f"the stage's assumption. Customer sources: {listed}"
        )
    lead = f"{key!r} must be one of {listed}, not {shown}"
    if isinstance(value, bool):
        return lead + f" (YAML reads an unquoted {shown} as a yes/no value: write one of {listed})"
    hint = did_you_mean(str(value), choices) if isinstance(value, str) else None
    return lead + (f" — did you mean {hint!r}?" if hint else "")


def _quote_hint(value: Any, raw: str | None) -> str:
    if isinstance(value, bool):
        # `raw` is one of YAML's yes/no words (y, yes, on, off…): ASCII letters only.
        return f" (YAML reads an unquoted {raw or value} as true/false: put the text in quotes)"
    if isinstance(value, (dt.date, int, float)):
        return " (YAML reads it as a date or number: put the text in quotes)"
    return ""


def _name(loc: tuple[str | int, ...]) -> str:
    for step in reversed(loc):
        if isinstance(step, str):
            return repr(step)
    return "the value"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (set, frozenset)):
        return "a set (!!set)"
    if isinstance(value, bytes):
        return "binary data (!!binary)"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _type_name(value)
    return repr(excerpt(str(value), 60, "..."))


def _slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64]
    return slug or "stage-1"
