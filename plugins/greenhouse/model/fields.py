"""Field specifications: how each front-matter field is declared, once.

Every field of the contract is declared as a dataclass field in :mod:`greenhouse.model.types`
whose metadata holds a :class:`FieldSpec`. Validation, the JSON Schema, the CMS
configuration and ``greenhouse new`` all read these specs, so a field added there
appears everywhere with no other change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

Kind = Literal[
    "string",  # one line of text
    "text",  # plain text that may wrap (summaries)
    "enum",  # one of `choices`
    "integer",
    "number",
    "duration",  # minutes, or text like 90m, 1h30m, 2h
    "url",
    "contact",  # a URL or a mailto: address
    "datetime",  # ISO 8601 date and time
    "date",  # ISO 8601 date
    "timezone",  # IANA time zone name
    "rrule",  # RFC 5545 recurrence rule
    "language",  # one of the site's languages
    "currency",  # ISO 4217 code
    "edition",  # hack-week edition: 2026 or 2026-autumn
    "image",  # a path relative to the Markdown file
    "ref",  # the id of a competency, person, item or track
    "id",  # the id of a framework entry: lowercase letters, digits and -
    "levels",  # mapping of level name to text, or competency id to level
    "list",  # a list of `of`
    "object",  # a nested record described by `model`
]

RefTarget = Literal["competency", "person", "item", "track"]

#: The types of learning item, in the order the site shows them (its tabs, the type
#: facet, the editor's collections). The one list: Python and the browser read it.
ITEM_TYPES: tuple[str, ...] = ("course", "talk", "workshop", "project", "path")

#: What a duration may look like: minutes (90), or hours and minutes (1h30m, 2h, 45 min,
#: 1 hour). Written once, in syntax both Python and JavaScript read, for the model, the
#: JSON Schema and the web editor. Groups: 1 plain minutes, 2 hours, 3 minutes.
DURATION_PATTERN = (
    r"^\s*(?:([0-9]+)|(?:([0-9]+)\s*h(?:ours?)?)?\s*(?:([0-9]+)\s*m(?:in(?:utes?)?)?)?)\s*$"
)
#: A session start or end: a date and a time, optionally seconds and an offset.
DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
#: A hack-week edition: a year, optionally with a season or another lowercase name
#: (``2026``, ``2026-autumn``, ``2026-q3``); for the model, the JSON Schema and the editor.
EDITION_PATTERN = r"^[0-9]{4}(-[a-z0-9]+)?$"
#: Seasons an edition may name after its year, with the month each begins (for ordering).
SEASON_MONTHS: Mapping[str, int] = MappingProxyType(
    {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
)
_URL = r"https?://[^\s/$.?#][^\s]*"
_MAILTO = r"mailto:[^@\s]+@[^@\s]+\.[^@\s]+"
#: A web address, as validation, the JSON Schema and the web editor accept it.
URL_PATTERN = f"^{_URL}$"
#: A contact (a mentor's): a web address or an e-mail link.
CONTACT_PATTERN = f"^(?:{_URL}|{_MAILTO})$"
#: An ISO 4217 code as written; validation also checks that it is an active code.
CURRENCY_PATTERN = r"^[A-Z]{3}$"
ALL_ITEM_TYPES = frozenset(ITEM_TYPES)


@dataclass(frozen=True)
class FieldSpec:
    """What one front-matter field accepts.

    `types` lists the content types the field belongs to; `required` those where it
    must be present. `of` describes list elements; `model` the dataclass of an object.
    """

    kind: Kind
    help: str
    types: frozenset[str] = ALL_ITEM_TYPES
    required: frozenset[str] = frozenset()
    choices: tuple[str, ...] = ()
    ref: RefTarget | None = None
    of: FieldSpec | None = None
    model: type | None = None
    min: int | float | None = None  # characters for text, entries for lists, value for numbers
    max: int | float | None = None
    unique: bool = False
    default: Any = None
    example: Any = None
    #: The options of ``greenhouse new`` that give it, as click declares them; by
    #: default ``--<name>``; None: `new` never writes it (left for the file's author).
    cli: tuple[str, ...] | None = ()
    #: ``greenhouse new`` asks for it even where it is optional (Enter leaves it out).
    ask: bool = False
    name: str = ""  # filled in by `specs()`

    def required_for(self, type_name: str) -> bool:
        """Whether a file of `type_name` must give this field."""
        return type_name in self.required

    @property
    def flags(self) -> tuple[str, ...]:
        """The options of ``greenhouse new`` for this field (none when `cli` is None)."""
        if self.cli is None:
            return ()
        return self.cli or ("--" + self.name.replace("_", "-"),)

    @property
    def label(self) -> str:
        """The field's name as people read it: ``looking_for`` -> ``Looking for``."""
        return self.name.replace("_", " ").capitalize()


def spec(kind: Kind, help: str, *, default: Any = None, factory: Any = None, **options: Any) -> Any:
    """Declare a dataclass field together with its front-matter specification
    (`factory` makes the default of a field whose default cannot be shared as it is)."""
    field_spec = FieldSpec(kind=kind, help=help, default=default, **options)
    if isinstance(default, (list, dict, set)):
        raise TypeError("use tuples or None for defaults of immutable content")
    metadata = {"spec": field_spec}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@cache
def specs(model: type, type_name: str | None = None) -> tuple[FieldSpec, ...]:
    """The field specs of a dataclass, in declaration order (the contract's order).

    With `type_name`, only the fields that belong to that content type. Cached: the
    declarations never change, and validation asks for them once per file.
    """
    out = []
    for f in dataclasses.fields(model):
        field_spec = f.metadata.get("spec")
        if field_spec is None:
            continue
        if type_name is not None and type_name not in field_spec.types:
            continue
        out.append(dataclasses.replace(field_spec, name=f.name))
    return tuple(out)


@cache
def spec_map(model: type, type_name: str) -> dict[str, FieldSpec]:
    """`specs` by field name."""
    return {s.name: s for s in specs(model, type_name)}
