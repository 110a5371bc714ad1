"""The JSON Schema of the journey format, generated from the pydantic models.

Editors (yaml-language-server, VS Code's YAML extension) support draft-07 fully,
so the schema declares draft-07 and keeps its definitions under `definitions`.
"""

from __future__ import annotations

from typing import Any

from journeymap.journey.model import Journey
from journeymap.text import json_text

JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
#: The schema's file name at a project's root (`journeymap init` writes it there;
#: journey files point at it with a `yaml-language-server` modeline).
SCHEMA_FILE = "journey.schema.json"


def journey_schema() -> dict[str, Any]:
    """The schema as a dict: draft-07, with titles and descriptions for hover help."""
    generated = Journey.model_json_schema(ref_template="#/definitions/{model}")
    definitions = generated.pop("$defs", {})
    schema: dict[str, Any] = {"$schema": JSON_SCHEMA_DRAFT, **generated}
    schema["definitions"] = definitions
    return schema


def schema_text() -> str:
    """The schema as `journeymap schema` prints it and `journey.schema.json` holds it."""
    return json_text(journey_schema(), indent=2) + "\n"
