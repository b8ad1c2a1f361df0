"""JSON Schema of the front matter, derived from the field specs."""

from __future__ import annotations

from typing import Any

from greenhouse.model.fields import (
    CONTACT_PATTERN,
    CURRENCY_PATTERN,
    DATETIME_PATTERN,
    DURATION_PATTERN,
    EDITION_PATTERN,
    ITEM_TYPES,
    URL_PATTERN,
    FieldSpec,
    specs,
)
from greenhouse.model.settings import Settings
from greenhouse.model.slug import SLUG_RE
from greenhouse.model.types import FOLDER_TYPES, FRAMEWORK_FILES, LEVELS, Framework, Item, Person

SCHEMA_ID = "https://greenhouse.example.com/schema/front-matter.json"


def _field_schema(s: FieldSpec, settings: Settings) -> dict[str, Any]:
    base: dict[str, Any] = {"description": s.help}
    kind = s.kind
    if kind in ("string", "text", "image"):
        base["type"] = "string"
        if s.min is not None:
            base["minLength"] = s.min
        if s.max is not None:
            base["maxLength"] = s.max
    elif kind == "enum":
        base["enum"] = list(s.choices)
    elif kind in ("integer", "number"):
        base["type"] = kind
        if s.min is not None:
            base["minimum"] = s.min
        if s.max is not None:
            base["maximum"] = s.max
    elif kind == "duration":
        base["oneOf"] = [
            {"type": "integer", "minimum": 1},
            {"type": "string", "pattern": DURATION_PATTERN, "minLength": 1},
        ]
    elif kind == "url":
        base.update(type="string", format="uri", pattern=URL_PATTERN)
    elif kind == "contact":
        base.update(type="string", format="uri", pattern=CONTACT_PATTERN)
    elif kind == "datetime":
        # Not format: date-time, which demands seconds and an offset nobody writes.
        base.update(type="string", pattern=DATETIME_PATTERN)
    elif kind == "date":
        base.update(type="string", format="date")
    elif kind == "language":
        base["enum"] = list(settings.languages)
    elif kind == "currency":
        base.update(type="string", pattern=CURRENCY_PATTERN)
    elif kind == "edition":
        base.update(type=["string", "integer"], pattern=EDITION_PATTERN)
    elif kind in ("timezone", "rrule", "ref"):
        base["type"] = "string"
    elif kind == "id":
        base.update(type="string", pattern=SLUG_RE.pattern)
    elif kind == "levels" and s.ref == "competency":
        # competency id -> level
        base.update(
            type="object",
            propertyNames={"pattern": SLUG_RE.pattern},
            additionalProperties={"enum": list(LEVELS)},
        )
    elif kind == "levels":
        # level -> what it looks like
        base.update(
            type="object",
            properties={level: {"type": "string"} for level in LEVELS},
            additionalProperties=False,
        )
    elif kind == "list":
        assert s.of is not None
        base.update(type="array", items=_field_schema(s.of, settings))
        if s.min is not None:
            base["minItems"] = s.min
        if s.max is not None:
            base["maxItems"] = s.max
        if s.unique:
            base["uniqueItems"] = True
    elif kind == "object":
        assert s.model is not None
        base.update(_object_schema(s.model, s.model.__name__.lower(), settings))
    return base


def _object_schema(model: Any, type_name: str, settings: Settings) -> dict[str, Any]:
    field_specs = list(specs(model, type_name))
    return {
        "type": "object",
        "properties": {s.name: _field_schema(s, settings) for s in field_specs},
        "required": [s.name for s in field_specs if s.required_for(type_name)],
        "additionalProperties": False,
    }


def type_schema(type_name: str, settings: Settings | None = None) -> dict[str, Any]:
    """The schema of one content type's front matter."""
    settings = settings or Settings()
    model = Person if type_name == "person" else Item
    schema = _object_schema(model, type_name, settings)
    schema["properties"]["type"] = {
        "const": type_name,
        "description": "Optional; the folder decides.",
    }
    schema["title"] = f"Greenhouse {type_name}"
    return schema


def front_matter_schema(settings: Settings | None = None) -> dict[str, Any]:
    """A schema with one definition per type; a file's folder decides which applies."""
    types = (*ITEM_TYPES, "person")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Greenhouse front matter",
        "description": "Folder to type: "
        + ", ".join(f"{folder}/ = {t}" for folder, t in FOLDER_TYPES.items()),
        "$defs": {t: type_schema(t, settings) for t in types},
        "anyOf": [{"$ref": f"#/$defs/{t}"} for t in types],
    }


def framework_schema(name: str) -> dict[str, Any]:
    """The schema of one framework file (`name`: competencies or careers)."""
    schema = _object_schema(Framework, name, Settings())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID.replace("front-matter", name)
    schema["title"] = f"Greenhouse content/{FRAMEWORK_FILES[name]}"
    return schema
