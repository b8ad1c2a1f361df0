"""The JSON Schema covers every field contributors can write, and accepts the sample."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from greenhouse.model import FOLDER_TYPES, content_files
from greenhouse.model.fields import ITEM_TYPES, specs
from greenhouse.model.schema import front_matter_schema, type_schema
from greenhouse.model.types import Item, Person

REPO = Path(__file__).resolve().parent.parent.parent


def _walk_specs(model: type, type_name: str, schema: dict[str, Any], where: str) -> list[str]:
    missing = []
    for field_spec in specs(model, type_name):
        prop = schema["properties"].get(field_spec.name)
        if prop is None:
            missing.append(f"{where}.{field_spec.name}")
            continue
        nested = field_spec.model or (field_spec.of.model if field_spec.of else None)
        if nested is not None:
            sub = prop if field_spec.kind == "object" else prop["items"]
            missing += _walk_specs(
                nested, nested.__name__.lower(), sub, f"{where}.{field_spec.name}"
            )
    return missing


@pytest.mark.parametrize("type_name", [*ITEM_TYPES, "person"])
def test_every_field_is_in_the_schema(type_name: str) -> None:
    model = Person if type_name == "person" else Item
    assert _walk_specs(model, type_name, type_schema(type_name), type_name) == []


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def test_the_sample_content_matches_the_schema() -> None:
    schema = front_matter_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    formats = jsonschema.Draft202012Validator.FORMAT_CHECKER
    checked = 0
    for file, rel in content_files(REPO / "content"):
        folder = rel.split("/")[0]
        if folder not in FOLDER_TYPES:
            continue
        front = Path(file).read_text(encoding="utf-8").split("---\n")[1]
        data = _jsonable(yaml.safe_load(front))
        validator = jsonschema.Draft202012Validator(
            {**schema, **schema["$defs"][FOLDER_TYPES[folder]]}, format_checker=formats
        )
        errors = [f"{rel}: {e.json_path}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == []
        checked += 1
    assert checked >= 70


def test_the_schema_rejects_an_unknown_field() -> None:
    validator = jsonschema.Draft202012Validator(type_schema("course"))
    data = {
        "title": "Kotlin",
        "summary": "s",
        "competencies": ["kotlin"],
        "level": "intro",
        "format": "online",
        "tittle": "x",
    }
    assert [e.message for e in validator.iter_errors(data)] == [
        "Additional properties are not allowed ('tittle' was unexpected)"
    ]
