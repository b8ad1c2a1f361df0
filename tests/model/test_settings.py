"""Site settings: checked with clear messages, inherited like MkDocs, one notion of "now"."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from greenhouse.cli import main, read_config
from greenhouse.model import Settings
from greenhouse.model.settings import SettingsError
from greenhouse_testing import REPO, run_build


def test_a_misspelt_time_zone_is_named_with_a_suggestion() -> None:
    with pytest.raises(
        SettingsError,
        match=r"timezone: 'Europe/Stokholm' is not an IANA time zone \(did you mean 'Europe/Stockholm'\?\)",
    ):
        Settings.from_options({"timezone": "Europe/Stokholm"})


def test_the_content_default_language_is_its_own_setting() -> None:
    assert Settings.from_options({}).default_language == "en"
    assert Settings.from_options({"default_language": "sv"}).default_language == "sv"
    with pytest.raises(
        SettingsError, match=r"default_language: 'de' is not one of languages \(en, sv\)"
    ):
        Settings.from_options({"default_language": "de"})


def test_languages_must_be_codes() -> None:
    with pytest.raises(SettingsError, match="must be language codes"):
        Settings.from_options({"languages": ["English"]})


@pytest.mark.parametrize(
    ("fixed", "expected"),
    [
        ("2026-11-22T12:00", "2026-11-22T12:00:00+01:00"),
        ("2026-06-01T12:00Z", "2026-06-01T12:00:00+00:00"),
    ],
)
def test_now_is_fixed_in_the_site_zone(fixed: str, expected: str) -> None:
    assert Settings().resolve_now(fixed).isoformat() == expected


def test_an_unreadable_now_is_a_clear_error() -> None:
    with pytest.raises(SettingsError, match="'tomorrow' is not an ISO 8601 date and time"):
        Settings().resolve_now("tomorrow")


def test_inherited_settings_are_read_as_mkdocs_reads_them(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: pages\ntheme:\n  language: sv\n"
        f"  custom_dir: {REPO / 'overrides'}\n"
        "plugins:\n  - greenhouse/content:\n      languages: [sv, en]\n      timezone: Europe/Helsinki\n",
        encoding="utf-8",
    )
    settings, docs_dir, site_dir = read_config(tmp_path / "mkdocs.yml")
    # A Swedish interface leaves the content's default language alone.
    assert settings == Settings(
        languages=("sv", "en"), default_language="en", timezone="Europe/Helsinki"
    )
    assert docs_dir == tmp_path / "pages"
    assert site_dir == tmp_path / "site"


def test_the_build_and_the_cli_report_bad_settings_without_a_traceback(mini_site: Path) -> None:
    config = mini_site / "mkdocs.yml"
    config.write_text(
        config.read_text() + "plugins:\n  - greenhouse/content:\n      timezone: Europe/Stokholm\n"
    )
    result = run_build(mini_site)
    assert result.returncode == 1
    assert "did you mean 'Europe/Stockholm'?" in result.stderr
    assert "Traceback" not in result.stderr
    cli = CliRunner().invoke(main, ["-f", str(config), "validate"])
    assert cli.exit_code == 2
    assert "did you mean 'Europe/Stockholm'?" in cli.stderr


def test_a_bad_now_stops_the_build_with_its_reason(mini_site: Path) -> None:
    result = run_build(mini_site, env={"GREENHOUSE_NOW": "tomorrow"})
    assert result.returncode == 1
    assert "'tomorrow' is not an ISO 8601 date and time" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_framework_keys_are_reported(tmp_path: Path) -> None:
    import shutil

    from greenhouse.model import load_content

    shutil.copytree(REPO / "tests" / "fixtures" / "mini" / "content", tmp_path / "content")
    file = tmp_path / "content" / "framework" / "competencies.yml"
    file.write_text(
        file.read_text().replace(
            "        description: Writing idiomatic", "        descripton: Writing idiomatic"
        )
    )
    problems = [str(p) for p in load_content(tmp_path / "content", Settings()).problems]
    assert problems == [
        "content/framework/competencies.yml:8: areas[0].competencies[0].descripton: "
        "is not a field here (fields: id, name, description, levels) (did you mean 'description'?)"
    ]


def test_an_env_value_in_mkdocs_yml_reaches_validate(
    mini_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI reads mkdocs.yml as MkDocs does: `!ENV` is honoured, not taken as text."""
    config = mini_site / "mkdocs.yml"
    config.write_text(
        config.read_text()
        + "plugins:\n  - greenhouse/content:\n"
        + "      languages: [en, sv, !ENV [GREENHOUSE_TEST_LANGUAGE, sv]]\n"
    )
    course = mini_site / "content" / "courses" / "kotlin-basics.md"
    course.write_text(course.read_text().replace("---\n", "---\nlanguage: fi\n", 1))
    monkeypatch.chdir(mini_site)
    without = CliRunner().invoke(main, ["validate"])
    assert without.exit_code == 1
    assert "language: 'fi' is not one of the site's languages (en, sv, sv)" in without.stdout
    monkeypatch.setenv("GREENHOUSE_TEST_LANGUAGE", "fi")
    with_env = CliRunner().invoke(main, ["validate"])
    assert with_env.exit_code == 0, with_env.output


def test_the_plugin_options_are_the_settings_declared_in_the_model() -> None:
    from greenhouse.model.settings import setting_options
    from greenhouse.plugins.content.config import ContentConfig

    options = setting_options()
    config = ContentConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    defaults = {
        o.name: list(o.default) if isinstance(o.default, tuple) else o.default for o in options
    }
    assert list(dict(config).items()) == list(defaults.items())
    assert Settings.from_options(dict(config)) == Settings()


def test_an_option_of_the_wrong_type_is_named_by_the_cli(mini_site: Path) -> None:
    config = mini_site / "mkdocs.yml"
    config.write_text(
        config.read_text() + "plugins:\n  - greenhouse/content:\n      languages: en\n"
    )
    result = CliRunner().invoke(main, ["-f", str(config), "validate"])
    assert result.exit_code == 2
    assert "option 'languages'" in result.stderr
    assert "Traceback" not in result.stderr
