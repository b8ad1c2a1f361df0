"""``greenhouse schema``: the JSON Schema of the front matter, for editors."""

from __future__ import annotations

import json

import click

from greenhouse.model.fields import ITEM_TYPES
from greenhouse.model.schema import front_matter_schema, type_schema


@click.command()
@click.option(
    "--type",
    "type_name",
    type=click.Choice([*ITEM_TYPES, "person"]),
    help="Only this type's schema (default: all types).",
)
@click.pass_obj
def schema(get_project, type_name: str | None) -> None:
    """Print the JSON Schema of the front matter.

    \b
    Examples:
      greenhouse schema > .cache/front-matter.schema.json
      greenhouse schema --type workshop
    """
    settings = get_project().settings
    data = type_schema(type_name, settings) if type_name else front_matter_schema(settings)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
