"""The greenhouse CLI as contributors and CI use it: exit codes, formats, new then validate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenhouse.cli import main

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "bad" / "content"


@pytest.fixture
def run(mini_site: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(mini_site)

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def break_a_file(site: Path) -> None:
    shutil.copy(GOLDEN / "workshops" / "typo-competency.md", site / "content" / "workshops")


def test_validate_ok(run) -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "✓ valid: 7 items, 2 people" in result.stderr


def test_validate_text(run, mini_site: Path) -> None:
    break_a_file(mini_site)
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "content/workshops/typo-competency.md:4: competencies[0]: 'kotlinn' is not in "
        "content/framework/competencies.yml (did you mean 'kotlin'?)\n"
    )


def test_validate_github_annotations(run, mini_site: Path) -> None:
    break_a_file(mini_site)
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "::error file=content/workshops/typo-competency.md,line=4,title=competencies[0]::"
        "competencies[0]: 'kotlinn' is not in"
    )


def test_validate_json(run, mini_site: Path) -> None:
    break_a_file(mini_site)
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "content/workshops/typo-competency.md",
            "line": 4,
            "field": "competencies[0]",
            "message": "'kotlinn' is not in content/framework/competencies.yml (did you mean 'kotlin'?)",
        }
    ]


def test_validate_only_the_given_paths(run, mini_site: Path) -> None:
    break_a_file(mini_site)
    assert run("validate", "content/courses").exit_code == 0
    assert run("validate", "content/workshops/typo-competency.md").exit_code == 1
    assert run("validate", "content/workshops/").exit_code == 1


@pytest.mark.parametrize(
    "args", [["validate", "content/nope.md"], ["validate", "--format", "xml"], ["new", "essay"]]
)
def test_usage_errors_exit_2(run, args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_no_mkdocs_yml_is_a_clear_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "no mkdocs.yml here or above" in result.stderr


def test_new_by_flags_writes_a_file_that_validates(run, mini_site: Path) -> None:
    result = run(
        "new",
        "workshop",
        "--title",
        "Åsa's öl & Kotlin",
        "--summary",
        "Beer-free Kotlin.",
        "-c",
        "kotlin",
        "-c",
        "testing",
        "--level",
        "intro",
        "--format",
        "in-person",
        "--person",
        "asa-lindqvist",
        "--date",
        "2027-05-04T15:00",
        "--duration",
        "1h30m",
        "--location",
        "Stockholm, room Echo",
    )
    assert result.exit_code == 0, result.output
    written = (mini_site / "content" / "workshops" / "asas-ol-kotlin.md").read_text(
        encoding="utf-8"
    )
    assert written.startswith(
        "---\ntitle: Åsa's öl & Kotlin\nsummary: Beer-free Kotlin.\n"
        "competencies: [kotlin, testing]\nlevel: intro\nformat: in-person\nduration: 90\n"
        "facilitators: [asa-lindqvist]\nsessions:\n  - start: 2027-05-04T15:00\n"
        "    location: Stockholm, room Echo\n---\n"
    )
    assert run("validate").exit_code == 0


@pytest.mark.parametrize(
    ("type_name", "args"),
    [
        ("course", ["--level", "intro", "--format", "self-paced"]),
        (
            "talk",
            [
                "--level",
                "advanced",
                "--format",
                "online",
                "-p",
                "omar-haddad",
                "--date",
                "2027-01-01 10:00",
                "--duration",
                "45",
            ],
        ),
        ("project", ["--edition", "2026-autumn", "-p", "omar-haddad"]),
        (
            "path",
            [
                "--level",
                "intro",
                "--step",
                "courses/kotlin-basics",
                "--step",
                "workshops/intro-to-kotlin",
            ],
        ),
    ],
)
def test_new_every_type_validates(run, type_name: str, args: list[str]) -> None:
    result = run(
        "new",
        type_name,
        "--title",
        f"A new {type_name}",
        "--summary",
        "Short.",
        "-c",
        "kotlin",
        *args,
    )
    assert result.exit_code == 0, result.output
    assert run("validate").exit_code == 0


def test_new_person(run, mini_site: Path) -> None:
    assert run("new", "person", "--name", "Zoë Nyström").exit_code == 0
    assert (
        (mini_site / "content" / "people" / "zoe-nystrom.md")
        .read_text()
        .startswith("---\nname: Zoë Nyström\n---\n")
    )


def test_new_asks_in_a_terminal(run, mini_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("greenhouse.cli.new._interactive", lambda: True)
    # title, summary, competencies, level, format, language (Enter: the default),
    # duration, facilitators, first session's start and location (Enter: none)
    answers = "Pairing on tests\nTwo people, one test suite.\ntesting\nintro\nin-person\n\n90\nasa-lindqvist\n2027-02-02T10:00\n\n"
    result = run("new", "workshop", input=answers)
    assert result.exit_code == 0, result.output
    assert (
        (mini_site / "content" / "workshops" / "pairing-on-tests.md")
        .read_text()
        .startswith(
            "---\ntitle: Pairing on tests\nsummary: Two people, one test suite.\n"
            "competencies: [testing]\nlevel: intro\nformat: in-person\nduration: 90\n"
            "facilitators: [asa-lindqvist]\nsessions:\n  - start: 2027-02-02T10:00\n---\n"
        )
    )
    assert run("validate").exit_code == 0


def test_new_asks_again_until_each_answer_is_right(
    run, mini_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("greenhouse.cli.new._interactive", lambda: True)
    answers = [
        "Ab",  # too short
        "Pairing on tests",
        "",  # required
        "Two people, one test suite.",
        "testing, kotlinn",  # a typo in a competency id
        "testing, kotlin",
        "beginner",  # not a level
        "intro",
        "in-persn",
        "in-person",
        "fi",  # not a language of the site
        "sv",
        "ninety",
        "1h30m",
        "omar-hadad",  # a typo in a person id
        "omar-haddad, asa-lindqvist",
        "asa-lindqvist",  # a person id where a date belongs
        "2027-02-02",  # a date without a time
        "2027-02-02T10:00",
        "Stockholm, room Echo",
    ]
    result = run("new", "workshop", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    messages = result.stderr
    for expected in [
        "title: is too short (2 characters; at least 3)",
        "summary: is required: Plain text, at most 280 characters; shown on cards.",
        "competencies[1]: 'kotlinn' is not in content/framework/competencies.yml "
        "(did you mean 'kotlin'?)",
        "level: 'beginner' is not one of intro, intermediate, advanced",
        "format: 'in-persn' is not one of in-person, online, hybrid, self-paced "
        "(did you mean 'in-person'?)",
        "language: 'fi' is not one of the site's languages (en, sv)",
        "duration: 'ninety' is not a duration; write minutes (90) or 1h30m",
        "facilitators[0]: 'omar-hadad' is not in content/people/ (did you mean 'omar-haddad'?)",
        "sessions[0].start: 'asa-lindqvist' is not a date and time; write e.g. 2027-03-04T09:00",
        "sessions[0].start: needs a time as well as the date, e.g. 2027-02-02T09:00",
    ]:
        assert expected in messages
    assert "asa-lindqvistT09:00" not in messages
    written = (mini_site / "content" / "workshops" / "pairing-on-tests.md").read_text()
    assert written.startswith(
        "---\ntitle: Pairing on tests\nsummary: Two people, one test suite.\n"
        "competencies: [testing, kotlin]\nlevel: intro\nformat: in-person\nlanguage: sv\n"
        "duration: 90\nfacilitators: [omar-haddad, asa-lindqvist]\nsessions:\n"
        "  - start: 2027-02-02T10:00\n    location: Stockholm, room Echo\n---\n"
    )
    assert run("validate").exit_code == 0


def test_new_writes_no_duration_nobody_chose(
    run, mini_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("greenhouse.cli.new._interactive", lambda: True)
    # An online talk; the duration is skipped at first, then asked for by the session.
    answers = "Flows\nFlows without tears.\nkotlin\nintermediate\nonline\n\n\nomar-haddad\n2027-05-04T15:00\n\n45\n"
    result = run("new", "talk", input=answers)
    assert result.exit_code == 0, result.output
    assert "A session needs an end, or the item a duration." in result.stderr
    written = (mini_site / "content" / "academy" / "flows.md").read_text()
    assert "duration: 45\n" in written
    assert "60" not in written


def test_new_by_flags_checks_each_value_like_validate(run, mini_site: Path) -> None:
    result = run(
        "new",
        "talk",
        "--title",
        "Flows",
        "--summary",
        "Flows without tears.",
        "-c",
        "kotlinn",
        "--level",
        "intermediate",
        "--format",
        "online",
        "-p",
        "omar-hadad",
        "--date",
        "erik-johansson",
    )
    assert result.exit_code == 1
    assert (
        "-c/--competency: 'kotlinn' is not in content/framework/competencies.yml "
        "(did you mean 'kotlin'?)" in result.stderr
    )
    assert "'omar-hadad' is not in content/people/ (did you mean 'omar-haddad'?)" in result.stderr
    assert "'erik-johansson' is not a date and time; write e.g. 2027-03-04T09:00" in result.stderr
    assert "erik-johanssonT09:00" not in result.stderr
    assert "--duration (or --end) is required" in result.stderr
    assert not (mini_site / "content" / "academy" / "flows.md").exists()


def test_new_refuses_to_overwrite(run, mini_site: Path) -> None:
    target = mini_site / "content" / "courses" / "kotlin-basics.md"
    before = target.read_text()
    result = run(
        "new",
        "course",
        "--title",
        "Kotlin basics",
        "--summary",
        "x",
        "-c",
        "kotlin",
        "--level",
        "intro",
        "--format",
        "online",
    )
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert target.read_text() == before


def test_new_keeps_nothing_invalid(run, mini_site: Path) -> None:
    result = run(
        "new",
        "course",
        "--title",
        "Bad refs",
        "--summary",
        "x",
        "-c",
        "kotlinn",
        "--level",
        "intro",
        "--format",
        "online",
    )
    assert result.exit_code == 1
    assert "did you mean 'kotlin'?" in result.stderr
    assert not (mini_site / "content" / "courses" / "bad-refs.md").exists()


def test_new_without_a_terminal_names_the_missing_flag(run) -> None:
    result = run("new", "talk", "--title", "No summary")
    assert result.exit_code == 2
    assert "--summary is required" in result.stderr


def test_schema_command(run) -> None:
    schema = json.loads(run("schema").stdout)
    assert set(schema["$defs"]) == {"course", "talk", "project", "workshop", "path", "person"}
    assert json.loads(run("schema", "--type", "workshop").stdout)["title"] == "Greenhouse workshop"
    framework = json.loads(run("schema", "--type", "competencies").stdout)
    assert framework["title"] == "Greenhouse content/framework/competencies.yml"
    assert framework["required"] == ["areas"]


def test_new_offers_an_option_for_every_field_it_can_write(run) -> None:
    from greenhouse.cli.new import TYPES, fields_of

    help_text = " ".join(run("new", "--help").stdout.split())
    for type_name in TYPES:
        for _key, field_spec in fields_of(type_name):
            for flag in field_spec.flags:
                assert f"{flag} " in help_text or f"{flag}," in help_text, flag
    assert "--level intro|intermediate|advanced" in help_text
