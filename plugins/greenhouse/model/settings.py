"""Site settings the content model needs: languages and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PLUGIN_NAME = "greenhouse/content"


@dataclass(frozen=True)
class Settings:
    """What the model needs to know about the site to validate content."""

    languages: tuple[str, ...] = ("en", "sv")
    default_language: str = "en"
    timezone: str = "Europe/Stockholm"

    @classmethod
    def from_options(cls, options: dict[str, Any], default_language: str | None) -> Settings:
        languages = tuple(options.get("languages") or cls.languages)
        language = default_language if default_language in languages else languages[0]
        return cls(
            languages=languages,
            default_language=language,
            timezone=str(options.get("timezone") or cls.timezone),
        )


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


def read_mkdocs_yml(path: Path) -> tuple[Settings, Path, Path]:
    """Settings, the content folder and the site folder, as configured in an ``mkdocs.yml``.

    The CLI uses this so that ``greenhouse validate`` and the build agree on languages
    and time zone without the CLI importing MkDocs.
    """
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    options: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            options = entry[PLUGIN_NAME] or {}
    theme = config.get("theme") or {}
    language = theme.get("language") if isinstance(theme, dict) else None
    docs_dir = path.parent / str(config.get("docs_dir", "docs"))
    site_dir = path.parent / str(config.get("site_dir", "site"))
    return Settings.from_options(options, language), docs_dir, site_dir
