"""The JSON Schema of the journey format, generated from the pydantic models.

Editors (yaml-language-server, VS Code's YAML extension) support draft-07 fully,
so the schema declares draft-07 and keeps its definitions under `definitions`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from journeymap.journey.model import Journey
from journeymap.journey.study import INHERITED, Study
from journeymap.text import json_text

JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
#: The schema's file name at a project's root (`journeymap init` writes it there;
#: journey files point at it with a `yaml-language-server` modeline).
SCHEMA_FILE = "journey.schema.json"
#: The study files' schema, beside it (study files point at it the same way).
STUDY_SCHEMA_FILE = "study.schema.json"


def journey_schema() -> dict[str, Any]:
    """The schema as a dict: draft-07, with titles and descriptions for hover help."""
    schema = _draft_07(Journey)
    evidence = schema["definitions"]["Evidence"]
    # With `study`, what the study supplies may be left out (SPEC "Research studies");
    # without it, an item still needs them, as in version 1.
    inherited = [key for key, _ in INHERITED if key in evidence.get("required", [])]
    evidence["required"] = [key for key in evidence["required"] if key not in inherited]
    evidence["if"] = {"not": {"required": ["study"]}}
    evidence["then"] = {"required": inherited}
    return schema


def study_schema() -> dict[str, Any]:
    """The schema of a study file: draft-07, with titles and descriptions."""
    return _draft_07(Study)


def _draft_07(model: type[BaseModel]) -> dict[str, Any]:
    generated = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = generated.pop("$defs", {})
    schema: dict[str, Any] = {"$schema": JSON_SCHEMA_DRAFT, **generated}
    if definitions:
        schema["definitions"] = definitions
    return schema


def schema_text(study: bool = False) -> str:
    """The schema as `journeymap schema` (`--study`) prints it and `journey.schema.json`
    (`study.schema.json`) holds it."""
    return json_text(study_schema() if study else journey_schema(), indent=2) + "\n"
