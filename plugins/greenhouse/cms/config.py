"""The Decap CMS configuration, derived from the content model and the content itself.

Nothing here is written by hand per field: every collection's fields come from
:func:`greenhouse.model.fields.specs`, so a field added to the model appears in the
editor with no other change. References (competencies, people, items, tracks) become
select options taken from the loaded content, so the form can only produce ids that
resolve.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from zoneinfo import available_timezones

import yaml

from greenhouse.i18n import strings
from greenhouse.model.fields import (
    CONTACT_PATTERN,
    CURRENCY_PATTERN,
    DURATION_PATTERN,
    EDITION_PATTERN,
    ITEM_TYPES,
    URL_PATTERN,
    FieldSpec,
    specs,
)
from greenhouse.model.slug import SLUG_RE
from greenhouse.model.types import (
    FRAMEWORK_FILES,
    LEVELS,
    TYPE_FOLDERS,
    Content,
    Framework,
    Item,
    Person,
)

#: The format Decap's datetime widget writes: ISO 8601 to the minute, no offset, as
#: people write sessions (`start: 2027-03-04T09:00`). Moment.js tokens.
DATETIME_FORMAT = "YYYY-MM-DDTHH:mm"
DATE_FORMAT = "YYYY-MM-DD"

#: Checks Decap runs before saving, for kinds whose rule is a pattern. The model's own
#: validation stays the authority; these only catch mistakes while the form is open.
PATTERNS: Mapping[str, tuple[str, str]] = {
    "url": (URL_PATTERN, "A web address starting with https://"),
    "contact": (CONTACT_PATTERN, "A web address or mailto:name@example.com"),
    "duration": (DURATION_PATTERN, "Minutes, or hours and minutes: 90, 90m, 1h30m or 2h"),
    "currency": (CURRENCY_PATTERN, "Three capital letters (ISO 4217), e.g. SEK"),
    "edition": (EDITION_PATTERN, "A year, or a year and a season, e.g. 2026-autumn"),
    "rrule": ("^(RRULE:)?FREQ=[A-Z]+(;[A-Z]+=[^;\\s]+)*$", "An RRULE, e.g. FREQ=MONTHLY;BYDAY=1FR"),
    "id": (SLUG_RE.pattern, "Lowercase letters, digits and -, e.g. code-review"),
}

#: Labels of options when no site language is given.
ENGLISH = strings("en")

#: Widgets for kinds whose values are plain strings.
STRING_KINDS = frozenset(
    {"string", "duration", "url", "contact", "currency", "edition", "rrule", "id"}
)


@dataclass(frozen=True)
class Backend:
    """Where the editor saves: a Git host, reached through an OAuth helper.

    Saving opens a branch and a pull request (``editorial_workflow``); merging
    happens on the Git host after CI passed.
    """

    name: str = "github"
    repo: str = ""
    branch: str = "main"
    base_url: str | None = None  # the OAuth helper (GitHub), or a self-hosted GitLab
    auth_endpoint: str | None = None
    api_root: str | None = None
    auth_type: str | None = None  # "pkce" for GitLab without a helper
    app_id: str | None = None  # the GitLab application id for PKCE
    open_authoring: bool = False  # people without write access edit through a fork
    extra: Mapping[str, Any] = field(default_factory=dict)

    def as_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"name": self.name, "repo": self.repo, "branch": self.branch}
        for key in ("base_url", "auth_endpoint", "api_root", "auth_type", "app_id"):
            value = getattr(self, key)
            if value:
                config[key] = value
        if self.open_authoring:
            config["open_authoring"] = True
        config.update(self.extra)
        return config


@dataclass(frozen=True)
class LocalBackend:
    """A ``decap-server`` on this machine (``greenhouse cms``)."""

    url: str  # e.g. http://127.0.0.1:8081/api/v1
    mode: str = "git"  # git: a cms/... branch per entry; fs: files written straight to content/

    def as_config(self) -> dict[str, Any]:
        return {"url": self.url, "allowed_hosts": ["127.0.0.1", "localhost"]}


def cms_config(
    content: Content,
    backend: Backend,
    *,
    content_folder: str = "content",
    site_url: str | None = None,
    language: str = "en",
    local: LocalBackend | None = None,
) -> dict[str, Any]:
    """The whole Decap configuration, as a dict ready for YAML.

    `content_folder` is the content directory relative to the repository root:
    Decap's folder paths are relative to the repository, not to ``docs_dir``.
    """
    labels = strings(language)
    # The local file-system server cannot hold unpublished entries; everywhere else
    # an edit becomes a branch and a pull request.
    workflow = local is None or local.mode == "git"
    config: dict[str, Any] = {"backend": backend.as_config()}
    if workflow:
        config["publish_mode"] = "editorial_workflow"
    if local is not None:
        config["local_backend"] = local.as_config()
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    config.update(
        locale=language if language in ("en", "sv") else "en",
        # Required by Decap; each collection keeps images beside its files instead.
        media_folder=f"{content_folder}/images",
        public_folder="/images",
        slug={"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        collections=[
            *(
                _collection(type_name, content, content_folder, labels, publish=not workflow)
                for type_name in (*ITEM_TYPES, "person")
            ),
            *(
                _framework_collection(name, content, content_folder, labels, publish=not workflow)
                for name in FRAMEWORK_FILES
            ),
        ],
    )
    return config


#: Option lists at least this long are written once and referred to where they repeat.
SHARED_OPTIONS = 20


def cms_config_yaml(config: dict[str, Any]) -> str:
    """The configuration as the ``config.yml`` Decap reads.

    Long option lists repeat (every item is a possible prerequisite and a path step, every
    person a speaker, facilitator or team member): each is written once, as a YAML anchor
    (``&id001``), and as an alias (``*id001``) where it repeats. That halves the file the
    editor downloads at 5,000 items. Short lists stay where they are, so a reader sees them
    and Decap's parser stays within its limit of 100 aliases of one anchor.
    """
    header = "# Generated from the content model at build time; do not edit.\n"
    # libyaml's emitter writes the same text about five times faster (the options list
    # every item and person, so it grows with the site).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    shared = _share_long_options(config)
    return header + yaml.dump(shared, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def _share_long_options(value: Any, seen: dict[str, list[Any]] | None = None) -> Any:
    """A copy of `value` in which equal option lists of `SHARED_OPTIONS` entries or more
    are one list (PyYAML writes a list it meets twice as an anchor and aliases)."""
    seen = {} if seen is None else seen
    if isinstance(value, dict):
        copy = {
            key: v if key == "options" else _share_long_options(v, seen) for key, v in value.items()
        }
        options = copy.get("options")
        if isinstance(options, list) and len(options) >= SHARED_OPTIONS:
            copy["options"] = seen.setdefault(json.dumps(options, sort_keys=True), options)
        return copy
    if isinstance(value, list):
        return [_share_long_options(v, seen) for v in value]
    return value


def _collection(
    type_name: str,
    content: Content,
    content_folder: str,
    labels: Mapping[str, str],
    *,
    publish: bool,
) -> dict[str, Any]:
    folder = TYPE_FOLDERS[type_name]
    model = Person if type_name == "person" else Item
    identifier = "name" if type_name == "person" else "title"
    fields = [_field(s, type_name, content, labels=labels) for s in specs(model, type_name)]
    fields.append({"label": "Body", "name": "body", "widget": "markdown", "required": False})
    collection: dict[str, Any] = {
        "name": folder,
        "label": labels.get(f"type_{type_name}", type_name.title()),
        "folder": f"{content_folder}/{folder}",
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": identifier,
        "summary": f"{{{{{identifier}}}}}",
        "extension": "md",
        "format": "frontmatter",
        # Images sit beside the files and are referenced relative to them.
        "media_folder": "images",
        "public_folder": "images",
        "editor": {"preview": False},
        "fields": fields,
    }
    if not publish:
        collection["publish"] = False
    return collection


def _framework_collection(
    name: str,
    content: Content,
    content_folder: str,
    labels: Mapping[str, str],
    *,
    publish: bool,
) -> dict[str, Any]:
    """A framework file as a Decap `files` collection: one form for the whole file."""
    label = labels.get(name, name.title())
    collection: dict[str, Any] = {
        "name": name,
        "label": label,
        "format": "yml",
        "editor": {"preview": False},
        "files": [
            {
                "name": name,
                "label": label,
                "file": f"{content_folder}/{FRAMEWORK_FILES[name]}",
                "fields": [_field(s, name, content, labels=labels) for s in specs(Framework, name)],
            }
        ],
    }
    if not publish:
        collection["publish"] = False
    return collection


def _field(
    s: FieldSpec, type_name: str, content: Content, *, labels: Mapping[str, str] = ENGLISH
) -> dict[str, Any]:
    widget = {
        "label": _label(s.name),
        "name": s.name,
        "required": s.required_for(type_name),
        "hint": s.help,
    }
    widget.update(_widget(s, content, labels))
    if widget["required"] and widget.get("multiple"):
        # Decap sets an empty list on a required multi-select as the form opens, which
        # marks an untouched new entry as changed ("UNSAVED CHANGES"); starting from
        # the empty list changes nothing it writes.
        widget["default"] = []
    return widget


def _widget(s: FieldSpec, content: Content, labels: Mapping[str, str]) -> dict[str, Any]:
    """Decap's widget and its options for one field."""
    kind = s.kind
    if kind == "list" and s.of is not None:
        return _list_widget(s, content, labels)
    if kind == "object" and s.model is not None:
        name = s.model.__name__.lower()
        return {
            "widget": "object",
            "collapsed": False,
            "fields": [_field(sub, name, content, labels=labels) for sub in specs(s.model, name)],
        }
    if kind in ("enum", "language", "timezone", "ref"):
        return {"widget": "select", "options": _options(s, content, labels)}
    if kind == "levels":
        return _levels_widget(s, content, labels)
    if kind == "text":
        return {"widget": "text", **_length_pattern(s, multiline=True)}
    if kind in ("integer", "number"):
        number: dict[str, Any] = {
            "widget": "number",
            "value_type": "int" if kind == "integer" else "float",
        }
        if s.min is not None:
            number["min"] = s.min
        if s.max is not None:
            number["max"] = s.max
        return number
    if kind == "datetime":
        return {
            "widget": "datetime",
            "format": DATETIME_FORMAT,
            "date_format": DATE_FORMAT,
            "time_format": "HH:mm",
            "picker_utc": False,
        }
    if kind == "date":
        return {
            "widget": "datetime",
            "format": DATE_FORMAT,
            "date_format": DATE_FORMAT,
            "time_format": False,
            "picker_utc": False,
        }
    if kind == "image":
        return {"widget": "image", "choose_url": False}
    widget: dict[str, Any] = {"widget": "string"}
    if kind in PATTERNS:
        widget["pattern"] = list(PATTERNS[kind])
    elif kind == "string":
        widget.update(_length_pattern(s, multiline=False))
    return widget


def _levels_widget(s: FieldSpec, content: Content, labels: Mapping[str, str]) -> dict[str, Any]:
    """A mapping as an object of optional fields, so the file keeps its shape: what each
    level looks like (a competency's), or each competency's expected level (a step's)."""
    if s.ref == "competency":
        fields = [
            {
                "label": c.name,
                "name": c.id,
                "required": False,
                "widget": "select",
                "options": _labelled("level", LEVELS, labels),
            }
            for c in content.framework.competencies.values()
        ]
    else:
        fields = [
            {"label": _label(level), "name": level, "required": False, "widget": "text"}
            for level in LEVELS
        ]
    return {"widget": "object", "collapsed": True, "fields": fields}


def _list_widget(s: FieldSpec, content: Content, labels: Mapping[str, str]) -> dict[str, Any]:
    assert s.of is not None
    of = s.of
    if of.kind == "ref":
        # A multi-select of known ids: only references that resolve can be chosen.
        widget: dict[str, Any] = {
            "widget": "select",
            "multiple": True,
            "options": _options(of, content, labels),
        }
    elif of.kind == "object" and of.model is not None:
        name = of.model.__name__.lower()
        sub_fields = [_field(sub, name, content, labels=labels) for sub in specs(of.model, name)]
        widget = {
            "widget": "list",
            # "1 session" and "Add session", not "1 sessions".
            "label_singular": _singular(_label(s.name)),
            "collapsed": False,
            "summary": "{{fields." + sub_fields[0]["name"] + "}}",
            "fields": sub_fields,
        }
    else:
        widget = {"widget": "list", "allow_add": True}
    if s.min is not None:
        widget["min"] = s.min
    if s.max is not None:
        widget["max"] = s.max
    return widget


def _options(s: FieldSpec, content: Content, labels: Mapping[str, str]) -> list[Any]:
    """Select options: the spec's choices, or ids from the content (labelled by name)."""
    if s.kind == "enum":
        return _labelled(s.name, s.choices, labels)
    if s.kind == "language":
        return _labelled("language", content.settings.languages, labels)
    if s.kind == "timezone":
        return _timezones()
    framework = content.framework
    if s.ref == "competency":
        return [
            {"label": f"{c.name} ({area.name})", "value": c.id}
            for area in framework.areas
            for c in area.competencies
        ]
    if s.ref == "person":
        return [
            {"label": person.name, "value": person_id}
            for person_id, person in sorted(content.people.items())
        ]
    if s.ref == "item":
        return [
            # Published items only: a draft's title must not reach the public config.
            {"label": f"{item.title} ({item.id})", "value": item.id}
            for item in content.published
        ]
    if s.ref == "track":
        return [{"label": t.name, "value": t.id} for t in framework.tracks]
    raise ValueError(f"no options for {s.name} ({s.kind}, {s.ref})")


def _labelled(name: str, values: Iterable[str], labels: Mapping[str, str]) -> list[dict[str, str]]:
    """Options labelled as the portal shows them ("In person" for ``in-person``), from
    the site language's strings when it has one for every value, else readably."""
    values = list(values)
    if all(f"{name}_{value}" in labels for value in values):
        return [{"label": labels[f"{name}_{value}"], "value": value} for value in values]
    return [{"label": value.replace("-", " ").capitalize(), "value": value} for value in values]


def _singular(label: str) -> str:
    return label[:-1] if label.endswith("s") and not label.endswith("ss") else label


@cache
def _timezones() -> list[str]:
    # Only Area/City names: the legacy aliases (EST5EDT, Etc/GMT+3) are not what people pick.
    return sorted(
        z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
    )


def _length_pattern(s: FieldSpec, *, multiline: bool) -> dict[str, Any]:
    if s.min is None and s.max is None:
        return {}
    low = int(s.min or 0)
    high = "" if s.max is None else str(int(s.max))
    any_char = "[\\s\\S]" if multiline else "."
    if s.max is None:
        message = f"At least {low} characters"
    elif s.min is None:
        message = f"At most {high} characters"
    else:
        message = f"{low} to {high} characters"
    return {"pattern": [f"^{any_char}{{{low},{high}}}$", message]}


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()
