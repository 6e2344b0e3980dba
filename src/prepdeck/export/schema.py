"""JSON Schema of a deck file, generated from the pydantic content model."""

from __future__ import annotations

from typing import Any

from ..core.model import Deck

SCHEMA_ID = "https://prepdeck.dev/schema/deck.json"


def deck_json_schema() -> dict[str, Any]:
    schema = Deck.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "prepdeck deck"
    return schema
