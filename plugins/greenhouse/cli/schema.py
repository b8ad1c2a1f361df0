"""``greenhouse schema``: the JSON Schema of the front matter and framework files, for editors."""

from __future__ import annotations

import json

import click

from greenhouse.model.fields import ITEM_TYPES
from greenhouse.model.schema import framework_schema, front_matter_schema, type_schema
from greenhouse.model.types import FRAMEWORK_FILES


@click.command()
@click.option(
    "--type",
    "type_name",
    type=click.Choice([*ITEM_TYPES, "person", *FRAMEWORK_FILES]),
    help="Only this type's schema (default: every type's front matter); competencies and "
    "careers: the framework files.",
)
@click.pass_obj
def schema(get_project, type_name: str | None) -> None:
    """Print the JSON Schema of the front matter, or of a framework file.

    \b
    Examples:
      greenhouse schema > .cache/front-matter.schema.json
      greenhouse schema --type workshop
      greenhouse schema --type competencies > .cache/competencies.schema.json
    """
    if type_name is not None and type_name in FRAMEWORK_FILES:
        data = framework_schema(type_name)
    else:
        settings = get_project().settings
        data = type_schema(type_name, settings) if type_name else front_matter_schema(settings)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
