"""``greenhouse new TYPE``: scaffold a content file that passes validation."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from greenhouse.model import TYPE_FOLDERS, load_content
from greenhouse.model.fields import ITEM_TYPES
from greenhouse.model.loader import needs_sessions
from greenhouse.model.slug import slugify
from greenhouse.model.types import FORMATS, LEVELS
from greenhouse.model.values import parse_duration
from greenhouse.model.writer import render_front_matter

#: Which field holds the people of each type.
PEOPLE_FIELD = {"talk": "speakers", "workshop": "facilitators", "project": "team"}

BODIES = {
    "person": "A few lines about {title}: what they work on and what they like to teach.\n",
    "path": "Who this path is for, and what they can do after the last step.\n",
    "project": "## The idea\n\nWhat the team builds, and why.\n\n## Who we need\n\n"
    "The skills that would help.\n",
}
DEFAULT_BODY = (
    "## What you will learn\n\nWhat participants can do afterwards.\n\n"
    "## Who it is for\n\nWho should come, and what to know or bring beforehand.\n"
)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(value: Any, prompt: str, flag: str, **prompt_options: Any) -> Any:
    """The flag's value, else a prompt in a terminal, else a usage error naming the flag."""
    if value not in (None, (), ""):
        return value
    if _interactive():
        return click.prompt(prompt, **prompt_options)
    raise click.UsageError(f"{flag} is required (or run in a terminal to be asked)")


def _ask_list(values: tuple[str, ...], prompt: str, flag: str) -> tuple[str, ...]:
    answer = _ask(values, f"{prompt} (comma-separated)", flag)
    if isinstance(answer, str):
        return tuple(v.strip() for v in answer.split(",") if v.strip())
    return tuple(answer)


def _start(value: str) -> datetime:
    text = value.strip().replace(" ", "T", 1)
    if "T" not in text:
        # fromisoformat would read a bare date as midnight: a session needs its time.
        raise click.BadParameter(
            f"'{value}' has no time; write e.g. {text}T09:00", param_hint="--date"
        )
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a date and time; write e.g. 2027-03-04T09:00", param_hint="--date"
        ) from None


@click.command()
@click.argument("type_name", metavar="TYPE", type=click.Choice([*ITEM_TYPES, "person"]))
@click.option("--title", help="Title (a person's name for TYPE person).")
@click.option("--summary", help="One or two plain sentences for the card.")
@click.option("-c", "--competency", "competencies", multiple=True, help="Competency id; repeat.")
@click.option("--level", type=click.Choice(LEVELS))
@click.option("--format", "format_", type=click.Choice(FORMATS))
@click.option("--language", help="Language code (default: the site's).")
@click.option("--duration", help="Minutes or 1h30m.")
@click.option(
    "-p",
    "--person",
    "people",
    multiple=True,
    help="Speaker, facilitator or team member (person id); repeat.",
)
@click.option("--date", "start", help="First session's start, e.g. 2027-03-04T09:00.")
@click.option("--location", help="Where the first session is.")
@click.option("--edition", help="Hack-week edition, e.g. 2026-autumn.")
@click.option("--step", "steps", multiple=True, help="Path step (item id, in order); repeat.")
@click.option("--slug", help="File name without .md (default: made from the title).")
@click.option("--draft", is_flag=True, help="Mark as draft: checked, but not published.")
@click.pass_obj
def new(get_project, type_name: str, **options: Any) -> None:
    """Create a new content file, asking for what is needed.

    In a terminal it asks for each required field that no flag gave; elsewhere the
    flags must give them. The file is checked before it is kept, and an existing file
    is never overwritten.

    \b
    Examples:
      greenhouse new workshop
      greenhouse new workshop --title "Intro to Kotlin" --summary "Your first service." \\
          -c kotlin -c testing --level intro --format in-person --person astrid-lindqvist \\
          --date 2027-03-04T09:00 --duration 90 --location "Stockholm, room Echo"
      greenhouse new person --title "Åsa Lindqvist"
    """
    project = get_project()
    values, title = _values(type_name, options)
    slug = options["slug"] or slugify(title)
    if not slug:
        raise click.BadParameter("makes an empty file name; pass --slug", param_hint="--title")
    folder = project.content_dir / TYPE_FOLDERS[type_name]
    target = folder / f"{slug}.md"
    if target.exists():
        raise click.UsageError(
            f"{target.relative_to(project.root)} already exists; pick another --slug"
        )
    body = BODIES.get(type_name, DEFAULT_BODY).format(title=title)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(render_front_matter(type_name, values) + "\n" + body, encoding="utf-8")
    _keep_if_valid(project, target)


def _values(type_name: str, o: dict[str, Any]) -> tuple[dict[str, Any], str]:
    if type_name == "person":
        name = _ask(o["title"], "Name", "--title")
        return {"name": name}, name
    values: dict[str, Any] = {
        "title": _ask(o["title"], "Title", "--title"),
        "summary": _ask(o["summary"], "Summary (plain text, at most 280 characters)", "--summary"),
        "competencies": _ask_list(o["competencies"], "Competency ids", "--competency"),
        "language": o["language"],
        "status": "draft" if o["draft"] else None,
    }
    if type_name != "project":
        values["level"] = _ask(o["level"], "Level", "--level", type=click.Choice(LEVELS))
    if type_name not in ("project", "path"):
        values["format"] = _ask(o["format_"], "Format", "--format", type=click.Choice(FORMATS))
    if o["duration"] is not None:
        minutes = parse_duration(o["duration"])
        if minutes is None:
            raise click.BadParameter(
                f"'{o['duration']}' is not a duration", param_hint="--duration"
            )
        values["duration"] = minutes
    if type_name in PEOPLE_FIELD:
        values[PEOPLE_FIELD[type_name]] = _ask_list(o["people"], "Person ids", "--person")
    needs_session = needs_sessions(type_name, values.get("format"))
    if needs_session or o["start"]:
        start = _start(_ask(o["start"], "First session starts (2027-03-04T09:00)", "--date"))
        values.setdefault("duration", 60)
        session = {"start": start, "location": o["location"]}
        values["sessions"] = [session]
    if type_name == "project":
        values["edition"] = _ask(o["edition"], "Edition (e.g. 2026-autumn)", "--edition")
    if type_name == "path":
        values["steps"] = _ask_list(o["steps"], "Step item ids, in order", "--step")
    return values, values["title"]


def _keep_if_valid(project: Any, target: Path) -> None:
    display = target.relative_to(project.root).as_posix()
    result = load_content(
        project.content_dir, project.settings, display_prefix=project.display_prefix
    )
    problems = [p for p in result.problems if p.path == display]
    if problems:
        target.unlink()
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo("✗ not created: fix the values above and run again", err=True)
        raise SystemExit(1)
    click.echo(f"✓ created {display}; edit its text, then preview with scripts/serve")
