"""Site settings the content model needs: languages and time zone."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import yaml

PLUGIN_NAME = "greenhouse/content"


class SettingsError(ValueError):
    """A site setting in mkdocs.yml (or GREENHOUSE_NOW) that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """What the model needs to know about the site to validate content."""

    languages: tuple[str, ...] = ("en", "sv")
    default_language: str = "en"
    timezone: str = "Europe/Stockholm"
    now: str | None = None  # a fixed "now" for reproducible builds (ISO 8601)

    @classmethod
    def from_options(cls, options: dict[str, Any], default_language: str | None) -> Settings:
        """Settings from the greenhouse/content plugin's options, checked."""
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
        language = default_language if default_language in languages else None
        now = options.get("now")
        return cls(
            languages=languages,
            default_language=language or languages[0],
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


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its tags (``!ENV``, ``!!python/name:``)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def _load(path: Path) -> dict[str, Any]:
    """An mkdocs.yml with its INHERIT chain merged as MkDocs does (dicts merged, lists replaced)."""
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    parent_name = config.pop("INHERIT", None)
    if not parent_name:
        return config
    parent = _load((path.parent / str(parent_name)).resolve())
    return _merge(parent, config)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_mkdocs_yml(path: Path) -> tuple[Settings, Path, Path]:
    """Settings, the content folder and the site folder, as configured in an ``mkdocs.yml``.

    The CLI uses this so that ``greenhouse validate`` and the build agree on languages
    and time zone without the CLI importing MkDocs. Relative folders are relative to
    `path`, as in MkDocs, also when they come from an inherited file.
    """
    config = _load(path)
    options: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            options = entry[PLUGIN_NAME] or {}
    theme = config.get("theme") or {}
    language = theme.get("language") if isinstance(theme, dict) else None
    docs_dir = path.parent / str(config.get("docs_dir", "docs"))
    site_dir = path.parent / str(config.get("site_dir", "site"))
    return Settings.from_options(options, language), docs_dir, site_dir
