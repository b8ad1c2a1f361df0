"""The generated Decap configuration matches the content model, field by field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from greenhouse.cms import DECAP_CMS_VERSION, Backend, LocalBackend, cms_config, cms_config_yaml
from greenhouse.cms.bundle import Bundle, find_bundle
from greenhouse.cms.config import DATETIME_FORMAT, SHARED_OPTIONS
from greenhouse.model import Settings, load_content
from greenhouse.model.fields import ITEM_TYPES, FieldSpec, specs
from greenhouse.model.types import TYPE_FOLDERS, Item, Person, Session

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini" / "content"
TYPES = (*ITEM_TYPES, "person")
BACKEND = Backend(repo="acme/greenhouse", base_url="https://oauth.acme.example")


@pytest.fixture(scope="module")
def content():
    result = load_content(MINI, Settings())
    assert result.ok, result.problems
    return result.content


@pytest.fixture(scope="module")
def config(content):
    return cms_config(content, BACKEND)


def collection(config, type_name: str) -> dict:
    folder = TYPE_FOLDERS[type_name]
    return next(c for c in config["collections"] if c["name"] == folder)


def model_specs(type_name: str) -> list[FieldSpec]:
    return list(specs(Person if type_name == "person" else Item, type_name))


def every_field(fields: list[dict], model: type, type_name: str, path: str = ""):
    """(path, widget, spec) for each configured field and its nested fields."""
    by_name = {s.name: s for s in specs(model, type_name)}
    for widget in fields:
        if widget["name"] == "body":
            continue
        s = by_name[widget["name"]]
        yield f"{path}{s.name}", widget, s
        nested = s.of if s.kind == "list" and s.of and s.of.kind == "object" else s
        if nested.kind == "object":
            name = nested.model.__name__.lower()
            yield from every_field(widget["fields"], nested.model, name, f"{path}{s.name}.")


@pytest.mark.parametrize("type_name", TYPES)
def test_every_field_of_the_model_appears_once_in_contract_order(config, type_name):
    fields = collection(config, type_name)["fields"]
    names = [f["name"] for f in fields]
    assert names == [s.name for s in model_specs(type_name)] + ["body"]
    assert fields[-1]["widget"] == "markdown"


@pytest.mark.parametrize("type_name", TYPES)
def test_required_flags_and_hints_come_from_the_specs(config, type_name):
    model = Person if type_name == "person" else Item
    seen = list(every_field(collection(config, type_name)["fields"], model, type_name))
    assert seen
    for path, widget, s in seen:
        owner = type_name if "." not in path else widget_owner(s)
        assert widget["required"] is s.required_for(owner), path
        assert widget["hint"] == s.help, path


def widget_owner(s: FieldSpec) -> str:
    return next(iter(s.types))


EXPECTED_WIDGETS = {
    "string": "string",
    "text": "text",
    "enum": "select",
    "integer": "number",
    "number": "number",
    "duration": "string",
    "url": "string",
    "contact": "string",
    "datetime": "datetime",
    "date": "datetime",
    "timezone": "select",
    "rrule": "string",
    "language": "select",
    "currency": "string",
    "edition": "string",
    "image": "image",
    "ref": "select",
    "object": "object",
}


@pytest.mark.parametrize("type_name", TYPES)
def test_each_kind_gets_its_widget(config, type_name):
    model = Person if type_name == "person" else Item
    for path, widget, s in every_field(collection(config, type_name)["fields"], model, type_name):
        if s.kind == "list":
            assert s.of is not None
            if s.of.kind == "ref":
                assert (widget["widget"], widget["multiple"]) == ("select", True), path
            else:
                assert widget["widget"] == "list", path
            assert widget.get("min") == s.min and widget.get("max") == s.max, path
        else:
            assert widget["widget"] == EXPECTED_WIDGETS[s.kind], path
            if s.kind == "enum":
                assert options(widget) == list(s.choices), path


def options(widget: dict) -> list[str]:
    return [o["value"] if isinstance(o, dict) else o for o in widget["options"]]


def find(fields: list[dict], dotted: str) -> dict:
    head, _, rest = dotted.partition(".")
    widget = next(f for f in fields if f["name"] == head)
    return find(widget["fields"], rest) if rest else widget


@pytest.mark.parametrize(
    ("type_name", "field", "source"),
    [
        ("course", "competencies", "competencies"),
        ("project", "looking_for", "competencies"),
        ("person", "mentoring.competencies", "competencies"),
        ("talk", "speakers", "people"),
        ("workshop", "facilitators", "people"),
        ("project", "team", "people"),
        ("workshop", "prerequisites", "items"),
        ("path", "steps", "items"),
        ("path", "audience.track", "tracks"),
    ],
)
def test_references_can_only_be_ids_that_resolve(config, content, type_name, field, source):
    ids = {
        "competencies": list(content.framework.competencies),
        "people": sorted(content.people),
        "items": sorted(content.items),
        "tracks": [t.id for t in content.framework.tracks],
    }[source]
    assert ids
    widget = find(collection(config, type_name)["fields"], field)
    assert sorted(options(widget)) == sorted(ids)


def test_sessions_are_a_list_of_objects_with_iso_datetimes(config):
    sessions = find(collection(config, "workshop")["fields"], "sessions")
    assert sessions["widget"] == "list"
    assert [f["name"] for f in sessions["fields"]] == [s.name for s in specs(Session, "session")]
    start = find(sessions["fields"], "start")
    assert (start["widget"], start["format"], start["picker_utc"]) == (
        "datetime",
        DATETIME_FORMAT,
        False,
    )
    assert start["required"] is True


def test_every_edit_becomes_a_pull_request(config):
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {
        "name": "github",
        "repo": "acme/greenhouse",
        "branch": "main",
        "base_url": "https://oauth.acme.example",
    }
    assert "local_backend" not in config
    folders = [c for c in config["collections"] if "folder" in c]
    for c in config["collections"]:
        assert c["publish"] is False, c["name"]
    for c in folders:
        assert c["create"] is True
        assert (c["extension"], c["format"], c["slug"]) == ("md", "frontmatter", "{{slug}}")
        assert c["folder"] == f"content/{c['name']}"
    assert {c["name"] for c in folders} == set(TYPE_FOLDERS.values())


@pytest.mark.parametrize(
    ("name", "top", "entry_fields"),
    [
        ("competencies", "areas", ["id", "name", "description", "competencies"]),
        ("careers", "tracks", ["id", "name", "discipline", "steps"]),
    ],
)
def test_each_framework_file_is_a_files_collection(config, content, name, top, entry_fields):
    collection = next(c for c in config["collections"] if c["name"] == name)
    (file,) = collection["files"]
    assert file["file"] == f"content/framework/{name}.yml"
    assert collection["format"] == "yml"
    (field,) = file["fields"]
    assert (field["name"], field["widget"], field["required"]) == (top, "list", True)
    assert [f["name"] for f in field["fields"]] == entry_fields
    assert field["fields"][0]["pattern"][0] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    if name == "careers":
        steps = field["fields"][3]
        expects = next(f for f in steps["fields"] if f["name"] == "expects")
        # One optional level per competency: the file keeps its {kotlin: intro} shape.
        assert [f["name"] for f in expects["fields"]] == list(content.framework.competencies)
        assert options(expects["fields"][0]) == ["intro", "intermediate", "advanced"]


def test_open_authoring_and_gitlab_pkce_pass_through(content):
    github = cms_config(content, Backend(repo="a/b", open_authoring=True))
    assert github["backend"]["open_authoring"] is True
    gitlab = cms_config(content, Backend(name="gitlab", repo="a/b", auth_type="pkce", app_id="42"))
    assert gitlab["backend"] == {
        "name": "gitlab",
        "repo": "a/b",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "42",
    }


@pytest.mark.parametrize(("mode", "workflow"), [("git", True), ("fs", False)])
def test_local_backend_only_under_greenhouse_cms(content, mode, workflow):
    local = LocalBackend(url="http://127.0.0.1:9999/api/v1", mode=mode)
    config = cms_config(content, BACKEND, local=local)
    assert config["local_backend"]["url"] == local.url
    # The file-system server has no branches: there, saving writes content/ directly.
    assert ("publish_mode" in config) is workflow
    assert all(("publish" in c) is workflow for c in config["collections"])


def test_the_yaml_reads_back_as_the_config(config):
    assert yaml.safe_load(cms_config_yaml(config)) == config


def test_the_yaml_is_the_text_the_pure_python_emitter_writes(config, monkeypatch):
    # The fast libyaml emitter is used when present; the file must not change with it.
    fast = cms_config_yaml(config)
    monkeypatch.delattr(yaml, "CSafeDumper")
    assert cms_config_yaml(config) == fast


def test_long_option_lists_are_written_once_and_short_ones_where_they_are():
    people = [{"label": f"Person {n}", "value": f"p{n}"} for n in range(SHARED_OPTIONS)]
    levels = [{"label": "Intro", "value": "intro"}, {"label": "Expert", "value": "expert"}]
    fields = [
        {"name": "speakers", "widget": "select", "options": people},
        {"name": "team", "widget": "select", "options": [dict(p) for p in people]},
        {"name": "level", "widget": "select", "options": levels},
        {"name": "expects", "widget": "select", "options": [dict(v) for v in levels]},
    ]
    config = {"collections": [{"name": "talks", "fields": fields}]}
    text = cms_config_yaml(config)
    assert yaml.safe_load(text) == config
    assert text.count("Person 7") == 1
    assert re.findall(r"options: ([&*]id\d+)", text) == ["&id001", "*id001"]
    assert text.count("label: Intro") == 2
    # Sharing copies: the configuration itself is left as it was.
    assert fields[1]["options"] is not people


def test_the_pinned_bundle_version_is_the_one_setup_fetches():
    package = json.loads((REPO / "scripts/node/package.json").read_text(encoding="utf-8"))
    assert package["greenhouse"]["vendor"]["decap-cms"]["version"] == DECAP_CMS_VERSION
    assert all(v[0].isdigit() for v in package["dependencies"].values()), "pin exact versions"


def test_the_bundle_serves_scripts_chunks_and_wasm_but_no_source_maps(tmp_path):
    names = [
        "decap-cms.js",
        "decap-cms.js.map",
        "12.decap-cms.js",
        "12.cms.js",
        "cms.js",
        "ab.wasm",
        "decap-cms.js.LICENSE.txt",
        "README.md",
    ]
    for name in names:
        (tmp_path / name).write_text("x")
    (tmp_path / "VERSION").write_text("3.0.0\n")
    bundle = find_bundle(str(tmp_path), Path("/"))
    assert bundle == Bundle(tmp_path.resolve(), "3.0.0")
    assert sorted(bundle.files()) == sorted(
        ["decap-cms.js", "12.decap-cms.js", "ab.wasm", "decap-cms.js.LICENSE.txt"]
    )
    assert find_bundle(str(tmp_path / "missing"), Path("/")) is None


@pytest.mark.parametrize(
    ("language", "field", "expected"),
    [
        ("en", "level", {"intro": "Intro", "intermediate": "Intermediate"}),
        ("en", "format", {"in-person": "In person", "self-paced": "Self-paced"}),
        ("en", "status", {"draft": "Draft", "archived": "Archived"}),
        ("en", "language", {"en": "English"}),
        ("sv", "level", {"intermediate": "Fortsättning"}),
        ("sv", "format", {"in-person": "På plats"}),
    ],
)
def test_options_are_labelled_as_the_portal_shows_them(content, language, field, expected):
    config = cms_config(content, BACKEND, language=language)
    widget = find(collection(config, "workshop")["fields"], field)
    labels = {o["value"]: o["label"] for o in widget["options"]}
    assert {value: labels[value] for value in expected} == expected


def test_a_list_of_sessions_counts_one_session(config):
    sessions = find(collection(config, "workshop")["fields"], "sessions")
    assert sessions["label_singular"] == "Session"


def test_required_multi_selects_start_empty_so_a_new_form_is_unchanged(config):
    for type_name in TYPES:
        for widget in collection(config, type_name)["fields"]:
            if widget.get("multiple"):
                assert widget.get("default") == ([] if widget["required"] else None), widget
