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
from greenhouse.model.types import Area, CareerStep, Competency, Item, Person, Track

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


@pytest.mark.parametrize(
    ("type_name", "path", "value"),
    [
        ("course", ("url",), "https://learn.example.com/kotlin"),
        ("course", ("url",), "http://intranet/kurs"),
        ("course", ("url",), "ftp://files.example.com/x"),
        ("course", ("url",), "https://"),
        ("course", ("url",), "https://?q=1"),
        ("course", ("url",), "learn.example.com"),
        ("course", ("url",), "https://example.com/a b"),
        ("person", ("mentoring", "contact"), "mailto:asa@example.com"),
        ("person", ("mentoring", "contact"), "mailto:asa"),
        ("person", ("mentoring", "contact"), "https://chat.example.com/asa"),
        ("person", ("mentoring", "contact"), "asa@example.com"),
        ("course", ("cost", "currency"), "SEK"),
        ("course", ("cost", "currency"), "sek"),
        ("course", ("cost", "currency"), "SE"),
    ],
)
def test_validation_schema_and_editor_share_one_rule(
    type_name: str, path: tuple[str, ...], value: str
) -> None:
    """A web address, contact or currency is accepted by all three or by none."""
    import re

    from greenhouse.cms.config import PATTERNS
    from greenhouse.model import Settings
    from greenhouse.model.reader import Document
    from greenhouse.model.values import INVALID, Checker

    model = Person if type_name == "person" else Item
    field_spec = next(s for s in specs(model, type_name) if s.name == path[0])
    prop = type_schema(type_name)["properties"][path[0]]
    for name in path[1:]:
        assert field_spec.model is not None
        field_spec = next(s for s in specs(field_spec.model) if s.name == name)
        prop = prop["properties"][name]
    checker = Checker(Document(path="x.md", data={}), Settings(), [])
    by_validation = checker.value(field_spec, value, path) is not INVALID
    by_schema = re.search(prop["pattern"], value) is not None
    by_editor = re.search(PATTERNS[field_spec.kind][0], value) is not None
    assert by_validation == by_schema == by_editor


@pytest.mark.parametrize("name", ["competencies", "careers"])
def test_the_framework_files_match_their_schema(name: str) -> None:
    from greenhouse.model.schema import framework_schema
    from greenhouse.model.types import FRAMEWORK_FILES

    schema = framework_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load((REPO / "content" / FRAMEWORK_FILES[name]).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


@pytest.mark.parametrize(
    ("name", "break_it"),
    [
        ("competencies", lambda d: d["areas"][0]["competencies"][0].update(levels={"expert": "x"})),
        ("competencies", lambda d: d["areas"][0].update(id="Engineering")),
        ("competencies", lambda d: d["areas"][0]["competencies"][0].pop("name")),
        ("careers", lambda d: d["tracks"][0]["steps"][0]["expects"].update(kotlin="expert")),
        ("careers", lambda d: d["tracks"][0]["steps"][0].update(step=0)),
        ("careers", lambda d: d["tracks"][0].update(ladder=[])),
    ],
)
def test_the_framework_schema_rejects_what_validate_rejects(name: str, break_it: Any) -> None:
    from greenhouse.model.schema import framework_schema
    from greenhouse.model.types import FRAMEWORK_FILES

    data = yaml.safe_load((REPO / "content" / FRAMEWORK_FILES[name]).read_text(encoding="utf-8"))
    break_it(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, framework_schema(name))


FRAMEWORK_ENTRIES = [
    ("competencies", ("areas", 0), Area),
    ("competencies", ("areas", 0, "competencies", 0), Competency),
    ("careers", ("tracks", 0), Track),
    ("careers", ("tracks", 0, "steps", 0), CareerStep),
]


@pytest.mark.parametrize(
    ("name", "where", "field_spec"),
    [
        (name, where, s)
        for name, where, model in FRAMEWORK_ENTRIES
        for s in specs(model, model.__name__.lower())
    ],
    ids=lambda value: value.name if hasattr(value, "kind") else None,
)
def test_the_framework_reader_requires_what_the_specs_require(
    tmp_path: Path, name: str, where: tuple[Any, ...], field_spec: Any
) -> None:
    """Leaving a field out is a problem for validate exactly when its spec requires it."""
    import shutil

    from greenhouse.model import Settings, load_content
    from greenhouse.model.types import FRAMEWORK_FILES

    shutil.copytree(REPO / "tests" / "fixtures" / "mini" / "content", tmp_path / "content")
    file = tmp_path / "content" / FRAMEWORK_FILES[name]
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    entry = data
    for part in where:
        entry = entry[part]
    entry.pop(field_spec.name)
    file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = [
        p
        for p in load_content(tmp_path / "content", Settings()).problems
        if p.path.endswith(FRAMEWORK_FILES[name])
    ]
    assert bool(problems) == bool(field_spec.required), problems
