"""Site settings the content model needs: languages and time zone.

Declared once, here: each :class:`Settings` field that is an option of the
``greenhouse/content`` plugin says so (`setting_options`), and the plugin's MkDocs
config class is made from them. The CLI reads them through MkDocs' own loader.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

PLUGIN_NAME = "greenhouse/content"


class SettingsError(ValueError):
    """A site setting in mkdocs.yml (or GREENHOUSE_NOW) that cannot be used."""


def _option(default: Any, help: str) -> Any:
    """A field that is also an option of the plugin in ``mkdocs.yml``; `help` says what
    it does (in the option's documentation)."""
    return field(default=default, metadata={"option_help": help})


@dataclass(frozen=True)
class Settings:
    """What the model needs to know about the site to validate content."""

    languages: tuple[str, ...] = _option(("en", "sv"), "Languages content may be written in.")
    default_language: str = _option(
        "en",
        "The language of an item without `language:`; one of `languages`. Independent of "
        "the interface's language, theme.language.",
    )
    timezone: str = _option(
        "Europe/Stockholm",
        "The site's time zone: sessions without one are in it, and times are shown in it.",
    )
    now: str | None = _option(
        None,
        'Fix "now" (ISO 8601) for reproducible builds; default: the time of the build. '
        "The environment variable GREENHOUSE_NOW overrides it.",
    )

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> Settings:
        """Settings from the greenhouse/content plugin's options, checked. The content's
        default language is its own option, never the interface's (``theme.language``)."""
        languages = tuple(options.get("languages") or cls.languages)
        if not all(
            isinstance(lang, str) and re.fullmatch(r"[a-z]{2,3}", lang) for lang in languages
        ):
            raise SettingsError(
                f"{PLUGIN_NAME}: languages: {list(languages)} must be language codes such as en, sv"
            )
        timezone = str(options.get("timezone") or cls.timezone)
        if timezone not in available_timezones():
            close = difflib.get_close_matches(timezone, available_timezones(), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise SettingsError(
                f"{PLUGIN_NAME}: timezone: '{timezone}' is not an IANA time zone{hint}"
            )
        language = options.get("default_language") or cls.default_language
        if language not in languages:
            raise SettingsError(
                f"{PLUGIN_NAME}: default_language: '{language}' is not one of languages "
                f"({', '.join(languages)})"
            )
        now = options.get("now")
        return cls(
            languages=languages,
            default_language=language,
            timezone=timezone,
            now=str(now) if now else None,
        )

    def resolve_now(self, override: str | None = None) -> datetime:
        """The build's "now": `override` (e.g. GREENHOUSE_NOW), else the configured `now`,
        else the current time; a time without an offset is in the site's time zone."""
        zone = ZoneInfo(self.timezone)
        fixed = override or self.now
        if not fixed:
            return datetime.now(zone)
        try:
            moment = datetime.fromisoformat(fixed.strip())
        except ValueError:
            raise SettingsError(
                f"'{fixed}' is not an ISO 8601 date and time; write e.g. 2026-11-22T12:00"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)


@dataclass(frozen=True)
class SettingOption:
    """One option of the plugin: its name, default and what it does."""

    name: str
    default: Any
    help: str


def setting_options() -> tuple[SettingOption, ...]:
    """The plugin options, from the `Settings` fields that are options, in their order."""
    return tuple(
        SettingOption(f.name, f.default, f.metadata["option_help"])
        for f in fields(Settings)
        if "option_help" in f.metadata
    )
