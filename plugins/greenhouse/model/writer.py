"""Writing front matter the way a person would: contract order, no empty fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import yaml

from greenhouse.model.fields import FieldSpec, specs
from greenhouse.model.loader import item_specs


def _scalar(value: Any) -> str:
    if isinstance(value, datetime):
        # As written: to the minute unless seconds were given, with the offset if any.
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, date):
        return value.isoformat()
    # safe_dump quotes exactly what YAML would misread (no, on, 1.0, 'a: b', ...).
    text: str = yaml.safe_dump(value, allow_unicode=True, width=10_000, default_style=None)
    return text.removesuffix("\n...\n").rstrip("\n")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == [] or value == {}


def _lines(field_spec: FieldSpec, value: Any, indent: str) -> list[str]:
    name = field_spec.name
    if field_spec.kind == "list" and field_spec.of is not None and field_spec.of.kind == "object":
        out = [f"{indent}{name}:"]
        for entry in value:
            sub = _object_lines(field_spec.of.model, entry, indent + "    ")
            sub[0] = f"{indent}  - " + sub[0].lstrip()
            out.extend(sub)
        return out
    if field_spec.kind == "list":
        return [f"{indent}{name}: [{', '.join(_scalar(v) for v in value)}]"]
    if field_spec.kind == "object":
        return [f"{indent}{name}:", *_object_lines(field_spec.model, value, indent + "  ")]
    return [f"{indent}{name}: {_scalar(value)}"]


def _object_lines(model: Any, value: Any, indent: str) -> list[str]:
    out: list[str] = []
    for field_spec in specs(model):
        item = value.get(field_spec.name) if isinstance(value, dict) else None
        if not _is_empty(item) and item != field_spec.default:
            out.extend(_lines(field_spec, item, indent))
    return out


def render_front_matter(type_name: str, values: dict[str, Any]) -> str:
    """Front matter for `values`, in the contract's order, leaving out empty and default fields."""
    out = ["---"]
    for field_spec in item_specs(type_name):
        value = values.get(field_spec.name)
        if _is_empty(value) or value == field_spec.default:
            continue
        out.extend(_lines(field_spec, value, ""))
    out.append("---")
    return "\n".join(out) + "\n"
