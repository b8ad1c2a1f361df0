"""Strings that our templates add, in every site language."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

import yaml

LANGUAGES: tuple[str, ...] = ("en", "sv")


@cache
def strings(language: str) -> Mapping[str, str]:
    """The template strings of `language`, falling back to English for unknown languages."""
    name = language if language in LANGUAGES else "en"
    text = resources.files(__package__).joinpath(f"{name}.yml").read_text(encoding="utf-8")
    return MappingProxyType(yaml.safe_load(text))


class Translator:
    """``t('key')`` in templates; a missing key shows as itself so it is noticed, not hidden."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else "en"
        self._strings = strings(self.language)

    def list(self, key: str) -> list[str]:
        """A list of strings, such as ``months`` or ``weekdays``."""
        value = self._strings.get(key)
        return list(value) if isinstance(value, list) else []

    def __call__(self, key: str, **values: object) -> str:
        text = self._strings.get(key, key)
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values: object) -> str:
        """``key_one`` for one, else ``key_other``, with `n` filled in: "1 seat", "3 seats"."""
        return self(f"{key}_{'one' if n == 1 else 'other'}", n=n, **values)
