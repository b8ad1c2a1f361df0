"""``greenhouse new TYPE``: scaffold a content file that passes validation.

Its options, questions, choices and defaults, and which fields each type must have, all
come from the field specs of the content model (:mod:`greenhouse.model.types`); each
answer is checked when it is given, by the rules ``greenhouse validate`` applies.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from greenhouse.model import TYPE_FOLDERS, Content, load_content
from greenhouse.model.answers import answer_value, check_answer
from greenhouse.model.fields import ALL_ITEM_TYPES, ITEM_TYPES, FieldSpec, specs
from greenhouse.model.loader import item_specs, needs_sessions
from greenhouse.model.reader import Key
from greenhouse.model.slug import slugify
from greenhouse.model.writer import render_front_matter

TYPES = (*ITEM_TYPES, "person")

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


def fields_of(type_name: str) -> Iterator[tuple[Key, FieldSpec]]:
    """The fields `new` can write for `type_name`, with where each goes: the type's own
    fields, and those of its first session. Other nested objects (a course's cost, a
    path's audience, a person's mentoring) are left for the file's author."""
    for s in item_specs(type_name):
        if s.kind == "list" and s.of is not None and s.of.model is not None:
            model = s.of.model
            for sub in specs(model, model.__name__.lower()):
                yield (s.name, 0, sub.name), sub
        elif s.kind != "object":
            yield (s.name,), s


def _long(flags: tuple[str, ...]) -> str:
    return next(f for f in flags if f.startswith("--"))


def _param(flags: tuple[str, ...]) -> str:
    return "field_" + _long(flags)[2:].replace("-", "_")


@dataclass
class _Option:
    flags: tuple[str, ...]
    multiple: bool
    where: dict[str, Key] = field(default_factory=dict)  # type -> field
    helps: dict[str, list[str]] = field(default_factory=dict)  # help -> types


def _collect_options() -> dict[str, _Option]:
    options: dict[str, _Option] = {}
    for type_name in TYPES:
        for key, s in fields_of(type_name):
            if not s.flags:
                continue
            option = options.setdefault(
                _param(s.flags), _Option(s.flags, multiple=s.kind == "list")
            )
            if option.flags != s.flags or type_name in option.where:
                raise TypeError(f"{type_name}: options {s.flags} are declared twice")
            option.where[type_name] = key
            text = s.help if len(key) == 1 else f"First session: {s.help}"
            option.helps.setdefault(text, []).append(type_name)
    return options


OPTIONS = _collect_options()


def _help(option: _Option) -> str:
    parts = []
    for text, types in option.helps.items():
        where = "" if set(types) >= ALL_ITEM_TYPES else f"For {', '.join(types)}: "
        parts.append(f"{where}{text}")
    if option.multiple:
        parts.append("Repeat, or separate with commas.")
    return " ".join(parts)


def _metavar(param: str) -> str | None:
    choices = {c: 0 for t, key in OPTIONS[param].where.items() for c in _spec(t, key).choices}
    return "|".join(choices) if choices else None


def _spec(type_name: str, key: Key) -> FieldSpec:
    return dict(fields_of(type_name))[key]


def _with_field_options(command: Any) -> Any:
    for param, option in reversed(OPTIONS.items()):
        command = click.option(
            *option.flags,
            param,
            multiple=option.multiple,
            metavar=_metavar(param),
            help=_help(option),
        )(command)
    return command


def _interactive() -> bool:
    return sys.stdin.isatty()


@click.command()
@click.argument("type_name", metavar="TYPE", type=click.Choice(TYPES))
@_with_field_options
@click.option("--slug", help="File name without .md (default: made from the title).")
@click.option("--draft", is_flag=True, help="Mark as draft: checked, but not published.")
@click.pass_obj
def new(get_project: Any, type_name: str, slug: str | None, draft: bool, **given: Any) -> None:
    """Create a new content file, asking for what is needed.

    In a terminal it asks for each field the type needs (and a few useful ones you may
    skip with Enter) that no option gave, and checks every answer as it is given, asking
    again until it is right. Elsewhere the options must give them. An existing file is
    never overwritten.

    \b
    Examples:
      greenhouse new workshop
      greenhouse new workshop --title "Intro to Kotlin" --summary "Your first service." \\
          -c kotlin -c testing --level intro --format in-person --person astrid-lindqvist \\
          --date 2027-03-04T09:00 --duration 90 --location "Stockholm, room Echo"
      greenhouse new person --name "Åsa Lindqvist"
    """
    project = get_project()
    content = load_content(
        project.content_dir, project.settings, display_prefix=project.display_prefix
    ).content
    questions = _Questions(type_name, content, project.display_prefix, draft, given)
    values = questions.answers()
    title = str(values[item_specs(type_name)[0].name])
    slug = slug or slugify(title)
    if not slug:
        raise click.BadParameter("makes an empty file name; pass --slug", param_hint="--title")
    folder = project.content_dir / TYPE_FOLDERS[type_name]
    target = folder / f"{slug}.md"
    if target.exists():
        raise click.UsageError(
            f"{target.relative_to(project.root)} already exists; pick another --slug"
        )
    body = BODIES.get(type_name, DEFAULT_BODY).format(title=title)
    front_matter = render_front_matter(type_name, values)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(front_matter + "\n" + body, encoding="utf-8")
    _keep_if_valid(project, target, front_matter)


class _Questions:
    """The values of one new file: from options, else asked for, each checked as given."""

    def __init__(
        self, type_name: str, content: Content, prefix: str, draft: bool, given: dict[str, Any]
    ) -> None:
        self.type_name = type_name
        self.content = content
        self.prefix = prefix
        self.interactive = _interactive()
        # References may point at drafts only from a draft.
        self.draft = draft or given.get("field_status") == "draft"
        self.given = {
            OPTIONS[param].where.get(type_name, param): value
            for param, value in given.items()
            if value not in (None, ())
        }
        self.problems: list[str] = []
        self.missing: list[str] = []

    def answers(self) -> dict[str, Any]:
        for key in self.given:
            if isinstance(key, str):
                flags = "/".join(OPTIONS[key].flags)
                self.problems.append(f"{flags}: is not a field of a {self.type_name}")
        values: dict[str, Any] = {"status": "draft"} if self.draft else {}
        session: dict[str, Any] | None = None
        for key, s in fields_of(self.type_name):
            if len(key) == 1:
                self._answer(values, key, s, s.required_for(self.type_name))
            elif session is not None or self._wants_session(values):
                session = {} if session is None else session
                self._answer(session, key, s, s.required_for("session"))
        if session is not None:
            if "end" not in session and "duration" not in values:
                self._ask_duration(values)
            values["sessions"] = [session]
        self._stop_on_problems()
        return values

    def _ask_duration(self, values: dict[str, Any]) -> None:
        """A session ends at its `end`, else after the item's duration: one must be given."""
        if not self.interactive:
            self.missing.append("--duration (or --end)")
            return
        click.echo("A session needs an end, or the item a duration.", err=True)
        duration = dict(fields_of(self.type_name))[("duration",)]
        values["duration"] = self._ask(("duration",), duration, required=True)

    def _wants_session(self, values: dict[str, Any]) -> bool:
        """A session when the type needs one (talks; workshops unless self-paced), or
        when options describe it."""
        return needs_sessions(self.type_name, values.get("format")) or any(
            isinstance(k, tuple) and len(k) > 1 for k in self.given
        )

    def _answer(self, values: dict[str, Any], key: Key, s: FieldSpec, required: bool) -> None:
        name = str(key[-1])
        if key in self.given:
            value, messages = self._check(s, answer_value(s, self.given[key]), key, required)
            if not messages:
                if value is not None:
                    values[name] = value
                return
            flags = "/".join(s.flags)
            if not self.interactive:
                self.problems.extend(f"{flags}: {m.split(': ', 1)[1]}" for m in messages)
                return
            for message in messages:
                click.echo(f"✗ {message}", err=True)
        elif not (required or s.ask):
            return
        elif not self.interactive:
            if required:
                self.missing.append(_long(s.flags))
            return
        value = self._ask(key, s, required)
        if value is not None:
            values[name] = value

    def _ask(self, key: Key, s: FieldSpec, required: bool) -> Any:
        """Ask until the answer is right; None for an optional field left empty."""
        choices = self.content.settings.languages if s.kind == "language" else s.choices
        default = self.content.settings.default_language if s.kind == "language" else None
        label = s.label if len(key) == 1 else f"First session: {s.label.lower()}"
        notes = [] if choices else [s.help.rstrip(".")]
        if s.kind == "list":
            notes.append("separate entries with commas")
        if not required and default is None:
            notes.append("Enter to leave it out")
        prompt = label + (f" [{'/'.join(choices)}]" if choices else "")
        if notes:
            prompt += f" ({'; '.join(notes)})"
        while True:
            answer = click.prompt(
                prompt, default=default or "", show_default=default is not None
            ).strip()
            if answer == default:
                return None  # the default is what the model gives a file without it
            value, messages = self._check(s, answer_value(s, answer), key, required)
            if not messages:
                return value
            for message in messages:
                click.echo(f"✗ {message}", err=True)

    def _check(self, s: FieldSpec, raw: Any, key: Key, required: bool) -> tuple[Any, list[str]]:
        return check_answer(
            s,
            raw,
            key,
            content=self.content,
            prefix=self.prefix,
            required=required,
            draft=self.draft,
        )

    def _stop_on_problems(self) -> None:
        for flag in self.missing:
            self.problems.append(f"{flag} is required (or run in a terminal to be asked)")
        if not self.problems:
            return
        for problem in self.problems:
            click.echo(f"✗ {problem}", err=True)
        click.echo("✗ nothing written: correct the options above and run again", err=True)
        raise SystemExit(2 if self.missing and len(self.missing) == len(self.problems) else 1)


def _keep_if_valid(project: Any, target: Path, front_matter: str) -> None:
    """The file stays only if the whole model accepts it (rules across fields and files);
    otherwise the answers are shown, so that nothing typed is lost."""
    display = target.relative_to(project.root).as_posix()
    result = load_content(
        project.content_dir, project.settings, display_prefix=project.display_prefix
    )
    problems = [p for p in result.problems if p.path == display]
    if problems:
        target.unlink()
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(
            "✗ not created; your answers, to correct and save as " + display + ":\n" + front_matter,
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"✓ created {display}; edit its text, then preview with scripts/serve")
